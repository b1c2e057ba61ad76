"""Table-driven tests of the date grammar: every phrase it reads, and the traps it must not.

Most phrases are parsed as ONE column (with an aligned anchor column for relative phrases), so
the table also checks that rules do not disturb each other. Numeric day/month orders are decided
per column, so they get their own columns in test_parse_dates.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.dates import DATE_DTYPE, parse_dates, unreadable

U = "unreadable"
A = "approx"
Q = "uncertain"

# (text, anchor or None, earliest, latest, precision, flags)
CASES: list[tuple[object, str | None, str | None, str | None, str, str]] = [
    # --- ISO and partial ISO ---------------------------------------------------------------
    ("2013-05-17", None, "2013-05-17", "2013-05-17", "day", ""),
    ("2013-05", None, "2013-05-01", "2013-05-31", "month", ""),
    ("2013", None, "2013-01-01", "2013-12-31", "year", ""),
    ("2013/05/17", None, "2013-05-17", "2013-05-17", "day", ""),
    ("2013/05", None, "2013-05-01", "2013-05-31", "month", ""),
    ("20130517", None, "2013-05-17", "2013-05-17", "day", ""),
    ("2013-5-7", None, "2013-05-07", "2013-05-07", "day", ""),
    ("2013.05.17", None, "2013-05-17", "2013-05-17", "day", ""),
    ("2013-05-17T10:30:00", None, "2013-05-17", "2013-05-17", "day", ""),
    ("2013-05-17 00:00:00", None, "2013-05-17", "2013-05-17", "day", ""),
    ("  2013-05-18  ", None, "2013-05-18", "2013-05-18", "day", ""),
    ("2012-02-29", None, "2012-02-29", "2012-02-29", "day", ""),
    ("2013-02-29", None, None, None, U, ""),
    ("2013-02-30", None, None, None, U, ""),
    ("2000-02-29", None, "2000-02-29", "2000-02-29", "day", ""),
    ("1900-02-29", None, None, None, U, ""),
    ("2013-13", None, None, None, U, ""),
    ("2013-00", None, None, None, U, ""),
    ("2013-04-31", None, None, None, U, ""),
    ("2013-05-99", None, None, None, U, ""),
    ("1882", None, "1882-01-01", "1882-12-31", "year", ""),
    ("1882-03-19", None, "1882-03-19", "1882-03-19", "day", ""),
    ("1500", None, "1500-01-01", "1500-12-31", "year", ""),
    ("1000-01-01", None, "1000-01-01", "1000-01-01", "day", ""),
    ("9999", None, "9999-01-01", "9999-12-31", "year", ""),
    ("9999-12-31", None, "9999-12-31", "9999-12-31", "day", ""),
    ("0999", None, None, None, U, ""),
    ("10000", None, None, None, U, ""),
    ("2008-02", None, "2008-02-01", "2008-02-29", "month", ""),
    ("2100-02", None, "2100-02-01", "2100-02-28", "month", ""),
    ("20130230", None, None, None, U, ""),
    ("2013.0", None, "2013-01-01", "2013-12-31", "year", ""),
    (2014, None, "2014-01-01", "2014-12-31", "year", ""),
    (2015.0, None, "2015-01-01", "2015-12-31", "year", ""),
    # --- numeric month/year ----------------------------------------------------------------
    ("05/2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("5.2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("13/2013", None, None, None, U, ""),
    # --- month names -------------------------------------------------------------------------
    ("May 2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("may 2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("MAY   2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("17 May 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("17 may, 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("17th May 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("17th of May 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("May 17, 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("May 17 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("May 17th, 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("September 2014", None, "2014-09-01", "2014-09-30", "month", ""),
    ("Sept. 2014", None, "2014-09-01", "2014-09-30", "month", ""),
    ("Sep 2014", None, "2014-09-01", "2014-09-30", "month", ""),
    ("sept 2014", None, "2014-09-01", "2014-09-30", "month", ""),
    ("Feb. 2012", None, "2012-02-01", "2012-02-29", "month", ""),
    ("17-May-2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("May-2013", None, "2013-05-01", "2013-05-31", "month", ""),
    ("2013 May", None, "2013-05-01", "2013-05-31", "month", ""),
    ("2013-May-17", None, "2013-05-17", "2013-05-17", "day", ""),
    ("January 1, 1882", None, "1882-01-01", "1882-01-01", "day", ""),
    ("31 April 2013", None, None, None, U, ""),
    ("29 Feb 2012", None, "2012-02-29", "2012-02-29", "day", ""),
    ("29 Feb 2013", None, None, None, U, ""),
    ("Mayo 2013", None, None, None, U, ""),
    ("December 31, 9999", None, "9999-12-31", "9999-12-31", "day", ""),
    # --- weekday prefixes (MS Project) ------------------------------------------------------
    ("Monday, 17 May 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("Fri 17 May 2013", None, "2013-05-17", "2013-05-17", "day", ""),
    ("Mon 10/30/11", None, "2011-10-30", "2011-10-30", "day", ""),
    ("Thu 1/2/69", None, "1969-01-02", "1969-01-02", "day", ""),
    ("Tue 01/02/68", None, "2068-01-02", "2068-01-02", "day", ""),
    ("Mon 2013-05-17", None, "2013-05-17", "2013-05-17", "day", ""),
    ("Mon May 2013", None, None, None, U, ""),
    ("Mon 2013", None, None, None, U, ""),
    ("05/05/2013", None, "2013-05-05", "2013-05-05", "day", ""),
    # Issue 12 changed this rule: two-digit years are read everywhere with the POSIX pivot (the
    # slash group of this column is month-first, and 05/17 is month-first only anyway).
    ("05/17/13", None, "2013-05-17", "2013-05-17", "day", ""),
    ("13-05-17", None, None, None, U, ""),  # dashed a-b-yy may be year-first: not read
    # --- quarters ----------------------------------------------------------------------------
    ("Q3 2014", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("q3 2014", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("2014Q3", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("2014-Q3", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("2014 Q3", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("3Q 2014", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("3Q2014", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("Q1 2013", None, "2013-01-01", "2013-03-31", "quarter", ""),
    ("Q4 2013", None, "2013-10-01", "2013-12-31", "quarter", ""),
    ("Q1-2013", None, "2013-01-01", "2013-03-31", "quarter", ""),
    ("third quarter of 2014", None, "2014-07-01", "2014-09-30", "quarter", ""),
    ("4th quarter 2014", None, "2014-10-01", "2014-12-31", "quarter", ""),
    ("Q5 2014", None, None, None, U, ""),
    ("Q0 2014", None, None, None, U, ""),
    ("mid-Q1 2014", None, "2014-02-01", "2014-02-28", "month", ""),
    ("late Q4 2014", None, "2014-12-01", "2014-12-31", "month", ""),
    ("early Q2 2014", None, "2014-04-01", "2014-04-30", "month", ""),
    # --- halves ------------------------------------------------------------------------------
    ("H2 2015", None, "2015-07-01", "2015-12-31", "half", ""),
    ("H1 2015", None, "2015-01-01", "2015-06-30", "half", ""),
    ("2015H2", None, "2015-07-01", "2015-12-31", "half", ""),
    ("2015-H1", None, "2015-01-01", "2015-06-30", "half", ""),
    ("2H 2015", None, "2015-07-01", "2015-12-31", "half", ""),
    ("first half of 2015", None, "2015-01-01", "2015-06-30", "half", ""),
    ("second half 2015", None, "2015-07-01", "2015-12-31", "half", ""),
    ("1st half 2015", None, "2015-01-01", "2015-06-30", "half", ""),
    ("the second half of 2015", None, "2015-07-01", "2015-12-31", "half", ""),
    ("H3 2014", None, None, None, U, ""),
    ("H0 2014", None, None, None, U, ""),
    # --- seasons -----------------------------------------------------------------------------
    # Spring is March–May (the product's seasons; it was read as March–June before).
    ("spring 2013", None, "2013-03-01", "2013-05-31", "season", ""),
    ("summer 2013", None, "2013-06-01", "2013-08-31", "season", ""),
    ("autumn 2013", None, "2013-09-01", "2013-11-30", "season", ""),
    ("fall 2013", None, "2013-09-01", "2013-11-30", "season", ""),
    ("winter 2013", None, "2013-12-01", "2014-02-28", "season", ""),
    ("winter 2015", None, "2015-12-01", "2016-02-29", "season", ""),
    ("winter 2013/14", None, "2013-12-01", "2014-02-28", "season", ""),
    ("winter 2013/2014", None, "2013-12-01", "2014-02-28", "season", ""),
    ("winter 2013/15", None, None, None, U, ""),
    ("Spring of 2013", None, "2013-03-01", "2013-05-31", "season", ""),  # spring is Mar–May
    ("summer 2013/14", None, None, None, U, ""),
    # --- parts of a year ---------------------------------------------------------------------
    ("early 2014", None, "2014-01-01", "2014-04-30", "year-part", ""),
    ("mid 2014", None, "2014-05-01", "2014-08-31", "year-part", ""),
    ("mid-2014", None, "2014-05-01", "2014-08-31", "year-part", ""),
    ("middle of 2014", None, "2014-05-01", "2014-08-31", "year-part", ""),
    ("late 2014", None, "2014-09-01", "2014-12-31", "year-part", ""),
    ("Late-2014", None, "2014-09-01", "2014-12-31", "year-part", ""),
    ("end of 2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("end-2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("by end-2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("by the end of 2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("the end of 2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("end 2019", None, "2019-12-01", "2019-12-31", "month", ""),
    ("beginning of 2020", None, "2020-01-01", "2020-01-31", "month", ""),
    ("start of 2020", None, "2020-01-01", "2020-01-31", "month", ""),
    ("start-2020", None, "2020-01-01", "2020-01-31", "month", ""),
    # --- parts of a month --------------------------------------------------------------------
    ("early May 2014", None, "2014-05-01", "2014-05-10", "month-part", ""),
    ("mid May 2014", None, "2014-05-11", "2014-05-20", "month-part", ""),
    ("mid-May 2014", None, "2014-05-11", "2014-05-20", "month-part", ""),
    ("late May 2014", None, "2014-05-21", "2014-05-31", "month-part", ""),
    ("late Feb 2012", None, "2012-02-21", "2012-02-29", "month-part", ""),
    ("late February 2013", None, "2013-02-21", "2013-02-28", "month-part", ""),
    ("end of May 2020", None, "2020-05-21", "2020-05-31", "month-part", ""),
    ("beginning of May 2020", None, "2020-05-01", "2020-05-10", "month-part", ""),
    # --- decades -----------------------------------------------------------------------------
    ("the 2010s", None, "2010-01-01", "2019-12-31", "decade", ""),
    ("2010s", None, "2010-01-01", "2019-12-31", "decade", ""),
    ("1990's", None, "1990-01-01", "1999-12-31", "decade", ""),
    ("the 1880s", None, "1880-01-01", "1889-12-31", "decade", ""),
    # --- intervals ---------------------------------------------------------------------------
    ("2013-05/2014-11", None, "2013-05-01", "2014-11-30", "interval", ""),
    ("2019..2020", None, "2019-01-01", "2020-12-31", "interval", ""),
    ("2019...2020", None, "2019-01-01", "2020-12-31", "interval", ""),
    ("2010-2011", None, "2010-01-01", "2011-12-31", "interval", ""),
    ("2010\u20132011", None, "2010-01-01", "2011-12-31", "interval", ""),
    ("2010 \u2014 2011", None, "2010-01-01", "2011-12-31", "interval", ""),
    ("between 2019 and 2020", None, "2019-01-01", "2020-12-31", "interval", ""),
    ("2019 to 2020", None, "2019-01-01", "2020-12-31", "interval", ""),
    ("from 2019 to 2020", None, "2019-01-01", "2020-12-31", "interval", ""),
    ("Q3 2014 - Q1 2015", None, "2014-07-01", "2015-03-31", "interval", ""),
    ("May 2013 - June 2014", None, "2013-05-01", "2014-06-30", "interval", ""),
    ("2013/2014", None, "2013-01-01", "2014-12-31", "interval", ""),
    ("2014 - 2013", None, None, None, U, ""),
    ("2014-06/2014-03", None, None, None, U, ""),
    ("2020..2019", None, None, None, U, ""),
    ("end-2009 or start-2010", None, "2009-12-01", "2010-01-31", "interval", ""),
    ("spring 2013 to autumn 2014", None, "2013-03-01", "2014-11-30", "interval", ""),
    ("2013 - 2013", None, "2013-01-01", "2013-12-31", "interval", ""),
    ("between Q5 2014 and 2015", None, None, None, U, ""),
    ("17 May 2013 - 20 June 2013", None, "2013-05-17", "2013-06-20", "interval", ""),
    ("c. 2033\u20132037", None, "2033-01-01", "2037-12-31", "interval", A),
    # --- approximate and uncertain markers -----------------------------------------------------
    ("~2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("~ 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("c. 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("c.2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("ca. 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("ca 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("circa 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("Circa May 2015", None, "2015-05-01", "2015-05-31", "month", A),
    ("about 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("around 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("approx. 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("approx 2015", None, "2015-01-01", "2015-12-31", "year", A),
    ("approximately Q3 2015", None, "2015-07-01", "2015-09-30", "quarter", A),
    ("2015?", None, "2015-01-01", "2015-12-31", "year", Q),
    ("2015 ?", None, "2015-01-01", "2015-12-31", "year", Q),
    ("Q3 2014?", None, "2014-07-01", "2014-09-30", "quarter", Q),
    ("~2016?", None, "2016-01-01", "2016-12-31", "year", A + "," + Q),
    ("~", None, None, None, U, ""),
    ("?", None, None, None, U, ""),
    ("c. 2013-02-30", None, None, None, U, ""),
    # --- relative promises, anchored on the statement date -----------------------------------
    ("within 18 months", "2013-10-23", "2013-10-23", "2015-04-23", "relative", ""),
    # Spring 2013 is March–May: 18 months on from its last day is 2014-11-30 (it was 2014-12-31
    # when spring ran to June).
    ("within a year to 18 months", "spring 2013", "2014-03-01", "2014-11-30", "relative", ""),
    ("in 12-18 months", "spring 2013", "2014-03-01", "2014-11-30", "relative", ""),
    ("within 12 to 18 months", "2013", "2014-01-01", "2015-06-30", "relative", ""),
    # One meaning, one interval ("by X" is X): "in N months/years/quarters" is the calendar
    # month/year/quarter N on, "this year" the whole year, "by the end of the year" its
    # December, as the absolute "2015", "end of 2019" are (these rows read days before).
    ("in two years", "2013-05-17", "2015-01-01", "2015-12-31", "relative", ""),
    ("within two years", "2013-05-17", "2013-05-17", "2015-05-17", "relative", ""),
    ("within 2 years", "2013-05", "2013-05-01", "2015-05-31", "relative", ""),
    ("in 6 weeks", "2019-06-15", "2019-07-27", "2019-07-27", "relative", ""),
    ("in 10 days", "2019-06-15", "2019-06-25", "2019-06-25", "relative", ""),
    ("within 10 days", "2019-06-15", "2019-06-15", "2019-06-25", "relative", ""),
    ("in a year", "2019-06-15", "2020-01-01", "2020-12-31", "relative", ""),
    ("within half a year", "2019-06-15", "2019-06-15", "2019-12-15", "relative", ""),
    ("in a year and a half", "2019-06", "2020-12-01", "2020-12-31", "relative", ""),
    ("within 1.5 years", "2019-06-15", "2019-06-15", "2020-12-15", "relative", ""),
    ("in one month", "2013-01-31", "2013-02-01", "2013-02-28", "relative", ""),
    ("within three months", "2013-11-30", "2013-11-30", "2014-02-28", "relative", ""),
    ("within twenty years", "2000", "2000-01-01", "2020-12-31", "relative", ""),
    ("within the next two years", "2019", "2019-01-01", "2021-12-31", "relative", ""),
    ("in 2 quarters", "2019-01-15", "2019-07-01", "2019-09-30", "relative", ""),
    ("next year", "2019-06-15", "2020-01-01", "2020-12-31", "relative", ""),
    ("next year", "2019..2020", "2020-01-01", "2021-12-31", "relative", ""),
    ("next year", "2019-12-31", "2020-01-01", "2020-12-31", "relative", ""),
    ("Next Year", "2018", "2019-01-01", "2019-12-31", "relative", ""),
    ("this year", "2019-06-15", "2019-01-01", "2019-12-31", "relative", ""),
    ("this year", "2019", "2019-01-01", "2019-12-31", "relative", ""),
    ("by the end of the year", "2019-06-15", "2019-12-01", "2019-12-31", "relative", ""),
    ("by year-end", "2019-06-15", "2019-12-01", "2019-12-31", "relative", ""),
    ("by the end of next year", "2018-04", "2019-12-01", "2019-12-31", "relative", ""),
    ("later this year", "2019-06-15", "2019-06-15", "2019-12-31", "relative", ""),
    ("next month", "2019-06-15", "2019-07-01", "2019-07-31", "relative", ""),
    ("next month", "2019-12-15", "2020-01-01", "2020-01-31", "relative", ""),
    ("next quarter", "2019-06-15", "2019-07-01", "2019-09-30", "relative", ""),
    ("next quarter", "2019-11-02", "2020-01-01", "2020-03-31", "relative", ""),
    ("this quarter", "2019-05-10", "2019-04-01", "2019-06-30", "relative", ""),
    ("this month", "2019-02-10", "2019-02-01", "2019-02-28", "relative", ""),
    ("within 18 months?", "2013", "2013-01-01", "2015-06-30", "relative", Q),
    ("within 18 months", None, None, None, U, ""),
    ("next year", "", None, None, U, ""),
    ("next year", "TBD", None, None, U, ""),
    ("within 18 months", "nonsense", None, None, U, ""),
    ("within 2.5 months", "2019", None, None, U, ""),
    ("soon", "2019", None, None, U, ""),
    ("shortly", "2019", None, None, U, ""),
    ("soonish", "2019", None, None, U, ""),
    ("in the coming months", "2019", None, None, U, ""),
    ("in a few months", "2019", None, None, U, ""),
    # --- empty: no date at all (not unreadable) -----------------------------------------------
    ("", None, None, None, "", ""),
    (None, None, None, None, "", ""),
    (np.nan, None, None, None, "", ""),
    ("n/a", None, None, None, "", ""),
    ("N/A", None, None, None, "", ""),
    ("na", None, None, None, "", ""),
    ("NA", None, None, None, "", ""),
    ("none", None, None, None, "", ""),
    ("TBD", None, None, None, "", ""),
    ("tba", None, None, None, "", ""),
    ("-", None, None, None, "", ""),
    ("\u2014", None, None, None, "", ""),
    ("\u2013", None, None, None, "", ""),
    ("   ", None, None, None, "", ""),
    # --- traps: unreadable, never guessed -----------------------------------------------------
    ("13/13/2013", None, None, None, U, ""),
    ("nonsense", None, None, None, U, ""),
    ("foo 2013", None, None, None, U, ""),
    ("2013 bar", None, None, None, U, ""),
    ("12345678", None, None, None, U, ""),
    ("17052013", None, None, None, U, ""),
    ("by 2019", None, "2019-01-01", "2019-12-31", "year", ""),  # "by X" is X's interval
    ("before 2019", None, None, None, U, ""),  # names no period the date falls in
    ("2013-05-17-18", None, None, None, U, ""),
    ("Q3", None, None, None, U, ""),
    ("May", None, None, None, U, ""),
    ("2013 2014", None, None, None, U, ""),
    ("spring", None, None, None, U, ""),
    ("13", None, None, None, U, ""),
    ("999", None, None, None, U, ""),
    ("-2013", None, None, None, U, ""),
    ("2013-", None, None, None, U, ""),
    ("the plant opened in 2013 " * 4, None, None, None, U, ""),
]


def _ids() -> list[str]:
    return [
        f"{i}:{case[0]!r}" + (f"@{case[1]}" if case[1] is not None else "")
        for i, case in enumerate(CASES)
    ]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    values = pd.Series([c[0] for c in CASES], dtype=object)
    anchors = pd.Series([c[1] for c in CASES], dtype=object)
    return parse_dates(values, anchor=anchors)


def test_table_is_large() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("i", range(len(CASES)), ids=_ids())
def test_phrase(table: pd.DataFrame, i: int) -> None:
    text, _anchor, earliest, latest, precision, flags = CASES[i]
    row = table.iloc[i]
    got = (
        None if pd.isna(row["earliest"]) else row["earliest"].strftime("%Y-%m-%d"),
        None if pd.isna(row["latest"]) else row["latest"].strftime("%Y-%m-%d"),
        row["precision"],
        ",".join(f for f in (A, Q) if row[f]),
    )
    assert got == (earliest, latest, precision, flags), text


def test_phrases_alone_match_the_column(table: pd.DataFrame) -> None:
    """Each phrase parsed as a one-cell column reads the same as inside the big column.

    Numeric day/month cells are the exception: alone, "Thu 1/2/69" does not decide its order
    (in the table, "Mon 10/30/11" makes the column month-first), so they are read month-first.
    """
    for i, (text, anchor, *_rest) in enumerate(CASES):
        order = False if text in ("Thu 1/2/69", "Tue 01/02/68") else None
        alone = parse_dates(
            pd.Series([text], dtype=object), anchor=pd.Series([anchor]), dayfirst=order
        )
        for col in ("earliest", "latest", "precision", "approx", "uncertain"):
            a, b = alone[col].iloc[0], table[col].iloc[i]
            assert (pd.isna(a) and pd.isna(b)) or a == b, (text, col)


def test_result_shape_and_dtypes(table: pd.DataFrame) -> None:
    columns = ["earliest", "latest", "precision", "approx", "uncertain", "open", "actual", "text"]
    assert list(table.columns) == columns
    assert table["earliest"].dtype == DATE_DTYPE
    assert table["latest"].dtype == DATE_DTYPE
    assert table["approx"].dtype == bool
    assert table["uncertain"].dtype == bool
    assert table["open"].dtype == bool
    assert table["actual"].dtype == bool
    assert isinstance(table.attrs["column_messages"], list)
    assert table["text"].iloc[10] == "2013-05-18"  # stripped
    assert table["text"].iloc[0] == "2013-05-17"


def test_unreadable_keeps_text(table: pd.DataFrame) -> None:
    bad = unreadable(table)
    texts = set(table.loc[bad, "text"])
    assert {"2013-02-30", "13/13/2013", "Q5 2014", "H3 2014", "nonsense", "?"} <= texts
    assert table.loc[bad, "earliest"].isna().all()
    assert not table.loc[bad, "approx"].any()
