"""Fuzzy dates as intervals: every cell becomes [earliest, latest] with its precision and text.

A date is never a point filled in from today's date or turned into 1 January: ``2013`` is
[2013-01-01, 2013-12-31] with precision ``year``. Parsing is vectorised: each grammar rule is one
regular-expression pass over the still-unparsed cells (``Series.str.extract``), and the calendar
arithmetic is numpy ``datetime64`` arithmetic, so a million cells never meet a Python loop.

The result of :func:`parse_dates` is a DataFrame aligned with the input:

- ``earliest``, ``latest``: ``datetime64[s]``; NaT when the cell is empty or unreadable
- ``precision``: ``day`` | ``month`` | ``year`` | … ("" when empty, ``unreadable`` when not read)
- ``approx``, ``uncertain``: flags kept from markers such as ``~2015`` or ``2015?``
- ``text``: the original cell, stripped

Unreadable cells keep their text and are reported by the caller with file, row and column.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

DATE_DTYPE = "datetime64[s]"

# datetime64 years this module accepts; outside it a cell is unreadable rather than wrapped.
MIN_YEAR = 1000
MAX_YEAR = 9999

_ISO = r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$"


def empty_result(index: pd.Index) -> pd.DataFrame:
    """An all-empty parse result for ``index`` (every cell empty, nothing unreadable)."""
    n = len(index)
    return pd.DataFrame(
        {
            "earliest": np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE),
            "latest": np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE),
            "precision": np.full(n, "", dtype=object),
            "approx": np.zeros(n, dtype=bool),
            "uncertain": np.zeros(n, dtype=bool),
            "text": np.full(n, "", dtype=object),
        },
        index=index,
    )


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


# A rule reads the regex groups of the cells it matched and returns (earliest, latest, valid,
# precision) arrays; rules run in order, each only on cells no earlier rule has read.
Rule = tuple[str, Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]


def _num(groups: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(groups[name], errors="coerce").to_numpy(dtype=float)


def _iso_rule(groups: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    month, day = _num(groups, "m"), _num(groups, "d")
    lo, hi, ok = ymd_bounds(_num(groups, "y"), month, day)
    precision = np.where(np.isfinite(day), "day", np.where(np.isfinite(month), "month", "year"))
    return lo, hi, ok, precision


RULES: list[Rule] = [(_ISO, _iso_rule)]


def parse_dates(values: pd.Series, anchor: pd.Series | None = None) -> pd.DataFrame:
    """Parse a column of date cells into intervals (see the module docstring for the columns).

    ``anchor`` (the statement's own date, aligned with ``values``) anchors relative phrases such
    as "within 18 months"; it is accepted now so callers need not change when those rules land.
    """
    del anchor  # relative phrases are not read yet: they stay unreadable, never guessed
    result = empty_result(values.index)
    text = values.astype("string").fillna("").str.strip()
    result["text"] = text.to_numpy(dtype=object)
    todo = (text != "").to_numpy()
    if not todo.any():
        return result
    earliest = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    latest = earliest.copy()
    precision = np.full(len(text), "unreadable", dtype=object)
    for pattern, rule in RULES:
        idx = np.flatnonzero(todo)
        if len(idx) == 0:
            break
        groups = text.iloc[idx].str.extract(pattern)
        matched = groups.notna().any(axis=1).to_numpy()
        if not matched.any():
            continue
        hit = idx[matched]
        lo, hi, ok, prec = rule(groups[matched])
        good = hit[ok]
        earliest[good] = lo[ok]
        latest[good] = hi[ok]
        precision[good] = np.asarray(prec, dtype=object)[ok]
        # A cell a rule matched but found impossible (2013-02-30) is done: it is unreadable.
        todo[hit] = False
    result["earliest"] = earliest.astype(DATE_DTYPE)
    result["latest"] = latest.astype(DATE_DTYPE)
    result["precision"] = np.where(text.to_numpy(dtype=object) == "", "", precision)
    return result


def unreadable(parsed: pd.DataFrame) -> pd.Series:
    """True where a non-empty cell could not be read."""
    return parsed["precision"] == "unreadable"


def midpoint(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    """The middle of each interval (where statements with fuzzy dates are placed)."""
    return earliest + (latest - earliest) / 2


def format_iso(values: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` strings, empty where NaT."""
    return values.dt.strftime("%Y-%m-%d").fillna("")
