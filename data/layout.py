"""Timeline geometry as numpy arrays: what to draw on each row, computed without Qt.

The timeline widget only paints these arrays (one batched call per layer). x values are seconds
since the Unix epoch (pyqtgraph's date axis unit), as float64; rows are 0..n-1 from the top.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.lanes import LaneHeaders, lane_headers, place, project_figures
from data.layers import SPANS, STATEMENT_ITEMS, STATEMENT_LAYERS, TimelineLayers
from data.marks import (
    first_cancellations,
    promise_bounds,
    same_statements,
    statement_arrays,
    statement_layers,
    statement_runs,
)
from data.metrics import Snapshot
from data.query import Query, Rows, run_query
from data.rowarrays import (
    FEW_ROWS,
    STATEMENT_KINDS,
    ItemsByRow,
    Points,
    Source,
    Spans,
    extremes,
    few_rows,
    fold,
    kept,
    newest,
    permutes,
    to_seconds,
)
from data.rowarrays import fit_range as _fit_range
from data.rowarrays import time_range as _time_range
from data.said import StatementLayers, statements_summary
from data.slips import SlipLabels

__all__ = ["STATEMENT_KINDS", "Points", "Spans", "TimelineLayers", "build_layers", "to_seconds"]


@dataclass
class _Placed:
    """The projects shown (``order``: their positions in the metrics, top to bottom) and their
    rows: ``rows`` per project, ``headers`` the lane header rows, ``n_rows`` in all, ``row_at``
    the row of each position in the metrics (-1: not shown; one extra slot for "no project")."""

    metrics: pd.DataFrame
    order: np.ndarray
    rows: np.ndarray
    headers: np.ndarray
    n_rows: int
    row_at: np.ndarray
    converted: dict[str, np.ndarray] = field(default_factory=dict)  # (read-only, shared)

    def take(self, column: str) -> np.ndarray:
        """A metrics column, for the projects shown (numpy take: no copy of the frame)."""
        values: np.ndarray = self.metrics[column].to_numpy()[self.order]
        return values

    def seconds(self, column: str) -> np.ndarray:
        """A date column for the projects shown as seconds, converted once (the bars, the end
        marks and the figures each read the start, the promise and the actual end)."""
        if column not in self.converted:
            self.converted[column] = to_seconds(self.take(column))
        return self.converted[column]


def _place(metrics: pd.DataFrame, shown: Rows) -> tuple[_Placed, LaneHeaders | None]:
    placed = place(shown.order, shown.lanes, shown.folded)
    row_at = np.full(len(metrics) + 1, -1, dtype=np.int64)  # the last slot: no project
    row_at[placed.order] = placed.rows
    p = _Placed(metrics, placed.order, placed.rows, placed.headers, placed.n_rows, row_at)
    if shown.lanes is None or not len(shown.order):
        return p, None
    return p, lane_headers(metrics, shown.order, shown.lanes, shown.folded, placed.headers)


def _spans(p: _Placed, as_of: float) -> dict[str, Spans]:
    """The bars of each project row. An open-ended first promise is drawn to its latest bound
    (then fading out), but nothing is late or early against it: the actual span is plain."""
    rows = p.rows
    start, drawn = p.seconds("start"), p.seconds("promised_end")
    promised = np.where(p.take("promised_end_open").astype(bool), np.nan, drawn)
    actual = p.seconds("actual_end")
    finished = np.isfinite(actual)
    cancelled = _cancelled(p)
    # Unfinished work runs to the as-of date (the promise in force may point beyond it).
    actual_stop = np.where(finished, actual, as_of)
    on_time_end = np.fmin(actual_stop, promised)
    late_done = finished & (actual > promised)
    open_late = ~finished & ~cancelled & np.isfinite(promised) & (as_of > promised)
    early_done = finished & (actual < promised)
    return {
        "promised": Spans.build(start, drawn, rows),
        "actual": Spans.build(
            start, np.where(np.isfinite(promised), on_time_end, actual_stop), rows
        ),
        "overrun": Spans.build(np.where(late_done, promised, np.nan), actual, rows),
        "overrun_open": Spans.build(
            np.where(open_late, promised, np.nan), np.where(open_late, as_of, np.nan), rows
        ),
        "early": Spans.build(np.where(early_done, actual, np.nan), promised, rows),
    }


def _rows_placed(p: _Placed, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``p``'s placing of the projects on rows [``lo``, ``hi``) alone (``marks.row_major``)."""
    a, b = np.searchsorted(p.rows, (lo, hi))  # (the projects' rows ascend, top to bottom)
    return p.row_at, p.order[a:b], p.rows[a:b]


def _cancelled(p: _Placed) -> np.ndarray:
    cancelled: np.ndarray = project_figures(p.metrics)[1][p.order]  # (kept per metrics)
    return cancelled


def _end_marks(p: _Placed, as_of: float, cancelled_said: np.ndarray) -> tuple[Points, Points]:
    """The open end of unfinished rows, and the cancellation mark of cancelled ones (at the
    dated cancellation, ``cancelled_said``: ``marks.first_cancellations``, else where the
    promise or the start was, up to the as-of date)."""
    start, promised = p.seconds("start"), p.seconds("promised_end")
    finished = np.isfinite(p.seconds("actual_end"))
    cancelled = _cancelled(p)
    open_ends = Points.build(np.where(~finished & ~cancelled, as_of, np.nan), p.rows)
    cancel_at = np.where(cancelled, np.fmin(as_of, np.fmax(promised, start)), np.nan)
    dated = cancelled_said[p.order]  # (the first known cancellation statement, if any)
    cancel_at = np.where(cancelled & np.isfinite(dated), dated, cancel_at)
    return open_ends, Points.build(cancel_at, p.rows)


def _figures(p: _Placed) -> dict[str, np.ndarray]:
    """What the rows show of each project shown (in ``p.order``): id, name, slip figures,
    broken first promise, and the dates "fit all" and the time range read."""
    dates = [p.seconds(c) for c in ("start", "promised_end", "actual_end", "latest_promise")]
    return {
        "project_id": p.take("project_id"),
        "name": p.metrics["name"].take(p.order).astype(str).to_numpy(dtype=object),
        "slip_days": p.take("slip_days").astype(float),
        "slip_pct": p.take("slip_pct").astype(float),
        "at_least": (figures := project_figures(p.metrics))[3][p.order],  # (kept per metrics)
        "repromises": p.take("repromises"),
        "late": figures[4][p.order],  # (``kept`` false)
        "start": dates[0],
        "promised": dates[1],
        "low": fold(np.fmin, dates),  # (fmin and fmax skip NaN)
        "high": fold(np.fmax, dates),
    }


# The last layers taken for given rows, their snapshot (weakly) and rows: the window's call after
# a background recompute takes them, as does a return to those rows (a filter cleared, a sort).
_last: tuple[weakref.ref[Snapshot], Rows, TimelineLayers] | None = None


def build_layers(
    snap: Snapshot, rows: Rows | None = None, *, plain: bool = False
) -> TimelineLayers:
    """Lay out ``snap``'s projects as ``rows`` shows them (default: the rows of an empty query,
    every project that exists on the as-of date in file order), with a header row above each
    swimlane when the rows are grouped. The last layers taken for given rows are kept: asked
    again for the same snapshot and equal rows, they are returned as they are.

    The layers of the empty query's rows are built once per snapshot and kept; other rows take
    theirs from them (``data.rowarrays``). ``plain`` builds them from the rows alone instead
    (the same layers, slower for each change of rows; never kept), as do a few rows of a
    snapshot whose arrays are not kept (``rowarrays.FEW_ROWS``)."""
    global _last
    shown = rows if rows is not None else run_query(snap.metrics, Query(), [])
    if plain or few_rows(snap, len(shown), len(snap.metrics)):
        return _built(snap, shown)[0]
    last = _last  # (read once: a background recompute may replace it meanwhile)
    if last is not None and last[0]() is not snap:
        _last = last = None  # (another snapshot's: not held any longer)
    if rows is not None and last is not None and last[1].same(rows):
        return last[2]
    every = kept(snap, lambda: _every_project(snap, newest()))
    if shown.lanes is None and np.array_equal(shown.order, every.order):
        layers = every.layers  # (the empty query's rows: built with every project's)
    else:  # (the default rows are every project's: only other rows are taken, and kept)
        _last = (weakref.ref(snap), shown, layers := _taken(snap, shown, every))
    layers.extents  # noqa: B018 (and the statements' summary: here, in the background if so)
    return layers


def _as_of(snap: Snapshot) -> float:
    return float(to_seconds(np.array([snap.as_of]))[0])


# What the layers take of the statements: every known promise's bounds as seconds (or their
# extremes, all the time range needs), each project's first known cancellation statement
# (``marks.first_cancellations``), and an earlier snapshot's statements' layers, drawn or not,
# when they serve (else None).
_Said = tuple[tuple[np.ndarray, ...], np.ndarray, StatementLayers | None]


def _built(
    snap: Snapshot, shown: Rows, said: _Said | None = None
) -> tuple[TimelineLayers, dict[str, np.ndarray]]:
    """The layers of ``shown`` built from the rows alone, and the shown projects' figures
    (``said``: what they take of the statements, when already worked out; statement layers
    given there are an earlier snapshot's, drawn from the very statements of ``snap`` on the
    same rows as ``shown``)."""
    p, lanes = _place(snap.metrics, shown)
    as_of = _as_of(snap)
    bounds, cancelled_said, marks = _said(snap) if said is None else said
    if marks is None:  # (drawn when first read: the overview draws none of them)
        placed, many = (p.row_at, p.order, p.rows), len(p.order) > FEW_ROWS
        marks = StatementLayers(
            lambda: statement_layers(snap, placed, bounds),
            (lambda: statements_summary(snap, placed, bounds)) if many else None,
            lambda lo, hi: statement_layers(snap, _rows_placed(p, lo, hi), bounds),
        )
        if many:  # (each project's run, for some rows' markers: found here, in the background)
            statement_runs(snap)
    open_ends, cancels = _end_marks(p, as_of, cancelled_said)
    figures = _figures(p)
    layers = _layers(
        p,
        lanes,
        figures,
        as_of,
        (_time_range([figures["low"], figures["high"], *bounds], as_of), None),  # (all drawn)
        **_spans(p, as_of),
        **dict.fromkeys(STATEMENT_LAYERS, marks),
        open_promised=_open_promised(p, figures),
        open_ends=open_ends,
        cancels=cancels,
    )
    return layers, figures


def _layers(
    p: _Placed,
    lanes: LaneHeaders | None,
    figures: dict[str, np.ndarray],
    as_of: float,
    ranges: tuple[tuple[float, float], tuple[float, float] | None],  # x, "fit all" (None: figures')
    **marks: Spans | Points | np.ndarray | StatementLayers,
) -> TimelineLayers:
    """The layers of the rows ``p`` places, of the projects' ``figures`` and ``marks``."""
    project_ids, names = figures["project_id"], figures["name"]
    if len(p.headers):  # (else the project rows are every row, in order)
        project_ids = np.full(p.n_rows, "", dtype=object)
        project_ids[p.rows] = figures["project_id"]
        names = np.full(p.n_rows, "", dtype=object)
        names[p.rows] = figures["name"]
    if lanes is not None:
        names[lanes.rows] = [lanes.name(i) for i in range(len(lanes))]
    slip_labels = SlipLabels.for_rows(
        p.n_rows,
        p.rows,
        figures["slip_days"],
        figures["slip_pct"],
        figures["at_least"],
        figures["repromises"],
        lanes,
    )
    late = np.zeros(p.n_rows, dtype=bool)
    late[p.rows] = figures["late"]
    is_header = np.zeros(p.n_rows, dtype=bool)
    is_header[p.headers] = True
    metric_pos = np.full(p.n_rows, -1, dtype=np.int64)
    metric_pos[p.rows] = p.order
    return TimelineLayers(
        project_ids=project_ids,
        names=names.tolist(),  # str each: names, lane labels, ""
        slip_labels=slip_labels,
        late=late,
        is_header=is_header,
        metric_pos=metric_pos,
        as_of=as_of,
        x_range=ranges[0],
        fit_range=ranges[1] or _fit_range(figures["start"], figures["promised"], ranges[0]),
        lanes=lanes,
        **marks,  # type: ignore[arg-type]  # each layer by its name
    )


@dataclass(frozen=True)
class _EveryProject:
    """The empty query's layers and figures, and each layer's items by row there."""

    marks: ItemsByRow  # (grouped when first taken)
    figures: dict[str, np.ndarray]
    promise_dates: tuple[np.ndarray, ...]  # the extremes of every known promise's bounds
    row_of: np.ndarray  # per project position: its row in ``layers`` (-1: none)
    order: np.ndarray  # the projects of ``layers``, top to bottom
    layers: TimelineLayers  # those of the empty query's rows
    source: tuple[object, ...]  # the statements they were drawn from (``marks.statement_arrays``)
    cancelled_said: np.ndarray  # per project position: ``marks.first_cancellations``


_POINTS = ("open_promised", "open_ends", "cancels")  # marks whose ``ref`` is their place


def _every_project(snap: Snapshot, last: object = None) -> _EveryProject:
    """The layers of the rows of the empty query (the projects that exist, in file order), and
    every layer's items by row there (the rows of any query are among them). ``last``: the
    arrays kept of the last snapshot; where it was drawn from the very statements of ``snap``
    and shows the same projects (an as-of change crossing no statement date), the statements'
    marks and items are its own, and only each project's bars and end marks are drawn anew."""
    shown = run_query(snap.metrics, Query(), [])
    same = isinstance(last, _EveryProject) and same_statements(snap, last.source)
    if not (same and isinstance(last, _EveryProject) and np.array_equal(last.order, shown.order)):
        last = None
    if last is not None:
        said: _Said = (last.promise_dates, last.cancelled_said, last.layers.said())
    else:
        said = _said(snap)
    layers, figures = _built(snap, shown, said)
    if last is not None and layers.names == last.layers.names:  # (the same strings: quick)
        layers.names = last.layers.names  # (the window's old list is not freed on its thread)
    n = len(shown.order)
    sources: dict[str, Source] = {}
    for name in SPANS:
        spans = getattr(layers, name)
        sources[name] = (spans.row, spans.x0, spans.x1)
    for name in _POINTS:
        sources[name] = (getattr(layers, name).row, getattr(layers, name).x)
    sources.update(_statement_sources(layers))
    given = {} if last is None else {k: last.marks.made(k) for k in STATEMENT_ITEMS}
    marks = ItemsByRow(n, sources, {k: v for k, v in given.items() if v is not None})
    dates = tuple(extremes(d) for d in said[0])  # (all the time range needs of them)
    row_of = np.full(len(snap.metrics), -1, dtype=np.int64)
    row_of[shown.order] = np.arange(n)
    source = statement_arrays(snap)
    return _EveryProject(marks, figures, dates, row_of, shown.order, layers, source, said[1])


def _statement_sources(layers: TimelineLayers) -> dict[str, Source]:
    """The statements' layers' items by row, from the layers when first grouped (drawn then)."""

    def windows(name: str) -> tuple[np.ndarray, ...]:
        spans = getattr(layers, name)
        return spans.row, spans.x0, spans.x1

    def promises() -> tuple[np.ndarray, ...]:
        points = layers.promises
        return points.row, points.x, points.ref, layers.repromise

    def statements() -> tuple[np.ndarray, ...]:
        points = layers.statements
        return points.row, points.x, points.ref, points.kind

    return {
        "windows": lambda: windows("windows"),
        "open_windows": lambda: windows("open_windows"),
        "promises": promises,
        "statements": statements,
    }


def _said(snap: Snapshot) -> _Said:
    """What the layers take of ``snap``'s statements (``_Said``), the layers themselves left
    to draw for the rows."""
    return promise_bounds(snap), first_cancellations(snap), None


_RANGE_FIGURES = ("start", "promised", "low", "high")  # the figures read for the ranges alone


def _open_promised(p: _Placed, figures: dict[str, np.ndarray]) -> Points:
    """Rows whose first promise is open-ended, at its latest bound."""
    is_open = p.take("promised_end_open").astype(bool)
    return Points.build(np.where(is_open, figures["promised"], np.nan), p.rows)


def _taken(snap: Snapshot, shown: Rows, every: _EveryProject) -> TimelineLayers:
    """The layers of ``shown``, taken from ``every`` project's (built anew if one is not there)."""
    p, lanes = _place(snap.metrics, shown)
    at = every.row_of[p.order]
    if len(at) and at.min() < 0:
        return _built(snap, shown)[0]
    layers: dict[str, Spans | Points | np.ndarray | StatementLayers]
    layers = dict(_items_taken(every, at, p.rows, (*SPANS, *_POINTS)))
    every_row = permutes(at, len(every.order))  # (then their dates' ranges are every row's)
    # The statements' items are taken when first read (a sort's overview draws none of them);
    # the same projects' hold what every project's do, wherever their rows are.
    bounds = functools.cache(lambda: promise_bounds(snap))  # (for some rows' markers alone)
    said = StatementLayers(
        lambda: _items_taken(every, at, p.rows, STATEMENT_ITEMS),
        every.layers.said().summary() if every_row else None,
        lambda lo, hi: statement_layers(snap, _rows_placed(p, lo, hi), bounds()),
    )
    layers.update(dict.fromkeys(STATEMENT_LAYERS, said))
    skip = _RANGE_FIGURES if every_row else ()
    figures = {k: np.take(v, at) for k, v in every.figures.items() if k not in skip}
    as_of, x_range, fit = _as_of(snap), every.layers.x_range, every.layers.fit_range
    if not every_row:
        x_range = _time_range([figures["low"], figures["high"], *every.promise_dates], as_of)
    return _layers(p, lanes, figures, as_of, (x_range, fit if every_row else None), **layers)


def _items_taken(
    every: _EveryProject, at: np.ndarray, rows: np.ndarray, names: tuple[str, ...]
) -> dict[str, Spans | Points | np.ndarray]:
    """The layers ``names`` of the projects at ``at`` (their rows in ``every``), on ``rows``."""
    layers: dict[str, Spans | Points | np.ndarray] = {}
    for name in names:
        (*xs,), row, spot = every.marks[name].take(at, rows)
        if name in _POINTS:
            layers[name] = Points(xs[0], row, spot.astype(np.int32), np.zeros(len(row), np.int8))
        elif name == "promises":
            layers[name] = Points(xs[0], row, xs[1], np.zeros(len(row), np.int8))
            layers["repromise"] = xs[2]
        elif name == "statements":
            layers[name] = Points(xs[0], row, xs[1], xs[2])
        else:
            layers[name] = Spans(xs[0], xs[1], row)
    return layers
