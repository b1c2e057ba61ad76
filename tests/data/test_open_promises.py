"""Open-ended promises ("no earlier than 2021": the ``+`` mark) in the metrics and the load report,
and the promised duration measured from a baseline start. The grammar does not read open-ended
phrases yet, so the marks are set here on a loaded ledger, as the load would have kept them.
Expected values are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from data.ledger.merge import note_open_first_promises
from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table

AS_OF = "2020-01-01"


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


@pytest.fixture
def ledger(tmp_path: Path):
    """first: its table deadline open-ended; events_only: its first promise statement open-ended;
    in_force: unfinished, re-promised open-ended; done: completed, last re-promised open-ended."""
    projects = tmp_path / "projects.csv"
    projects.write_text(
        "id,name,start,deadline,actual finish\n"
        "first,First,2010-01-01,2012-12-31,2014-06-30\n"
        "in_force,In force,2010-01-01,2012-12-31,\n"
        "done,Done,2010-01-01,2012-12-31,2014-06-30\n",
        encoding="utf-8",
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "project_id,event_date,event_kind,promised_date\n"
        "events_only,2010-05-01,promise,2015\n"
        "events_only,2016-01-01,revised_promise,2018\n"
        "in_force,2013-06-01,revised_promise,2025\n"
        "done,2013-06-01,revised_promise,2014\n",
        encoding="utf-8",
    )
    ledger = load_files([str(projects), str(events)])
    p, e = ledger.projects, ledger.events
    # As the load keeps an open-ended date: its marks, with the period it names as its bounds.
    # (the ledger keeps few-valued texts as categories: "+" is not among them yet)
    p["promised_end_flags"] = p["promised_end_flags"].astype(object)
    p.loc[p["project_id"] == "first", "promised_end_flags"] = "+"
    first_statement = (e["project_id"] == "events_only") & (e["promised_text"] == "2015")
    e["promised_flags"] = e["promised_flags"].astype(object)
    e.loc[first_statement, "promised_flags"] = "+"
    p.loc[p["project_id"] == "events_only", "promised_end_flags"] = "+"  # (filled from it)
    e.loc[e["project_id"].isin(["in_force", "done"]), "promised_flags"] = "+"
    return ledger


def rows(ledger, as_of: str = AS_OF) -> tuple[dict, pd.DataFrame]:
    snap = snapshot(ledger, as_of)
    table = metrics_table(snap).set_index("project_id")
    return table.to_dict("index"), snap.metrics.set_index("project_id")


def test_an_open_ended_first_promise_gives_no_slip_and_no_kept(ledger) -> None:
    table, m = rows(ledger)
    for pid in ("first", "events_only"):
        assert table[pid]["slip_days"] == "" and table[pid]["slip_pct"] == ""
        assert table[pid]["kept"] == "" and table[pid]["slip_at_least"] == ""
        assert bool(m.loc[pid, "promised_end_open"])
    # The period named is kept: the table's "2012-12-31"; the first statement's "2015".
    assert table["first"]["promised_end"] == "2012-12-31"
    assert table["events_only"]["promised_end"] == "2015-12-31"
    # events_only was re-promised to a closed "2018": the promise in force is not open-ended.
    assert table["events_only"]["latest_promise"] == "2018-12-31"
    assert not bool(m.loc["events_only", "latest_promise_open"])
    assert bool(m.loc["first", "latest_promise_open"])  # no statement: the first promise's


def test_the_load_report_notes_an_open_ended_first_promise(ledger) -> None:
    for file_report in ledger.report.files:
        file_report.notes.clear()
    note_open_first_promises(ledger.projects, ledger.report)
    notes = {Path(f.path).name: f.notes for f in ledger.report.files}
    # "first" is held by the projects file; "events_only" by the events file (named only there).
    assert len(notes["projects.csv"]) == 1 and "1 project(s)" in notes["projects.csv"][0]
    assert "(first)" in notes["projects.csv"][0] and "open-ended" in notes["projects.csv"][0]
    assert len(notes["events.csv"]) == 1 and "(events_only)" in notes["events.csv"][0]


def test_a_load_notes_an_open_ended_first_promise(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "id,name,start,deadline\nx,X,2019-01-01,no earlier than March 2021\ny,Y,2019-01-01,2021\n",
        encoding="utf-8",
    )
    ledger = load_files([str(path)])
    (notes,) = [f.notes for f in ledger.report.files]
    assert [n for n in notes if "open-ended" in n] == [
        "1 project(s) whose first promise is open-ended (x): nothing bounds it above, so their "
        "slip and whether it was kept are left empty"
    ]
    table, _ = rows(ledger, "2022-01-01")
    # "March 2021" → its latest bound 2021-03-31; no slip. y ("2021", closed): 2022-01-01 is
    # 1 day after 2021-12-31, unfinished: at least 1 day.
    assert table["x"]["promised_end"] == "2021-03-31" and table["x"]["slip_days"] == ""
    assert table["y"]["slip_days"] == "1" and table["y"]["slip_at_least"] == "true"


def test_an_open_ended_promise_in_force_is_measured_at_least_from_its_latest_bound(ledger) -> None:
    table, m = rows(ledger)
    r = table["in_force"]
    # Re-promised on 2013-06-01 to "2025" and later (open-ended): its latest bound 2025-12-31
    # is later than the as-of date 2020-01-01, so the slip runs to it from the first promise.
    assert r["latest_promise"] == "2025-12-31"
    assert bool(m.loc["in_force", "latest_promise_open"])
    assert not bool(m.loc["in_force", "promised_end_open"])
    # 2012-12-31 → 2025-12-31: 13 years of 365 days + 3 leap days (2016, 2020, 2024) = 4748.
    assert days("2012-12-31", "2025-12-31") == 13 * 365 + 3 == 4748
    assert r["slip_days"] == "4748" and r["slip_at_least"] == "true"
    # Promised duration 2010-01-01 → 2012-12-31: 365 + 365 + 366 − 1 = 1095 days;
    # 4748 / 1095 = 433.6 %.
    assert days("2010-01-01", "2012-12-31") == 1095
    assert r["slip_pct"] == "433.6"
    assert r["kept"] == "false"  # unfinished, the first promise has passed
    # Replayed on 2013-06-01 (the day of the open-ended re-promise): still at least.
    early, _ = rows(ledger, "2013-06-01")
    assert early["in_force"]["slip_days"] == "4748"
    assert early["in_force"]["slip_at_least"] == "true"


def test_a_completed_project_is_measured_as_usual_after_an_open_ended_promise(ledger) -> None:
    table, m = rows(ledger)
    r = table["done"]
    assert bool(m.loc["done", "latest_promise_open"])
    # Finished 2014-06-30 against the closed first promise 2012-12-31: 365 days to 2013-12-31,
    # then 181 to 2014-06-30 (31 + 28 + 31 + 30 + 31 + 30) = 546 days, exactly.
    assert days("2012-12-31", "2014-06-30") == 365 + 181 == 546
    assert r["slip_days"] == "546" and r["slip_at_least"] == "false"
    assert r["slip_pct"] == f"{546 / 1095 * 100:.1f}" == "49.9"
    assert r["kept"] == "false"


def test_promises_flag_the_open_ended_statements(ledger) -> None:
    promises = snapshot(ledger, AS_OF).promises
    flagged = promises.loc[promises["promised_open"], ["project_id", "promised_text"]]
    assert sorted(map(tuple, flagged.to_numpy())) == [
        ("done", "2014"),
        ("events_only", "2015"),
        ("in_force", "2025"),
    ]


def test_the_promised_duration_runs_from_the_baseline_start(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "ID,Name,Baseline Start,Start,Baseline Finish,Actual Finish\n"
        "b,With baseline,2010-01-01,2011-01-01,2012-01-01,2013-01-01\n"
        "s,Without,,2011-01-01,2012-01-01,2013-01-01\n",
        encoding="utf-8",
    )
    ledger = load_files([str(path)])
    (file_report,) = ledger.report.files
    assert file_report.mapping["Baseline Start"] == "baseline_start"
    table, _ = rows(ledger)
    # slip = 2012-01-01 → 2013-01-01 = 366 days (2012 is a leap year) for both.
    assert days("2012-01-01", "2013-01-01") == 366
    assert table["b"]["slip_days"] == table["s"]["slip_days"] == "366"
    # With a baseline start: 2010-01-01 → 2012-01-01 = 730 days; 366 / 730 = 50.14 %.
    assert days("2010-01-01", "2012-01-01") == 730
    assert table["b"]["slip_pct"] == "50.1"
    # Without: from the start, 2011-01-01 → 2012-01-01 = 365 days; 366 / 365 = 100.27 %.
    assert table["s"]["slip_pct"] == "100.3"
    assert table["b"]["start"] == "2011-01-01"  # the start is still the start
