"""Fiscal years in phrases, and fiscal readings without a chosen fiscal year (data.dates.fiscal).
Every expected interval is worked out by hand here: FYyyyy is the fiscal year that ends in yyyy;
with an April start FY2019 is Apr 2018 – Mar 2019, with October Oct 2018 – Sep 2019."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates
from data.ledger import ChosenMapping
from data.load import load_files


def read(cells: list[str], start: int | None) -> list[tuple[str, str, str]]:
    parsed = parse_dates(pd.Series(cells), fiscal_start=start)
    return [
        (
            str(lo.date()) if pd.notna(lo) else "",
            str(hi.date()) if pd.notna(hi) else "",
            precision,
        )
        for lo, hi, precision in zip(
            parsed["earliest"], parsed["latest"], parsed["precision"], strict=True
        )
    ]


@pytest.mark.parametrize(
    ("phrase", "start", "expected"),
    [
        # FY2023 (April): Apr 2022 – Mar 2023; its last four months Dec 2022 – Mar 2023.
        ("towards the end of Financial Year 2022-23", 4, ("2022-12-01", "2023-03-31", "interval")),
        ("late FY2023", 4, ("2022-12-01", "2023-03-31", "interval")),
        # Its first four months Apr – Jul 2022, the middle four Aug – Nov 2022.
        ("early FY2023", 4, ("2022-04-01", "2022-07-31", "interval")),
        ("mid-FY2023", 4, ("2022-08-01", "2022-11-30", "interval")),
        # The end of a fiscal year is its last month, the start its first.
        ("by the end of FY2019", 4, ("2019-03-01", "2019-03-31", "month")),
        ("the start of fiscal 2019", 10, ("2018-10-01", "2018-10-31", "month")),
        # A quarter of a year pair: 22/23 with April is Apr 2022 – Mar 2023; Q4 = Jan – Mar 2023.
        ("22/23-Q4", 4, ("2023-01-01", "2023-03-31", "fiscal quarter")),
        ("2022/23 Q1", 4, ("2022-04-01", "2022-06-30", "fiscal quarter")),
        # FY2018 with October is Oct 2017 – Sep 2018: Q4 = Jul – Sep 2018.
        (
            "in the fourth quarter for fiscal 2018",
            10,
            ("2018-07-01", "2018-09-30", "fiscal quarter"),
        ),
        # FY2020 with October: Oct 2019 – Sep 2020; Q1 = Oct – Dec 2019.
        ("the first quarter of fiscal 2020", 10, ("2019-10-01", "2019-12-31", "fiscal quarter")),
        ("until fiscal year 2020", 10, ("2019-10-01", "2020-09-30", "fiscal year")),
        # July (Australia): financial year 2016-17 is Jul 2016 – Jun 2017.
        ("financial year 2016-17", 7, ("2016-07-01", "2017-06-30", "fiscal year")),
        # A year that names its own first day: twelve months from it, whatever the setting.
        ("the fiscal year that starts Oct. 1, 2019", 4, ("2019-10-01", "2020-09-30", "interval")),
        ("the financial year beginning 1 July 2016", 4, ("2016-07-01", "2017-06-30", "interval")),
        ("fiscal year starting April 2024", 10, ("2024-04-01", "2025-03-31", "interval")),
    ],
)
def test_fiscal_phrases(phrase: str, start: int, expected: tuple[str, str, str]) -> None:
    assert read([phrase], start) == [expected]


@pytest.mark.parametrize(
    "phrase",
    [
        "before FY2020",  # "before X" names no period: from the statement to X, not X
        "after FY2020",
        "early Q3 FY2019",  # a part of a quarter is not read
        "Q1 FY2019 Q2",  # a quarter named twice
        "the first quarter of Q2 FY2019",
        "22/24-Q4",  # the years of a pair must follow
        "the fiscal year that starts Feb. 30, 2019",  # no such day
        "the fiscal year that starts soon",
    ],
)
def test_near_misses_stay_unreadable(phrase: str) -> None:
    assert read([phrase], 4) == [("", "", "unreadable")]


def test_marks_around_a_fiscal_year() -> None:
    parsed = parse_dates(
        pd.Series(["around FY2022", "no earlier than FY2021", "FY2021 at the earliest"]),
        fiscal_start=4,
    )
    assert list(parsed["approx"]) == [True, False, False]
    assert list(parsed["open"]) == [False, True, True]
    # FY2021 (April): Apr 2020 – Mar 2021, its own interval; the open mark says "or later".
    assert str(parsed["earliest"].iloc[1].date()) == "2020-04-01"
    assert str(parsed["latest"].iloc[2].date()) == "2021-03-31"


def test_without_a_chosen_fiscal_year_readings_are_marked_uncertain_and_reported() -> None:
    cells = pd.Series(["FY2018", "2010-11", "2011-12", "Q3 FY2019", "2013", ""])
    assumed = parse_dates(cells)
    chosen = parse_dates(cells, fiscal_start=4)
    # The same intervals (April assumed) ...
    assert assumed["earliest"].equals(chosen["earliest"])
    assert assumed["latest"].equals(chosen["latest"])
    # ... but the fiscal ones marked uncertain, the year 2013 not, and one message says why.
    assert list(assumed["uncertain"]) == [True, True, True, True, False, False]
    assert not chosen["uncertain"].any()
    messages = assumed.attrs["column_messages"]
    assert len(messages) == 1
    assert "4 fiscal-year value(s)" in messages[0] and "'FY2018'" in messages[0]
    assert "--fiscal-year-start" in messages[0]
    assert chosen.attrs["column_messages"] == []


def test_a_self_started_year_is_not_marked_uncertain() -> None:
    parsed = parse_dates(pd.Series(["the fiscal year that starts Oct. 1, 2019"]))
    assert not parsed["uncertain"].iloc[0]
    assert parsed.attrs["column_messages"] == []


def test_the_ledger_shows_the_mark_until_a_year_is_chosen(tmp_path) -> None:
    source = tmp_path / "p.csv"
    source.write_text("project_id,name,start\na,Alpha,FY2018\n", encoding="utf-8")
    assumed = load_files([str(source)])
    assert assumed.projects["start_flags"].iloc[0] == "?"
    # The column's message reaches the load report, naming the value.
    messages = [p.message for p in assumed.report.problems]
    assert any("fiscal-year value" in m and "'FY2018'" in m for m in messages)
    chosen = load_files([str(source)], fiscal_start=4)
    assert chosen.projects["start_flags"].iloc[0] == ""


def test_a_plain_year_under_a_fiscal_header_is_that_fiscal_year() -> None:
    # A column headed "FY" holding 2021: with July, FY2021 is Jul 2020 – Jun 2021.
    parsed = parse_dates(pd.Series(["2021", "2022", "FY2023"]), fiscal_column=True, fiscal_start=7)
    got = [
        (str(lo.date()), str(hi.date()))
        for lo, hi in zip(parsed["earliest"], parsed["latest"], strict=True)
    ]
    assert got == [
        ("2020-07-01", "2021-06-30"),
        ("2021-07-01", "2022-06-30"),
        ("2022-07-01", "2023-06-30"),
    ]
    assert set(parsed["precision"]) == {"fiscal year"}
    # Without the header a year stays the calendar year.
    plain = parse_dates(pd.Series(["2021"]), fiscal_start=7)
    assert (str(plain["earliest"].iloc[0].date()), plain["precision"].iloc[0]) == (
        "2021-01-01",
        "year",
    )


def test_only_a_header_naming_fiscal_years_makes_a_fiscal_column(tmp_path) -> None:
    # "Financial close" is a day in a project's life, not a fiscal year: 2015 stays 2015.
    source = tmp_path / "p.csv"
    source.write_text("id,title,Financial close\na,Alpha,2015\n", "utf-8")
    roles = {"id": "project_id", "title": "name", "Financial close": "start"}
    ledger = load_files([source], mappings={str(source): ChosenMapping(roles)}, fiscal_start=7)
    assert str(ledger.projects["start_earliest"].iloc[0].date()) == "2015-01-01"
    # "Start FY" 2015 with July: FY2015 = Jul 2014 – Jun 2015.
    source.write_text("id,title,Start FY\na,Alpha,2015\n", "utf-8")
    roles = {"id": "project_id", "title": "name", "Start FY": "start"}
    ledger = load_files([source], mappings={str(source): ChosenMapping(roles)}, fiscal_start=7)
    assert str(ledger.projects["start_earliest"].iloc[0].date()) == "2014-07-01"


def test_short_spans_and_fiscal_pairs_with_typographic_dashes() -> None:
    # An en dash reads as a hyphen: 2016–24 is 2016–2024; in a fiscal column 2010–11 is FY2011
    # (April: Apr 2010 – Mar 2011).
    parsed = parse_dates(pd.Series(["2016\u201324", "2013-05-17"]))
    assert (str(parsed["earliest"].iloc[0].date()), str(parsed["latest"].iloc[0].date())) == (
        "2016-01-01",
        "2024-12-31",
    )
    fiscal = parse_dates(pd.Series(["2010\u201311", "2011\u201312"]), fiscal_start=4)
    assert str(fiscal["earliest"].iloc[0].date()) == "2010-04-01"
    assert list(fiscal["precision"]) == ["fiscal year", "fiscal year"]


def test_edtf_year_divisions_are_not_short_spans_in_an_edtf_column() -> None:
    # Beside 1992% (an EDTF-only form) 2001-29 and 2001-34 are EDTF level-2 divisions of 2001
    # (not read here), never the years 2001-2029; without EDTF forms 2027-29 is a span.
    edtf = parse_dates(pd.Series(["1992%", "2001-29", "2001-34"]))
    assert list(edtf["precision"][1:]) == ["unreadable", "unreadable"]
    plain = parse_dates(pd.Series(["2027-29", "2013-05-17"]))
    assert plain["precision"].iloc[0] == "interval"
