"""Numpy fast paths over the characters of distinct cells, before any regular expression.

The commonest shapes of a column are read from fixed character positions: the exact ISO shapes
(``2013``, ``2013-05``, ``2013-05-17``, :func:`data.dates.single.fast_shapes`) and, from this
module, a month named by its three-letter abbreviation with a four-digit year, a quarter or a
half: ``17 May 2013``, ``7 may 2013`` [day], ``May 2013`` [month], ``Q3 2014`` [quarter],
``H2 2015`` [half] (any case). A cell of those shapes that does not name a real date
(``31 Feb 2013``, ``Q5 2014``) is left to the rules, which read it as they read any cell: the
fast path only takes what the rules would read, with the same bounds and precision.
"""

from __future__ import annotations

import numpy as np

from data.dates.calendar import month_span, ymd_bounds
from data.dates.single import as_chars, fast_bounds, fast_shapes

_WIDTH = 12
_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def _key(c0: np.ndarray, c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """Three code points, lower-cased where ASCII letters (``| 0x20``), as one int64 key."""
    low = np.uint32(0x20)
    return ((c0 | low).astype("int64") << 42) | ((c1 | low).astype("int64") << 21) | (c2 | low)


_KEYS = np.array(
    [_key(*(np.array([ord(ch)], dtype=np.uint32) for ch in abbr))[0] for abbr in _ABBREVIATIONS]
)
_ORDER = np.argsort(_KEYS)
_SORTED_KEYS = _KEYS[_ORDER]


def fast_cells(
    raw: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct values ``raw`` (object array of str) read by the fast paths.

    Returns the positions taken with their bounds (``datetime64[D]``) and precisions (an ISO
    shape is taken even when impossible, as :func:`~data.dates.single.fast_shapes` says; a
    named shape only when it reads), and the positions and values of the Excel serial candidates.
    """
    pos, year, month, day, serial_pos, serial = fast_shapes(as_chars(raw))
    lo, hi, precision = fast_bounds(year, month, day)
    rest = np.ones(len(raw), dtype=bool)
    rest[pos] = False
    rest[serial_pos] = False
    at = np.flatnonzero(rest)
    n_lo, n_hi, n_prec, taken = _named(np.asarray(raw[at], dtype=f"U{_WIDTH}"))
    return (
        np.concatenate([pos, at[taken]]),
        np.concatenate([lo, n_lo]),
        np.concatenate([hi, n_hi]),
        np.concatenate([precision, n_prec]),
        serial_pos,
        serial,
    )


def _named(
    chars: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``D Mon YYYY``, ``DD Mon YYYY``, ``Mon YYYY``, ``Qn YYYY``, ``Hn YYYY`` among ``chars``
    (``<U12``: a length of 12 means "too long"): bounds, precision and positions of those read."""
    n = len(chars)
    length = np.char.str_len(chars)
    grid = chars.view(np.uint32).reshape(n, _WIDTH)
    c = [grid[:, k] for k in range(_WIDTH)]
    d = [c[k] - np.uint32(48) for k in range(_WIDTH)]  # a digit is exactly a value <= 9
    space = np.uint32(32)

    def year_at(k: int) -> tuple[np.ndarray, np.ndarray]:
        """Whether characters k..k+3 are the last four and digits, and their value."""
        ok = (length == k + 4) & (d[k] <= 9) & (d[k + 1] <= 9) & (d[k + 2] <= 9) & (d[k + 3] <= 9)
        value = d[k].astype("int64") * 1000 + d[k + 1] * 100 + d[k + 2] * 10 + d[k + 3]
        return ok, np.where(ok, value, 0).astype(float)

    def month_at(k: int) -> np.ndarray:
        """The month (1..12) whose abbreviation is at characters k..k+2, else NaN."""
        key = _key(c[k], c[k + 1], c[k + 2])
        found = np.minimum(np.searchsorted(_SORTED_KEYS, key), len(_KEYS) - 1)
        return np.where(_SORTED_KEYS[found] == key, _ORDER[found] + 1.0, np.nan)

    nan = np.full(n, np.nan)
    # "May 2013"
    y_ok, y = year_at(4)
    mon = month_at(0)
    my = y_ok & (c[3] == space) & np.isfinite(mon)
    # "7 May 2013" and "17 May 2013"
    y1_ok, y1 = year_at(6)
    mon1 = month_at(2)
    d1 = y1_ok & (d[0] <= 9) & (c[1] == space) & (c[5] == space) & np.isfinite(mon1)
    y2_ok, y2 = year_at(7)
    mon2 = month_at(3)
    d2 = y2_ok & (d[0] <= 9) & (d[1] <= 9) & (c[2] == space) & (c[6] == space) & np.isfinite(mon2)
    day_num = np.where(d1, d[0].astype(float), np.where(d2, d[0] * 10.0 + d[1], np.nan))
    year = np.where(d1, y1, np.where(d2, y2, y))
    month = np.where(d1, mon1, np.where(d2, mon2, np.where(my, mon, nan)))
    lo, hi, ok = ymd_bounds(year, month, day_num)
    ok &= my | d1 | d2
    precision = np.where(d1 | d2, "day", "month").astype(object)
    # "Q3 2014" and "H2 2015"
    lead = c[0] | np.uint32(0x20)
    y3_ok, y3 = year_at(3)
    part = np.where((d[1] >= 1) & (d[1] <= 9), d[1], 0).astype(float)
    qh_shape = y3_ok & (c[2] == space)
    quarter = qh_shape & (lead == ord("q")) & (part >= 1) & (part <= 4)
    half = qh_shape & (lead == ord("h")) & (part >= 1) & (part <= 2)
    size = np.where(quarter, 3, 6)
    q_lo, q_hi, q_ok = month_span(y3, size * part - size + 1, y3, size * part)
    take_qh = (quarter | half) & q_ok
    lo, hi = np.where(take_qh, q_lo, lo), np.where(take_qh, q_hi, hi)
    precision[take_qh] = np.where(quarter, "quarter", "half")[take_qh]
    taken = np.flatnonzero(ok | take_qh)
    return lo[taken], hi[taken], precision[taken], taken
