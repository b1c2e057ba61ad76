"""The date grammar: its vocabulary, its regular expressions and what each rule means.

Every single date the package reads matches one of :data:`RULES` whole (after the numeric
day/month form and the tools' ``dd-mon-yy``, see :mod:`data.dates.formats`). A
rule turns the regex groups of the cells it matched into bounds with the calendar arithmetic,
for all of them at once. The list of what is read, with examples, is the package's docstring
(:mod:`data.dates`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from data.dates.calendar import NAT_DAY, month_span, ymd_bounds

# Cells longer than this are not dates; they go straight to unreadable.
MAX_LEN = 80

# Quantities of relative phrases ("within two years"); the gate lets them through too.
NUMBER_WORDS = {
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

# Interval splitters, tried in order on whole cells (after markers and relative phrases).
SPLITS = [
    r"(?:between|from) (?P<l>.+?) (?:and|to|until|till|through|-) (?P<r>.+)",
    r"(?P<l>.+?) (?:to|until|till|through|-|or) (?P<r>.+)",
    r"(?P<l>.+?) ?\.{2,3} ?(?P<r>.+)",
    r"(?P<l>\d{4}(?:-\d{1,2}){0,2}|\d{4}-?[qh]\d)/(?P<r>\d{4}(?:-\d{1,2}){0,2}|\d{4}-?[qh]\d)",
    r"(?P<l>\d{4})-(?P<r>\d{4})",
]

# MARKED is the cheap test of which cells may carry a marker; only those meet MARKERS, which
# takes them apart.
MARKED = r"^(?:~|≈|c|about|around|approx|roughly)|\?$"
MARKERS = (
    r"(?P<approx>~|≈|circa|ca\.?|c\.|about|around|approximately|approx\.?|roughly)?"
    r" ?(?P<core>.*?) ?(?P<unc>\?+)?"
)

# Every readable cell is made of these tokens only; one pass of this pattern sends everything
# else (free text, notes, IDs) straight to unreadable without meeting the other rules.
_VOCABULARY = (
    "january february march april may june july august september sept october november december "
    "jan feb mar apr jun jul aug sep oct nov dec "
    "monday mon tuesday tues tue wednesday wed thursday thurs thur thu friday fri saturday sat "
    "sunday sun q h s st nd rd th t z of the by between and from to until till through or "
    "early mid middle late later end close beginning start spring summer autumn fall winter "
    "first second third fourth quarter quarters half year years month months week weeks day "
    "days within in inside over next this last coming during before no than is out "
    "not at earlier earliest sooner least latest possibly some sometime somewhere point time "
    "as soon possible on into for itself century decade "
    + " ".join(NUMBER_WORDS)
    + " circa ca c about around approx approximately roughly"
    + " am pm utc gmt"  # times after a date (data.dates.formats)
)
GATE = (
    r"(?>[\s\-/.,~?':+*≈()\u2010-\u2015\u2212]|\d+|(?:"
    + "|".join(sorted(set(_VOCABULARY.split()), key=len, reverse=True))
    + r")(?![a-z]))*+"
)

_ISO = (
    r"(?P<y>\d{4})(?:[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2})"
    r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:z|[+-]\d{2}:?\d{2}))?)?)?"
    r"|\.(?P<m2>\d{1,2})\.(?P<d2>\d{1,2}))?"
)
WEEKDAY = (
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


# A rule reads the regex groups of the cells it matched and returns (earliest, latest, valid,
# precision) arrays; rules run in order, each only on cells no earlier rule has read.
RuleResult = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
Rule = tuple[str, Callable[[pd.DataFrame], RuleResult]]


def numbers(groups: pd.DataFrame, name: str) -> np.ndarray:
    """Group ``name`` as floats (NaN where it did not match)."""
    return pd.to_numeric(groups[name], errors="coerce").to_numpy(dtype=float)


def _first(groups: pd.DataFrame, *names: str) -> np.ndarray:
    """The first of several alternative numeric groups that matched."""
    out = numbers(groups, names[0])
    for name in names[1:]:
        out = np.where(np.isnan(out), numbers(groups, name), out)
    return out


def _mapped(groups: pd.DataFrame, name: str, table: dict[str, int]) -> np.ndarray:
    return groups[name].map(table).to_numpy(dtype=float)


def _month_number(groups: pd.DataFrame) -> np.ndarray:
    return groups["mon"].str[:3].map(_MONTHS).to_numpy(dtype=float)


def filled(n: int, value: str) -> np.ndarray:
    """``n`` copies of ``value`` as an object array (a precision for every cell of a rule)."""
    return np.full(n, value, dtype=object)


def _iso_rule(groups: pd.DataFrame) -> RuleResult:
    month, day = _first(groups, "m", "m2"), _first(groups, "d", "d2")
    lo, hi, ok = ymd_bounds(numbers(groups, "y"), month, day)
    precision = np.where(np.isfinite(day), "day", np.where(np.isfinite(month), "month", "year"))
    return lo, hi, ok, precision


def _ymd_rule(groups: pd.DataFrame) -> RuleResult:
    lo, hi, ok = ymd_bounds(numbers(groups, "y"), numbers(groups, "m"), numbers(groups, "d"))
    return lo, hi, ok, filled(len(groups), "day")


def _my_rule(groups: pd.DataFrame) -> RuleResult:
    lo, hi, ok = ymd_bounds(numbers(groups, "y"), numbers(groups, "m"))
    return lo, hi, ok, filled(len(groups), "month")


def _named_month_rule(groups: pd.DataFrame) -> RuleResult:
    day = numbers(groups, "d") if "d" in groups else np.full(len(groups), np.nan)
    lo, hi, ok = ymd_bounds(numbers(groups, "y"), _month_number(groups), day)
    return lo, hi, ok, np.where(np.isfinite(day), "day", "month")


def _quarter_rule(groups: pd.DataFrame) -> RuleResult:
    q = _first(groups, "q1", "q2", "q3")
    q = np.where(np.isnan(q), _mapped(groups, "qw", _ORDINALS), q)
    y = _first(groups, "y1", "y2", "y3", "y4")
    q = np.where((q >= 1) & (q <= 4), q, np.nan)
    lo, hi, ok = month_span(y, 3 * q - 2, y, 3 * q)
    return lo, hi, ok, filled(len(groups), "quarter")


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
    q = numbers(groups, "q")
    q = np.where((q >= 1) & (q <= 4), q, np.nan)
    month = 3 * q - 2 + _mapped(groups, "p", _THIRDS)
    return (
        *month_span(numbers(groups, "y"), month, numbers(groups, "y"), month),
        filled(len(groups), "month"),
    )


def _half_rule(groups: pd.DataFrame) -> RuleResult:
    h = _first(groups, "h1", "h2", "h3")
    h = np.where(np.isnan(h), _mapped(groups, "hw", _ORDINALS), h)
    y = _first(groups, "y1", "y2", "y3", "y4")
    h = np.where((h >= 1) & (h <= 2), h, np.nan)
    lo, hi, ok = month_span(y, 6 * h - 5, y, 6 * h)
    return lo, hi, ok, filled(len(groups), "half")


def _month_pair(
    groups: pd.DataFrame, name: str, table: dict[str, tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """The (first month, last month) that ``table`` gives the words of group ``name``."""
    first = _mapped(groups, name, {word: months[0] for word, months in table.items()})
    last = _mapped(groups, name, {word: months[1] for word, months in table.items()})
    return first, last


_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}


def _season_rule(groups: pd.DataFrame) -> RuleResult:
    y = numbers(groups, "y")
    first, last = _month_pair(groups, "s", _SEASONS)
    # "winter 2013/14": the second year must be the next one (2 or 4 digits).
    y2_text = groups["y2"]
    y2 = numbers(groups, "y2")
    short = (y2_text.str.len() == 2).to_numpy()
    y2_full = np.where(short, np.floor(y / 100) * 100 + y2, y2)
    y2_ok = np.isnan(y2) | ((last == 14) & ((y2_full == y + 1) | (short & (y2_full == y - 99))))
    lo, hi, ok = month_span(y, first, y + (last > 12), np.where(last > 12, last - 12, last))
    ok &= y2_ok
    return lo, hi, ok, filled(len(groups), "season")


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
    y = numbers(groups, "y")
    first, last = _month_pair(groups, "p", _PARTS_OF_YEAR)
    lo, hi, ok = month_span(y, first, y, last)
    return lo, hi, ok, np.where(first == last, "month", "year-part")


def _month_part_rule(groups: pd.DataFrame) -> RuleResult:
    part = _mapped(groups, "p", _THIRDS)
    lo, hi, ok = ymd_bounds(numbers(groups, "y"), _month_number(groups))
    ok &= np.isfinite(part)
    part = np.nan_to_num(part).astype("int64")
    first_day = lo + (part * 10).astype("timedelta64[D]")
    last_day = np.where(part < 2, lo + (part * 10 + 9).astype("timedelta64[D]"), hi)
    return (
        np.where(ok, first_day, NAT_DAY),
        np.where(ok, last_day, NAT_DAY),
        ok,
        filled(len(groups), "month-part"),
    )


def _decade_rule(groups: pd.DataFrame) -> RuleResult:
    y = numbers(groups, "dec") * 10
    lo, hi, ok = month_span(y, np.ones(len(y)), y + 9, np.full(len(y), 12.0))
    return lo, hi, ok, filled(len(groups), "decade")


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


def full_groups(s: pd.Series, pattern: str) -> pd.DataFrame:
    """The named groups of ``pattern`` (which must match every cell of ``s``)."""
    whole = f"^(?:{pattern})$"
    if len(s) == 0 or not isinstance(s.dtype, pd.StringDtype) or s.hasnans:
        return s.str.extract(whole, expand=True)
    # What pandas' extract builds, without its per-cell wrapper (a pass over distinct values).
    regex = _compiled(whole)
    search, empty = regex.search, (None,) * regex.groups
    rows = [m.groups() if (m := search(v)) is not None else empty for v in s.to_numpy(object)]
    names = {k: name for name, k in regex.groupindex.items()}
    columns = [names.get(1 + i, i) for i in range(regex.groups)]
    return pd.DataFrame(rows, columns=columns, index=s.index, dtype=s.dtype)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def dispatch(s: pd.Series, patterns: list[str]) -> np.ndarray:
    """For each cell, the index of the first pattern that matches it whole (-1: none).

    One regex pass: the patterns become the alternatives of one regex, in order, each wrapped
    in its own group (their named groups are made non-capturing).
    """
    if len(s) == 0:
        return np.empty(0, dtype="int64")
    search = _dispatcher(tuple(patterns))
    # The first group that took part in the match (the matched alternative's own group closes
    # last, so it is ``lastindex``), as pandas' extract would find it, without building a
    # DataFrame of groups: this pass meets every distinct value.
    found = [search(v) if isinstance(v, str) else None for v in s.to_numpy(object)]
    return np.array([-1 if m is None else (m.lastindex or 0) - 1 for m in found], dtype="int64")


@functools.cache
def _dispatcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    alternatives = "|".join(f"({re.sub(r'[(][?]P<[a-z_0-9]+>', '(?:', p)})" for p in patterns)
    return re.compile(f"^(?:{alternatives})$").search


def extract(s: pd.Series, pattern: str) -> tuple[np.ndarray, pd.DataFrame]:
    """Positions (into ``s``) of the cells that fully match ``pattern``, and their groups."""
    pos = np.flatnonzero(dispatch(s, [pattern]) == 0)
    if len(pos) == 0:
        return pos, pd.DataFrame()
    return pos, full_groups(s.iloc[pos], pattern)
