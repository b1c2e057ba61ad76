"""A projects table's "Promised from" / "Promised by" pair is one promised interval; a
"Promised from" alone is an open-ended promise, never the promised date itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from data.ledger.mapping import map_columns
from data.load import load_files
from data.metrics import snapshot


def _load(tmp_path: Path, text: str):
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    return load_files([path])


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("Promised from", "Promised by"),
        ("promisedFrom", "promisedBy"),
        ("promised_from", "promised_by"),
        ("Promised From (date)", "Promised By (date)"),
    ],
)
def test_the_pair_is_recognised_without_a_dialog(low: str, high: str) -> None:
    mapping = map_columns(["id", "name", low, high, "Actual end"], "projects")
    assert mapping[low] == "promised_end_from"
    assert mapping[high] == "promised_end"


def test_the_pair_is_one_interval_and_the_slip_runs_from_its_latest_bound(tmp_path: Path) -> None:
    ledger = _load(
        tmp_path,
        "id,name,start,Promised from,Promised by,Actual end\n"
        "p1,Plant,2019-01-01,2020-01-01,2020-06-30,2021-03-01\n",
    )
    row = ledger.projects.iloc[0]
    assert row["promised_end_earliest"] == np.datetime64("2020-01-01")
    assert row["promised_end_latest"] == np.datetime64("2020-06-30")
    metrics = snapshot(ledger, "2022-01-01").metrics.iloc[0]
    # 2020-06-30 → 2021-03-01: Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31
    # + Feb 28 + 1 = 244 days (the latest bound: the promiser's most generous reading).
    assert metrics["slip_days"] == 244
    assert not ledger.report.problems


def test_a_reversed_pair_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    ledger = _load(
        tmp_path,
        "id,name,Promised from,Promised by\np1,Plant,2021-01-01,2020-06-30\n",
    )
    (problem,) = [p for p in ledger.report.problems if "before its earliest" in p.message]
    assert (problem.row, problem.column) == (2, "Promised by")


def test_a_lone_promised_from_is_open_ended_so_no_slip_is_claimed(tmp_path: Path) -> None:
    ledger = _load(
        tmp_path,
        "id,name,start,Promised from,Actual end\np1,Plant,2019-01-01,2020-01-01,2021-03-01\n",
    )
    metrics = snapshot(ledger, "2022-01-01").metrics.iloc[0]
    assert np.isnan(metrics["slip_days"])
    assert ledger.projects.iloc[0]["promised_end_flags"] == "+"
    notes = [n for f in ledger.report.files for n in f.notes]
    assert any("open-ended" in n for n in notes)


def test_an_events_ledgers_bounds_pair_row_by_row(tmp_path: Path) -> None:
    """Each way a statement's two promised bounds can combine, worked out by hand: equal, a
    range, one bound missing, reversed (reported, no promised date), unreadable (no promised
    date) and an approximate bound (the interval is approximate)."""
    path = tmp_path / "events.csv"
    path.write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest\n"
        "a,2010-01-01,promise,2012,2012\n"
        "a,2010-02-01,promise,2012-03,2013\n"
        "a,2010-03-01,promise,,2014-05-06\n"
        "a,2010-04-01,promise,2016,2015\n"
        "a,2010-05-01,promise,soonish,2015\n"
        "a,2010-06-01,promise,c. 2015,2016\n",
        encoding="utf-8",
    )
    ledger = load_files([path])
    ev = ledger.events
    assert [str(v)[:10] for v in ev["promised_earliest"]] == [
        "2012-01-01",
        "2012-03-01",
        "2014-05-06",
        "NaT",
        "NaT",
        "2015-01-01",
    ]
    assert [str(v)[:10] for v in ev["promised_latest"]] == [
        "2012-12-31",
        "2013-12-31",
        "2014-05-06",
        "NaT",
        "NaT",
        "2016-12-31",
    ]
    assert list(ev["promised_text"]) == [
        "2012",
        "2012-03 – 2013",
        "2014-05-06",
        "2016 – 2015",
        "soonish – 2015",
        "c. 2015 – 2016",
    ]
    assert list(ev["promised_precision"])[:2] == ["year", "range"]
    assert ev["promised_precision"].iloc[4] == "unreadable"
    assert list(ev["promised_flags"]) == ["", "", "", "", "", "~"]
    reversed_ = [p for p in ledger.report.problems if "before its earliest" in p.message]
    assert [(p.row, p.column, p.value) for p in reversed_] == [
        (5, "promised_date_latest", "2016 – 2015")
    ]
