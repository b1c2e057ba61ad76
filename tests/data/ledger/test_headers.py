"""Headers as the world writes them: role words × qualifiers × casings, generated from words that
are not synonyms themselves, each expected role written here; headers that could be two roles,
and roles two headers claim equally, are asked; WBS and outline columns are never the id."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.ledger import (
    EVENT_ROLES,
    PROJECT_ROLES,
    ambiguous_roles,
    map_columns,
    normalise_header,
    unclear_headers,
    unresolved_roles,
)
from data.load import load_files
from tests.data.reading.helpers import write

# Role phrases held out of the synonym lists (checked below), each with the role it names.
PHRASES = [
    (("predicted", "handover"), "forecast_end"),
    (("likely", "closing"), "forecast_end"),
    (("forecasted", "delivery"), "forecast_end"),
    (("latest", "estimated", "opening"), "forecast_end"),
    (("current", "projected", "completion"), "forecast_end"),
    (("contractual", "handover"), "promised_end"),
    (("scheduled", "delivery"), "promised_end"),
    (("initial", "closing"), "promised_end"),
    (("original", "anticipated", "completion"), "promised_end"),
    (("baseline", "opening"), "promised_end"),
    (("actual", "handover"), "actual_end"),
    (("actual", "closing"), "actual_end"),
    (("works", "commencement"), "start"),
    (("board", "approval"), "start"),
    (("construction", "kickoff"), "start"),
    (("initial", "commencement"), "baseline_start"),
    (("original", "kickoff"), "baseline_start"),
    (("data", "last", "reported"), "report_date"),
    (("snapshot", "taken"), "report_date"),
    (("investment", "id"), "project_id"),
    (("scheme", "number"), "project_id"),
    (("work", "package", "code"), "project_id"),
    (("investment", "title"), "name"),
    (("scheme", "name"), "name"),
]
QUALIFIERS = [(), ("date",), ("(month/year)",), ("[dd/mm/yyyy]",), ("date", "(FY)")]


def _styles(words: tuple[str, ...], qualifier: tuple[str, ...]) -> list[str]:
    """One header in every casing and separator: spaces, snake, kebab, camel, Pascal, ALLCAPS."""
    plain = [w for w in (*words, *qualifier) if not w.startswith(("(", "["))]
    bracket = " ".join(w for w in qualifier if w.startswith(("(", "[")))
    tail = f" {bracket}" if bracket else ""
    camel = plain[0] + "".join(w.capitalize() for w in plain[1:])
    return [
        " ".join(w.capitalize() for w in plain) + tail,
        "_".join(plain) + tail,
        "-".join(plain) + tail,
        camel + tail,
        camel[0].upper() + camel[1:] + tail,
        " ".join(plain).upper() + tail,
        "_".join(plain).upper() + tail,
    ]


SYNONYMS = {normalise_header(n) for names in PROJECT_ROLES.values() for n in names}
SYNONYMS |= {normalise_header(n) for names in EVENT_ROLES.values() for n in names}
CASES = [
    (header, role)
    for words, role in PHRASES
    for qualifier in QUALIFIERS
    for header in _styles(words, qualifier)
    if role not in ("project_id", "name") or not qualifier  # a key has no date qualifier
]


def test_the_variants_are_held_out_of_the_synonyms() -> None:
    assert len(CASES) > 400
    assert not [h for h, _ in CASES if normalise_header(h) in SYNONYMS]


@pytest.mark.parametrize(("header", "role"), CASES)
def test_a_variant_is_read_as_its_role(header: str, role: str) -> None:
    assert map_columns([header], "projects") == {header: role}
    assert unclear_headers([header], "projects") == {}


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("ProjID", "project_id"),
        ("proj_no", "project_id"),
        ("est compl date", "forecast_end"),
        ("fcst finish", "forecast_end"),
        ("bl finish", "promised_end"),
        ("latestEstimatedCompletionDate", "forecast_end"),
        ("originalEstimatedCompletionDate", "promised_end"),
        ("planned_completion_date", "promised_end"),
        ("Planned Construction Completion Date (Month/Year)", "promised_end"),
        ("Date the project was reported as of", "report_date"),
        ("Current Estimated Completion Date of the Project", "forecast_end"),
        ("Board Approval Date", "start"),
        ("Closing Date", "forecast_end"),
        ("Original Closing Date", "promised_end"),
        ("Forecast Completion", "forecast_end"),
        ("Expected Completion (Quarter)", "forecast_end"),
        ("Reported As Of", "report_date"),
        ("Updated", "report_date"),
        ("Year", "report_date"),
        ("Status Date", "report_date"),
        ("Data Date", "report_date"),
        ("Reporting Period", "report_date"),
        ("lastUpdated", "report_date"),
    ],
)
def test_headers_of_public_trackers(header: str, role: str) -> None:
    assert map_columns(["Name", header], "projects") == {"Name": "name", header: role}


@pytest.mark.parametrize(
    "header",
    ["Budget ($m)", "Sector Code", "Project Manager Name", "Total Cost (USD)", "Delay (days)"],
)
def test_headers_about_something_else_stay_attributes(header: str) -> None:
    assert map_columns(["ID", header], "projects") == {"ID": "project_id"}
    assert unclear_headers(["ID", header], "projects") == {}


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        ("Start/Finish Date", {"start", "forecast_end"}),
        ("commencement_or_handover", {"start", "forecast_end"}),
        ("reportedCompletionDate", {"report_date", "forecast_end"}),
        ("Projected/Actual Completion", {"actual_end", "forecast_end"}),
        ("Date", {"start", "promised_end", "forecast_end", "actual_end", "report_date"}),
    ],
)
def test_a_header_that_could_be_two_roles_is_asked(header: str, roles: set[str]) -> None:
    headers = ["ID", header]
    assert map_columns(headers, "projects") == {"ID": "project_id"}
    assert set(unclear_headers(headers, "projects")[header]) == roles


def test_a_role_two_headers_claim_by_their_words_is_asked() -> None:
    headers = ["ID", "predictedHandover", "likely_closing", "Actual Finish"]
    mapping = map_columns(headers, "projects")
    assert mapping == {"ID": "project_id", "Actual Finish": "actual_end"}
    ambiguous = ambiguous_roles(headers, "projects")
    assert ambiguous == {"forecast_end": ["predictedHandover", "likely_closing"]}
    assert unresolved_roles(mapping, "projects", ambiguous) == [
        "forecast_end (ambiguous: predictedHandover, likely_closing; not guessed)"
    ]
    # A whole synonym outranks words: no question then.
    headers = ["ID", "predictedHandover", "Forecast Finish"]
    assert map_columns(headers, "projects")["Forecast Finish"] == "forecast_end"
    assert ambiguous_roles(headers, "projects") == {}


@pytest.mark.parametrize(
    "header",
    ["WBS", "WBS Code", "wbsCode", "Outline Number", "OUTLINE_LEVEL"],
)
def test_wbs_and_outline_columns_are_the_group_path_never_the_id(header: str) -> None:
    assert map_columns([header, "Name", "Start"], "projects")[header] == "group_path"
    assert map_columns([header, "Task Name", "Finish"], "projects") == {
        header: "group_path",
        "Task Name": "name",
        "Finish": "forecast_end",
    }


def test_a_plan_with_a_wbs_keeps_it_as_the_group_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "plan.csv",
        "ID,WBS,Name,Start,Finish\n1,1.1,Dig,2020-01-06,2020-02-07\n2,1.2,Pour,2020-02-10,2020-03-06\n",
    )
    ledger = load_files([path])
    assert ledger.report.problems == [] and ledger.report.files[0].unresolved == []
    assert list(ledger.projects["project_id"]) == ["1", "2"]
    assert list(ledger.projects["group_path"]) == ["1.1", "1.2"]


def test_an_unclear_header_is_reported_and_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.csv",
        "ID,Start/Finish Date,Closing Date\nA,2020-01-01,2021-06-30\n",
    )
    ledger = load_files([path])
    f = ledger.report.files[0]
    assert f.mapping == {"ID": "project_id", "Closing Date": "forecast_end"}
    assert f.unresolved == [
        "column 'Start/Finish Date' (ambiguous: forecast_end or start; not guessed)"
    ]
    assert [p.message for p in ledger.report.problems] == [
        "column 'Start/Finish Date' (ambiguous: forecast_end or start; not guessed): kept as "
        "an attribute; choose its role in the mapping dialog"
    ]
    assert list(ledger.projects["Start/Finish Date"]) == ["2020-01-01"]


def test_a_file_whose_date_headers_all_tie_says_which_headers_tied(tmp_path: Path) -> None:
    # The headers of a national infrastructure pipeline: four phases, each with an estimated
    # start and completion quarter. Which completion is "the" finish is the analyst's choice, so
    # nothing loads — and the problem names the tied headers instead of only "no date columns".
    text = (
        "_id,ProjectName,EstimatedQuarterBusinessCaseStart,EstimatedQuarterBusinessCaseCompletion,"
        "EstimatedQuarterConstructionStart,EstimatedQuarterConstructionCompletion\n"
        "1,Scott Base,2019 Q1,2019 Q4,2021 Q3,2027 Q2\n"
    )
    ledger = load_files([write(tmp_path, "pipeline.csv", text)])
    assert len(ledger.projects) == 0
    [problem] = ledger.report.problems
    assert problem.message.startswith("no date columns recognised")
    assert "forecast_end (ambiguous: EstimatedQuarterBusinessCaseCompletion, " in problem.message
    assert "EstimatedQuarterConstructionCompletion; not guessed)" in problem.message
    assert "start (ambiguous: EstimatedQuarterBusinessCaseStart, " in problem.message
