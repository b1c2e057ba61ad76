"""The first frame's date-independent work done quicker gives the same arrays: the as-of steps
counted from the seconds by integer division (``data.known.statement_days``) against the days
worked out one by one, before 1970 and after it; the statements' date order with the dates
read back from the sorted keys (``stable_sort``) and the kinds taken from a categorical's codes
(``kind_codes``), against numpy's stable argsort and the events' own kinds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from data.known import LedgerIndex, dates, kind_codes, stable_sort, statement_days
from tests.data.test_incremental import generated, sample  # noqa: F401 (fixtures)


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


def test_stable_sort_by_hand() -> None:
    values = np.array([5, 3, 5, 3, -(2**40), 7], dtype=np.int64)
    order, ordered = stable_sort(values)
    assert order.tolist() == [4, 1, 3, 0, 2, 5]
    assert ordered.tolist() == [-(2**40), 3, 3, 5, 5, 7]
    assert ordered.dtype == np.int64
    wide = np.array([2**61, -(2**61), 0, 2**61], dtype=np.int64)  # too wide to pack
    order, ordered = stable_sort(wide)
    assert order.tolist() == [1, 2, 0, 3] and ordered.tolist() == [-(2**61), 0, 2**61, 2**61]
    order, ordered = stable_sort(values[:0])
    assert order.tolist() == [] and ordered.tolist() == []


def test_stable_sort_of_the_statement_dates(sample, generated) -> None:  # noqa: F811
    for ledger in (sample, generated):
        mid = dates(ledger.events, "date_mid")
        seconds = mid[~np.isnat(mid)].view("int64")
        for values in (seconds, seconds[np.random.default_rng(4).permutation(len(seconds))]):
            plain = np.argsort(values, kind="stable")
            order, ordered = stable_sort(values)
            assert np.array_equal(order, plain)
            assert ordered.dtype == values.dtype and np.array_equal(ordered, values[plain])


def test_kind_codes_by_hand() -> None:
    said = ["note", "promise", None, "note", "completed"]
    categories = ["announced", "promise", "note", "completed", "cancelled"]  # two unused
    for column in (
        pd.Series(pd.Categorical(said, categories=categories)),
        pd.Series(said, dtype=object),
    ):
        codes, names = kind_codes(column)
        assert codes.dtype == np.int8 and names.dtype == object
        read = [None if c < 0 else names[c] for c in codes.tolist()]
        assert read == said
    codes, names = kind_codes(pd.Series(pd.Categorical(said, categories=categories)))
    assert codes.tolist() == [2, 1, -1, 2, 3] and names.tolist() == categories
    many = pd.Series(pd.Categorical([f"k{i}" for i in range(200)]))
    codes, names = kind_codes(many)
    assert codes.dtype == np.int64 and [names[c] for c in codes] == many.tolist()


def test_the_index_against_a_plain_reading(sample, generated) -> None:  # noqa: F811
    """The index's statements in date order and its kinds, read back, are the events' own:
    the dated statements of a project sorted stably by their middle date, each event's kind."""
    for ledger in (sample, generated):
        events = ledger.events
        ix = LedgerIndex(ledger)
        mid = dates(events, "date_mid")
        dated = np.flatnonzero(~np.isnat(mid) & (ix.code >= 0))
        by_date = dated[np.argsort(mid[dated].view("int64"), kind="stable")]
        assert ix._sorted_mid.dtype == mid.dtype
        assert np.array_equal(ix._sorted_mid, mid[by_date])
        assert ix._rank[by_date].tolist() == list(range(len(by_date)))
        kinds = events["kind"].astype(object).tolist()
        read = [None if c < 0 else ix.kind_names[c] for c in ix.kind_code.tolist()]
        assert read == [None if pd.isna(k) else k for k in kinds]
        assert ix.cancel.tolist() == [i for i, k in enumerate(kinds) if k == "cancelled"]
