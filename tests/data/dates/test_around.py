"""Words around a date rewritten into the grammar's words (data/dates/around.py): verbs that do not
move a date, event adjectives, "as late as", "rather than", "closer to", "time frame", "N months
away", and open-ended words in front of relative and yearless dates. Every interval is worked
out by hand in the comments; near-misses must stay unreadable."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates

U = "unreadable"

# (text, statement date, earliest, latest, open, approx)
CASES = [
    # --- verbs of a move before to/until/till/into, of an event before in/by/for/...: the date
    ("pushed back to 2011", None, "2011-01-01", "2011-12-31", False, False),
    ("delayed until May 2016", None, "2016-05-01", "2016-05-31", False, False),
    ("has been postponed to late 2019", None, "2019-09-01", "2019-12-31", False, False),
    ("will be completed in 2011", None, "2011-01-01", "2011-12-31", False, False),
    ("is expected to open by Q3 2020", None, "2020-07-01", "2020-09-30", False, False),
    ("scheduled for June 2027", None, "2027-06-01", "2027-06-30", False, False),
    # a yearless day keeps its preposition: June 3 said 2019-06-15 is this month's (June 2019)
    ("slipped to June 3", "2019-06-15", "2019-06-03", "2019-06-03", False, False),
    # --- event adjectives, "a date of"
    ("a delayed 2015 opening", None, "2015-01-01", "2015-12-31", False, False),
    ("the revised autumn 2020 completion date", None, "2020-09-01", "2020-11-30", False, False),
    # May 15 said 2020-04-03: this May
    ("a tentative date of May 15", "2020-04-03", "2020-05-15", "2020-05-15", False, False),
    # March 2 said 2020-04-03: March is before April, so next year's
    ("the new completion date of March 2", "2020-04-03", "2021-03-02", "2021-03-02", False, False),
    ("as late as 2036", None, "2036-01-01", "2036-12-31", False, False),
    ("by October 2017 rather than December 2016", None, "2017-10-01", "2017-10-31", False, False),
    ("2020 rather than 2019", None, "2020-01-01", "2020-12-31", False, False),
    # the later stages/part of a year = late: Sep-Dec
    ("by the later stages of 2021", None, "2021-09-01", "2021-12-31", False, False),
    ("in the later part of 2018", None, "2018-09-01", "2018-12-31", False, False),
    # --- approximate before relative dates: end of this month = days 21-end (Nov has 30)
    ("closer to the end of this month", "2015-11-16", "2015-11-21", "2015-11-30", False, True),
    ("nearer December 15th", "2015-11-18", "2015-12-15", "2015-12-15", False, True),
    ("nearer to 2030", None, "2030-01-01", "2030-12-31", False, True),
    # --- "time frame"; two dashed names without a year, counted from the statement's month
    ("in the January-March time frame", "2015-11-18", "2016-01-01", "2016-03-31", False, False),
    ("the 2020 time frame", None, "2020-01-01", "2020-12-31", False, False),
    ("in the May-June timeframe", "2015-02-01", "2015-05-01", "2015-06-30", False, False),
    # --- open-ended in front of relative and yearless dates
    ("not open before next year", "2024-08-07", "2025-01-01", "2025-12-31", True, False),
    ("will not be completed before 2015", None, "2015-01-01", "2015-12-31", True, False),
    ("no earlier than May 24", "2006-05-15", "2006-05-24", "2006-05-24", True, False),
    # May 24 said in June: next year's
    ("no earlier than May 24", "2006-06-15", "2007-05-24", "2007-05-24", True, False),
    ("no earlier than 17 June", "1985-05-24", "1985-06-17", "1985-06-17", True, False),
    ("not before September", "2019-06-15", "2019-09-01", "2019-09-30", True, False),
    ("until at least January of next year", "2021-05-02", "2022-01-01", "2022-01-31", True, False),
    # mid-January = days 11-20; said in November, next year's January
    ("at best mid-January", "2015-11-18", "2016-01-11", "2016-01-20", True, False),
    ("at best 2019", None, "2019-01-01", "2019-12-31", True, False),
    # 18 months after June 2024 = December 2025 (its calendar month)
    ("at least 18 months away", "2024-06-03", "2025-12-01", "2025-12-31", True, False),
    ("two years away", "2024-06-03", "2026-01-01", "2026-12-31", False, False),
    ("no sooner than late next year", "2019-06-15", "2020-09-01", "2020-12-31", True, False),
    ("no earlier than March 2021", None, "2021-03-01", "2021-03-31", True, False),
]

NEAR_MISSES = [
    ("delayed from 2015", None),  # where it was, not where it is
    ("pushed back by six months", "2019-06-15"),  # an amount of delay, not a date
    ("completed before 2015", None),  # "before X" without "not" names no period
    ("will be completed after 2011", None),
    ("not open after 2015", None),
    ("a rumoured 2015 opening", None),  # an adjective we do not know
    ("as late as soon", None),
    ("rather than 2016", None),  # no A
    ("May 24", "2006-05-15"),  # a bare month and two digits may be May 2024: not a day
    ("no earlier than soon", "2006-05-15"),
    ("at least 18 months", "2024-06-03"),  # no "away", no "in": no period named
    ("at best", None),
    ("closer to", None),
    ("after next year", "2024-08-07"),
    ("beyond 2030", None),
    ("in the March-January time frame", "2015-11-18"),  # reversed
    ("no earlier than May 24", None),  # relative without a statement date
]


def _parse(text: str, statement: str | None) -> pd.Series:
    anchor = None if statement is None else pd.Series([statement])
    return parse_dates(pd.Series([text]), anchor=anchor).iloc[0]


def _day(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


@pytest.mark.parametrize(("text", "statement", "lo", "hi", "is_open", "approx"), CASES)
def test_words_around_read(
    text: str, statement: str | None, lo: str, hi: str, is_open: bool, approx: bool
) -> None:
    row = _parse(text, statement)
    got = (_day(row["earliest"]), _day(row["latest"]), bool(row["open"]), bool(row["approx"]))
    assert got == (lo, hi, is_open, approx), text
    assert row["text"] == text


@pytest.mark.parametrize(("text", "statement"), NEAR_MISSES)
def test_near_misses_stay_unreadable(text: str, statement: str | None) -> None:
    row = _parse(text, statement)
    assert row["precision"] == U, text
    assert not row["open"]


def test_bare_month_days_in_a_column_keep_their_reading() -> None:
    # A data column of "Mar 22"-like values, with or without a statement date: never read as a
    # relative yearless day, so unreadable (the words of this module are not in them).
    parsed = parse_dates(
        pd.Series(["Mar 22", "Dec 09", "2019-05-01"]),
        anchor=pd.Series(["2019-06-15"] * 3),
    )
    assert parsed["precision"].tolist() == [U, U, "day"]
    assert not parsed["open"].any()


def test_a_mixed_column_reads_each_cell_as_alone() -> None:
    texts = [c[0] for c in CASES]
    statements = [c[1] or "" for c in CASES]
    together = parse_dates(pd.Series(texts), anchor=pd.Series(statements))
    for i, case in enumerate(CASES):
        row = together.iloc[i]
        got = (_day(row["earliest"]), _day(row["latest"]), bool(row["open"]))
        assert got == (case[2], case[3], case[4]), case[0]
