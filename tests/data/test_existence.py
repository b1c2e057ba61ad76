"""Replays before a project is known: it exists from the earliest of its table start and its
first dated statement, and is left out of the rows (chart, status bar, CSV) before that; a
projects table's first promise is known from the project's first dated promise statement, else
from the project's existence. Every expected value is worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table
from data.query import Query, run_query
from data.texts import summary_text


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def shown(ledger, as_of: str) -> tuple[list[str], str, dict]:
    """The ids of the rows an empty query shows (the CSV's rows, in order), the status bar's
    text, and the CSV row of every project (shown or not) by id."""
    snap = snapshot(ledger, as_of)
    rows = run_query(snap.metrics, Query(), ledger.attributes)
    table = metrics_table(snap)
    ids = table["project_id"].iloc[rows.order].tolist()
    return ids, summary_text(snap, rows.order), table.set_index("project_id").to_dict("index")


def test_a_project_is_absent_before_its_first_statement(tmp_path) -> None:
    # Old: promised 2008-12-31 on 2005-01-01, completed 2009-06-30. New: first said on
    # 2018-03-15 (a promise of 2020-12-31); no projects table, so no start.
    ledger = load_files(
        [
            write(
                tmp_path,
                "e.csv",
                "project,date,type,new date\n"
                "Old,2005-01-01,promise,2008-12-31\n"
                "Old,2009-06-30,completed,\n"
                "New,2018-03-15,promise,2020-12-31\n",
            )
        ]
    )
    # Old's slip: 2009-06-30 − 2008-12-31 = 31 + 28 + 31 + 30 + 31 + 30 = 181 days, not kept;
    # 181 / 365.25 = 0.50 years.
    assert days("2008-12-31", "2009-06-30") == 181
    for before in ("2010-01-01", "2018-03-14"):  # New's 2018 statement is not said yet
        ids, status, table = shown(ledger, before)
        assert ids == ["Old"]
        assert status == f"1 projects shown · 1 late · median slip +0.5 y · as of {before}"
        assert table["Old"]["slip_days"] == "181"
        # The metrics keep a row for New (aligned with the ledger's projects), not existing.
        assert snapshot(ledger, before).metrics["exists"].tolist() == [True, False]
    # On the day of its first statement New exists: promised 2020-12-31, slip at least
    # max(2018-03-15, 2020-12-31) − 2020-12-31 = 0, kept unknown (window open). Median of 181
    # and 0 = 90.5 days = 0.25 years, "at least" because New's is.
    ids, status, table = shown(ledger, "2018-03-15")
    assert ids == ["Old", "New"]
    assert table["New"]["promised_end"] == "2020-12-31" and table["New"]["slip_days"] == "0"
    assert table["New"]["kept"] == ""
    assert status == "2 projects shown · 1 late · median slip ≥ +0.2 y · as of 2018-03-15"
    # After: New unfinished a day past its promise: 2021-01-01 − 2020-12-31 = 1 day, not kept,
    # so two late; median of 181 and 1 = 91 days = 0.25 years.
    ids, status, table = shown(ledger, "2021-01-01")
    assert ids == ["Old", "New"] and table["New"]["slip_days"] == "1"
    assert status == "2 projects shown · 2 late · median slip ≥ +0.2 y · as of 2021-01-01"


def test_a_start_before_the_first_statement_makes_it_exist_from_the_start(tmp_path) -> None:
    # S: start "2012-05" (earliest bound 2012-05-01), first said 2018-03-01.
    # F: no start, first said "2018", placed at the middle of 2018-01-01..2018-12-31: 182 days
    #    after 1 January, 2018-07-02.
    # Z: no date at all (an undated statement is no date): exists on every date.
    # L: start 2019-01-01, but a statement of 2016-06-01 makes it known from then.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline\nS,S,2012-05,\nF,F,,\nZ,Z,,\nL,L,2019-01-01,\n",
            ),
            write(
                tmp_path,
                "e.csv",
                "project_id,event_date,event_kind\n"
                "S,2018-03-01,note\nF,2018,note\nZ,,note\nL,2016-06-01,note\n",
            ),
        ]
    )
    assert days("2018-01-01", "2018-07-02") == 182
    expected = {
        "1990-01-01": ["Z"],
        "2012-04-30": ["Z"],
        "2012-05-01": ["S", "Z"],
        "2016-05-31": ["S", "Z"],
        "2016-06-01": ["S", "Z", "L"],
        "2018-07-01": ["S", "Z", "L"],
        "2018-07-02": ["S", "F", "Z", "L"],
    }
    for as_of, ids in expected.items():
        assert shown(ledger, as_of)[0] == ids, as_of


def test_a_table_promise_is_known_from_the_first_dated_promise_statement(tmp_path) -> None:
    # cathedral: started 1882, the table promises 2026; the events say "2026" on 2011-03-01.
    # tower: the table promises 2010, the first promise statement (2003-06-01) says 2012.
    # plan: the table promises 2020-12-31 and no statement does: known from its start.
    ledger = load_files(
        [
            write(
                tmp_path,
                "p.csv",
                "id,name,start,deadline\n"
                "cathedral,Cathedral,1882,2026\n"
                "tower,Tower,2000-01-01,2010\n"
                "plan,Plan,2015-01-01,2020-12-31\n",
            ),
            write(
                tmp_path,
                "e.csv",
                "project_id,event_date,event_kind,promised\n"
                "cathedral,2011-03-01,promise,2026\n"
                "tower,2001-01-01,note,\n"
                "tower,2003-06-01,promise,2012\n",
            ),
        ]
    )
    unknown = (
        "promised_end",
        "latest_promise",
        "slip_days",
        "slip_at_least",
        "slip_pct",
        "kept",
        "promised_end_text",  # (the texts of unknown dates are empty too)
        "latest_promise_text",
    )
    for before in ("1990-01-01", "2011-02-28"):
        cathedral = shown(ledger, before)[2]["cathedral"]
        assert all(cathedral[c] == "" for c in unknown), before  # exists (1882), no baseline
        assert cathedral["repromises"] == "0"
    # From the statement on: the table's 2026-12-31, restated (not a re-promise); slip at least
    # max(as-of, 2026-12-31) − 2026-12-31 = 0, 0.0 %; the window is still open.
    for on_or_after in ("2011-03-01", "2012-01-01"):
        ids, _, table = shown(ledger, on_or_after)
        assert "cathedral" in ids
        cathedral = table["cathedral"]
        assert cathedral["promised_end"] == cathedral["latest_promise"] == "2026-12-31"
        assert cathedral["slip_days"] == "0" and cathedral["slip_at_least"] == "true"
        assert cathedral["slip_pct"] == "0.0" and cathedral["kept"] == ""
        assert cathedral["repromises"] == "0"
    # tower: exists since 2000, its note of 2001 carries no promise: still no baseline.
    assert all(shown(ledger, "2003-05-31")[2]["tower"][c] == "" for c in unknown)
    # On 2003-06-01 the table's 2010-12-31 is known (the table wins), and the statement's
    # 2012-12-31 differs from it: one re-promise, slip at least 2012-12-31 − 2010-12-31 =
    # 365 + 366 = 731 days.
    tower = shown(ledger, "2003-06-01")[2]["tower"]
    assert tower["promised_end"] == "2010-12-31" and tower["latest_promise"] == "2012-12-31"
    assert tower["repromises"] == "1"
    assert tower["slip_days"] == str(days("2010-12-31", "2012-12-31")) == "731"
    # plan: absent (and without a baseline) the day before its start, known from its start.
    ids, _, table = shown(ledger, "2014-12-31")
    assert "plan" not in ids and table["plan"]["promised_end"] == ""
    ids, _, table = shown(ledger, "2015-01-01")
    assert "plan" in ids and table["plan"]["promised_end"] == "2020-12-31"


def test_a_plans_finish_statement_does_not_hide_its_baseline(tmp_path) -> None:
    # A plan with the status date 2014-01-01 (given): started 2010-01-01, baseline finish
    # 2012-06-30, current finish 2013-06-30. The current finish becomes a promise statement on
    # 2014-01-01, but it is not where the baseline came from: the baseline is known from the
    # start, so as of 2011-01-01 the promise and the promise in force are the baseline.
    path = write(
        tmp_path,
        "plan.csv",
        "ID,Name,Start,Baseline Finish,Finish\n1,Task,2010-01-01,2012-06-30,2013-06-30\n",
    )
    ledger = load_files([path], status_date=np.datetime64("2014-01-01", "s"))
    early = shown(ledger, "2011-01-01")[2]["1"]
    assert early["promised_end"] == early["latest_promise"] == "2012-06-30"
    assert early["kept"] == ""  # window open; slip at least max(2011-01-01, 2012-06-30) − itself
    assert early["slip_days"] == "0"
    # On the export day the finish is the promise in force (one re-promise), already passed:
    # slip at least 2014-01-01 − 2012-06-30 = 365 (to 2013-06-30) + 184 (July to December) + 1
    # = 550 days.
    late = shown(ledger, "2014-01-01")[2]["1"]
    assert late["promised_end"] == "2012-06-30" and late["latest_promise"] == "2013-06-30"
    assert late["repromises"] == "1"
    assert late["slip_days"] == str(days("2012-06-30", "2014-01-01")) == "550"


def test_a_table_promise_not_known_yet_has_no_text_on_any_path(tmp_path) -> None:
    # t: started 2010-01-01, the table promises "2014-06", first stated on 2011-03-01. Four
    # other projects, none with a statement between the dates asked, so that going from one
    # date to the next patches the last date's work for t alone (an as-of step) as well as
    # finding it afresh. Before 2011-03-01 t's first promise is unknown: no date, no text.
    # From then: "Jun 2014", the month as the table writes it.
    others = "".join(f"o{i},O{i},2009-01-01,2012-12-31\n" for i in range(4))
    ledger = load_files(
        [
            write(tmp_path, "p.csv", f"id,name,start,deadline\nt,T,2010-01-01,2014-06\n{others}"),
            write(
                tmp_path,
                "e.csv",
                "project_id,event_date,event_kind,promised\nt,2011-03-01,promise,2014-06\n",
            ),
        ]
    )
    expected = {"2010-06-30": ("", ""), "2011-03-01": ("2014-06-30", "Jun 2014")}
    for as_of in ("2011-03-01", "2010-06-30", "2011-03-01", "2010-06-30", "2010-07-01"):
        date, text = expected.get(as_of, expected["2010-06-30"])
        t = shown(ledger, as_of)[2]["t"]
        assert t["promised_end"] == t["latest_promise"] == date, as_of
        assert t["promised_end_text"] == t["latest_promise_text"] == text, as_of
        assert shown(ledger, as_of)[2]["o0"]["promised_end_text"] == "31 Dec 2012", as_of
