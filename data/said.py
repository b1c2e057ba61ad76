"""The statements' layers of some rows drawn when first read (:class:`StatementLayers`), what
the window reads of them without drawing them (:class:`Summary`), and the fields of
``data.layers.TimelineLayers`` that hold them (:class:`Layer`). No Qt.

The overview of a large ledger (rows under a few pixels) paints bars only, and a sort permutes
rows whose statements were already drawn: half a million to a million markers gathered for a
frame that draws none of them cost a first frame, a sort or an as-of change at 100k projects
~40 ms; a view of readable rows paints a few dozen rows' markers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import numpy as np

from data.marks import event_seconds
from data.metrics import Snapshot
from data.rowarrays import Points, Spans, drawn_kinds, kinds_in

__all__ = [
    "PART_ROWS",
    "STATEMENT_ITEMS",
    "STATEMENT_LAYERS",
    "Drawn",
    "Layer",
    "Said",
    "StatementLayers",
    "Summary",
    "statements_summary",
    "summary_of",
]


# The statements' layers by their names (``data.layers.TimelineLayers``' fields), and those of
# them that are items on rows (the re-promise flags go with the promises).
STATEMENT_LAYERS = ("windows", "open_windows", "promises", "repromise", "statements")
STATEMENT_ITEMS = ("windows", "open_windows", "promises", "statements")
Drawn = dict[str, Spans | Points | np.ndarray]  # the statements' layers by their names
# Rows a part is drawn for at most (:meth:`StatementLayers.rows`): a view or a page of more
# (rows of a few pixels, a tall export) draws every row's, once.
PART_ROWS = 2000
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
    extents = {name: _extent(drawn[name]) for name in STATEMENT_ITEMS}
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


@dataclass(frozen=True)
class Said:
    """The statements' layers of some rows (:meth:`StatementLayers.rows`), by name."""

    windows: Spans
    open_windows: Spans
    promises: Points
    repromise: np.ndarray
    statements: Points


class StatementLayers:
    """The statements' layers of some rows (:func:`statement_layers`), drawn when first read.

    The overview of a large ledger (rows under a few pixels) paints bars only, and a sort
    permutes rows whose statements were already drawn: half a million to a million markers
    gathered for a frame that draws none of them cost a first frame, a sort or an as-of change
    at 100k projects ~40 ms. ``draw`` makes them on the first read, on whichever thread asks
    (a lock: two readers draw them once); ``summary``, when given, tells the legend and "fit
    all" what they hold without drawing them (else drawing them tells); ``part``, when given,
    draws the layers of some rows alone (:meth:`rows`: the rows a view of readable rows paints,
    a hovered row), the same items as the whole drawing has on those rows."""

    def __init__(
        self,
        draw: Callable[[], Drawn],
        summary: Callable[[], Summary] | Summary | None = None,
        part: Callable[[int, int], Drawn] | None = None,
    ) -> None:
        self._draw: Callable[[], Drawn] | None = draw
        self._drawn: Drawn | None = None
        self._summary = summary
        self._part = part
        self._parts: list[tuple[tuple[int, int], Said]] = []  # the last two asked for
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
                    self._part, self._parts = None, []
                drawn = self._drawn
        return drawn

    def whole(self) -> Said:
        """Every row's layers (drawn now if not yet)."""
        return Said(**self.get())  # type: ignore[arg-type]  # (each layer by its name)

    def rows(self, lo: int, hi: int) -> Said:
        """The layers of rows [``lo``, ``hi``) at least: all of them once drawn, else those
        rows' alone when ``part`` was given (a view of readable rows draws a few dozen rows'
        markers, not a million; the last two asked for are kept: the paint's and a hover's)."""
        part = self._part
        if self._drawn is not None or part is None or hi - lo > PART_ROWS:
            return self.whole()
        parts = list(self._parts)  # (a copy: another thread may draw them all meanwhile)
        for asked, said in parts:
            if asked == (lo, hi):
                return said
        made = Said(**part(lo, hi))  # type: ignore[arg-type]
        self._parts = [*parts[-1:], ((lo, hi), made)]
        return made

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
    over the kept ones taken by position (numpy's reductions ``where=`` a mask, or of the items
    a mask selects, are several times slower than a take of their positions)."""
    kept = int(np.count_nonzero(keep))
    if not kept:
        return None
    if kept == len(keep):  # (a plain reduction: nothing to take)
        return float(np.min(x0)), float(np.max(x1))
    at = np.flatnonzero(keep)
    return float(np.min(x0.take(at))), float(np.max(x1.take(at)))


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
