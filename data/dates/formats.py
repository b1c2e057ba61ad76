"""The cell formats tools and open-data portals write, and numeric day/month dates read right.

What this room reads, and the rules it keeps (cells are lower-cased and stripped by then):

1. **Times after a day date are ignored**: ``07/01/2016 12:00:00 am`` (open-data portals),
   ``march 6, 2017 8:00 am``, ``2016-03-07t00:00:00z``, ``2016-03-07 00:00:00+01:00``,
   ``2016-03-07t00:00:00.000``. The day is the date as written; a zone (``z``, ``utc``, ``gmt``,
   ``+01:00``) never moves it. A time after anything but a day date (``2013 10:00``,
   ``may 2013 8 am``) makes the cell unreadable.
2. **Numeric day/month order** (``a/b/y``, ``a.b.y``, ``a-b-y``) is decided per column, and
   only among the values written with the *same separator*: ``25.12.2013`` says nothing about
   ``03/04/2013`` (German dotted dates and US slashed ones can share a column). Within a
   separator's group, a value valid only day-first (``17.05.2013``) or only month-first
   (``05/17/2013``) decides the group; evidence both ways is a conflict and no order-dependent
   value of the group is read; with no evidence the order-dependent values are not read and the
   column message says the order is ambiguous (never guessed). A named weekday decides its own
   cell when exactly one of the two readings falls on it: ``wed 3/4/20`` is 4 March 2020 (a
   Wednesday; 3 April 2020 is a Friday). When both readings fall on the named weekday (``tue
   3/12/19``: 12 March and 3 December 2019 are both Tuesdays) or neither does, the weekday does
   not decide. A weekday's reading counts as evidence of its group's order (so it conflicts
   with evidence the other way) but does not decide the other cells of the group. Values that
   read the same both ways (``05/05/2013``) are always read; ``dayfirst`` forces the order.
3. **Two-digit years** use the POSIX ``%y`` pivot: 00–68 → 2000–2068, 69–99 → 1969–1999
   (``5/17/13`` is 2013, ``12/31/68`` is 2068, ``12/31/69`` is 1969). When the column also holds
   four-digit years and the pivot puts a two-digit year more than :data:`CENTURY_GAP` years
   away from every one of them (``5/17/15`` beside ``1915-06-01``), the value is not read and a
   column message names it: a century is not guessed. A named weekday that falls on the
   pivot's reading confirms it (a hundred years later or earlier the same day is another
   weekday), so that year is as sure as a four-digit one: MS Project writes ``tue 2/2/10`` and,
   outside 1969–2068, ``3/19/1882`` in one column. Numeric ``a-b-yy`` with dashes is read
   only after a weekday (MS Project's form): without one, ``13-05-17`` may as well be the
   year-first ``2013-05-17``, so it stays unreadable.
4. **P6 marks**: a trailing `` a`` (actual) or ``*`` (constrained) after a P6 date
   (``14-feb-19 a``, ``03-mar-20*``) is dropped and the date read; the mark is not an error.
   The ``a`` mark is kept as the parse result's ``actual`` flag (a day date only): the table
   reader takes such a finish for the actual end; ``*`` says nothing of the date's kind.
5. **``dd-Mon-yy``** (P6 and Oracle: ``14-feb-19``, ``17-may-13``): the month abbreviated, the
   year in two digits with the pivot. Month names in any case and with a dot (``sept. 4,
   2020``) are the grammar's. Without the day, **``Mon-yy``** is a month (Excel's ``mmm-yy``,
   as in school-construction trackers: ``may-15`` = May 2015): the pivot and rule 3's
   century check apply. Excel writes a day without a year the other way round (``15-may``),
   and a day without a year is never read, so ``may-15`` is not 15 May.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.calendar import NAT_DAY, pivot_year, ymd_bounds
from data.dates.grammar import WEEKDAY, numbers

# Day/month order flags of numeric dates (``Pieces.dmy_flag``); an interval takes the larger
# flag of its two parts. CENTURY_UNCLEAR: a two-digit year too far from the column's others.
ORDER_CLEAR, ORDER_AMBIGUOUS, ORDER_CONFLICT, CENTURY_UNCLEAR = 0, 1, 2, 3
# A two-digit year more than this many years from every four-digit year of its column is not
# read (rule 3).
CENTURY_GAP = 50

# Numeric a/b/y: not a grammar rule, because which of a and b is the day is decided for the
# separator's group of the column, not by the cell.
DMY = r"(?P<a>\d{1,2})(?P<s1>[./-])(?P<b>\d{1,2})(?P<s2>[./-])(?P<y>\d{4}|\d{2})"
_MON3 = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# P6 / Oracle dd-Mon-yy and Excel's Mon-yy (rule 5); four-digit years are the grammar's.
DAY_MON_YY = r"(?:(?P<d>\d{1,2})-)?(?P<mon>" + "|".join(_MON3) + r"|sept)\.?-(?P<y>\d{2})"

_TIME = (
    r"(?:t|,? )(?:\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?[ap]m)?|\d{1,2} ?[ap]m)"
    r"(?: ?(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?))?"
)
_P6_MARK = r"^(\d{1,2}-[a-z]{3,4}\.?-\d{2}(?:\d{2})?(?:" + _TIME + r")?)(?: a| ?\*)$"
_P6_ACTUAL = r"^\d{1,2}-[a-z]{3,4}\.?-\d{2}(?:\d{2})?(?:" + _TIME + r")? a$"
_SUFFIX_HINT = r"[:*]|\d ?[ap]m$| a$"
_WEEKDAYS = {name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}


def strip_suffixes(rest: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Cells without a trailing time, zone or P6 mark (rules 1 and 4), where one was dropped
    (those cells must then read as a day date), and where the mark dropped was P6's ``a``."""
    dropped = np.zeros(len(rest), dtype=bool)
    actual = np.zeros(len(rest), dtype=bool)
    hint = rest.str.contains(_SUFFIX_HINT, regex=True).to_numpy(dtype=bool)
    if not hint.any():
        return rest, dropped, actual
    actual[hint] = rest[hint].str.match(_P6_ACTUAL).to_numpy(dtype=bool)
    part = rest[hint].str.replace(_P6_MARK, r"\1", regex=True)
    g = part.str.extract(r"^(?P<core>.*?\d)" + _TIME + "$")
    timed = g["core"].notna().to_numpy()
    part = part.where(~timed, g["core"])
    dropped[hint] = timed | (part != rest[hint]).to_numpy()
    rest = rest.copy()
    rest[hint] = part
    return rest, dropped, actual


def weekday_numbers(pieces: pd.Series, named: np.ndarray) -> np.ndarray:
    """The weekday (Monday 0 … Sunday 6) written in front of each cell, NaN where none."""
    out = np.full(len(pieces), np.nan)
    if named.any():
        token = pieces[named].str.extract("^(" + WEEKDAY + ") ")[0]
        out[named] = token.str[:3].map(_WEEKDAYS).to_numpy(dtype=float)
    return out


def _weekday_of(days: np.ndarray) -> np.ndarray:
    """Monday 0 … Sunday 6 of ``datetime64[D]`` days (1970-01-01 was a Thursday, 3)."""
    valid = ~np.isnat(days)
    return np.where(valid, (days.astype("datetime64[D]").astype("int64") + 3) % 7, -1)


def read_dmy(
    groups: pd.DataFrame, weekday: np.ndarray, dayfirst: bool | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Numeric ``a/b/y`` dates (rules 2 and 3): earliest, latest, valid, order flag and
    two-digit year, per cell; ``weekday`` is each cell's named weekday (NaN: none)."""
    a, b, y = numbers(groups, "a"), numbers(groups, "b"), numbers(groups, "y")
    sep = groups["s1"].to_numpy(dtype=object)
    short = (groups["y"].str.len() == 2).to_numpy()
    named = ~np.isnan(weekday)
    # Two-digit years with the pivot; dashed a-b-yy only after a weekday (rule 3).
    y = np.where(short, np.where((sep != "-") | named, pivot_year(y), np.nan), y)
    usable = (groups["s1"] == groups["s2"]).to_numpy() & np.isfinite(y)
    y = np.where(usable, y, np.nan)
    df_lo, df_hi, df_ok = ymd_bounds(y, b, a)
    mf_lo, mf_hi, mf_ok = ymd_bounds(y, a, b)
    same = df_ok & mf_ok & (a == b)  # 05/05/2013 reads the same either way
    both = df_ok & mf_ok & ~same
    # A named weekday decides its cell when exactly one reading falls on it.
    on_df, on_mf = _weekday_of(df_lo) == weekday, _weekday_of(mf_lo) == weekday
    evidence = (
        df_ok & ~mf_ok,  # valid only day-first
        mf_ok & ~df_ok,  # valid only month-first
        both & on_df & ~on_mf,  # the weekday says day-first
        both & on_mf & ~on_df,  # the weekday says month-first
    )
    flag = np.full(len(groups), ORDER_CLEAR, dtype="int8")
    if dayfirst is None:
        use_df, use_mf = _decide_groups(sep, usable, evidence, both, flag)
    else:
        use_df = df_ok if dayfirst else np.zeros(len(groups), dtype=bool)
        use_mf = np.zeros(len(groups), dtype=bool) if dayfirst else mf_ok
    ok = use_df | use_mf | same
    lo = np.where(use_mf & ~use_df, mf_lo, df_lo)
    hi = np.where(use_mf & ~use_df, mf_hi, df_hi)
    # A weekday that falls on the pivot's reading confirms its century (rule 3).
    confirmed = _weekday_of(np.where(ok, lo, NAT_DAY)) == weekday
    return lo, hi, ok, flag, short & ok & ~confirmed


def _decide_groups(
    sep: np.ndarray,
    usable: np.ndarray,
    evidence: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    both: np.ndarray,
    flag: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which cells read day-first and which month-first, decided within each separator's group
    (rule 2); ``flag`` gets the conflicts and ambiguities. ``evidence``: where a cell is valid
    only day-first, only month-first, and where its weekday says day-first, month-first."""
    only_df, only_mf, weekday_df, weekday_mf = evidence
    says_df, says_mf = only_df | weekday_df, only_mf | weekday_mf
    use_df = np.zeros(len(sep), dtype=bool)
    use_mf = np.zeros(len(sep), dtype=bool)
    for s in (".", "/", "-"):
        g = usable & (sep == s)
        dependent = g & (says_df | says_mf | both)
        if (g & says_df).any() and (g & says_mf).any():
            # Mixed conventions: neither order can be trusted for any order-dependent cell.
            flag[dependent] = ORDER_CONFLICT
        elif (g & only_df).any():
            use_df |= dependent
        elif (g & only_mf).any():
            use_mf |= dependent
        else:
            # Only weekdays (or nothing) decide: each weekday its own cell, the rest not read.
            use_df |= g & weekday_df
            use_mf |= g & weekday_mf
            flag[g & both & ~weekday_df & ~weekday_mf] = ORDER_AMBIGUOUS
    return use_df, use_mf


def read_day_mon_yy(
    groups: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``dd-mon-yy`` and ``mon-yy`` (rule 5): earliest, latest, valid, precision."""
    month = groups["mon"].str[:3].map({m: i + 1 for i, m in enumerate(_MON3)})
    day = numbers(groups, "d")
    lo, hi, ok = ymd_bounds(pivot_year(numbers(groups, "y")), month.to_numpy(dtype=float), day)
    return lo, hi, ok, np.where(np.isnan(day), "month", "day").astype(object)


def far_two_digit_years(
    lo: np.ndarray, ok: np.ndarray, short: np.ndarray, known: np.ndarray
) -> np.ndarray:
    """Where a two-digit year read with the pivot lies more than :data:`CENTURY_GAP` years from
    every four-digit year of the column: the read dates ``lo`` (``ok``) that are not ``short``,
    and ``known``, the column's dates read elsewhere (rule 3)."""
    if not short.any():
        return np.zeros(len(lo), dtype=bool)
    four = np.concatenate([lo[ok & ~short], known[~np.isnat(known)]])
    if len(four) == 0:
        return np.zeros(len(lo), dtype=bool)
    years = np.unique(four.astype("datetime64[Y]").astype("int64") + 1970)
    short = short & ok
    mine = np.where(short, lo, np.datetime64("2000-01-01", "D"))
    y = mine.astype("datetime64[Y]").astype("int64") + 1970
    at = np.searchsorted(years, y)
    below = years[np.clip(at - 1, 0, len(years) - 1)]
    above = years[np.clip(at, 0, len(years) - 1)]
    nearest = np.minimum(np.abs(y - below), np.abs(y - above))
    return np.asarray(short & (nearest > CENTURY_GAP), dtype=bool)


def century_messages(flag: np.ndarray, text: np.ndarray, messages: list[str]) -> None:
    """The column message about two-digit years that were not read (rule 3)."""
    far = flag == CENTURY_UNCLEAR
    if far.any():
        shown = ", ".join(f"'{t}'" for t in pd.unique(text[far])[:3])
        messages.append(
            f"two-digit years: {int(far.sum())} cell(s) such as {shown} would be read more "
            f"than {CENTURY_GAP} years from every four-digit year of the column (00-68 is read "
            "as 2000-2068, 69-99 as 1969-1999); the century is unclear and they were not read"
        )
