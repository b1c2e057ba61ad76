"""parse_dates on whole columns: the result frame, empty and datetime columns, the day/month
order decided per column, and Excel serial columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.dates import parse_dates
from data.dates.column import DATE_ORDER_MESSAGE

U = "unreadable"


def test_index_is_kept() -> None:
    values = pd.Series(["2013", "Q3 2014"], index=[10, 5])
    result = parse_dates(values)
    assert list(result.index) == [10, 5]


def test_empty_and_all_missing_columns() -> None:
    assert len(parse_dates(pd.Series([], dtype=object))) == 0
    result = parse_dates(pd.Series([None, np.nan, "NA", ""], dtype=object))
    assert (result["precision"] == "").all()
    assert result["earliest"].isna().all()


def test_datetime_column() -> None:
    values = pd.Series(pd.to_datetime(["2013-05-17 10:00", None]))
    result = parse_dates(values)
    assert result["earliest"].iloc[0] == pd.Timestamp("2013-05-17")
    assert result["latest"].iloc[0] == pd.Timestamp("2013-05-17")
    assert list(result["precision"]) == ["day", ""]


def test_string_dtype_column() -> None:
    values = pd.Series(["2013-05-17", "May 2013", None], dtype="string")
    result = parse_dates(values)
    assert list(result["precision"]) == ["day", "month", ""]


# --- day/month order, decided per column -------------------------------------------------


def _days(result: pd.DataFrame) -> list[str | None]:
    return [None if pd.isna(x) else x.strftime("%Y-%m-%d") for x in result["earliest"]]


def test_day_first_column() -> None:
    # Issue 12: the order is decided per separator, so the dashed cell of this column became
    # "1-2-2013" + "17-05-2013" (a dashed cell no longer takes the dotted cells' order).
    result = parse_dates(
        pd.Series(["17.05.2013", "03.04.2013", "05/05/2013", "1-2-2013", "17-05-2013"])
    )
    assert _days(result) == ["2013-05-17", "2013-04-03", "2013-05-05", "2013-02-01", "2013-05-17"]
    assert list(result["precision"]) == ["day"] * 5
    assert result.attrs["column_messages"] == []


def test_month_first_column() -> None:
    result = parse_dates(pd.Series(["05/17/2013", "03/04/2013", "12/31/1999"]))
    assert _days(result) == ["2013-05-17", "2013-03-04", "1999-12-31"]
    assert result.attrs["column_messages"] == []


def test_ambiguous_column_is_not_guessed() -> None:
    result = parse_dates(pd.Series(["03/04/2013", "04/03/2013", "05/05/2013", "2013-06-01"]))
    assert list(result["precision"]) == [U, U, "day", "day"]
    assert _days(result) == [None, None, "2013-05-05", "2013-06-01"]
    messages = result.attrs["column_messages"]
    assert len(messages) == 1
    assert "day/month order is ambiguous" in messages[0]
    assert "03/04/2013" in messages[0]


def test_conflicting_column() -> None:
    # Issue 12: orders conflict only within one separator ("17.05.2013" beside "05/17/2013" is
    # a dotted day-first group and a slashed month-first one), so the conflict is all slashes.
    result = parse_dates(pd.Series(["17/05/2013", "05/17/2013", "03/04/2013", "05/05/2013"]))
    assert list(result["precision"]) == [U, U, U, "day"]
    messages = result.attrs["column_messages"]
    assert len(messages) == 1 and "conflict" in messages[0]


def test_forced_order() -> None:
    cells = pd.Series(["03/04/2013", "05/17/2013", "17/05/2013"])
    day_first = parse_dates(cells, dayfirst=True)
    assert _days(day_first) == ["2013-04-03", None, "2013-05-17"]
    month_first = parse_dates(cells, dayfirst=False)
    assert _days(month_first) == ["2013-03-04", "2013-05-17", None]
    assert day_first.attrs["column_messages"] == month_first.attrs["column_messages"] == []


def test_order_decided_by_an_interval_part() -> None:
    result = parse_dates(pd.Series(["03.04.2013 - 20.06.2013", "01.02.2013"]))
    assert _days(result) == ["2013-04-03", "2013-02-01"]
    assert result["latest"].iloc[0] == pd.Timestamp("2013-06-20")


def test_dash_separated_day_first() -> None:
    result = parse_dates(pd.Series(["17-05-2013", "01-02-2013"]))
    assert _days(result) == ["2013-05-17", "2013-02-01"]


def test_mixed_separators_in_one_date_are_unreadable() -> None:
    result = parse_dates(pd.Series(["17.05/2013", "17.05.2013"]))
    assert list(result["precision"]) == [U, "day"]


def test_ms_project_column() -> None:
    result = parse_dates(pd.Series(["Mon 10/30/11", "Tue 11/01/11", "NA", "Wed 11/2/11"]))
    assert _days(result) == ["2011-10-30", "2011-11-01", None, "2011-11-02"]
    assert list(result["precision"]) == ["day", "day", "", "day"]


def test_two_digit_years_without_weekday() -> None:
    # Issue 12 changed this rule: two-digit years used to be read only after a weekday; now they
    # are read everywhere with the POSIX pivot, and each separator decides its own order (10/30
    # is month-first only, 30.10 day-first only). Dashed a-b-yy stays unreadable without a
    # weekday: 13-05-17 may be the year-first 2013-05-17.
    result = parse_dates(pd.Series(["10/30/11", "30.10.11", "30-10-11"]))
    assert _days(result) == ["2011-10-30", "2011-10-30", None]
    assert list(result["precision"]) == ["day", "day", U]


# --- Excel serial numbers ------------------------------------------------------------------


def test_excel_serial_column_of_ints() -> None:
    result = parse_dates(pd.Series([41275, 41276, 43831]))
    assert _days(result) == ["2013-01-01", "2013-01-02", "2020-01-01"]
    assert list(result["precision"]) == ["day"] * 3
    assert any("Excel" in m for m in result.attrs["column_messages"])


def test_excel_serial_column_of_floats_with_gaps() -> None:
    result = parse_dates(pd.Series([41275.0, np.nan, 43831.0]))
    assert _days(result) == ["2013-01-01", None, "2020-01-01"]
    assert list(result["precision"]) == ["day", "", "day"]


def test_excel_serial_column_of_text_with_na() -> None:
    result = parse_dates(pd.Series(["41275", "41276.0", "NA", None], dtype=object))
    assert _days(result) == ["2013-01-01", "2013-01-02", None, None]


def test_integer_year_trap() -> None:
    # One 4-digit year means the column is not serials: 2013 is a year, 41275 is unreadable.
    result = parse_dates(pd.Series([2013, 41275]))
    assert list(result["precision"]) == ["year", U]
    assert _days(result) == ["2013-01-01", None]
    assert result["latest"].iloc[0] == pd.Timestamp("2013-12-31")
    years = parse_dates(pd.Series([2013, 2014, 1999]))
    assert list(years["precision"]) == ["year"] * 3


def test_serials_out_of_range_are_not_serials() -> None:
    result = parse_dates(pd.Series([41275, 19999]))
    assert (result["precision"] == U).all()
    result = parse_dates(pd.Series([41275, 80001]))
    assert (result["precision"] == U).all()


def test_no_epoch_nanoseconds() -> None:
    result = parse_dates(pd.Series([1, 2, 1_600_000_000, 1_600_000_000_000_000_000]))
    assert (result["precision"] == U).all()
    assert result["earliest"].isna().all()


def test_serial_column_mixed_with_iso_is_not_serial() -> None:
    result = parse_dates(pd.Series(["41275", "2013-05-17"]))
    assert list(result["precision"]) == [U, "day"]


# --- the day/month order flag ----------------------------------------------------------------


def _unclear(result: pd.DataFrame) -> bool:
    flag = result.attrs["date_order_unclear"]
    assert isinstance(flag, bool)
    # The flag says exactly whether a day/month-order message was written.
    assert flag == any(m.startswith(DATE_ORDER_MESSAGE) for m in result.attrs["column_messages"])
    return flag


def test_order_flag_on_an_ambiguous_column() -> None:
    # 03/04/2013 and 04/03/2013 are valid either way round and no cell decides.
    result = parse_dates(pd.Series(["03/04/2013", "04/03/2013", "2013-06-01"]))
    assert _unclear(result) is True
    assert _days(result) == [None, None, "2013-06-01"]


def test_order_flag_on_a_conflicting_column() -> None:
    # 17/05/2013 can only be day-first, 05/17/2013 only month-first (issue 12: both slashed;
    # a dotted 17.05.2013 would decide only the dotted cells).
    assert _unclear(parse_dates(pd.Series(["17/05/2013", "05/17/2013"]))) is True


def test_order_flag_when_a_cell_decides() -> None:
    # 17/05/2013 has no month 17, so the column is day-first and 03/04/2013 is 3 April.
    result = parse_dates(pd.Series(["17/05/2013", "03/04/2013"]))
    assert _unclear(result) is False
    assert _days(result) == ["2013-05-17", "2013-04-03"]


def test_order_flag_when_the_order_is_forced() -> None:
    result = parse_dates(pd.Series(["03/04/2013", "04/03/2013"]), dayfirst=True)
    assert _unclear(result) is False
    assert _days(result) == ["2013-04-03", "2013-03-04"]


def test_order_flag_on_columns_without_numeric_dates() -> None:
    datetimes = pd.Series(pd.to_datetime(["2013-05-17", None]))
    for values in (
        pd.Series([], dtype=object),  # empty: returns early
        datetimes,  # already datetimes: returns early
        pd.Series([None, "NA", ""], dtype=object),
        pd.Series([41275, 43831]),  # Excel serials
        pd.Series(["2013", "Q3 2014", "within 18 months"]),  # a relative message, not an order one
    ):
        assert _unclear(parse_dates(values)) is False
