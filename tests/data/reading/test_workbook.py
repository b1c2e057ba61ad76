"""Workbooks: the first sheet or the project and event sheets, renamed workbooks, zips that are
not workbooks and zip bombs, and the preview of one sheet."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from data.load import load_files
from data.reading import read_table, read_tables
from data.report import LoadError
from tests.data.reading.helpers import write, xlsx_bytes


def test_xlsx_first_sheet_or_the_project_and_event_sheets(tmp_path: Path) -> None:
    book = xlsx_bytes(
        [
            ("Read me", [["This workbook lists projects"]]),
            ("Projects", [["id", "name", "start", "deadline"], ["a", "Dam", 2001, "2003-05"]]),
            ("Events", [["project_id", "event_date", "promised_date"], ["a", "2001-02", 2004]]),
        ]
    )
    tables = read_tables(write(tmp_path, "book.xlsx", book))
    assert [t.report.sheet for t in tables] == ["Projects", "Events"]
    assert tables[0].frame["start"].iloc[0] == "2001"  # a whole number, not "2001.0"
    single = read_tables(write(tmp_path, "one.xlsx", xlsx_bytes([("S", [["name"], ["x"]])])))
    assert len(single) == 1 and single[0].report.sheet == "S"
    renamed = load_files([write(tmp_path, "renamed.csv", book)])
    assert len(renamed.projects) == 1 and len(renamed.events) == 1
    assert renamed.report.files[0].encoding == "xlsx"


def test_zip_that_is_not_a_workbook_and_zip_bomb_are_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data.csv", "id,name\n1,a\n")
    with pytest.raises(LoadError, match="zip archive"):
        read_table(write(tmp_path, "a.zip", buf.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024**2))
    with pytest.raises(LoadError, match="zip bomb"):
        read_table(write(tmp_path, "bomb.xlsx", bomb.getvalue()))


def test_each_sheet_read_has_its_preview(tmp_path: Path) -> None:

    book = tmp_path / "multi.xlsx"
    book.write_bytes(
        xlsx_bytes(
            [
                (
                    "Projects",
                    [["id", "name", "start", "deadline"], ["P1", "Dam", "2001-01-01", "2004"]],
                ),
                ("Events", [["Ident", "date", "promised"], ["P1", "2003", "2006"]]),
            ]
        )
    )
    previews = load_files([str(book)]).previews
    assert previews[f"{book} [Events]"].headers == ["Ident", "date", "promised"]
    assert previews[f"{book} [Projects]"].headers[0] == "id"
