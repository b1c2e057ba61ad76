"""The cell formats tools and open-data portals write, and numeric day/month orders done right.

Every expected day is worked out by hand in the comments (weekdays from 1 January of the year:
2019-01-01 and 2020-01-01 were a Tuesday and a Wednesday, 1969-01-01 a Wednesday).
"""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates
from data.load import load_files

U = "unreadable"

# (cells of one column, the day the FIRST cell reads as, or None when it must not be read).
# The other cells, where given, are what decides a numeric order.
FORMS: list[tuple[list[str], str | None]] = [
    # Socrata open-data portals: month-first with a midnight time; 07/15 decides month-first.
    (["07/01/2016 12:00:00 AM", "07/15/2016 12:00:00 AM"], "2016-07-01"),
    (["12/31/2016 11:59:59 PM"], "2016-12-31"),  # 31 is no month: month-first
    (["March 6, 2017 8:00 AM"], "2017-03-06"),
    (["March 6, 2017 8 pm"], "2017-03-06"),
    # Two-digit years with dots: 31 and 17 are no months, so day-first.
    (["31.03.09"], "2009-03-31"),
    (["17.05.13"], "2013-05-17"),
    (["5/17/13"], "2013-05-17"),  # 17 is no month: month-first
    (["3/12/01", "12/31/01"], "2001-03-12"),  # 12/31 decides month-first
    (["3/12/01", "31/12/01"], "2001-12-03"),  # 31/12 decides day-first
    (["3/12/01"], None),  # nothing decides: not guessed
    # P6 and Oracle dd-Mon-yy, P6's marks A (actual) and * (constrained).
    (["14-Feb-19"], "2019-02-14"),
    (["14-Feb-19 A"], "2019-02-14"),
    (["14-Feb-19 08:00 A"], "2019-02-14"),
    (["03-Mar-20*"], "2020-03-03"),
    (["03-Mar-20 *"], "2020-03-03"),
    (["17-MAY-13"], "2013-05-17"),
    (["14-Feb-2019 A"], "2019-02-14"),
    # Month names in any case, with a dot.
    (["Sept. 4, 2020"], "2020-09-04"),
    (["SEPT. 4, 2020"], "2020-09-04"),
    # MS Project: weekday in front (16 is no month: month-first).
    (["Wed 5/16/18"], "2018-05-16"),
    # ISO with a time and a zone: the day as written, the zone never moves it.
    (["2016-03-07T00:00:00Z"], "2016-03-07"),
    (["2016-03-07T00:00:00.000"], "2016-03-07"),
    (["2016-03-07 00:00:00+01:00"], "2016-03-07"),
    (["2016-03-07T23:30:00-05:00"], "2016-03-07"),
    (["2016-03-07 10:00 UTC"], "2016-03-07"),
    # A time or a mark only after a day date.
    (["May 2013 8:00 AM"], None),
    (["2013 10:00"], None),
    (["10:00"], None),
    (["Q3 2014*"], None),
    (["May 2013 A"], None),
    (["14-Feb-19 B"], None),
    (["14-Feb-19 AA"], None),
    # Dashed a-b-yy may be the year-first 13-05-17 = 2013-05-17: not read without a weekday.
    (["17-05-13"], None),
]


@pytest.mark.parametrize(("cells", "day"), FORMS, ids=[c[0] for c, _ in FORMS])
def test_form(cells: list[str], day: str | None) -> None:
    result = parse_dates(pd.Series(cells, dtype=object))
    first = result.iloc[0]
    if day is None:
        assert first["precision"] == U
        assert pd.isna(first["earliest"]) and pd.isna(first["latest"])
    else:
        assert first["precision"] == "day"
        assert first["earliest"] == first["latest"] == pd.Timestamp(day)


def _days(result: pd.DataFrame) -> list[str | None]:
    return [None if pd.isna(d) else str(d.date()) for d in result["earliest"]]


# --- rule 2: the order is decided among the values of one separator --------------------------


def test_a_dotted_date_does_not_decide_a_slashed_one() -> None:
    # Regression: 25.12.2013 (day-first only) used to make 03/04/2013 read as 3 April.
    result = parse_dates(pd.Series(["25.12.2013", "03/04/2013"]))
    assert _days(result) == ["2013-12-25", None]
    [message] = result.attrs["column_messages"]
    assert "ambiguous" in message and "'03/04/2013'" in message
    assert result.attrs["date_order_unclear"] is True


def test_each_separator_keeps_its_own_order() -> None:
    # Dots day-first (25.12), slashes month-first (12/31): 03.04 is 3 April, 03/04 is 4 March.
    result = parse_dates(pd.Series(["25.12.2013", "03.04.2013", "03/04/2013", "12/31/2013"]))
    assert _days(result) == ["2013-12-25", "2013-04-03", "2013-03-04", "2013-12-31"]
    assert result.attrs["column_messages"] == []


def test_conflict_within_a_separator_only() -> None:
    # 17/05 day-first and 05/17 month-first, both slashed: no slashed order-dependent cell is
    # read; the dotted ones (17.05 decides day-first) are.
    result = parse_dates(pd.Series(["17/05/2013", "05/17/2013", "17.05.2013", "01.02.2013"]))
    assert _days(result) == [None, None, "2013-05-17", "2013-02-01"]
    [message] = result.attrs["column_messages"]
    assert "conflict" in message


# --- rule 2: a weekday decides its own cell -----------------------------------------------------


def test_a_weekday_on_both_readings_does_not_decide() -> None:
    # 2019-03-12 is day 71 of 2019, 70 = 7 * 10 days after Tuesday 1 January: a Tuesday.
    # 2019-12-03 is day 334 + 3 = 337, 336 = 7 * 48 days after: a Tuesday too.
    result = parse_dates(pd.Series(["Tue 3/12/19"]))
    assert _days(result) == [None]
    [message] = result.attrs["column_messages"]
    assert "ambiguous" in message and "'Tue 3/12/19'" in message


def test_a_weekday_on_one_reading_decides_its_cell() -> None:
    # 2020-03-04 is day 31 + 29 + 4 = 64, 63 = 7 * 9 days after Wednesday 1 January: a
    # Wednesday. 2020-04-03 is day 94, 93 = 7 * 13 + 2 days after: a Friday.
    wed = parse_dates(pd.Series(["Wed 3/4/20"]))
    assert _days(wed) == ["2020-03-04"] and wed.attrs["column_messages"] == []
    fri = parse_dates(pd.Series(["Fri 3/4/20"]))
    assert _days(fri) == ["2020-04-03"] and fri.attrs["column_messages"] == []
    # Monday is neither reading: the weekday does not decide.
    assert _days(parse_dates(pd.Series(["Mon 3/4/20"]))) == [None]


def test_a_weekday_decides_only_its_own_cell() -> None:
    result = parse_dates(pd.Series(["Wed 3/4/20", "03/04/2020"]))
    assert _days(result) == ["2020-03-04", None]
    assert result.attrs["date_order_unclear"] is True


def test_a_weekday_against_the_column_is_a_conflict() -> None:
    # Wednesday says month-first (4 March 2020), 25/12/2019 says day-first: neither is trusted.
    result = parse_dates(pd.Series(["Wed 3/4/20", "25/12/2019"]))
    assert _days(result) == [None, None]
    assert any("conflict" in m for m in result.attrs["column_messages"])


# --- rule 3: two-digit years ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("12/31/68", "2068-12-31"),
        ("12/31/69", "1969-12-31"),
        ("31.12.00", "2000-12-31"),
        ("31.12.99", "1999-12-31"),
        ("01-Jan-68", "2068-01-01"),
        ("01-JAN-69", "1969-01-01"),
    ],
)
def test_pivot_edges(cell: str, day: str) -> None:
    assert _days(parse_dates(pd.Series([cell]))) == [day]


def test_a_two_digit_year_far_from_the_columns_four_digit_years_is_not_read() -> None:
    # 5/17/15 is 2015 by the pivot, 100 years from 1915: the century is unclear.
    result = parse_dates(pd.Series(["1915-06-01", "5/17/15"]))
    assert _days(result) == ["1915-06-01", None]
    [message] = result.attrs["column_messages"]
    assert "two-digit years" in message and "'5/17/15'" in message
    assert result.attrs["date_order_unclear"] is False
    # The same with four-digit years the grammar reads (not the ISO fast path).
    named = parse_dates(pd.Series(["June 1, 1915", "17-May-15"]))
    assert _days(named) == ["1915-06-01", None]


def test_a_weekday_confirms_the_century() -> None:
    # MS Project writes two-digit years after a weekday and four-digit ones outside 1969-2068.
    # 2010-02-02: 2010-01-01 was a Friday, day 33 is 32 = 7 * 4 + 4 days later: a Tuesday.
    # 1910-02-02 is 36,525 days earlier (100 * 365 + 25 leap days), 36,525 = 7 * 5217 + 6: a
    # Wednesday. So Tuesday confirms 2010, far as it is from 1882.
    result = parse_dates(pd.Series(["3/19/1882", "Tue 2/2/10"]))
    assert _days(result) == ["1882-03-19", "2010-02-02"]
    assert result.attrs["column_messages"] == []
    # Wednesday is 1910's weekday, not the pivot's reading: the century stays unclear.
    other = parse_dates(pd.Series(["3/19/1882", "Wed 2/2/10"]))
    assert _days(other) == ["1882-03-19", None]
    assert "two-digit years" in other.attrs["column_messages"][0]


def test_the_fifty_year_edge() -> None:
    # 5/17/40 is 2040: 2040 - 1990 = 50 is not more than 50 (read), 2040 - 1989 = 51 is.
    assert _days(parse_dates(pd.Series(["1990-01-01", "5/17/40"]))) == ["1990-01-01", "2040-05-17"]
    assert _days(parse_dates(pd.Series(["1989-12-31", "5/17/40"]))) == ["1989-12-31", None]
    # Any one four-digit year near enough will do: 2040 - 2000 = 40.
    near = parse_dates(pd.Series(["1915-06-01", "2000-01-01", "5/17/40"]))
    assert _days(near) == ["1915-06-01", "2000-01-01", "2040-05-17"]


# --- end to end: an open-data portal's export ----------------------------------------------------


def test_socrata_export_loads_with_day_dates(tmp_path) -> None:
    path = tmp_path / "capital_projects.csv"
    path.write_text(
        "project_id,project_name,start_date,planned_completion_date\n"
        "P-101,Harbor Bridge Repair,07/01/2016 12:00:00 AM,12/31/2018 12:00:00 AM\n"
        "P-102,Library Expansion,03/15/2017 12:00:00 AM,06/30/2019 12:00:00 AM\n"
        "P-103,Water Main Upgrade,01/04/2018 12:00:00 AM,\n",
        encoding="utf-8",
    )
    ledger = load_files([str(path)])
    assert ledger.report.problems == []
    projects = ledger.projects.set_index("project_id")
    # start_date: 03/15 decides month-first, so 07/01 is 1 July and 01/04 is 4 January.
    expected_start = {"P-101": "2016-07-01", "P-102": "2017-03-15", "P-103": "2018-01-04"}
    expected_end = {"P-101": "2018-12-31", "P-102": "2019-06-30", "P-103": None}
    for pid, day in expected_start.items():
        assert projects.loc[pid, "start_earliest"] == pd.Timestamp(day)
        assert projects.loc[pid, "start_latest"] == pd.Timestamp(day)
    for pid, day in expected_end.items():
        got = projects.loc[pid, "promised_end_earliest"]
        assert (pd.isna(got) and day is None) or got == pd.Timestamp(day)
        assert (pd.isna(got) and day is None) or projects.loc[pid, "promised_end_latest"] == got


# --- rule 5: Excel's mmm-yy, a month --------------------------------------------------------------


def test_month_and_two_digit_year_read_as_a_month() -> None:
    # From a school-construction tracker (Design Start, Construction Start, Est. Completion):
    # May-15 is May 2015 (15 <= 68: 2015), Sept-22 September 2022, Feb-30 February 2030 (not a
    # 30 February: Excel writes a day with no year as 15-May, and such a day is never read).
    result = parse_dates(pd.Series(["May-15", "Sept-22", "Feb-30", "dec-17?"]))
    assert list(result["precision"]) == ["month"] * 4
    assert _days(result) == ["2015-05-01", "2022-09-01", "2030-02-01", "2017-12-01"]
    latest = [str(d.date()) for d in result["latest"]]
    assert latest == ["2015-05-31", "2022-09-30", "2030-02-28", "2017-12-31"]
    assert list(result["uncertain"]) == [False, False, False, True]


def test_month_and_two_digit_year_keep_the_day_rules() -> None:
    # A weekday or a time goes only with a day; 15-May has no year; a two-digit year 100 years
    # from the column's four-digit 1915 is not guessed (rule 3).
    assert _days(parse_dates(pd.Series(["Mon May-15", "May-15 10:00", "15-May"]))) == [None] * 3
    result = parse_dates(pd.Series(["May-15", "1915-06-01"]))
    assert _days(result) == [None, "1915-06-01"]
    assert "'May-15'" in result.attrs["column_messages"][0]


def test_p6s_actual_mark_is_kept_as_a_flag() -> None:
    # P6 writes "A" after an actual date and "*" after a constrained one: both read as the day;
    # only "A" sets ``actual`` (with a time too); an unmarked day or a year has none.
    cells = ["14-Feb-19 A", "14-Feb-19", "03-Mar-20*", "14-feb-19 a", "14-Feb-19 08:00 A", "2019"]
    result = parse_dates(pd.Series(cells))
    feb14, mar3 = "2019-02-14", "2020-03-03"
    assert _days(result) == [feb14, feb14, mar3, feb14, feb14, "2019-01-01"]
    assert result["actual"].tolist() == [True, False, False, True, True, False]
