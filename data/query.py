"""Which projects are shown, in which order and lanes: one query for the window, the export
and the command line alike.

A query shows only the projects that exist on the snapshot's as-of date (the metrics'
``exists`` column: a replay before a project's start and first statement leaves it out of the
chart, the status bar and the CSV alike). It filters them by text (name or any attribute
contains it, case-insensitive), sorts them by one of :data:`SORTS` (ties keep file order;
unknown values go last; in the slip, slip % and re-promises sorts cancelled projects go after
all the others, in the same order among themselves; ``Query.descending`` turns any sort
around, unknown values and cancelled projects still last), or by the status or any attribute
(text, ignoring case), and groups them into swimlanes by an
attribute or the status (lanes alphabetical, the empty lane last, the order kept inside each
lane). Its result is a :class:`Rows`: positions into a snapshot's
metrics, top to bottom, and each one's lane.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas is imported where it is used: the window's sorts need none
    import pandas as pd


@dataclass(frozen=True)
class Sort:
    """A row order: its name on the command line, its label in the window, the metrics column
    it sorts by and its direction."""

    key: str
    label: str
    column: str
    descending: bool = False
    cancelled_last: bool = False  # cancelled projects after all the others


# The sorts, in the order the window offers them (the command line's --sort takes the keys).
SORTS: tuple[Sort, ...] = (
    Sort("start", "Start", "start"),
    Sort("promise", "First promise", "promised_end"),
    Sort("slip", "Slip (largest first)", "slip_days", descending=True, cancelled_last=True),
    Sort("slip_pct", "Slip %", "slip_pct", descending=True, cancelled_last=True),
    Sort("repromises", "Re-promises", "repromises", descending=True, cancelled_last=True),
    Sort("name", "Name", "name"),
)
SORT_KEYS = tuple(s.key for s in SORTS)
_BY_KEY = {s.key: s for s in SORTS}
FILE_ORDER = "File order"  # the window's label for no sort
NO_GROUP = "(none)"  # the lane of projects without a value


@dataclass(frozen=True)
class Query:
    """Filter text, sort key (None: file order), grouping column (None: no lanes) and the sort's
    direction (None: the key's own, :attr:`Sort.descending`; "status" and attributes ascend).
    ``sort`` is a key of :data:`SORTS`, "status" or an attribute column."""

    sort: str | None = None
    filter_text: str = ""
    group_by: str | None = None
    descending: bool | None = None


@dataclass(frozen=True)
class Rows:
    """The projects shown: ``order`` holds positions into the snapshot's metrics, top to
    bottom (each lane's projects together); ``lanes`` each one's lane label, or None when the
    rows are not grouped; ``folded`` the labels of the lanes drawn as their header alone
    (``data.lanes``: their projects stay in ``order``, so the status bar counts them and
    the metrics CSV has them)."""

    order: np.ndarray
    lanes: np.ndarray | None = None
    folded: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.order)

    def same(self, other: Rows) -> bool:
        """True when ``other`` shows the same projects in the same order, lanes and folds."""
        if other is self:
            return True
        if self.folded != other.folded or not np.array_equal(self.order, other.order):
            return False
        if self.lanes is None or other.lanes is None:
            return self.lanes is None and other.lanes is None
        return bool(np.array_equal(self.lanes, other.lanes))


def groupable_columns(attributes: list[str]) -> list[str]:
    """Columns rows can be grouped by: the status, and the attributes."""
    return ["status", *attributes]


def matches(
    metrics: pd.DataFrame, text: str, columns: list[str], *, plain: bool = False
) -> np.ndarray:
    """True for projects whose name or attributes contain ``text`` (case-insensitive). Each
    column's lowered text is kept as a numpy text array (``plain``: lowered and searched anew;
    the same answer)."""
    needle = text.strip().lower()
    if not needle:
        return np.ones(len(metrics), dtype=bool)
    hit = np.zeros(len(metrics), dtype=bool)
    for column in ["name", *columns]:
        lowered = None if plain or "\x00" in needle else _lowered(metrics[column])
        if lowered is not None:  # (numpy's text drops trailing NULs: none in the needle)
            hit |= np.char.find(lowered, needle) >= 0
            continue
        values = metrics[column].astype("string").fillna("").str.lower()
        hit |= values.str.contains(needle, regex=False).to_numpy(dtype=bool)
    return hit


LOWERED_BYTES = 32 << 20  # the lowered texts kept as numpy text, all columns together, at most
# Per column name: the column's values (the snapshots of a ledger share them) and their lowered
# text, or None when it did not fit. Emptied when the names' column changes (another ledger), so
# nothing of an earlier ledger is held.
_lowered_kept: dict[str, tuple[tuple[object, ...], np.ndarray | None]] = {}


def _values(column: pd.Series) -> tuple[object, ...]:
    """What a column's cells are, equal on every call for the same cells: its extension array,
    or for a numpy-backed column (a new wrapper, even a new view of its frame's block, each
    time) the array that owns the memory and where in it the cells are."""
    from pandas.arrays import NumpyExtensionArray

    values = column.array
    if not isinstance(values, NumpyExtensionArray):
        return (values,)
    cells = np.asarray(values)
    owner = cells
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    return (owner, cells.__array_interface__["data"][0], cells.strides, cells.shape)


def _same_values(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return a[0] is b[0] and a[1:] == b[1:]


def _lowered(column: pd.Series) -> np.ndarray | None:
    values, name = _values(column), str(column.name)
    kept = _lowered_kept.pop(name, None)
    if kept is not None and _same_values(kept[0], values):
        _lowered_kept[name] = kept
        return kept[1]
    if name == "name":
        _lowered_kept.clear()  # (another ledger: its columns are new)
    cells, longest = _lowered_cells(column)
    used = sum(k[1].nbytes for k in _lowered_kept.values() if k[1] is not None)
    small = used + len(cells) * longest * 4 <= LOWERED_BYTES  # (4 bytes a character)
    lowered = np.array(cells, dtype=f"<U{longest}") if small else None
    _lowered_kept[name] = (values, lowered)
    return lowered


def _lowered_cells(column: pd.Series) -> tuple[np.ndarray, int]:
    """The column's cells as :func:`matches` lowers them (as pandas' text, missing ones ""),
    as objects, and the longest one's length (at least 1). Text that pandas holds as Python
    strings is lowered by ``str.lower``, as pandas does it, one call a cell: pandas' own map
    (its masks, its length of each cell) took three times as long at 100k names."""
    from pandas.arrays import StringArray

    text = column.astype("string")
    if isinstance(text.array, StringArray):  # (Python's strings: pandas maps str.lower)
        lowered = [cell.lower() for cell in text.to_numpy(dtype=object, na_value="")]
        longest = max(map(len, lowered), default=0)
        cells = np.empty(len(lowered), dtype=object)
        cells[:] = lowered
    else:  # (another storage: lowered by pandas, as the plain search does)
        low = text.fillna("").str.lower()
        longest = int(low.str.len().max()) if len(low) else 0
        cells = low.to_numpy(dtype=object)
    return cells, max(longest, 1)


def parse_sort(text: str) -> tuple[str, bool | None]:
    """``KEY`` or ``KEY:asc`` / ``KEY:desc`` (the command line's ``--sort``) as the key and the
    direction (None: the key's own). Raises ValueError for another direction."""
    key, colon, direction = text.rpartition(":") if ":" in text else (text, "", "")
    if not colon:
        return text, None
    if direction.lower() not in ("asc", "desc"):
        raise ValueError(f"sort direction {direction!r} is neither 'asc' nor 'desc'")
    return key, direction.lower() == "desc"


def _sort_by(metrics: pd.DataFrame, sort: str, columns: list[str]) -> Sort:
    if sort in _BY_KEY:
        return _BY_KEY[sort]
    if sort in columns and sort in metrics:  # the status, an attribute
        return Sort(sort, sort, sort)
    raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")


# The orders of every project of the last metrics asked about (weakly), by sort and direction:
# the order of some projects is the order of all, restricted to them (the sorts are stable).
_orders: tuple[weakref.ref[pd.DataFrame], dict[tuple[Sort, bool], np.ndarray]] | None = None


def _sorted(
    metrics: pd.DataFrame, keep: np.ndarray, query: Query, columns: list[str], plain: bool
) -> np.ndarray:
    """``keep`` (ascending positions) in the order of ``query``'s sort."""
    global _orders
    sort, descending = query.sort or None, query.descending
    if sort is None or len(keep) == 0:
        return keep
    how = _sort_by(metrics, sort, columns)
    down = how.descending if descending is None else descending
    if plain:
        return _sort_all(metrics, keep, how, down)
    kept = _orders  # (read once: a background recompute may replace it meanwhile)
    if kept is None or kept[0]() is not metrics:
        kept = _orders = (weakref.ref(metrics), {})
    every = kept[1].get((how, down))
    if every is None:
        every = kept[1][(how, down)] = _sort_every(metrics, how, down)
    shown = np.zeros(len(metrics), dtype=bool)
    shown[keep] = True
    ordered: np.ndarray = every[shown[every]]
    return ordered


def _sort_all(metrics: pd.DataFrame, keep: np.ndarray, how: Sort, down: bool) -> np.ndarray:
    """``keep`` sorted by ``how`` (``down``: descending), the straightforward way."""
    column = metrics[how.column]
    if column.dtype.kind in "fiuM":  # numbers and dates: numpy's stable sort puts NaN last
        key = column.to_numpy()[keep]
        if key.dtype.kind == "M":  # (as float: NaT becomes NaN, last both ways once negated)
            nat = np.isnat(key)
            key = key.astype("int64").astype(float)
            key[nat] = np.nan
        if down:  # ties keep file order: a stable sort of the negated key
            key = -key.astype(float)
        order = np.argsort(key, kind="stable")
    else:
        text = column.iloc[keep]
        if how.key == "name" or how.key not in _BY_KEY:  # text: ignoring case, blanks unknown
            text = text.astype("string").str.strip().str.lower()
            text = text.where(text != "")
        order = (
            text.reset_index(drop=True)
            .sort_values(ascending=not down, kind="stable", na_position="last")
            .index.to_numpy()
        )
    ordered: np.ndarray = keep[order]
    if how.cancelled_last and "status" in metrics:
        # A stable sort on "is cancelled" keeps the order found above inside both groups.
        cancelled = metrics["status"].to_numpy(dtype=object)[ordered] == "cancelled"
        ordered = ordered[np.argsort(cancelled, kind="stable")]
    return ordered


def _sort_every(metrics: pd.DataFrame, how: Sort, down: bool) -> np.ndarray:
    """Every project in the order of ``how`` (``down``: descending): :func:`_sort_all`'s order
    of them all, found quicker. A number's or a date's key (as :func:`_sort_all` makes it) is
    sorted as integers of the same order and ties (numpy's stable sort of a hundred thousand
    floats took 16 ms, of as many int64 6), a text's as each distinct text's rank
    (:func:`_text_ranks`), and the cancelled projects are found among every project's statuses,
    not in a gathered copy of them."""
    column = metrics[how.column]
    if column.dtype.kind in "fiuM":
        key = column.to_numpy()
        if key.dtype.kind == "M":  # (as float: NaT becomes NaN, last both ways once negated)
            nat = np.isnat(key)
            key = key.astype("int64").astype(float)
            key[nat] = np.nan
        if down:
            key = -key.astype(float)
        order = np.argsort(_ordered_bits(key) if key.dtype.kind == "f" else key, kind="stable")
    else:
        ranks = None if how.key in _BY_KEY else _text_ranks(column, down)  # (names: distinct)
        if ranks is None:  # (a text sorted as it is, or not text: the straightforward way)
            return _sort_all(metrics, np.arange(len(metrics)), how, down)
        order = np.argsort(ranks, kind="stable")
    if how.cancelled_last and "status" in metrics:
        cancelled = (metrics["status"].to_numpy(dtype=object) == "cancelled")[order]
        order = order[np.argsort(cancelled, kind="stable")]
    return order


def _ordered_bits(key: np.ndarray) -> np.ndarray:
    """Floats as int64 in the order numpy sorts them, equal where they are equal: -0.0 as 0.0,
    every NaN (of either sign: a negated NaN keeps its bit) last, after +inf."""
    x = np.asarray(key, dtype=np.float64) + 0.0  # (a new array; -0.0 + 0.0 is 0.0)
    bits = x.view(np.int64)
    bits[np.isnan(x)] = 0x7FF8_0000_0000_0000  # (a positive NaN's bits: above +inf's)
    # Negative floats' bits read as int64 order backwards: their magnitude bits turned around.
    flip = bits >> 63  # (-1 where negative, else 0; in place after: one temporary, not three)
    flip &= 0x7FFF_FFFF_FFFF_FFFF
    bits ^= flip
    return bits


def _text_ranks(column: pd.Series, down: bool) -> np.ndarray | None:
    """Each project's rank among the column's distinct texts as :func:`_sort_all` compares them
    (stripped and lowered the same way, the same comparison: each distinct value once),
    reversed when ``down``; blank and missing texts rank last both ways. None when the column
    holds other values than text, whose distinct values could be equal as objects and not as
    text (1, 1.0 and True), or mostly distinct values (no quicker than sorting them all)."""
    import pandas as pd

    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return None
    codes, uniques = pd.factorize(values)  # (-1: missing)
    if 2 * len(uniques) > len(values):  # (mostly distinct, names: each lowered and sorted anyway)
        return None
    text = pd.Series(uniques, dtype=column.dtype).astype("string").str.strip().str.lower()
    text = text.where(text != "")
    by = text.sort_values(kind="stable", na_position="last")
    known = int(by.notna().sum())
    ordered = by.to_numpy(dtype=object)[:known]
    new = np.ones(known, dtype=bool)  # where the next distinct lowered text begins
    new[1:] = ordered[1:] != ordered[:-1]
    distinct = int(new.sum())
    rank = np.full(len(uniques) + 1, distinct, dtype=np.int64)  # (the last slot: code -1)
    rank[by.index.to_numpy()[:known]] = np.cumsum(new) - 1
    if down:
        rank = np.where(rank < distinct, distinct - 1 - rank, distinct)
    small = np.int16 if distinct < 2**15 else np.int64  # (numpy sorts int16 by radix)
    ranks: np.ndarray = rank.astype(small)[codes]
    return ranks


def _lanes(
    metrics: pd.DataFrame, order: np.ndarray, group_by: str, plain: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Stable-sort ``order`` into swimlanes of ``group_by``; the reordered positions and each
    one's lane label."""
    # Each distinct value is labelled once (a few lanes for a hundred thousand rows).
    import pandas as pd

    if plain:
        codes, uniques = pd.factorize(metrics[group_by].to_numpy()[order])
    else:
        every, uniques = _factorized(metrics, group_by)
        codes = every[order]
    text = pd.Series(uniques, dtype=object).astype("string").fillna("").str.strip()
    names = np.append(text.where(text != "", NO_GROUP).to_numpy(dtype=object), NO_GROUP)
    present = np.flatnonzero(np.bincount(codes + 1, minlength=1)) - 1  # (-1: a missing value)
    used = set(names[present]) if len(codes) else set()
    distinct = sorted(used - {NO_GROUP}, key=str.lower)
    if NO_GROUP in used:
        distinct.append(NO_GROUP)
    rank = {name: i for i, name in enumerate(distinct)}
    small = np.int16 if len(distinct) < 2**15 else np.int64  # (numpy sorts int16 by radix)
    lane = np.array([rank.get(name, -1) for name in names], dtype=small)[codes]
    by_lane = np.argsort(lane, kind="stable")
    # Code -1 (a missing value): the last name, NO_GROUP. (The labels taken once, in the new
    # order: the text of a hundred thousand rows is not gathered twice.)
    return order[by_lane], names[codes[by_lane]]


# The distinct values of the columns of the last metrics grouped by (weakly), as codes.
_codes: tuple[weakref.ref[pd.DataFrame], dict[str, tuple[np.ndarray, np.ndarray]]] | None = None


def _factorized(metrics: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """``column`` of every project as codes (-1: missing) and its distinct values."""
    global _codes
    import pandas as pd

    kept = _codes  # (read once: a background recompute may replace it meanwhile)
    if kept is None or kept[0]() is not metrics:
        kept = _codes = (weakref.ref(metrics), {})
    if column not in kept[1]:
        codes, uniques = pd.factorize(metrics[column].to_numpy())
        kept[1][column] = (codes, np.asarray(uniques, dtype=object))
    return kept[1][column]


def existing(metrics: pd.DataFrame) -> np.ndarray:
    """True for the projects that exist on the as-of date (all, for metrics without an
    ``exists`` column)."""
    if "exists" not in metrics:
        return np.ones(len(metrics), dtype=bool)
    exists: np.ndarray = metrics["exists"].to_numpy(dtype=bool)
    return exists


def run_query(
    metrics: pd.DataFrame, query: Query, attributes: list[str], *, plain: bool = False
) -> Rows:
    """The rows ``query`` shows of ``metrics`` (``attributes``: the columns the filter searches
    besides the name): only projects that exist on the as-of date. Raises ValueError for an
    unknown sort or grouping column. What a query of the same metrics asked before (each
    project's order in a sort, the lowered texts, the codes of a grouping column) is kept;
    ``plain`` computes everything anew (the same rows)."""
    if query.group_by and query.group_by not in metrics:
        raise ValueError(f"unknown column {query.group_by!r} to group by")
    shown = existing(metrics) & matches(metrics, query.filter_text, attributes, plain=plain)
    keep = np.flatnonzero(shown)
    order = _sorted(metrics, keep, query, groupable_columns(attributes), plain)
    if not query.group_by:
        return Rows(order)
    order, lanes = _lanes(metrics, order, query.group_by, plain)
    return Rows(order, lanes)
