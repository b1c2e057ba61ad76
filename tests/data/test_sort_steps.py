"""A sort, grouping or filter of a large ledger takes its layers from every project's by parts
(``rowarrays.Items.take``, :data:`rowarrays.CHUNK_ITEMS` items at a time) and, when the rows
are every project's in another order, reads the ranges of every project's layers: the items
taken by parts are those worked out by hand, and the layers of many queries (each sort in
both directions, ties and unknown slips among them; groupings; filters; folds) equal the
layers built from the rows alone (``build_layers(plain=True)``), in parts of the default size
and of a few items."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from data import layout, rowarrays
from data import query as queries
from data.lanes import medians
from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot, to_date
from data.query import SORT_KEYS, Query, _ordered_bits, run_query
from data.rowarrays import Items, Points, permutes, stepped
from data.slips import SlipLabels
from tests.data.test_fast_steps import _equal, _same
from tests.data.test_incremental import _generated

NAN = float("nan")


@pytest.mark.parametrize("part", [1, 2, 3, 1 << 14])
def test_items_taken_by_parts_by_hand(monkeypatch, part) -> None:
    """Projects 0..3 with 2, 0, 3 and 1 items (positions 0-1, 2-4, 5); shown as 2, 3, 0 on
    rows 0, 2, 5 (project 1, without items, shown too, on row 7)."""
    monkeypatch.setattr(rowarrays, "CHUNK_ITEMS", part)
    project = np.array([0, 0, 2, 2, 2, 3])
    x = np.array([10.0, 11.0, 20.0, 21.0, 22.0, 30.0])
    ref = np.arange(6, dtype=np.int32)  # (a counting column: each item's position)
    kind = np.array([1, 2, 3, 4, 5, 6], dtype=np.int8)
    items = Items.of(project, 4, x, ref, kind)
    assert not items.single and items.counting == (False, True, False)
    (xs, refs, kinds), row, spot = items.take(np.array([2, 1, 3, 0]), np.array([0, 7, 2, 5]))
    assert xs.tolist() == [20.0, 21.0, 22.0, 30.0, 10.0, 11.0]
    assert refs.tolist() == [2, 3, 4, 5, 0, 1] and refs.dtype == np.int32
    assert kinds.tolist() == [3, 4, 5, 6, 1, 2] and kinds.dtype == np.int8
    assert row.tolist() == [0, 0, 0, 2, 5, 5] and row.dtype == np.int32
    assert len(spot) == 0
    (none, *_), no_row, _ = items.take(np.array([1]), np.array([4]))  # one without items
    assert len(none) == 0 and len(no_row) == 0 and none.dtype == np.float64


def test_a_permutation_is_every_row_once() -> None:
    assert permutes(np.array([2, 0, 1]), 3)
    assert not permutes(np.array([2, 0, 0]), 3)  # (a row twice, one missing)
    assert not permutes(np.array([0, 1]), 3) and permutes(np.array([], dtype=np.int64), 0)


def test_slip_labels_of_every_row_read_as_those_of_rows_among_others() -> None:
    """Every row a project's (the figures taken as they are) and the same projects below a
    blank first row (copied into place): the same labels, worked out by hand."""
    days, pct = np.array([400.0, NAN, -90.0]), np.array([50.2, 10.0, -0.3])
    least, rep = np.array([True, False, False]), np.array([3, 0, 1])
    every = SlipLabels.for_rows(3, np.arange(3), days, pct, least, rep)
    below = SlipLabels.for_rows(4, np.arange(1, 4), days, pct, least, rep)
    expected = ["≥ +1.1 y (+50 %) · 3 re-promises", "", "−0.2 y (0 %) · 1 re-promise"]
    assert every[:] == expected and below[:] == ["", *expected]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_files([_generated(tmp_path_factory.mktemp("sorts") / "events.csv", 10_000)])


QUERIES = (
    *(Query(sort=key, descending=down) for key in SORT_KEYS for down in (None, False, True)),
    Query(sort="status"),
    Query(group_by="status"),
    Query(sort="slip", group_by="status", descending=False),
    Query(sort="name", group_by="kept"),
    Query(sort="repromises", filter_text="7"),
    Query(filter_text="p01"),
    Query(sort="slip_pct", filter_text="zzz"),  # (no row at all)
)


@pytest.mark.parametrize("part", [97, 1 << 14])
def test_generated_sorts_groups_and_filters_equal_the_plain_layers(
    generated, monkeypatch, part
) -> None:
    monkeypatch.setattr(rowarrays, "CHUNK_ITEMS", part)
    snap = snapshot(generated, to_date("2008-03-15"))
    slips = snap.metrics["slip_days"].to_numpy(dtype=float)
    assert np.isnan(slips).sum() > 100  # unknown slips (last in the slip sort)
    assert len(np.unique(slips[np.isfinite(slips)])) < len(slips) / 2  # many ties
    whole = build_layers(snap)
    for query in QUERIES:
        rows = run_query(snap.metrics, query, generated.attributes)
        plain = run_query(snap.metrics, query, generated.attributes, plain=True)
        _equal(rows.order, plain.order, f"{query} order")
        _equal(rows.lanes, plain.lanes, f"{query} lanes")
        layers = build_layers(snap, rows)
        _same(layers, build_layers(snap, rows, plain=True))
        if not query.filter_text:  # every row, in another order: the same ranges
            assert layers.x_range == whole.x_range and layers.fit_range == whole.fit_range
        if rows.lanes is not None:  # the first lane folded: a part of the rows, not all
            folded = replace(rows, folded=frozenset([str(rows.lanes[0])]))
            _same(build_layers(snap, folded), build_layers(snap, folded, plain=True))


@pytest.mark.parametrize("part", [1, 2, 1 << 14])
def test_the_kinds_present_counted_by_parts(monkeypatch, part) -> None:
    monkeypatch.setattr(rowarrays, "CHUNK_ITEMS", part)
    kind = np.array([3, 0, 0, 7, 3], dtype=np.int8)
    marks = Points(x=np.zeros(5), row=np.zeros(5, np.int32), kind=kind)
    assert marks.kinds_present == {0, 3, 7}


def test_lane_medians_by_hand() -> None:
    """Group 0: 1, 5, 3 (median 3), group 1: none, group 2: 2, 10 and an "at least" 4 (median
    4; made endless it would be 10), group 3: 7 and NaN (7), group 4: 4, 8 (6)."""
    slips = np.array([1.0, 2.0, 5.0, 10.0, 7.0, NAN, 3.0, 4.0, 4.0, 8.0])
    group = np.array([0, 2, 0, 2, 3, 3, 0, 2, 4, 4])
    least = np.zeros(10, dtype=bool)
    least[7] = True
    for plain in (False, True):
        now, depends = medians(slips, least, group, 5, plain=plain)
        assert np.array_equal(now, [3.0, NAN, 4.0, 7.0, 6.0], equal_nan=True)
        assert depends.tolist() == [False, False, True, False, False]


@pytest.mark.parametrize("seed", range(6))
def test_lane_medians_by_partition_equal_those_by_a_sort(seed) -> None:
    rng = np.random.default_rng(seed)
    n, groups = int(rng.integers(1, 5_000)), int(rng.integers(1, 64))
    slips = rng.integers(-50, 50, n).astype(float)  # (many ties)
    slips[rng.random(n) < 0.2] = NAN
    least, group = rng.random(n) < 0.1 * (seed % 3), rng.integers(0, groups, n)
    fast, plain = (
        medians(slips, least, group, groups),
        medians(slips, least, group, groups, plain=True),
    )
    assert np.array_equal(fast[0], plain[0], equal_nan=True)
    assert np.array_equal(fast[1], plain[1]) and fast[1].dtype == plain[1].dtype


def test_a_return_to_rows_takes_their_kept_layers_of_that_snapshot_only(generated) -> None:
    """Rows equal to the last rows taken (a new object: a sort asked again, a filter cleared)
    get the same layers; other rows, folds or snapshots do not, and another snapshot's layers
    are not held once it is asked about."""
    snap = snapshot(generated, to_date("2008-03-15"))
    by_slip = run_query(snap.metrics, Query(sort="slip"), generated.attributes)
    layers = build_layers(snap, by_slip)
    build_layers(snap)  # the default rows between (every project's: kept apart)
    again = run_query(snap.metrics, Query(sort="slip"), generated.attributes)
    assert again is not by_slip and again.same(by_slip)
    assert build_layers(snap, again) is layers
    down = run_query(snap.metrics, Query(sort="slip", descending=False), generated.attributes)
    assert not down.same(by_slip) and build_layers(snap, down) is not layers
    grouped = run_query(snap.metrics, Query(group_by="status"), generated.attributes)
    folded = replace(grouped, folded=frozenset([str(grouped.lanes[0])]))
    assert not folded.same(grouped) and not grouped.same(by_slip)
    assert build_layers(snap, folded) is not build_layers(snap, grouped)
    _same(build_layers(snap, again), build_layers(snap, again, plain=True))
    other = snapshot(generated, to_date("2009-03-15"))
    build_layers(other)  # (its default rows: nothing taken, the other snapshot's let go)
    assert layout._last is None


def test_runs_stepped_by_hand_and_as_repeated() -> None:
    """Runs from 5 (two items), 0 (one) and 9 (three): positions step by 1, rows by 0; and
    random runs as ``np.repeat`` and ``np.arange`` lay them out."""
    out = stepped(np.array([5, 0, 9], np.int32), np.array([2, 1, 3]), 1, np.empty(6, np.int64))
    assert out.tolist() == [5, 6, 0, 9, 10, 11] and out.dtype == np.int64
    same = stepped(np.array([5, 0, 9], np.int32), np.array([2, 1, 3]), 0, np.empty(6, np.int32))
    assert same.tolist() == [5, 5, 0, 9, 9, 9] and same.dtype == np.int32
    assert len(stepped(np.zeros(0, np.int32), np.zeros(0, np.int64), 1, np.empty(0))) == 0
    rng = np.random.default_rng(15)
    count = rng.integers(1, 9, 2_000)
    values = rng.integers(0, 10_000, 2_000).astype(np.int32)
    begins = np.cumsum(count) - count
    for step in (0, 1):
        expected = np.repeat(values, count) + step * (np.arange(count.sum()) - begins.repeat(count))
        got = stepped(values, count, step, np.empty(int(count.sum()), np.int64))
        assert np.array_equal(got, expected)


def test_float_keys_as_bits_sort_as_the_floats() -> None:
    """-0.0 ties 0.0 (file order kept), NaN of either sign goes last after +inf, in file
    order; worked out by hand, then random floats with ties against numpy's stable sort."""
    key = np.array([0.0, -np.inf, NAN, -0.0, 2.5, -NAN, np.inf, -1e-300, 2.5, -7.0])
    order = np.argsort(_ordered_bits(key), kind="stable")
    assert order.tolist() == [1, 9, 7, 0, 3, 4, 8, 6, 2, 5]
    assert np.signbit(key[3]) and np.signbit(-NAN)  # (the cases meant)
    rng = np.random.default_rng(3)
    floats = rng.integers(-20, 20, 5_000) / 4.0
    floats[rng.random(5_000) < 0.1] = NAN
    floats = np.where(rng.random(5_000) < 0.5, -floats, floats)  # (-0.0 and -NaN among them)
    bits = _ordered_bits(floats)
    assert np.array_equal(np.argsort(bits, kind="stable"), np.argsort(floats, kind="stable"))


def _awkward() -> pd.DataFrame:
    """Eight projects: ties, unknown and negated zero slips, a cancelled one, statuses and a
    team differing by case and blanks, a missing team, a blank one; ``mixed`` holds 1, 1.0 and
    True (equal as objects, not as text)."""
    day = np.datetime64("2020-01-01", "s")
    return pd.DataFrame(
        {
            "project_id": [f"p{i}" for i in range(8)],
            "name": ["b", "A", "a", "c ", "B", "", "d", "a"],
            "start": [day + np.timedelta64(d, "D") for d in (3, 1, 3, 0, 2, 1, 5, 4)],
            "promised_end": [day, np.datetime64("NaT"), day, day, day, day, day, day],
            "slip_days": [0.0, NAN, -0.0, 5.0, 5.0, -3.0, NAN, 0.0],
            "slip_pct": [1.0, 2.0, 1.0, NAN, -0.0, 0.0, 3.0, 1.0],
            "repromises": [1, 0, 1, 2, 0, 0, 3, 1],
            "status": ["open", "Done", "cancelled", "done ", "open", "cancelled", "Open", "done"],
            "team": ["  Beta", "beta", "", None, "Alpha", "alpha ", "beta", "Gamma"],
            "mixed": [1, 1.0, True, "1", None, 2, "x", 1],
            "exists": [True] * 8,
        }
    ).astype({"status": object, "team": object, "mixed": object})


def test_every_sort_of_awkward_metrics_equals_the_plain_sort() -> None:
    metrics = _awkward()
    columns = ["team", "mixed"]
    for sort in (*SORT_KEYS, "status", "team", "mixed"):
        for down in (None, False, True):
            query = Query(sort=sort, descending=down)
            fast = run_query(metrics, query, columns).order
            plain = run_query(metrics, query, columns, plain=True).order
            _equal(fast, plain, f"{query}")
    team = run_query(metrics, Query(sort="team"), columns).order  # (by hand: "alpha" 4, 5;
    assert team.tolist() == [4, 5, 0, 1, 6, 7, 2, 3]  # "beta" 0, 1, 6; "gamma"; blank, none)
    down = run_query(metrics, Query(sort="team", descending=True), columns).order
    assert down.tolist() == [7, 0, 1, 6, 4, 5, 2, 3]
    slip = run_query(metrics, Query(sort="slip"), columns).order  # (largest first, cancelled
    assert slip.tolist() == [3, 4, 0, 7, 1, 6, 2, 5]  # last: -0.0 ties 0.0, NaN after)


@pytest.mark.parametrize("dtype", ["object", "string[python]", "string[pyarrow]", "str"])
def test_the_first_search_of_a_column_finds_what_the_plain_search_finds(dtype) -> None:
    """The lowered texts kept for the filter (Python's strings lowered one by one, others by
    pandas) find the projects the plain search finds, letters whose lower case differs in
    length or by position among them; by hand for a few."""
    queries._lowered_kept.clear()
    names = ["İstanbul", "STRASSE", "ΟΔΟΣ", "Ǆemal", None, "", "straße", "i̇x", "Project_01"]
    metrics = pd.DataFrame({"name": pd.Series(names, dtype=dtype), "team": ["A"] * 9})
    for needle in ("i̇", "stras", "οσ", "ǆ", "ß", "project_0", "x", "a", "zz"):
        fast = queries.matches(metrics, needle, ["team"])
        _equal(fast, queries.matches(metrics, needle, ["team"], plain=True), needle)
        queries._lowered_kept.clear()  # (the next needle's search lowers the column anew)
    assert queries.matches(metrics, "STRAS", []).tolist() == [0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert np.flatnonzero(queries.matches(metrics, "project_01", [])).tolist() == [8]
