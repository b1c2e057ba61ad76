"""Calendar arithmetic on numpy ``datetime64``: whole arrays at once, never a Python loop.

Bounds are ``datetime64[D]`` here; the parse result stores them as :data:`DATE_DTYPE`. This
module is the bottom of the package and imports nothing of it.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

DATE_DTYPE: Final = "datetime64[s]"

# datetime64 years this package accepts; outside it a cell is unreadable rather than wrapped.
MIN_YEAR = 1000
MAX_YEAR = 9999

NAT_DAY = np.datetime64("NaT", "D")

# A fiscal year's first month unless told otherwise (April; ``data.dates.fiscal``).
FISCAL_YEAR_START = 4

# Where a NaT must not meet the arithmetic: any valid day will do, its result is thrown away.
_FILLER_DAY = np.datetime64("2000-01-01", "D")


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
    return np.where(valid, earliest, NAT_DAY), np.where(valid, latest, NAT_DAY), valid


def month_span(
    year0: np.ndarray, month0: np.ndarray, year1: np.ndarray, month1: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds from the first day of ``year0-month0`` to the last day of ``year1-month1``.

    Both months are required: a NaN month (``Q5`` has none) makes the span invalid.
    """
    lo, _, ok0 = ymd_bounds(year0, month0)
    _, hi, ok1 = ymd_bounds(year1, month1)
    ok = ok0 & ok1 & np.isfinite(np.asarray(month0, float)) & np.isfinite(np.asarray(month1, float))
    return np.where(ok, lo, NAT_DAY), np.where(ok, hi, NAT_DAY), ok


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
    return np.where(valid, days, NAT_DAY), valid


def pivot_year(yy: np.ndarray) -> np.ndarray:
    """Two-digit years with the POSIX ``%y`` pivot: 00–68 → 20xx, 69–99 → 19xx."""
    return np.where(yy <= 68, 2000 + yy, 1900 + yy)


def add_months(d: np.ndarray, months: np.ndarray, snap_end: bool) -> np.ndarray:
    """``d`` plus whole calendar months, the day clamped to the target month's length.

    With ``snap_end`` a last day of a month stays a last day (2013-06-30 + 1 → 2013-07-31):
    used for latest bounds, which end months.
    """
    valid = ~np.isnat(d)
    d = np.where(valid, d, _FILLER_DAY)
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
    return np.where(valid, out, NAT_DAY)


def shift(d: np.ndarray, n: np.ndarray, in_days: np.ndarray, snap_end: bool) -> np.ndarray:
    """``d`` moved by ``n`` days where ``in_days``, else by ``n`` calendar months."""
    by_months = add_months(d, np.where(in_days, 0, n), snap_end)
    by_days = d + np.where(in_days, n, 0).astype("int64").astype("timedelta64[D]")
    return np.where(in_days, by_days, by_months)


def period_bounds(
    d: np.ndarray, months: np.ndarray, offset: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of the ``months``-long calendar period of ``d``, moved by ``offset``
    periods."""
    valid = ~np.isnat(d)
    m = np.where(valid, d, _FILLER_DAY).astype("datetime64[M]").astype("int64")
    start = (m // months + offset) * months
    first = start.astype("datetime64[M]").astype("datetime64[D]")
    last = (start + months).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.where(valid, first, NAT_DAY), np.where(valid, last, NAT_DAY)


def within_years(lo: np.ndarray, hi: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Where ``ok`` and both bounds fall in :data:`MIN_YEAR`..:data:`MAX_YEAR`."""
    lo_year = np.where(ok, lo, _FILLER_DAY).astype("datetime64[Y]")
    hi_year = np.where(ok, hi, _FILLER_DAY).astype("datetime64[Y]")
    return (
        ok
        & (lo_year.astype("int64") + 1970 >= MIN_YEAR)
        & (hi_year.astype("int64") + 1970 <= MAX_YEAR)
    )


def midpoint(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    """The middle of each interval (where statements with fuzzy dates are placed)."""
    middle: pd.Series = earliest + (latest - earliest) / 2
    return middle


def format_iso(values: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` strings, empty where NaT; the year always in four digits (``strftime``'s
    ``%Y`` writes 999 for the year 999 on some platforms and pandas versions)."""
    days = values.to_numpy(dtype="datetime64[D]")
    text = np.datetime_as_string(days, unit="D").astype(object)
    text[np.isnat(days)] = ""
    return pd.Series(text, index=values.index, dtype=object)


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of month of day numbers since 1970-01-01 (integers)."""
    z = days.astype(np.int64) + 719_468  # (days since 0000-03-01)
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    month = mp + np.where(mp < 10, 3, -9)
    return yoe + era * 400 + (month <= 2), month, doy - (153 * mp + 2) // 5 + 1


# ``dense_days`` numbers days by their distance when they span fewer days than this or than
# there are days, else factorizes them: its integers are combined with others into one int64
# key per distinct date (two bounds, a precision, marks), which they must not overflow where
# the factorized codes (at most one per day given) would not.
DENSE_SPAN = 100_000


def dense_days(days: np.ndarray) -> np.ndarray:
    """Distinct days (datetime64[D]) as distinct non-negative integers, NaT as 0 and a day as
    1 + its distance from the earliest: what ``pd.factorize``'s codes are for when days are
    combined into one key per distinct date, without hashing each day (a few ms at 200k); the
    codes themselves where the days span more than :data:`DENSE_SPAN` days and more days than
    there are."""
    values, nat = days.view("int64"), np.isnat(days)
    if nat.all():
        return np.zeros(len(values), dtype=np.int64)
    low = int(values.min(where=~nat, initial=np.iinfo(np.int64).max))
    high = int(values.max())  # (NaT is the least int64: never the greatest of a valid day)
    if high - low >= max(DENSE_SPAN, len(values)):
        codes: np.ndarray = pd.factorize(values)[0].astype(np.int64)
        return codes
    dense: np.ndarray = values - (low - 1)
    dense[nat] = 0
    return dense
