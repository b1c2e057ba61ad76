"""Tooltip texts of timeline rows (data/texts.py), without Qt: expected texts worked out by hand
from the three projects below, as known on 2026-11-26."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from data.layout import build_layers
from data.load import load_files
from data.metrics import Snapshot, snapshot
from data.query import Query, Rows, run_query
from data.texts import RowTexts, day, one_line, summary_text
from tests.conftest import SAMPLES, write_tiny

AS_OF = "2026-11-26"
NONE = np.zeros(0, dtype=np.int64)
LONG_QUOTE = "First line\n\n   second\tline " + "x" * 450


@pytest.fixture
def snap(tmp_path: Path) -> Snapshot:
    """late: finished late, re-promised once; early: finished early, with a long note and no
    speaker; open: unfinished, re-promised to a fuzzy window, then a delay was reported."""
    paths = write_tiny(tmp_path, f'early,2003-02-10,note,,,,"{LONG_QUOTE}"\n')
    return snapshot(load_files(paths), AS_OF)


def position(frame, project_id: str, kind: str) -> np.ndarray:
    """Where the statement of ``project_id`` of ``kind`` is in ``frame`` (a marker's ref)."""
    hits = (frame["project_id"] == project_id) & (frame["kind"] == kind)
    return np.flatnonzero(hits.to_numpy()).astype(np.int64)


# late: slip 2005-12-31 → 2010-06-30 = 1 + 1461 + 180 = 1642 days = 4.5 y, of a promised
# duration 2000-01-01 → 2005-12-31 = 2191 days: +74.9 %, shown +75 %.
LATE = (
    "<b>Late</b> bridge\n"
    "start 1 Jan 2000 · promised 31 Dec 2005 · actual 30 Jun 2010 · promise in force 31 Dec 2008\n"
    "slip +4.5 y (+75 %) · 1 re-promise"
)
# open: unfinished, so the slip runs to the as-of date: 2007-12-31 → 2026-11-26 = 6940 − 35 =
# 6905 days = 18.9 y, at least; promised duration 2002-01-01 → 2007-12-31 = 2190 days: +315 %.
# The promise in force is "2012-01" – "2012-06": whole months, so written in months.
OPEN = (
    "Open dam\n"
    "start 1 Jan 2002 · promised 31 Dec 2007 · actual ongoing · "
    "promise in force Jan 2012 – Jun 2012\n"
    "slip ≥ +18.9 y (+315 %) · 1 re-promise"
)
# early: finished 2004-06-30, promised 2006-12-31: 184 + 365 + 365 = 914 days early = 2.5 y, of
# 2190 days promised: −41.7 %, shown −42 %; never re-promised.
EARLY = (
    "Early tunnel\n"
    "start 1 Jan 2001 · promised 31 Dec 2006 · actual 30 Jun 2004 · promise in force 31 Dec 2006\n"
    "slip −2.5 y (−42 %)"
)


def test_a_row_without_markers_gives_its_name_dates_and_slip(snap: Snapshot) -> None:
    layers = build_layers(snap)
    texts = RowTexts(snap, layers)
    assert texts.tooltip(layers.row_of("late"), NONE, NONE) == LATE
    assert texts.tooltip(layers.row_of("open"), NONE, NONE) == OPEN
    assert texts.tooltip(layers.row_of("early"), NONE, NONE) == EARLY
    # The name literally: markup in it is text, not formatting.
    assert texts.tooltip(layers.row_of("late"), NONE, NONE).startswith("<b>Late</b> bridge")


def test_statements_and_promises_are_told_below_the_row(snap: Snapshot) -> None:
    layers = build_layers(snap)
    texts = RowTexts(snap, layers)
    row = layers.row_of("open")
    delay = position(snap.statements, "open", "delay_reported")
    promise = position(snap.promises, "open", "revised_promise")
    text = texts.tooltip(row, delay, NONE)
    assert "Open dam" in text and "Auditor" in text and "<i>Late again</i>" in text
    assert text == OPEN + "\n\n1 May 2013 (delay_reported) — Auditor\n<i>Late again</i>"
    assert texts.tooltip(row, NONE, promise) == (
        OPEN + "\n\npromised Jan 2012 – Jun 2012 on 1 Mar 2009 — Minister\nFirst half of 2012"
    )
    # Both at once: the statements first, then the promises, each as given.
    said = position(snap.statements, "open", "revised_promise")
    assert texts.tooltip(row, np.r_[delay, said], promise) == (
        OPEN
        + "\n\n1 May 2013 (delay_reported) — Auditor\n<i>Late again</i>"
        + "\n\n1 Mar 2009 (revised_promise) — Minister\nFirst half of 2012"
        + "\n\npromised Jan 2012 – Jun 2012 on 1 Mar 2009 — Minister\nFirst half of 2012"
    )


def test_a_quote_is_one_line_of_at_most_400_characters(snap: Snapshot) -> None:
    layers = build_layers(snap)
    note = position(snap.statements, "early", "note")
    text = RowTexts(snap, layers).tooltip(layers.row_of("early"), note, NONE)
    # No speaker: no dash. Line breaks and tabs become single spaces; 23 + 377 = 400 characters.
    assert text == EARLY + "\n\n10 Feb 2003 (note)\nFirst line second line " + "x" * 377


def test_lane_headers_give_their_label_and_other_rows_nothing(snap: Snapshot) -> None:
    layers = build_layers(snap, run_query(snap.metrics, Query(group_by="country"), ["country"]))
    texts = RowTexts(snap, layers)
    assert texts.tooltip(0, NONE, NONE) == "A-land  (1)"
    assert texts.tooltip(2, NONE, NONE) == "B-land  (2)"
    assert texts.tooltip(1, NONE, NONE) == EARLY  # rows follow the lanes
    assert texts.tooltip(5, NONE, NONE) == "" and texts.tooltip(-1, NONE, NONE) == ""


def test_rows_of_a_filtered_view_read_their_own_project(snap: Snapshot) -> None:
    layers = build_layers(snap, Rows(np.array([2])))  # only "open" shown, in row 0
    assert RowTexts(snap, layers).tooltip(0, NONE, NONE) == OPEN


def test_dates_are_told_at_their_own_precision(tmp_path: Path) -> None:
    """A fuzzy project: the figures as the files said them, a statement dated "spring 2015",
    promises of a whole year given as two months ("2015-01" – "2015-12": 2015) and of an
    approximate, uncertain year ("c. 2016" – "2016?")."""
    (tmp_path / "p.csv").write_text(
        "id,name,start,deadline,actual finish\nfuzzy,Fuzzy fort,2009,Q3 2014,\n", encoding="utf-8"
    )
    (tmp_path / "e.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest,speaker,"
        "quote\n"
        "fuzzy,2014,revised_promise,2015-01,2015-12,Mayor,Sometime in 2015\n"
        "fuzzy,spring 2015,revised_promise,c. 2016,2016?,Mayor,Around 2016 perhaps\n",
        encoding="utf-8",
    )
    snap = snapshot(load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")]), AS_OF)
    layers = build_layers(snap)
    texts = RowTexts(snap, layers)
    row = layers.row_of("fuzzy")
    lines = texts.tooltip(row, NONE, NONE).split("\n")
    assert lines[:2] == [
        "Fuzzy fort",
        "start 2009 · promised Q3 2014 · actual ongoing · promise in force c. 2016?",
    ]
    said = position(snap.statements, "fuzzy", "revised_promise")
    promised = position(snap.promises, "fuzzy", "revised_promise")
    told = texts.tooltip(row, said[1:], promised).split("\n\n")[1:]
    assert told == [
        "spring 2015 (revised_promise) — Mayor\nAround 2016 perhaps",
        "promised 2015 on 2014 — Mayor\nSometime in 2015",
        "promised c. 2016? on spring 2015 — Mayor\nAround 2016 perhaps",
    ]


def test_days_and_one_line_texts() -> None:
    assert day(np.datetime64("2013-05-01T12:00:00")) == "2013-05-01"
    assert day(np.datetime64("NaT")) == "" and day(None) == "" and day(float("nan")) == ""
    assert one_line("  a\n b\t\tc ") == "a b c"
    assert len(one_line("y" * 5000)) == 1000


def test_promise_markers_point_at_their_own_statements_when_filtered() -> None:
    """With projects filtered out, each promise marker still refers to its statement in the
    snapshot (the tooltip reads it there), not to another project's."""
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap = snapshot(ledger, "2026-11-26")
    last = len(snap.metrics) - 1
    layers = build_layers(snap, Rows(np.array([last])))
    ids = snap.promises["project_id"].to_numpy()[layers.promises.ref]
    assert len(ids) and set(ids) == {snap.metrics["project_id"].iloc[last]}


def test_status_bar_counts_cancelled_projects_apart(tmp_path: Path) -> None:
    # As of 2020-01-01, every project started 2010-01-01:
    # late_done: promised 2012-12-31, finished 2013-12-31: slip 365, not kept (late).
    # on_time: promised and finished 2012-12-31: slip 0, kept.
    # open: promised 2018-12-31, unfinished: slip at least 2020-01-01 − 2018-12-31 = 366, late.
    # gone: promised 2011-12-31, cancelled 2015-12-31: slip at least 1461 (2012-2015), not kept,
    #   but cancelled: not late and not in the median.
    projects = tmp_path / "p.csv"
    projects.write_text(
        "id,name,start,deadline,actual finish,status\n"
        "late_done,Late,2010-01-01,2012-12-31,2013-12-31,\n"
        "on_time,On time,2010-01-01,2012-12-31,2012-12-31,\n"
        "open,Open,2010-01-01,2018-12-31,,\n"
        "gone,Gone,2010-01-01,2011-12-31,,cancelled\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text("project_id,event_date,event_kind\ngone,2015-12-31,cancelled\n")
    snap = snapshot(load_files([str(projects), str(events)]), "2020-01-01")
    ids = snap.metrics["project_id"]

    def shown(*names: str) -> np.ndarray:
        return np.flatnonzero(ids.isin(names).to_numpy())

    # All four: late = late_done, open; median of 0, 365, ≥ 366 = 365 days = 0.999 y, and
    # exact: open's slip can only grow, and stays above the middle one whatever it becomes.
    everything = summary_text(snap, shown("late_done", "on_time", "open", "gone"))
    assert everything == (
        "4 projects shown · 2 late · 1 cancelled · median slip +1.0 y · as of 2020-01-01"
    )
    # With on_time left out: median of 365 and ≥ 366 = 365.5 days, which grows with open's
    # slip: "≥".
    assert summary_text(snap, shown("late_done", "open")) == (
        "2 projects shown · 2 late · median slip ≥ +1.0 y · as of 2020-01-01"
    )
    # Without open: median of 0 and 365 = 182.5 days = 0.4997 y, no "at least" left.
    assert summary_text(snap, shown("late_done", "on_time", "gone")) == (
        "3 projects shown · 1 late · 1 cancelled · median slip +0.5 y · as of 2020-01-01"
    )
    # Without the cancelled project: nothing said about cancellations.
    assert summary_text(snap, shown("late_done", "on_time", "open")) == (
        "3 projects shown · 2 late · median slip +1.0 y · as of 2020-01-01"
    )
    # Only the cancelled project: nothing to take a median of.
    assert summary_text(snap, shown("gone")) == (
        "1 projects shown · 0 late · 1 cancelled · median slip — · as of 2020-01-01"
    )


def test_a_fiscal_quarter_is_counted_from_the_ledger_s_fiscal_start(tmp_path) -> None:
    # With the fiscal year starting in October, FY2019 runs Oct 2018 – Sep 2019 and its third
    # quarter is Apr – Jun 2019. Counted from April (the default) the same months would be
    # "Q1 FY2020": the tooltip must count from the ledger's own start.
    events = tmp_path / "e.csv"
    events.write_text(
        "project_id,name,event_date,promised\nx,Canal,2018-05-02,Q3 FY2019\n", encoding="utf-8"
    )
    ledger = load_files([str(events)], fiscal_start=10)
    snap = snapshot(ledger, "2020-01-01")
    promise = snap.promises.iloc[0]
    assert str(promise["promised_earliest"])[:10] == "2019-04-01"
    assert str(promise["promised_latest"])[:10] == "2019-06-30"
    layers = build_layers(snap)
    text = RowTexts(snap, layers).tooltip(layers.row_of("x"), NONE, np.array([0]))
    assert "promised Q3 FY2019 on 2 May 2018" in text


def test_the_summary_kept_is_the_one_written_anew_for_the_projects_asked() -> None:
    """The status summary of the last snapshot and projects asked is kept (a sort or grouping
    shows the same projects in another order): asked in turn for the sample's projects sorted,
    grouped, filtered, duplicated and on another date, each text equals the one written anew
    (``plain``), and the first two by hand."""
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap, other = snapshot(ledger, AS_OF), snapshot(ledger, "2015-06-30")
    every = run_query(snap.metrics, Query(), ledger.attributes).order
    n = len(every)
    asked = [
        (snap, every),
        (snap, every[::-1]),  # the same projects in another order: the kept text
        (snap, run_query(snap.metrics, Query("slip", "", "status"), ledger.attributes).order),
        (snap, every[: n // 2]),  # fewer projects
        (snap, every[::-1]),
        (snap, np.r_[every, every[:1]]),  # one twice: counted as given
        (other, every),  # another date: the same positions, other figures
        (snap, every),
    ]
    texts = [summary_text(s, shown) for s, shown in asked]
    assert texts == [summary_text(s, shown, plain=True) for s, shown in asked]
    assert texts[0] == texts[1] == texts[2] and texts[3] != texts[0] != texts[6]
    assert texts[0].startswith(f"{n} projects shown · ")
    assert texts[5].startswith(f"{n + 1} projects shown · ")
    assert texts[3].startswith(f"{n // 2} projects shown · ")
