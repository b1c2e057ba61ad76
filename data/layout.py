"""Timeline geometry as numpy arrays: what to draw on each row, computed without Qt.

The timeline widget only paints these arrays (one batched call per layer). x values are seconds
since the Unix epoch (pyqtgraph's date axis unit), as float64; rows are 0..n-1 from the top.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from data.known import seconds
from data.lanes import LaneHeaders, lane_headers, place, project_figures
from data.metrics import Snapshot
from data.query import Query, Rows, run_query
from data.rowarrays import (
    STATEMENT_KINDS,
    Items,
    Points,
    Spans,
    drawn_kinds,
    extremes,
    few_rows,
    kept,
    row_major,
    to_seconds,
)
from data.rowarrays import fit_range as _fit_range
from data.rowarrays import time_range as _time_range
from data.slips import SlipLabels

__all__ = ["STATEMENT_KINDS", "Points", "Spans", "TimelineLayers", "build_layers", "to_seconds"]


@dataclass
class TimelineLayers:
    """Everything the timeline draws for one snapshot, row by row.

    Rows are project rows and, when grouped, one header row above each swimlane (a folded
    lane: its header row alone, ``data.lanes``).
    """

    project_ids: np.ndarray  # per row; "" for a lane header
    names: list[str]  # per row: the project name, or the lane's label
    slip_labels: SlipLabels  # per row, formatted when asked for
    late: np.ndarray  # bool per row: the first promise was broken
    is_header: np.ndarray  # bool per row
    metric_pos: np.ndarray  # per row: position in snapshot.metrics, -1 for a lane header
    promised: Spans  # start → first promise (latest bound)
    actual: Spans  # start → the earlier of the actual end (or as-of) and the first promise
    overrun: Spans  # first promise → actual end (finished late)
    overrun_open: Spans  # first promise → as-of (unfinished and past the promise)
    early: Spans  # actual end → first promise (finished early)
    windows: Spans  # fuzzy promise windows [earliest, latest] of each closed promise statement
    open_windows: Spans  # open-ended promises: the named period, then a fade to the right
    open_promised: Points  # rows whose first promise is open-ended: the promised bar fades out
    promises: Points  # where each promise pointed (latest bound), in statement order per row
    repromise: np.ndarray  # bool per promise point: it changed the promise in force
    statements: Points  # when statements were made (middle of their date), kind = shape
    open_ends: Points  # unfinished rows: the open end of the actual span
    cancels: Points  # cancelled rows: the cancellation mark
    as_of: float
    x_range: tuple[float, float] = field(default=(0.0, 1.0))  # everything drawn
    fit_range: tuple[float, float] = field(default=(0.0, 1.0))  # what "fit all" shows
    lanes: LaneHeaders | None = None  # the lanes' header rows, keys, folds and counts

    @property
    def n_rows(self) -> int:
        return len(self.project_ids)

    def row_of(self, project_id: str) -> int:
        """The row showing ``project_id``, or -1."""
        hits = np.flatnonzero(self.project_ids == project_id)
        return int(hits[0]) if len(hits) else -1


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

    def take(self, column: str) -> np.ndarray:
        """A metrics column, for the projects shown (numpy take: no copy of the frame)."""
        values: np.ndarray = self.metrics[column].to_numpy()[self.order]
        return values

    def seconds(self, column: str) -> np.ndarray:
        return to_seconds(self.take(column))


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


def _cancelled(p: _Placed) -> np.ndarray:
    cancelled: np.ndarray = project_figures(p.metrics)[1][p.order]  # (kept per metrics)
    return cancelled


def _promise_marks(
    snap: Snapshot, p: _Placed, bounds: tuple[np.ndarray, ...]
) -> tuple[Spans, Spans, Points, np.ndarray]:
    """Fuzzy windows (closed, and open-ended: never a closed window, whatever their width), where
    each promise pointed, and which of them were re-promises. Only the shown projects' promises
    are taken, row by row; ``ref`` is a position in ``snap.promises`` (the tooltip reads the
    statement there). ``bounds``: every known promise's earliest and latest bound."""
    ref, row, every = row_major(snap.promise_project, p.row_at, p.order, p.rows)
    p_lo, p_hi = bounds if every else (bound[ref] for bound in bounds)
    is_open = snap.promise_open if every else snap.promise_open[ref]
    windows = Spans.build(np.where((p_hi > p_lo) & ~is_open, p_lo, np.nan), p_hi, row)
    open_windows = Spans.build(np.where(is_open, p_lo, np.nan), p_hi, row)
    keep = np.isfinite(p_hi)
    if not keep.all():  # (else every one is drawn: nothing to leave out)
        p_hi, row, ref = p_hi[keep], row[keep], ref[keep]
    row, ref = row.astype(np.int32), ref.astype(np.int32)  # (half of int64's bytes)
    promises = Points(p_hi, row, ref, np.zeros(len(row), np.int8))
    return windows, open_windows, promises, snap.repromise[promises.ref]


def _statement_marks(snap: Snapshot, p: _Placed) -> Points:
    """When each statement was made, on its project's row, shaped by its kind."""
    ref, row, every = row_major(snap.statement_project, p.row_at, p.order, p.rows)
    at = snap.statement_at if every else snap.statement_at[ref]
    kind = np.take(drawn_kinds(snap.kind_code, snap.kind_names), at)
    said = _event_seconds(snap, "date_mid", at)
    keep = np.isfinite(said)
    if keep.all():  # (every one has its date: nothing to leave out)
        return Points(said, row.astype(np.int32), ref.astype(np.int32), kind)
    return Points(said[keep], row[keep].astype(np.int32), ref[keep].astype(np.int32), kind[keep])


def _end_marks(snap: Snapshot, p: _Placed, as_of: float) -> tuple[Points, Points]:
    """The open end of unfinished rows, and the cancellation mark of cancelled ones (at the
    dated cancellation, else where the promise or the start was, up to the as-of date)."""
    start, promised = p.seconds("start"), p.seconds("promised_end")
    finished = np.isfinite(p.seconds("actual_end"))
    cancelled = _cancelled(p)
    open_ends = Points.build(np.where(~finished & ~cancelled, as_of, np.nan), p.rows)
    cancel_at = np.where(cancelled, np.fmin(as_of, np.fmax(promised, start)), np.nan)
    # The first known cancellation statement of each project, where there is one: the
    # cancellations among the events, then those among the known statements (sorted positions).
    events = np.flatnonzero(np.isin(snap.kind_code, np.flatnonzero(snap.kind_names == "cancelled")))
    found = np.minimum(np.searchsorted(snap.statement_at, events), len(snap.statement_at) - 1)
    said = found[snap.statement_at[found] == events] if len(snap.statement_at) else found[:0]
    owner = snap.statement_project[said]
    projects, first = np.unique(owner, return_index=True)
    dated_at = np.full(len(p.metrics), np.nan)
    dated_at[projects] = _event_seconds(snap, "date_mid", snap.statement_at[said[first]])
    dated = dated_at[p.order]
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
        "at_least": p.take("slip_at_least") == True,  # noqa: E712 (True/False/None)
        "repromises": p.take("repromises"),
        "late": p.take("kept") == False,  # noqa: E712 (kept is True/False/None)
        "start": dates[0],
        "promised": dates[1],
        "low": np.fmin.reduce(dates),  # (fmin and fmax skip NaN)
        "high": np.fmax.reduce(dates),
    }


# The last layers built for given rows, with their snapshot and rows (weakly): a recompute in
# the background builds them, the window's call for the same objects then takes them.
_last: tuple[weakref.ref[Snapshot], weakref.ref[Rows], TimelineLayers] | None = None


def build_layers(
    snap: Snapshot, rows: Rows | None = None, *, plain: bool = False
) -> TimelineLayers:
    """Lay out ``snap``'s projects as ``rows`` shows them (default: the rows of an empty query,
    every project that exists on the as-of date in file order), with a header row above each
    swimlane when the rows are grouped. The last layers built for given rows are kept: asked
    again for the very same snapshot and rows objects, they are returned as they are.

    The layers of the empty query's rows are built once per snapshot and kept; other rows take
    theirs from them (``data.rowarrays``). ``plain`` builds them from the rows alone instead
    (the same layers, slower for each change of rows; never kept), as do a few rows of a
    snapshot whose arrays are not kept (``rowarrays.FEW_ROWS``)."""
    global _last
    shown = rows if rows is not None else run_query(snap.metrics, Query(), [])
    if plain or few_rows(snap, len(shown), len(snap.metrics)):
        return _built(snap, shown)[0]
    last = _last  # (read once: a background recompute may replace it meanwhile)
    if rows is not None and last is not None and last[0]() is snap and last[1]() is rows:
        return last[2]
    every = kept(snap, lambda: _every_project(snap))
    if shown.lanes is None and np.array_equal(shown.order, every.order):
        layers = every.layers  # (the empty query's rows: built with every project's)
    else:
        layers = _taken(snap, shown, every)
    if rows is not None:
        _last = (weakref.ref(snap), weakref.ref(rows), layers)
    layers.statements.kinds_present  # noqa: B018 (worked out here: in the background, if so)
    return layers


def _as_of(snap: Snapshot) -> float:
    return float(to_seconds(np.array([snap.as_of]))[0])


def _built(
    snap: Snapshot, shown: Rows, bounds: tuple[np.ndarray, ...] | None = None
) -> tuple[TimelineLayers, dict[str, np.ndarray]]:
    """The layers of ``shown`` built from the rows alone, and the shown projects' figures
    (``bounds``: :func:`_promise_bounds`, when already taken)."""
    p, lanes = _place(snap.metrics, shown)
    as_of = _as_of(snap)
    bounds = _promise_bounds(snap) if bounds is None else bounds
    windows, open_windows, promises, repromise = _promise_marks(snap, p, bounds)
    open_ends, cancels = _end_marks(snap, p, as_of)
    figures = _figures(p)
    layers = _layers(
        p,
        lanes,
        figures,
        as_of,
        _time_range([figures["low"], figures["high"], *bounds], as_of),  # (all drawn)
        **_spans(p, as_of),
        windows=windows,
        open_windows=open_windows,
        open_promised=_open_promised(p, figures),
        promises=promises,
        repromise=repromise,
        statements=_statement_marks(snap, p),
        open_ends=open_ends,
        cancels=cancels,
    )
    return layers, figures


def _layers(
    p: _Placed,
    lanes: LaneHeaders | None,
    figures: dict[str, np.ndarray],
    as_of: float,
    x_range: tuple[float, float],
    **marks: Spans | Points | np.ndarray,
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
        x_range=x_range,
        fit_range=_fit_range(figures["start"], figures["promised"], x_range),
        lanes=lanes,
        **marks,  # type: ignore[arg-type]  # each layer by its name
    )


@dataclass(frozen=True)
class _EveryProject:
    """The empty query's layers and figures, and each layer's items by row there."""

    figures: dict[str, np.ndarray]
    promise_dates: tuple[np.ndarray, ...]  # the extremes of every known promise's bounds
    row_of: np.ndarray  # per project position: its row in ``layers`` (-1: none)
    order: np.ndarray  # the projects of ``layers``, top to bottom
    layers: TimelineLayers  # those of the empty query's rows

    @cached_property
    def marks(self) -> dict[str, Items]:
        """Each layer's items by row, grouped when another query's rows first take theirs (the
        first frame shows the empty query's layers as they are: ~15 ms less at 100k)."""
        layers, n = self.layers, len(self.order)
        marks: dict[str, Items] = {}
        for name in (*_SPANS, "windows", "open_windows", *_POINTS):
            m = getattr(layers, name)
            xs = (m.x0, m.x1) if isinstance(m, Spans) else (m.x,)
            marks[name] = Items.of(m.row, n, *xs)
        promised, stated = layers.promises, layers.statements
        marks["promises"] = Items.of(promised.row, n, promised.x, promised.ref, layers.repromise)
        marks["statements"] = Items.of(stated.row, n, stated.x, stated.ref, stated.kind)
        return marks


_POINTS = ("open_promised", "open_ends", "cancels")  # marks whose ``ref`` is their place


def _every_project(snap: Snapshot) -> _EveryProject:
    """The layers of the rows of the empty query (the projects that exist, in file order), and
    every layer's items by row there, when first asked (the rows of any query are among them)."""
    shown = run_query(snap.metrics, Query(), [])
    dates = _promise_bounds(snap)
    layers, figures = _built(snap, shown, dates)
    dates = tuple(extremes(d) for d in dates)  # (all the time range needs of them)
    row_of = np.full(len(snap.metrics), -1, dtype=np.int64)
    row_of[shown.order] = np.arange(len(shown.order))
    return _EveryProject(figures, dates, row_of, shown.order, layers)


_SPANS = ("promised", "actual", "overrun", "overrun_open", "early")


def _open_promised(p: _Placed, figures: dict[str, np.ndarray]) -> Points:
    """Rows whose first promise is open-ended, at its latest bound."""
    is_open = p.take("promised_end_open").astype(bool)
    return Points.build(np.where(is_open, figures["promised"], np.nan), p.rows)


def _taken(snap: Snapshot, shown: Rows, every: _EveryProject) -> TimelineLayers:
    """The layers of ``shown``, taken from ``every`` project's (built from the rows alone
    where they show a project that does not exist)."""
    p, lanes = _place(snap.metrics, shown)
    at = every.row_of[p.order]
    if len(at) and at.min() < 0:
        return _built(snap, shown)[0]
    taken = {name: items.take(at, p.rows) for name, items in every.marks.items()}
    layers: dict[str, Spans | Points | np.ndarray] = {}
    for name, ((*xs,), row, spot) in taken.items():
        if name in _POINTS:
            layers[name] = Points(xs[0], row, spot.astype(np.int32), np.zeros(len(row), np.int8))
        elif name == "promises":
            layers[name] = Points(xs[0], row, xs[1], np.zeros(len(row), np.int8))
            layers["repromise"] = xs[2]
        elif name == "statements":
            layers[name] = Points(xs[0], row, xs[1], xs[2])
        else:
            layers[name] = Spans(xs[0], xs[1], row)
    figures = {name: np.take(values, at) for name, values in every.figures.items()}
    as_of = _as_of(snap)
    x_range = _time_range([figures["low"], figures["high"], *every.promise_dates], as_of)
    return _layers(p, lanes, figures, as_of, x_range, **layers)


def _promise_bounds(snap: Snapshot) -> tuple[np.ndarray, ...]:
    """Every known promise's earliest and latest bound, as seconds."""
    return tuple(_event_seconds(snap, c, snap.promise_at) for c in _PROMISE_BOUNDS)


_PROMISE_BOUNDS = ("promised_earliest", "promised_latest")


def _event_seconds(snap: Snapshot, column: str, at: np.ndarray) -> np.ndarray:
    """A date column of the snapshot's events at positions ``at`` as seconds."""
    return seconds(snap.events, column, at)
