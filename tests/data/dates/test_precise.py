"""A date as text at its own precision (data/dates/precise.py): each expected text written by
hand from the bounds, the precision name and the marks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dates.precise import precise_text, role_text

# (earliest, latest, precision, flags, text)
CASES = [
    ("2006-07-31", "2006-07-31", "day", "", "31 Jul 2006"),
    ("2006-07-01", "2006-07-31", "month", "", "Jul 2006"),
    ("2014-07-01", "2014-09-30", "quarter", "", "Q3 2014"),
    ("2015-01-01", "2015-06-30", "half", "", "H1 2015"),
    ("2015-07-01", "2015-12-31", "half", "", "H2 2015"),
    ("2013-03-01", "2013-05-31", "season", "", "spring 2013"),  # the grammar's Mar–May
    ("2013-09-01", "2013-11-30", "season", "", "autumn 2013"),
    ("2013-12-01", "2014-02-28", "season", "", "winter 2013/14"),
    ("2009-01-01", "2009-12-31", "year", "", "2009"),
    ("2020-01-01", "2029-12-31", "decade", "", "2020s"),
    # Centuries as the grammar reads "the 19th century" and "the 1800s": 1800–1899 (they were
    # 1801–1900 before, which the grammar never produced).
    ("1800-01-01", "1899-12-31", "century", "", "19th century"),
    ("2000-01-01", "2099-12-31", "century", "", "21st century"),
    ("1100-01-01", "1199-12-31", "century", "", "12th century"),
    ("1000-01-01", "1099-12-31", "century", "", "11th century"),
    # The generic interval: whole months, whole years, days.
    ("2009-10-01", "2010-03-31", "interval", "", "Oct 2009 – Mar 2010"),
    ("2030-01-01", "2033-12-31", "range", "", "2030 – 2033"),
    ("2013-05-03", "2013-05-20", "interval", "", "3 May 2013 – 20 May 2013"),
    ("2014-01-01", "2014-04-30", "year-part", "", "Jan 2014 – Apr 2014"),  # "early 2014"
    ("2014-05-11", "2014-05-20", "month-part", "", "11 May 2014 – 20 May 2014"),  # "mid May"
    # Months on one side only: days on both ends.
    ("2013-05-01", "2013-06-15", "interval", "", "1 May 2013 – 15 Jun 2013"),
    # An interval of exactly one year, month or day is written once.
    ("2015-01-01", "2015-12-31", "range", "", "2015"),
    ("2015-03-01", "2015-03-31", "interval", "", "Mar 2015"),
    ("2015-03-04", "2015-03-04", "range", "", "4 Mar 2015"),
    # Marks.
    ("2015-01-01", "2015-12-31", "year", "~", "c. 2015"),
    ("2015-01-01", "2015-12-31", "year", "?", "2015?"),
    ("2021-03-01", "2021-03-31", "month", "+", "no earlier than Mar 2021"),
    ("2014-07-01", "2014-09-30", "quarter", "~?", "c. Q3 2014?"),
    # A precision name whose bounds have another shape: the generic interval.
    ("2014-02-01", "2014-04-30", "quarter", "", "Feb 2014 – Apr 2014"),
    ("2009-01-01", "2010-12-31", "year", "", "2009 – 2010"),
    ("2013-05-01", "2013-05-02", "day", "", "1 May 2013 – 2 May 2013"),
    ("2021-01-01", "2030-12-31", "decade", "", "2021 – 2030"),
    # Spring is March–May: March–June is no season (it was spring before).
    ("2014-03-01", "2014-06-30", "season", "", "Mar 2014 – Jun 2014"),
    ("1801-01-01", "1900-12-31", "century", "", "1801 – 1900"),  # centuries are 1800–1899
    ("2014-01-01", "2014-12-31", "month", "", "2014"),
    # No date: no text, marks or not.
    ("NaT", "NaT", "", "", ""),
    ("NaT", "NaT", "unreadable", "~", ""),
]


def _days(texts: list[str]) -> np.ndarray:
    return np.array([np.datetime64(t, "D") for t in texts])


@pytest.mark.parametrize(("lo", "hi", "precision", "flags", "expected"), CASES)
def test_one_date_at_its_own_precision(
    lo: str, hi: str, precision: str, flags: str, expected: str
) -> None:
    assert list(precise_text(_days([lo]), _days([hi]), [precision], [flags])) == [expected]


def test_a_column_is_worked_out_per_distinct_date_and_spread_back() -> None:
    """All cases at once, each three times in a shuffled order, in seconds resolution (the
    ledger's), with None and NaN for a missing precision or mark."""
    order = np.random.default_rng(7).permutation(np.tile(np.arange(len(CASES)), 3))
    lo = _days([CASES[i][0] for i in order]).astype("datetime64[s]")
    hi = _days([CASES[i][1] for i in order]).astype("datetime64[s]")
    precision = np.array([CASES[i][2] or None for i in order], dtype=object)
    flags = np.array([CASES[i][3] or np.nan for i in order], dtype=object)
    assert list(precise_text(lo, hi, precision, flags)) == [CASES[i][4] for i in order]
    # Without marks, the marked cases read plain.
    plain = precise_text(lo, hi, precision)
    marked = [i for i, case in enumerate(CASES) if case[2:4] in (("year", "~"), ("year", "?"))]
    assert len(marked) == 2
    assert {plain[k] for k in np.flatnonzero(np.isin(order, marked))} == {"2015"}


def test_empty_and_timestamp_input() -> None:
    none = np.array([], dtype="datetime64[s]")
    assert list(precise_text(none, none, [], [])) == []
    got = precise_text(
        [pd.Timestamp("2013-01-01"), pd.NaT], [pd.Timestamp("2013-12-31"), None], ["year", "year"]
    )
    assert list(got) == ["2013", ""]


def test_a_role_of_a_ledger_frame() -> None:
    frame = pd.DataFrame(
        {
            "start_earliest": _days(["2014-07-01", "2006-07-31", "NaT"]).astype("datetime64[s]"),
            "start_latest": _days(["2014-09-30", "2006-07-31", "NaT"]).astype("datetime64[s]"),
            "start_precision": ["quarter", "day", ""],
            "start_flags": ["", "~", ""],
        }
    )
    assert list(role_text(frame, "start")) == ["Q3 2014", "c. 31 Jul 2006", ""]
    assert list(role_text(frame, "start", at=np.array([1]))) == ["c. 31 Jul 2006"]
    # A frame without marks reads every date plain.
    assert list(role_text(frame.drop(columns="start_flags"), "start")) == [
        "Q3 2014",
        "31 Jul 2006",
        "",
    ]
