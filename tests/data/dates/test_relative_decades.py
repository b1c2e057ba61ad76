"""Relative decades ("mid-decade", "by the end of the decade", "early next decade") and "before
the end of" a relative period. Expected intervals by hand, said on 2021-03-10 (its decade: the
2020s, 2020-01-01 .. 2029-12-31; early / mid / late = years 0–3 / 4–6 / 7–9; its end its last
year, its start its first)."""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates

SAID = "2021-03-10"


def read(phrase: str, said: str = SAID) -> tuple[str, str]:
    parsed = parse_dates(pd.Series([phrase]), anchor=pd.Series([said]))
    lo, hi = parsed["earliest"].iloc[0], parsed["latest"].iloc[0]
    return (str(lo.date()) if pd.notna(lo) else "", str(hi.date()) if pd.notna(hi) else "")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("mid-decade", ("2024-01-01", "2026-12-31")),
        ("by mid-decade", ("2024-01-01", "2026-12-31")),
        ("the middle of the decade", ("2024-01-01", "2026-12-31")),
        ("early this decade", ("2020-01-01", "2023-12-31")),
        ("late this decade", ("2027-01-01", "2029-12-31")),
        ("by the end of the decade", ("2029-01-01", "2029-12-31")),
        ("this decade", ("2020-01-01", "2029-12-31")),
        ("next decade", ("2030-01-01", "2039-12-31")),
        ("early next decade", ("2030-01-01", "2033-12-31")),
        ("later this decade", ("2021-03-10", "2029-12-31")),
    ],
)
def test_relative_decades(phrase: str, expected: tuple[str, str]) -> None:
    assert read(phrase) == expected


def test_a_decade_counts_from_its_years_ending_in_0() -> None:
    # Said on 2019-12-31 the decade is the 2010s: mid-decade 2014–2016 (already past: the
    # phrase names that period, the reading does not move it).
    assert read("mid-decade", "2019-12-31") == ("2014-01-01", "2016-12-31")
    assert read("mid-decade", "2030-01-01") == ("2034-01-01", "2036-12-31")


@pytest.mark.parametrize("phrase", ["decade", "the decade", "within a decade"])
def test_a_decade_without_which_or_part_is_unreadable(phrase: str) -> None:
    assert read(phrase) == ("", "")


def test_before_the_end_of_a_relative_period_is_its_end_as_for_an_absolute_one() -> None:
    # "before the end of 2021" is Dec 2021; said in 2021, "before the end of the year" too.
    assert read("before the end of 2021") == ("2021-12-01", "2021-12-31")
    assert read("before the end of the year") == ("2021-12-01", "2021-12-31")
    # "before next year" still runs from the statement to the day before the next year.
    assert read("before next year") == ("2021-03-10", "2021-12-31")
