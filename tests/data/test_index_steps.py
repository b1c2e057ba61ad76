"""The ledger index's quicker steps equal the plain ones: each event's project position looked up
once per run of one project id (``data.known.project_codes``) equals every event looked up, and
the statements' stable order by date from packed keys (``stable_sort``) equals numpy's stable
argsort, on hand-made cases, the sample, a generated ledger of ten thousand projects, and the
same events shuffled."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates.precise import role_text
from data.known import (
    POSITION,
    LedgerIndex,
    category_codes,
    dated_text,
    dates,
    project_codes,
    stable_sort,
)
from tests.data.test_incremental import generated, sample  # noqa: F401 (fixtures)


def _ids(ledger) -> tuple[np.ndarray, np.ndarray]:
    return (
        ledger.projects["project_id"].to_numpy(dtype=object),
        ledger.events["project_id"].to_numpy(),
    )


def test_by_hand() -> None:
    ids = np.array(["a", "b", "c"], dtype=object)
    said = np.array(["b", "b", "x", "a", "a", "b", "c"], dtype=object)
    # "b" is project 1, "x" none, "a" 0; "b" again after "a" (a second run), "c" 2.
    got = project_codes(ids, said)
    assert got.dtype == POSITION
    assert got.tolist() == [1, 1, -1, 0, 0, 1, 2]
    assert project_codes(ids, said[:0]).tolist() == []


def _same(ids: np.ndarray, said: np.ndarray) -> None:
    fast, plain = project_codes(ids, said), project_codes(ids, said, plain=True)
    assert fast.dtype == plain.dtype == POSITION
    assert np.array_equal(fast, plain)


def test_sample_and_ten_thousand_projects(sample, generated) -> None:  # noqa: F811
    for ledger in (sample, generated):
        ids, said = _ids(ledger)
        _same(ids, said)
        assert (project_codes(ids, said) >= 0).all()  # every event has its project
    ids, said = _ids(generated)
    shuffled = said[np.random.default_rng(3).permutation(len(said))]
    _same(ids, shuffled)
    _same(ids[::2], said)  # half the projects unknown: -1 for their events


def test_stable_order_by_hand() -> None:
    values = np.array([5, 3, 5, 3, -(2**40), 7], dtype=np.int64)
    # -2**40 first, then the 3s (positions 1, 3), the 5s (0, 2), the 7.
    assert stable_sort(values)[0].tolist() == [4, 1, 3, 0, 2, 5]
    assert stable_sort(values[:0])[0].tolist() == []
    wide = np.array([2**61, -(2**61), 0, 2**61], dtype=np.int64)  # too wide to pack
    assert stable_sort(wide)[0].tolist() == [1, 2, 0, 3]


def test_stable_order_of_the_statement_dates(sample, generated) -> None:  # noqa: F811
    for ledger in (sample, generated):
        mid = dates(ledger.events, "date_mid")
        seconds = mid[~np.isnat(mid)].view("int64")
        for values in (seconds, seconds[np.random.default_rng(4).permutation(len(seconds))]):
            fast, plain = stable_sort(values)[0], stable_sort(values, plain=True)[0]
            assert fast.dtype == plain.dtype and np.array_equal(fast, plain)
            assert np.array_equal(plain, np.argsort(values, kind="stable"))


def test_the_projects_date_texts_formatted_where_dated(sample, generated) -> None:  # noqa: F811
    """Only rows with both bounds are formatted (and the first promise's where the table gives
    it, the only rows it is read at): the texts there equal every row's, "" elsewhere."""
    for ledger in (sample, generated):
        projects, fy = ledger.projects, ledger.fiscal_start
        given = projects["promised_end_given"].to_numpy(dtype=bool)
        for role, where in (("start", None), ("promised_end", given), ("actual_end", None)):
            every = role_text(projects, role, None, fy)
            some = dated_text(projects, role, fy, where)
            assert some.dtype == every.dtype == object
            read = np.ones(len(every), dtype=bool) if where is None else where
            assert some[read].tolist() == every[read].tolist(), role
            assert (some[~read] == "").all()
        ix = LedgerIndex(ledger)
        assert ix.start_text.tolist() == role_text(projects, "start", None, fy).tolist()
    texts = role_text(sample.projects, "actual_end", None, sample.fiscal_start)
    assert "" in texts.tolist() and any(texts)  # (the sample has both: a real check)


def test_category_codes_by_hand() -> None:
    ids = np.array(["a", "b", "c"], dtype=object)
    said = ["b", "b", "x", "a", "a", "b", "c"]  # "x": no project (-1)
    for column in (
        pd.Series(said, dtype="category"),  # categories a, b, c, x: not the ids
        pd.Series(said, dtype=object),  # not categorical: looked up as it is
        pd.Series(pd.Categorical(said, categories=["x", "c", "b", "a"])),
    ):
        got = category_codes(ids, column)
        assert got.dtype == POSITION
        assert got.tolist() == [1, 1, -1, 0, 0, 1, 2]
    # Categories that are the ids themselves, in order: each code is the position.
    same = pd.Series(pd.Categorical(["c", "a", "b", "a"], categories=["a", "b", "c"]))
    assert category_codes(ids, same).tolist() == [2, 0, 1, 0]
    # The same names in another order are not the ids: looked up.
    assert category_codes(ids[::-1].copy(), same).tolist() == [0, 2, 1, 2]
    missing = pd.Series(pd.Categorical(["a", None, "c"], categories=["a", "b", "c"]))
    assert category_codes(ids, missing).tolist() == [0, -1, 2]
    assert category_codes(ids, pd.Series([], dtype="category")).tolist() == []


def test_category_codes_of_the_ledgers(sample, generated) -> None:  # noqa: F811
    for ledger in (sample, generated):
        ids, column = _ids(ledger)[0], ledger.events["project_id"]
        assert isinstance(column.dtype, pd.CategoricalDtype)  # (as a ledger keeps it)
        plain = project_codes(ids, column.to_numpy(), plain=True)
        assert np.array_equal(category_codes(ids, column), plain)
        assert np.array_equal(
            category_codes(ids[::2], column), project_codes(ids[::2], column.to_numpy(), plain=True)
        )
        shuffled = ids[np.random.default_rng(5).permutation(len(ids))]
        assert np.array_equal(
            category_codes(shuffled, column), project_codes(shuffled, column.to_numpy(), plain=True)
        )


def test_seconds_by_hand() -> None:
    from data.known import seconds

    days = ["1970-01-02T00:00:00", "NaT", "1969-12-31T23:59:59", "2000-03-01T00:00:00"]
    frame = pd.DataFrame({"d": np.array(days, dtype="datetime64[s]")})
    got = seconds(frame, "d", np.array([3, 0, 1, 2, 0]))
    expected = [951868800.0, 86400.0, np.nan, -1.0, 86400.0]  # (2000-03-01: 11017 days)
    assert np.array_equal(got, expected, equal_nan=True)
    assert got.dtype == np.float64
