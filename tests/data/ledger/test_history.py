"""Snapshot histories (one row per project per report) and statement dates taken from the data.

Every expected figure is worked out by hand in the test from the rows written here.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from data.load import load_files
from data.metrics import default_as_of, snapshot


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "s")


# A city's monthly dashboard: reports dated on the 1st at midnight, 12-hour date-times.
DASHBOARD = (
    "Project ID,Project Name,Report Date,Planned Completion,Forecast Completion,Status\n"
    "P1,Library,07/01/2016 12:00:00 AM,12/31/2016 12:00:00 AM,12/31/2016 12:00:00 AM,Active\n"
    "P2,Pool,07/01/2016 12:00:00 AM,06/30/2017 12:00:00 AM,06/30/2017 12:00:00 AM,Active\n"
    "P1,Library,08/01/2016 12:00:00 AM,12/31/2016 12:00:00 AM,03/31/2017 12:00:00 AM,Active\n"
    "P2,Pool,08/01/2016 12:00:00 AM,06/30/2017 12:00:00 AM,06/30/2017 12:00:00 AM,Active\n"
    "P1,Library,09/01/2016 12:00:00 AM,12/31/2016 12:00:00 AM,06/30/2017 12:00:00 AM,Active\n"
    "P2,Pool,09/01/2016 12:00:00 AM,06/30/2017 12:00:00 AM,06/30/2017 12:00:00 AM,Active\n"
)


def _row(snap, pid: str):
    m = snap.metrics
    return m.loc[m["project_id"] == pid].iloc[0]


def test_monthly_dashboard_is_a_history(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "dash.csv", DASHBOARD)])
    report = ledger.report
    assert report.problems == []
    assert report.projects == 2 and report.events == 6  # one statement per report
    note = next(n for n in report.files[0].notes if n.startswith("a snapshot history"))
    assert note == "a snapshot history: 6 reports of 2 projects, dated by column 'Report Date'"
    # The default as-of: the history's latest report date (its only file's status date).
    assert default_as_of(report) == day("2016-09-01")
    snap = snapshot(ledger, "2016-09-01")
    p1 = _row(snap, "P1")
    # P1: 31 Dec 2016 (July), 31 Mar 2017 (Aug, changed), 30 Jun 2017 (Sep, changed).
    assert p1["promised_end"] == day("2016-12-31")
    assert p1["latest_promise"] == day("2017-06-30")
    assert p1["repromises"] == 2
    # Unfinished: latest promise − first promise = 30 Jun 2017 − 31 Dec 2016 = 181 days.
    assert p1["slip_days"] == 181 and p1["slip_at_least"]
    p2 = _row(snap, "P2")
    assert p2["repromises"] == 0 and p2["latest_promise"] == day("2017-06-30")


def test_replay_at_the_second_report_shows_its_promise(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "dash.csv", DASHBOARD)])
    snap = snapshot(ledger, "2016-08-01")  # the second report's own date
    p1 = _row(snap, "P1")
    assert p1["latest_promise"] == day("2017-03-31")
    assert p1["repromises"] == 1
    # 31 Mar 2017 − 31 Dec 2016 = 31 + 28 + 31 = 90 days.
    assert p1["slip_days"] == 90
    # Before the first report nothing of the history is known.
    assert not snapshot(ledger, "2016-06-30").metrics["exists"].any()


def test_yearly_files_merge_into_one_history(tmp_path: Path) -> None:
    header = "Year,Project ID,Name,Baseline Completion,Forecast Completion,Status\n"
    files = [
        write(tmp_path, "2014.csv", header + "2014,A,Bridge,2016,Q4 2016,ongoing\n"),
        write(tmp_path, "2015.csv", header + "2015,A,Bridge,2016,Q2 2017,ongoing\n"),
        write(tmp_path, "2016.csv", header + "2016,A,Bridge,2017,Q2 2017,ongoing\n"),
    ]
    ledger = load_files(files)
    report = ledger.report
    assert report.projects == 1
    # Three reports, plus the baseline stated at the first report.
    assert report.events == 4
    assert all(f.format == "history" for f in report.files)
    # The baseline (2016) changes in the 2016 file: a conflict, not a re-promise.
    assert [(c.project_id, c.values) for c in report.conflicts] == [("A", ["2016", "2017"])]
    # Reports are dated at their year's end: as of 31 Dec 2015, two reports are known.
    snap = snapshot(ledger, "2015-12-31")
    a = _row(snap, "A")
    assert a["promised_end"] == day("2016-12-31")  # the baseline, at its latest bound
    assert a["latest_promise"] == day("2017-06-30")
    # Baseline 2016 → Q4 2016 (a change of interval: a re-promise) → Q2 2017 (another).
    assert a["repromises"] == 2
    # As of 30 Dec 2015 only the 2014 report is known.
    assert _row(snapshot(ledger, "2015-12-30"), "A")["latest_promise"] == day("2016-12-31")
    assert default_as_of(report) == day("2016-12-31")


def test_duplicates_and_blank_report_dates(tmp_path: Path) -> None:
    text = (
        "Project ID,Report Date,Forecast Completion\n"
        "X,2020-01-31,2021-06-30\n"
        "X,2020-01-31,2021-06-30\n"  # identical: read once, a note
        "X,2020-02-29,2021-09-30\n"
        "X,2020-02-29,2021-12-31\n"  # same date, other value: a problem, the first is used
        "X,,2022-03-31\n"  # no report date: a problem, no statement
    )
    ledger = load_files([write(tmp_path, "dups.csv", text)])
    report = ledger.report
    messages = sorted((p.row, p.message) for p in report.problems)
    assert messages == [
        (5, "the same project and report date as an earlier row, with other values; "
         "the first row is used"),
        (6, "a history row without a readable report date; not used"),
    ]  # fmt: skip
    assert any("repeat an earlier row" in n for n in report.files[0].notes)
    assert report.events == 2 and report.files[0].rows == 2
    x = _row(snapshot(ledger, "2020-03-01"), "X")
    assert x["latest_promise"] == day("2021-09-30") and x["repromises"] == 1


def test_rows_out_of_order_with_a_baseline(tmp_path: Path) -> None:
    text = (
        "Project ID,Report Date,Baseline Completion,Forecast Completion\n"
        "B,2020-03-31,2021-12-31,2022-06-30\n"  # line 2
        "A,2020-02-29,2021-06-30,2021-09-30\n"  # line 3
        "B,2020-01-31,2021-12-31,2021-12-31\n"  # line 4
        "A,2020-01-31,2021-06-30,2021-06-30\n"  # line 5
        "A,2020-02-29,2021-06-30,2021-09-30\n"  # line 6: line 3 again, read once
    )
    ledger = load_files([write(tmp_path, "late.csv", text)])
    report = ledger.report
    assert report.problems == [] and report.events == 6
    assert any(n.startswith("1 row(s) repeat an earlier row") for n in report.files[0].notes)
    # Statement order: by project, then report date; each baseline just before its project's
    # first report (the same line), then that report's forecast, then the change.
    events = ledger.events
    assert list(zip(events["project_id"], events["kind"], events["__line__"], strict=True)) == [
        ("A", "promise", 5),
        ("A", "promise", 5),
        ("A", "revised_promise", 3),
        ("B", "promise", 4),
        ("B", "promise", 4),
        ("B", "revised_promise", 2),
    ]
    assert list(events["text"].iloc[[0, 3]]) == ["the baseline given in the first report"] * 2
    snap = snapshot(ledger, "2020-04-01")
    a, b = _row(snap, "A"), _row(snap, "B")
    # A: 30 Sep 2021 − 30 Jun 2021 = 31 + 31 + 30 = 92 days; B: 30 Jun 2022 − 31 Dec 2021 =
    # 31 + 28 + 31 + 30 + 31 + 30 = 181 days.
    assert a["promised_end"] == day("2021-06-30") and a["slip_days"] == 92
    assert b["promised_end"] == day("2021-12-31") and b["slip_days"] == 181
    assert a["repromises"] == 1 and b["repromises"] == 1
    # The projects table holds each project's latest report (its line) and no actual end.
    projects = ledger.projects.set_index("project_id")
    assert projects.loc["A", "__line__"] == 3 and projects.loc["B", "__line__"] == 2
    assert projects["actual_end_latest"].isna().all()


def test_repeated_id_without_report_date_stays_a_duplicate(tmp_path: Path) -> None:
    text = "id,name,finish\nA,One,2020-01-01\nA,One again,2021-01-01\n"
    report = load_files([write(tmp_path, "plain.csv", text)]).report
    assert [p.message for p in report.problems] == ["duplicate project id; the first row is used"]


def test_report_date_column_without_repeats_is_an_attribute(tmp_path: Path) -> None:
    text = "id,name,updated,finish\nA,One,2020-01-01,2022-01-01\nB,Two,2020-01-01,2023-01-01\n"
    ledger = load_files([write(tmp_path, "plain.csv", text)])
    assert "updated" in ledger.attributes
    assert "updated" not in ledger.report.files[0].mapping
    assert ledger.report.files[0].format == "projects"


def test_original_latest_pair_gives_first_promise_and_promise_in_force(tmp_path: Path) -> None:
    text = (
        "Status date: 31 March 2023\n"
        "projectId,projectName,originalEstimatedCompletionDate,latestEstimatedCompletionDate\n"
        "IT1,Payroll,2021-12-31,2023-09-30\n"
    )
    ledger = load_files([write(tmp_path, "ledger.csv", text)])
    snap = snapshot(ledger, "2023-03-31")
    it1 = _row(snap, "IT1")
    assert it1["promised_end"] == day("2021-12-31")
    assert it1["latest_promise"] == day("2023-09-30")
    assert it1["repromises"] == 1
    # 30 Sep 2023 − 31 Dec 2021 = 365 + 273 = 638 days.
    assert it1["slip_days"] == 638
    # Both are stated on the title row's status date, the project's first dated statement:
    # the day before, it is not known yet.
    assert not _row(snapshot(ledger, "2023-03-30"), "IT1")["exists"]
    assert default_as_of(ledger.report) == day("2023-03-31")


PLAN = "Name,Start,Baseline Finish,Finish\nDig,2020-01-01,2020-06-30,2020-09-30\n"


def test_plan_forecast_is_undated_without_a_status_date(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "plan.csv", PLAN)])
    # Undated: current, known on every as-of date (here even before the plan's start).
    for as_of in ("2020-01-01", "2030-01-01"):
        dig = _row(snapshot(ledger, as_of), "Dig")
        assert dig["latest_promise"] == day("2020-09-30")
    assert ledger.report.as_of == ""  # the default as-of is today
    assert any("undated" in n for n in ledger.report.files[0].notes)


def test_status_date_given_dates_the_forecast(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "plan.csv", PLAN)], status_date=day("2020-03-15"))
    assert _row(snapshot(ledger, "2020-03-14"), "Dig")["latest_promise"] == day("2020-06-30")
    assert _row(snapshot(ledger, "2020-03-15"), "Dig")["latest_promise"] == day("2020-09-30")
    assert default_as_of(ledger.report) == day("2020-03-15")


def test_same_bytes_other_mtime_same_metrics(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.csv", PLAN)
    os.utime(path, (1e9, 1e9))  # 2001
    first = snapshot(load_files([path]), "2020-08-01").metrics
    os.utime(path, (1.7e9, 1.7e9))  # 2023
    second = snapshot(load_files([path]), "2020-08-01").metrics
    assert first.equals(second)
    assert first.iloc[0]["latest_promise"] == day("2020-09-30")


def test_actual_end_from_a_projected_or_actual_column(tmp_path: Path) -> None:
    text = (
        "id,report date,projected/actual completion,status\n"
        "K,2020-01-31,2020-06-30,ongoing\n"
        "K,2020-04-30,2020-08-31,ongoing\n"
        "K,2020-09-30,2020-09-15,completed\n"
    )
    path = write(tmp_path, "k.csv", text)
    from data.ledger.mapping import ChosenMapping

    roles = {
        "id": "project_id",
        "report date": "report_date",
        "projected/actual completion": "actual_end",
        "status": "status",
    }
    ledger = load_files([path], mappings={path: ChosenMapping(roles)})
    k = _row(snapshot(ledger, "2020-10-01"), "K")
    assert k["actual_end"] == day("2020-09-15")
    assert k["promised_end"] == day("2020-06-30")
    # Completed: 15 Sep 2020 − 30 Jun 2020 = 77 days, exactly.
    assert k["slip_days"] == 77 and not k["slip_at_least"]
    assert k["repromises"] == 1


@pytest.mark.parametrize("epoch, expected", [("1700000000", "2023-11-14")])
def test_today_follows_source_date_epoch(monkeypatch, epoch: str, expected: str) -> None:
    from data.metrics import today

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert today() == day(expected)


def test_report_dates_read_as_assumed_fiscal_years_are_reported(tmp_path: Path) -> None:
    # "FY2017" read with no fiscal year chosen: April 2016 – March 2017, placed at its middle.
    # The choice moves every statement's date, so which are known on a day: it is reported,
    # as it is for a promised column, naming the report-date column.
    path = write(
        tmp_path,
        "h.csv",
        "Project ID,Project,Report Date,Forecast Completion\n"
        "X,HS2,FY2017,2026-12\nX,HS2,FY2018,2027-06\n",
    )
    assumed = load_files([path])
    (problem,) = assumed.report.problems
    assert (problem.row, problem.column) == (None, "Report Date")
    assert "fiscal-year value(s) such as 'FY2017', 'FY2018'" in problem.message
    assert "--fiscal-year-start" in problem.message
    # With October chosen (a US federal year), FY2017 is October 2016 – September 2017: no
    # problem, and the first report's latest bound is 30 September 2017, not 31 March 2017.
    chosen = load_files([path], fiscal_start=10)
    assert not chosen.report.problems
    first = chosen.events["date_latest"].min()
    assert str(first)[:10] == "2017-09-30"
    assert str(assumed.events["date_latest"].min())[:10] == "2017-03-31"


def test_a_table_with_a_report_date_and_unique_ids_is_a_projects_table(tmp_path: Path) -> None:
    # "as_of" and "Report Date" name a report date and a statement's date alike; the columns
    # promised_end, start and actual_end say projects table. With no id repeating, it is a
    # plain table (the report date an attribute), not a ledger that drops start and end.
    # P1: promised 2017-06-30, finished 2018-06-30: 365 days late; promised duration from
    # 2015-01-01: 365 + 366 + 180 = 911 days; 365 / 911 = 40.1 %.
    for header in ("as_of", "Report Date"):
        path = write(
            tmp_path,
            "t.csv",
            f"project_id,name,start,promised_end,actual_end,{header}\n"
            "P1,Alpha,2015-01-01,2017-06-30,2018-06-30,2019-01-01\n"
            "P2,Beta,2016-01-01,2018-06-30,,2019-01-01\n",
        )
        ledger = load_files([path])
        assert ledger.report.files[0].format != "events" and len(ledger.events) == 0, header
        m = snapshot(ledger, day("2020-01-01")).metrics.set_index("project_id")
        assert m.loc["P1", "status"] == "completed" and m.loc["P1", "slip_days"] == 365, header
        assert round(m.loc["P1", "slip_pct"], 1) == 40.1, header
        assert str(m.loc["P2", "start"])[:10] == "2016-01-01", header
