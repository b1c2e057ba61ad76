"""The kept work of a change of rows equals the straightforward one: the layers taken from every
project's (``data.rowarrays``) equal the layers built from the rows alone
(``build_layers(plain=True)``), and the rows of a query with its kept sort orders, lowered texts
and grouping codes equal the rows computed anew (``run_query(plain=True)``), on the sample at
every fourth day something in it changes (and some days before) and on a generated ledger of
ten thousand projects, asked in turn as the window asks them (the same snapshot sorted,
filtered, grouped, folded, then sorted again)."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pytest

from data.lanes import LaneHeaders
from data.layout import Points, Spans, TimelineLayers, build_layers
from data.load import load_files
from data.metrics import snapshot, to_date
from data.query import Query, run_query
from tests.conftest import SAMPLES
from tests.data.test_incremental import _change_days, _generated

QUERIES = (
    Query(),
    Query(sort="slip"),
    Query(sort="slip", filter_text="1"),  # (the kept order of every project, restricted)
    Query(group_by="status"),
    Query(sort="name", descending=True, group_by="status"),
    Query(filter_text="A"),
    Query(sort="start", filter_text="a", group_by="status"),
    Query(sort="slip"),  # again: the order kept
    Query(sort="promise", descending=False),
    Query(sort="slip", descending=False, filter_text="P0"),  # (ids "p00042": found at 0)
    Query(filter_text="ber"),  # (the sample's "Berlin …")
    Query(group_by="kept"),  # another column's codes
)


def _equal(u: object, v: object, where: str) -> None:
    if isinstance(u, np.ndarray):
        assert isinstance(v, np.ndarray) and u.dtype == v.dtype, where
        assert u.shape == v.shape, where
        assert np.array_equal(u, v, equal_nan=u.dtype.kind == "f"), where
    else:
        assert u == v, where


def _same(a: TimelineLayers, b: TimelineLayers) -> None:
    """Every layer, array for array (dtypes included), the lanes' counts and every label."""
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, Spans | Points | LaneHeaders):
            assert type(x) is type(y), f.name
            for part in fields(x):
                _equal(getattr(x, part.name), getattr(y, part.name), f"{f.name}.{part.name}")
        elif f.name == "slip_labels":
            assert len(x) == len(y) and x[:] == y[:], f.name
        else:
            _equal(x, y, f.name)


def _check(ledger, day, queries=QUERIES) -> int:
    """The fast rows and layers of each query equal the plain ones; the statements drawn."""
    snap = snapshot(ledger, day)
    drawn = 0
    for query in queries:
        rows = run_query(snap.metrics, query, ledger.attributes)
        plain = run_query(snap.metrics, query, ledger.attributes, plain=True)
        _equal(rows.order, plain.order, f"{query} order")
        _equal(rows.lanes, plain.lanes, f"{query} lanes")
        layers = build_layers(snap, rows)
        _same(layers, build_layers(snap, rows, plain=True))
        if rows.lanes is not None and len(rows.lanes):  # a lane folded: its rows go
            folded = replace(rows, folded=frozenset([str(rows.lanes[-1])]))
            _same(build_layers(snap, folded), build_layers(snap, folded, plain=True))
        drawn += len(layers.statements)
    _same(build_layers(snap), build_layers(snap, plain=True))  # the default rows
    return drawn


def test_sample_change_days() -> None:
    sample = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    days = _change_days(sample)
    assert len(days) > 100
    drawn = 0
    for i, day in enumerate(days[::4]):  # (every fourth: the snapshots' own test has all)
        if i % 5:
            drawn += _check(sample, day, (Query(sort="slip", group_by="status"),))
            continue
        drawn += _check(sample, day)
        drawn += _check(sample, day - np.timedelta64(1, "D"), QUERIES[:2])  # the day before
    assert drawn > 300  # statements were drawn (the check compares something)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_files([_generated(tmp_path_factory.mktemp("steps") / "events.csv", 10_000)])


@pytest.mark.parametrize("day", ["1996-06-30", "2008-03-15", "2040-01-01"])
def test_generated_ten_thousand_projects(generated, day) -> None:
    assert len(generated.projects) > 9_000
    assert _check(generated, to_date(day)) > 10_000


def test_a_filter_keeps_the_rows_of_its_matches_by_hand() -> None:
    """The numpy text search finds what a plain substring test finds, case ignored, on names
    written out here (a needle with a NUL, which numpy's text would drop at an end, is searched
    the plain way)."""
    import pandas as pd

    names = ["Alpha Bridge", "beta tunnel", "GAMMA bridge", "", "bridge\x00", "Delta"]
    metrics = pd.DataFrame({"name": names, "exists": [True] * 6})
    for needle, expected in (("BRIDGE", [0, 2, 4]), ("a b", [0, 2]), ("e\x00", [4]), ("x", [])):
        rows = run_query(metrics, Query(filter_text=needle), [])
        assert rows.order.tolist() == expected, needle


def test_the_kept_lowered_texts_stay_within_their_budget_and_go_with_their_ledger(
    monkeypatch,
) -> None:
    """The filter's lowered texts are kept for every column together within LOWERED_BYTES, a
    numpy-backed column's too (its ``array`` is a new object each call), and an earlier
    ledger's are let go when another's names are searched. Sizes by hand: 4 bytes a character."""
    import pandas as pd

    from data import query

    monkeypatch.setattr(query, "_lowered_kept", {})
    # names of up to 12 characters: 3 × 12 × 4 = 144 bytes; "code" of up to 5: 3 × 5 × 4 = 60.
    monkeypatch.setattr(query, "LOWERED_BYTES", 144 + 60)
    metrics = pd.DataFrame(
        {
            "name": ["Alpha Bridge", "beta", "Gamma"],
            "code": pd.Series(["AB-1", "", "x-100"], dtype=object),
            "note": pd.Series(["far", "near", "far"], dtype=object),
            "exists": [True] * 3,
        }
    )
    assert run_query(metrics, Query(filter_text="a"), ["code", "note"]).order.tolist() == [0, 1, 2]
    kept = query._lowered_kept
    assert kept["name"][1].nbytes == 144 and kept["code"][1].nbytes == 60
    assert kept["note"][1] is None  # (no room left: searched the plain way)
    code = kept["code"][1]
    assert run_query(metrics, Query(filter_text="1"), ["code", "note"]).order.tolist() == [0, 2]
    assert query._lowered_kept["code"][1] is code  # kept: not lowered again
    assert run_query(metrics, Query(filter_text="NEAR"), ["code", "note"]).order.tolist() == [1]
    other = metrics.assign(name=["One", "Two", "Three"])  # another ledger's names
    assert run_query(other, Query(filter_text="t"), []).order.tolist() == [1, 2]
    assert list(query._lowered_kept) == ["name"]
