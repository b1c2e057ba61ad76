"""The timeline's marks of a snapshot's known statements: promise windows, where each promise
pointed, when each statement was made, each project's first known cancellation. No Qt.

They depend on the as-of date only through which statements are known: ``data.promises``
gives a new date on which the same statements are known the very arrays of the last one, and
:func:`statement_arrays` names those arrays, so that ``data.layout`` can tell that the marks it
drew for the last snapshot serve the next one (an as-of change then redraws only each project's
bars and end marks, not a million statements).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import numpy as np

from data.known import seconds
from data.metrics import Snapshot
from data.rowarrays import Points, Spans, drawn_kinds, kinds_in, row_major

__all__ = [
    "Drawn",
    "Layer",
    "StatementLayers",
    "Summary",
    "event_seconds",
    "first_cancellations",
    "promise_bounds",
    "promise_marks",
    "same_statements",
    "statement_arrays",
    "statement_layers",
    "statement_marks",
    "statements_summary",
    "summary_of",
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
    names = snap.kind_names
    events = np.flatnonzero(np.isin(snap.kind_code, np.flatnonzero(names == "cancelled")))
    at = snap.statement_at  # (searched in its own int32: int64 positions would convert it all)
    found = np.minimum(at.searchsorted(events.astype(at.dtype)), len(at) - 1)
    said = found[snap.statement_at[found] == events] if len(snap.statement_at) else found[:0]
    owner = snap.statement_project[said]
    projects, first = np.unique(owner, return_index=True)
    dated_at = np.full(len(snap.metrics), np.nan)
    dated_at[projects] = event_seconds(snap, "date_mid", snap.statement_at[said[first]])
    return dated_at


def promise_bounds(snap: Snapshot) -> tuple[np.ndarray, ...]:
    """Every known promise's earliest and latest bound, as seconds."""
    return tuple(event_seconds(snap, c, snap.promise_at) for c in _PROMISE_BOUNDS)


def event_seconds(snap: Snapshot, column: str, at: np.ndarray) -> np.ndarray:
    """A date column of the snapshot's events at positions ``at`` as seconds."""
    return seconds(snap.events, column, at)


Drawn = dict[str, Spans | Points | np.ndarray]  # the statements' layers by their names
Extent = tuple[float, float] | None


@dataclass(frozen=True)
class Summary:
    """What the window reads of the statements' layers before it draws a marker: the legend's
    entries (the statement kinds drawn, whether any promise drawn is a re-promise or a first
    one, whether any window is drawn), "fit all"'s extents and whether an open window is drawn
    (its fade needs room), by the layers' names."""

    kinds: frozenset[int]
    repromise: bool
    first: bool
    windows: int  # closed windows drawn
    open_windows: int
    extents: dict[str, Extent]  # windows, open_windows, promises, statements


def summary_of(drawn: Drawn) -> Summary:
    """The :class:`Summary` of layers drawn."""
    statements, repromise = drawn["statements"], drawn["repromise"]
    assert isinstance(statements, Points) and isinstance(repromise, np.ndarray)
    extents = {name: _extent(drawn[name]) for name in _ITEMS}
    return Summary(
        statements.kinds_present,
        bool(repromise.any()),
        bool((~repromise).any()),
        len(drawn["windows"]),
        len(drawn["open_windows"]),
        extents,
    )


def _extent(layer: Spans | Points | np.ndarray) -> Extent:
    assert isinstance(layer, Spans | Points)
    return layer.extent


_ITEMS = ("windows", "open_windows", "promises", "statements")


class StatementLayers:
    """The statements' layers of some rows (:func:`statement_layers`), drawn when first read.

    The overview of a large ledger (rows under a few pixels) paints bars only, and a sort
    permutes rows whose statements were already drawn: half a million to a million markers
    gathered for a frame that draws none of them cost a first frame, a sort or an as-of change
    at 100k projects ~40 ms. ``draw`` makes them on the first read, on whichever thread asks
    (a lock: two readers draw them once); ``summary``, when given, tells the legend and "fit
    all" what they hold without drawing them (else drawing them tells)."""

    def __init__(
        self, draw: Callable[[], Drawn], summary: Callable[[], Summary] | Summary | None = None
    ) -> None:
        self._draw: Callable[[], Drawn] | None = draw
        self._drawn: Drawn | None = None
        self._summary = summary
        self._lock = threading.Lock()

    @classmethod
    def of(cls, drawn: Drawn) -> StatementLayers:
        """Layers already drawn."""
        made = cls(lambda: drawn)
        made._drawn, made._draw = drawn, None
        return made

    @property
    def is_drawn(self) -> bool:
        return self._drawn is not None

    @property
    def is_summarized(self) -> bool:
        """Whether :meth:`summary` has been worked out (then it costs nothing)."""
        return isinstance(self._summary, Summary)

    def get(self) -> Drawn:
        """The layers, drawn now if not yet."""
        drawn = self._drawn
        if drawn is None:
            with self._lock:
                if self._drawn is None:
                    assert self._draw is not None
                    self._drawn, self._draw = self._draw(), None  # (what it held is let go)
                drawn = self._drawn
        return drawn

    def summary(self) -> Summary:
        """What they hold (:class:`Summary`), worked out once: from the given summary while
        they are not drawn, else from the layers (two threads may both work it out: the same)."""
        given = self._summary
        if isinstance(given, Summary):
            return given
        made = given() if given is not None and self._drawn is None else summary_of(self.get())
        self._summary = made
        return made


def statements_summary(
    snap: Snapshot,
    placed: tuple[np.ndarray, np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, ...],
) -> Summary:
    """The :class:`Summary` of :func:`statement_layers` (same arguments), without drawing them:
    masks and reductions over the known promises and statements (no gather in row order, no
    arrays of the markers), each test the one by which the layers keep or leave out an item."""
    row_at = placed[0]
    every = _every_shown(snap, row_at)  # (then nothing is left out for its project)
    p_lo, p_hi = bounds
    is_open = snap.promise_open
    drawn = np.isfinite(p_hi)  # (promise_marks: those with a latest bound)
    if not every:
        drawn &= row_at[snap.promise_project] >= 0
    finite = np.isfinite(p_lo) & drawn
    closed = finite & (p_hi > p_lo) & ~is_open  # (Spans.build: both ends finite, x1 >= x0)
    opened = finite & is_open & (p_hi >= p_lo)
    repromise = snap.repromise[drawn]
    at = snap.statement_at
    if not every:
        at = at[row_at[snap.statement_project] >= 0]
    said = event_seconds(snap, "date_mid", at)
    dated = np.isfinite(said)
    kinds = np.take(drawn_kinds(snap.kind_code, snap.kind_names), at if dated.all() else at[dated])
    return Summary(
        kinds_in(kinds),
        bool(repromise.any()),
        bool((~repromise).any()),
        int(closed.sum()),
        int(opened.sum()),
        {
            "windows": _span_extent(p_lo, p_hi, closed),
            "open_windows": _span_extent(p_lo, p_hi, opened),
            "promises": _span_extent(p_hi, p_hi, drawn),
            "statements": _span_extent(said, said, dated),
        },
    )


def _every_shown(snap: Snapshot, row_at: np.ndarray) -> bool:
    """Whether every project that has a known statement is shown (``row_at``: each project
    position's row, -1 if not shown; its last slot: no project)."""
    if not (row_at[:-1] >= 0).all():
        return False
    projects = (snap.promise_project, snap.statement_project)
    return all(not len(p) or int(p.min()) >= 0 for p in projects)


def _span_extent(x0: np.ndarray, x1: np.ndarray, keep: np.ndarray) -> Extent:
    """The least ``x0`` and greatest ``x1`` of the items kept (None: none), all finite: reduced
    where kept, no copy of them made."""
    if not keep.any():
        return None
    return float(np.min(x0, where=keep, initial=np.inf)), float(
        np.max(x1, where=keep, initial=-np.inf)
    )


L = TypeVar("L", Spans, Points, np.ndarray)


class Layer(Generic[L]):
    """A field of ``data.layout.TimelineLayers`` that is one of the statements' layers: set to
    the layer itself, or to the :class:`StatementLayers` that draws it when first read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: object, owner: type | None = None) -> L:
        if obj is None:  # (the class's own: no default, for the dataclass)
            raise AttributeError(self._name)
        value = obj.__dict__[self._name]
        if isinstance(value, StatementLayers):
            return cast(L, value.get()[self._name])
        return cast(L, value)

    def __set__(self, obj: object, value: L | StatementLayers) -> None:
        obj.__dict__[self._name] = value
