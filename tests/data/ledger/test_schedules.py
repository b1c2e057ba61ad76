"""Schedule exports as tables: summary rows as the grouping, P6's field-name row, a promised
pair, the baseline start, tables stored sideways. Figures worked out by hand in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table

# A Microsoft Project export: summary rows (Summary = Yes) above their tasks, by outline level.
MSP = (
    "ID,Outline Level,Name,Summary,Start,Finish,Baseline Finish,Actual Finish\n"
    "1,1,Depot,Yes,2019-01-07,2020-03-27,2019-12-20,\n"
    "2,2,Design,Yes,2019-01-07,2019-06-28,2019-05-31,\n"
    "3,3,Survey,No,2019-01-07,2019-02-15,2019-02-08,2019-02-15\n"
    "4,3,Drawings,No,2019-02-18,2019-06-28,2019-05-31,2019-06-28\n"
    "5,2,Build,No,2019-07-01,2020-03-27,2019-12-20,\n"
    "6,1,Signals,Yes,2019-03-04,2020-09-30,2020-06-30,\n"
    "7,2,Cabling,No,2019-03-04,2020-09-30,2020-06-30,\n"
)
# The same plan with outline numbers and no Summary column (a row with rows under it is one).
OUTLINE_NUMBERS = (
    "Outline Number,Name,Start,Baseline Finish,Actual Finish\n"
    "1,Depot,2019-01-07,2019-12-20,\n"
    "1.1,Design,2019-01-07,2019-05-31,\n"
    "1.1.1,Survey,2019-01-07,2019-02-08,2019-02-15\n"
    "1.1.2,Drawings,2019-02-18,2019-05-31,2019-06-28\n"
    "1.2,Build,2019-07-01,2019-12-20,\n"
    "2,Signals,2019-03-04,2020-06-30,\n"
    "2.1,Cabling,2019-03-04,2020-06-30,\n"
)
# Primavera P6's spreadsheet export: field names, then their labels, then the activities.
P6 = (
    "task_code,task_name,status_code,target_start_date,target_end_date,act_start_date,"
    "act_end_date,reend_date,wbs_id\n"
    "Activity ID,Activity Name,Activity Status,Planned Start,Planned Finish,Actual Start,"
    "Actual Finish,Remaining Finish,WBS\n"
    "A1000,Site survey,Completed,07-Jan-19,08-Feb-19,07-Jan-19 A,15-Feb-19 A,,PRJ.DES\n"
    "A1010,Drawings,In Progress,18-Feb-19,31-May-19,18-Feb-19 A,,30-Sep-19,PRJ.DES\n"
)
# One project per column, the first column holding the field labels.
SIDEWAYS = (
    "Project,Alpha,Beta\n"
    "Start,2019-01-01,2019-03-01\n"
    "Finish,2020-06-30,\n"
    "Baseline Finish,2020-01-31,2020-12-31\n"
)
# A ledger whose promises are a "Promised from" / "Promised by" pair.
PROMISED_PAIR = (
    "project_id,name,date,Promised from,Promised by,quote\n"
    "a,Alpha,2015-01-10,2016-01-01,2016-06-30,first\n"
    "a,Alpha,2016-03-01,2016-09-01,2017-03-31,second\n"
)


def days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def load(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_files([str(path)])


def table(ledger, as_of: str) -> dict[str, dict[str, str]]:
    """The metrics CSV's rows by id, with the projects' attributes."""
    metrics = metrics_table(snapshot(ledger, as_of)).set_index("project_id")
    attributes = ledger.projects.set_index("project_id")[ledger.attributes]
    out: dict[str, dict[str, str]] = metrics.join(attributes).to_dict("index")
    return out


def test_summary_rows_by_outline_level_are_the_grouping(tmp_path: Path) -> None:
    ledger = load(tmp_path, "plan.csv", MSP)
    (report,) = ledger.report.files
    assert "3 summary rows became the grouping (attribute group_path): lines 2, 3, 7" in (
        report.notes
    )
    rows = table(ledger, "2021-01-01")
    assert sorted(rows) == ["3", "4", "5", "7"]  # Depot, Design and Signals are not projects
    assert rows["3"]["group_path"] == rows["4"]["group_path"] == "Depot / Design"
    assert rows["5"]["group_path"] == "Depot" and rows["7"]["group_path"] == "Signals"
    assert rows["3"]["slip_days"] == str(days("2019-02-08", "2019-02-15")) == "7"
    assert rows["4"]["slip_days"] == str(days("2019-05-31", "2019-06-28")) == "28"
    # Unfinished: the as-of date (later than every promise) minus the baseline.
    assert rows["5"]["slip_days"] == str(days("2019-12-20", "2021-01-01")) == "378"
    assert rows["7"]["slip_days"] == str(days("2020-06-30", "2021-01-01")) == "185"


def test_summary_rows_by_outline_number_are_the_grouping(tmp_path: Path) -> None:
    ledger = load(tmp_path, "plan.csv", OUTLINE_NUMBERS)
    (report,) = ledger.report.files
    assert any(n.startswith("3 summary rows became the grouping") for n in report.notes)
    rows = table(ledger, "2021-01-01")
    assert sorted(rows) == ["Build", "Cabling", "Drawings", "Survey"]
    assert rows["Survey"]["group_path"] == "Depot / Design"
    assert rows["Build"]["group_path"] == "Depot"
    assert rows["Cabling"]["group_path"] == "Signals"
    assert rows["Drawings"]["Outline Number"] == "1.1.2"  # kept as written
    assert rows["Drawings"]["slip_days"] == "28"


def test_a_table_without_summaries_keeps_its_rows(tmp_path: Path) -> None:
    # Outline levels that never go deeper: no row has a task under it.
    ledger = load(
        tmp_path,
        "flat.csv",
        "ID,Outline Level,Name,Start,Baseline Finish\n"
        "1,1,One,2019-01-01,2019-06-30\n"
        "2,1,Two,2019-01-01,2019-06-30\n",
    )
    assert len(ledger.projects) == 2
    assert not any("summary" in n for n in ledger.report.files[0].notes)


def test_a_p6_spreadsheet_export_reads_its_field_names(tmp_path: Path) -> None:
    ledger = load(tmp_path, "p6.csv", P6)
    (report,) = ledger.report.files
    assert report.mapping["task_code"] == "project_id"
    assert report.mapping["target_start_date"] == "baseline_start"
    assert report.mapping["target_end_date"] == "promised_end"
    assert report.mapping["act_end_date"] == "actual_end"
    assert report.mapping["reend_date"] == "forecast_end"
    assert report.records == report.rows == 2  # the label row is not data
    assert any(n.startswith("line 2 holds the labels") for n in report.notes)
    assert "looks like a Primavera P6 export" in report.notes
    assert not ledger.report.problems
    rows = table(ledger, "2021-01-01")
    assert sorted(rows) == ["A1000", "A1010"]
    survey = rows["A1000"]
    assert survey["slip_days"] == str(days("2019-02-08", "2019-02-15")) == "7"
    # The promised duration runs from the target (baseline) start: 7 / 32 days = 21.9 %.
    assert days("2019-01-07", "2019-02-08") == 32
    assert survey["slip_pct"] == "21.9" and survey["status"] == "completed"
    assert rows["A1010"]["slip_days"] == str(days("2019-05-31", "2021-01-01")) == "581"
    assert rows["A1010"]["group_path"] == "PRJ.DES"


def test_a_promised_from_and_by_pair_is_one_interval(tmp_path: Path) -> None:
    ledger = load(tmp_path, "ledger.csv", PROMISED_PAIR)
    (report,) = ledger.report.files
    assert report.mapping["Promised from"] == "promised_earliest"
    assert report.mapping["Promised by"] == "promised_latest"
    row = table(ledger, "2017-01-01")["a"]
    # First promise [1 Jan 2016, 30 Jun 2016]: its latest bound is the baseline.
    assert row["promised_end"] == "2016-06-30"
    assert row["promised_end_text"] == "Jan 2016 – Jun 2016"
    assert row["latest_promise"] == "2017-03-31" and row["repromises"] == "1"
    # The later of the as-of date and the promise in force, minus the baseline.
    assert row["slip_days"] == str(days("2016-06-30", "2017-03-31")) == "274"


def test_a_table_stored_sideways_is_turned(tmp_path: Path) -> None:
    ledger = load(tmp_path, "sideways.csv", SIDEWAYS)
    (report,) = ledger.report.files
    assert report.mapping == {
        "Project": "name",
        "Start": "start",
        "Finish": "forecast_end",
        "Baseline Finish": "promised_end",
    }
    assert any(n.startswith("read sideways (one project per column)") for n in report.notes)
    assert report.rows == report.records == 2
    rows = table(ledger, "2021-01-01")
    assert sorted(rows) == ["Alpha", "Beta"]
    alpha, beta = rows["Alpha"], rows["Beta"]
    assert alpha["start"] == "2019-01-01" and alpha["promised_end"] == "2020-01-31"
    assert alpha["slip_days"] == str(days("2020-01-31", "2021-01-01")) == "336"
    # 336 / (1 Jan 2019 → 31 Jan 2020 = 395 days) = 85.06 %.
    assert days("2019-01-01", "2020-01-31") == 395 and alpha["slip_pct"] == "85.1"
    assert beta["slip_days"] == str(days("2020-12-31", "2021-01-01")) == "1"


def test_an_ordinary_table_is_not_turned(tmp_path: Path) -> None:
    ledger = load(
        tmp_path,
        "plain.csv",
        "Name,Start,Deadline\nStart,2019-01-01,2020-01-01\nFinish,2019-02-01,2020-02-01\n",
    )
    (report,) = ledger.report.files
    assert not any("sideways" in n for n in report.notes)
    assert sorted(ledger.projects["name"]) == ["Finish", "Start"]


def test_a_first_project_named_like_a_label_is_data(tmp_path: Path) -> None:
    # The first row's name and status read as headers name two roles, one a date role
    # ("Baseline start example" the baseline start, "completed" the actual end), but the row
    # holds dates: it is a project, not P6's row of labels. b1: promised 2012-01-01, finished
    # 2013-01-01: 366 days late (2012 is a leap year).
    ledger = load(
        tmp_path,
        "projects.csv",
        "project_id,name,start,original_promised_end,actual_end,status\n"
        "b1,Baseline start example,2011-01-01,2012-01-01,2013-01-01,completed\n"
        "b2,Deadline,2012-01-01,2012-06-30,2013-01-01,completed\n",
    )
    (report,) = ledger.report.files
    assert report.records == report.rows == 2
    assert not any("holds the labels" in n for n in report.notes)
    rows = table(ledger, "2020-01-01")
    assert sorted(rows) == ["b1", "b2"]
    assert rows["b1"]["slip_days"] == str(days("2012-01-01", "2013-01-01")) == "366"
    assert rows["b2"]["slip_days"] == str(days("2012-06-30", "2013-01-01")) == "185"


def test_a_sideways_sheet_in_a_workbook_is_picked_and_turned(tmp_path: Path) -> None:
    """A workbook whose first sheet is a note and whose second holds the sideways table: the
    table's sheet is found by its first column (its header row names no date role)."""
    from tests.data.reading.helpers import xlsx_bytes

    rows = [line.split(",") for line in SIDEWAYS.strip().split("\n")]
    book = xlsx_bytes(
        [("Read me", [["Projects of the council"], ["see next sheet"]]), ("Data", rows)]
    )
    path = tmp_path / "book.xlsx"
    path.write_bytes(book)
    ledger = load_files([str(path)])
    (report,) = ledger.report.files
    assert report.sheet == "Data"
    assert any(n.startswith("read sideways (one project per column)") for n in report.notes)
    rows_by_name = table(ledger, "2021-01-01")
    assert sorted(rows_by_name) == ["Alpha", "Beta"]
    # As in the CSV: Alpha promised 31 Jan 2020, unfinished on 1 Jan 2021 → 336 days.
    assert rows_by_name["Alpha"]["slip_days"] == str(days("2020-01-31", "2021-01-01")) == "336"


def test_a_completed_tasks_finish_is_no_re_promise(tmp_path: Path) -> None:
    # A is 100 % complete without an actual finish: completed, its Finish (27 Feb) no promise:
    # the baseline (30 Jan) stays in force, no re-promise, the slip not measured. B, half done:
    # its Finish is the promise in force (1 re-promise), slip at least 1 Jun 2016 - 30 Jan 2015.
    ledger = load(
        tmp_path,
        "plan.csv",
        "Name,Start,Finish,Baseline Finish,% Complete\n"
        "A,2015-01-05,2015-02-27,2015-01-30,100\n"
        "B,2015-01-05,2015-02-27,2015-01-30,50\n",
    )
    rows = table(ledger, "2016-06-01")
    (a,) = [r for r in rows.values() if r["name"] == "A"]
    (b,) = [r for r in rows.values() if r["name"] == "B"]
    assert a["status"] == "completed" and a["slip_days"] == ""
    assert a["latest_promise"] == "2015-01-30" and a["repromises"] == "0"
    assert b["repromises"] == "1" and b["latest_promise"] == "2015-02-27"
    assert b["slip_days"] == str(days("2015-01-30", "2016-06-01")) == "488"
    notes = ledger.report.files[0].notes
    assert any(n.startswith("the finish date of 1 unfinished task(s)") for n in notes)


def test_a_p6_finish_marked_a_is_the_actual_end(tmp_path: Path) -> None:
    # A100's Finish "14-Feb-19 A" is actual: completed, slip 14 Feb - 10 Feb 2019 = 4 days,
    # late. A110's "30-Jun-20" (unmarked) stays the forecast: ongoing, the promise in force,
    # slip at least 30 Jun 2020 - 31 Dec 2019 = 182 days as of 1 Mar 2020. A120's
    # "20-Mar-19*" (constrained) is no actual either: ongoing, slip at least
    # 1 Mar 2020 - 15 Mar 2019 = 352 days.
    ledger = load(
        tmp_path,
        "p6.csv",
        "Activity ID,Activity Name,Start,Finish,BL Project Finish\n"
        "A100,Design,01-Feb-19 A,14-Feb-19 A,10-Feb-19\n"
        "A110,Build,15-Feb-19 A,30-Jun-20,31-Dec-19\n"
        "A120,Test,01-Mar-19 A,20-Mar-19*,15-Mar-19\n",
    )
    rows = table(ledger, "2020-03-01")
    assert rows["A100"]["status"] == "completed" and rows["A100"]["actual_end"] == "2019-02-14"
    assert rows["A100"]["slip_days"] == str(days("2019-02-10", "2019-02-14")) == "4"
    assert rows["A100"]["slip_at_least"] == "false" and rows["A100"]["kept"] == "false"
    assert rows["A110"]["status"] == "ongoing" and rows["A110"]["actual_end"] == ""
    assert rows["A110"]["slip_days"] == str(days("2019-12-31", "2020-06-30")) == "182"
    assert rows["A120"]["status"] == "ongoing" and rows["A120"]["actual_end"] == ""
    assert rows["A120"]["slip_days"] == str(days("2019-03-15", "2020-03-01")) == "352"
    notes = ledger.report.files[0].notes
    assert any(n.startswith("1 finish date(s) marked A (P6: actual)") for n in notes)
