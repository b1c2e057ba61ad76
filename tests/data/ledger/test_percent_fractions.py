"""A "% complete" column of fractions (0–1) is read as fractions, said in a note; one of only
0 and 1 could be either and is reported; values above 1 or written with "%" are percentages."""

from __future__ import annotations

from pathlib import Path

from data.load import load_files
from data.metrics import snapshot
from tests.data.reading.helpers import xlsx_bytes

HEADER = "Task Name,Start,Baseline Finish,Actual Finish,% Complete\n"


def _load(tmp_path: Path, name: str, body: str):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return load_files([str(path)]), str(path)


def test_a_column_of_fractions_reads_one_as_completed(tmp_path: Path) -> None:
    ledger, _ = _load(
        tmp_path,
        "fractions.csv",
        "Foundations,2010-01-01,2012-01-01,2012-06-01,1\n"
        "Steelwork,2010-01-01,2012-01-01,,0.75\n"
        "Fit-out,2010-01-01,2012-01-01,,0.25\n",
    )
    m = snapshot(ledger, "2014-01-01").metrics.set_index("project_id")
    # 1 is 100 %: completed on 2012-06-01, promised 2012-01-01: 31+29+31+30+31 = 152 days late
    # (2012 is a leap year), exactly (not "at least").
    assert m.loc["Foundations", "status"] == "completed"
    assert m.loc["Foundations", "slip_days"] == 152
    assert m.loc["Foundations", "slip_at_least"] is False
    # 0.75 and 0.25 are 75 % and 25 %: ongoing, 2012-01-01 → 2014-01-01 = 366 + 365 = 731 days.
    assert list(m.loc[["Steelwork", "Fit-out"], "status"]) == ["ongoing", "ongoing"]
    assert list(m.loc[["Steelwork", "Fit-out"], "slip_days"]) == [731, 731]
    notes = ledger.report.files[0].notes
    assert any("'% Complete'" in n and "fractions" in n for n in notes), notes
    assert ledger.report.problems == []


def test_a_column_of_only_zeros_and_ones_is_reported(tmp_path: Path) -> None:
    ledger, path = _load(
        tmp_path,
        "zero_one.csv",
        "A,2010-01-01,2012-01-01,,1\nB,2010-01-01,2012-01-01,,0\n",
    )
    # Read as percentages, as everywhere else: 1 is 1 %, ongoing; the problem says so.
    assert list(ledger.projects["status"]) == ["ongoing", "ongoing"]
    problems = [p for p in ledger.report.problems if p.column == "% Complete"]
    assert len(problems) == 1
    assert problems[0].file == path and problems[0].row is None
    assert "0 or 1" in problems[0].message and "1 = 1 %" in problems[0].message


def test_numbers_above_one_or_with_a_percent_sign_are_percentages(tmp_path: Path) -> None:
    # 100 and 40 (a value above 1): percentages. "1%" and 0.5 (a "%" in the column): 1 % and
    # 0.5 %, both ongoing; no note, no problem either way.
    above, _ = _load(tmp_path, "above.csv", "A,2010,2012,2012-06,100\nB,2010,2012,,1\n")
    assert list(above.projects["status"]) == ["completed", "ongoing"]
    signed, _ = _load(tmp_path, "signed.csv", "A,2010,2012,,1%\nB,2010,2012,,0.5\n")
    assert list(signed.projects["status"]) == ["ongoing", "ongoing"]
    for ledger in (above, signed):
        assert not any("fractions" in n for n in ledger.report.files[0].notes)
        assert ledger.report.problems == []


def test_a_workbook_of_general_numbers_reads_fractions(tmp_path: Path) -> None:
    rows = [
        ["id", "name", "start", "deadline", "actual finish", "% complete"],
        ["a", "Dam", "2001-02", "2004", "2006-05", 1.0],  # no number format: 1, 100 %
        ["b", "Weir", "2004-01", "2008-06", "", 0.5],  # 50 %
    ]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes([("Plan", rows)]))
    ledger = load_files([str(path)])
    status = ledger.projects.set_index("project_id")["status"]
    assert list(status[["a", "b"]]) == ["completed", "ongoing"]
    assert any("fractions" in n for n in ledger.report.files[0].notes)
