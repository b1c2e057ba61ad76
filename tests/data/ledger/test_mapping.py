"""Column roles: scheduling tools' exports mapped to roles, unresolved and ambiguous roles, the
remembered mapping, and a chosen mapping through a load."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.ledger import (
    ChosenMapping,
    ambiguous_roles,
    detect_tool,
    map_columns,
    mapping_from_text,
    mapping_key,
    mapping_to_text,
    unresolved_roles,
)
from data.load import load_files
from tests.data.reading.helpers import write


def test_tool_exports_map_to_roles() -> None:
    msp = ["ID", "Name", "Start", "Finish", "Baseline Start", "Baseline Finish"]
    msp += ["Actual Start", "Actual Finish", "% Complete"]
    assert detect_tool(msp) == "Microsoft Project"
    assert map_columns(msp, "projects") == {
        "ID": "project_id",
        "Name": "name",
        "Start": "start",
        "Finish": "forecast_end",
        "Baseline Start": "baseline_start",
        "Baseline Finish": "promised_end",
        "Actual Finish": "actual_end",
        "% Complete": "status",
    }
    p6 = ["Activity ID", "Activity Name", "Activity Status", "Baseline Start"]
    p6 += ["Baseline Finish", "Actual Start", "Actual Finish"]
    assert detect_tool(p6) == "Primavera P6"
    assert map_columns(p6, "projects") == {
        "Activity ID": "project_id",
        "Activity Name": "name",
        "Activity Status": "status",
        "Baseline Start": "baseline_start",
        "Baseline Finish": "promised_end",
        "Actual Start": "start",
        "Actual Finish": "actual_end",
    }
    gp = ["ID", "Name", "Begin date", "End date", "Duration", "Completion", "Web Link", "Notes"]
    assert detect_tool(gp) == "GanttProject"
    assert map_columns(gp, "projects") == {
        "ID": "project_id",
        "Name": "name",
        "Begin date": "start",
        "End date": "forecast_end",
        "Completion": "status",
    }


def test_a_header_losing_one_role_takes_another() -> None:
    mapping = map_columns(["Project", "Date", "Description", "Promised"], "events")
    assert mapping == {
        "Project": "name",
        "Date": "date",
        "Description": "text",
        "Promised": "promised",
    }


def test_unresolved_and_ambiguous_roles() -> None:
    headers = ["Project", "Start Date", "start_date"]
    mapping = map_columns(headers, "projects")
    assert unresolved_roles(mapping, "projects") == []
    assert ambiguous_roles(headers, "projects") == {"start": ["Start Date", "start_date"]}
    assert unresolved_roles({"Project": "name"}, "events") == ["date"]
    assert unresolved_roles({}, "events") == ["project_id or name", "date"]


def test_mapping_memory_key_and_text() -> None:
    a = mapping_key(["Projekt", "Datum", "Zusage"])
    assert a == mapping_key(["zusage ", "DATUM", "Projekt"]) and a.startswith("mappings/")
    assert a != mapping_key(["Projekt", "Datum"])
    chosen = ChosenMapping({"Projekt": "name", "Datum": "date", "Zusage": "promised"}, "auto")
    text = mapping_to_text(chosen)
    assert mapping_from_text(text, ["PROJEKT", "Datum", "Zusage"]) == ChosenMapping(
        {"PROJEKT": "name", "Datum": "date", "Zusage": "promised"}, "auto"
    )
    for corrupt in (
        None,
        3,
        "",
        "{",
        "[]",
        '{"Projekt": "bogus"}',
        '{"Other": "name"}',
        '{"roles": {"Projekt": "name"}, "date_order": "sideways"}',
        '{"roles": {"Projekt": "name", "projekt ": "date"}}',
    ):
        assert mapping_from_text(corrupt, ["Projekt"]) is None


def test_mappings_remembered_by_earlier_versions_still_apply() -> None:
    """Settings written before the typed mapping: one {header: role} object, the date order
    under the key "::date order::"."""
    old = '{"Projekt": "name", "Datum": "date", "::date order::": "day-first"}'
    assert mapping_from_text(old, ["projekt", "Datum"]) == ChosenMapping(
        {"projekt": "name", "Datum": "date"}, "day-first"
    )
    assert mapping_from_text('{"Projekt": "name"}', ["Projekt"]) == ChosenMapping(
        {"Projekt": "name"}, None
    )


def test_unresolved_file_reports_and_a_chosen_mapping_loads_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "de.csv",
        "Projekt;Datum;Zusage;Sprecher\nBrücke;2010-01;2012;Bürgermeister\n"
        "Brücke;2011-06;2013-06;Bürgermeister\n",
    )
    ledger = load_files([path])
    f = ledger.report.files[0]
    assert f.unresolved == ["project_id or name", "date"] and f.rows == 0
    assert ledger.report.problems[0].row is None and ledger.report.problems[0].column is None
    chosen = {path: ChosenMapping({"Projekt": "name", "Datum": "date", "Zusage": "promised"})}
    ledger = load_files([path], mappings=chosen)
    f = ledger.report.files[0]
    assert f.unresolved == [] and f.rows == 2 and f.format == "events"
    assert f.mapping_source == "chosen"
    assert list(ledger.projects["project_id"]) == ["Brücke"]
    assert ledger.events["Sprecher"].iloc[0] == "Bürgermeister"  # unmapped → attribute
    assert ledger.report.to_json()["files"][0]["mapping"]["Datum"] == "date"


def test_projects_only_plan_gets_its_finish_as_the_promise_in_force(tmp_path: Path) -> None:
    from data.metrics import snapshot

    path = write(
        tmp_path,
        "plan.csv",
        "ID,Name,Start,Finish,Baseline Finish,Actual Finish,% Complete\n"
        "1,Dam,Mon 10/30/11,Fri 6/27/14,Fri 12/20/13,NA,40%\n"
        "2,Road,Mon 10/30/11,Fri 6/27/14,Fri 12/20/13,Fri 6/27/14,100%\n",
    )
    ledger = load_files([path])
    assert ledger.report.conflicts == [] and ledger.report.problems == []
    metrics = snapshot(ledger, "2100-01-01").metrics.set_index("project_id")
    assert str(metrics.loc["1", "promised_end"].date()) == "2013-12-20"
    assert str(metrics.loc["1", "latest_promise"].date()) == "2014-06-27"
    assert str(metrics.loc["2", "latest_promise"].date()) == "2013-12-20"
    assert any("promise in force" in n for n in ledger.report.files[0].notes)


def test_a_remembered_mapping_tells_alike_headers_apart() -> None:
    """Two headers that normalise alike ("Start Date", "start_date"): each stored header goes
    to the header of its own name, and one that could be either is not guessed."""
    headers = ["id", "Start Date", "start_date"]
    both = ChosenMapping({"id": "project_id", "Start Date": "start", "start_date": "actual_end"})
    assert mapping_from_text(mapping_to_text(both), headers) == both
    either = ChosenMapping({"id": "project_id", "START DATE": "start"})
    assert mapping_from_text(mapping_to_text(either), headers) is None
    # With one such header, the normalised name still finds it.
    assert mapping_from_text(mapping_to_text(either), ["ID", "start date"]) == ChosenMapping(
        {"ID": "project_id", "start date": "start"}
    )


@pytest.mark.parametrize(
    "header",
    [
        "Baseline Start",
        "baseline start date",
        "Target Start",
        "target_start_date",
        "original start",
    ],
)
def test_a_baseline_start_is_its_own_role(header: str) -> None:
    assert map_columns(["ID", header, "Start", "Deadline"], "projects") == {
        "ID": "project_id",
        header: "baseline_start",
        "Start": "start",
        "Deadline": "promised_end",
    }
    # Alone beside the ends, it is not taken for the start either.
    assert map_columns(["ID", header, "Deadline"], "projects")[header] == "baseline_start"


def test_a_planned_start_stays_the_start() -> None:
    assert map_columns(["ID", "Planned Start", "Deadline"], "projects")["Planned Start"] == "start"
