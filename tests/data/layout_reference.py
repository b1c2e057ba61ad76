"""The timeline layers as built before they were taken row by row from the statements' runs:
``DataFrame.iloc`` copies of the metrics and a stable sort of every known statement by row. The
reference the fast ``data.layout.build_layers`` is checked against (tests only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.layout import STATEMENT_KINDS, Points, Spans, TimelineLayers, _fit_range, to_seconds
from data.metrics import Snapshot
from data.query import Query, Rows, run_query
from data.slips import SlipLabels


@dataclass
class _Placed:
    """The projects shown (``m``: their metrics, top to bottom) and their rows: ``rows`` per
    project, ``headers`` the lane header rows, ``n_rows`` in all, ``row_at`` the row of each
    position in the metrics (-1: not shown; one extra slot for "no project")."""

    m: pd.DataFrame
    rows: np.ndarray
    headers: np.ndarray
    n_rows: int
    row_at: np.ndarray
    order: np.ndarray  # the positions in the metrics of ``m``


def _place(metrics: pd.DataFrame, shown: Rows) -> _Placed:
    order = np.asarray(shown.order, dtype=np.int64)
    m = metrics.iloc[order]
    n = len(m)
    if shown.lanes is not None and n:
        new_lane = np.ones(n, dtype=bool)
        new_lane[1:] = shown.lanes[1:] != shown.lanes[:-1]
        rows = np.arange(n) + np.cumsum(new_lane)  # each lane pushes its rows down by one
        headers = rows[new_lane] - 1
    else:
        rows = np.arange(n)
        headers = np.zeros(0, dtype=np.int64)
    row_at = np.full(len(metrics) + 1, -1, dtype=np.int64)  # the last slot: no project
    row_at[order] = rows
    return _Placed(m, rows, headers, n + len(headers), row_at, order)


def _spans(p: _Placed, as_of: float) -> dict[str, Spans]:
    """The bars of each project row. An open-ended first promise is drawn to its latest bound
    (then fading out), but nothing is late or early against it: the actual span is plain."""
    m, rows = p.m, p.rows
    start, drawn = to_seconds(m["start"]), to_seconds(m["promised_end"])
    promised = np.where(m["promised_end_open"].to_numpy(dtype=bool), np.nan, drawn)
    actual = to_seconds(m["actual_end"])
    finished = np.isfinite(actual)
    cancelled = (m["status"] == "cancelled").to_numpy()
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


def _promise_marks(snap: Snapshot, p: _Placed) -> tuple[Spans, Spans, Points, np.ndarray]:
    """Fuzzy windows (closed, and open-ended: never a closed window, whatever their width), where
    each promise pointed, and which of them were re-promises. Promises of hidden projects get no
    x and are dropped; ``ref`` stays a position in ``snap.promises`` (the tooltip reads the
    statement there)."""
    pr_row = p.row_at[snap.promise_project]
    shown = pr_row >= 0
    p_lo, p_hi = _event_seconds(snap, "promised_earliest"), _event_seconds(snap, "promised_latest")
    is_open = snap.promise_open
    windows = Spans.build(np.where(shown & (p_hi > p_lo) & ~is_open, p_lo, np.nan), p_hi, pr_row)
    open_windows = Spans.build(np.where(shown & is_open, p_lo, np.nan), p_hi, pr_row)
    promises = Points.build(np.where(shown, p_hi, np.nan), pr_row)  # statement order per row
    return windows, open_windows, promises, snap.repromise[promises.ref]


def _statement_marks(snap: Snapshot, p: _Placed) -> Points:
    """When each statement was made, on its project's row, shaped by its kind."""
    st_rows = p.row_at[snap.statement_project].astype(float)
    st_rows[st_rows < 0] = np.nan
    # The kind of each statement, looked up once per distinct kind.
    kind_codes, kind_names = snap.kind_code, snap.kind_names
    other = len(STATEMENT_KINDS) - 1
    kind_of = np.array(
        [STATEMENT_KINDS.index(k) if k in STATEMENT_KINDS else other for k in kind_names],
        dtype=np.int8,
    )
    st_kind = np.append(kind_of, other)[kind_codes[snap.statement_at]].astype(np.int8)
    said = _event_seconds(snap, "date_mid", snap.statement_at)
    st_x = np.where(np.isfinite(st_rows), said, np.nan)
    return Points.build(st_x, np.nan_to_num(st_rows, nan=-1).astype(np.int64), st_kind)


def _end_marks(snap: Snapshot, p: _Placed, as_of: float) -> tuple[Points, Points]:
    """The open end of unfinished rows, and the cancellation mark of cancelled ones (at the
    dated cancellation, else where the promise or the start was, up to the as-of date)."""
    m = p.m
    start, promised = to_seconds(m["start"]), to_seconds(m["promised_end"])
    actual = to_seconds(m["actual_end"])
    finished = np.isfinite(actual)
    cancelled = (m["status"] == "cancelled").to_numpy()
    open_ends = Points.build(np.where(~finished & ~cancelled, as_of, np.nan), p.rows)
    cancel_at = np.where(cancelled, np.fmin(as_of, np.fmax(promised, start)), np.nan)
    # The first known cancellation statement of each project, where there is one.
    at = snap.statement_at
    cancelled_code = np.flatnonzero(snap.kind_names == "cancelled")
    said = np.flatnonzero(np.isin(snap.kind_code[at], cancelled_code))
    owner = snap.statement_project[said]
    projects, first = np.unique(owner, return_index=True)
    dated_at = np.full(len(snap.metrics), np.nan)
    dated_at[projects] = _event_seconds(snap, "date_mid", at[said[first]])
    dated = dated_at[p.order]
    cancel_at = np.where(cancelled & np.isfinite(dated), dated, cancel_at)
    return open_ends, Points.build(cancel_at, p.rows)


def _row_texts(p: _Placed, lanes: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Project ids and names per row; a lane header row is named by its lane and count."""
    project_ids = np.full(p.n_rows, "", dtype=object)
    project_ids[p.rows] = p.m["project_id"].to_numpy(dtype=object)
    names = np.full(p.n_rows, "", dtype=object)
    names[p.rows] = p.m["name"].astype(str).to_numpy(dtype=object)
    if lanes is not None and len(p.headers):
        lane_of_row = lanes[np.flatnonzero(np.r_[True, lanes[1:] != lanes[:-1]])]
        counts = np.diff(np.r_[p.headers, p.n_rows]) - 1
        names[p.headers] = [
            f"{label}  ({count})" for label, count in zip(lane_of_row, counts, strict=True)
        ]
    return project_ids, names


def build_layers(snap: Snapshot, rows: Rows | None = None) -> TimelineLayers:
    """Lay out ``snap``'s projects as ``rows`` shows them (default: the rows of an empty query,
    every project that exists on the as-of date in file order), with a header row above each
    swimlane when the rows are grouped."""
    shown = rows if rows is not None else run_query(snap.metrics, Query(), [])
    p = _place(snap.metrics, shown)
    m = p.m
    as_of = float(to_seconds(np.array([snap.as_of]))[0])
    spans = _spans(p, as_of)
    windows, open_windows, promises, repromise = _promise_marks(snap, p)
    open_ends, cancels = _end_marks(snap, p, as_of)
    project_ids, names = _row_texts(p, shown.lanes)
    slip_labels = SlipLabels.for_rows(
        p.n_rows,
        p.rows,
        m["slip_days"].to_numpy(dtype=float),
        m["slip_pct"].to_numpy(dtype=float),
        m["slip_at_least"].eq(True).to_numpy(dtype=bool),
        m["repromises"].to_numpy(),
    )
    late = np.zeros(p.n_rows, dtype=bool)
    late[p.rows] = (m["kept"] == False).to_numpy()  # noqa: E712 (kept is True/False/None)
    is_header = np.zeros(p.n_rows, dtype=bool)
    is_header[p.headers] = True
    metric_pos = np.full(p.n_rows, -1, dtype=np.int64)
    metric_pos[p.rows] = np.asarray(shown.order, dtype=np.int64)
    start, promised = to_seconds(m["start"]), to_seconds(m["promised_end"])
    xs = np.concatenate(
        [
            start,
            promised,
            to_seconds(m["actual_end"]),
            to_seconds(m["latest_promise"]),
            _event_seconds(snap, "promised_earliest"),
            _event_seconds(snap, "promised_latest"),
            [as_of],
        ]
    )
    xs = xs[np.isfinite(xs)]
    x_range = (float(xs.min()), float(xs.max())) if len(xs) else (as_of - 3e7, as_of + 3e7)
    return TimelineLayers(
        project_ids=project_ids,
        names=names.tolist(),  # str each: names, lane labels, ""
        slip_labels=slip_labels,
        late=late,
        is_header=is_header,
        metric_pos=metric_pos,
        **spans,
        windows=windows,
        open_windows=open_windows,
        open_promised=Points.build(
            np.where(m["promised_end_open"].to_numpy(dtype=bool), promised, np.nan), p.rows
        ),
        promises=promises,
        repromise=repromise,
        statements=_statement_marks(snap, p),
        open_ends=open_ends,
        cancels=cancels,
        as_of=as_of,
        x_range=x_range,
        fit_range=_fit_range(start, promised, x_range),
    )


def _event_seconds(snap: Snapshot, column: str, at: np.ndarray | None = None) -> np.ndarray:
    """A date column of the snapshot's events at positions ``at`` (default: its known
    promises) as seconds."""
    values = snap.events[column].to_numpy()
    return to_seconds(values[snap.promise_at if at is None else at])
