"""EDTF (ISO 8601-2) levels 0 and 1: every example form of the two levels, with its interval and
flags worked out by hand below; the seasons (months 21-24) only in a column that is written in
EDTF; what names no earliest date is unreadable and reported."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates

U = "unreadable"
# An EDTF-only cell (a ~ qualifier), put beside the seasons so that their column is an EDTF one.
EDTF_NEIGHBOUR = "2004-06~"

# (text, earliest, latest, precision, approx, uncertain, open)
Case = tuple[str, str | None, str | None, str, bool, bool, bool]
LEVEL_0: list[Case] = [
    ("1985-04-12", "1985-04-12", "1985-04-12", "day", False, False, False),
    ("1985-04", "1985-04-01", "1985-04-30", "month", False, False, False),
    ("1985", "1985-01-01", "1985-12-31", "year", False, False, False),
    # a time of day (and its zone) is dropped; the day is kept as written
    ("1985-04-12T23:20:30", "1985-04-12", "1985-04-12", "day", False, False, False),
    ("1985-04-12T23:20:30Z", "1985-04-12", "1985-04-12", "day", False, False, False),
    ("1985-04-12T23:20:30-04", "1985-04-12", "1985-04-12", "day", False, False, False),
    ("1985-04-12T23:20:30+04:30", "1985-04-12", "1985-04-12", "day", False, False, False),
    # intervals: the earliest of the start, the latest of the end (2005 and 2006 are not leap)
    ("1964/2008", "1964-01-01", "2008-12-31", "interval", False, False, False),
    ("2004-06/2006-08", "2004-06-01", "2006-08-31", "interval", False, False, False),
    ("2004-02-01/2005-02-08", "2004-02-01", "2005-02-08", "interval", False, False, False),
    ("2004-02-01/2005-02", "2004-02-01", "2005-02-28", "interval", False, False, False),
    ("2004-02-01/2005", "2004-02-01", "2005-12-31", "interval", False, False, False),
    ("2005/2006-02", "2005-01-01", "2006-02-28", "interval", False, False, False),
    ("2004-06/2006", "2004-06-01", "2006-12-31", "interval", False, False, False),
]
LEVEL_1: list[Case] = [
    # years beyond four digits, and negative years, are outside the years we read
    ("Y170000002", None, None, U, False, False, False),
    ("Y-170000002", None, None, U, False, False, False),
    ("-1985", None, None, U, False, False, False),
    ("Y1985", "1985-01-01", "1985-12-31", "year", False, False, False),
    # qualifiers: ? uncertain, ~ approximate, % both; the interval stays the date's
    ("1984?", "1984-01-01", "1984-12-31", "year", False, True, False),
    ("2004-06~", "2004-06-01", "2004-06-30", "month", True, False, False),
    ("2004-06-11%", "2004-06-11", "2004-06-11", "day", True, True, False),
    # unspecified digits from the right
    ("201X", "2010-01-01", "2019-12-31", "decade", False, False, False),
    ("201x", "2010-01-01", "2019-12-31", "decade", False, False, False),
    ("20XX", "2000-01-01", "2099-12-31", "interval", False, False, False),
    ("2004-XX", "2004-01-01", "2004-12-31", "year", False, False, False),
    ("1985-04-XX", "1985-04-01", "1985-04-30", "month", False, False, False),
    ("1985-XX-XX", "1985-01-01", "1985-12-31", "year", False, False, False),
    # an X with a known digit to its right is the next level: unreadable
    ("1985-XX-12", None, None, U, False, False, False),
    ("201X-05", None, None, U, False, False, False),
    # an open or unknown end: no earlier than the start, nothing above it
    ("1985-04-12/..", "1985-04-12", "1985-04-12", "day", False, False, True),
    ("1985-04/..", "1985-04-01", "1985-04-30", "month", False, False, True),
    ("1985/..", "1985-01-01", "1985-12-31", "year", False, False, True),
    ("1985-04-12/", "1985-04-12", "1985-04-12", "day", False, False, True),
    ("1985-04/", "1985-04-01", "1985-04-30", "month", False, False, True),
    ("1985/", "1985-01-01", "1985-12-31", "year", False, False, True),
    # an open or unknown start: no earliest date, so not read
    ("../1985-04-12", None, None, U, False, False, False),
    ("../1985-04", None, None, U, False, False, False),
    ("../1985", None, None, U, False, False, False),
    ("/1985-04-12", None, None, U, False, False, False),
    ("/1985-04", None, None, U, False, False, False),
    ("/1985", None, None, U, False, False, False),
    # qualified ends of an interval: the flags of either end
    ("1984~/2004-06", "1984-01-01", "2004-06-30", "interval", True, False, False),
    ("1984/2004-06~", "1984-01-01", "2004-06-30", "interval", True, False, False),
    ("1984~/2004~", "1984-01-01", "2004-12-31", "interval", True, False, False),
    ("1984?/2004%", "1984-01-01", "2004-12-31", "interval", True, True, False),
    ("1984-06?/2004-08?", "1984-06-01", "2004-08-31", "interval", False, True, False),
    ("1984-06-02?/2004-08-08~", "1984-06-02", "2004-08-08", "interval", True, True, False),
    ("1984-06-02?/..", "1984-06-02", "1984-06-02", "day", False, True, True),
    # impossible: a day that does not exist, an end before the start
    ("2004-02-30~", None, None, U, False, False, False),
    ("2004/2003~", None, None, U, False, False, False),
]
# Seasons, read in an EDTF column: the months "spring 2001" and the like name (2002 not leap).
SEASONS: list[Case] = [
    # Spring is March–May (the grammar's seasons).
    ("2001-21", "2001-03-01", "2001-05-31", "season", False, False, False),
    ("2001-22", "2001-06-01", "2001-08-31", "season", False, False, False),
    ("2001-23", "2001-09-01", "2001-11-30", "season", False, False, False),
    ("2001-24", "2001-12-01", "2002-02-28", "season", False, False, False),
    ("2001-21~", "2001-03-01", "2001-05-31", "season", True, False, False),
    ("2001-21/2002-23", "2001-03-01", "2002-11-30", "interval", False, False, False),
]


def _day(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _row(parsed: pd.DataFrame, i: int) -> tuple[object, ...]:
    row = parsed.iloc[i]
    flags = (bool(row["approx"]), bool(row["uncertain"]), bool(row["open"]))
    return (_day(row["earliest"]), _day(row["latest"]), row["precision"], *flags)


@pytest.mark.parametrize("case", LEVEL_0 + LEVEL_1, ids=[c[0] for c in LEVEL_0 + LEVEL_1])
def test_example_alone(case: Case) -> None:
    assert _row(parse_dates(pd.Series([case[0]])), 0) == case[1:]


def test_examples_in_one_column_read_as_alone() -> None:
    cases = LEVEL_0 + LEVEL_1 + SEASONS
    parsed = parse_dates(pd.Series([c[0] for c in cases] * 3))
    for i, case in enumerate(cases * 3):
        assert _row(parsed, i) == case[1:], case[0]


@pytest.mark.parametrize("case", SEASONS, ids=[c[0] for c in SEASONS])
def test_season_in_an_edtf_column(case: Case) -> None:
    parsed = parse_dates(pd.Series([case[0], EDTF_NEIGHBOUR]))
    assert _row(parsed, 0) == case[1:]


@pytest.mark.parametrize(
    "neighbour", ["2004-06~", "1984%", "201X", "2004-XX", "Y1985", "1985/..", "1985/", "../1985"]
)
def test_any_edtf_only_cell_makes_an_edtf_column(neighbour: str) -> None:
    parsed = parse_dates(pd.Series(["2001-21", neighbour]))
    assert _row(parsed, 0) == ("2001-03-01", "2001-05-31", "season", False, False, False)


@pytest.mark.parametrize(
    "column",
    [
        ["2001-21"],
        ["2021-22", "2013"],
        ["2001-21", "1984?"],  # a trailing ? is not EDTF's alone
        ["2001-21", "2019..2020"],  # nor is ".." between two dates
        ["2001-21", "1964/2008"],  # nor a level 0 interval
        ["2001-21/2002-23", "~2015"],  # nor a ~ in front
    ],
)
def test_no_season_outside_an_edtf_column(column: list[str]) -> None:
    parsed = parse_dates(pd.Series(column))
    assert parsed["precision"].iloc[0] != "season"
    if column[0] == "2001-21":
        # Outside an EDTF column, 2001-21 (21 is not 01 + 1, and more than 12) is the short span
        # 2001-2021, not spring 2001.
        assert parsed["precision"].iloc[0] == "interval"
        assert str(parsed["earliest"].iloc[0])[:10] == "2001-01-01"
        assert str(parsed["latest"].iloc[0])[:10] == "2021-12-31"
    else:
        assert parsed["precision"].iloc[0] == U


def test_no_earliest_date_is_reported() -> None:
    parsed = parse_dates(pd.Series(["../1985", "/2004-06", "../1985", "2004"]))
    assert list(parsed["precision"]) == [U, U, U, "year"]
    assert parsed.attrs["column_messages"] == [
        "EDTF intervals with an open or unknown start (no earliest date), such as '../1985', "
        "'/2004-06', were not read"
    ]


def test_other_cells_are_left_to_the_grammar() -> None:
    parsed = parse_dates(pd.Series(["~2015", "Q3 2014", "2019..2020", "2004-06~", None]))
    assert [_row(parsed, i) for i in range(5)] == [
        ("2015-01-01", "2015-12-31", "year", True, False, False),
        ("2014-07-01", "2014-09-30", "quarter", False, False, False),
        ("2019-01-01", "2020-12-31", "interval", False, False, False),
        ("2004-06-01", "2004-06-30", "month", True, False, False),
        (None, None, "", False, False, False),
    ]
    assert parsed.attrs["column_messages"] == []
