"""Fiscal years, and what a ``YYYY-NN`` cell means in its column.

A fiscal year is named by the calendar year it **ends** in; its first month is a setting
(``fiscal_start``, 1–12). When the analyst has chosen none (``fiscal_start`` None), April is
assumed (:data:`data.dates.calendar.FISCAL_YEAR_START`) and every fiscal reading is marked
uncertain (``?``), with one column message saying so: the same words mean October–September
for the US federal government, July–June in Australia, and Japan names its April–March years
by the year they begin, so a fiscal year read without a chosen convention is never a confident
reading.

- ``FY2018``, ``FY 2018``, ``FY18`` (a two-digit year with the POSIX ``%y`` pivot, as after a
  weekday), ``fiscal 2018``, ``fiscal year 2018``, ``financial year 2018``, ``FY2017/18``,
  ``FY 2017-18`` (the second year must be the next one) [fiscal year]: with an April start
  FY2018 is 2017-04-01 .. 2018-03-31; with October 2017-10-01 .. 2018-09-30; with January the
  calendar year 2018.
- ``Q3 FY2019``, ``FY2019 Q3`` [fiscal quarter]: quarters count from the fiscal year's first
  month (Q3 FY2019 with an April start is Oct–Dec 2018). A quarter of a year pair says fiscal
  by itself: ``22/23-Q4``, ``2022/23 Q4`` [fiscal quarter].
- Words around these forms, as around any date: ``in``, ``by``, ``until``, ``to``, ``for``,
  ``during``, ``through``; ``around`` / ``about`` / ``circa`` (approximate); ``no earlier
  than``, ``not before``, ``at least`` in front or ``at the earliest`` / ``or later`` behind
  (open-ended); a quarter in words (``the fourth quarter for fiscal 2018``, ``the first quarter
  of fiscal 2020``); a part of the fiscal year (its 12 months): ``early`` its first four months,
  ``mid`` / ``the middle of`` the middle four, ``late``, ``towards the end of``, ``the later
  part of`` its last four; ``the end of`` its last month, ``the beginning`` / ``start of`` its
  first month.
- ``the fiscal year that starts Oct. 1, 2019`` (``begins``, ``starting``, ``commencing``;
  a day or a month with its year) names its own first month whatever the setting: the twelve
  months from that day [interval], never marked uncertain.
- ``2017-18``, ``2017/18`` (``YYYY-NN``) are decided **per column**, because ``2010-11`` is
  November 2010 as well as the fiscal year 2010-11:

  1. a fiscal year (the one ending in the second year) when NN is the next year's last two
     digits (11 = 10 + 1) and the column is a fiscal column: it holds at least two distinct
     ``YYYY-NN`` values, every one of them with NN = YY + 1, and no full dates (no day
     precision); or the caller says so (``fiscal_column``: the header says FY, fiscal or
     financial); or a cell of the column says FY (``FY2019``);
  A plain year under such a header is the fiscal year ending in it (``2021`` = FY2021).
  2. else a month when NN ≤ 12 (``2006-07`` among ``2006-07-26`` … is July 2006);
  3. a lone NN = YY + 1 value (the column's only ``YYYY-NN`` value) in a column without full
     dates is not read: a column message names it (fiscal year or month?);
  4. else a short span when NN > 12 and NN > YY: ``2016-24`` = 2016–2024, ``2027-29`` =
     2027–2029 [interval] (EDTF seasons 21–24 are an EDTF column's business, not read here;
     in an EDTF column — one holding ``2011-03~``, ``1992%``, ``198X``, ``2007-XX`` or ``..``
     — NN 21–41 is EDTF's division of a year, never a span: ``2001-29`` stays unreadable);
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
from data.days import fiscal_start_month as fiscal_start_month

_FY_FORM = (
    r"(?:q(?P<q1>[1-4])[ /-]?(?:of )?)?"
    r"(?:fy ?|fiscal (?:year )?|financial year )"
    r"(?P<y>\d{4}|\d{2})(?:[/-](?P<y2>\d{4}|\d{2}))?"
    r"(?:[ /-]?q(?P<q2>[1-4]))?"
)
# A quarter of a year pair is fiscal by itself: "22/23-Q4", "2022/23 Q4".
_PAIR_Q = r"(?P<py>\d{4}|\d{2})/(?P<py2>\d{2})[ -]?q(?P<pq>[1-4])"
_PARTS = {
    "early": (0, 4),
    "mid": (4, 4),
    "middle of": (4, 4),
    "late": (8, 4),
    "towards the end of": (8, 4),
    "toward the end of": (8, 4),
    "the later part of": (8, 4),
    "end of": (11, 1),
    "the end of": (11, 1),
    "beginning of": (0, 1),
    "the beginning of": (0, 1),
    "start of": (0, 1),
    "the start of": (0, 1),
}
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS.update({"fourth": 4, "4th": 4})
_PHRASE = (
    r"(?P<approx>(?:around|about|approximately|circa|c\.|~) ?)?"
    r"(?P<open1>(?:no earlier than|not before|no sooner than|at least) )?"
    r"(?:(?:in|by|until|till|to|for|during|through|(?:before|at)(?= (?:the )?end)) )?(?:the )?"
    rf"(?:(?P<part>{'|'.join(sorted(_PARTS, key=len, reverse=True))})[ -](?:the )?)?"
    rf"(?:(?P<qw>{'|'.join(_QUARTER_WORDS)}) quarter (?:of|for|in) (?:the )?)?"
    rf"(?:{_FY_FORM}|{_PAIR_Q})"
    r"(?P<open2> at the earliest| or later| \(or later\))?"
)
_MONTHS3 = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# "the fiscal year that starts Oct. 1, 2019": a fiscal year that names its own first day.
_SELF_STARTED = (
    r"(?:(?:in|by|until|for|during) )?(?:the )?(?:fiscal|financial) year,? (?:that |which )?"
    r"(?:starts|begins|started|began|starting|beginning|commencing|commences) (?:on )?"
    rf"(?:(?P<d1>\d{{1,2}}) )?(?P<m>{_MONTHS3})[a-z]*\.?(?: (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
    r",? (?P<sy>\d{4})"
)
_FY_WORD = r"fy|fiscal|financial|\d/\d\d[ -]?q[1-4]"
_YEAR_NN = r"(?P<y>\d{4})[/-](?P<nn>\d{2})"


def fiscal_bounds(
    end_year: np.ndarray,
    quarter: np.ndarray,
    start: int = FISCAL_YEAR_START,
    part: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds of the fiscal years ending in ``end_year`` (float; NaN: invalid), or of their
    ``quarter`` (float 1–4; NaN: the whole year), for a fiscal year starting in month
    ``start``; ``part`` (first month's offset, number of months), where given, takes that part
    of the year instead of a quarter."""
    y = np.asarray(end_year, dtype=float)
    q = np.asarray(quarter, dtype=float)
    # The first month, counted in months since year 0: FY2018 with April is April 2017.
    first = (y - 1) * 12 + (start - 1) + (12 if start == 1 else 0)
    whole = np.isnan(q)
    offset = np.where(whole, 0, 3 * (np.nan_to_num(q) - 1))
    length = np.where(whole, 12, 3)
    if part is not None:
        offset, length = np.where(whole, part[0], offset), np.where(whole, part[1], length)
    lo_m = first + offset
    hi_m = lo_m + length - 1
    return month_span(lo_m // 12, lo_m % 12 + 1, hi_m // 12, hi_m % 12 + 1)


class Readings(Protocol):
    """A column's distinct values: their text as written, their readings so far and marks."""

    text: np.ndarray
    precision: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    approx: np.ndarray
    uncertain: np.ndarray
    open: np.ndarray
    edtf_column: bool  # the column holds a form only EDTF writes (data.dates.edtf decides)


def read_fiscal(u: Readings, start: int | None, fiscal_column: bool, messages: list[str]) -> None:
    """Fiscal forms and the ``YYYY-NN`` rule over a column's distinct values (their readings
    are changed in place; see the module's rules). ``start`` None: April assumed, and every
    fiscal reading marked uncertain with a column message."""
    month = FISCAL_YEAR_START if start is None else start
    read: list[np.ndarray] = []
    explicit = _read_forms(u, month, read)
    if fiscal_column:
        read.append(_header_years(u, month))
    _read_year_nn(u, month, fiscal_column or explicit, messages, read)
    if start is None and read and sum(len(r) for r in read):
        at = np.concatenate(read)
        at = at[(u.precision[at] != "unreadable")]
        if len(at) == 0:
            return
        u.uncertain[at] = True
        shown = ", ".join(f"'{t}'" for t in pd.unique(u.text[at])[:3])
        messages.append(
            f"{len(at)} fiscal-year value(s) such as {shown} were read as April–March years "
            "named by the year they end (assumed: no fiscal year was chosen) and marked '?'; "
            "US federal years begin in October, Australian ones in July, and Japan names its "
            "years by the year they begin — choose the month fiscal years begin in (Options ▸ "
            "Fiscal year starts in…, or --fiscal-year-start) to confirm the reading"
        )


def _header_years(u: Readings, start: int) -> np.ndarray:
    """Under a header saying FY, a plain year is the fiscal year ending in it (``2021`` in a
    column headed "FY" is FY2021); their positions."""
    at = np.flatnonzero(u.precision == "year")
    if len(at) == 0:
        return at
    years = u.lo[at].astype("datetime64[Y]").astype("int64") + 1970.0
    u.lo[at], u.hi[at], ok = fiscal_bounds(years, np.full(len(at), np.nan), start)
    u.precision[at] = np.where(ok, "fiscal year", "unreadable")
    return at


def _read_year_nn(
    u: Readings, start: int, fiscal: bool, messages: list[str], read: list[np.ndarray]
) -> None:
    """The per-column ``YYYY-NN`` rule (see the module's rules)."""
    text, precision, lo, hi = u.text, u.precision, u.lo, u.hi
    candidates = np.flatnonzero((precision == "month") | (precision == "unreadable"))
    if len(candidates) == 0:
        return
    cells = pd.Series(text[candidates], dtype=object).astype(str).str.strip()
    cells = cells.str.replace("[\u2010-\u2015\u2212]", "-", regex=True)  # "2016–24"
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
    if fiscal or by_values:
        fy = at[following]
        lo[fy], hi[fy], ok = fiscal_bounds(y[following] + 1.0, np.full(len(fy), np.nan), start)
        precision[fy] = np.where(ok, "fiscal year", "unreadable")
        read.append(fy)
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
    if span.any() and u.edtf_column:
        span &= (nn < 21) | (nn > 41)  # 21–41 are EDTF's divisions of a year there, not years
    if span.any():
        to = (y[span] // 100 * 100 + nn[span]).astype(float)
        s_lo, s_hi, ok = month_span(y[span], np.ones(len(to)), to, np.full(len(to), 12.0))
        lo[at[span]], hi[at[span]] = s_lo, s_hi
        precision[at[span]] = np.where(ok, "interval", "unreadable")


def _read_forms(u: Readings, start: int, read: list[np.ndarray]) -> bool:
    """``FY2018``, ``Q3 FY2019``, ``towards the end of Financial Year 2022-23``, … among the
    unreadable values (their positions appended to ``read``); True when any was read."""
    todo = np.flatnonzero(u.precision == "unreadable")
    if len(todo) == 0:
        return False
    cells = pd.Series(u.text[todo], dtype=object).astype(str)
    worded = cells.str.contains(_FY_WORD, case=False, regex=True).to_numpy()
    if not worded.any():
        return False
    at = todo[worded]
    low = cells[worded].str.lower().str.replace(r"[\s\u2010-\u2015\u2212]+", _dash, regex=True)
    low = low.str.strip().str.rstrip(".")
    self_started = _read_self_started(u, at, low)
    at, low = at[~self_started], low[~self_started]
    g = low.str.extract(f"^(?:{_PHRASE})$")
    hit = (g["y"].notna() | g["py"].notna()).to_numpy()
    if not hit.any():
        return bool(self_started.any())
    at, g = at[hit], g[hit]
    end, q = _end_years(g), _quarters(g)
    parted = g["part"].notna().to_numpy()
    end[parted & ~np.isnan(q)] = np.nan  # a part of a quarter is not read
    end[q < 0] = np.nan  # a quarter named twice
    offsets = g["part"].map({k: v[0] for k, v in _PARTS.items()}).fillna(0).to_numpy(float)
    lengths = g["part"].map({k: v[1] for k, v in _PARTS.items()}).fillna(12).to_numpy(float)
    u.lo[at], u.hi[at], ok = fiscal_bounds(end, q, start, (offsets, lengths))
    kind = np.where(np.isnan(q), np.where(parted, "interval", "fiscal year"), "fiscal quarter")
    kind = np.where(parted & (lengths == 1), "month", kind)
    u.precision[at] = np.where(ok, kind, "unreadable")
    u.approx[at] |= g["approx"].notna().to_numpy() & ok
    u.open[at] |= (g["open1"].notna() | g["open2"].notna()).to_numpy() & ok
    read.append(at)
    return bool(ok.any() or self_started.any())


def _end_years(g: pd.DataFrame) -> np.ndarray:
    """The year each fiscal year ends in (float; NaN where the second year does not follow)."""
    pair = g["py"].notna().to_numpy()
    first = pd.Series(np.where(pair, g["py"], g["y"]), dtype=object)
    second = pd.Series(np.where(pair, g["py2"], g["y2"]), dtype=object)
    y = first.astype(int).to_numpy()
    y = np.where(first.str.len().to_numpy() == 2, pivot_year(y), y)
    y2 = pd.to_numeric(second, errors="coerce").to_numpy(dtype=float)
    short = second.fillna("").str.len().to_numpy() == 2
    next_ok = np.isnan(y2) | np.where(short, y2 == (y + 1) % 100, y2 == y + 1)
    end = np.where(np.isnan(y2), y, y + 1).astype(float)
    end[~next_ok] = np.nan
    return end


def _quarters(g: pd.DataFrame) -> np.ndarray:
    """The quarter each form names (float 1–4; NaN: none; -1 when named twice, which no
    fiscal year has)."""
    # (numpy picks the quarter: pandas 2.2 warns when fillna downcasts an object column)
    named = [g["q1"].notna(), g["q2"].notna(), g["pq"].notna(), g["qw"].notna()]
    digits = np.where(named[0], g["q1"], np.where(named[1], g["q2"], g["pq"]))
    worded = g["qw"].map(_QUARTER_WORDS).to_numpy(dtype=object)
    pick = pd.Series(np.where(named[3], worded, digits), dtype=object)
    q = pd.to_numeric(pick, errors="coerce").to_numpy(dtype=float, copy=True)
    q[sum(n.to_numpy(dtype=int) for n in named) > 1] = -1.0  # no such quarter: unreadable
    return q


def _read_self_started(u: Readings, at: np.ndarray, low: pd.Series) -> np.ndarray:
    """ "the fiscal year that starts Oct. 1, 2019": twelve months from that day (a month: its
    first day) [interval]; which of ``low`` were such phrases."""
    g = low.str.extract(f"^(?:{_SELF_STARTED})$")
    hit = g["sy"].notna().to_numpy()
    if not hit.any():
        return hit
    g = g[hit]
    month = g["m"].map({m: k for k, m in enumerate(_MONTHS3.split("|"), start=1)})
    day = pd.to_numeric(pd.Series(np.where(g["d1"].notna(), g["d1"], g["d2"])), errors="coerce")
    y, m = g["sy"].astype(int).to_numpy(), month.to_numpy(dtype=int)
    d = day.fillna(1).to_numpy(dtype=int)
    m0 = ((y - 1970) * 12 + m - 1).astype("datetime64[M]")
    lo = m0.astype("datetime64[D]") + (d - 1)
    # The day before the same day a year on: Oct 1, 2019 runs to Sep 30, 2020.
    hi = (m0 + 12).astype("datetime64[D]") + (d - 1) - 1
    ok = (lo.astype("datetime64[M]") == m0) & (d >= 1) & (y >= 1000)
    pos = at[hit]
    u.lo[pos], u.hi[pos] = np.where(ok, lo, NAT_DAY), np.where(ok, hi, NAT_DAY)
    u.precision[pos] = np.where(ok, "interval", "unreadable")
    return hit


def _dash(match: object) -> str:
    """Whitespace runs become one space, dashes a ``-`` (the cells as the grammar sees them)."""
    found = match.group(0)  # type: ignore[attr-defined]
    return " " if found.isspace() else "-"
