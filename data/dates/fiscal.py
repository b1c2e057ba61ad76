"""Fiscal years, and what a ``YYYY-NN`` cell means in its column.

A fiscal year is named by the calendar year it **ends** in; its first month is a setting
(``fiscal_start``, 1–12, April by default: :data:`data.dates.calendar.FISCAL_YEAR_START`).

- ``FY2018``, ``FY 2018``, ``FY18`` (a two-digit year with the POSIX ``%y`` pivot, as after a
  weekday), ``fiscal 2018``, ``fiscal year 2018``, ``financial year 2018``, ``FY2017/18``,
  ``FY 2017-18`` (the second year must be the next one) [fiscal year]: with an April start
  FY2018 is 2017-04-01 .. 2018-03-31; with October 2017-10-01 .. 2018-09-30; with January the
  calendar year 2018.
- ``Q3 FY2019``, ``FY2019 Q3`` [fiscal quarter]: quarters count from the fiscal year's first
  month (Q3 FY2019 with an April start is Oct–Dec 2018).
- ``2017-18``, ``2017/18`` (``YYYY-NN``) are decided **per column**, because ``2010-11`` is
  November 2010 as well as the fiscal year 2010-11:

  1. a fiscal year (the one ending in the second year) when NN is the next year's last two
     digits (11 = 10 + 1) and the column is a fiscal column: it holds at least two distinct
     ``YYYY-NN`` values, every one of them with NN = YY + 1, and no full dates (no day
     precision); or the caller says so (``fiscal_column``: the header says FY, fiscal or
     financial); or a cell of the column says FY (``FY2019``);
  2. else a month when NN ≤ 12 (``2006-07`` among ``2006-07-26`` … is July 2006);
  3. a lone NN = YY + 1 value (the column's only ``YYYY-NN`` value) in a column without full
     dates is not read: a column message names it (fiscal year or month?);
  4. else a short span when NN > 12 and NN > YY: ``2016-24`` = 2016–2024, ``2027-29`` =
     2027–2029 [interval] (EDTF seasons 21–24 are an EDTF column's business, not read here);
  5. anything else stays unreadable.

:func:`read_fiscal` applies this to a column's distinct values after the other rules have read
them (it overrides their reading of ``YYYY-NN`` and reads the cells they left unreadable).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

from data.dates.calendar import FISCAL_YEAR_START as FISCAL_YEAR_START
from data.dates.calendar import NAT_DAY, month_span, pivot_year

_FY_FORM = (
    r"(?:q(?P<q1>[1-4])[ /-]?(?:of )?)?"
    r"(?:fy ?|fiscal (?:year )?|financial year )"
    r"(?P<y>\d{4}|\d{2})(?:[/-](?P<y2>\d{4}|\d{2}))?"
    r"(?:[ /-]?q(?P<q2>[1-4]))?"
)
_FY_WORD = r"fy|fiscal|financial"
_YEAR_NN = r"(?P<y>\d{4})[/-](?P<nn>\d{2})"


def fiscal_start_month(value: object) -> int | None:
    """A fiscal year's first month from a setting: 1–12 or an English month name, full or
    abbreviated ("april", "Oct", "sept"); None when it is neither."""
    text = str(value).strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_NUMBERS.get(text)


_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NUMBERS = {
    **{name: k for k, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: k for k, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


def fiscal_bounds(
    end_year: np.ndarray, quarter: np.ndarray, start: int = FISCAL_YEAR_START
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds of the fiscal years ending in ``end_year`` (float; NaN: invalid), or of their
    ``quarter`` (float 1–4; NaN: the whole year), for a fiscal year starting in month
    ``start``."""
    y = np.asarray(end_year, dtype=float)
    q = np.asarray(quarter, dtype=float)
    # The first month, counted in months since year 0: FY2018 with April is April 2017.
    first = (y - 1) * 12 + (start - 1) + (12 if start == 1 else 0)
    whole = np.isnan(q)
    lo_m = first + np.where(whole, 0, 3 * (np.nan_to_num(q) - 1))
    hi_m = lo_m + np.where(whole, 11, 2)
    return month_span(lo_m // 12, lo_m % 12 + 1, hi_m // 12, hi_m % 12 + 1)


class Readings(Protocol):
    """A column's distinct values: their text as written and their readings so far."""

    text: np.ndarray
    precision: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


def read_fiscal(u: Readings, start: int, fiscal_column: bool, messages: list[str]) -> None:
    """Fiscal forms and the ``YYYY-NN`` rule over a column's distinct values (their readings
    are changed in place; see the module's rules)."""
    text, precision, lo, hi = u.text, u.precision, u.lo, u.hi
    explicit = _read_forms(text, precision, lo, hi, start)
    candidates = np.flatnonzero((precision == "month") | (precision == "unreadable"))
    if len(candidates) == 0:
        return
    cells = pd.Series(text[candidates], dtype=object).astype(str).str.strip()
    shaped = cells.str.len().to_numpy() == 7
    if not shaped.any():
        return
    at = candidates[shaped]
    g = cells[shaped].str.extract(f"^{_YEAR_NN}$")
    found = g["y"].notna().to_numpy()
    if not found.any():
        return
    at, g = at[found], g[found]
    y, nn = g["y"].astype(int).to_numpy(), g["nn"].astype(int).to_numpy()
    following = nn == (y % 100 + 1) % 100
    full_dates = bool((precision == "day").any())
    by_values = len(at) >= 2 and bool(following.all()) and not full_dates
    if fiscal_column or explicit or by_values:
        fy = at[following]
        lo[fy], hi[fy], ok = fiscal_bounds(y[following] + 1.0, np.full(len(fy), np.nan), start)
        precision[fy] = np.where(ok, "fiscal year", "unreadable")
        at, y, nn, following = at[~following], y[~following], nn[~following], following[~following]
    elif len(at) == 1 and following[0] and not full_dates:
        precision[at], lo[at], hi[at] = "unreadable", NAT_DAY, NAT_DAY
        messages.append(
            f"'{cells[shaped].to_numpy()[found][0]}' may be a fiscal year (FY{y[0] + 1}) or "
            f"{'a month' if nn[0] <= 12 else 'the years ' + str(y[0]) + '–' + str(y[0] + 1)}; "
            "it was not read (a header saying FY or fiscal, or at least two such values "
            "and no full dates, makes the column fiscal years)"
        )
        return
    span = (nn > 12) & (nn > y % 100)
    if span.any():
        to = (y[span] // 100 * 100 + nn[span]).astype(float)
        s_lo, s_hi, ok = month_span(y[span], np.ones(len(to)), to, np.full(len(to), 12.0))
        lo[at[span]], hi[at[span]] = s_lo, s_hi
        precision[at[span]] = np.where(ok, "interval", "unreadable")


def _read_forms(
    text: np.ndarray, precision: np.ndarray, lo: np.ndarray, hi: np.ndarray, start: int
) -> bool:
    """``FY2018``, ``Q3 FY2019``, … among the unreadable values; True when any was read."""
    todo = np.flatnonzero(precision == "unreadable")
    if len(todo) == 0:
        return False
    cells = pd.Series(text[todo], dtype=object).astype(str)
    worded = cells.str.contains(_FY_WORD, case=False, regex=True).to_numpy()
    if not worded.any():
        return False
    at = todo[worded]
    low = cells[worded].str.lower().str.replace(r"[\s\u2010-\u2015\u2212]+", _dash, regex=True)
    g = low.str.strip().str.extract(f"^(?:{_FY_FORM})$")
    hit = g["y"].notna().to_numpy()
    if not hit.any():
        return False
    at, g = at[hit], g[hit]
    y = g["y"].astype(int).to_numpy()
    y = np.where(g["y"].str.len().to_numpy() == 2, pivot_year(y), y)
    y2_text = g["y2"].fillna("")
    y2 = pd.to_numeric(g["y2"], errors="coerce").to_numpy(dtype=float)
    short = y2_text.str.len().to_numpy() == 2
    next_ok = np.isnan(y2) | np.where(short, y2 == (y + 1) % 100, y2 == y + 1)
    end = np.where(np.isnan(y2), y, y + 1).astype(float)
    end[~next_ok] = np.nan
    # (numpy picks the quarter: pandas 2.2 warns when fillna downcasts an object column)
    q1_or_q2 = pd.Series(np.where(g["q1"].notna(), g["q1"], g["q2"]), dtype=object)
    q = pd.to_numeric(q1_or_q2, errors="coerce").to_numpy(dtype=float)
    both = g["q1"].notna().to_numpy() & g["q2"].notna().to_numpy()
    end[both] = np.nan
    lo[at], hi[at], ok = fiscal_bounds(end, q, start)
    kind = np.where(np.isnan(q), "fiscal year", "fiscal quarter")
    precision[at] = np.where(ok, kind, "unreadable")
    return bool(ok.any())


def _dash(match: object) -> str:
    """Whitespace runs become one space, dashes a ``-`` (the cells as the grammar sees them)."""
    found = match.group(0)  # type: ignore[attr-defined]
    return " " if found.isspace() else "-"
