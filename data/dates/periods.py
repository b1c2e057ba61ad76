"""Periods longer or looser than the calendar's: centuries, parts of decades and seasons, and
dates given as alternatives ("2021 or 2022", "between April and July 2020").

What each form means, as the product defines it (the list of the whole grammar is the package
docstring, :mod:`data.dates`):

- Centuries [century]: ``the 1800s``, ``1800s``, ``1800's`` = 1800–1899, the hundred years whose
  numbers start so; **except** ``the 2000s``, which is the decade 2000–2009 (the grammar's decade
  rule reads it), as it is said today. ``the 19th century`` = 1800–1899 too: the common usage,
  not the strict count from year 1 (1801–1900), so that ``the 1800s`` and ``the 19th century``
  are the same interval. The ordinal's suffix must fit its number (``19st century`` is
  unreadable).
- Parts of a decade [decade-part]: early / mid / late = its years 0–3 / 4–6 / 7–9: ``the early
  2040s`` = 2040–2043, ``mid-2020s`` = 2024–2026, ``late 1990s`` = 1997–1999. A part of a
  hundred years' ``-00s`` (``early 1800s``) is unreadable: the decade and the century both fit.
- Parts of a season [month]: its first / middle / last month: ``early autumn 2018`` = Sep 2018,
  ``late spring 2019`` = May 2019, ``mid-winter 2013`` = Jan 2014 (winter 2013 is Dec 2013 –
  Feb 2014).
- Alternatives and more intervals [interval]: ``late 2021, possibly 2022`` = Sep 2021 – Dec 2022,
  ``July-September, 2014`` (months or seasons joined by a dash with no spaces), two dates with
  words and a year each joined by a slash (``Late November 2023/Early December 2023`` = 21 Nov
  – 10 Dec 2023), and, with the
  grammar's own splitters, ``2021 or 2022``, ``spring or summer 2020`` = Mar–Aug 2020. When the
  first part names no year and the second part ends with one (``between April and July 2020``,
  ``late October or November 2011``), the first part takes the second's year: Apr–Jul 2020,
  21 Oct – 30 Nov 2011. As for every interval: earliest of the first part, latest of the last;
  unreadable when a part is, or when the parts are reversed (``December or January 2021``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.calendar import NAT_DAY, month_span
from data.dates.grammar import _MONTHS, _SEASONS, RuleResult, filled, numbers

_PART_YEARS = {"early": (0, 3), "mid": (4, 6), "middle": (4, 6), "late": (7, 9)}
_PART_OF_SEASON = {"early": 0, "mid": 1, "middle": 1, "late": 2}


def _span_years(y0: np.ndarray, y1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(y0)
    return month_span(y0, np.ones(n), y1, np.full(n, 12.0))


def _hundreds_rule(groups: pd.DataFrame) -> RuleResult:
    y = numbers(groups, "c") * 100
    return (*_span_years(y, y + 99), filled(len(groups), "century"))


def _ordinal_century_rule(groups: pd.DataFrame) -> RuleResult:
    n = numbers(groups, "n")
    suffix = np.where(
        (n % 100 >= 11) & (n % 100 <= 13),
        "th",
        np.select([n % 10 == 1, n % 10 == 2, n % 10 == 3], ["st", "nd", "rd"], "th"),
    )
    y = np.where((suffix == groups["o"].to_numpy(dtype=str)) & (n >= 1), (n - 1) * 100, np.nan)
    return (*_span_years(y, y + 99), filled(len(groups), "century"))


def _decade_part_rule(groups: pd.DataFrame) -> RuleResult:
    decade = numbers(groups, "dec") * 10
    # "early 1800s": the decade 1800-1809 and the century 1800-1899 both fit; read neither.
    decade = np.where((decade % 100 == 0) & (decade != 2000), np.nan, decade)
    first = groups["dp"].map({p: span[0] for p, span in _PART_YEARS.items()}).to_numpy(float)
    last = groups["dp"].map({p: span[1] for p, span in _PART_YEARS.items()}).to_numpy(float)
    return (*_span_years(decade + first, decade + last), filled(len(groups), "decade-part"))


def _season_part_rule(groups: pd.DataFrame) -> RuleResult:
    first = groups["s"].map({s: months[0] for s, months in _SEASONS.items()}).to_numpy(float)
    month = first + groups["sp"].map(_PART_OF_SEASON).to_numpy(float)
    y = numbers(groups, "y") + (month > 12)  # mid-winter 2013 is January 2014
    month = np.where(month > 12, month - 12, month)
    return (*month_span(y, month, y, month), filled(len(groups), "month"))


_PART = r"(?:early|mid|middle|late)"
# Each form by the group that only it has.
_FORMS = [
    (r"(?!20)(?P<c>\d{2})00'?s", "c", _hundreds_rule),
    (r"(?P<n>\d{1,2})(?P<o>st|nd|rd|th)[ -]century", "n", _ordinal_century_rule),
    (r"(?P<dp>" + _PART + r")[ -]?(?P<dec>\d{3})0'?s", "dec", _decade_part_rule),
    (
        r"(?P<sp>"
        + _PART
        + r")[ -]?(?P<s>spring|summer|autumn|fall|winter)(?: of)?[ -](?P<y>\d{4})",
        "y",
        _season_part_rule,
    ),
]


def _period_rule(groups: pd.DataFrame) -> RuleResult:
    """Every form of :data:`PERIOD_RULES`' one pattern, each on its own cells."""
    n = len(groups)
    lo, hi = np.full(n, NAT_DAY), np.full(n, NAT_DAY)
    ok, precision = np.zeros(n, dtype=bool), filled(n, "unreadable")
    for _, key, rule in _FORMS:
        at = groups[key].notna().to_numpy()
        if at.any():
            lo[at], hi[at], ok[at], precision[at] = rule(groups[at])
    return lo, hi, ok, precision


# One pattern (one alternative of the dispatching pass, so the pass stays as fast), tried before
# the grammar's own rules (data.dates.single): "1800s" is a century here before the grammar's
# decade rule could read it as ten years.
PERIOD_RULES = [("|".join(pattern for pattern, _, _ in _FORMS), _period_rule)]

_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall"
    r"|winter)\.?"
)
# Splitters tried after the grammar's (data.dates.grammar.SPLITS), on whole cells.
PERIOD_SPLITS = [
    r"(?P<l>.+?),? possibly (?P<r>.+)",
    r"(?P<l>" + _NAMES + r")-(?P<r>" + _NAMES + r"(?![a-z]).*)",
    r"(?P<l>[a-z][a-z .-]* \d{4}) ?/ ?(?P<r>[a-z][a-z .-]* \d{4})",
]


def _name_months(names: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first month, last month, is a season) of month or season names ("may", "sept.",
    "winter" = 12..14), months counted 1.. from January; NaN where not a name."""
    key = names.str.rstrip(".").str[:3].replace({"aut": "fal"})
    months = {k: (v, v) for k, v in _MONTHS.items()}
    months.update({s[:3]: m for s, m in _SEASONS.items()})
    first = key.map({k: m[0] for k, m in months.items()}).to_numpy(dtype=float)
    last = key.map({k: m[1] for k, m in months.items()}).to_numpy(dtype=float)
    return first, last, key.isin(["spr", "sum", "fal", "win"]).to_numpy()


# Alternatives of two months or two seasons without a year, after a relative phrase's words.
ALTERNATIVE = (
    r"(?P<a>" + _NAMES + r")(?: or |/)(?P<b>" + _NAMES + r")"
    r"(?: (?:of )?(?P<which2>this|next|last) year)?"
)


def alternative_months(g: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(ok, first month, last month, bare) of :data:`ALTERNATIVE` phrases with their ``which``
    word ("this", "next") and ``pre`` word, months counted 0.. from January of the anchor's year:
    "by May or June" = May..June (bare: a month phrase's next occurrence), "this spring or
    summer" = Mar..Aug, "July or August next year" = Jul..Aug of the next year. Unreadable when
    the parts are a month and a season, reversed ("December or January"), or "last" or "before"
    stands in front."""
    a_lo, a_hi, a_season = _name_months(g["a"])
    b_lo, b_hi, b_season = _name_months(g["b"])
    which, which2 = g["which"].fillna(""), g["which2"].fillna("")
    ok = (a_season == b_season) & (b_lo > a_lo) & (b_hi > a_hi)
    ok &= ((which == "") | (which2 == "")).to_numpy() & (which != "last").to_numpy()
    ok &= (g["pre"] != "before").to_numpy()
    step = 12 * which2.map({"next": 1, "last": -1}).fillna(0).to_numpy(dtype="int64")
    lo_m = np.nan_to_num(a_lo).astype("int64") - 1 + step
    hi_m = np.nan_to_num(b_hi).astype("int64") - 1 + step
    bare = ((which == "") & (which2 == "")).to_numpy() & ~a_season
    return ok, lo_m, hi_m, bare


def borrow_year(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The first parts of intervals, each given the year that ends its second part when it has
    words but no year of its own ("april" and "july 2020": "april 2020"). The second part must
    be words ending with a year ("july 2020", "mid-2014"), not a bare year."""
    out = np.asarray(left, dtype=object).copy()
    if len(out) == 0:
        return out
    first, second = pd.Series(out, dtype="str"), pd.Series(right, dtype="str")
    year = second.str.extract(r"^[a-z].*?[ ,-](\d{4})$", expand=False)
    has_words = first.str.contains(r"[a-z]") & ~first.str.contains(r"\d{4}")
    need = (year.notna() & has_words).to_numpy(dtype=bool)
    out[need] = (first[need] + " " + year[need]).to_numpy(dtype=object)
    return out


# Parts of a relative calendar period of 1, 3, 12 or 120 months (data.dates.relative): (first
# month, last month, first day, last day) counted from the period's first month; last day 0 is
# the month's last day.
_WHOLE = {1: (0, 0, 1, 0), 3: (0, 2, 1, 0), 12: (0, 11, 1, 0), 120: (0, 119, 1, 0)}
_PARTS = {
    # A decade (a relative one: "mid-decade", "by the end of the decade", "early next decade"):
    # early / mid / late = its years 0–3 / 4–6 / 7–9; its end its last year, its start its first.
    (120, "early"): (0, 47, 1, 0),
    (120, "mid"): (48, 83, 1, 0),
    (120, "middle"): (48, 83, 1, 0),
    (120, "late"): (84, 119, 1, 0),
    (120, "end"): (108, 119, 1, 0),
    (120, "close"): (108, 119, 1, 0),
    (120, "beginning"): (0, 11, 1, 0),
    (120, "start"): (0, 11, 1, 0),
    (12, "early"): (0, 3, 1, 0),
    (12, "mid"): (4, 7, 1, 0),
    (12, "middle"): (4, 7, 1, 0),
    (12, "late"): (8, 11, 1, 0),
    (12, "end"): (11, 11, 1, 0),
    (12, "close"): (11, 11, 1, 0),
    (12, "beginning"): (0, 0, 1, 0),
    (12, "start"): (0, 0, 1, 0),
    (12, "first half"): (0, 5, 1, 0),
    (12, "second half"): (6, 11, 1, 0),
    (3, "early"): (0, 0, 1, 0),
    (3, "mid"): (1, 1, 1, 0),
    (3, "middle"): (1, 1, 1, 0),
    (3, "late"): (2, 2, 1, 0),
    (3, "end"): (2, 2, 1, 0),
    (3, "close"): (2, 2, 1, 0),
    (3, "beginning"): (0, 0, 1, 0),
    (3, "start"): (0, 0, 1, 0),
    (1, "early"): (0, 0, 1, 10),
    (1, "beginning"): (0, 0, 1, 10),
    (1, "start"): (0, 0, 1, 10),
    (1, "mid"): (0, 0, 11, 20),
    (1, "middle"): (0, 0, 11, 20),
    (1, "late"): (0, 0, 21, 0),
    (1, "end"): (0, 0, 21, 0),
    (1, "close"): (0, 0, 21, 0),
}
_PARTS.update({(p, ""): whole for p, whole in _WHOLE.items()})
_PARTS.update({(p, "later"): whole for p, whole in _WHOLE.items()})
PARTS_BY_KEY = {f"{p}|{part}": v for (p, part), v in _PARTS.items()}
