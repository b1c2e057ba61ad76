"""Timeline geometry as numpy arrays: what to draw on each row, computed without Qt.

The timeline widget only paints these arrays (one batched call per layer). x values are seconds
since the Unix epoch (pyqtgraph's date axis unit), as float64; rows are 0..n-1 from the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.metrics import Snapshot

SECONDS_PER_DAY = 86400.0
DAYS_PER_YEAR = 365.25


@dataclass
class Spans:
    """Horizontal spans ``[x0, x1]`` on ``row`` (arrays of equal length, sorted by row)."""

    x0: np.ndarray
    x1: np.ndarray
    row: np.ndarray

    @classmethod
    def build(cls, x0: np.ndarray, x1: np.ndarray, row: np.ndarray) -> Spans:
        keep = np.isfinite(x0) & np.isfinite(x1) & (x1 >= x0)
        order = np.argsort(row[keep], kind="stable")
        return cls(x0[keep][order], x1[keep][order], row[keep][order].astype(np.int64))

    def __len__(self) -> int:
        return len(self.row)


@dataclass
class Points:
    """Markers at ``x`` on ``row`` (sorted by row); ``group`` breaks polylines between groups."""

    x: np.ndarray
    row: np.ndarray

    @classmethod
    def build(cls, x: np.ndarray, row: np.ndarray) -> Points:
        keep = np.isfinite(x)
        order = np.argsort(row[keep], kind="stable")
        return cls(x[keep][order], row[keep][order].astype(np.int64))

    def __len__(self) -> int:
        return len(self.row)


@dataclass
class TimelineLayers:
    """Everything the timeline draws for one snapshot, row by row."""

    project_ids: np.ndarray
    names: list[str]
    slip_labels: list[str]
    late: np.ndarray  # bool per row: the promise was (or is being) broken
    promised: Spans  # start → first promise (latest bound)
    actual: Spans  # start → the earlier of the actual end and the first promise
    overrun: Spans  # first promise → actual end (finished late)
    overrun_open: Spans  # first promise → as-of / promise in force (unfinished, still open)
    early: Spans  # actual end → first promise (finished early)
    windows: Spans  # fuzzy promise windows [earliest, latest] of each promise statement
    promises: Points  # where each promise pointed (latest bound), in statement order per row
    repromise: np.ndarray  # bool per promise point: it changed the promise in force
    statements: Points  # when statements were made (middle of their date)
    open_ends: Points  # unfinished rows: the open end of the actual span
    cancels: Points  # cancelled rows: the cancellation mark
    as_of: float
    x_range: tuple[float, float] = field(default=(0.0, 1.0))  # everything drawn
    fit_range: tuple[float, float] = field(default=(0.0, 1.0))  # what "fit all" shows

    @property
    def n_rows(self) -> int:
        return len(self.project_ids)


def to_seconds(values: pd.Series | np.ndarray) -> np.ndarray:
    """datetime64 values → float seconds since the epoch (NaN for NaT)."""
    arr = np.asarray(values, dtype="datetime64[s]")
    out = arr.astype("int64").astype(float)
    out[np.isnat(arr)] = np.nan
    return out


def format_slip(
    days: np.ndarray, pct: np.ndarray, at_least: np.ndarray, repromises: np.ndarray
) -> list[str]:
    """Row-end labels such as ``≥ +16.9 y (+483 %) · 17 re-promises``."""
    years = days / DAYS_PER_YEAR
    labels = []
    for d, y, p, least, r in zip(days, years, pct, at_least, repromises, strict=True):
        if not np.isfinite(d):
            labels.append("")
            continue
        sign = "+" if d >= 0 else "−"
        if abs(d) >= 365:
            amount = f"{sign}{abs(y):.1f} y"
        elif abs(d) >= 60:
            amount = f"{sign}{abs(d) / 30.44:.0f} mo"
        else:
            amount = f"{sign}{abs(d):.0f} d"
        text = ("≥ " if least else "") + amount
        if np.isfinite(p):
            text += f" ({'+' if p >= 0 else '−'}{abs(p):.0f} %)"
        if r:
            text += f" · {r} re-promise{'s' if r != 1 else ''}"
        labels.append(text)
    return labels


def build_layers(snap: Snapshot, order: np.ndarray | None = None) -> TimelineLayers:
    """Lay out ``snap``'s projects as rows, in ``order`` (positions into ``snap.metrics``)."""
    m = snap.metrics
    if order is None:
        order = np.arange(len(m))
    m = m.iloc[order]
    n = len(m)
    rows = np.arange(n)
    as_of = float(to_seconds(np.array([snap.as_of]))[0])

    start = to_seconds(m["start"])
    promised = to_seconds(m["promised_end"])
    actual = to_seconds(m["actual_end"])
    latest = to_seconds(m["latest_promise"])
    finished = np.isfinite(actual)
    cancelled = (m["status"] == "cancelled").to_numpy()
    # Unfinished work runs to the as-of date, or to the promise in force if that is later.
    horizon = np.where(cancelled, np.nan, np.fmax(as_of, latest))
    actual_stop = np.where(finished, actual, np.fmin(as_of, np.fmax(start, as_of)))
    # A project with no known start begins its bars at its first promise.
    start = np.where(np.isfinite(start), start, np.nan)

    layers_promised = Spans.build(start, promised, rows)
    on_time_end = np.fmin(actual_stop, promised)
    layers_actual = Spans.build(
        start, np.where(np.isfinite(promised), on_time_end, actual_stop), rows
    )
    late_done = finished & (actual > promised)
    overrun = Spans.build(np.where(late_done, promised, np.nan), actual, rows)
    open_late = ~finished & ~cancelled & np.isfinite(promised) & (horizon > promised)
    overrun_open = Spans.build(
        np.where(open_late, promised, np.nan), np.where(open_late, as_of, np.nan), rows
    )
    early_done = finished & (actual < promised)
    early = Spans.build(np.where(early_done, actual, np.nan), promised, rows)

    # Promise statements, mapped to their row.
    row_of = pd.Series(rows, index=m["project_id"].to_numpy())
    pr = snap.promises
    pr = pr[pr["project_id"].isin(row_of.index)]
    pr_row = pr["project_id"].map(row_of).to_numpy(dtype=np.int64)
    p_lo, p_hi = to_seconds(pr["promised_earliest"]), to_seconds(pr["promised_latest"])
    fuzzy = p_hi > p_lo
    windows = Spans.build(np.where(fuzzy, p_lo, np.nan), p_hi, pr_row)
    order_p = np.argsort(pr_row, kind="stable")  # keeps statement order inside a row
    promises = Points(p_hi[order_p], pr_row[order_p])
    repromise = pr["repromise"].to_numpy(dtype=bool)[order_p]

    st = snap.statements
    st = st[st["project_id"].isin(row_of.index)]
    statements = Points.build(
        to_seconds(st["date_mid"]), st["project_id"].map(row_of).to_numpy(dtype=np.int64)
    )
    open_ends = Points.build(np.where(~finished & ~cancelled, actual_stop, np.nan), rows)
    cancel_at = np.where(cancelled, np.fmin(as_of, np.fmax(promised, start)), np.nan)
    if len(st):
        cancel_events = st[st["kind"] == "cancelled"].drop_duplicates("project_id")
        when = cancel_events.set_index("project_id")["date_mid"]
        dated = to_seconds(when.reindex(m["project_id"].to_numpy()).to_numpy())
        cancel_at = np.where(cancelled & np.isfinite(dated), dated, cancel_at)
    cancels = Points.build(cancel_at, rows)

    days = m["slip_days"].to_numpy(dtype=float)
    labels = format_slip(
        days,
        m["slip_pct"].to_numpy(dtype=float),
        m["slip_at_least"].fillna(False).to_numpy(dtype=bool),
        m["repromises"].to_numpy(),
    )
    late = np.nan_to_num(days, nan=0.0) > 0

    xs = np.concatenate([start, promised, actual, latest, p_lo, p_hi, [as_of]])
    xs = xs[np.isfinite(xs)]
    x_range = (float(xs.min()), float(xs.max())) if len(xs) else (as_of - 3e7, as_of + 3e7)
    fit_range = _fit_range(start, promised, x_range)
    return TimelineLayers(
        project_ids=m["project_id"].to_numpy(dtype=object),
        names=[str(v) for v in m["name"]],
        slip_labels=labels,
        late=late,
        promised=layers_promised,
        actual=layers_actual,
        overrun=overrun,
        overrun_open=overrun_open,
        early=early,
        windows=windows,
        promises=promises,
        repromise=repromise,
        statements=statements,
        open_ends=open_ends,
        cancels=cancels,
        as_of=as_of,
        x_range=x_range,
        fit_range=fit_range,
    )


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
