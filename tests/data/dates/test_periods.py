"""Seasons, parts of decades and seasons, centuries and alternatives, as the product defines them
(data/dates/periods.py and the grammar's season table).

Every expected interval is worked out by hand from the rules: spring March–May, summer June–August,
autumn/fall September–November, winter YYYY December YYYY – February YYYY+1; early/mid/late of a
decade its years 0–3 / 4–6 / 7–9, of a season its first / middle / last month; ``the 1800s`` and
``the 19th century`` 1800–1899, ``the 2000s`` 2000–2009; alternatives from the earliest day of
the first part to the latest day of the last.
"""

from __future__ import annotations

import pandas as pd
import pytest

from data.dates import parse_dates
from data.dates.precise import precise_text

U = "unreadable"

# (text, anchor or None, earliest, latest, precision)
CASES: list[tuple[str, str | None, str | None, str | None, str]] = [
    # --- seasons: spring is March–May --------------------------------------------------------
    ("spring 2020", None, "2020-03-01", "2020-05-31", "season"),
    ("Spring of 2018", None, "2018-03-01", "2018-05-31", "season"),
    ("by Spring of 2018", None, "2018-03-01", "2018-05-31", "season"),  # the corpus' phrase
    ("summer 2020", None, "2020-06-01", "2020-08-31", "season"),
    ("autumn 2020", None, "2020-09-01", "2020-11-30", "season"),
    ("fall 2020", None, "2020-09-01", "2020-11-30", "season"),
    ("winter 2019", None, "2019-12-01", "2020-02-29", "season"),  # 2020 is a leap year
    ("winter 2013/14", None, "2013-12-01", "2014-02-28", "season"),
    # relative seasons use the same table: said on 2019-02-10, "this spring" is Mar–May 2019
    ("this spring", "2019-02-10", "2019-03-01", "2019-05-31", "relative"),
    ("late spring", "2019-02-10", "2019-05-01", "2019-05-31", "relative"),
    # --- parts of a decade: years 0-3 / 4-6 / 7-9 --------------------------------------------
    ("the early 2040s", None, "2040-01-01", "2043-12-31", "decade-part"),
    ("early 2040s", None, "2040-01-01", "2043-12-31", "decade-part"),
    ("mid-2020s", None, "2024-01-01", "2026-12-31", "decade-part"),
    ("the mid 2020s", None, "2024-01-01", "2026-12-31", "decade-part"),
    ("late 1990s", None, "1997-01-01", "1999-12-31", "decade-part"),
    ("the late 1990's", None, "1997-01-01", "1999-12-31", "decade-part"),
    ("mid-2000s", None, "2004-01-01", "2006-12-31", "decade-part"),  # the 2000s is a decade
    ("early 1800s", None, None, None, U),  # decade or century: not guessed
    # --- parts of a season: first / middle / last month --------------------------------------
    ("early autumn 2018", None, "2018-09-01", "2018-09-30", "month"),
    ("mid-autumn 2018", None, "2018-10-01", "2018-10-31", "month"),
    ("late spring 2019", None, "2019-05-01", "2019-05-31", "month"),
    ("early spring 2019", None, "2019-03-01", "2019-03-31", "month"),
    ("late summer 2016", None, "2016-08-01", "2016-08-31", "month"),
    ("mid-winter 2013", None, "2014-01-01", "2014-01-31", "month"),
    ("early winter 2013", None, "2013-12-01", "2013-12-31", "month"),
    ("late winter 2013", None, "2014-02-01", "2014-02-28", "month"),
    ("late fall of 2021", None, "2021-11-01", "2021-11-30", "month"),
    # --- decades and centuries ---------------------------------------------------------------
    ("the 2020s", None, "2020-01-01", "2029-12-31", "decade"),
    ("2020s", None, "2020-01-01", "2029-12-31", "decade"),
    ("the 1990's", None, "1990-01-01", "1999-12-31", "decade"),
    ("the 2000s", None, "2000-01-01", "2009-12-31", "decade"),  # the exception: a decade
    # regression: "the 1800s" was read as ten years (1800-1809), confidently wrong
    ("the 1800s", None, "1800-01-01", "1899-12-31", "century"),
    ("1800s", None, "1800-01-01", "1899-12-31", "century"),
    ("the 1700s", None, "1700-01-01", "1799-12-31", "century"),
    ("1900's", None, "1900-01-01", "1999-12-31", "century"),
    ("the 19th century", None, "1800-01-01", "1899-12-31", "century"),
    ("21st century", None, "2000-01-01", "2099-12-31", "century"),
    ("the 11th century", None, "1000-01-01", "1099-12-31", "century"),
    ("the 22nd century", None, "2100-01-01", "2199-12-31", "century"),
    ("the 19st century", None, None, None, U),
    ("the 0th century", None, None, None, U),
    # --- alternatives and intervals: earliest of the first part, latest of the last ----------
    ("between April and July 2020", None, "2020-04-01", "2020-07-31", "interval"),
    ("from April to July 2020", None, "2020-04-01", "2020-07-31", "interval"),
    ("late October or November 2011", None, "2011-10-21", "2011-11-30", "interval"),
    ("July–September, 2014", None, "2014-07-01", "2014-09-30", "interval"),
    ("July-September 2014", None, "2014-07-01", "2014-09-30", "interval"),
    ("July - September, 2014", None, "2014-07-01", "2014-09-30", "interval"),
    ("late 2021, possibly 2022", None, "2021-09-01", "2022-12-31", "interval"),
    ("2021, possibly 2022", None, "2021-01-01", "2022-12-31", "interval"),
    ("2021 or 2022", None, "2021-01-01", "2022-12-31", "interval"),
    ("spring or summer 2020", None, "2020-03-01", "2020-08-31", "interval"),
    ("mid to late 2014", None, "2014-05-01", "2014-12-31", "interval"),
    # unreadable: a part unreadable, or the parts reversed
    ("December or January 2021", None, None, None, U),
    ("2022 or 2021", None, None, None, U),
    ("2022, possibly 2021", None, None, None, U),
    ("between April and soon", None, None, None, U),
    ("between April and 2020", None, None, None, U),  # a bare year lends nothing
    ("2021, possibly later", None, None, None, U),
    ("winter or spring 2020", None, None, None, U),  # Dec 2020 – Feb 2021, then Mar–May 2020
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    values = pd.Series([c[0] for c in CASES], dtype=object)
    anchors = pd.Series([c[1] for c in CASES], dtype=object)
    return parse_dates(values, anchor=anchors)


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_phrase(table: pd.DataFrame, i: int) -> None:
    text, _anchor, earliest, latest, precision = CASES[i]
    row = table.iloc[i]
    got = (
        None if pd.isna(row["earliest"]) else row["earliest"].strftime("%Y-%m-%d"),
        None if pd.isna(row["latest"]) else row["latest"].strftime("%Y-%m-%d"),
        row["precision"],
    )
    assert got == (earliest, latest, precision), text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("the 1800s", "19th century"),
        ("the 19th century", "19th century"),
        ("21st century", "21st century"),
        ("the 2000s", "2000s"),
        ("spring 2013", "spring 2013"),
        ("winter 2013", "winter 2013/14"),
        ("mid-2020s", "2024 – 2026"),
    ],
)
def test_written_back_at_its_own_precision(text: str, shown: str) -> None:
    parsed = parse_dates(pd.Series([text]))
    got = precise_text(parsed["earliest"], parsed["latest"], parsed["precision"])
    assert list(got) == [shown]
