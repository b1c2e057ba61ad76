"""Fiscal years and the per-column ``YYYY-NN`` rule (data.dates.fiscal). Every expected interval
is worked out by hand in the test: FYyyyy is the fiscal year that ends in yyyy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dates import parse_dates
from data.dates.fiscal import fiscal_start_month
from data.dates.precise import precise_text
from tests.conftest import SAMPLES

FY2018_FORMS = [
    "FY2018",
    "FY 2018",
    "fy2018",
    "FY18",
    "fiscal 2018",
    "Fiscal Year 2018",
    "financial year 2018",
    "FY2017/18",
    "FY 2017-18",
    "FY2017/2018",
]
# FY2018 by the fiscal year's first month: April (the default), October, January.
FY2018 = {
    4: ("2017-04-01", "2018-03-31"),
    10: ("2017-10-01", "2018-09-30"),
    1: ("2018-01-01", "2018-12-31"),
}
# Q3 FY2019: its third quarter counted from the first month.
Q3_FY2019 = {
    4: ("2018-10-01", "2018-12-31"),  # Apr 2018 .. Mar 2019: Q3 = Oct-Dec 2018
    10: ("2019-04-01", "2019-06-30"),  # Oct 2018 .. Sep 2019: Q3 = Apr-Jun 2019
    1: ("2019-07-01", "2019-09-30"),  # calendar 2019: Q3 = Jul-Sep 2019
}


def bounds(parsed: pd.DataFrame) -> list[tuple[str, str]]:
    return [
        (str(lo.date()) if pd.notna(lo) else "", str(hi.date()) if pd.notna(hi) else "")
        for lo, hi in zip(parsed["earliest"], parsed["latest"], strict=True)
    ]


@pytest.mark.parametrize("start", [4, 10, 1])
def test_every_fy2018_form_is_the_fiscal_year_ending_in_2018(start: int) -> None:
    parsed = parse_dates(pd.Series(FY2018_FORMS), fiscal_start=start)
    assert bounds(parsed) == [FY2018[start]] * len(FY2018_FORMS)
    assert list(parsed["precision"]) == ["fiscal year"] * len(FY2018_FORMS)


def test_the_default_start_is_april() -> None:
    assert bounds(parse_dates(pd.Series(["FY2018"]))) == [FY2018[4]]


@pytest.mark.parametrize("start", [4, 10, 1])
def test_fiscal_quarters_count_from_the_first_month(start: int) -> None:
    forms = ["Q3 FY2019", "FY2019 Q3", "q3 fy19"]
    parsed = parse_dates(pd.Series(forms), fiscal_start=start)
    assert bounds(parsed) == [Q3_FY2019[start]] * 3
    assert list(parsed["precision"]) == ["fiscal quarter"] * 3


def test_a_fiscal_year_whose_years_do_not_follow_is_unreadable() -> None:
    parsed = parse_dates(pd.Series(["FY2017-19", "FY2018/17", "Q5 FY2019", "Q1 FY2019 Q2"]))
    assert list(parsed["precision"]) == ["unreadable"] * 4


@pytest.mark.parametrize("start", [4, 10, 1])
def test_a_column_of_fiscal_years_reads_yyyy_nn_as_fiscal_years(start: int) -> None:
    cells = pd.Series(["2010-11", "2011-12", "2012-13", "2011-12"])
    parsed = parse_dates(cells, fiscal_start=start)
    expected = {
        4: [("2010-04-01", "2011-03-31"), ("2011-04-01", "2012-03-31"),
            ("2012-04-01", "2013-03-31")],
        10: [("2010-10-01", "2011-09-30"), ("2011-10-01", "2012-09-30"),
             ("2012-10-01", "2013-09-30")],
        1: [("2011-01-01", "2011-12-31"), ("2012-01-01", "2012-12-31"),
            ("2013-01-01", "2013-12-31")],
    }[start]  # fmt: skip
    assert bounds(parsed) == [*expected, expected[1]]
    assert set(parsed["precision"]) == {"fiscal year"}
    assert parsed.attrs["column_messages"] == []


def test_slashes_and_a_century_turn_count_too() -> None:
    parsed = parse_dates(pd.Series(["1999/00", "2000/01"]))
    assert bounds(parsed) == [("1999-04-01", "2000-03-31"), ("2000-04-01", "2001-03-31")]


def test_a_column_with_other_months_reads_months() -> None:
    parsed = parse_dates(pd.Series(["2010-11", "2011-12", "2013-05"]))
    assert bounds(parsed) == [
        ("2010-11-01", "2010-11-30"),
        ("2011-12-01", "2011-12-31"),
        ("2013-05-01", "2013-05-31"),
    ]
    assert set(parsed["precision"]) == {"month"}


def test_full_dates_in_the_column_make_yyyy_nn_months() -> None:
    parsed = parse_dates(pd.Series(["2010-11", "2011-12", "2011-12-05"]))
    assert bounds(parsed)[:2] == [("2010-11-01", "2010-11-30"), ("2011-12-01", "2011-12-31")]
    assert list(parsed["precision"]) == ["month", "month", "day"]


def test_a_lone_value_that_may_be_a_fiscal_year_is_reported_not_guessed() -> None:
    parsed = parse_dates(pd.Series(["2010-11", "May 2013", "2010-11"]))
    assert list(parsed["precision"]) == ["unreadable", "month", "unreadable"]
    (message,) = parsed.attrs["column_messages"]
    assert "'2010-11'" in message and "fiscal year" in message


def test_a_header_saying_fy_makes_even_a_lone_value_a_fiscal_year() -> None:
    parsed = parse_dates(pd.Series(["2010-11", "May 2013"]), fiscal_column=True, fiscal_start=7)
    assert bounds(parsed) == [("2010-07-01", "2011-06-30"), ("2013-05-01", "2013-05-31")]
    assert parsed.attrs["column_messages"] == []


def test_a_cell_saying_fy_makes_the_column_fiscal() -> None:
    parsed = parse_dates(pd.Series(["2010-11", "FY2013"]))
    assert bounds(parsed) == [("2010-04-01", "2011-03-31"), ("2012-04-01", "2013-03-31")]


def test_short_spans() -> None:
    parsed = parse_dates(pd.Series(["2016-24", "2027-29", "2013-05-17"]))
    assert bounds(parsed)[:2] == [("2016-01-01", "2024-12-31"), ("2027-01-01", "2029-12-31")]
    assert list(parsed["precision"][:2]) == ["interval", "interval"]


def test_no_span_backwards_or_of_month_13_when_nn_is_not_after_yy() -> None:
    # 2016-13: not a month, and 13 < 16; 2016-00: no month 0.
    parsed = parse_dates(pd.Series(["2016-13", "2016-00", "2013-05-17"]))
    assert list(parsed["precision"]) == ["unreadable", "unreadable", "day"]


def test_the_samples_month_shaped_values_stay_months() -> None:
    """The bundled sample holds 2006-07, 2008-09 and 2009-10 (July 2006, September 2008,
    October 2009) in columns that also hold full dates."""
    expected = {
        ("events.csv", "event_date", "2006-07"): ("2006-07-01", "2006-07-31"),
        ("events.csv", "event_date", "2008-09"): ("2008-09-01", "2008-09-30"),
        ("events.csv", "promised_date_earliest", "2009-10"): ("2009-10-01", "2009-10-31"),
        ("projects.csv", "start", "2006-07"): ("2006-07-01", "2006-07-31"),
    }
    for (file, column, value), interval in expected.items():
        cells = pd.read_csv(SAMPLES / file, dtype=str)[column]
        parsed = parse_dates(cells)
        at = (cells == value).to_numpy()
        assert at.any()
        assert set(bounds(parsed[at])) == {interval}, (file, column, value)
        assert set(parsed.loc[at, "precision"]) == {"month"}


def test_texts_at_their_own_precision() -> None:
    days = lambda *d: np.array(d, dtype="datetime64[D]")  # noqa: E731
    lo = days("2017-04-01", "2018-10-01", "2018-01-01")
    hi = days("2018-03-31", "2018-12-31", "2018-12-31")
    precision = ["fiscal year", "fiscal quarter", "fiscal year"]
    assert list(precise_text(lo, hi, precision)) == ["FY2018", "Q3 FY2019", "FY2018"]
    # July start: Jul-Sep 2018 is Q1 FY2019, Jan-Mar 2018 Q3 FY2018, Apr-Jun 2018 Q4 FY2018.
    july = precise_text(
        days("2018-07-01", "2018-01-01", "2018-04-01"),
        days("2018-09-30", "2018-03-31", "2018-06-30"),
        ["fiscal quarter"] * 3,
        fiscal_start=7,
    )
    assert list(july) == ["Q1 FY2019", "Q3 FY2018", "Q4 FY2018"]
    # January start: the calendar's quarters, Oct-Dec 2018 is Q4 FY2018.
    january = precise_text(
        days("2018-10-01"), days("2018-12-31"), ["fiscal quarter"], fiscal_start=1
    )
    assert list(january) == ["Q4 FY2018"]


@pytest.mark.parametrize(
    ("text", "month"),
    [("4", 4), ("10", 10), ("april", 4), ("Oct", 10), ("sept", 9), ("13", None), ("0", None)],
)
def test_fiscal_start_month(text: str, month: int | None) -> None:
    assert fiscal_start_month(text) == month


def test_fiscal_start_month_refuses_words() -> None:
    assert fiscal_start_month("spring") is None
