"""Relative promises, anchored on the statement's own date: "within 18 months", "next year".

They are recognised once per distinct cell (:func:`read_relative`: a kind and its quantities) and
applied per cell with that cell's anchor interval [a_lo, a_hi] (:func:`apply_relative`). Month
arithmetic clamps the day to the target month's length, and a latest bound on a month's last day
stays on the last day:

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

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.calendar import NAT_DAY, period_bounds, shift, within_years
from data.dates.grammar import NUMBER_WORDS, extract

# Quantities: digits, a/an, one..twenty; "half a year" and "a year and a half" are rewritten to
# months first.
_N = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
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

# Relative kinds (per distinct cell, applied per cell with that cell's anchor). A phrase that is
# relative but cannot be read ("within 2.5 months") keeps a kind of its own, so that no other
# rule reads it and no anchor could make it readable.
REL_NONE, _REL_WITHIN, _REL_IN, _REL_NEXT, _REL_UNTIL = 0, 1, 2, 3, 4
_REL_BAD = -1


class Relative:
    """Relative phrases of distinct cells: kind and quantities, applied later per cell."""

    FIELDS = ("kind", "n1", "n2", "days1", "days2", "period", "shift")

    def __init__(self, n: int) -> None:
        self.kind = np.zeros(n, dtype="int8")
        self.n1 = np.zeros(n, dtype="int64")
        self.n2 = np.zeros(n, dtype="int64")
        self.days1 = np.zeros(n, dtype=bool)
        self.days2 = np.zeros(n, dtype=bool)
        self.period = np.ones(n, dtype="int64")  # months in the period: 1, 3 or 12
        self.shift = np.zeros(n, dtype="int64")

    def take(self, at: np.ndarray, other: Relative, hit: np.ndarray) -> None:
        """Copy the phrases of ``other`` where ``hit`` into positions ``at`` of this one."""
        for name in self.FIELDS:
            getattr(self, name)[at] = getattr(other, name)[hit]


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


def read_relative(cores: pd.Series, todo: np.ndarray, rel: Relative) -> None:
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

    pos, g = extract(text, _REL_SPAN)
    if len(pos):
        hit = idx[pos]
        n2, days2 = _quantity(g["n2"].fillna(g["n1"]), g["u2"])
        n1, days1 = _quantity(g["n1"], g["u1"].fillna(g["u2"]))
        ranged = g["n2"].notna().to_numpy()
        exact_in = (g["kw"] == "in").to_numpy() & ~ranged
        ok = np.isfinite(n1) & np.isfinite(n2)
        rel.kind[hit] = np.where(ok, np.where(ranged | exact_in, _REL_IN, _REL_WITHIN), _REL_BAD)
        rel.n1[hit] = np.nan_to_num(n1).astype("int64")
        rel.n2[hit] = np.nan_to_num(n2).astype("int64")
        rel.days1[hit], rel.days2[hit] = days1, days2
        todo[hit] = False
        keep = np.ones(len(idx), dtype=bool)
        keep[pos] = False
        idx, text = idx[keep], text[keep]

    pos, g = extract(text, _REL_PERIOD)
    if len(pos):
        hit = idx[pos]
        which = g["which"].fillna("")
        deadline = (g[["by", "end", "later", "end2"]].notna().any(axis=1)).to_numpy()
        ok = (which != "").to_numpy() | deadline
        nxt = (which == "next").to_numpy()
        rel.kind[hit] = np.where(ok, np.where(nxt & ~deadline, _REL_NEXT, _REL_UNTIL), _REL_BAD)
        rel.period[hit] = g["unit"].map(_UNIT_MONTHS).to_numpy(dtype="int64")
        rel.shift[hit] = nxt.astype("int64")
        todo[hit] = False


def apply_relative(
    kind: np.ndarray, rel: Relative, u: np.ndarray, a_lo: np.ndarray, a_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-cell bounds of relative phrases; ``u`` are the cells' distinct-value codes."""
    n1, n2 = rel.n1[u], rel.n2[u]
    d1, d2 = rel.days1[u], rel.days2[u]
    period, offset = rel.period[u], rel.shift[u]
    start_lo, _ = period_bounds(a_lo, period, offset)
    _, end_hi = period_bounds(a_hi, period, offset)
    kinds = [kind == _REL_WITHIN, kind == _REL_IN, kind == _REL_NEXT, kind == _REL_UNTIL]
    later_hi = shift(a_hi, n2, d2, snap_end=True)
    lo = np.select(kinds, [a_lo, shift(a_lo, n1, d1, snap_end=False), start_lo, a_lo], NAT_DAY)
    hi = np.select(kinds, [later_hi, later_hi, end_hi, end_hi], NAT_DAY)
    ok = (kind > 0) & ~np.isnat(a_lo) & ~np.isnat(a_hi) & ~np.isnat(lo) & ~np.isnat(hi)
    ok = within_years(lo, hi, ok)
    ok &= lo <= hi
    return np.where(ok, lo, NAT_DAY), np.where(ok, hi, NAT_DAY), ok
