"""Distinct single-date strings (whole cells, or the halves of intervals) read into bounds.

Exact ISO shapes take a numpy fast path over the characters; the rest meets one dispatching
regex pass (the grammar's rules as the alternatives of one regex, first match wins, as if the
rules ran in order) and then each rule extracts its groups from its own cells only. Numeric
day/month dates and the tools' ``dd-Mon-yy`` come first (:mod:`data.dates.formats`: their order
is decided for the whole column, their two-digit years checked against its four-digit ones).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from data.dates.calendar import NAT_DAY, ymd_bounds
from data.dates.formats import (
    CENTURY_UNCLEAR,
    DAY_MON_YY,
    DMY,
    ORDER_AMBIGUOUS,
    ORDER_CLEAR,
    ORDER_CONFLICT,
    far_two_digit_years,
    read_day_mon_yy,
    read_dmy,
    strip_suffixes,
    weekday_numbers,
)
from data.dates.grammar import MAX_LEN, RULES, WEEKDAY, dispatch, filled, full_groups
from data.dates.periods import PERIOD_RULES

__all__ = ["ORDER_AMBIGUOUS", "ORDER_CLEAR", "ORDER_CONFLICT", "Pieces", "read_pieces"]

# The periods' rules first: "1800s" is a century before the grammar's decade rule can read it.
_RULES = PERIOD_RULES + RULES


def fast_shapes(
    chars: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Numpy fast path for cells that are exactly ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (or
    with ``/``), and for exact 5-digit integers (``41275``, ``41275.0``: Excel serial candidates).

    ``chars`` is the column as a ``<U11`` array (longer cells are cut there, so a length of 11
    means "too long"). Returns the positions of the ISO-shaped cells with their year, month and
    day (float, NaN where not given), and the positions and values of the 5-digit integers.
    """
    n = len(chars)
    length = np.strings.str_len(chars)
    # Code points minus "0" as uint32, one column per character: a digit is exactly a value
    # <= 9 (everything below "0" wraps around to huge values).
    grid = chars.view(np.uint32).reshape(n, 11)
    c = [grid[:, k] - np.uint32(48) for k in range(11)]
    dig = [c[k] <= 9 for k in range(10)]
    dash, slash, dot = (np.uint32((ord(ch) - 48) % 2**32) for ch in "-/.")
    year_ok = dig[0] & dig[1] & dig[2] & dig[3]
    sep4 = c[4]
    month_ok = year_ok & ((sep4 == dash) | (sep4 == slash)) & dig[5] & dig[6]
    is7 = (length == 7) & month_ok
    is10 = (length == 10) & month_ok & (c[7] == sep4) & dig[8] & dig[9]
    hit = np.flatnonzero(((length == 4) & year_ok) | is7 | is10)
    v = [c[k][hit].astype("int32") for k in (0, 1, 2, 3, 5, 6, 8, 9)]
    year = (v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]).astype(float)
    month = np.where((is7 | is10)[hit], v[4] * 10 + v[5], np.nan)
    day = np.where(is10[hit], v[6] * 10 + v[7], np.nan)
    # Excel serial candidates: 5 digits, optionally followed by ".0…".
    zeros = np.ones(n, dtype=bool)
    for k in range(6, 11):
        zeros &= (k >= length) | (c[k] == 0)
    five = np.flatnonzero(
        year_ok & dig[4] & ((length == 5) | ((length > 6) & (c[5] == dot) & zeros & (length < 11)))
    )
    f = [c[k][five].astype("int64") for k in range(5)]
    serial = f[0] * 10000 + f[1] * 1000 + f[2] * 100 + f[3] * 10 + f[4]
    return hit, year, month, day, five, serial


def as_chars(arr: np.ndarray) -> np.ndarray:
    """Cells as ``<U11`` (cut after 11 characters; NaN and None become "nan" and "None")."""
    return np.asarray(arr, dtype="U11")


def fast_bounds(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`ymd_bounds` and precision, computed once per distinct (year, month, day)."""
    key = year * 1_000_000 + np.nan_to_num(month, nan=999) * 1000 + np.nan_to_num(day, nan=999)
    codes, keys = pd.factorize(key)
    y = keys // 1_000_000
    m = (keys // 1000) % 1000
    d = keys % 1000
    m, d = np.where(m == 999, np.nan, m), np.where(d == 999, np.nan, d)
    lo, hi, ok = ymd_bounds(y, m, d)
    precision = np.where(np.isfinite(d), "day", np.where(np.isfinite(m), "month", "year"))
    precision = np.where(ok, precision, "unreadable").astype(object)
    return lo[codes], hi[codes], precision[codes]


class Pieces:
    """Parse results for distinct single-date strings (cells, or halves of intervals)."""

    def __init__(self, n: int) -> None:
        self.lo = np.full(n, NAT_DAY)
        self.hi = np.full(n, NAT_DAY)
        self.ok = np.zeros(n, dtype=bool)
        self.precision = np.full(n, "unreadable", dtype=object)
        self.dmy_flag = np.full(n, ORDER_CLEAR, dtype="int8")
        self.short_year = np.zeros(n, dtype=bool)
        self.actual = np.zeros(n, dtype=bool)  # P6's "a" (actual) mark was dropped

    def store(
        self,
        pos: np.ndarray,
        lo: npt.ArrayLike,
        hi: npt.ArrayLike,
        ok: npt.ArrayLike,
        precision: npt.ArrayLike,
    ) -> None:
        """Keep the bounds of the cells at ``pos`` that ``ok`` says were read."""
        ok = np.asarray(ok, dtype=bool)
        good = pos[ok]
        self.lo[good] = np.asarray(lo)[ok]
        self.hi[good] = np.asarray(hi)[ok]
        self.ok[good] = True
        self.precision[good] = np.asarray(precision, dtype=object)[ok]


def read_pieces(
    pieces: pd.Series, dayfirst: bool | None, known: np.ndarray | None = None
) -> Pieces:
    """Read distinct, normalised single-date strings (no markers, no intervals).

    ``known`` holds the column's dates read before (``datetime64[D]``, NaT where none): their
    four-digit years count when a two-digit year is checked (:mod:`data.dates.formats`).
    """
    out = Pieces(len(pieces))
    if len(pieces) == 0:
        return out
    the = pieces.str.startswith("the ").to_numpy(dtype=bool)
    if the.any():
        pieces = pieces.copy()
        pieces[the] = pieces[the].str.slice(4)
    # A weekday in front (MS Project: "Mon 10/30/11") is dropped but remembered: it demands a
    # day date and may decide a numeric date's order.
    named = pieces.str.match(WEEKDAY + " ").to_numpy(dtype=bool)
    weekday = weekday_numbers(pieces, named)
    rest = pieces
    if named.any():
        rest = pieces.copy()
        rest[named] = pieces[named].str.replace("^" + WEEKDAY + " ", "", regex=True)
    # A time, zone or P6 mark after the date is dropped; it too demands a day date.
    rest, suffixed, actual = strip_suffixes(rest)
    lens = rest.str.len().to_numpy(dtype="int64")
    todo = (lens > 0) & (lens <= MAX_LEN) & rest.str.contains(r"\d", regex=True).to_numpy()

    def done(pos: np.ndarray) -> None:
        todo[pos] = False

    # 1. numpy fast path for the common ISO shapes
    pos, year, month, day, _, _ = fast_shapes(as_chars(rest.to_numpy(dtype=object)))
    lo, hi, prec = fast_bounds(year, month, day)
    out.store(pos, lo, hi, prec != "unreadable", prec)
    done(pos)

    # 2. one dispatching pass finds, for each cell, the first rule that matches it; then each
    # rule extracts its groups from its own cells. Numeric day/month orders come first: their
    # order is decided for the whole column.
    idx = np.flatnonzero(todo)
    which = dispatch(rest.iloc[idx], [DMY, DAY_MON_YY] + [pattern for pattern, _ in _RULES])
    pos = idx[which == 0]
    if len(pos):
        lo, hi, ok, out.dmy_flag[pos], out.short_year[pos] = read_dmy(
            full_groups(rest.iloc[pos], DMY), weekday[pos], dayfirst
        )
        out.store(pos, lo, hi, ok, filled(len(pos), "day"))
    pos = idx[which == 1]
    if len(pos):
        lo, hi, ok, precision = read_day_mon_yy(full_groups(rest.iloc[pos], DAY_MON_YY))
        out.store(pos, lo, hi, ok, precision)
        out.short_year[pos] = ok
    for k, (pattern, rule) in enumerate(_RULES, start=2):
        pos = idx[which == k]
        if len(pos):
            # A cell a rule matched but found impossible (2013-02-30) is unreadable.
            out.store(pos, *rule(full_groups(rest.iloc[pos], pattern)))

    # A weekday or a time only goes with a day date ("Mon 2013" is not a date).
    _unread(out, (named | suffixed) & out.ok & (out.precision != "day"))
    known = np.empty(0, dtype="datetime64[D]") if known is None else known
    far = far_two_digit_years(out.lo, out.ok, out.short_year, known)
    _unread(out, far)
    out.dmy_flag[far] = CENTURY_UNCLEAR
    out.actual = actual & out.ok
    return out


def _unread(out: Pieces, bad: np.ndarray) -> None:
    out.ok[bad] = False
    out.lo[bad] = out.hi[bad] = NAT_DAY
    out.precision[bad] = "unreadable"
