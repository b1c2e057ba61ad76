"""Lanes (``data.lanes``): folding as a filter on the rows, each lane's counts and median slip,
and the columns the window offers to group by. Expected values worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.lanes import lane_columns, medians, place
from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, run_query


def test_a_folded_lane_keeps_its_header_and_hides_its_rows() -> None:
    # Lanes A (3 projects), B (2, folded), C (1): rows 0 = header A, 1-3 = A's projects,
    # 4 = header B (its projects hidden), 5 = header C, 6 = C's project: seven rows.
    order = np.array([10, 11, 12, 20, 21, 30])
    lanes = np.array(["A", "A", "A", "B", "B", "C"], dtype=object)
    placed = place(order, lanes, {"B"})
    assert placed.order.tolist() == [10, 11, 12, 30]
    assert placed.rows.tolist() == [1, 2, 3, 6]
    assert placed.headers.tolist() == [0, 4, 5]
    assert placed.n_rows == 7
    unfolded = place(order, lanes, ())
    assert unfolded.rows.tolist() == [1, 2, 3, 5, 6, 8] and unfolded.headers.tolist() == [0, 4, 7]
    every = place(order, lanes, {"A", "B", "C"})
    assert every.headers.tolist() == [0, 1, 2] and every.n_rows == 3 and not len(every.order)
    assert place(order, None, {"A"}).rows.tolist() == [0, 1, 2, 3, 4, 5]  # no lanes: no folds


@pytest.mark.parametrize(
    ("slips", "at_least", "median", "depends"),
    [
        ([100, 200, 300], [True, False, False], 200, True),  # the 100 may grow past 200
        ([100, 200, 300], [False, False, True], 200, False),  # the 300 only grows away
        ([365, 366], [False, True], 365.5, True),  # even: the middle two's mean
        ([0, 365, 366], [False, False, True], 365, False),
        ([5, 5, 5], [True, False, False], 5, False),  # ties: it stays 5 whatever it becomes
        ([np.nan, 7], [True, False], 7, False),  # no slip: left out
    ],
)
def test_the_median_says_at_least_only_when_it_depends_on_an_open_slip(
    slips, at_least, median, depends
) -> None:
    got, marked = medians(np.array(slips, float), np.array(at_least), np.zeros(len(slips), int), 1)
    assert got.tolist() == [median] and marked.tolist() == [depends]


def test_medians_per_group_and_a_group_without_slips() -> None:
    slips = np.array([3.0, 1.0, 2.0, np.nan, 10.0, 20.0])
    group = np.array([0, 0, 0, 1, 2, 2])
    got, marked = medians(slips, np.zeros(6, bool), group, 3)
    assert got[0] == 2.0 and np.isnan(got[1]) and got[2] == 15.0
    assert marked.tolist() == [False, False, False]


@pytest.fixture
def regions(tmp_path: Path):
    # Every project started 2010-01-01; as of 2020-01-01:
    # North: n1 promised 2012-12-31, finished 2013-12-31: slip 365, late. n2 promised and finished
    #   2012-12-31: slip 0, kept. n3 promised 2018-12-31, open: slip ≥ 366 days, late. n4
    #   cancelled (2015-12-31): neither late nor in the median. 4 projects, 2 late, median of
    #   0, 365, ≥ 366 = 365 days whatever n3's slip becomes: "+1.0 y" (365 / 365.25 = 0.999).
    # South: s1 promised 2019-06-30, open: slip ≥ 185 days (Jul–Dec 184, and 1 Jan), late; s2
    #   promised 2012-12-31, finished 2014-12-31: slip 730, late. 2 projects, 2 late, median
    #   (185 + 730) / 2 = 457.5 days = 1.25 y, which grows with s1's: "≥ +1.3 y".
    # (none): z1 promised 2030-01-01, open, not late yet: slip ≥ 0. 1 project, 0 late, "≥ 0.0 y".
    projects = tmp_path / "p.csv"
    projects.write_text(
        "id,name,region,start,deadline,actual finish,status\n"
        "n1,N one,North,2010-01-01,2012-12-31,2013-12-31,\n"
        "s1,S one,South,2010-01-01,2019-06-30,,\n"
        "n2,N two,North,2010-01-01,2012-12-31,2012-12-31,\n"
        "z1,Z one,,2010-01-01,2030-01-01,,\n"
        "n3,N three,North,2010-01-01,2018-12-31,,\n"
        "s2,S two,South,2010-01-01,2012-12-31,2014-12-31,\n"
        "n4,N four,North,2010-01-01,2011-12-31,,cancelled\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text("project_id,event_date,event_kind\nn4,2015-12-31,cancelled\n")
    ledger = load_files([str(projects), str(events)])
    snap = snapshot(ledger, "2020-01-01")
    return snap, run_query(snap.metrics, Query(group_by="region"), ledger.attributes)


def test_lane_headers_count_projects_late_and_median_slip(regions) -> None:
    snap, rows = regions
    layers = build_layers(snap, rows)
    lanes = layers.lanes
    assert lanes is not None and lanes.keys == ["North", "South", "(none)"]
    assert lanes.projects.tolist() == [4, 2, 1] and lanes.late.tolist() == [2, 2, 0]
    assert lanes.median.tolist() == [365.0, 457.5, 0.0]
    assert lanes.median_at_least.tolist() == [False, True, True]
    headers = np.flatnonzero(layers.is_header)
    assert headers.tolist() == [0, 5, 8]
    assert [layers.names[h] for h in headers] == ["North  (4)", "South  (2)", "(none)  (1)"]
    assert [layers.slip_labels[int(h)] for h in headers] == [
        "2 late · median +1.0 y",
        "2 late · median ≥ +1.3 y",
        "0 late · median ≥ 0.0 y",
    ]
    assert layers.slip_labels[:] == [layers.slip_labels[i] for i in range(layers.n_rows)]


def test_folding_hides_the_lane_s_rows_and_keeps_its_counts(regions) -> None:
    snap, rows = regions
    folded = build_layers(snap, replace(rows, folded=frozenset({"North"})))
    # Header North, header South, s1, s2, header (none), z1.
    assert folded.project_ids.tolist() == ["", "", "s1", "s2", "", "z1"]
    assert folded.is_header.tolist() == [True, True, False, False, True, False]
    assert folded.names[0] == "North  (4)" and folded.slip_labels[0] == "2 late · median +1.0 y"
    assert folded.lanes is not None and folded.lanes.folded.tolist() == [True, False, False]
    assert folded.row_of("n1") == -1
    # Nothing of a folded lane's projects is drawn: every mark is on South's or (none)'s rows.
    for layer in (folded.promised, folded.actual, folded.statements, folded.open_ends):
        assert set(layer.row.tolist()) <= {2, 3, 5}
    # A folded lane that the rows no longer show stays folded when they show it again.
    assert build_layers(snap, replace(rows, folded=frozenset({"North", "East"}))).n_rows == 6


def test_the_window_offers_columns_of_at_most_fifty_values() -> None:
    n = 60
    frame = pd.DataFrame(
        {
            "status": ["ongoing"] * n,
            "fifty": [f"v{i % 50}" for i in range(n)],
            "fifty_one": [f"v{i % 51}" for i in range(n)],
            "notes": [f"said on day {i}" for i in range(n)],  # free text: all different
            "padded": [" a", "a ", "a", "", None, "a"] * 10,  # one value: blanks and spaces
            # Three values, but notes: 61, 62 and 75 characters, the median over 60.
            "remarks": ["x" * 61, "y" * 62, "z" * 75] * 20,
            "long_labels": ["x" * 59, "y" * 60, "z" * 75] * 20,  # the median 60: labels
        }
    )
    attributes = ["fifty", "fifty_one", "notes", "padded", "remarks", "long_labels"]
    assert lane_columns(frame, attributes) == ["status", "fifty", "padded", "long_labels"]
    assert lane_columns(frame, attributes, most=51) == [
        "status",
        "fifty",
        "fifty_one",
        "padded",
        "long_labels",
    ]


def test_counts_follow_the_snapshot(regions, tmp_path: Path) -> None:
    # As of 2012-06-01 (the counts of 2020 taken first): no promise of n1, n2, s1, s2, n3 or z1
    # has passed; n4's promise (2011-12-31) has, and its cancellation (2015-12-31) is not known
    # yet, so it is late: North 1 late, South 0, (none) 0.
    snap, rows = regions
    assert build_layers(snap, rows).lanes.late.tolist() == [2, 2, 0]
    ledger = load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])
    early = snapshot(ledger, "2012-06-01")
    lanes = build_layers(early, run_query(early.metrics, Query(group_by="region"), [])).lanes
    assert lanes is not None and lanes.keys == ["North", "South", "(none)"]
    assert lanes.late.tolist() == [1, 0, 0]
