"""Relative promises through parse_dates: how the anchor is given and what a missing one does.

What each phrase means is in the table of test_grammar.py.
"""

from __future__ import annotations

import pandas as pd

from data.dates import format_iso, parse_dates

U = "unreadable"


def _days(result: pd.DataFrame) -> list[str | None]:
    return [None if pd.isna(x) else x.strftime("%Y-%m-%d") for x in result["earliest"]]


def test_anchor_as_parsed_frame() -> None:
    anchor = parse_dates(pd.Series(["spring 2013", "2019-06-15"]))
    result = parse_dates(pd.Series(["within a year to 18 months", "next year"]), anchor=anchor)
    assert _days(result) == ["2014-03-01", "2020-01-01"]
    # Spring 2013 ends on 31 May (spring is March–May): 18 months on is 2014-11-30.
    assert format_iso(result["latest"]).tolist() == ["2014-11-30", "2020-12-31"]


def test_anchor_as_list_is_positional() -> None:
    values = pd.Series(["next year", "next year"], index=[7, 3])
    result = parse_dates(values, anchor=["2019", "2021-05"])
    assert _days(result) == ["2020-01-01", "2022-01-01"]


def test_anchor_aligned_by_index() -> None:
    values = pd.Series(["next year", "next year"], index=[7, 3])
    anchor = pd.Series(["2021-05", "2019"], index=[3, 7])
    result = parse_dates(values, anchor=anchor)
    assert _days(result) == ["2020-01-01", "2022-01-01"]


def test_anchor_column_order_is_its_own_column_decision() -> None:
    # The anchor column is day-first (17.05.2013 decides), so 03.04.2013 is 3 April.
    anchor = pd.Series(["03.04.2013", "17.05.2013"])
    result = parse_dates(pd.Series(["in 10 days", ""]), anchor=anchor)
    assert _days(result) == ["2013-04-13", None]


def test_relative_without_anchor_has_message() -> None:
    result = parse_dates(pd.Series(["within 18 months", "2013"]))
    assert list(result["precision"]) == [U, "year"]
    assert any("statement" in m for m in result.attrs["column_messages"])


def test_missing_anchor_cells() -> None:
    result = parse_dates(pd.Series(["next year", "next year"]), anchor=pd.Series([None, "2019"]))
    assert list(result["precision"]) == [U, "relative"]
    assert any("statement" in m for m in result.attrs["column_messages"])
