"""Statements joined to the projects table by a name written with another case or spacing
(``data.ledger.joins``): one project found is joined and noted; several are reported, none
joined; none found is a project of its own, listed in a note. Figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table

PROJECTS = (
    "name,start,promised_end,actual_end\n"
    "Berlin Airport,2006-09-05,2011-10-30,2020-10-31\n"
    "Elbphilharmonie,2007-04-02,2010,2017-01-11\n"
    "Tower,2001-01-01,2005-12-31,\n"
    "TOWER,2002-01-01,2006-12-31,\n"
)
EVENTS = (
    "project,date,promised\n"
    "Berlin  airport,2010-06-25,2012-06-03\n"
    "ELBPHILHARMONIE,2008-11-01,2011-05\n"
    "Elbphilharmonie,2009-11-01,2012\n"
    "tower,2003-01-01,2008\n"
    "Stuttgart 21,2009-01-01,2019\n"
)


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def _load(tmp_path: Path):
    (tmp_path / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    return load_files([str(tmp_path / "projects.csv"), str(tmp_path / "events.csv")])


def test_a_name_in_another_case_or_spacing_joins_its_one_project(tmp_path: Path) -> None:
    ledger = _load(tmp_path)
    rows = metrics_table(snapshot(ledger, "2021-01-01")).set_index("project_id")
    # The four table projects, then "tower" (several projects: not joined) and "Stuttgart 21"
    # (none) as projects of their own: six, not the eight a case-exact join would give.
    assert rows.index.tolist() == [
        "Berlin Airport",
        "Elbphilharmonie",
        "Tower",
        "TOWER",
        "tower",
        "Stuttgart 21",
    ]
    berlin = rows.loc["Berlin Airport"]
    # The statement re-promises 2012-06-03 against the table's 2011-10-30: one re-promise.
    # Finished 2020-10-31: 2011-10-30 → 2020-10-30 is nine years with three leap days (2012,
    # 2016, 2020), 9 × 365 + 3 = 3288 days, and one more day: 3289.
    assert berlin["repromises"] == "1" and berlin["latest_promise"] == "2012-06-03"
    assert berlin["slip_days"] == str(days("2011-10-30", "2020-10-31")) == "3289"
    # Elbphilharmonie: the table's 2010 (31 Dec), then "2011-05" and "2012" (both joined, one
    # by its exact name): two re-promises, the promise in force 2012-12-31.
    elb = rows.loc["Elbphilharmonie"]
    assert elb["repromises"] == "2" and elb["latest_promise"] == "2012-12-31"
    # Neither Tower took the "tower" statement.
    assert rows.loc["Tower", "repromises"] == rows.loc["TOWER", "repromises"] == "0"


def test_the_report_tells_what_was_joined_and_what_was_not(tmp_path: Path) -> None:
    ledger = _load(tmp_path)
    events_report = next(f for f in ledger.report.files if f.path.endswith("events.csv"))
    # The two statements joined loosely (the exact "Elbphilharmonie" is not counted).
    assert (
        "2 statement(s) name their project with another case or spacing than the projects "
        "table, joined to it: 'Berlin  airport' as 'Berlin Airport', 'ELBPHILHARMONIE' as "
        "'Elbphilharmonie'"
    ) in events_report.notes
    assert (
        "1 project(s) named only in this file, not in the projects table: 'Stuttgart 21'"
    ) in events_report.notes
    (problem,) = ledger.report.problems
    # "tower" is on the file's line 5 (the header is line 1), under its column "project".
    assert (problem.row, problem.column, problem.value) == (5, "project", "tower")
    assert "several projects when case and spacing are ignored (TOWER, Tower)" in problem.message


def test_exact_references_say_nothing(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("id,name,deadline\na,Alpha,2020\n", encoding="utf-8")
    (tmp_path / "e.csv").write_text("project,date,promised\nAlpha,2019-01-01,2021\n")
    ledger = load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])
    assert ledger.projects["project_id"].tolist() == ["a"]
    assert not any(f.notes for f in ledger.report.files) and not ledger.report.problems
