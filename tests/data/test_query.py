"""Which projects a query shows, in which order and lanes, on a small metrics table written out
here (the query reads nothing else): filter, each sort, swimlanes and the errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.query import (
    NO_GROUP,
    SORT_KEYS,
    Query,
    Rows,
    groupable_columns,
    matches,
    parse_sort,
    run_query,
)

NAT = np.datetime64("NaT", "s")


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "s")


# Positions 0..4. Ties on purpose: slip 30 twice (1, 3), promised_end twice (0, 2); unknown
# values (NaN, NaT) in 4 and 1; "region": "South" sorts before "north" only if case counts,
# and there is an empty and a blank value.
METRICS = pd.DataFrame(
    {
        "project_id": ["p0", "p1", "p2", "p3", "p4"],
        "name": ["Bridge", "airport", "Canal", "Dam (a+b)", "bypass"],
        "start": [day("2010-01-01"), day("2008-01-01"), NAT, day("2009-06-01"), day("2011-01-01")],
        "promised_end": [
            day("2012-01-01"),
            NAT,
            day("2012-01-01"),
            day("2011-01-01"),
            day("2013-01-01"),
        ],
        "slip_days": [10.0, 30.0, -5.0, 30.0, np.nan],
        "slip_pct": [1.5, np.nan, 20.0, 0.5, 7.0],
        "repromises": [2, 0, 5, 2, 1],
        "status": ["ongoing", "completed", "ongoing", "cancelled", "completed"],
        "region": ["north", "South", None, "  ", "north"],
        "sector": ["rail", "air", "water", "Water", ""],
    }
)
ATTRIBUTES = ["region", "sector"]


def order(**query) -> list[int]:
    return run_query(METRICS, Query(**query), ATTRIBUTES).order.tolist()


def test_no_query_keeps_file_order_without_lanes() -> None:
    rows = run_query(METRICS, Query(), ATTRIBUTES)
    assert rows.order.tolist() == [0, 1, 2, 3, 4]
    assert rows.lanes is None and len(rows) == 5


def test_filter_searches_name_and_attributes_ignoring_case_and_spaces() -> None:
    # "water": sector of p2 ("water") and of p3 ("Water"); padded and in capitals all the same.
    assert order(filter_text="water") == [2, 3]
    assert order(filter_text="  WATER ") == [2, 3]
    # "b": Bridge, Dam (a+b) and bypass by name; "north"/"South" hold no b.
    assert order(filter_text="B") == [0, 3, 4]
    # Text is literal, not a pattern: "(a+b)" matches p3 only; "." matches nothing.
    assert order(filter_text="(a+b)") == [3]
    assert order(filter_text=".") == []
    # Only the columns given are searched: the status "cancelled" is not an attribute here.
    assert order(filter_text="cancel") == []
    # Blank text: everything, as booleans.
    everything = matches(METRICS, "   ", ATTRIBUTES)
    assert everything.dtype == bool and everything.tolist() == [True] * 5


def test_filter_reads_missing_values_as_empty() -> None:
    # p2's region is None and p3's blank: neither matches "none" or "nan".
    assert order(filter_text="none") == [] and order(filter_text="nan") == []
    assert order(filter_text="xx") == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # start ascending, NaT last: p1 2008, p3 2009-06, p0 2010, p4 2011, then p2.
        ("start", [1, 3, 0, 4, 2]),
        # promised_end ascending; p0 and p2 tie on 2012-01-01 and keep file order; p1 NaT last.
        ("promise", [3, 0, 2, 4, 1]),
        # slip descending: p1 30, p0 10, p2 -5, p4 NaN; p3 (30, but cancelled) after all of
        # them, the NaN too (cancelled projects go last in the slip sorts; before that rule
        # p3 tied with p1: [1, 3, 0, 2, 4]).
        ("slip", [1, 0, 2, 4, 3]),
        # slip_pct descending: 20.0 p2, 7.0 p4, 1.5 p0, NaN p1; then p3 (0.5, cancelled).
        ("slip_pct", [2, 4, 0, 1, 3]),
        # repromises descending: 5 p2, 2 p0, 1 p4, 0 p1; then p3 (2, cancelled).
        ("repromises", [2, 0, 4, 1, 3]),
        # name ignoring case: airport, Bridge, bypass, Canal, Dam (a+b).
        ("name", [1, 0, 4, 2, 3]),
    ],
)
def test_each_sort(sort: str, expected: list[int]) -> None:
    assert order(sort=sort) == expected


def test_sort_keys_are_the_command_lines() -> None:
    assert SORT_KEYS == ("start", "promise", "slip", "slip_pct", "repromises", "name")


def test_sort_applies_to_the_filtered_rows_only() -> None:
    # "b" keeps p0, p3, p4 (by name). By start: p3 2009-06, p0 2010, p4 2011; by slip: p0 10,
    # p4 NaN, then p3 (30, but cancelled: last). Positions stay those of the whole table.
    assert order(filter_text="b", sort="start") == [3, 0, 4]
    assert order(filter_text="b", sort="slip") == [0, 4, 3]
    assert order(filter_text="b", sort="name") == [0, 4, 3]  # bridge, bypass, dam (a+b)


def test_an_unknown_sort_is_an_error_naming_the_keys() -> None:
    with pytest.raises(ValueError, match=r"unknown sort key 'size'; use one of start, promise"):
        order(sort="size")
    with pytest.raises(ValueError, match=r"unknown sort key 'size'"):  # one row left: still
        order(filter_text="(a+b)", sort="size")


def test_lanes_alphabetical_ignoring_case_the_empty_lane_last() -> None:
    rows = run_query(METRICS, Query(group_by="region"), ATTRIBUTES)
    # Lanes: "north" (p0, p4) before "South" (p1) ignoring case; None and blank (p2, p3) in the
    # lane without a value, last; file order inside each lane.
    assert rows.order.tolist() == [0, 4, 1, 2, 3]
    assert rows.lanes.tolist() == ["north", "north", "South", NO_GROUP, NO_GROUP]


def test_lanes_keep_the_sort_inside_each_lane() -> None:
    rows = run_query(METRICS, Query(sort="name", group_by="status"), ATTRIBUTES)
    # By name: airport(p1) Bridge(p0) bypass(p4) Canal(p2) Dam(p3); lanes cancelled, completed,
    # ongoing: p3 | p1, p4 | p0, p2.
    assert rows.order.tolist() == [3, 1, 4, 0, 2]
    assert rows.lanes.tolist() == ["cancelled", "completed", "completed", "ongoing", "ongoing"]


def test_lanes_without_an_empty_value_have_no_empty_lane() -> None:
    rows = run_query(METRICS, Query(filter_text="north", group_by="region"), ATTRIBUTES)
    assert rows.order.tolist() == [0, 4] and rows.lanes.tolist() == ["north", "north"]


def test_an_unknown_grouping_column_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"unknown column 'country' to group by"):
        order(group_by="country")


def test_groupable_columns_are_the_status_then_the_attributes() -> None:
    assert groupable_columns(["region", "sector"]) == ["status", "region", "sector"]
    assert groupable_columns([]) == ["status"]


def test_rows_length_is_the_number_of_positions() -> None:
    assert len(Rows(np.array([4, 2]))) == 2 and len(Rows(np.array([], dtype=int))) == 0


def test_ties_keep_file_order_in_a_long_table() -> None:
    """Past a few rows numpy's default sort is not stable: ties must still keep file order.
    Expected orders come from Python's sorted, which is stable."""
    n = 60
    big = pd.DataFrame(
        {
            "name": [f"p{k}" for k in range(n)],
            "slip_days": [float(k % 3) for k in range(n)],
            "lane": [("b", "a")[k % 2] for k in range(n)],
        }
    )
    by_slip = run_query(big, Query(sort="slip"), []).order.tolist()
    assert by_slip == sorted(range(n), key=lambda k: -(k % 3))
    lanes = run_query(big, Query(group_by="lane"), [])
    assert lanes.order.tolist() == sorted(range(n), key=lambda k: ("b", "a")[k % 2])


# Positions 0..5: three cancelled (c1, c3, c5), one of them without a slip (c5), and an ongoing
# project without a slip (p4).
CANCELLED = pd.DataFrame(
    {
        "project_id": ["p0", "c1", "p2", "c3", "p4", "c5"],
        "name": ["a", "b", "c", "d", "e", "f"],
        "start": [day("2010-01-01"), day("2001-01-01"), day("2012-01-01")] * 2,
        "slip_days": [5.0, 900.0, 40.0, 50.0, np.nan, np.nan],
        "slip_pct": [1.0, 90.0, np.nan, 50.0, 2.0, np.nan],
        "repromises": [0, 9, 3, 1, 3, 4],
        "status": ["ongoing", "cancelled", "completed", "cancelled", "ongoing", "cancelled"],
    }
)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Not cancelled: p2 40, p0 5, p4 NaN; then the cancelled: c1 900, c3 50, c5 NaN.
        ("slip", [2, 0, 4, 1, 3, 5]),
        # Not cancelled: p4 2.0, p0 1.0, p2 NaN; then c1 90.0, c3 50.0, c5 NaN.
        ("slip_pct", [4, 0, 2, 1, 3, 5]),
        # Not cancelled: p2 3, p4 3 (tie: file order), p0 0; then c1 9, c5 4, c3 1.
        ("repromises", [2, 4, 0, 1, 5, 3]),
        # The other sorts leave cancelled projects where their values put them: start ascending
        # c1 2001 (twice: c1, p4 file order), p0 2010 (p0, c3), p2 2012 (p2, c5).
        ("start", [1, 4, 0, 3, 2, 5]),
    ],
)
def test_cancelled_projects_go_last_in_the_slip_sorts(sort: str, expected: list[int]) -> None:
    assert run_query(CANCELLED, Query(sort=sort), []).order.tolist() == expected


def test_projects_that_do_not_exist_yet_are_left_out() -> None:
    # p1 and p3 do not exist on the as-of date: no filter, sort or grouping brings them back.
    metrics = METRICS.assign(exists=[True, False, True, False, True])
    assert run_query(metrics, Query(), ATTRIBUTES).order.tolist() == [0, 2, 4]
    # slip descending among p0 10, p2 -5, p4 NaN.
    assert run_query(metrics, Query(sort="slip"), ATTRIBUTES).order.tolist() == [0, 2, 4]
    assert run_query(metrics, Query(filter_text="south"), ATTRIBUTES).order.tolist() == []
    # Lanes: "north" p0, p4; p2 (None) in the lane without a value.
    rows = run_query(metrics, Query(group_by="region"), ATTRIBUTES)
    assert rows.order.tolist() == [0, 4, 2]
    assert rows.lanes.tolist() == ["north", "north", NO_GROUP]


def test_a_direction_turns_any_sort_around() -> None:
    # start descending: p4 2011, p0 2010, p3 2009-06, p1 2008; p2's unknown start still last.
    assert order(sort="start", descending=True) == [4, 0, 3, 1, 2]
    assert order(sort="start", descending=None) == order(sort="start")
    # slip ascending: p2 -5, p0 10, p1 30, then p4 (unknown), then the cancelled p3.
    assert order(sort="slip", descending=False) == [2, 0, 1, 4, 3]
    assert order(sort="slip", descending=True) == order(sort="slip")  # its own direction


def test_status_and_attributes_sort_as_text_ignoring_case() -> None:
    # region: north, South, None, blank, north: the unknown ones (p2, p3) last both ways.
    assert order(sort="region") == [0, 4, 1, 2, 3]
    assert order(sort="region", descending=True) == [1, 0, 4, 2, 3]
    assert order(sort="status") == [3, 1, 4, 0, 2]  # cancelled, completed ×2, ongoing ×2
    with pytest.raises(ValueError, match="unknown sort key 'slip_days'"):
        order(sort="slip_days")  # a metrics column, not an attribute


def test_parse_sort() -> None:
    assert parse_sort("slip") == ("slip", None)
    assert parse_sort("slip:asc") == ("slip", False)
    assert parse_sort("name:DESC") == ("name", True)
    with pytest.raises(ValueError, match="'up'"):
        parse_sort("slip:up")
