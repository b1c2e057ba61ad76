"""A few values of each date column beside the interval each was read as (worked out by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.dates import parse_dates
from data.ledger.readings import NOT_READ, column_readings, preview_readings
from data.load import load_files
from data.report import Reading

# Written as an analyst's column: years, a quarter, a decade, an approximate year, months,
# days, an empty cell and an unreadable one, some values twice.
CELLS = [
    "2013",  # year, 12 months
    "2013-05-17",  # day
    "Q3 2014",  # quarter, 3 months
    "",
    "2010s",  # decade, 120 months: the fuzziest
    "2013",
    "c. 2015",  # year, 12 months, approximate: fuzzier than 2013
    "soonish",  # unreadable: never shown
    "May 2013",  # month
    "2016",  # year
    "2014-02-03",  # day
    "2016-03",  # month
]


def test_the_fuzziest_value_of_each_precision_first_then_the_next_ones() -> None:
    values = pd.Series(CELLS, dtype=object)
    readings = column_readings(values, parse_dates(values))
    # Round one, one value per precision: decade 2010s, year c. 2015 (approximate beats 2013
    # and 2016), quarter Q3 2014, month May 2013 (first met), day 2013-05-17 (first met): five
    # already, so no second round. Listed fuzziest first: 120 months, 12 (approximate), 3, 1
    # month (about 4 weeks), one day.
    assert readings == [
        Reading("2010s", "2010 – 2019", "2010-01-01", "2019-12-31"),
        Reading("c. 2015", "c. 2015", "2015-01-01", "2015-12-31"),
        Reading("Q3 2014", "Jul 2014 – Sep 2014", "2014-07-01", "2014-09-30"),
        Reading("May 2013", "May 2013", "2013-05-01", "2013-05-31"),
        Reading("2013-05-17", "17 May 2013", "2013-05-17", "2013-05-17"),
    ]


def test_fewer_precisions_leave_room_for_a_second_value_of_each() -> None:
    values = pd.Series(["2013-05-17", "2014", "2013-06", "2014", "2012", "2011-01-02", "2015"])
    readings = column_readings(values, parse_dates(values))
    # Round one: 2014, 2013-06, 2013-05-17; round two: 2012 (the next year: a leap year is no
    # wider than 2014), 2011-01-02 (the next day); 2015 would be a sixth.
    assert [(r.value, r.reading) for r in readings] == [
        ("2014", "2014"),
        ("2012", "2012"),
        ("2013-06", "Jun 2013"),
        ("2013-05-17", "17 May 2013"),
        ("2011-01-02", "2 Jan 2011"),
    ]


def test_never_more_than_asked_and_nothing_from_a_column_without_dates() -> None:
    values = pd.Series([f"{y}" for y in range(1990, 2020)])
    assert len(column_readings(values, parse_dates(values))) == 5
    assert len(column_readings(values, parse_dates(values), k=2)) == 2
    empty = pd.Series(["", "tbd", "soon"], dtype=object)
    assert column_readings(empty, parse_dates(empty)) == []


def test_a_value_speaks_for_its_earliest_line_and_a_relative_phrase_for_its_row() -> None:
    values = pd.Series(["within 18 months", "within 18 months", "2020"], dtype=object)
    anchor = parse_dates(pd.Series(["2014", "2013-05-17", "2019"], dtype=object))
    parsed = parse_dates(values, anchor)
    # The rows as a sorted ledger holds them: row 1 is the file's line 2, row 0 its line 3.
    lines = np.array([3, 2, 4])
    first = column_readings(values, parsed, lines)[0]
    # Line 2's statement is 17 May 2013: 18 months later is 17 Nov 2014.
    assert first == Reading(
        "within 18 months", "17 May 2013 – 17 Nov 2014", "2013-05-17", "2014-11-17"
    )
    # Without lines, the rows' own order: the 2014 statement, Jan 2014 .. Dec 2014 + 18 months.
    assert column_readings(values, parsed)[0].reading == "Jan 2014 – Jun 2016"


def test_the_load_report_keeps_each_date_columns_readings(tmp_path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "project_id,event_date,promised\n"
        "a,2013-05-17,Q3 2014\n"
        "a,2014,within 18 months\n"
        "b,2012-02,soonish\n",
        encoding="utf-8",
    )
    report = load_files([str(path)]).report.files[0]
    assert list(report.readings) == ["event_date", "promised"]
    assert [(r.value, r.reading) for r in report.readings["event_date"]] == [
        ("2014", "2014"),
        ("2012-02", "Feb 2012"),
        ("2013-05-17", "17 May 2013"),
    ]
    # The 2014 statement + 18 months: Jan 2014 .. Jun 2016, wider than the quarter.
    assert [(r.value, r.reading) for r in report.readings["promised"]] == [
        ("within 18 months", "Jan 2014 – Jun 2016"),
        ("Q3 2014", "Jul 2014 – Sep 2014"),
    ]


def test_preview_reads_the_rows_shown_with_the_roles_and_order_chosen() -> None:
    columns = {
        "Datum": ["03/04/2012", "2013", ""],
        "Zusage": ["Q3 2014", "within 6 months", "soon"],
        "Notiz": ["x", "2013", "z"],
    }
    roles = {"Datum": "date", "Zusage": "promised"}
    month_first = preview_readings(columns, roles, False)
    assert month_first == {
        "Datum": ["4 Mar 2012", "2013", ""],
        # 2013 + 6 months: Jan 2013 .. Jun 2014.
        "Zusage": ["Jul 2014 – Sep 2014", "Jan 2013 – Jun 2014", NOT_READ],
    }
    assert preview_readings(columns, roles, True)["Datum"][0] == "3 Apr 2012"
    # Nothing decides 03/04/2012 here: not read, never guessed.
    assert preview_readings(columns, roles, None)["Datum"][0] == NOT_READ
    # Without a statement date a relative phrase has nothing to count from.
    alone = preview_readings(columns, {"Zusage": "promised"}, None)
    assert alone == {"Zusage": ["Jul 2014 – Sep 2014", NOT_READ, NOT_READ]}


# The choice as first written, with a frame's sort and group-by: the plain way the arrays of
# ``column_readings`` must agree with (which values, in which order).
def _frame_choice(values: pd.Series, parsed: pd.DataFrame, lines: np.ndarray, k: int) -> list:
    seen = list(dict.fromkeys(values))  # the distinct values, first met first
    first_of: dict[str, int] = {}
    for row in np.lexsort((np.arange(len(lines)), lines)):  # a value's row on its earliest line
        first_of.setdefault(values.iloc[row], int(row))
    # In the order of those lines; values first met on one line, in the order first met.
    by_line = sorted(seen, key=lambda v: (lines[first_of[v]], seen.index(v)))
    first = np.array([first_of[v] for v in by_line], dtype=np.int64)
    lo = parsed["earliest"].to_numpy()[first].astype("datetime64[D]")
    hi = parsed["latest"].to_numpy()[first].astype("datetime64[D]")
    at = np.flatnonzero(~np.isnat(lo) & ~np.isnat(hi) & (lo <= hi))
    shown = parsed["text"].to_numpy(dtype=object)[first]
    at = at[~pd.Series(shown[at]).duplicated().to_numpy()]
    rows = first[at]

    def mark(name: str) -> np.ndarray:
        return parsed[name].to_numpy(dtype=bool)[rows] if name in parsed else np.zeros(len(at))

    fuzz = pd.DataFrame(
        {
            "open": mark("open"),
            "months": (hi[at].astype("datetime64[M]") - lo[at].astype("datetime64[M]")).astype(
                "int64"
            ),
            "weeks": (hi[at] - lo[at]).astype("int64") // 7,
            "marks": mark("approx").astype(int) + mark("uncertain") + mark("open"),
            "at": at,
            "precision": parsed["precision"].to_numpy(dtype=object)[rows],
        }
    )
    fuzz = fuzz.sort_values(
        ["open", "months", "weeks", "marks", "at"], ascending=[False, False, False, False, True]
    ).reset_index(drop=True)
    fuzz["round"] = fuzz.groupby("precision", sort=False).cumcount()
    chosen = fuzz.sort_values("round", kind="stable").head(k).sort_index()["at"].to_numpy()
    return [(str(shown[i]), str(lo[i]), str(hi[i])) for i in chosen]


_POOL = [
    *CELLS,
    "2012",
    "2014",
    "Q1 2013",
    "Q4 2016",
    "H1 2015",
    "2013-05",
    "Jun 2013",
    "2013?",
    "c. 2013",
    "no earlier than March 2021",
    "after 2019",
    "2001-02-03",
    "1999-12-31",
    "1990s",
    "spring 2014",
    "late 2021, possibly 2022",
    "FY2018",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_POOL), min_size=0, max_size=40),
    st.randoms(use_true_random=False),
    st.integers(1, 8),
)
def test_the_choice_is_the_plain_frame_sorts(cells: list[str], rng, k: int) -> None:
    """Any column, its rows on shuffled lines (some shared): the same values as the frame's
    sort and group-by choose, in the same order."""
    values = pd.Series(cells, dtype=object)
    lines = np.array([rng.randrange(2, 2 + max(len(cells), 1)) for _ in cells], dtype=np.int64)
    parsed = parse_dates(values)
    got = [(r.value, r.earliest, r.latest) for r in column_readings(values, parsed, lines, k)]
    assert got == _frame_choice(values, parsed, lines, k)
