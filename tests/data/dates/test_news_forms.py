"""News phrases' forms (benchmarks/phrases/README.md): quotes, "mid March of 2018", a day
without a year, alternatives without a year, a slash between two dates with words, and words
that name the event. Expected intervals are worked out by hand below."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates

# Said on Saturday 2019-06-15.
S = "2019-06-15"

CASES = [
    # quotes around a whole phrase are taken off
    ("\u201csummer 2024\u201d", None, "2024-06-01", "2024-08-31"),
    ('"2019"', None, "2019-01-01", "2019-12-31"),
    ("\u2018May 2020\u2019", None, "2020-05-01", "2020-05-31"),
    # a part of a month with "of" before its year: mid = days 11-20, early = 1-10
    ("mid March of 2018", None, "2018-03-11", "2018-03-20"),
    ("early May of 2019", None, "2019-05-01", "2019-05-10"),
    # a day without a year, counted from the statement's month (June 2019)
    ("May 22nd", S, "2020-05-22", "2020-05-22"),  # May is before June: next year's
    ("to May 22", S, "2020-05-22", "2020-05-22"),
    ("17 June", S, "2019-06-17", "2019-06-17"),
    ("to June 3", S, "2019-06-03", "2019-06-03"),  # the statement's own month
    ("December 15th", S, "2019-12-15", "2019-12-15"),
    # alternatives without a year: earliest of the first, latest of the second
    ("by May or June", S, "2020-05-01", "2020-06-30"),
    ("this spring or summer", S, "2019-03-01", "2019-08-31"),
    ("in July or August this year", S, "2019-07-01", "2019-08-31"),
    ("by September/October", S, "2019-09-01", "2019-10-31"),
    ("July or August next year", S, "2020-07-01", "2020-08-31"),
    # a slash between two dates with words: late Nov = 21-30, early Dec = 1-10
    ("Late November 2023/Early December 2023", None, "2023-11-21", "2023-12-10"),
    # words that name the event
    ("a fall 2019 opening date", None, "2019-09-01", "2019-11-30"),
    ("an October 2016 completion", None, "2016-10-01", "2016-10-31"),
    ("a 2015 opening", None, "2015-01-01", "2015-12-31"),
    ("an early 2021 full in-service date", None, "2021-01-01", "2021-04-30"),
    ("the 2022 deadline", None, "2022-01-01", "2022-12-31"),
]

UNREADABLE = [
    ("a rumoured 2015 opening", S),  # an adjective we do not know
    ("May 22", None),  # no statement date
    # A bare month and two digits may be a spreadsheet's month and year (May 2022): not read
    # as a day without an ordinal or a word in front.
    ("May 22", S),
    ("Mar 09", S),
    ("June 31", S),  # June has 30 days
    ("December or January", S),  # reversed
    ("May or summer", S),  # a month and a season
    ("last May or June", S),
    ("a May opening", S),  # event words only after a date with a year
    ("will be completed after 2011", S),  # "after X" names no period
    ("late 2021/early 2020", None),  # reversed
    ("\u201csummer 2024", None),  # one quote only
]


def _parse(phrase: str, statement: str | None) -> pd.DataFrame:
    anchor = None if statement is None else pd.Series([statement])
    return parse_dates(pd.Series([phrase]), anchor=anchor)


@pytest.mark.parametrize(("phrase", "statement", "earliest", "latest"), CASES)
def test_news_forms_read(phrase: str, statement: str | None, earliest: str, latest: str) -> None:
    row = _parse(phrase, statement).iloc[0]
    assert (str(row["earliest"].date()), str(row["latest"].date())) == (earliest, latest)
    assert not row["open"]
    assert row["text"] == phrase


@pytest.mark.parametrize(("phrase", "statement"), UNREADABLE)
def test_news_forms_unreadable(phrase: str, statement: str | None) -> None:
    assert _parse(phrase, statement)["precision"].iloc[0] == "unreadable"
