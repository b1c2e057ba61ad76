"""A snapshot's timeline as per-project arrays, built once per snapshot, and the rows of a query
taking them: a selection and a permutation of arrays, with no new gather, conversion or filter
of the known statements on a change of sort, filter, grouping or folds. No Qt.

``data.layout`` builds the arrays (its layers for every project of the snapshot, each on the
row of its project's position) and assembles the layers of given rows from them
(:meth:`Items.take`); the arrays of the last snapshots asked about are kept (:func:`kept`).
"""

from __future__ import annotations

import functools
import itertools
import operator
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

import numpy as np
import pandas as pd

__all__ = [
    "STATEMENT_KINDS",
    "Items",
    "ItemsByRow",
    "Points",
    "Source",
    "Spans",
    "drawn_kinds",
    "extremes",
    "fit_range",
    "kept",
    "kinds_in",
    "newest",
    "permutes",
    "stepped",
    "time_range",
    "to_seconds",
]

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
# Items gathered at a time by :meth:`Items.take` (a part's positions: 128 KiB, a heap block used
# again by the next part, not pages of their own as a million items' under ``data.heap``).
CHUNK_ITEMS = 1 << 14
KEPT = 1  # the arrays of this many snapshots (the current one: about 25 MiB at 100k projects)


V = TypeVar("V")


class LastKept(Generic[V]):
    """A value worked out of an array (and other objects) and kept for the last ones asked
    about, by identity, the array weakly (the value goes with it): asked again about the same
    (one ledger's, as-of change after as-of change), it is not worked out again. Read once a
    call: a background recompute may replace it meanwhile."""

    def __init__(self) -> None:
        self._last: tuple[weakref.ref[np.ndarray], tuple[object, ...], V] | None = None

    def get(self, make: Callable[[], V], array: np.ndarray, *others: object) -> V:
        last = self._last
        if last is not None and last[0]() is array and all(map(operator.is_, last[1], others)):
            return last[2]
        value = make()
        self._last = (weakref.ref(array), others, value)
        return value


# Per event of the last ledger drawn (weakly, its kind codes): its kind as drawn.
_kinds: LastKept[np.ndarray] = LastKept()


def kinds_in(kind: np.ndarray) -> frozenset[int]:
    """The codes among ``kind`` (small non-negative integers), counted by parts of
    :data:`CHUNK_ITEMS`: no temporary of every item, whose new pages would cost more than the
    count."""
    kinds: set[int] = set()
    for i in range(0, len(kind), CHUNK_ITEMS):
        kinds.update(
            np.flatnonzero(np.bincount(kind[i : i + CHUNK_ITEMS].astype(np.int64))).tolist()
        )
    return frozenset(kinds)


def drawn_kinds(codes: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Each event's kind (``codes``: positions in ``names``, -1: none) as a position in
    :data:`STATEMENT_KINDS` (int8; a kind not among them, or none: the last), looked up once per
    distinct kind and kept per ledger (its codes' array)."""

    def make() -> np.ndarray:
        other = len(STATEMENT_KINDS) - 1
        kind_of = np.array(
            [STATEMENT_KINDS.index(k) if k in STATEMENT_KINDS else other for k in names],
            dtype=np.int8,
        )
        return np.append(kind_of, other).take(codes.astype(np.intp)).astype(np.int8)

    return _kinds.get(make, codes, names)


def to_seconds(values: pd.Series | np.ndarray) -> np.ndarray:
    """datetime64 values → float seconds since the epoch (NaN for NaT)."""
    arr = np.asarray(values, dtype="datetime64[s]")
    out = arr.astype("int64").astype(float)
    out[np.flatnonzero(np.isnat(arr))] = np.nan  # (by position: quicker than through the mask)
    return out


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
        at = np.flatnonzero(np.isfinite(x0) & np.isfinite(x1) & (x1 >= x0))  # (positions:
        at = at[_by_row(row[at])]  # quicker than the mask taken three times)
        return cls(x0[at], x1[at], row[at].astype(np.int32))

    def __len__(self) -> int:
        return len(self.row)

    @functools.cached_property
    def extent(self) -> tuple[float, float] | None:
        """The least start and the greatest end (None: no span), worked out once: in the
        background with the layers (``data.layout``), and not again for spans an as-of change
        takes as they are."""
        return (float(np.min(self.x0)), float(np.max(self.x1))) if len(self.row) else None


@dataclass
class Points:
    """Markers at ``x`` on ``row``, sorted by row (file order kept within a row).

    ``ref`` is each marker's position in the frame it came from (for tooltips) and ``kind`` an
    optional small-integer code (statement kinds: see :data:`STATEMENT_KINDS`).
    """

    x: np.ndarray
    row: np.ndarray
    ref: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    @functools.cached_property
    def kinds_present(self) -> frozenset[int]:
        """The ``kind`` codes among the markers (the legend lists them), worked out once: for a
        large ledger in the background, when its layers are built (``data.layout``). Counted
        by parts of :data:`CHUNK_ITEMS` (as :meth:`Items.take` gathers: no temporary of every
        marker, whose new pages would cost more than the count)."""
        return kinds_in(self.kind)

    @functools.cached_property
    def extent(self) -> tuple[float, float] | None:
        """The least and the greatest ``x`` (None: no marker), worked out once (as
        :attr:`Spans.extent`)."""
        return (float(np.min(self.x)), float(np.max(self.x))) if len(self.row) else None

    @classmethod
    def build(cls, x: np.ndarray, row: np.ndarray, kind: np.ndarray | None = None) -> Points:
        at = np.flatnonzero(np.isfinite(x))  # (``ref``: each one's position in ``x``)
        at = at[_by_row(row[at])]
        kinds = np.zeros(len(at), dtype=np.int8) if kind is None else np.asarray(kind, np.int8)[at]
        return cls(x[at], row[at].astype(np.int32), at.astype(np.int32), kinds)

    def __len__(self) -> int:
        return len(self.row)


@dataclass(frozen=True)
class Items:
    """Items drawn on project rows (markers, spans), each project's together and in their own
    order: ``lo`` and ``count`` per project position say where its run is in ``columns``;
    ``counting`` says which columns hold each item's own position (0, 1, 2, …: a marker's
    ``ref`` when every statement is drawn), taken as the positions themselves, not gathered."""

    lo: np.ndarray
    count: np.ndarray
    columns: tuple[np.ndarray, ...]
    single: bool  # at most one item per project (a span, a mark)
    counting: tuple[bool, ...] = ()

    @classmethod
    def of(cls, project: np.ndarray, n: int, *columns: np.ndarray) -> Items:
        """Items whose projects are ``project`` (positions, ascending: each project's run
        together) among ``n`` projects, with ``columns`` aligned with them."""
        # (int32: twelve layers' runs of 100k projects are 10 MiB instead of 20)
        count = np.bincount(np.asarray(project, dtype=np.int64), minlength=n).astype(np.int32)
        single = not len(count) or int(count.max()) <= 1
        counting = tuple(
            c.dtype.kind in "iu" and np.array_equal(c, np.arange(len(c))) for c in columns
        )
        return cls((np.cumsum(count) - count).astype(np.int32), count, columns, single, counting)

    def take(
        self, order: np.ndarray, rows: np.ndarray
    ) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]:
        """The items of the projects at ``order`` (top to bottom), each on its project's row of
        ``rows``: their columns, their rows (int32) and, for :attr:`single` items, each one's
        place in ``order`` (else none). Several items a project are written by parts into
        arrays made once: no temporary of every item (at 100k projects each new page is a
        fault, and the faults cost about as much as the gathers)."""
        count, rows = self.count[order], np.asarray(rows, dtype=np.int32)
        if self.single:  # the projects shown that have their item
            place = np.flatnonzero(count)
            at = self.lo[order[place]]
            return self._columns(at), rows[place], place
        ends = np.cumsum(count, dtype=np.int64)  # where each project's run ends in the result
        total = int(ends[-1]) if len(ends) else 0
        columns = tuple(np.empty(total, dtype=column.dtype) for column in self.columns)
        row = np.empty(total, dtype=np.int32)
        cuts = np.searchsorted(ends, np.arange(0, total, CHUNK_ITEMS)[1:], side="right")
        # A part's positions, in one array for all (a part: up to CHUNK_ITEMS items and the
        # rest of its first project's run): its pages are not handed back and faulted anew.
        at = np.empty(min(total, CHUNK_ITEMS + int(count.max(initial=0))), dtype=np.int64)
        for a, b in itertools.pairwise([0, *np.unique(cuts).tolist(), len(order)]):
            if a < b:
                into = (columns, row, rows[a:b])
                self._take_part(order[a:b], count[a:b], ends[a:b], into, at)
        return columns, row, np.empty(0, dtype=np.int64)

    def _take_part(
        self,
        order: np.ndarray,
        count: np.ndarray,
        ends: np.ndarray,
        into: tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray],
        scratch: np.ndarray,
    ) -> None:
        """The items of the projects at ``order`` (``count`` each, their runs ending at
        ``ends`` in the result), written into the result's ``columns`` and ``row`` on the
        projects' ``rows`` (``scratch``: room for the part's positions)."""
        columns, row, rows = into
        first, last = int(ends[0] - count[0]), int(ends[-1])  # the part's items in the result
        has = count > 0  # (the runs: a project without items has none)
        count = count[has]
        at = stepped(self.lo[order[has]], count, 1, scratch[: last - first])
        counting = self.counting or (False,) * len(self.columns)
        for column, out, own in zip(self.columns, columns, counting, strict=True):
            if own:  # (a counting column: the positions themselves)
                out[first:last] = at
            else:  # ("clip": the positions are in range; "raise" would buffer ``out``)
                np.take(column, at, out=out[first:last], mode="clip")
        stepped(rows[has], count, 0, row[first:last])

    def _columns(self, at: np.ndarray) -> tuple[np.ndarray, ...]:
        """The columns at positions ``at`` (np.take: a fifth faster than indexing at a million
        items; a counting column is ``at`` itself)."""
        counting = self.counting or (False,) * len(self.columns)
        return tuple(
            at.astype(column.dtype) if own else np.take(column, at)
            for column, own in zip(self.columns, counting, strict=True)
        )


# A layer's rows and columns, or what gives them when first asked for (drawing the layer).
Source = tuple[np.ndarray, ...] | Callable[[], tuple[np.ndarray, ...]]


class ItemsByRow(Mapping[str, Items]):
    """Each layer's items by row (:meth:`Items.of` of its ``sources``: rows, then columns, for
    ``n`` projects), grouped when first asked for and kept: the empty query's rows draw their
    layers as they are, so a first frame groups nothing; the rows of another query (or an
    as-of change keeping the statements' items) group them then. ``given``: items already
    grouped from the very same arrays."""

    def __init__(self, n: int, sources: dict[str, Source], given: dict[str, Items]) -> None:
        self._n, self._sources, self._made = n, sources, dict(given)

    def __getitem__(self, name: str) -> Items:
        made = self._made.get(name)
        if made is None:  # (two threads may both group it: the same items, either kept)
            source = self._sources[name]
            row, *columns = source() if callable(source) else source
            made = self._made[name] = Items.of(row, self._n, *columns)
        return made

    def made(self, name: str) -> Items | None:
        """The items of ``name`` if already grouped, else None (none grouped for it)."""
        return self._made.get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def stepped(values: np.ndarray, count: np.ndarray, step: int, out: np.ndarray) -> np.ndarray:
    """``out`` (of ``count.sum()`` items, ``count`` all above 0) filled with runs in turn: run
    ``k`` is ``count[k]`` items from ``values[k]`` on, each ``step`` more than the one before
    (1: positions, 0: the value repeated). Written as the cumulative sum of the steps between
    items, the jumps put where each run begins: ``np.repeat`` copies a run's items one by one,
    and at a few items a run took several times as long. Returns ``out``."""
    if not len(out):
        return out
    begins = np.cumsum(count) - count
    out.fill(step)
    jumps = values.astype(np.int64)  # (each run's first value less the last one's before it)
    jumps[1:] -= values[:-1] + step * (count[:-1].astype(np.int64) - 1)
    out[begins] = jumps
    return np.cumsum(out, dtype=out.dtype, out=out)


def permutes(at: np.ndarray, n: int) -> bool:
    """True when ``at`` (rows, each in 0..n-1) holds every one of the ``n`` rows once."""
    if len(at) != n:
        return False
    seen = np.zeros(n, dtype=bool)
    seen[at] = True
    return bool(seen.all())


def time_range(dates: list[np.ndarray], as_of: float) -> tuple[float, float]:
    """The range of ``dates`` (NaN left out) and ``as_of``."""
    lows, highs = [], []
    for xs in [*dates, np.array([as_of])]:
        if len(xs) and not np.isnan(low := np.fmin.reduce(xs)):  # (fmin skips NaN)
            lows.append(float(low))
            highs.append(float(np.fmax.reduce(xs)))
    return (min(lows), max(highs)) if lows else (as_of - 3e7, as_of + 3e7)


def fold(ufunc: np.ufunc, arrays: list[np.ndarray]) -> np.ndarray:
    """``ufunc.reduce(arrays)`` (left to right, as it reduces the first axis) without stacking
    the arrays into one first (at least two of them)."""
    out: np.ndarray = ufunc(arrays[0], arrays[1])
    for a in arrays[2:]:
        ufunc(out, a, out=out)
    return out


def extremes(xs: np.ndarray) -> np.ndarray:
    """The least and greatest of ``xs`` (NaN left out; NaN when all are), none for none: all
    :func:`time_range` needs of them (a million promises' bounds are not kept for it)."""
    return np.array([np.fmin.reduce(xs), np.fmax.reduce(xs)]) if len(xs) else xs


def fit_range(
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


T = TypeVar("T")
_kept: list[tuple[weakref.ref[object], object]] = []


# Of a snapshot whose arrays are not kept, rows up to this many (of more projects) are laid out
# from themselves: an export's preview of 60 rows on another as-of date does not build every
# project's arrays (~0.1 s at 100k) nor push the window's out.
FEW_ROWS = 1000


def few_rows(snap: object, rows: int, projects: int) -> bool:
    """True when ``rows`` of ``projects`` are laid out from the rows alone (see FEW_ROWS)."""
    return rows <= FEW_ROWS < projects and not any(ref() is snap for ref, _ in list(_kept))


def newest() -> object:
    """The arrays :func:`kept` built last (for whichever snapshot), or None: an as-of change
    that knows the same statements as the last date takes their marks from them."""
    last = list(_kept)
    return last[-1][1] if last else None


def kept(snap: object, build: Callable[[], T]) -> T:
    """The arrays built for ``snap`` by ``build`` if they are among the last :data:`KEPT` built
    (for this very snapshot object), else ``build()`` (then kept in place of the oldest)."""
    for ref, arrays in list(_kept):
        if ref() is snap:
            return cast(T, arrays)  # (kept by this function, of ``build``)
    arrays = build()
    alive = [(ref, a) for ref, a in _kept if ref() is not None]
    _kept[:] = [*alive[max(0, len(alive) - KEPT + 1) :], (weakref.ref(snap), arrays)]
    return arrays
