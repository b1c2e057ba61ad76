"""The statements' layers drawn when first read (``data.said.StatementLayers``).

A large ledger's overview paints bars only, and a sort permutes rows whose statements were
already drawn: the layers of the statements (windows, promises, re-promises, statements) are
made when something reads them, and what the legend and "fit all" need of them comes from a
summary worked out without them. Each summary here is checked against the layers drawn
afterwards, by hand (sets, any, min and max of the drawn arrays), on the sample and on a
generated ledger of 10,000 projects (large enough for the summary not to draw them) at dates
across its history, for the empty query, sorts, groupings and filters; the drawn layers
themselves are compared with ``build_layers(plain=True)`` by tests/data/test_asof_steps.py and
test_layers_fast.py.
"""

from __future__ import annotations

import threading
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from data.layout import build_layers
from data.load import load_files
from data.marks import promise_bounds, statement_layers
from data.metrics import snapshot
from data.query import Query, run_query
from data.said import StatementLayers, statements_summary
from tests.data.test_incremental import _change_days, _generated

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
QUERIES = (
    Query(),
    Query(sort="slip"),
    Query(sort="name", descending=True),
    Query(group_by="status"),
    Query(sort="start", group_by="status"),
    Query(filter_text="p01"),
)


def _by_hand(layers) -> dict:
    """What the summary should say, read off the drawn layers one item at a time."""

    def extent(lows, highs):
        return (min(lows.tolist()), max(highs.tolist())) if len(lows) else None

    windows, open_windows = layers.windows, layers.open_windows
    promises, statements = layers.promises, layers.statements
    repromise = layers.repromise.tolist()
    return {
        "kinds": {int(k) for k in statements.kind.tolist()},
        "repromise": any(repromise),
        "first": not all(repromise),
        "windows": len(windows.row),
        "open_windows": len(open_windows.row),
        "extents": {
            "windows": extent(windows.x0, windows.x1),
            "open_windows": extent(open_windows.x0, open_windows.x1),
            "promises": extent(promises.x, promises.x),
            "statements": extent(statements.x, statements.x),
        },
    }


def _summary_then_drawn(layers) -> tuple[dict, bool]:
    """The summary as the window reads it first, and whether reading it drew the layers."""
    said = layers.said()
    was_drawn = said.is_drawn
    s = said.summary()
    told = {
        "kinds": set(s.kinds),
        "repromise": s.repromise,
        "first": s.first,
        "windows": s.windows,
        "open_windows": s.open_windows,
        "extents": dict(s.extents),
    }
    return told, not was_drawn and said.is_drawn


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return load_files([_generated(tmp_path_factory.mktemp("said") / "events.csv", 10_000)])


def test_generated_summaries_equal_the_layers_drawn_later(generated) -> None:
    days = _change_days(generated)
    undrawn = 0
    for day in (days[0], days[len(days) // 4], days[len(days) // 2], days[-1]):
        snap = snapshot(generated, day)
        for query in QUERIES:
            rows = run_query(snap.metrics, query, generated.attributes)
            layers = build_layers(snap, rows)
            told, drew = _summary_then_drawn(layers)
            undrawn += query in QUERIES[:4] and not drew and not layers.said().is_drawn
            assert told == _by_hand(layers), (day, query)
    # The empty query, the sorts and the grouping of every project were summarised without
    # drawing their statements, but on the first date (7 projects: drawn for their summary,
    # rowarrays.FEW_ROWS); the filter's rows draw them (a summary of every project's
    # statements would not be theirs); the last query's rows are the grouping's (kept).
    assert undrawn == 3 * 4


def test_a_sort_takes_the_statements_when_first_read(generated) -> None:
    days = _change_days(generated)
    snap = snapshot(generated, days[len(days) // 2 + 3])  # (a date no other test here asks)
    every = build_layers(snap)
    assert not every.said().is_drawn and every.said().is_summarized
    rows = run_query(snap.metrics, Query(sort="slip"), generated.attributes)
    layers = build_layers(snap, rows)
    assert not layers.said().is_drawn and layers.said().is_summarized
    plain = build_layers(snap, rows, plain=True)
    for name in ("windows", "open_windows", "promises", "statements"):
        got, want = getattr(layers, name), getattr(plain, name)
        for part in (f.name for f in fields(want)):
            a, b = getattr(got, part), getattr(want, part)
            assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), (name, part)
    assert np.array_equal(layers.repromise, plain.repromise)
    assert layers.said().is_drawn


def test_sample_summaries(tmp_path) -> None:
    ledger = load_files([SAMPLES / "projects.csv", SAMPLES / "events.csv"])
    for day in _change_days(ledger)[::7]:
        snap = snapshot(ledger, day)
        for query in QUERIES[:5]:
            layers = build_layers(snap, run_query(snap.metrics, query, ledger.attributes))
            assert _summary_then_drawn(layers)[0] == _by_hand(layers), (day, query)


def test_a_summary_of_some_projects_leaves_the_others_out(generated) -> None:
    """Rows showing every third project, in reverse: the summary counts their statements only
    (the others' would widen the extents and count windows not drawn)."""
    snap = snapshot(generated, _change_days(generated)[-1])
    n = len(snap.metrics)
    order = np.arange(0, n, 3)[::-1].copy()
    rows = np.arange(len(order))
    row_at = np.full(n + 1, -1, dtype=np.int64)
    row_at[order] = rows
    placed, bounds = (row_at, order, rows), promise_bounds(snap)
    s = statements_summary(snap, placed, bounds)

    class Drawn:  # the layers as TimelineLayers names them
        pass

    drawn = Drawn()
    for name, layer in statement_layers(snap, placed, bounds).items():
        setattr(drawn, name, layer)
    hand = _by_hand(drawn)
    assert hand["windows"] < len(snap.promise_at) // 2  # (a third of the projects' only)
    assert (set(s.kinds), s.repromise, s.first, s.windows, s.open_windows, dict(s.extents)) == (
        hand["kinds"],
        hand["repromise"],
        hand["first"],
        hand["windows"],
        hand["open_windows"],
        hand["extents"],
    )


def test_drawn_once_whoever_asks_first() -> None:
    calls = []
    started = threading.Event()

    def draw():
        calls.append(1)
        started.wait(5)
        return {"windows": "w"}

    said = StatementLayers(draw)
    got = []
    threads = [threading.Thread(target=lambda: got.append(said.get())) for _ in range(4)]
    for t in threads:
        t.start()
    started.set()
    for t in threads:
        t.join(5)
    assert len(calls) == 1 and len(got) == 4 and all(g is got[0] for g in got)
    assert said.is_drawn
    assert StatementLayers.of({"windows": "x"}).is_drawn


def _rows_of(layer, lo: int, hi: int) -> dict:
    """A layer's items on rows [lo, hi), part by part (the drawing sorts them by row)."""
    if isinstance(layer, np.ndarray):
        return {"values": layer}
    keep = (layer.row >= lo) & (layer.row < hi)
    return {f.name: getattr(layer, f.name)[keep] for f in fields(layer)}


def test_some_rows_markers_are_those_rows_of_the_whole_drawing(generated) -> None:
    """A view of readable rows paints those rows' markers alone (``StatementLayers.rows``):
    for the empty query, a sort, a grouping and a filter, at three dates, each range's layers
    equal the whole drawing's items on those rows, array for array (dtypes and order too)."""
    days = _change_days(generated)
    ranges = ((0, 50), (97, 161), (3000, 3001), (-30, None), (5, 5))
    tried = 0
    for day in (days[len(days) // 3], days[-1] + np.timedelta64(400, "D")):
        snap = snapshot(generated, day)
        for query in QUERIES:
            layers = build_layers(snap, run_query(snap.metrics, query, generated.attributes))
            n = layers.n_rows
            spans = [
                (lo % n if lo < 0 else lo, n if hi is None else min(hi, n)) for lo, hi in ranges
            ]
            said = layers.said()
            if said.is_drawn:  # (a filter's rows, or rows equal to the last ones: kept)
                continue
            tried += 1
            parts = [said.rows(lo, hi) for lo, hi in spans]  # (before the whole drawing)
            for (lo, hi), part in zip(spans, parts, strict=True):
                promises = (layers.promises.row >= lo) & (layers.promises.row < hi)
                for name in ("windows", "open_windows", "promises", "statements"):
                    got, want = getattr(part, name), _rows_of(getattr(layers, name), lo, hi)
                    for key, value in want.items():
                        mine = getattr(got, key)
                        assert mine.dtype == value.dtype, (day, query, lo, name, key)
                        assert np.array_equal(mine, value, equal_nan=True), (day, query, lo, name)
                assert np.array_equal(part.repromise, layers.repromise[promises])
            assert said.is_drawn
    assert tried >= 2 * 4


def test_many_rows_draw_every_row_once(generated) -> None:
    """A part of more than ``PART_ROWS`` rows (rows of a few pixels, a tall page) draws every
    row's markers once instead; a part of fewer leaves them undrawn."""
    from data.said import PART_ROWS

    days = _change_days(generated)
    snap = snapshot(generated, days[len(days) // 2 + 5])  # (a date no other test here asks)
    layers = build_layers(snap)
    said = layers.said()
    assert not said.is_drawn
    said.rows(0, PART_ROWS)
    assert not said.is_drawn
    whole = said.rows(0, PART_ROWS + 1)
    assert said.is_drawn and whole.statements is layers.statements
