"""Fuzzy dates as intervals: every cell becomes [earliest, latest] with its precision and text.

A date is never a point filled in from today's date or turned into 1 January: ``2013`` is
[2013-01-01, 2013-12-31] with precision ``year``. Parsing is vectorised: each grammar rule is one
regular-expression pass over the still-unparsed cells (``Series.str.extract``), and the calendar
arithmetic is numpy ``datetime64`` arithmetic, so a million cells never meet a Python loop.
Every column is parsed once per *distinct* value (``pd.factorize``, or a categorical column's
own codes) and spread back with the codes; among the distinct values, the exact ISO shapes
(``2013``, ``2013-05``, ``2013-05-17``) take a numpy fast path. Free text is turned away by one
vocabulary pass (:data:`_GATE`); the rest meets
one dispatching pass (the rules as alternatives of one regex, first match wins, as if the rules
ran in order) and then each rule extracts its groups from its own cells only.

The result of :func:`parse_dates` is a DataFrame aligned with the input:

- ``earliest``, ``latest``: ``datetime64[s]``; NaT when the cell is empty or unreadable
- ``precision``: ``day`` | ``month`` | ``year`` | … ("" when empty, ``unreadable`` when not read)
- ``approx``, ``uncertain``: flags kept from markers such as ``~2015`` or ``2015?``
- ``text``: the original cell, stripped

and ``result.attrs["column_messages"]`` (a list of str, possibly empty) holds what concerns the
whole column: an ambiguous or conflicting day/month order, Excel serial numbers, relative phrases
without a statement date. Unreadable cells keep their text and are reported by the caller with
file, row and column.

Grammar (case-insensitive, surrounding and repeated whitespace ignored, en/em dashes read as
``-``). Precisions are given in brackets.

- ISO and partial ISO ``2013-05-17`` [day], ``2013-05`` [month], ``2013`` [year]; also
  ``2013/05/17``, ``2013.05.17``, ``2013-5-7``, a trailing time (``2013-05-17 10:00``, ignored)
  and the compact ``20130517`` (safe: a ``ddmmyyyy``/``mmddyyyy`` cell of the 1900s or 2000s has
  month 19 or 20 there and so can never be misread). A float-looking ``2013.0`` is ``2013``.
- Numeric month/year ``05/2013`` [month].
- Numeric day/month orders ``17.05.2013``, ``05/17/2013``, ``17-05-2013`` [day]: the order is
  decided *per column* (see :func:`parse_dates`), or forced with ``dayfirst``.
- English month names, full or abbreviated, optional dot/comma/ordinal: ``May 2013``
  [month], ``17 May 2013``, ``17th of May, 2013``, ``May 17, 2013``, ``17-May-2013``,
  ``2013 May 17`` [day], ``Sept. 2014`` [month].
- A weekday prefix as MS Project writes it: ``Mon 10/30/11``, ``Monday, 17 May 2013``. The weekday
  is not checked. Two-digit years are read **only** in this weekday form (MS Project's own
  format), with the POSIX ``%y`` pivot: 00–68 → 2000–2068, 69–99 → 1969–1999. Everywhere else a
  two-digit year is unreadable. A weekday in front of anything but a day date is unreadable.
- Periods: quarters ``Q3 2014``, ``2014Q3``, ``2014-Q3``, ``3Q 2014``, ``third quarter of 2014``
  [quarter]; ``mid-Q1 2014`` (early/mid/late = 1st/2nd/3rd month) [month]; halves ``H2 2015``,
  ``2015H2``, ``2H 2015``, ``first half of 2015``, ``second half 2015`` [half]; seasons
  [season] ``spring`` = Mar–Jun, ``summer`` = Jun–Aug, ``autumn``/``fall`` = Sep–Nov (the bundled
  sample's README uses spring 03–06 and autumn 09–11), ``winter 2013`` = Dec 2013–Feb 2014 (also
  ``winter 2013/14``); parts of a year [year-part] ``early 2014`` = Jan–Apr, ``mid 2014`` /
  ``mid-2014`` = May–Aug, ``late 2014`` = Sep–Dec; ``end of 2019``, ``end-2019``,
  ``by end-2019``, ``by the end of 2019`` = Dec 2019 and ``beginning``/``start of 2020`` = Jan
  2020 [month]; parts of a month [month-part] ``early May 2014`` = days 1–10, ``mid May`` =
  11–20, ``late May`` = 21–end, ``beginning of May 2020`` = 1–10, ``end of May 2020`` = 21–end;
  decades ``the 2010s``, ``1990's`` [decade].
- Intervals [interval]: ``2013-05/2014-11``, ``2019..2020``, ``2010-2011``, ``2010–2011``,
  ``between 2019 and 2020``, ``from 2019 to 2020``, ``2019 to 2020``, ``Q3 2014 - Q1 2015``,
  ``end-2009 or start-2010``: earliest of the first part, latest of the second. An interval is
  unreadable when a part is, or when the second part starts before the first or ends before it.
- Markers: ``~2015``, ``c. 2015``, ``ca. 2015``, ``circa``, ``about``, ``around``, ``approx.``,
  ``approximately``, ``roughly`` set ``approx`` (the interval is the inner date's, not widened);
  a trailing ``?`` sets ``uncertain``. A marker alone (``?``, ``~``) is unreadable.
- Excel serial day numbers (1900 date system, with its 1900 leap-year bug) only when the whole
  column is: every non-empty cell an integer (``41275`` or ``41275.0``) in 20000..80000
  (1954–2119). A 4-digit integer is a year, never a serial, and no integer is ever read as
  epoch nanoseconds.
- Relative promises [relative], anchored on the statement date (see :func:`parse_dates`).
- Empty: ``""``, NaN and the no-date markers ``n/a``, ``na``, ``n.a.``, ``none``, ``null``,
  ``nan``, ``nat``, ``tbd``, ``tba``, ``tbc``, ``unknown``, ``-``, ``--``, ``—``, ``–`` (MS
  Project writes ``NA`` for no date). They carry no date, so they are empty (precision ``""``),
  not unreadable.
- Everything else is unreadable, e.g. ``2013-02-30``, ``13/13/2013``, ``Q5 2014``, ``H3 2014``,
  ``by 2019`` (a deadline with no earliest bound), ``soon``, ``in the coming months``; years
  outside :data:`MIN_YEAR`..:data:`MAX_YEAR` too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from data.distinct import factorize_text
from data.report import DATE_ORDER_MESSAGE

DATE_DTYPE = "datetime64[s]"

# datetime64 years this module accepts; outside it a cell is unreadable rather than wrapped.
MIN_YEAR = 1000
MAX_YEAR = 9999

# Excel serial day numbers accepted for a whole column (1954-10-03 .. 2119-01-11).
EXCEL_SERIAL_MIN = 20000
EXCEL_SERIAL_MAX = 80000

# Cells that say "no date" rather than holding a bad one (compared after lower-casing).
EMPTY_MARKERS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "none",
        "null",
        "nan",
        "nat",
        "tbd",
        "tba",
        "tbc",
        "unknown",
        "-",
        "--",
        "---",
        "\u2013",
        "\u2014",
        "\u2015",
        "\u2012",
    }
)

# Cells longer than this are not dates; they go straight to unreadable.
_MAX_LEN = 80

_ISO = (
    r"(?P<y>\d{4})(?:[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2})"
    r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:z|[+-]\d{2}:?\d{2}))?)?)?"
    r"|\.(?P<m2>\d{1,2})\.(?P<d2>\d{1,2}))?"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?,?"
)
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_DMY = r"(?P<a>\d{1,2})(?P<s1>[./-])(?P<b>\d{1,2})(?P<s2>[./-])(?P<y>\d{4}|\d{2})"

# Interval splitters, tried in order on whole cells (after markers and relative phrases).
_SPLITS = [
    r"(?:between|from) (?P<l>.+?) (?:and|to|until|till|through|-) (?P<r>.+)",
    r"(?P<l>.+?) (?:to|until|till|through|-|or) (?P<r>.+)",
    r"(?P<l>.+?) ?\.{2,3} ?(?P<r>.+)",
    r"(?P<l>\d{4}(?:-\d{1,2}){0,2}|\d{4}-?[qh]\d)/(?P<r>\d{4}(?:-\d{1,2}){0,2}|\d{4}-?[qh]\d)",
    r"(?P<l>\d{4})-(?P<r>\d{4})",
]

_MARKED = r"^(?:~|≈|c|about|around|approx|roughly)|\?$"
_MARKERS = (
    r"(?P<approx>~|≈|circa|ca\.?|c\.|about|around|approximately|approx\.?|roughly)?"
    r" ?(?P<core>.*?) ?(?P<unc>\?+)?"
)

# Relative phrases. Quantities: digits, a/an, one..twenty; "half a year" and "a year and a
# half" are rewritten to months first.
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_N = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_U = r"(?:day|week|month|quarter|year)s?"
_REL_SPAN = (
    r"(?P<kw>within(?: the next)?|in(?: the next| the coming)?|inside(?: of)?|over the next"
    r"|during the next) (?P<n1>" + _N + r")(?: ?(?P<u1>" + _U + r"))?"
    r"(?: ?(?:-|to|or) ?(?P<n2>" + _N + r"))? ?(?P<u2>" + _U + r")"
)
_REL_PERIOD = (
    r"(?:(?P<by>by|before|until|till|no later than) )?(?:the )?"
    r"(?:(?P<end>end|close) of (?:the )?|(?P<later>later) )?(?:(?P<which>this|next) )?"
    r"(?P<unit>year|month|quarter)(?:[ -](?P<end2>end))?"
)
_REL_REWRITES = [
    (r"\b(?:half a year|half-year|half year|a half year)\b", "6 months"),
    (
        r"\b(?:a year and a half|one and a half years|one-and-a-half years|1 1/2 years)\b",
        "18 months",
    ),
]
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_UNIT_DAYS = {"day": 1, "week": 7}

# Relative kinds (per distinct cell, applied per cell with that cell's anchor).
_REL_NONE, _REL_WITHIN, _REL_IN, _REL_NEXT, _REL_UNTIL = 0, 1, 2, 3, 4

_NAT_D = np.datetime64("NaT", "D")


def empty_result(index: pd.Index) -> pd.DataFrame:
    """An all-empty parse result for ``index`` (every cell empty, nothing unreadable)."""
    n = len(index)
    nat = np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE)
    empty = np.full(n, "", dtype=object)
    no = np.zeros(n, dtype=bool)
    return _result(index, nat, nat.copy(), empty, no, no.copy(), empty.copy(), [])


def _result(index, earliest, latest, precision, approx, uncertain, text, messages) -> pd.DataFrame:
    # Object columns, not pandas' str dtype: callers compare these a million cells at a time,
    # and object comparisons run in C while the Python-backed str dtype goes through pandas.
    result = pd.DataFrame(
        {
            "earliest": earliest,
            "latest": latest,
            "precision": pd.Series(precision, index=index, dtype=object, copy=False),
            "approx": approx,
            "uncertain": uncertain,
            "text": pd.Series(text, index=index, dtype=object, copy=False),
        },
        index=index,
        copy=False,
    )
    result.attrs["column_messages"] = messages
    return result


def ymd_bounds(
    year: np.ndarray, month: np.ndarray | None = None, day: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turn year/month/day float arrays (NaN = not given) into day-resolution bounds.

    Returns ``(earliest, latest, valid)`` as ``datetime64[D]`` arrays and a validity mask:
    a missing month spans the year, a missing day spans the month, and impossible dates
    (``2013-02-30``, month 13, years outside :data:`MIN_YEAR`..:data:`MAX_YEAR`) are invalid.
    """
    year = np.asarray(year, dtype=float)
    n = len(year)
    month = np.full(n, np.nan) if month is None else np.asarray(month, dtype=float)
    day = np.full(n, np.nan) if day is None else np.asarray(day, dtype=float)
    valid = (
        np.isfinite(year)
        & (year >= MIN_YEAR)
        & (year <= MAX_YEAR)
        & (np.isnan(month) | ((month >= 1) & (month <= 12)))
        & (np.isnan(day) | (np.isfinite(month) & (day >= 1) & (day <= 31)))
    )
    y = np.where(valid, year, 2000).astype("int64")
    m_given = np.isfinite(month)
    m_lo = np.where(valid & m_given, month, 1).astype("int64")
    m_hi = np.where(valid & m_given, month, 12).astype("int64")
    years = (y - 1970).astype("datetime64[Y]")
    lo_month = years.astype("datetime64[M]") + (m_lo - 1).astype("timedelta64[M]")
    hi_month = years.astype("datetime64[M]") + (m_hi - 1).astype("timedelta64[M]")
    month_len = ((hi_month + 1).astype("datetime64[D]") - hi_month.astype("datetime64[D]")).astype(
        "int64"
    )
    d_given = np.isfinite(day)
    valid &= ~d_given | (np.where(d_given, day, 1) <= month_len)
    d = np.where(valid & d_given, day, 1).astype("int64")
    earliest = lo_month.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    latest = np.where(
        d_given,
        hi_month.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]"),
        (hi_month + 1).astype("datetime64[D]") - np.timedelta64(1, "D"),
    )
    nat = np.datetime64("NaT", "D")
    return np.where(valid, earliest, nat), np.where(valid, latest, nat), valid


def month_span(
    year0: np.ndarray, month0: np.ndarray, year1: np.ndarray, month1: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds from the first day of ``year0-month0`` to the last day of ``year1-month1``.

    Both months are required: a NaN month (``Q5`` has none) makes the span invalid.
    """
    lo, _, ok0 = ymd_bounds(year0, month0)
    _, hi, ok1 = ymd_bounds(year1, month1)
    ok = ok0 & ok1 & np.isfinite(np.asarray(month0, float)) & np.isfinite(np.asarray(month1, float))
    return np.where(ok, lo, _NAT_D), np.where(ok, hi, _NAT_D), ok


def excel_serial_days(serial: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Excel 1900-system serial numbers to ``datetime64[D]`` and a validity mask.

    Serial 1 is 1900-01-01. Excel believes 1900 was a leap year, so serial 60 is the
    non-existent 1900-02-29 (invalid) and every serial above 60 is one day too high.
    """
    serial = np.asarray(serial, dtype=float)
    valid = np.isfinite(serial) & (serial >= 1) & (serial != 60) & (serial == np.floor(serial))
    s = np.where(valid, serial, 61).astype("int64")
    base = np.where(s < 60, np.datetime64("1899-12-31", "D"), np.datetime64("1899-12-30", "D"))
    days = base + s.astype("timedelta64[D]")
    year = days.astype("datetime64[Y]").astype("int64") + 1970
    valid &= (year >= MIN_YEAR) & (year <= MAX_YEAR)
    return np.where(valid, days, _NAT_D), valid


# A rule reads the regex groups of the cells it matched and returns (earliest, latest, valid,
# precision) arrays; rules run in order, each only on cells no earlier rule has read.
Rule = tuple[str, Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]
RuleResult = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _num(groups: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(groups[name], errors="coerce").to_numpy(dtype=float)


def _first(groups: pd.DataFrame, *names: str) -> np.ndarray:
    """The first of several alternative numeric groups that matched."""
    out = _num(groups, names[0])
    for name in names[1:]:
        out = np.where(np.isnan(out), _num(groups, name), out)
    return out


def _mapped(groups: pd.DataFrame, name: str, table: dict[str, int]) -> np.ndarray:
    return groups[name].map(table).to_numpy(dtype=float)


def _month_number(groups: pd.DataFrame) -> np.ndarray:
    return groups["mon"].str[:3].map(_MONTHS).to_numpy(dtype=float)


def _const(n: int, value: str) -> np.ndarray:
    return np.full(n, value, dtype=object)


def _iso_rule(groups: pd.DataFrame) -> RuleResult:
    month, day = _first(groups, "m", "m2"), _first(groups, "d", "d2")
    lo, hi, ok = ymd_bounds(_num(groups, "y"), month, day)
    precision = np.where(np.isfinite(day), "day", np.where(np.isfinite(month), "month", "year"))
    return lo, hi, ok, precision


def _ymd_rule(groups: pd.DataFrame) -> RuleResult:
    lo, hi, ok = ymd_bounds(_num(groups, "y"), _num(groups, "m"), _num(groups, "d"))
    return lo, hi, ok, _const(len(groups), "day")


def _my_rule(groups: pd.DataFrame) -> RuleResult:
    lo, hi, ok = ymd_bounds(_num(groups, "y"), _num(groups, "m"))
    return lo, hi, ok, _const(len(groups), "month")


def _named_month_rule(groups: pd.DataFrame) -> RuleResult:
    day = _num(groups, "d") if "d" in groups else np.full(len(groups), np.nan)
    lo, hi, ok = ymd_bounds(_num(groups, "y"), _month_number(groups), day)
    return lo, hi, ok, np.where(np.isfinite(day), "day", "month")


def _quarter_rule(groups: pd.DataFrame) -> RuleResult:
    q = _first(groups, "q1", "q2", "q3")
    q = np.where(np.isnan(q), _mapped(groups, "qw", _ORDINALS), q)
    y = _first(groups, "y1", "y2", "y3", "y4")
    q = np.where((q >= 1) & (q <= 4), q, np.nan)
    lo, hi, ok = month_span(y, 3 * q - 2, y, 3 * q)
    return lo, hi, ok, _const(len(groups), "quarter")


# Thirds of a quarter (its months) or of a month (its ten-day stretches).
_THIRDS = {
    "early": 0,
    "beginning": 0,
    "start": 0,
    "mid": 1,
    "middle": 1,
    "late": 2,
    "end": 2,
}


def _quarter_part_rule(groups: pd.DataFrame) -> RuleResult:
    q = _num(groups, "q")
    q = np.where((q >= 1) & (q <= 4), q, np.nan)
    month = 3 * q - 2 + _mapped(groups, "p", _THIRDS)
    return (
        *month_span(_num(groups, "y"), month, _num(groups, "y"), month),
        _const(len(groups), "month"),
    )


def _half_rule(groups: pd.DataFrame) -> RuleResult:
    h = _first(groups, "h1", "h2", "h3")
    h = np.where(np.isnan(h), _mapped(groups, "hw", _ORDINALS), h)
    y = _first(groups, "y1", "y2", "y3", "y4")
    h = np.where((h >= 1) & (h <= 2), h, np.nan)
    lo, hi, ok = month_span(y, 6 * h - 5, y, 6 * h)
    return lo, hi, ok, _const(len(groups), "half")


def _month_pair(groups: pd.DataFrame, name: str, table: dict[str, tuple[int, int]]):
    """The (first month, last month) that ``table`` gives the words of group ``name``."""
    first = _mapped(groups, name, {word: months[0] for word, months in table.items()})
    last = _mapped(groups, name, {word: months[1] for word, months in table.items()})
    return first, last


_SEASONS = {
    "spring": (3, 6),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}


def _season_rule(groups: pd.DataFrame) -> RuleResult:
    y = _num(groups, "y")
    first, last = _month_pair(groups, "s", _SEASONS)
    # "winter 2013/14": the second year must be the next one (2 or 4 digits).
    y2_text = groups["y2"]
    y2 = _num(groups, "y2")
    short = (y2_text.str.len() == 2).to_numpy()
    y2_full = np.where(short, np.floor(y / 100) * 100 + y2, y2)
    y2_ok = np.isnan(y2) | ((last == 14) & ((y2_full == y + 1) | (short & (y2_full == y - 99))))
    lo, hi, ok = month_span(y, first, y + (last > 12), np.where(last > 12, last - 12, last))
    ok &= y2_ok
    return lo, hi, ok, _const(len(groups), "season")


_PARTS_OF_YEAR = {
    "early": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (12, 12),
    "close": (12, 12),
    "beginning": (1, 1),
    "start": (1, 1),
}


def _year_part_rule(groups: pd.DataFrame) -> RuleResult:
    y = _num(groups, "y")
    first, last = _month_pair(groups, "p", _PARTS_OF_YEAR)
    lo, hi, ok = month_span(y, first, y, last)
    return lo, hi, ok, np.where(first == last, "month", "year-part")


def _month_part_rule(groups: pd.DataFrame) -> RuleResult:
    part = _mapped(groups, "p", _THIRDS)
    lo, hi, ok = ymd_bounds(_num(groups, "y"), _month_number(groups))
    ok &= np.isfinite(part)
    part = np.nan_to_num(part).astype("int64")
    first_day = lo + (part * 10).astype("timedelta64[D]")
    last_day = np.where(part < 2, lo + (part * 10 + 9).astype("timedelta64[D]"), hi)
    return (
        np.where(ok, first_day, _NAT_D),
        np.where(ok, last_day, _NAT_D),
        ok,
        _const(len(groups), "month-part"),
    )


def _decade_rule(groups: pd.DataFrame) -> RuleResult:
    y = _num(groups, "dec") * 10
    lo, hi, ok = month_span(y, np.ones(len(y)), y + 9, np.full(len(y), 12.0))
    return lo, hi, ok, _const(len(groups), "decade")


RULES: list[Rule] = [
    (_ISO, _iso_rule),
    (r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", _ymd_rule),
    (r"(?P<m>\d{1,2})[./-](?P<y>\d{4})", _my_rule),
    (r"(?P<d>\d{1,2})" + _ORD + r"(?: of)?[ -]" + _MON + r",?[ -](?P<y>\d{4})", _named_month_rule),
    (_MON + r",?[ -](?P<d>\d{1,2})" + _ORD + r",?[ -](?P<y>\d{4})", _named_month_rule),
    (_MON + r",?[ -](?:of )?(?P<y>\d{4})", _named_month_rule),
    (r"(?P<y>\d{4})[ -]" + _MON + r"(?:[ -](?P<d>\d{1,2}))?", _named_month_rule),
    (
        r"q(?P<q1>\d)[ /-]?(?P<y1>\d{4})|(?P<y2>\d{4})[ /-]?q(?P<q2>\d)"
        r"|(?P<q3>\d)q[ /-]?(?P<y3>\d{4})"
        r"|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?,? (?P<y4>\d{4})",
        _quarter_rule,
    ),
    (
        r"(?P<p>early|mid|middle|late|end|beginning|start)(?: of)?[ -]?"
        r"q(?P<q>\d)[ /-]?(?P<y>\d{4})",
        _quarter_part_rule,
    ),
    (
        r"h(?P<h1>\d)[ /-]?(?P<y1>\d{4})|(?P<y2>\d{4})[ /-]?h(?P<h2>\d)"
        r"|(?P<h3>\d)h[ /-]?(?P<y3>\d{4})"
        r"|(?P<hw>first|second|1st|2nd) half(?: of)?(?: the year)?,? (?P<y4>\d{4})",
        _half_rule,
    ),
    (
        r"(?P<s>spring|summer|autumn|fall|winter)(?: of)?[ -](?P<y>\d{4})(?:/(?P<y2>\d{2}|\d{4}))?",
        _season_rule,
    ),
    (
        r"(?:by )?(?:the )?(?P<p>early|mid|middle|late|end|close|beginning|start)"
        r"(?: of)?(?: the)?(?: year)?[ -]?(?P<y>\d{4})",
        _year_part_rule,
    ),
    (
        r"(?:by )?(?:the )?(?P<p>early|mid|middle|late|end|beginning|start)(?: of)?[ -]"
        + _MON
        + r",?[ -](?P<y>\d{4})",
        _month_part_rule,
    ),
    (r"(?P<dec>\d{3})0'?s", _decade_rule),
]


def _groups(s: pd.Series, pattern: str) -> pd.DataFrame:
    """The named groups of ``pattern`` (which must match every cell of ``s``)."""
    return s.str.extract(f"^(?:{pattern})$", expand=True)


def _dispatch(s: pd.Series, patterns: list[str]) -> np.ndarray:
    """For each cell, the index of the first pattern that matches it whole (-1: none).

    One regex pass: the patterns become the alternatives of one regex, in order, each wrapped
    in its own group (their named groups are made non-capturing).
    """
    if len(s) == 0:
        return np.empty(0, dtype="int64")
    alternatives = "|".join(f"({re.sub(r'[(][?]P<[a-z_0-9]+>', '(?:', p)})" for p in patterns)
    hit = s.str.extract(f"^(?:{alternatives})$", expand=True).notna().to_numpy()
    return np.where(hit.any(axis=1), hit.argmax(axis=1), -1)


def _extract(s: pd.Series, pattern: str) -> tuple[np.ndarray, pd.DataFrame]:
    """Positions (into ``s``) of the cells that fully match ``pattern``, and their groups."""
    pos = np.flatnonzero(_dispatch(s, [pattern]) == 0)
    if len(pos) == 0:
        return pos, pd.DataFrame()
    return pos, _groups(s.iloc[pos], pattern)


def _fast_shapes(
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


def _chars(arr: np.ndarray) -> np.ndarray:
    """Cells as ``<U11`` (cut after 11 characters; NaN and None become "nan" and "None")."""
    return np.asarray(arr, dtype="U11")


def _fast_bounds(year: np.ndarray, month: np.ndarray, day: np.ndarray):
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


def _pivot_year(yy: np.ndarray) -> np.ndarray:
    """Two-digit years with the POSIX ``%y`` pivot: 00–68 → 20xx, 69–99 → 19xx."""
    return np.where(yy <= 68, 2000 + yy, 1900 + yy)


class _Pieces:
    """Parse results for distinct single-date strings (cells, or halves of intervals)."""

    def __init__(self, n: int) -> None:
        self.lo = np.full(n, _NAT_D)
        self.hi = np.full(n, _NAT_D)
        self.ok = np.zeros(n, dtype=bool)
        self.precision = np.full(n, "unreadable", dtype=object)
        # 1: day/month order ambiguous in this column, 2: the column's orders conflict.
        self.dmy_flag = np.zeros(n, dtype="int8")

    def store(self, pos: np.ndarray, lo, hi, ok, precision) -> None:
        ok = np.asarray(ok, dtype=bool)
        good = pos[ok]
        self.lo[good] = np.asarray(lo)[ok]
        self.hi[good] = np.asarray(hi)[ok]
        self.ok[good] = True
        self.precision[good] = np.asarray(precision, dtype=object)[ok]


def _parse_pieces(pieces: pd.Series, dayfirst: bool | None) -> _Pieces:
    """Read distinct, normalised single-date strings (no markers, no intervals)."""
    out = _Pieces(len(pieces))
    if len(pieces) == 0:
        return out
    the = pieces.str.startswith("the ").to_numpy(dtype=bool)
    if the.any():
        pieces = pieces.copy()
        pieces[the] = pieces[the].str.slice(4)
    # A weekday in front (MS Project: "Mon 10/30/11") is dropped but remembered: it allows a
    # two-digit year and demands a day date.
    weekday = pieces.str.match(_WEEKDAY + " ").to_numpy(dtype=bool)
    rest = pieces
    if weekday.any():
        rest = pieces.copy()
        rest[weekday] = pieces[weekday].str.replace("^" + _WEEKDAY + " ", "", regex=True)
    lens = rest.str.len().to_numpy(dtype="int64")
    todo = (lens > 0) & (lens <= _MAX_LEN) & rest.str.contains(r"\d", regex=True).to_numpy()

    def done(pos: np.ndarray) -> None:
        todo[pos] = False

    # 1. numpy fast path for the common ISO shapes
    pos, year, month, day, _, _ = _fast_shapes(_chars(rest.to_numpy(dtype=object)))
    lo, hi, prec = _fast_bounds(year, month, day)
    out.store(pos, lo, hi, prec != "unreadable", prec)
    done(pos)

    # 2. one dispatching pass finds, for each cell, the first rule that matches it; then each
    # rule extracts its groups from its own cells. Numeric day/month orders come first: their
    # order is decided for the whole column.
    idx = np.flatnonzero(todo)
    which = _dispatch(rest.iloc[idx], [_DMY] + [pattern for pattern, _ in RULES])
    pos = idx[which == 0]
    if len(pos):
        _read_dmy(out, pos, _groups(rest.iloc[pos], _DMY), weekday[pos], dayfirst)
    for k, (pattern, rule) in enumerate(RULES, start=1):
        pos = idx[which == k]
        if len(pos):
            # A cell a rule matched but found impossible (2013-02-30) is unreadable.
            out.store(pos, *rule(_groups(rest.iloc[pos], pattern)))

    # A weekday only goes with a day date ("Mon 2013" is not a date).
    bad = weekday & out.ok & (out.precision != "day")
    out.ok[bad] = False
    out.lo[bad] = out.hi[bad] = _NAT_D
    out.precision[bad] = "unreadable"
    return out


def _read_dmy(
    out: _Pieces,
    pos: np.ndarray,
    groups: pd.DataFrame,
    weekday: np.ndarray,
    dayfirst: bool | None,
) -> None:
    """Numeric ``a/b/yyyy`` dates: day-first or month-first, decided once for the column."""
    a, b = _num(groups, "a"), _num(groups, "b")
    y = _num(groups, "y")
    short = (groups["y"].str.len() == 2).to_numpy()
    # Two-digit years only in MS Project's weekday form ("Mon 10/30/11"); elsewhere unreadable.
    y = np.where(short, np.where(weekday, _pivot_year(y), np.nan), y)
    usable = (groups["s1"] == groups["s2"]).to_numpy() & np.isfinite(y)
    y = np.where(usable, y, np.nan)
    df_lo, df_hi, df_ok = ymd_bounds(y, b, a)
    mf_lo, mf_hi, mf_ok = ymd_bounds(y, a, b)
    same = df_ok & mf_ok & (a == b)  # 05/05/2013 reads the same either way
    says_df = df_ok & ~mf_ok
    says_mf = mf_ok & ~df_ok
    both = df_ok & mf_ok & ~same
    if dayfirst is None:
        if says_df.any() and says_mf.any():
            # Mixed conventions: neither order can be trusted for any order-dependent cell.
            use_df = use_mf = np.zeros(len(pos), dtype=bool)
            out.dmy_flag[pos[says_df | says_mf | both]] = 2
        elif says_df.any():
            use_df, use_mf = df_ok, np.zeros(len(pos), dtype=bool)
        elif says_mf.any():
            use_df, use_mf = np.zeros(len(pos), dtype=bool), mf_ok
        else:
            use_df = use_mf = np.zeros(len(pos), dtype=bool)
            out.dmy_flag[pos[both]] = 1
    else:
        use_df = df_ok if dayfirst else np.zeros(len(pos), dtype=bool)
        use_mf = np.zeros(len(pos), dtype=bool) if dayfirst else mf_ok
    ok = use_df | use_mf | same
    lo = np.where(use_mf & ~use_df, mf_lo, df_lo)
    hi = np.where(use_mf & ~use_df, mf_hi, df_hi)
    out.store(pos, lo, hi, ok, _const(len(pos), "day"))


def _add_months(d: np.ndarray, months: np.ndarray, snap_end: bool) -> np.ndarray:
    """``d`` plus whole calendar months, the day clamped to the target month's length.

    With ``snap_end`` a last day of a month stays a last day (2013-06-30 + 1 → 2013-07-31):
    used for latest bounds, which end months.
    """
    valid = ~np.isnat(d)
    d = np.where(valid, d, np.datetime64("2000-01-01", "D"))
    m = d.astype("datetime64[M]")
    day0 = (d - m.astype("datetime64[D]")).astype("int64")
    target = m + months.astype("int64").astype("timedelta64[M]")
    target_len = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        "int64"
    )
    day = np.minimum(day0, target_len - 1)
    if snap_end:
        last = d == (m + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
        day = np.where(last, target_len - 1, day)
    out = target.astype("datetime64[D]") + day.astype("timedelta64[D]")
    return np.where(valid, out, _NAT_D)


def _shift(d: np.ndarray, n: np.ndarray, in_days: np.ndarray, snap_end: bool) -> np.ndarray:
    by_months = _add_months(d, np.where(in_days, 0, n), snap_end)
    by_days = d + np.where(in_days, n, 0).astype("int64").astype("timedelta64[D]")
    return np.where(in_days, by_days, by_months)


def _period_bounds(d: np.ndarray, months: np.ndarray, shift: np.ndarray):
    """First and last day of the ``months``-long calendar period of ``d``, moved by ``shift``."""
    valid = ~np.isnat(d)
    m = np.where(valid, d, np.datetime64("2000-01-01", "D")).astype("datetime64[M]").astype("int64")
    start = (m // months + shift) * months
    first = start.astype("datetime64[M]").astype("datetime64[D]")
    last = (start + months).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.where(valid, first, _NAT_D), np.where(valid, last, _NAT_D)


class _Relative:
    """Relative phrases of distinct cells: kind and quantities, applied later per cell."""

    def __init__(self, n: int) -> None:
        self.kind = np.zeros(n, dtype="int8")
        self.n1 = np.zeros(n, dtype="int64")
        self.n2 = np.zeros(n, dtype="int64")
        self.days1 = np.zeros(n, dtype=bool)
        self.days2 = np.zeros(n, dtype=bool)
        self.period = np.ones(n, dtype="int64")  # months in the period: 1, 3 or 12
        self.shift = np.zeros(n, dtype="int64")


def _quantity(n_text: pd.Series, unit_text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(amount, in_days) of "18 months", "two years", "6 weeks"; NaN amount when not whole."""
    words = n_text.map(_NUMBER_WORDS).to_numpy(dtype=float)
    n = np.where(np.isnan(words), pd.to_numeric(n_text, errors="coerce").to_numpy(float), words)
    unit = unit_text.str.rstrip("s")
    per_month = unit.map(_UNIT_MONTHS).to_numpy(dtype=float)
    per_day = unit.map(_UNIT_DAYS).to_numpy(dtype=float)
    in_days = np.isfinite(per_day)
    amount = n * np.where(in_days, per_day, per_month)
    amount = np.where(amount == np.round(amount), amount, np.nan)
    return amount, in_days


def _read_relative(cores: pd.Series, todo: np.ndarray, rel: _Relative) -> None:
    """Mark the distinct cells that are relative phrases (they leave ``todo``)."""
    idx = np.flatnonzero(todo)
    if len(idx) == 0:
        return
    text = cores.iloc[idx]
    letters = text.str.contains(r"(?:year|month|quarter|week|day)", regex=True).to_numpy()
    idx, text = idx[letters], text[letters]
    if len(idx) == 0:
        return
    for pattern, repl in _REL_REWRITES:
        text = text.str.replace(pattern, repl, regex=True)

    pos, g = _extract(text, _REL_SPAN)
    if len(pos):
        hit = idx[pos]
        n2, days2 = _quantity(g["n2"].fillna(g["n1"]), g["u2"])
        n1, days1 = _quantity(g["n1"], g["u1"].fillna(g["u2"]))
        ranged = g["n2"].notna().to_numpy()
        exact_in = (g["kw"] == "in").to_numpy() & ~ranged
        ok = np.isfinite(n1) & np.isfinite(n2)
        rel.kind[hit] = np.where(ok, np.where(ranged | exact_in, _REL_IN, _REL_WITHIN), -1)
        rel.n1[hit] = np.nan_to_num(n1).astype("int64")
        rel.n2[hit] = np.nan_to_num(n2).astype("int64")
        rel.days1[hit], rel.days2[hit] = days1, days2
        todo[hit] = False
        keep = np.ones(len(idx), dtype=bool)
        keep[pos] = False
        idx, text = idx[keep], text[keep]

    pos, g = _extract(text, _REL_PERIOD)
    if len(pos):
        hit = idx[pos]
        which = g["which"].fillna("")
        deadline = (g[["by", "end", "later", "end2"]].notna().any(axis=1)).to_numpy()
        ok = (which != "").to_numpy() | deadline
        nxt = (which == "next").to_numpy()
        rel.kind[hit] = np.where(ok, np.where(nxt & ~deadline, _REL_NEXT, _REL_UNTIL), -1)
        rel.period[hit] = g["unit"].map(_UNIT_MONTHS).to_numpy(dtype="int64")
        rel.shift[hit] = nxt.astype("int64")
        todo[hit] = False


def _apply_relative(
    kind: np.ndarray, rel: _Relative, u: np.ndarray, a_lo: np.ndarray, a_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-cell bounds of relative phrases; ``u`` are the cells' distinct-value codes."""
    n1, n2 = rel.n1[u], rel.n2[u]
    d1, d2 = rel.days1[u], rel.days2[u]
    period, shift = rel.period[u], rel.shift[u]
    start_lo, _ = _period_bounds(a_lo, period, shift)
    _, end_hi = _period_bounds(a_hi, period, shift)
    lo = np.select(
        [kind == _REL_WITHIN, kind == _REL_IN, kind == _REL_NEXT, kind == _REL_UNTIL],
        [a_lo, _shift(a_lo, n1, d1, snap_end=False), start_lo, a_lo],
        _NAT_D,
    )
    hi = np.select(
        [kind == _REL_WITHIN, kind == _REL_IN, kind == _REL_NEXT, kind == _REL_UNTIL],
        [_shift(a_hi, n2, d2, snap_end=True), _shift(a_hi, n2, d2, snap_end=True), end_hi, end_hi],
        _NAT_D,
    )
    ok = (kind > 0) & ~np.isnat(a_lo) & ~np.isnat(a_hi) & ~np.isnat(lo) & ~np.isnat(hi)
    lo_year = np.where(ok, lo, np.datetime64("2000-01-01", "D")).astype("datetime64[Y]")
    hi_year = np.where(ok, hi, np.datetime64("2000-01-01", "D")).astype("datetime64[Y]")
    ok &= (lo_year.astype("int64") + 1970 >= MIN_YEAR) & (
        hi_year.astype("int64") + 1970 <= MAX_YEAR
    )
    ok &= lo <= hi
    return np.where(ok, lo, _NAT_D), np.where(ok, hi, _NAT_D), ok


def _anchor_bounds(
    anchor: pd.Series | pd.DataFrame | None, index: pd.Index, positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``datetime64[D]`` anchor bounds for the cells at ``positions``."""
    nat = np.full(len(positions), _NAT_D)
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
    return s


# Every readable cell is made of these tokens only; one pass of this pattern sends everything
# else (free text, notes, IDs) straight to unreadable without meeting the other rules.
_VOCABULARY = (
    "january february march april may june july august september sept october november december "
    "jan feb mar apr jun jul aug sep oct nov dec "
    "monday mon tuesday tues tue wednesday wed thursday thurs thur thu friday fri saturday sat "
    "sunday sun q h s st nd rd th t z of the by between and from to until till through or "
    "early mid middle late later end close beginning start spring summer autumn fall winter "
    "first second third fourth quarter quarters half year years month months week weeks day "
    "days within in inside over next this coming during before no than "
    + " ".join(_NUMBER_WORDS)
    + " circa ca c about around approx approximately roughly"
)
_GATE = (
    r"(?>[\s\-/.,~?':+≈()\u2010-\u2015\u2212]|\d+|(?:"
    + "|".join(sorted(set(_VOCABULARY.split()), key=len, reverse=True))
    + r")(?![a-z]))*+"
)


def _examples(texts: np.ndarray, mask: np.ndarray, k: int = 3) -> str:
    shown = pd.unique(texts[mask])[:k]
    return ", ".join(f"'{t}'" for t in shown)


def _as_text(uniques, dtype) -> np.ndarray:
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


class _Uniques:
    """Per distinct value results; one extra slot at the end stands for NaN (code -1)."""

    def __init__(self, raw: np.ndarray) -> None:
        n = len(raw)
        self.text = np.append(raw, "")
        self.lo = np.full(n + 1, _NAT_D)
        self.hi = np.full(n + 1, _NAT_D)
        self.precision = np.full(n + 1, "unreadable", dtype=object)
        self.precision[n] = ""
        self.approx = np.zeros(n + 1, dtype=bool)
        self.uncertain = np.zeros(n + 1, dtype=bool)
        self.dmy_flag = np.zeros(n + 1, dtype="int8")
        self.rel = _Relative(n + 1)


def parse_dates(
    values: pd.Series,
    anchor: pd.Series | pd.DataFrame | None = None,
    *,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Parse a column of date cells into intervals (see the module docstring for the grammar).

    ``dayfirst`` forces the order of numeric dates such as ``03/04/2013`` (True: day first,
    False: month first). Left as None, the order is decided for the whole column from its
    values: a cell that is only valid day-first (``17.05.2013``) makes the column day-first, one
    only valid month-first (``05/17/2013``) makes it month-first. If no cell decides, the
    order-dependent cells are unreadable (never guessed row by row) and a message says the
    day/month order is ambiguous; if cells decide both ways, all order-dependent cells are
    unreadable and a message says the orders conflict. Cells that read the same both ways
    (``05/05/2013``) are always read. Interval parts count as cells here.

    ``anchor`` is the statement's own date for relative phrases, aligned with ``values`` by index
    (a plain list or array is taken by position). It is either a Series of date *text*, parsed
    here with :func:`parse_dates` itself, or a DataFrame returned by :func:`parse_dates`. With
    the anchor interval [a_lo, a_hi] (month arithmetic clamps the day to the target month's
    length, and a latest bound on a month's last day stays on the last day):

    - ``within 18 months``, ``within the next two years``, ``in the next 6 weeks`` →
      [a_lo, a_hi + 18 months]
    - ``in 18 months``, ``in two years``, ``in 10 days``, ``in 6 weeks`` →
      [a_lo + n, a_hi + n]
    - ``in 12-18 months``, ``within a year to 18 months`` → [a_lo + 12 months, a_hi + 18 months].
      With spring = Mar–Jun, "spring 2013" + 12–18 months is [2014-03-01, 2014-12-31]; the
      bundled sample's hand computation (2014-03 to 2014-11) ended spring in May.
    - quantities: digits (``1.5 years`` = 18 months), a/an, one..twenty, ``half a year`` = 6
      months, ``a year and a half`` = 18 months; units day, week (7 days), month, quarter
      (3 months), year (12 months)
    - ``next year`` / ``next quarter`` / ``next month`` → from the start of the period after
      a_lo's to the end of the period after a_hi's (anchor 2019..2020 → 2020-01-01..2021-12-31)
    - ``this year``, ``later this year``, ``by the end of the year``, ``by year-end``, ``end of
      the year`` (also month/quarter) → [a_lo, end of a_hi's period]; ``by the end of next
      year`` → [a_lo, end of the period after a_hi's]

    A relative phrase without an anchor (none given, or an empty/unreadable one) is unreadable,
    as are vague ones (``soon``, ``shortly``, ``in the coming months``).
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(values)
    index = values.index
    if len(values) == 0:
        return empty_result(index)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _parse_datetimes(values, empty_result(index))
    messages: list[str] = []

    # 1. Each distinct value is parsed once and spread back by its code: a million cells of a
    # ledger hold a few thousand distinct dates (pyarrow's reader hands over the codes).
    codes, uniques = factorize_text(values)
    u = _parse_uniques(_as_text(uniques, values.dtype), dayfirst, messages)
    lo, hi = u.lo[codes], u.hi[codes]
    precision = u.precision[codes]
    approx, uncertain = u.approx[codes], u.uncertain[codes]
    text = u.text[codes]
    readable = ((u.precision != "unreadable") & (u.precision != ""))[codes]

    # 2. Relative phrases, per cell with the cell's anchor.
    kind = u.rel.kind[codes]
    rel = np.flatnonzero(kind != _REL_NONE)
    if len(rel):
        a_lo, a_hi = _anchor_bounds(anchor, index, rel)
        r_lo, r_hi, r_ok = _apply_relative(kind[rel], u.rel, codes[rel], a_lo, a_hi)
        lo[rel], hi[rel] = r_lo, r_hi
        precision[rel] = np.where(r_ok, "relative", "unreadable")
        readable[rel] = r_ok
        phrase = kind[rel] > 0
        missing = phrase & (np.isnat(a_lo) | np.isnat(a_hi))
        if missing.any():
            why = (
                "need the statement's date" if anchor is None else "have no readable statement date"
            )
            messages.append(
                f"{int(missing.sum())} relative date(s) such as "
                f"{_examples(text[rel], missing)} {why} and were not read"
            )

    # 3. Column messages about the day/month order.
    dmy = u.dmy_flag[codes]
    if (dmy == 1).any():
        mask = dmy == 1
        messages.append(
            f"{DATE_ORDER_MESSAGE} is ambiguous: {int(mask.sum())} cell(s) such as "
            f"{_examples(text, mask)} read differently day-first and month-first and no "
            "cell in the column decides the order; they were not read (choose the order: the "
            "window asks; on the command line, --date-order)"
        )
    if (dmy == 2).any():
        mask = dmy == 2
        messages.append(
            f"{DATE_ORDER_MESSAGE}s conflict: cells such as {_examples(text, mask)} are "
            f"day-first in some rows and month-first in others; {int(mask.sum())} cell(s) "
            "were not read (choose the order: the window asks; on the command line, "
            "--date-order)"
        )

    result = _result(
        index,
        np.where(readable, lo, _NAT_D).astype(DATE_DTYPE),
        np.where(readable, hi, _NAT_D).astype(DATE_DTYPE),
        precision,
        approx & readable,
        uncertain & readable,
        text,
        messages,
    )
    result.attrs["date_order_unclear"] = bool((dmy > 0).any())
    return result


def _parse_uniques(raw: np.ndarray, dayfirst: bool | None, messages: list[str]) -> _Uniques:
    """Parse distinct cell texts."""
    u = _Uniques(raw)
    nu = len(raw)
    if nu == 0:
        return u
    # numpy fast path: exact ISO shapes, and 5-digit integers (Excel serial candidates)
    pos, year, month, day, serial_pos, serial = _fast_shapes(_chars(raw))
    u.lo[pos], u.hi[pos], u.precision[pos] = _fast_bounds(year, month, day)
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
        _store(u, serial_pos, days, days, ok, _const(len(serial_pos), "day"))
        messages.append("numbers read as Excel serial dates (1900 date system)")
        return u
    # everything else: rules over the distinct values made of date words only
    idx, low = idx[~empty], low[~empty]
    short = (low.str.len() <= _MAX_LEN).to_numpy()
    idx, low = idx[short], low[short]
    gate = low.str.fullmatch(_GATE).to_numpy()
    _parse_text(u, idx[gate], _normalise(low[gate]), dayfirst)
    return u


def _store(u: _Uniques, pos: np.ndarray, lo, hi, ok, precision) -> None:
    ok = np.asarray(ok, dtype=bool)
    u.lo[pos] = np.where(ok, lo, _NAT_D)
    u.hi[pos] = np.where(ok, hi, _NAT_D)
    u.precision[pos] = np.where(ok, np.asarray(precision, dtype=object), "unreadable")


def _parse_text(u: _Uniques, idx: np.ndarray, text: pd.Series, dayfirst: bool | None) -> None:
    """Markers, relative phrases, intervals and single dates of normalised distinct values."""
    n = len(idx)
    if n == 0:
        return
    # Markers: "~", "c.", "circa", … in front; "?" at the end.
    marked = text.str.contains(_MARKED, regex=True).to_numpy(dtype=bool)
    cores = text.reset_index(drop=True)
    if marked.any():
        g = text[marked].str.extract(f"^{_MARKERS}$")
        u.approx[idx[marked]] = g["approx"].notna().to_numpy()
        u.uncertain[idx[marked]] = g["unc"].notna().to_numpy()
        cores = cores.copy()
        cores[marked] = g["core"].fillna("").to_numpy(dtype=object)
    todo = (cores != "").to_numpy(copy=True)  # "?" or "~" alone is unreadable

    rel = _Relative(n)
    _read_relative(cores, todo, rel)
    hit = rel.kind != _REL_NONE
    for name in ("kind", "n1", "n2", "days1", "days2", "period", "shift"):
        getattr(u.rel, name)[idx[hit]] = getattr(rel, name)[hit]
    todo &= ~hit

    # Intervals: split into two single dates; the rest are single dates themselves.
    left = cores.to_numpy(dtype=object).copy()
    right = np.full(n, None, dtype=object)
    cells = np.flatnonzero(todo)
    which = _dispatch(cores.iloc[cells], _SPLITS)
    for k, pattern in enumerate(_SPLITS):
        at = cells[which == k]
        if len(at):
            g = _groups(cores.iloc[at], pattern)
            left[at] = g["l"].to_numpy(dtype=object)
            right[at] = g["r"].to_numpy(dtype=object)
    pair = which >= 0  # the cells a splitter took
    pairs = cells[pair]
    p_codes, p_uniques = pd.factorize(np.concatenate([left[cells], right[pairs]]))
    parsed = _parse_pieces(pd.Series(p_uniques, dtype="str"), dayfirst)
    lcode = p_codes[: len(cells)]
    rcode = np.full(len(cells), -1)
    rcode[pair] = p_codes[len(cells) :]

    single = ~pair
    at, l_s = idx[cells[single]], lcode[single]
    _store(u, at, parsed.lo[l_s], parsed.hi[l_s], parsed.ok[l_s], parsed.precision[l_s])
    u.dmy_flag[at] = parsed.dmy_flag[l_s]
    at, l_i, r_i = idx[pairs], lcode[pair], rcode[pair]
    lo_a, hi_a = parsed.lo[l_i], parsed.hi[l_i]
    lo_b, hi_b = parsed.lo[r_i], parsed.hi[r_i]
    ok = parsed.ok[l_i] & parsed.ok[r_i] & (lo_a <= lo_b) & (hi_a <= hi_b)
    _store(u, at, lo_a, hi_b, ok, _const(len(at), "interval"))
    u.dmy_flag[at] = np.maximum(parsed.dmy_flag[l_i], parsed.dmy_flag[r_i])


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


def unreadable(parsed: pd.DataFrame) -> pd.Series:
    """True where a non-empty cell could not be read."""
    return pd.Series(parsed["precision"].to_numpy(dtype=object) == "unreadable", index=parsed.index)


def midpoint(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    """The middle of each interval (where statements with fuzzy dates are placed)."""
    return earliest + (latest - earliest) / 2


def format_iso(values: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` strings, empty where NaT."""
    return values.dt.strftime("%Y-%m-%d").fillna("")
