"""Open-ended statements ("no earlier than March 2021") and the words people put around a date
("by July 2021", "some time in 2015"): each keeps the interval of the date it names, worked out
by hand below; an open-ended one also sets ``open``. Relative phrases stay relative."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.dates import parse_dates
from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table

U = "unreadable"

# (text, earliest, latest, precision, open)
CASES: list[tuple[str, str | None, str | None, str, bool]] = [
    # --- open-ended: the named period, nothing bounds it above ---------------------------------
    ("no earlier than March 2021", "2021-03-01", "2021-03-31", "month", True),
    ("No earlier than March 2021", "2021-03-01", "2021-03-31", "month", True),
    ("not before 2021", "2021-01-01", "2021-12-31", "year", True),
    ("not earlier than Q3 2020", "2020-07-01", "2020-09-30", "quarter", True),
    ("no sooner than 2020", "2020-01-01", "2020-12-31", "year", True),
    ("2016 at the earliest", "2016-01-01", "2016-12-31", "year", True),
    ("at the earliest in 2016", "2016-01-01", "2016-12-31", "year", True),
    ("at least spring 2022", "2022-03-01", "2022-05-31", "season", True),  # spring is Mar–May
    ("2031 and possibly later", "2031-01-01", "2031-12-31", "year", True),
    ("2031 or later", "2031-01-01", "2031-12-31", "year", True),
    ("mid-2018 (or later)", "2018-05-01", "2018-08-31", "year-part", True),
    ("until April 2024 at the earliest", "2024-04-01", "2024-04-30", "month", True),
    ("until at least January 2021", "2021-01-01", "2021-01-31", "month", True),
    ("not before the end of 2019", "2019-12-01", "2019-12-31", "month", True),
    ("no earlier than 17 June 2015", "2015-06-17", "2015-06-17", "day", True),
    ("no earlier than 2019 - 2020", "2019-01-01", "2020-12-31", "interval", True),
    # --- words that leave the date as it is -------------------------------------------------
    ("in 2024", "2024-01-01", "2024-12-31", "year", False),
    ("by July 2021", "2021-07-01", "2021-07-31", "month", False),
    ("by 2019", "2019-01-01", "2019-12-31", "year", False),
    ("until April 2020", "2020-04-01", "2020-04-30", "month", False),
    ("till 2020", "2020-01-01", "2020-12-31", "year", False),
    ("some time in 2015", "2015-01-01", "2015-12-31", "year", False),
    ("sometime in 2015", "2015-01-01", "2015-12-31", "year", False),
    ("as soon as possible in 2022", "2022-01-01", "2022-12-31", "year", False),
    ("the year 2016", "2016-01-01", "2016-12-31", "year", False),
    ("in the year 2016", "2016-01-01", "2016-12-31", "year", False),
    ("during 2015", "2015-01-01", "2015-12-31", "year", False),
    ("in late 2019", "2019-09-01", "2019-12-31", "year-part", False),
    ("by early 2020", "2020-01-01", "2020-04-30", "year-part", False),
    ("by the end of 2019", "2019-12-01", "2019-12-31", "month", False),
    ("before the end of 2019", "2019-12-01", "2019-12-31", "month", False),
    ("before end-2019", "2019-12-01", "2019-12-31", "month", False),
    ("by mid-May 2022 at the latest", "2022-05-11", "2022-05-20", "month-part", False),
    ("in Q3 2014", "2014-07-01", "2014-09-30", "quarter", False),
    ("in 2019 or 2020", "2019-01-01", "2020-12-31", "interval", False),
    ("by  February   2016", "2016-02-01", "2016-02-29", "month", False),
    ("to November 2029", "2029-11-01", "2029-11-30", "month", False),
    ("through June 2016", "2016-06-01", "2016-06-30", "month", False),
    ("into 2011", "2011-01-01", "2011-12-31", "year", False),
    ("for June 2027", "2027-06-01", "2027-06-30", "month", False),
    ("on 17 March 2013", "2013-03-17", "2013-03-17", "day", False),
    ("at some point in 2021", "2021-01-01", "2021-12-31", "year", False),
    ("somewhere in 2020", "2020-01-01", "2020-12-31", "year", False),
    ("in 2018 itself", "2018-01-01", "2018-12-31", "year", False),
    ("at the end of 2025", "2025-12-01", "2025-12-31", "month", False),
    ("to at least January 2021", "2021-01-01", "2021-01-31", "month", True),
    ("from 2019 to 2020", "2019-01-01", "2020-12-31", "interval", False),
    # --- unreadable stays unreadable, whatever the words ------------------------------------
    ("no earlier than soon", None, None, U, False),
    ("no earlier than", None, None, U, False),
    ("2031 or later than planned", None, None, U, False),
    ("by", None, None, U, False),
    ("in", None, None, U, False),
    ("in the coming years", None, None, U, False),
    ("before 2019", None, None, U, False),
    ("at 2019", None, None, U, False),
    ("to", None, None, U, False),
    ("as soon as possible", None, None, U, False),
    ("by 2019-02-30", None, None, U, False),
    ("at least 18 months", None, None, U, False),
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return parse_dates(pd.Series([c[0] for c in CASES], dtype=object))


def _day(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_phrase(table: pd.DataFrame, i: int) -> None:
    row = table.iloc[i]
    got = (_day(row["earliest"]), _day(row["latest"]), row["precision"], bool(row["open"]))
    assert got == CASES[i][1:], CASES[i][0]


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_phrase_alone_reads_the_same(table: pd.DataFrame, i: int) -> None:
    alone = parse_dates(pd.Series([CASES[i][0]]))
    for column in ("earliest", "latest", "precision", "open"):
        a, b = alone[column].iloc[0], table[column].iloc[i]
        assert (pd.isna(a) and pd.isna(b)) or a == b, (CASES[i][0], column)


# Relative phrases keep their own rules (their intervals are tested with relative.py): the words
# above do not take them.
RELATIVE = ["in two years", "in 12-18 months", "within 18 months", "in the next 6 weeks"]


@pytest.mark.parametrize("text", RELATIVE)
def test_relative_phrases_stay_relative(text: str) -> None:
    parsed = parse_dates(pd.Series([text]), anchor=pd.Series(["2019-06-15"]))
    assert parsed["precision"].iloc[0] == "relative"
    assert not parsed["open"].iloc[0]


def test_marks_combine_with_open(table: pd.DataFrame) -> None:
    parsed = parse_dates(pd.Series(["c. 2020 or later", "not before 2021?", "2015", ""]))
    assert parsed["approx"].tolist() == [True, False, False, False]
    assert parsed["uncertain"].tolist() == [False, True, False, False]
    assert parsed["open"].tolist() == [True, True, False, False]


def test_open_column_of_every_result() -> None:
    datetimes = parse_dates(pd.Series(pd.to_datetime(["2020-01-02", None])))
    assert datetimes["open"].tolist() == [False, False]
    assert parse_dates(pd.Series([], dtype=object))["open"].dtype == bool


EVENTS = (
    "project_id,event_date,event_kind,promised_date\n"
    "A,2019-05-01,promise,no earlier than March 2021\n"
    "B,2019-05-01,promise,by July 2021\n"
    "C,2019-05-01,promise,no earlier than 2150\n"
)


def test_an_open_promise_through_the_ledger_and_the_metrics(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(EVENTS, encoding="utf-8")
    ledger = load_files([str(path)])
    events = ledger.events.set_index("project_id")
    assert events.loc["A", "promised_flags"] == "+"
    assert events.loc["B", "promised_flags"] == ""
    # More than 100 years after its statement: implausible, emptied with its marks.
    assert (events.loc["C", "promised_text"], events.loc["C", "promised_flags"]) == ("", "")
    assert _day(events.loc["A", "promised_earliest"]) == "2021-03-01"
    assert _day(events.loc["B", "promised_latest"]) == "2021-07-31"
    table = metrics_table(snapshot(ledger, "2020-01-01")).set_index("project_id")
    assert table.loc["A", "latest_promise_text"] == "no earlier than Mar 2021"
    assert table.loc["B", "latest_promise_text"] == "Jul 2021"
