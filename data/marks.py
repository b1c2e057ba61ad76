"""The timeline's marks of a snapshot's known statements: promise windows, where each promise
pointed, when each statement was made, each project's first known cancellation. No Qt.

They depend on the as-of date only through which statements are known: ``data.promises``
gives a new date on which the same statements are known the very arrays of the last one, and
:func:`statement_arrays` names those arrays, so that ``data.layout`` can tell that the marks it
drew for the last snapshot serve the next one (an as-of change then redraws only each project's
bars and end marks, not a million statements).
"""

from __future__ import annotations

import weakref

import numpy as np

from data.known import project_runs, seconds
from data.metrics import Snapshot
from data.rowarrays import LastKept, Points, Spans, drawn_kinds

__all__ = [
    "event_seconds",
    "first_cancellations",
    "promise_bounds",
    "promise_marks",
    "row_major",
    "same_statements",
    "statement_arrays",
    "statement_layers",
    "statement_marks",
    "statement_runs",
]

_PROMISE_BOUNDS = ("promised_earliest", "promised_latest")


def statement_arrays(snap: Snapshot) -> tuple[object, ...]:
    """What the marks of ``snap`` are drawn from, besides the rows: its events and their kinds,
    and its known statements and promises (positions, projects, re-promise and open marks)."""
    return (
        snap.events,
        snap.kind_code,
        snap.statement_at,
        snap.statement_project,
        snap.promise_at,
        snap.promise_project,
        snap.repromise,
        snap.promise_open,
    )


def same_statements(snap: Snapshot, source: tuple[object, ...]) -> bool:
    """``snap``'s statements are the very arrays of ``source`` (:func:`statement_arrays` of an
    earlier snapshot): its marks on the same rows are that one's. Identity, not equality: equal
    arrays would need a million comparisons, and the arrays of a date on which the same
    statements are known are given again as they are (``data.promises``)."""
    mine = statement_arrays(snap)
    return len(mine) == len(source) and all(a is b for a, b in zip(mine, source, strict=True))


def promise_marks(
    snap: Snapshot,
    placed: tuple[np.ndarray, np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, ...],
) -> tuple[Spans, Spans, Points, np.ndarray]:
    """Fuzzy windows (closed, and open-ended: never a closed window, whatever their width), where
    each promise pointed, and which of them were re-promises. Only the shown projects' promises
    are taken, row by row (``placed``: each project position's row, the projects shown, their
    rows); ``ref`` is a position in ``snap.promises`` (the tooltip reads the statement there).
    ``bounds``: every known promise's earliest and latest bound."""
    ref, row, every = row_major(snap.promise_project, *placed)
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


def statement_marks(snap: Snapshot, placed: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Points:
    """When each statement was made, on its project's row (``placed``: as
    :func:`promise_marks`), shaped by its kind."""
    ref, row, every = row_major(snap.statement_project, *placed)
    at = snap.statement_at if every else snap.statement_at[ref]
    kind = np.take(drawn_kinds(snap.kind_code, snap.kind_names), at)
    said = event_seconds(snap, "date_mid", at)
    keep = np.isfinite(said)
    if keep.all():  # (every one has its date: nothing to leave out)
        return Points(said, row.astype(np.int32), ref.astype(np.int32), kind)
    return Points(said[keep], row[keep].astype(np.int32), ref[keep].astype(np.int32), kind[keep])


def statement_layers(
    snap: Snapshot,
    placed: tuple[np.ndarray, np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, ...],
) -> dict[str, Spans | Points | np.ndarray]:
    """The layers of the statements (:func:`promise_marks`, :func:`statement_marks`) by their
    names in ``data.layout.TimelineLayers``."""
    windows, open_windows, promises, repromise = promise_marks(snap, placed, bounds)
    return {
        "windows": windows,
        "open_windows": open_windows,
        "promises": promises,
        "repromise": repromise,
        "statements": statement_marks(snap, placed),
    }


def first_cancellations(snap: Snapshot) -> np.ndarray:
    """Per project position: when its first known cancellation statement was made (seconds;
    NaN: none). The cancellations among the events, then those among the known statements
    (sorted positions)."""
    events = _cancellations(snap.kind_code, snap.kind_names)
    at = snap.statement_at  # (searched in its own int32: int64 positions would convert it all)
    found = np.minimum(at.searchsorted(events.astype(at.dtype)), len(at) - 1)
    said = found[snap.statement_at[found] == events] if len(snap.statement_at) else found[:0]
    owner = snap.statement_project[said]
    projects, first = np.unique(owner, return_index=True)
    dated_at = np.full(len(snap.metrics), np.nan)
    dated_at[projects] = event_seconds(snap, "date_mid", snap.statement_at[said[first]])
    return dated_at


# The cancellations among the events of the last kinds asked about (a ledger's, by identity):
# found once, not in every event's kind at each as-of change.
_cancelled: LastKept[np.ndarray] = LastKept()


def _cancellations(kind_code: np.ndarray, kind_names: np.ndarray) -> np.ndarray:
    """The positions of the events of kind "cancelled" (``kind_code``: each event's kind, a
    position in ``kind_names``), kept for the last ``kind_code`` asked about."""
    return _cancelled.get(
        lambda: np.flatnonzero(np.isin(kind_code, np.flatnonzero(kind_names == "cancelled"))),
        kind_code,
        kind_names,
    )


def promise_bounds(snap: Snapshot) -> tuple[np.ndarray, ...]:
    """Every known promise's earliest and latest bound, as seconds."""
    return tuple(event_seconds(snap, c, snap.promise_at) for c in _PROMISE_BOUNDS)


def event_seconds(snap: Snapshot, column: str, at: np.ndarray) -> np.ndarray:
    """A date column of the snapshot's events at positions ``at`` as seconds."""
    return seconds(snap.events, column, at)


def row_major(
    project: np.ndarray, row_at: np.ndarray, order: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The statements of ``project`` (each one's project position) of the projects shown
    (``order``, on ``rows``; ``row_at``: each project position's row, -1 if not shown), row
    by row (statement order kept within a row): their positions in ``project``, their rows,
    and whether those positions are every statement in place (``arange``: nothing to gather).
    Each project's statements are one run (events are grouped by project), so the shown rows'
    runs are gathered in row order: no sort of the statements."""
    runs = _runs_of(project, len(row_at) - 1)
    if runs is None:  # not grouped by project: sort by row after all
        row = row_at[project]
        at = np.flatnonzero(row >= 0)
        at = at[np.argsort(row[at], kind="stable")]
        return at, row[at], False
    lo, hi = runs
    first, count = lo[order], hi[order] - lo[order]
    total = int(count.sum())
    before = np.cumsum(count) - count  # where each row's run goes in the result
    has = count > 0  # (a project without any: its run's start says nothing)
    every = total == len(project) and np.array_equal(first[has], before[has])
    at = np.arange(total) if every else np.repeat(first - before, count) + np.arange(total)
    return at, np.repeat(rows, count), every


# The runs of the last arrays of projects asked about (the known promises' and statements'):
# the rows of a readable view draw their few dozen rows' markers at each paint (data.marks).
_runs: list[tuple[weakref.ref[np.ndarray], int, tuple[np.ndarray, np.ndarray] | None]] = []


def statement_runs(snap: Snapshot) -> None:
    """Find (and keep) the runs of ``snap``'s known promises and statements by project, where
    its layers are built (in the background for a large ledger): the rows a view paints, on
    the GUI thread, then find their markers without going through every statement."""
    for project in (snap.promise_project, snap.statement_project):
        _runs_of(project, len(snap.metrics))


def _runs_of(project: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``known.project_runs`` of ``project``, kept for the last two arrays (by identity)."""
    for ref, count, runs in list(_runs):  # (a copy: another thread may replace it meanwhile)
        if ref() is project and count == n:
            return runs
    runs = project_runs(project, n)
    _runs[:] = [
        *[kept for kept in _runs if kept[0]() is not None][-1:],
        (weakref.ref(project), n, runs),
    ]
    return runs
