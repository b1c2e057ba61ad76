"""The date texts' fast path (each distinct day's and month's text written once, day numbers
turned into years, months and days by integer arithmetic, a categorical's codes read as they
are) writes the same texts as the plain one: by hand, over a grid of every precision, shape,
mark and fiscal start, on the sample's every date role and on ten thousand generated projects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dates.calendar import civil
from data.dates.precise import has_flag, precise_text, role_text
from tests.data.test_incremental import generated, sample  # noqa: F401 (fixtures)

PRECISIONS = [
    "day", "month", "quarter", "half", "season", "year", "decade", "century", "fiscal year",
    "fiscal quarter", "interval", "range", "", None,
]  # fmt: skip


def _same(*args, fiscal_start: int = 4) -> np.ndarray:
    fast = precise_text(*args, fiscal_start=fiscal_start)
    plain = precise_text(*args, fiscal_start=fiscal_start, plain=True)
    assert fast.dtype == plain.dtype == object
    assert fast.tolist() == plain.tolist()
    return fast


def test_by_hand() -> None:
    lo = np.array(
        ["2006-07-31", "2014-07-01", "2013-12-01", "1800-01-01", "2009-10-01", "2017-04-01",
         "2010-01-01", "NaT"], dtype="M8[D]",
    )  # fmt: skip
    hi = np.array(
        ["2006-07-31", "2014-09-30", "2014-02-28", "1899-12-31", "2010-03-31", "2018-03-31",
         "2009-01-01", "2010-01-01"], dtype="M8[D]",
    )  # fmt: skip
    prec = ["day", "quarter", "season", "century", "month", "fiscal year", "year", "year"]
    flags = ["~", "?", "", "+", "~?", "", "", "~"]
    assert _same(lo, hi, prec, flags).tolist() == [
        "c. 31 Jul 2006",
        "Q3 2014?",
        "winter 2013/14",
        "no earlier than 19th century",
        "c. Oct 2009 – Mar 2010?",  # (not one month: the interval's form)
        "FY2018",
        "",  # (earliest after latest)
        "",  # (a bound missing)
    ]


def test_civil_days_by_hand() -> None:
    days = np.array(["1970-01-01", "2000-02-29", "1000-01-01", "9999-12-31", "1969-12-31"],
                    dtype="M8[D]").view("int64")  # fmt: skip
    y, m, d = civil(days)
    assert y.tolist() == [1970, 2000, 1000, 9999, 1969]
    assert m.tolist() == [1, 2, 1, 12, 12]
    assert d.tolist() == [1, 29, 1, 31, 31]


def test_civil_days_equal_numpys_calendar() -> None:
    days = np.arange(-400_000, 3_000_000, 7, dtype=np.int64)  # (year 874 to 10183)
    y, m, d = civil(days)
    as_dates = days.astype("M8[D]")
    months = as_dates.astype("M8[M]")
    assert np.array_equal(y, as_dates.astype("M8[Y]").astype(np.int64) + 1970)
    assert np.array_equal(m, months.astype(np.int64) % 12 + 1)
    assert np.array_equal(d, (as_dates - months.astype("M8[D]")).astype(np.int64) + 1)


@pytest.mark.parametrize("fiscal_start", [1, 4, 7, 10, 12])
def test_a_grid_of_shapes_precisions_and_marks(fiscal_start: int) -> None:
    rng = np.random.default_rng(fiscal_start)
    n = 6000
    first = np.datetime64("1000-01-01") + rng.integers(0, 9000 * 365, n).astype("m8[D]")
    months = first.astype("M8[M]")
    lengths = rng.choice([1, 3, 6, 12, 120, 1200, 2, 5], n)
    whole = rng.random(n) < 0.7  # whole months from a month's first day, else any span
    lo = np.where(whole, months.astype("M8[D]"), first)
    hi = np.where(
        whole,
        (months + lengths.astype("m8[M]")).astype("M8[D]") - np.timedelta64(1, "D"),
        first + rng.integers(-3, 900, n).astype("m8[D]"),
    )
    lo[rng.random(n) < 0.02] = np.datetime64("NaT")
    prec = np.array(PRECISIONS, dtype=object)[rng.integers(0, len(PRECISIONS), n)]
    marks = np.array(["", "~", "?", "+", "~?", "~+", "?+", "~?+", None], dtype=object)
    flags = marks[rng.integers(0, len(marks), n)]
    texts = _same(lo, hi, prec, flags, fiscal_start=fiscal_start)
    assert (texts != "").sum() > n * 0.9  # (the grid is mostly readable dates)
    # The same as categoricals (how a ledger keeps them) and without marks.
    _same(lo, hi, pd.Categorical(prec), pd.Categorical(flags), fiscal_start=fiscal_start)
    _same(lo, hi, prec, None, fiscal_start=fiscal_start)


def test_every_role_of_the_sample_and_ten_thousand_projects(sample, generated) -> None:  # noqa: F811
    for ledger in (sample, generated):
        for frame in (ledger.events, ledger.projects):
            roles = [c.removesuffix("_precision") for c in frame if c.endswith("_precision")]
            assert roles
            for role in roles:
                for at in (None, np.arange(len(frame))[1::3]):
                    fast = role_text(frame, role, at, ledger.fiscal_start)
                    plain = role_text(frame, role, at, ledger.fiscal_start, plain=True)
                    assert fast.tolist() == plain.tolist(), role


def test_marks_of_a_categorical_by_hand_and_as_text() -> None:
    values = ["", "~", None, "?+", "~?", "+", np.nan, "~?+", ""]
    column = pd.Series(values, dtype="category")
    assert has_flag(column, "+").tolist() == [False, False, False, True, False, True, False, True,
                                              False]  # fmt: skip
    for mark in ("~", "?", "+"):
        expected = [isinstance(v, str) and mark in v for v in values]  # (by hand, per cell)
        assert has_flag(column, mark).tolist() == expected
        assert has_flag(np.asarray(values, dtype=object), mark).tolist() == expected
        assert has_flag(column.array, mark).tolist() == expected
