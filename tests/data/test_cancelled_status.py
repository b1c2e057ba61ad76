"""A table's "cancelled" stays cancelled (its actual end is when it stopped, not a completion),
and a dated cancelled statement overrides a table's "ongoing" from its date on."""

from __future__ import annotations

from pathlib import Path

from data.load import load_files
from data.metrics import snapshot


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_cancelled_row_with_an_actual_end_stops_slipping_there(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cancelled.csv",
        "project_id,name,start,promised_end,actual_end,status\n"
        "c,Cancelled scheme,2010-01-01,2012-06-30,2012-09-01,cancelled\n",
    )
    ledger = load_files([path])
    before = snapshot(ledger, "2012-06-30").metrics.iloc[0]
    # Before its end the cancellation has not happened: ongoing, 30 Jun - 30 Jun = 0, at least.
    assert before["status"] == "ongoing" and before["slip_days"] == 0 and before["slip_at_least"]
    for day in ("2012-09-01", "2014-06-30"):
        m = snapshot(ledger, day).metrics.iloc[0]
        # Frozen on 2012-09-01: 1 (30 Jun → 1 Jul) + 31 (Jul) + 31 (Aug) = 63 days, "at least";
        # of 911 promised days (2010-01-01 → 2012-06-30: 365 + 365 + 181): 63 / 911 = 6.9 %.
        assert m["status"] == "cancelled", day
        assert m["slip_days"] == 63 and m["slip_at_least"] is True, day
        assert round(m["slip_pct"], 1) == 6.9 and m["kept"] is False, day
        assert str(m["actual_end"]) == "NaT" and m["actual_end_text"] == "", day
    notes = ledger.report.files[0].notes
    assert any("(c)" in n and "cancellation date" in n for n in notes), notes
    assert not any("cancelled from the start" in n for n in notes), notes


def test_a_dated_cancelled_statement_overrides_a_table_ongoing(tmp_path: Path) -> None:
    projects = _write(
        tmp_path,
        "projects.csv",
        "project_id,name,start,original_promised_end,actual_end,status\n"
        "d1,Ongoing in table,2010-01-01,2012-12-31,,ongoing\n"
        "g1,Ongoing then completed,2010-01-01,2012-12-31,,ongoing\n",
    )
    events = _write(
        tmp_path,
        "events.csv",
        "project_id,event_date,event_kind,promised\n"
        "d1,2010-01-01,promise,2012-12-31\n"
        "d1,2014-01-01,cancelled,\n"
        "g1,2010-01-01,promise,2012-12-31\n"
        "g1,2014-01-01,completed,\n",
    )
    ledger = load_files([projects, events])
    m = snapshot(ledger, "2013-12-31").metrics.set_index("project_id")
    # Before the statement: ongoing, 2012-12-31 → 2013-12-31 = 365 days, at least.
    assert m.loc["d1", "status"] == "ongoing" and m.loc["d1", "slip_days"] == 365
    for day in ("2014-01-01", "2016-06-30"):
        m = snapshot(ledger, day).metrics.set_index("project_id")
        # Cancelled on 2014-01-01, as g1 completed that day: 365 + 1 = 366 days, frozen.
        assert m.loc["d1", "status"] == "cancelled", day
        assert m.loc["d1", "slip_days"] == 366 and m.loc["d1", "slip_at_least"] is True, day
        assert m.loc["g1", "status"] == "completed" and m.loc["g1", "slip_days"] == 366, day


def test_a_completed_statement_about_a_cancelled_row_is_a_conflict(tmp_path: Path) -> None:
    # The table says cancelled (no end, no dated cancelled statement); the ledger says it
    # opened on 2002-04-29. The table wins: cancelled on every date, from the start, slip left
    # empty (no cancellation date); the statement's date is neither its actual end nor its
    # cancellation date, and the disagreement is listed as a conflict.
    projects = _write(
        tmp_path,
        "p.csv",
        "project_id,name,start,promised_end,actual_end,status\n"
        "x,Scheme,1999-11-22,Q1 2006,,cancelled\n",
    )
    events = _write(
        tmp_path, "e.csv", "project_id,event_date,event_kind,promised\nx,2002-04-29,completed,\n"
    )
    ledger = load_files([projects, events])
    for day in ("2000-06-30", "2002-04-29", "2020-06-30"):
        m = snapshot(ledger, day).metrics.iloc[0]
        assert m["status"] == "cancelled" and m["kept"] is False, day
        assert str(m["actual_end"]) == "NaT" and m["actual_end_text"] == "", day
        assert str(m["slip_days"]) in ("nan", "<NA>", "None"), day
    (conflict,) = ledger.report.conflicts
    assert (conflict.project_id, conflict.field, conflict.used) == ("x", "status", "cancelled")
    assert conflict.values == ["cancelled", "completed 2002-04-29"]  # (as the file writes it)
