"""Implausible dates (a year before 1000 or after 2200; an end more than 100 years after the
statement that carries it) are problems and are never used. Expected values worked out by hand:
a year such as "2017" is placed at its middle, 2017-07-02; 100 years are 36,525 days, so an end
stated in 2017 may run to 2117-07-02 (2110 stays: its latest bound 2110-12-31 is before; 2150
does not)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.layout import build_layers
from data.ledger import build_ledger
from data.load import load_files
from data.metrics import snapshot
from data.reading import LINE_COLUMN, RawTable
from data.report import FileReport, LoadReport
from tests.conftest import SAMPLES

MESSAGE = "implausible date"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(ledger) -> list[tuple[str, int | None, str | None, str | None, str]]:
    return [
        (Path(p.file).name, p.row, p.column, p.value, p.message) for p in ledger.report.problems
    ]


def metrics_of(ledger, as_of: str) -> pd.DataFrame:
    return snapshot(ledger, as_of).metrics.set_index("project_id")


def day(value) -> str:
    return "" if pd.isna(value) else str(pd.Timestamp(value).date())


def test_the_sample_s_cathedral_loads_as_before() -> None:
    # Begun 1882-03-19, promised in 2011 for 2026: measured from its first statement (2011).
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    assert ledger.report.problems == []
    sagrada = ledger.projects.set_index("project_id").loc["sagrada_familia"]
    assert sagrada["promised_end_text"] == "2026"
    assert day(sagrada["promised_end_latest"]) == "2026-12-31"
    assert day(sagrada["start_earliest"]) == "1882-03-19"


def test_a_table_end_is_measured_from_the_first_statement_not_from_the_start(
    tmp_path: Path,
) -> None:
    table = "id,name,start,promised_end\ncathedral,Cathedral,1882-03-19,2026\n"
    ledger = load_files(
        [
            write(tmp_path, "p.csv", table),
            write(tmp_path, "e.csv", "id,date,kind,promised\ncathedral,2011-09-23,promise,2026\n"),
        ]
    )
    assert problems(ledger) == []
    assert day(ledger.projects["promised_end_latest"].iloc[0]) == "2026-12-31"
    # No statement: not measured from the start (144 years before 2026-12-31): it stays.
    alone = load_files([write(tmp_path, "alone.csv", table)])
    assert problems(alone) == []
    assert day(alone.projects["promised_end_latest"].iloc[0]) == "2026-12-31"


def test_an_end_of_2110_stated_in_2017_stays(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "e.csv", "id,date,kind,promised\nx,2017,promise,2110\n")])
    assert problems(ledger) == []
    m = metrics_of(ledger, "2020-01-01").loc["x"]
    assert day(m["promised_end"]) == "2110-12-31" and day(m["latest_promise"]) == "2110-12-31"


def test_a_promise_of_2150_stated_in_2017_is_reported_and_the_previous_one_stays(
    tmp_path: Path,
) -> None:
    text = "id,date,kind,promised\nx,2015,promise,2020\nx,2017,revised promise,2150\n"
    ledger = load_files([write(tmp_path, "e.csv", text)])
    assert problems(ledger) == [("e.csv", 3, "promised", "2150", MESSAGE)]
    assert ledger.events["promised_text"].tolist() == ["2020", ""]
    m = metrics_of(ledger, "2018-01-01").loc["x"]
    assert day(m["latest_promise"]) == "2020-12-31"  # the promise in force stays 2020
    assert m["repromises"] == 0
    # As of 2021-06-30 the 2020 promise is broken: 181 days late (2020-12-31 → 2021-06-30).
    assert metrics_of(ledger, "2021-06-30").loc["x", "slip_days"] == 181


def test_a_table_end_of_2150_after_a_2017_statement_is_reported(tmp_path: Path) -> None:
    ledger = load_files(
        [
            write(tmp_path, "p.csv", "id,start,promised_end,actual_end\nx,2016,2020,2150\n"),
            write(tmp_path, "e.csv", "id,date,kind\nx,2017,note\n"),
        ]
    )
    assert problems(ledger) == [("p.csv", 2, "actual_end", "2150", MESSAGE)]
    m = metrics_of(ledger, "2019-01-01").loc["x"]
    assert pd.isna(m["actual_end"]) and m["status"] == "ongoing"


def test_a_promised_end_of_2460_in_a_2017_schedule_is_not_used(tmp_path: Path) -> None:
    text = "id,name,start,promised_end\nx,X,2017,2460\ny,Y,,2460\n"
    ledger = load_files([write(tmp_path, "p.csv", text)])
    # Reported once (the year rule, where the cell is read), not again by the 100-year rule;
    # without a start or a statement, only the year rule can see it.
    assert problems(ledger) == [
        ("p.csv", 2, "promised_end", "2460", MESSAGE),
        ("p.csv", 3, "promised_end", "2460", MESSAGE),
    ]
    m = metrics_of(ledger, "2019-01-01").loc["x"]
    assert pd.isna(m["promised_end"]) and pd.isna(m["slip_days"]) and m["kept"] is None


def test_the_year_rule_on_a_start_and_on_a_statement_date(tmp_path: Path) -> None:
    ledger = load_files(
        [
            write(tmp_path, "p.csv", "id,start,promised_end\nx,2201,2020\ny,2200,2200\n"),
            write(
                tmp_path,
                "e.csv",
                "id,date,kind,promised\nx,2015,promise,2019\nx,2460,promise,2030\n",
            ),
        ]
    )
    found = problems(ledger)
    assert ("p.csv", 2, "start", "2201", MESSAGE) in found
    assert ("e.csv", 3, "date", "2460", MESSAGE) in found
    assert ("p.csv", 3, "start", "2200", MESSAGE) not in found  # 2200 is the last plausible year
    p = ledger.projects.set_index("project_id")
    assert pd.isna(p.loc["x", "start_earliest"]) and p.loc["x", "start_text"] == ""
    # The statement of 2460 is undated: never known, its promise never in force.
    assert ledger.events["date_text"].tolist() == ["2015", ""]
    m = metrics_of(ledger, "2200-01-01").loc["x"]
    assert day(m["latest_promise"]) == "2019-12-31"


def test_the_year_rule_before_1000_on_datetime_cells() -> None:
    # A workbook's date cells arrive as datetimes (the text grammar reads no year before 1000).
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "start": np.array(["0999-06-01", "1000-01-01"], dtype="datetime64[s]"),
            "promised_end": ["1010", "1010"],
            LINE_COLUMN: [2, 3],
        }
    )
    report = LoadReport()
    ledger = build_ledger([RawTable(frame=frame, report=FileReport(path="w.xlsx"))], report)
    assert [(p.row, p.column, p.value, p.message) for p in report.problems] == [
        (2, "start", "0999-06-01", MESSAGE)
    ]
    starts = ledger.projects.set_index("project_id")["start_earliest"]
    assert pd.isna(starts["a"]) and day(starts["b"]) == "1000-01-01"


def test_a_dropped_date_cannot_stretch_the_time_axis(tmp_path: Path) -> None:
    ledger = load_files([write(tmp_path, "p.csv", "id,name,start,promised_end\nx,X,2017,2460\n")])
    x_range = build_layers(snapshot(ledger, "2019-01-01")).x_range
    # The start (2017-01-01) and the as-of day (2019-01-01) are all there is to draw.
    assert pd.Timestamp(x_range[0], unit="s").year == 2017
    assert pd.Timestamp(x_range[1], unit="s").year == 2019
