"""A few values of each date column beside the interval each was read as (worked out by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
