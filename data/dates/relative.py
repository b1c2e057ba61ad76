"""Relative promises, anchored on the statement's own date: "within 18 months", "next year".

They are recognised once per distinct cell (:func:`read_relative`: a kind and its quantities) and
applied per cell with that cell's anchor interval [a_lo, a_hi] (:func:`apply_relative`): the
earliest bound comes from a_lo, the latest from a_hi (anchor 2019..2020: ``next year`` is
2020-01-01..2021-12-31). One meaning, one interval: a phrase names a calendar period and has
that period's interval, whatever words stand in front of it ("by X", "until X", "in X" are X),
so said in 2019 ``by the end of the year`` is ``end of 2019`` (Dec 2019). Examples said on
2019-06-15:

- ``within 18 months``, ``within the next two years``, ``in the next 6 weeks`` →
  [a_lo, a_hi + 18 months] (month arithmetic clamps the day to the target month's length, and
  a latest bound on a month's last day stays on the last day): 2019-06-15..2020-12-15
- ``in 18 months`` → the calendar month 18 months on (Dec 2020); ``in two years``, ``in a
  year`` → the calendar year so many years on (2021, 2020); ``in 2 quarters`` → the calendar
  quarter (Q4 2019); an amount that is not whole in its unit counts in months (``in 1.5
  years`` = ``in 18 months``)
- ``in 10 days``, ``in 6 weeks`` → that day, [a_lo + n, a_hi + n]
- ranges ``in 12-18 months``, ``within a year to 18 months``, ``next two to three months`` →
  from the first period to the second, counted in the finer unit (a span of "in 12 months" to
  "in 18 months"): 2020-06-01..2020-12-31; ``in a year or two`` → 2020-01-01..2021-12-31
- quantities: digits (``1.5 years`` = 18 months), a/an, one..twenty, ``half a year`` = 6
  months, ``a year and a half`` = 18 months; units day, week (7 days), month, quarter
  (3 months), year (12 months)
- ``this year``/``quarter``/``month`` → that whole period of a_lo's (2019); ``next year``,
  ``last month`` → the period after/before it (2020, May 2019)
- ``later this year``, ``later in the year``, ``later this month`` → [a_lo, end of the period]
- parts, as of an absolute year or month: ``early``/``mid``/``the middle of``/``late next
  year`` = Jan–Apr / May–Aug / Sep–Dec, ``the first``/``second half of next year``,
  ``end of``/``by the end of``/``by year-end`` = the period's last month (a month's: days
  21–end), ``beginning of`` = its first month (days 1–10); ``by the end of next year`` = Dec
  2020
- months: ``this October``, ``October this year`` → Oct 2019; ``March of next year``, ``by
  June next year`` → 2020; ``May last year`` → May 2018; ``next March`` → the first March after
  a_lo's month (2020; said in February 2019, March 2019); a month alone, ``in December``, ``by
  the end of June`` → its next occurrence counting from a_lo's month (June 2019 itself); so is a
  day without a year, ``to May 22``, ``May 22nd``, ``17 June`` (a bare ``May 22`` is
  unreadable: it may be a spreadsheet's May 2022) (2020-05-22, 2019-06-17; ``June 31`` is
  unreadable), and months or seasons as alternatives (:func:`data.dates.periods.alternative_months`)
- seasons (spring Mar–May, summer Jun–Aug, autumn/fall Sep–Nov, winter Dec–Feb, as for
  absolute seasons): ``this winter`` → Dec 2019–Feb 2020, ``late summer`` (no year: a_lo's
  year) → Aug 2019; ``next autumn`` → the first autumn starting after a_lo's month (Sep–Nov
  2019; said in October 2019, 2020); ``summer next year`` → 2020
- decades, counted from years ending in 0 (a_lo's decade, the 2010s): ``this decade``, ``next
  decade``, ``mid-decade`` / ``the middle of the decade`` = its years 4–6 (2014–2016), ``early``
  / ``late`` its years 0–3 / 7–9, ``by the end of the decade`` its last year (2019), ``early
  next decade`` 2020–2023 (parts: :data:`data.dates.periods.PARTS_BY_KEY`)
- ``before`` a named period → [a_lo, the day before it begins]: ``before June`` said
  2019-02-13 → 2019-02-13..2019-05-31; but ``before the end of the year`` is the year's end,
  Dec 2019, as ``before the end of 2019`` is

A relative phrase without an anchor (none given, or an empty/unreadable one) is unreadable,
as are vague ones (``soon``, ``shortly``, ``in the coming months``) and ``last`` before a month
or season ("last May": the latest May before the statement, or the one of last year?).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.calendar import NAT_DAY, shift, within_years
from data.dates.grammar import _MON, _MONTHS, _SEASONS, NUMBER_WORDS, dispatch, full_groups
from data.dates.periods import ALTERNATIVE, PARTS_BY_KEY, alternative_months

# Quantities: digits, a/an, one..twenty; "half a year", "a year and a half" and "a year or two"
# are rewritten first.
_N = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_U = r"(?:day|week|month|quarter|year)s?"
_REL_SPAN = (
    r"(?P<kw>within(?: the next)?|in(?: the next| the coming)?|inside(?: of)?"
    r"|(?:over |during |in |within )?the next|next) (?P<n1>" + _N + r")(?: ?(?P<u1>" + _U + r"))?"
    r"(?: ?(?:-|to|or) ?(?P<n2>" + _N + r"))? ?(?P<u2>" + _U + r")"
)
# Words in front that do not move a date ("by X" is X) or make it a span up to X ("before X").
_PRE = r"(?:(?P<pre>by|before|until|till|to|in|from|for|during|no later than) )?(?:the )?"
_WHICH = r"(?:(?P<which>this|next|last) )?"
_REL_PERIOD = (
    _PRE + r"(?:(?P<part>early|mid|middle|late|later|end|close|beginning|start|first half"
    r"|second half)(?: of| in)?[ -](?:the )?)?" + _WHICH + r"(?P<unit>year|month|quarter|decade)"
    r"(?P<end2>[ -]end)?"
)
# "Mar 22" alone may be March 2022: a day after a month needs an ordinal or a word in front.
_BARE_MONTH_NUMBER = r"(?![a-z]{3,9}\.? \d{1,2}$)"
_REL_MONTH = (
    _BARE_MONTH_NUMBER
    + _PRE
    + r"(?:(?P<part>early|mid|middle|late|end|beginning|start)(?: of)?[ -](?:the )?)?"
    + _WHICH
    + r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)? (?:of )?)?"
    + _MON
    + r"(?: (?P<d2>\d{1,2})(?:st|nd|rd|th)?)?(?:,? (?:of )?(?P<which2>this|next|last) year)?"
)
_REL_ALT = _PRE + _WHICH + ALTERNATIVE
_REL_SEASON = (
    _PRE
    + r"(?:(?P<part>early|mid|middle|late)(?: of)?[ -](?:the )?)?"
    + _WHICH
    + r"(?P<s>spring|summer|autumn|fall|winter)(?: (?:of )?(?P<which2>this|next|last) year)?"
)
_REL_REWRITES = [
    (r"\b(?:half a year|half-year|half year|a half year)\b", "6 months"),
    (
        r"\b(?:a year and a half|one and a half years|one-and-a-half years|1 1/2 years)\b",
        "18 months",
    ),
    (r"\b(?:a|one) (year|month|week|day) or two\b", r"1 or 2 \1s"),
]
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12, "decade": 120}
_UNIT_DAYS = {"day": 1, "week": 7}
_WHICH_SHIFT = {"this": 0, "next": 1, "last": -1}

# Relative kinds (per distinct cell, applied per cell with that cell's anchor). A phrase that is
# relative but cannot be read ("within 2.5 months") keeps a kind of its own, so that no other
# rule reads it and no anchor could make it readable.
REL_NONE, _REL_WITHIN, _REL_DAYS, _REL_CAL = 0, 1, 2, 3
_REL_BAD = -1
# How a calendar phrase rolls to a later year: never; to the next occurrence counting from the
# anchor's own month ("in May"); to the first one after the anchor's month ("next May").
_ROLL_NONE, _ROLL_FROM, _ROLL_AFTER = 0, 1, 2
# What a calendar phrase spans: its period; from the anchor to the period's end ("later this
# year"); from the anchor to the day before the period ("before June").
_SPAN_PERIOD, _SPAN_LATER, _SPAN_BEFORE = 0, 1, 2


class Relative:
    """Relative phrases of distinct cells: kind and quantities, applied later per cell.

    Spans of days (``within``, ``in 10 days``) keep their amounts ``n1``/``n2`` (days where
    ``days1``/``days2``, else months). Calendar phrases name months counted from the start of the
    anchor's ``base``-month period (1, 3 or 12): months ``lo_m``..``hi_m``, from day ``lo_d`` of
    the first to day ``hi_d`` of the last (0: its last day), rolled and spanned as ``roll`` and
    ``span`` say.
    """

    FIELDS: tuple[str, ...] = ("kind", "n1", "n2", "days1", "days2", "base", "lo_m", "hi_m")
    FIELDS += ("lo_d", "hi_d", "roll", "span")

    def __init__(self, n: int) -> None:
        self.kind = np.zeros(n, dtype="int8")
        self.days1 = np.zeros(n, dtype=bool)
        self.days2 = np.zeros(n, dtype=bool)
        self.base = np.ones(n, dtype="int64")
        self.n1, self.n2 = np.zeros(n, dtype="int64"), np.zeros(n, dtype="int64")
        self.lo_m, self.hi_m = np.zeros(n, dtype="int64"), np.zeros(n, dtype="int64")
        self.lo_d, self.hi_d = np.zeros(n, dtype="int64"), np.zeros(n, dtype="int64")
        self.roll, self.span = np.zeros(n, dtype="int64"), np.zeros(n, dtype="int64")

    def take(self, at: np.ndarray, other: Relative, hit: np.ndarray) -> None:
        """Copy the phrases of ``other`` where ``hit`` into positions ``at`` of this one."""
        for name in self.FIELDS:
            getattr(self, name)[at] = getattr(other, name)[hit]

    def calendar(
        self,
        hit: np.ndarray,
        ok: np.ndarray,
        base: np.ndarray | int,
        lo_m: np.ndarray | int,
        hi_m: np.ndarray | int,
        lo_d: np.ndarray | int,
        hi_d: np.ndarray | int,
    ) -> None:
        """Store calendar phrases at ``hit`` (bad where not ``ok``)."""
        self.kind[hit] = np.where(ok, _REL_CAL, _REL_BAD)
        self.base[hit] = np.where(ok, base, 1)
        for name, values in (("lo_m", lo_m), ("hi_m", hi_m), ("lo_d", lo_d), ("hi_d", hi_d)):
            getattr(self, name)[hit] = np.where(ok, values, 0)


def _quantity(n_text: pd.Series, unit_text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(amount, in_days) of "18 months", "two years", "6 weeks"; NaN amount when not whole."""
    words = n_text.map(NUMBER_WORDS).to_numpy(dtype=float)
    n = np.where(np.isnan(words), pd.to_numeric(n_text, errors="coerce").to_numpy(float), words)
    unit = unit_text.str.rstrip("s")
    per_month = unit.map(_UNIT_MONTHS).to_numpy(dtype=float)
    per_day = unit.map(_UNIT_DAYS).to_numpy(dtype=float)
    in_days = np.isfinite(per_day)
    amount = n * np.where(in_days, per_day, per_month)
    amount = np.where(amount == np.round(amount), amount, np.nan)
    return amount, in_days


def _unit_months(unit_text: pd.Series, amount: np.ndarray) -> np.ndarray:
    """Months of the calendar period an amount counts in: its unit's, or a month when the
    amount is not a whole number of them ("1.5 years" counts in months)."""
    unit = unit_text.str.rstrip("s").map(_UNIT_MONTHS).to_numpy(dtype=float)
    unit = np.nan_to_num(unit, nan=1.0).astype("int64")
    whole = np.nan_to_num(amount).astype("int64") % unit == 0
    return np.where(whole, unit, 1)


_LETTERS = (
    r"(?:year|month|quarter|decade|week|day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring"
    r"|summer|autumn|fall|winter)"
)


def year_is_out(s: pd.Series) -> pd.Series:
    """Normalised cells with "before 2018 is out" (or "by 2018 is over") written as "end of
    2018", which the absolute grammar reads (Dec 2018): one meaning, one interval."""
    out = s.str.contains(" is o", regex=False).to_numpy()
    if not out.any():
        return s
    s = s.copy()
    s[out] = s[out].str.replace(
        r"^(?:before|by) (\d{4}) is (?:out|over)(?= ?\?*$)", r"end of \1", regex=True
    )
    return s


def read_relative(cores: pd.Series, todo: np.ndarray, rel: Relative) -> None:
    """Mark the distinct cells that are relative phrases (they leave ``todo``)."""
    idx = np.flatnonzero(todo)
    if len(idx) == 0:
        return
    text = cores.iloc[idx]
    letters = text.str.contains(_LETTERS, regex=True).to_numpy()
    idx, text = idx[letters], text[letters]
    for pattern, repl in _REL_REWRITES:
        text = text.str.replace(pattern, repl, regex=True)
    forms = (
        (_REL_SPAN, _read_span),
        (_REL_PERIOD, _read_period),
        (_REL_MONTH, _read_month),
        (_REL_SEASON, _read_season),
        (_REL_ALT, _read_alternative),
    )
    # One dispatching pass: each cell is read by the first form that matches it whole.
    which = dispatch(text, [pattern for pattern, _ in forms])
    for k, (pattern, read) in enumerate(forms):
        pos = np.flatnonzero(which == k)
        if len(pos):
            read(full_groups(text.iloc[pos], pattern), idx[pos], rel)
            todo[idx[pos]] = False


def _read_span(g: pd.DataFrame, hit: np.ndarray, rel: Relative) -> None:
    """ "within 18 months" (from the anchor), "in 18 months" (the calendar month 18 months on),
    "in 12-18 months" (from the first such month to the second), "in 10 days" (the day)."""
    n2, days2 = _quantity(g["n2"].fillna(g["n1"]), g["u2"])
    n1, days1 = _quantity(g["n1"], g["u1"].fillna(g["u2"]))
    ranged = g["n2"].notna().to_numpy()
    within = (g["kw"] != "in").to_numpy() & ~ranged
    days = days1 | days2
    ok = np.isfinite(n1) & np.isfinite(n2)
    kind = np.where(within, _REL_WITHIN, np.where(days, _REL_DAYS, _REL_CAL))
    period = np.minimum(_unit_months(g["u1"].fillna(g["u2"]), n1), _unit_months(g["u2"], n2))
    a1, a2 = np.nan_to_num(n1).astype("int64"), np.nan_to_num(n2).astype("int64")
    one = np.ones(len(hit), dtype="int64")
    rel.calendar(hit, ok, period, a1, a2 + period - 1, one, 0 * one)
    rel.kind[hit] = np.where(ok, kind, _REL_BAD)
    rel.n1[hit], rel.n2[hit] = a1, a2
    rel.days1[hit], rel.days2[hit] = days1, days2


def _parts(period: np.ndarray, part: pd.Series) -> tuple[np.ndarray, ...]:
    """(known, first month, last month, first day, last day) of a part of a period."""
    keys = pd.Series(period.astype(str), dtype=object) + "|" + part.to_numpy(dtype=object)
    known = keys.isin(PARTS_BY_KEY).to_numpy()
    columns = (
        keys.map({key: value[k] for key, value in PARTS_BY_KEY.items()})
        .fillna(1 if k == 2 else 0)
        .to_numpy(dtype="int64")
        for k in range(4)
    )
    return (known, *columns)


def _which(g: pd.DataFrame, name: str) -> np.ndarray:
    return g[name].map(_WHICH_SHIFT).fillna(0).to_numpy(dtype="int64")


def _read_period(g: pd.DataFrame, hit: np.ndarray, rel: Relative) -> None:
    """ "next year", "by the end of the year", "later this month", "late next year"."""
    period = g["unit"].map(_UNIT_MONTHS).to_numpy(dtype="int64")
    end2 = g["end2"].notna()
    part = g["part"].fillna("").where(~end2, "end")
    known, lo_m, hi_m, lo_d, hi_d = _parts(period, part)
    which = g["which"].fillna("")
    later = (part == "later").to_numpy()
    ok = known & ((which != "") | (part != "")).to_numpy()
    ok &= ~(end2 & g["part"].notna()).to_numpy() & ~(later & which.isin(["next", "last"]))
    step = _which(g, "which") * period
    rel.calendar(hit, ok, period, lo_m + step, hi_m + step, lo_d, hi_d)
    # "before the end of the year" is the end of the year, as "before the end of 2019" is.
    before = ((g["pre"] == "before") & ~part.isin(["end", "close"])).to_numpy()
    rel.span[hit] = np.where(later, _SPAN_LATER, np.where(before, _SPAN_BEFORE, _SPAN_PERIOD))
    rel.roll[hit] = _ROLL_NONE


def _read_month(g: pd.DataFrame, hit: np.ndarray, rel: Relative) -> None:
    """ "this October", "March of next year", "May last year", "next March", "in December"."""
    month = g["mon"].str[:3].map(_MONTHS).to_numpy(dtype="int64") - 1
    known, _, _, lo_d, hi_d = _parts(np.ones(len(hit), dtype="int64"), g["part"].fillna(""))
    which, which2 = g["which"].fillna(""), g["which2"].fillna("")
    ok = known & ((which == "") | (which2 == "")).to_numpy() & (which != "last").to_numpy()
    d1_or_d2 = pd.Series(np.where(g["d1"].notna(), g["d1"], g["d2"]))  # (no fillna downcast)
    day = np.nan_to_num(pd.to_numeric(d1_or_d2).to_numpy(dtype=float)).astype("int64")
    bare_day = (g["part"].isna() & (which == "")).to_numpy() & (day >= 1) & (day <= 31)
    ok &= (day == 0) | bare_day  # "May 22": day 22 (a month too short for it: unreadable)
    lo_d, hi_d = np.where(day > 0, day, lo_d), np.where(day > 0, day, hi_d)
    m = month + 12 * _which(g, "which2")
    rel.calendar(hit, ok, 12, m, m, lo_d, hi_d)
    bare = ((which == "") & (which2 == "")).to_numpy()
    nxt = (which == "next").to_numpy()
    rel.roll[hit] = np.where(nxt, _ROLL_AFTER, np.where(bare, _ROLL_FROM, _ROLL_NONE))
    rel.span[hit] = np.where((g["pre"] == "before").to_numpy(), _SPAN_BEFORE, _SPAN_PERIOD)


def _read_season(g: pd.DataFrame, hit: np.ndarray, rel: Relative) -> None:
    """ "this winter", "next autumn", "late summer" (a season without a year is the anchor
    year's, a winter the one starting in its December)."""
    first = g["s"].map({s: m[0] for s, m in _SEASONS.items()}).to_numpy(dtype="int64") - 1
    last = g["s"].map({s: m[1] for s, m in _SEASONS.items()}).to_numpy(dtype="int64") - 1
    part = g["part"].fillna("").replace("middle", "mid")
    lo_m = np.select([part == "mid", part == "late"], [first + 1, last], first)
    hi_m = np.select([part == "mid", part == "early"], [last - 1, first], last)
    which, which2 = g["which"].fillna(""), g["which2"].fillna("")
    ok = ((which == "") | (which2 == "")).to_numpy() & (which != "last").to_numpy()
    step = 12 * _which(g, "which2")
    one = np.ones(len(hit), dtype="int64")
    rel.calendar(hit, ok, 12, lo_m + step, hi_m + step, one, 0 * one)
    rel.roll[hit] = np.where((which == "next").to_numpy(), _ROLL_AFTER, _ROLL_NONE)
    rel.span[hit] = np.where((g["pre"] == "before").to_numpy(), _SPAN_BEFORE, _SPAN_PERIOD)


def _read_alternative(g: pd.DataFrame, hit: np.ndarray, rel: Relative) -> None:
    """ "by May or June", "this spring or summer", "July or August this year"."""
    ok, lo_m, hi_m, bare = alternative_months(g)
    one = np.ones(len(hit), dtype="int64")
    rel.calendar(hit, ok, 12, lo_m, hi_m, one, 0 * one)
    nxt = (g["which"] == "next").to_numpy()
    rel.roll[hit] = np.where(nxt, _ROLL_AFTER, np.where(bare, _ROLL_FROM, _ROLL_NONE))
    rel.span[hit] = _SPAN_PERIOD


def _month_start(months: np.ndarray) -> np.ndarray:
    return months.astype("datetime64[M]").astype("datetime64[D]")


def _calendar_side(
    d: np.ndarray, base: np.ndarray, lo_m: np.ndarray, hi_m: np.ndarray, roll: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First months of the named months (first, last) counted from the start of ``d``'s
    ``base``-month period, rolled a year on where the phrase says so."""
    m = np.where(np.isnat(d), np.datetime64("2000-01-01", "D"), d).astype("datetime64[M]")
    m = m.astype("int64")
    start = (m // base) * base
    first = start + lo_m
    rolled = ((roll == _ROLL_FROM) & (first < m)) | ((roll == _ROLL_AFTER) & (first <= m))
    step = np.where(rolled, 12, 0)
    return _month_start(first + step), _month_start(start + hi_m + step)


def _calendar(
    rel: Relative, u: np.ndarray, a_lo: np.ndarray, a_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of calendar phrases: the first day from ``a_lo``, the last from ``a_hi``."""
    base, lo_m, hi_m, roll = rel.base[u], rel.lo_m[u], rel.hi_m[u], rel.roll[u]
    lo_d, hi_d, span = rel.lo_d[u], rel.hi_d[u], rel.span[u]
    first, _ = _calendar_side(a_lo, base, lo_m, hi_m, roll)
    first_of_hi, last = _calendar_side(a_hi, base, lo_m, hi_m, roll)
    lo = first + (lo_d - 1).astype("timedelta64[D]")
    month_end = (last.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    hi = np.where(hi_d == 0, month_end, last + (hi_d - 1).astype("timedelta64[D]"))
    hi = np.where(hi > month_end, NAT_DAY, hi)  # "June 31"
    day_before = first_of_hi + (lo_d - 1).astype("timedelta64[D]") - np.timedelta64(1, "D")
    lo = np.where(span == _SPAN_PERIOD, lo, a_lo)
    hi = np.where(span == _SPAN_BEFORE, day_before, hi)
    return lo, hi


def apply_relative(
    kind: np.ndarray, rel: Relative, u: np.ndarray, a_lo: np.ndarray, a_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-cell bounds of relative phrases; ``u`` are the cells' distinct-value codes."""
    lo = np.full(len(kind), NAT_DAY)
    hi = np.full(len(kind), NAT_DAY)
    spans = np.flatnonzero((kind == _REL_WITHIN) | (kind == _REL_DAYS))
    if len(spans):
        s = u[spans]
        later = shift(a_lo[spans], rel.n1[s], rel.days1[s], snap_end=False)
        lo[spans] = np.where(kind[spans] == _REL_WITHIN, a_lo[spans], later)
        hi[spans] = shift(a_hi[spans], rel.n2[s], rel.days2[s], snap_end=True)
    cal = np.flatnonzero(kind == _REL_CAL)
    if len(cal):
        lo[cal], hi[cal] = _calendar(rel, u[cal], a_lo[cal], a_hi[cal])
    ok = (kind > 0) & ~np.isnat(a_lo) & ~np.isnat(a_hi) & ~np.isnat(lo) & ~np.isnat(hi)
    ok = within_years(lo, hi, ok)
    ok &= lo <= hi
    return np.where(ok, lo, NAT_DAY), np.where(ok, hi, NAT_DAY), ok
