"""Relative promises as the news writes them, each read as the one calendar period it names.

The rule is "one meaning, one interval": words in front of a period ("by", "until", "in") do
not move it, so "by the end of the year" said in 2017 is "end of 2017" (December 2017). Every
expected interval below is worked out by hand from the statement date in its row.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import format_iso, parse_dates

# (phrase, statement date, expected earliest, expected latest)
CASES = [
    # the five the news corpus found read confidently wrong
    ("in 24 months", "2024-01-13", "2026-01-01", "2026-01-31"),  # Jan 2024 + 24 months
    ("in two years", "2018-06-11", "2020-01-01", "2020-12-31"),  # 2018 + 2
    ("by next year", "2019-09-12", "2020-01-01", "2020-12-31"),
    ("till next year", "2019-05-28", "2020-01-01", "2020-12-31"),
    ("by the end of the year", "2017-06-08", "2017-12-01", "2017-12-31"),
    # "within" runs from the statement date, day for day (Jun 11 2018 + 18 months)
    ("within 18 months", "2018-06-11", "2018-06-11", "2019-12-11"),
    ("within three years", "2018-06-11", "2018-06-11", "2021-06-11"),
    # a range runs from the first month/year to the second
    ("in 12-18 months", "2018-06-11", "2019-06-01", "2019-12-31"),
    ("next two to three months", "2020-11-20", "2021-01-01", "2021-02-28"),
    ("in a year or two", "2018-06-11", "2019-01-01", "2020-12-31"),
    ("in 3 months", "2019-11-30", "2020-02-01", "2020-02-29"),  # Nov + 3 = Feb of a leap year
    ("in 5 years", "2019-06-15", "2024-01-01", "2024-12-31"),
    ("in 6 weeks", "2019-06-15", "2019-07-27", "2019-07-27"),  # 15 + 42 days = Jul 27
    # next/this/last period and its parts
    ("next year", "2020-02-12", "2021-01-01", "2021-12-31"),
    ("next year", "2019-12-31", "2020-01-01", "2020-12-31"),
    ("this year", "2019-06-15", "2019-01-01", "2019-12-31"),
    ("last month", "2018-03-11", "2018-02-01", "2018-02-28"),
    ("later this year", "2018-05-02", "2018-05-02", "2018-12-31"),
    ("late next year", "2009-11-24", "2010-09-01", "2010-12-31"),
    ("early next year", "2018-05-02", "2019-01-01", "2019-04-30"),
    ("the middle of next year", "2019-09-12", "2020-05-01", "2020-08-31"),
    ("the second half of next year", "2019-09-12", "2020-07-01", "2020-12-31"),
    ("by the end of next year", "2018-04-20", "2019-12-01", "2019-12-31"),
    ("end of this month", "2015-11-16", "2015-11-21", "2015-11-30"),
    # months
    ("March of next year", "2020-09-28", "2021-03-01", "2021-03-31"),
    ("by September of next year", "2020-09-28", "2021-09-01", "2021-09-30"),
    ("June next year", "2018-06-14", "2019-06-01", "2019-06-30"),
    ("this October", "2019-05-28", "2019-10-01", "2019-10-31"),
    ("this October", "2019-11-02", "2019-10-01", "2019-10-31"),  # this year's, though past
    ("by December this year", "2018-06-14", "2018-12-01", "2018-12-31"),
    ("May last year", "2018-03-11", "2017-05-01", "2017-05-31"),
    ("next March", "2020-07-16", "2021-03-01", "2021-03-31"),
    ("next March", "2020-02-16", "2020-03-01", "2020-03-31"),  # the first March after Feb
    ("next March", "2020-03-16", "2021-03-01", "2021-03-31"),  # not the March said in
    ("in December", "2018-08-31", "2018-12-01", "2018-12-31"),
    ("in May", "2023-05-17", "2023-05-01", "2023-05-31"),  # counting from its own month
    ("until January", "2013-11-13", "2014-01-01", "2014-01-31"),
    ("the end of June", "2018-04-27", "2018-06-21", "2018-06-30"),
    ("before June", "2019-02-13", "2019-02-13", "2019-05-31"),
    # seasons (autumn Sep-Nov, winter Dec-Feb, summer Jun-Aug)
    ("next autumn", "2019-08-20", "2019-09-01", "2019-11-30"),
    ("next autumn", "2019-10-05", "2020-09-01", "2020-11-30"),  # said in autumn: the next one
    ("this winter", "2019-10-05", "2019-12-01", "2020-02-29"),
    ("this winter", "2020-01-10", "2020-12-01", "2021-02-28"),  # the winter starting in Dec
    ("this fall", "2019-04-12", "2019-09-01", "2019-11-30"),
    ("late summer", "2019-05-21", "2019-08-01", "2019-08-31"),
    # an absolute year: "before 2018 is out" = "by the end of 2018"
    ("before 2018 is out", "2017-01-05", "2018-12-01", "2018-12-31"),
]

# Said differently, the same period: one interval.
SAME = [
    ["end of 2019", "by the end of 2019", "by the end of the year", "before 2019 is out"],
    ["2020", "next year", "by next year", "in a year", "till next year"],
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    values = pd.Series([c[0] for c in CASES], dtype=object)
    return parse_dates(values, anchor=pd.Series([c[1] for c in CASES], dtype=object))


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_news_phrase(table: pd.DataFrame, i: int) -> None:
    text, _said, earliest, latest = CASES[i]
    row = table.iloc[[i]]
    got = (format_iso(row["earliest"]).iloc[0], format_iso(row["latest"]).iloc[0])
    assert got == (earliest, latest), text


@pytest.mark.parametrize("phrases", SAME, ids=[s[0] for s in SAME])
def test_one_meaning_one_interval(phrases: list[str]) -> None:
    result = parse_dates(pd.Series(phrases), anchor=pd.Series(["2019-06-15"] * len(phrases)))
    assert result["precision"].ne("unreadable").all()
    spans = set(zip(format_iso(result["earliest"]), format_iso(result["latest"]), strict=True))
    assert len(spans) == 1, spans


def test_anchor_interval_gives_earliest_and_latest() -> None:
    # Said some time in 2012-05: "in 3 months" is Aug 2012, whatever the day.
    result = parse_dates(pd.Series(["in 3 months", "next autumn"]), anchor=["2012-05", "2012"])
    assert format_iso(result["earliest"]).tolist() == ["2012-08-01", "2012-09-01"]
    # said as late as Dec 2012, the next autumn is 2013's
    assert format_iso(result["latest"]).tolist() == ["2012-08-31", "2013-11-30"]


@pytest.mark.parametrize("text", ["last May", "last winter", "later next year", "soon"])
def test_unclear_phrases_stay_unreadable(text: str) -> None:
    result = parse_dates(pd.Series([text]), anchor=pd.Series(["2019-06-15"]))
    assert result["precision"].tolist() == ["unreadable"]
