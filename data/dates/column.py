"""Whole columns of date cells: :func:`parse_dates` and what is decided for a column at once.

A column is parsed once per *distinct* value and spread back with the codes. The distinct values
meet, in order: the numpy fast path for exact ISO shapes, the empty markers, the Excel serial
test (the whole column or nothing), the cells written in EDTF (:mod:`data.dates.edtf`), the
vocabulary gate that turns free text away, the markers (``~``, ``c.``, ``?``), relative
phrases, the words around a date (open-ended statements, "by", "in", …:
:mod:`data.dates.words`) and the interval splitters; what is left, and each
half of an interval, is a single date (:mod:`data.dates.single`). Relative phrases are applied
per cell with the cell's anchor, and the column's messages are written last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from data.dates.calendar import DATE_DTYPE, NAT_DAY, excel_serial_days, format_iso
from data.dates.edtf import take_edtf
from data.dates.fast import fast_cells
from data.dates.fiscal import read_fiscal
from data.dates.formats import century_messages
from data.dates.grammar import (
    EMPTY_MARKERS,
    GATE,
    MAX_LEN,
    SPLITS,
    dispatch,
    filled,
    full_groups,
)
from data.dates.periods import PERIOD_SPLITS, borrow_year
from data.dates.relative import REL_NONE, Relative, apply_relative, read_relative, year_is_out
from data.dates.single import ORDER_AMBIGUOUS, ORDER_CLEAR, ORDER_CONFLICT, read_pieces
from data.dates.words import plain_phrases, strip_markers, strip_words
from data.distinct import factorize_text

if TYPE_CHECKING:
    from pandas.api.extensions import ExtensionDtype

# How the column messages about numeric dates' order begin ("day/month order is ambiguous",
# "day/month orders conflict"); the flag ``date_order_unclear`` says the same to code.
DATE_ORDER_MESSAGE = "day/month order"
# Excel serial day numbers accepted for a whole column (1954-10-03 .. 2119-01-11).
EXCEL_SERIAL_MIN = 20000
EXCEL_SERIAL_MAX = 80000
_SPLITS = SPLITS + PERIOD_SPLITS


def parse_dates(
    values: pd.Series,
    anchor: pd.Series | pd.DataFrame | None = None,
    *,
    dayfirst: bool | None = None,
    fiscal_start: int | None = None,
    fiscal_column: bool = False,
) -> pd.DataFrame:
    """Parse a column of date cells into intervals (see :mod:`data.dates` for the grammar).

    ``dayfirst`` forces the order of numeric dates such as ``03/04/2013`` (True: day first,
    False: month first). Left as None, the order is decided for the column's values of each
    separator: a cell only valid day-first (``17.05.2013``) makes the dotted ones day-first, one
    only valid month-first (``05/17/2013``) the slashed ones month-first. If no cell decides, the
    order-dependent cells are unreadable (never guessed row by row) and a message says the
    day/month order is ambiguous; if cells decide both ways, all order-dependent cells are
    unreadable and a message says the orders conflict. Cells that read the same both ways
    (``05/05/2013``) are always read; interval parts count as cells; a named weekday decides its
    own cell (:mod:`data.dates.formats` has the rules, and those of two-digit years).
    ``result.attrs["date_order_unclear"]`` is True exactly when one of those two messages was
    written.

    ``anchor`` is the statement's own date for relative phrases, aligned with ``values`` by index
    (a plain list or array is taken by position). It is either a Series of date *text*, parsed
    here with :func:`parse_dates` itself, or a DataFrame returned by :func:`parse_dates`. What
    each relative phrase means with the anchor interval is listed in :mod:`data.dates.relative`;
    a relative phrase without an anchor (none given, or an empty/unreadable one) is unreadable.
    ``fiscal_start``: the fiscal year's first month (1–12; None: April assumed, readings marked
    uncertain); ``fiscal_column``: its header says FY (see :mod:`data.dates.fiscal`).
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    index = values.index
    if len(values) == 0:
        return empty_result(index)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _parse_datetimes(values, empty_result(index))
    messages: list[str] = []
    # Each distinct value is parsed once and spread back by its code: a million cells of a
    # ledger hold a few thousand distinct dates (pyarrow's reader hands over the codes).
    codes, uniques = factorize_text(values)
    u = _parse_uniques(_as_text(uniques, values.dtype), dayfirst, messages)
    read_fiscal(u, fiscal_start, fiscal_column, messages)
    cells = _Cells(u, codes)
    _apply_relatives(cells, u.rel, codes, anchor, index, messages)
    unclear = _order_messages(u.dmy_flag[codes], cells.text, messages)
    century_messages(u.dmy_flag[codes], cells.text, messages)
    return cells.result(index, messages, unclear)


def empty_result(index: pd.Index) -> pd.DataFrame:
    """An all-empty parse result for ``index`` (every cell empty, nothing unreadable)."""
    n = len(index)
    nat = np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE)
    empty = np.full(n, "", dtype=object)
    no = np.zeros(n, dtype=bool)
    marks = (no, no.copy(), no.copy(), no.copy())
    return _result(index, nat, nat.copy(), empty, marks, empty.copy(), [], False)


def _result(
    index: pd.Index,
    earliest: np.ndarray,
    latest: np.ndarray,
    precision: np.ndarray,
    marks: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    text: np.ndarray,
    messages: list[str],
    order_unclear: bool,
) -> pd.DataFrame:
    # Object columns, not pandas' str dtype: callers compare these a million cells at a time,
    # and object comparisons run in C while the Python-backed str dtype goes through pandas.
    result = pd.DataFrame(
        {
            "earliest": earliest,
            "latest": latest,
            "precision": pd.Series(precision, index=index, dtype=object, copy=False),
            "approx": marks[0],
            "uncertain": marks[1],
            "open": marks[2],
            "actual": marks[3],  # P6's "a" mark (data.dates.formats)
            "text": pd.Series(text, index=index, dtype=object, copy=False),
        },
        index=index,
        copy=False,
    )
    result.attrs["column_messages"] = messages
    result.attrs["date_order_unclear"] = order_unclear
    return result


def unreadable(parsed: pd.DataFrame) -> pd.Series:
    """True where a non-empty cell could not be read."""
    return pd.Series(parsed["precision"].to_numpy(dtype=object) == "unreadable", index=parsed.index)


def _parse_datetimes(values: pd.Series, result: pd.DataFrame) -> pd.DataFrame:
    """A column that already holds datetimes: each is a day (its time of day is dropped)."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    days = values.to_numpy().astype("datetime64[D]")
    given = ~np.isnat(days)
    result["earliest"] = days.astype(DATE_DTYPE)
    result["latest"] = days.astype(DATE_DTYPE)
    result["precision"] = pd.Series(np.where(given, "day", ""), index=values.index, dtype=object)
    result["text"] = pd.Series(
        format_iso(values).to_numpy(dtype=object), index=values.index, dtype=object
    )
    return result


class _Uniques:
    """Per distinct value results; one extra slot at the end stands for NaN (code -1)."""

    def __init__(self, raw: np.ndarray) -> None:
        n = len(raw)
        self.text = np.append(raw, "")
        self.lo = np.full(n + 1, NAT_DAY)
        self.hi = np.full(n + 1, NAT_DAY)
        self.precision = np.full(n + 1, "unreadable", dtype=object)
        self.precision[n] = ""
        self.approx = np.zeros(n + 1, dtype=bool)
        self.uncertain = np.zeros(n + 1, dtype=bool)
        self.open = np.zeros(n + 1, dtype=bool)
        self.actual = np.zeros(n + 1, dtype=bool)
        self.edtf_column = False  # set by data.dates.edtf: a cell only EDTF writes is here
        self.dmy_flag = np.full(n + 1, ORDER_CLEAR, dtype="int8")
        self.rel = Relative(n + 1)

    def store(
        self,
        pos: np.ndarray,
        lo: npt.ArrayLike,
        hi: npt.ArrayLike,
        ok: npt.ArrayLike,
        precision: npt.ArrayLike,
    ) -> None:
        """Bounds and precision of the values at ``pos``; unreadable where not ``ok``."""
        ok = np.asarray(ok, dtype=bool)
        self.lo[pos] = np.where(ok, lo, NAT_DAY)
        self.hi[pos] = np.where(ok, hi, NAT_DAY)
        self.precision[pos] = np.where(ok, np.asarray(precision, dtype=object), "unreadable")


class _Cells:
    """Per cell results, spread back from the distinct values by their codes."""

    def __init__(self, u: _Uniques, codes: np.ndarray) -> None:
        self.lo, self.hi = u.lo[codes], u.hi[codes]
        self.precision = u.precision[codes]
        self.marks = (u.approx[codes], u.uncertain[codes], u.open[codes], u.actual[codes])
        self.text = u.text[codes]
        self.readable = ((u.precision != "unreadable") & (u.precision != ""))[codes]

    def result(self, index: pd.Index, messages: list[str], order_unclear: bool) -> pd.DataFrame:
        readable = self.readable
        m0, m1, m2, m3 = self.marks
        return _result(
            index,
            np.where(readable, self.lo, NAT_DAY).astype(DATE_DTYPE),
            np.where(readable, self.hi, NAT_DAY).astype(DATE_DTYPE),
            self.precision,
            (m0 & readable, m1 & readable, m2 & readable, m3 & readable),
            self.text,
            messages,
            order_unclear,
        )


def _apply_relatives(
    cells: _Cells,
    rel: Relative,
    codes: np.ndarray,
    anchor: pd.Series | pd.DataFrame | None,
    index: pd.Index,
    messages: list[str],
) -> None:
    """Relative phrases, per cell with the cell's anchor."""
    kind = rel.kind[codes]
    at = np.flatnonzero(kind != REL_NONE)
    if len(at) == 0:
        return
    a_lo, a_hi = _anchor_bounds(anchor, index, at)
    lo, hi, ok = apply_relative(kind[at], rel, codes[at], a_lo, a_hi)
    cells.lo[at], cells.hi[at] = lo, hi
    cells.precision[at] = np.where(ok, "relative", "unreadable")
    cells.readable[at] = ok
    missing = (kind[at] > 0) & (np.isnat(a_lo) | np.isnat(a_hi))
    if missing.any():
        why = "need the statement's date" if anchor is None else "have no readable statement date"
        messages.append(
            f"{int(missing.sum())} relative date(s) such as "
            f"{_examples(cells.text[at], missing)} {why} and were not read"
        )


def _anchor_bounds(
    anchor: pd.Series | pd.DataFrame | None, index: pd.Index, positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``datetime64[D]`` anchor bounds for the cells at ``positions``."""
    nat = np.full(len(positions), NAT_DAY)
    if anchor is None:
        return nat, nat.copy()
    if not isinstance(anchor, pd.Series | pd.DataFrame):
        anchor = pd.Series(list(anchor), index=index)
    if not anchor.index.equals(index):
        anchor = anchor.reindex(index)
    if not isinstance(anchor, pd.DataFrame):
        # The whole column, not just the rows needed: its day/month order is a column matter.
        anchor = parse_dates(anchor)
    anchor = anchor.iloc[positions]
    lo = anchor["earliest"].to_numpy().astype("datetime64[D]")
    hi = anchor["latest"].to_numpy().astype("datetime64[D]")
    return lo, hi


def _order_messages(dmy: np.ndarray, text: np.ndarray, messages: list[str]) -> bool:
    """The column's messages about its day/month order; True when it needed one."""
    ambiguous, conflict = dmy == ORDER_AMBIGUOUS, dmy == ORDER_CONFLICT
    if ambiguous.any():
        messages.append(
            f"{DATE_ORDER_MESSAGE} is ambiguous: {int(ambiguous.sum())} cell(s) such as "
            f"{_examples(text, ambiguous)} read differently day-first and month-first and no "
            "cell in the column decides the order; they were not read (choose the order: the "
            "window asks; on the command line, --date-order)"
        )
    if conflict.any():
        messages.append(
            f"{DATE_ORDER_MESSAGE}s conflict: cells such as {_examples(text, conflict)} are "
            f"day-first in some rows and month-first in others; {int(conflict.sum())} cell(s) "
            "were not read (choose the order: the window asks; on the command line, "
            "--date-order)"
        )
    return bool(ambiguous.any() or conflict.any())


def _examples(texts: np.ndarray, mask: np.ndarray, k: int = 3) -> str:
    shown = pd.unique(texts[mask])[:k]
    return ", ".join(f"'{t}'" for t in shown)


def _as_text(uniques: np.ndarray, dtype: np.dtype | ExtensionDtype) -> np.ndarray:
    """Distinct cell values as an object array of str (whole floats without ``.0``)."""
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        f = np.asarray(uniques, dtype=float)
        whole = np.isfinite(f) & (f == np.round(f)) & (np.abs(f) < 1e15)
        ints = np.where(whole, f, 0).astype("int64").astype(str).astype(object)
        return np.where(whole, ints, np.asarray(uniques).astype(str).astype(object))
    return (
        pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        .astype("str")
        .to_numpy(dtype=object)
    )


def _parse_uniques(raw: np.ndarray, dayfirst: bool | None, messages: list[str]) -> _Uniques:
    """Parse distinct cell texts."""
    u = _Uniques(raw)
    nu = len(raw)
    if nu == 0:
        return u
    # numpy fast paths: exact ISO and named shapes, 5-digit integers (Excel serial candidates)
    pos, lo, hi, precision, serial_pos, serial = fast_cells(raw)
    u.lo[pos], u.hi[pos], u.precision[pos] = lo, hi, precision
    rest = np.ones(nu, dtype=bool)
    rest[pos] = False
    rest[serial_pos] = False

    # empty cells and no-date markers
    idx = np.flatnonzero(rest)
    low = pd.Series(raw[idx], dtype="str").str.strip()
    u.text[idx] = low.to_numpy(dtype=object)
    low = low.str.lower()
    empty = ((low == "") | low.isin(EMPTY_MARKERS)).to_numpy()
    u.precision[idx[empty]] = ""

    # Excel serials: only if every non-empty cell of the column is one, and in range
    in_range = (serial >= EXCEL_SERIAL_MIN) & (serial <= EXCEL_SERIAL_MAX)
    if len(serial_pos) and in_range.all() and empty.all() and len(pos) == 0:
        days, ok = excel_serial_days(serial)
        u.store(serial_pos, days, days, ok, filled(len(serial_pos), "day"))
        messages.append("numbers read as Excel serial dates (1900 date system)")
        return u
    # EDTF (ISO 8601-2) cells, and the fast path's impossible "2001-21" (an EDTF season)
    idx, low = idx[~empty], plain_phrases(low[~empty])  # quotes, "a 2015 opening"
    idx, low = take_edtf(u, pos[u.precision[pos] == "unreadable"], idx, low, messages)
    # everything else: rules over the distinct values made of date words only
    short = (low.str.len() <= MAX_LEN).to_numpy()
    idx, low = idx[short], low[short]
    gate = low.str.fullmatch(GATE).to_numpy()
    _parse_text(u, idx[gate], _normalise(low[gate]), dayfirst)
    return u


def _normalise(s: pd.Series) -> pd.Series:
    """Lower-cased, stripped cells: dashes read as ``-``, inner whitespace as one space."""
    s = s.str.lower().str.strip()
    odd = s.str.contains(r"[\u2010-\u2015\u2212]|\s\s|[^\S ]", regex=True).to_numpy()
    if odd.any():
        fixed = s[odd].str.replace(r"[\u2010-\u2015\u2212]", "-", regex=True)
        fixed = fixed.str.replace(r"\s+", " ", regex=True).str.strip()
        s = s.copy()
        s[odd] = fixed
    # Floats from a numeric column: "2013.0" is 2013.
    floats = s.str.contains(".0", regex=False).to_numpy()
    if floats.any():
        s = s.copy()
        s[floats] = s[floats].str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return year_is_out(s)


def _parse_text(u: _Uniques, idx: np.ndarray, text: pd.Series, dayfirst: bool | None) -> None:
    """Markers, relative phrases, words around a date, intervals and single dates of
    normalised distinct values."""
    n = len(idx)
    if n == 0:
        return
    cores, u.approx[idx], u.uncertain[idx], opened = strip_markers(text)
    todo = (cores != "").to_numpy(copy=True)  # "?" or "~" alone is unreadable

    rel = Relative(n)
    read_relative(cores, todo, rel)
    hit = rel.kind != REL_NONE
    u.rel.take(idx[hit], rel, hit)
    todo &= ~hit
    # Open-ended statements and the words around a date, after relative phrases ("in 2 years").
    cores, u.open[idx] = strip_words(cores, todo, opened)
    _read_dates(u, idx, cores, np.flatnonzero(todo), dayfirst)


def _read_dates(
    u: _Uniques, idx: np.ndarray, cores: pd.Series, cells: np.ndarray, dayfirst: bool | None
) -> None:
    """Intervals, split into two single dates, and single dates, at ``cells`` of ``cores``."""
    left = cores.to_numpy(dtype=object).copy()
    right = np.full(len(cores), None, dtype=object)
    which = dispatch(cores.iloc[cells], _SPLITS)
    for k, pattern in enumerate(_SPLITS):
        at = cells[which == k]
        if len(at):
            g = full_groups(cores.iloc[at], pattern)
            left[at] = g["l"].to_numpy(dtype=object)
            right[at] = g["r"].to_numpy(dtype=object)
    pair = which >= 0  # the cells a splitter took
    pairs = cells[pair]
    left[pairs] = borrow_year(left[pairs], right[pairs])  # "april" and "july 2020"
    # Both halves of every interval and every single date are read together: a half can decide
    # the column's day/month order for the others.
    p_codes, p_uniques = pd.factorize(np.concatenate([left[cells], right[pairs]]))
    parsed = read_pieces(pd.Series(p_uniques, dtype="str"), dayfirst, known=u.lo)
    lcode = p_codes[: len(cells)]
    rcode = np.full(len(cells), -1)
    rcode[pair] = p_codes[len(cells) :]

    single = ~pair
    at, l_s = idx[cells[single]], lcode[single]
    u.store(at, parsed.lo[l_s], parsed.hi[l_s], parsed.ok[l_s], parsed.precision[l_s])
    u.dmy_flag[at] = parsed.dmy_flag[l_s]
    u.actual[at] = parsed.actual[l_s]
    at, l_i, r_i = idx[pairs], lcode[pair], rcode[pair]
    lo_a, hi_a = parsed.lo[l_i], parsed.hi[l_i]
    lo_b, hi_b = parsed.lo[r_i], parsed.hi[r_i]
    ok = parsed.ok[l_i] & parsed.ok[r_i] & (lo_a <= lo_b) & (hi_a <= hi_b)
    u.store(at, lo_a, hi_b, ok, filled(len(at), "interval"))
    u.dmy_flag[at] = np.maximum(parsed.dmy_flag[l_i], parsed.dmy_flag[r_i])
