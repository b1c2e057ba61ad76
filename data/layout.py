"""Timeline geometry as numpy arrays: what to draw on each row, computed without Qt.

The timeline widget only paints these arrays (one batched call per layer). x values are seconds
since the Unix epoch (pyqtgraph's date axis unit), as float64; rows are 0..n-1 from the top.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.known import project_runs, seconds
from data.lanes import LaneHeaders, lane_headers, place
from data.metrics import Snapshot
from data.query import Query, Rows, run_query
from data.slips import SlipLabels


def _by_row(row: np.ndarray) -> np.ndarray | slice:
    """The stable order of ``row``; a slice taking all when it is already in order (rows in
    file order, the statements of each project together: no sort needed)."""
    if np.all(row[1:] >= row[:-1]):
        return slice(None)
    order: np.ndarray = np.argsort(row, kind="stable")
    return order


@dataclass
class Spans:
    """Horizontal spans ``[x0, x1]`` on ``row`` (arrays of equal length, sorted by row)."""

    x0: np.ndarray
    x1: np.ndarray
    row: np.ndarray

    @classmethod
    def build(cls, x0: np.ndarray, x1: np.ndarray, row: np.ndarray) -> Spans:
        keep = np.isfinite(x0) & np.isfinite(x1) & (x1 >= x0)
        order = _by_row(row[keep])
        return cls(x0[keep][order], x1[keep][order], row[keep][order].astype(np.int64))

    def __len__(self) -> int:
        return len(self.row)


@dataclass
class Points:
    """Markers at ``x`` on ``row``, sorted by row (file order kept within a row).

    ``ref`` is each marker's position in the frame it came from (for tooltips) and ``kind`` an
    optional small-integer code (statement kinds: see :data:`STATEMENT_KINDS`).
    """

    x: np.ndarray
    row: np.ndarray
    ref: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    @classmethod
    def build(cls, x: np.ndarray, row: np.ndarray, kind: np.ndarray | None = None) -> Points:
        ref = np.arange(len(x))
        keep = np.isfinite(x)
        order = _by_row(row[keep])
        kinds = np.zeros(len(x), dtype=np.int8) if kind is None else np.asarray(kind, np.int8)
        return cls(
            x[keep][order], row[keep][order].astype(np.int64), ref[keep][order], kinds[keep][order]
        )

    def __len__(self) -> int:
        return len(self.row)


# Statement kinds as drawn: each gets its own marker shape.
STATEMENT_KINDS = (
    "promise",
    "revised_promise",
    "delay_reported",
    "announced",
    "completed",
    "cancelled",
    "note",
)


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


def to_seconds(values: pd.Series | np.ndarray) -> np.ndarray:
    """datetime64 values → float seconds since the epoch (NaN for NaT)."""
    arr = np.asarray(values, dtype="datetime64[s]")
    out = arr.astype("int64").astype(float)
    out[np.isnat(arr)] = np.nan
    return out


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


def _row_major(project: np.ndarray, p: _Placed) -> tuple[np.ndarray, np.ndarray]:
    """The statements of ``project`` (each one's project position) of the projects shown, row
    by row (statement order kept within a row): their positions in ``project`` and their rows.
    Each project's statements are one run (events are grouped by project), so the shown rows'
    runs are gathered in row order: no sort of the statements."""
    runs = project_runs(project, len(p.metrics))
    if runs is None:  # not grouped by project: sort by row after all
        row = p.row_at[project]
        at = np.flatnonzero(row >= 0)
        at = at[np.argsort(row[at], kind="stable")]
        return at, row[at]
    lo, hi = runs
    first, count = lo[p.order], hi[p.order] - lo[p.order]
    total = int(count.sum())
    before = np.cumsum(count) - count  # where each row's run goes in the result
    at = np.repeat(first - before, count) + np.arange(total)
    return at, np.repeat(p.rows, count)


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
    cancelled: np.ndarray = (p.metrics["status"] == "cancelled").to_numpy(dtype=bool)[p.order]
    return cancelled


def _promise_marks(snap: Snapshot, p: _Placed) -> tuple[Spans, Spans, Points, np.ndarray]:
    """Fuzzy windows (closed, and open-ended: never a closed window, whatever their width), where
    each promise pointed, and which of them were re-promises. Only the shown projects' promises
    are taken, row by row; ``ref`` is a position in ``snap.promises`` (the tooltip reads the
    statement there)."""
    ref, row = _row_major(snap.promise_project, p)
    p_lo = _event_seconds(snap, "promised_earliest", snap.promise_at[ref])
    p_hi = _event_seconds(snap, "promised_latest", snap.promise_at[ref])
    is_open = snap.promise_open[ref]
    windows = Spans.build(np.where((p_hi > p_lo) & ~is_open, p_lo, np.nan), p_hi, row)
    open_windows = Spans.build(np.where(is_open, p_lo, np.nan), p_hi, row)
    keep = np.isfinite(p_hi)
    promises = Points(p_hi[keep], row[keep], ref[keep], np.zeros(int(keep.sum()), np.int8))
    return windows, open_windows, promises, snap.repromise[promises.ref]


def _statement_marks(snap: Snapshot, p: _Placed) -> Points:
    """When each statement was made, on its project's row, shaped by its kind."""
    ref, row = _row_major(snap.statement_project, p)
    at = snap.statement_at[ref]
    # The kind of each statement, looked up once per distinct kind.
    other = len(STATEMENT_KINDS) - 1
    kind_of = np.array(
        [STATEMENT_KINDS.index(k) if k in STATEMENT_KINDS else other for k in snap.kind_names],
        dtype=np.int8,
    )
    kind = np.append(kind_of, other)[snap.kind_code[at]].astype(np.int8)
    said = _event_seconds(snap, "date_mid", at)
    keep = np.isfinite(said)
    return Points(said[keep], row[keep], ref[keep], kind[keep])


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


def _row_texts(p: _Placed, lanes: LaneHeaders | None) -> tuple[np.ndarray, np.ndarray]:
    """Project ids and names per row; a lane header row is named by its lane and count."""
    project_ids = np.full(p.n_rows, "", dtype=object)
    project_ids[p.rows] = p.take("project_id")
    names = np.full(p.n_rows, "", dtype=object)
    names[p.rows] = p.metrics["name"].take(p.order).astype(str).to_numpy(dtype=object)
    if lanes is not None:
        names[lanes.rows] = [lanes.name(i) for i in range(len(lanes))]
    return project_ids, names


# The last layers built for given rows, with their snapshot and rows (weakly): a recompute in
# the background builds them, the window's call for the same objects then takes them.
_last: tuple[weakref.ref[Snapshot], weakref.ref[Rows], TimelineLayers] | None = None


def build_layers(snap: Snapshot, rows: Rows | None = None) -> TimelineLayers:
    """Lay out ``snap``'s projects as ``rows`` shows them (default: the rows of an empty query,
    every project that exists on the as-of date in file order), with a header row above each
    swimlane when the rows are grouped. The last layers built for given rows are kept: asked
    again for the very same snapshot and rows objects, they are returned as they are."""
    global _last
    if rows is not None and _last is not None and _last[0]() is snap and _last[1]() is rows:
        return _last[2]
    layers = _build(snap, rows if rows is not None else run_query(snap.metrics, Query(), []))
    if rows is not None:
        _last = (weakref.ref(snap), weakref.ref(rows), layers)
    return layers


def _build(snap: Snapshot, shown: Rows) -> TimelineLayers:
    p, lanes = _place(snap.metrics, shown)
    as_of = float(to_seconds(np.array([snap.as_of]))[0])
    windows, open_windows, promises, repromise = _promise_marks(snap, p)
    open_ends, cancels = _end_marks(snap, p, as_of)
    project_ids, names = _row_texts(p, lanes)
    slip_labels = SlipLabels.for_rows(
        p.n_rows,
        p.rows,
        p.take("slip_days").astype(float),
        p.take("slip_pct").astype(float),
        p.take("slip_at_least") == True,  # noqa: E712 (True/False/None)
        p.take("repromises"),
        lanes,
    )
    late = np.zeros(p.n_rows, dtype=bool)
    late[p.rows] = p.take("kept") == False  # noqa: E712 (kept is True/False/None)
    is_header = np.zeros(p.n_rows, dtype=bool)
    is_header[p.headers] = True
    metric_pos = np.full(p.n_rows, -1, dtype=np.int64)
    metric_pos[p.rows] = p.order
    start, promised = p.seconds("start"), p.seconds("promised_end")
    x_range = _x_range(snap, p, as_of)
    return TimelineLayers(
        project_ids=project_ids,
        names=names.tolist(),  # str each: names, lane labels, ""
        slip_labels=slip_labels,
        late=late,
        is_header=is_header,
        metric_pos=metric_pos,
        **_spans(p, as_of),
        windows=windows,
        open_windows=open_windows,
        open_promised=Points.build(
            np.where(p.take("promised_end_open").astype(bool), promised, np.nan), p.rows
        ),
        promises=promises,
        repromise=repromise,
        statements=_statement_marks(snap, p),
        open_ends=open_ends,
        cancels=cancels,
        as_of=as_of,
        x_range=x_range,
        fit_range=_fit_range(start, promised, x_range),
        lanes=lanes,
    )


def _x_range(snap: Snapshot, p: _Placed, as_of: float) -> tuple[float, float]:
    """Everything drawn: the shown rows' dates, every known promise, the as-of date."""
    shown = [p.seconds(c) for c in ("start", "promised_end", "actual_end", "latest_promise")]
    for column in ("promised_earliest", "promised_latest"):
        shown.append(_event_seconds(snap, column, snap.promise_at))
    lows, highs = [], []
    for xs in [*shown, np.array([as_of])]:
        if len(xs) and not np.isnan(low := np.fmin.reduce(xs)):  # (fmin skips NaN)
            lows.append(float(low))
            highs.append(float(np.fmax.reduce(xs)))
    return (min(lows), max(highs)) if lows else (as_of - 3e7, as_of + 3e7)


def _event_seconds(snap: Snapshot, column: str, at: np.ndarray) -> np.ndarray:
    """A date column of the snapshot's events at positions ``at`` as seconds."""
    taken: np.ndarray = seconds(snap.events, column)[at]
    return taken


def _fit_range(
    start: np.ndarray, promised: np.ndarray, x_range: tuple[float, float]
) -> tuple[float, float]:
    """The time range "fit all" shows: every promise and outcome, but not a century of lead-in.

    A project that began long before its promise (Sagrada Família: started 1882, promised 2026)
    would squash every other row; each row's start is therefore counted at most three typical
    promised durations before its first promise. Rows starting earlier are drawn clipped, with
    their start year written at the left edge.
    """
    duration = promised - start
    typical = np.nanmedian(duration) if np.isfinite(duration).any() else np.nan
    if not np.isfinite(typical) or typical <= 0:
        return x_range
    lead_in = np.fmax(start, promised - 3 * typical)
    lead_in = np.where(np.isfinite(lead_in), lead_in, start)
    lows = lead_in[np.isfinite(lead_in)]
    low = float(lows.min()) if len(lows) else x_range[0]
    return (max(x_range[0], low), x_range[1])
