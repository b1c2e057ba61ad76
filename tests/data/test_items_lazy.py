"""Each layer's items by row of the empty query (``data.rowarrays.ItemsByRow``) are grouped when
first taken, not for the first frame: by hand, what they hold; on a generated ledger, none is
grouped by the default rows' layers, a query's rows then group them and their layers equal the
reference layout's (``layout_reference``), and an as-of change that keeps the statements takes
the statements' items grouped before, the very objects, or leaves them to be grouped."""

from __future__ import annotations

import numpy as np
import pytest

from data import rowarrays
from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot, to_date
from data.query import Query, run_query
from data.rowarrays import ItemsByRow, kept
from tests.data import layout_reference
from tests.data.test_incremental import _generated
from tests.data.test_layers_fast import _same

STATEMENTS = ("windows", "open_windows", "promises", "statements")


def test_by_hand() -> None:
    # Three projects: 0 has two items, 1 none, 2 one; the columns are the items' own.
    row = np.array([0, 0, 2])
    x = np.array([5.0, 6.0, 7.0])
    items = ItemsByRow(3, {"a": (row, x), "b": (row[:1], x[:1])}, {})
    assert list(items) == ["a", "b"] and len(items) == 2
    assert items.made("a") is None and items.made("b") is None
    a = items["a"]
    assert a.lo.tolist() == [0, 2, 2] and a.count.tolist() == [2, 0, 1]
    assert [c.tolist() for c in a.columns] == [[5.0, 6.0, 7.0]] and not a.single
    assert items.made("a") is a and items["a"] is a  # (grouped once, kept)
    assert items.made("b") is None  # (not asked: not grouped)
    b = items["b"]
    assert b.count.tolist() == [1, 0, 0] and b.single
    given = ItemsByRow(3, {"a": (row, x)}, {"a": b})
    assert given["a"] is b  # (given: taken as it is)
    with pytest.raises(KeyError):
        items["c"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("items") / "events.csv"
    return load_files([_generated(path, 3_000, seed=21)])


def _every(snap):
    return kept(snap, lambda: pytest.fail("every project's arrays not kept"))


def test_grouped_when_first_taken(generated) -> None:
    snap = snapshot(generated, to_date("2040-01-01"))
    _same(build_layers(snap), layout_reference.build_layers(snap))
    every = _every(snap)
    assert all(every.marks.made(name) is None for name in every.marks)  # (none grouped)
    assert len(every.marks) == 12
    for query in (Query(sort="slip"), Query(group_by="status"), Query(filter_text="1")):
        rows = run_query(snap.metrics, query, generated.attributes)
        _same(build_layers(snap, rows), layout_reference.build_layers(snap, rows))
    assert all(every.marks.made(name) is not None for name in every.marks)


def test_an_as_of_change_keeping_the_statements(generated, monkeypatch) -> None:
    """A day later than the last statement, then another: the same statements known, their
    layers and items are the last date's (grouped or not), the bars drawn anew."""
    first, second, third = (to_date(d) for d in ("2041-01-01", "2042-06-01", "2043-03-03"))
    monkeypatch.setattr(rowarrays, "_kept", [])  # (no arrays of an earlier test's date)
    a = snapshot(generated, first)
    build_layers(a)
    statements_a = _every(a).layers.statements  # (one snapshot's arrays kept: a's, then b's)
    b = snapshot(generated, second)
    _same(build_layers(b), layout_reference.build_layers(b))
    every_b = _every(b)
    assert every_b.layers.statements is statements_a  # (the statements kept)
    assert all(every_b.marks.made(name) is None for name in every_b.marks)
    rows = run_query(b.metrics, Query(sort="slip"), generated.attributes)
    _same(build_layers(b, rows), layout_reference.build_layers(b, rows))
    grouped = {name: every_b.marks.made(name) for name in STATEMENTS}
    assert all(items is not None for items in grouped.values())
    c = snapshot(generated, third)
    _same(build_layers(c), layout_reference.build_layers(c))
    every_c = _every(c)
    for name in STATEMENTS:  # (grouped for b: c takes those very items)
        assert every_c.marks.made(name) is grouped[name]
    assert every_c.marks.made("promised") is None  # (the bars: drawn anew, not grouped yet)
    rows = run_query(c.metrics, Query(sort="slip", group_by="status"), generated.attributes)
    _same(build_layers(c, rows), layout_reference.build_layers(c, rows))
