"""Calendar arithmetic: Excel serial numbers and the bounds of a year, month or day."""

from __future__ import annotations

import numpy as np

from data.dates import excel_serial_days, month_span, ymd_bounds


def test_excel_serial_helper() -> None:
    days, ok = excel_serial_days(np.array([1, 59, 60, 61, 25569, 41275, 0, 1.5]))
    assert list(ok) == [True, True, False, True, True, True, False, False]
    got = [str(d) for d in days[ok]]
    assert got == ["1900-01-01", "1900-02-28", "1900-03-01", "1970-01-01", "2013-01-01"]


def _iso(days: np.ndarray) -> list[str | None]:
    return [None if np.isnat(d) else str(d) for d in days]


def test_ymd_bounds_span_what_is_not_given() -> None:
    year = np.array([2012.0, 2013.0, 2013.0, 999.0, 2013.0, 2013.0])
    month = np.array([2.0, 2.0, np.nan, np.nan, 13.0, np.nan])
    day = np.array([np.nan, 30.0, np.nan, np.nan, np.nan, 5.0])
    lo, hi, ok = ymd_bounds(year, month, day)
    # Feb 2012 (a leap year), 30 Feb, the year 2013, a year before MIN_YEAR, month 13, and a
    # day without a month.
    assert list(ok) == [True, False, True, False, False, False]
    assert _iso(lo) == ["2012-02-01", None, "2013-01-01", None, None, None]
    assert _iso(hi) == ["2012-02-29", None, "2013-12-31", None, None, None]


def test_month_span_needs_both_months() -> None:
    lo, hi, ok = month_span(
        np.array([2013.0, 2013.0]),
        np.array([12.0, np.nan]),
        np.array([2014.0, 2014.0]),
        np.array([2.0, 2.0]),
    )
    assert list(ok) == [True, False]
    assert _iso(lo) == ["2013-12-01", None]
    assert _iso(hi) == ["2014-02-28", None]
