"""The first frame's date-independent work done quicker gives the same arrays: the as-of steps
counted from the seconds by integer division (``data.known.statement_days``) against the days
worked out one by one, before 1970 and after it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from data.known import statement_days


def _by_hand(mid: np.ndarray) -> list[dt.date]:
    """Each statement's first day known, one by one: its own day at midnight, else the next."""
    days = set()
    for m in mid.tolist():  # (datetime.datetime or None)
        if m is None:
            continue
        day = m.date()
        days.add(day if m.time() == dt.time(0) else day + dt.timedelta(days=1))
    return sorted(days)


def test_statement_days_before_and_after_1970() -> None:
    mid = np.array(
        [
            "1969-12-31T23:59:59",  # known from 1 Jan 1970
            "1969-12-31T00:00:00",  # that very day
            "1900-03-01T12:00:00",  # from 2 Mar 1900
            "NaT",
            "1970-01-01T00:00:01",  # from 2 Jan 1970
            "1970-01-01T00:00:00",
        ],
        dtype="datetime64[s]",
    )
    expected = ["1900-03-02", "1969-12-31", "1970-01-01", "1970-01-02"]
    got = statement_days(pd.DataFrame({"date_mid": mid}))
    assert got.dtype == np.dtype("datetime64[s]")
    assert got.tolist() == np.array(expected, dtype="datetime64[s]").tolist()
    assert got.astype("datetime64[D]").tolist() == _by_hand(mid)


def test_statement_days_random_around_1970() -> None:
    rng = np.random.default_rng(7)
    for spread in (3_000 * 86_400, 400_000 * 86_400):  # (the second: too wide to count)
        start = np.datetime64("1965-01-01T00:00:00")
        mid = start + rng.integers(0, spread, 20_000).astype("timedelta64[s]")
        mid[::5] = mid[::5].astype("datetime64[D]")  # (midnights)
        mid[::11] = np.datetime64("NaT")
        got = statement_days(pd.DataFrame({"date_mid": mid}))
        assert got.dtype == np.dtype("datetime64[s]")
        assert got.astype("datetime64[D]").tolist() == _by_hand(mid)
    empty = statement_days(pd.DataFrame({"date_mid": np.array(["NaT"], dtype="datetime64[s]")}))
    assert empty.tolist() == []
