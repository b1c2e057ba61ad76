"""Workbooks: the first sheet or the project and event sheets, renamed workbooks, zips that are
not workbooks and zip bombs, the preview of one sheet, and cells read as the values they show
(percentages, dates in either date system, booleans)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from data.load import load_files
from data.reading import read_table, read_tables
from data.report import LoadError
from tests.data.reading.helpers import Styled, write, xlsx_bytes


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


def test_percent_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    """Excel keeps 100% as 1.0 in a cell formatted "0%": read as "100%", the project is done."""
    header = ["id", "name", "start", "deadline", "actual finish", "% complete"]
    book = xlsx_bytes(
        [
            (
                "Plan",
                [
                    header,
                    ["a", "Dam", "2001-02", "2004", "2006-05", Styled(1.0, 9)],  # "0%"
                    ["b", "Weir", "2004-01", "2008-06", "", Styled(0.5, 10)],  # "0.00%"
                    ["c", "Lock", "2004-01", "2008-06", "", Styled(0.125, "0.0%")],
                    ["d", "Quay", "2004-01", "2008-06", "", Styled(0.07, '#,##0.0" pts"%')],
                    ["e", "Pier", "2004-01", "2008-06", "", 1],  # no format: 1, as given
                    ["f", "Mole", "2004-01", "2008-06", "", Styled(1.0, '0" %"')],  # quoted %
                ],
            )
        ]
    )
    frame = read_tables(write(tmp_path, "plan.xlsx", book))[0].frame
    assert list(frame["% complete"]) == ["100%", "50%", "12.5%", "7%", "1", "1"]
    ledger = load_files([write(tmp_path, "plan2.xlsx", book)])
    status = ledger.projects.set_index("project_id")["status"]
    assert status["a"] == "completed"  # 100 %
    assert list(status[["b", "c", "d", "e", "f"]]) == ["ongoing"] * 5  # 50, 12.5, 7, 1, 1 %


@pytest.mark.parametrize("date1904", [False, True])
def test_date_and_boolean_cells_read_as_their_values(tmp_path: Path, date1904: bool) -> None:
    # 2013-11-01 is day 41579 counted from 1899-12-30 (Excel's 1900 system), and 1462 days
    # fewer counted from 1904-01-01; 14:30 is 14.5/24 of a day.
    day = 41579 - (1462 if date1904 else 0)
    rows = [
        ["id", "start", "when", "custom", "locale", "flag", "other"],
        [
            "a",
            Styled(day, 14),  # the built-in short date
            Styled(day + 14.5 / 24, "dd/mm/yyyy hh:mm"),
            Styled(day, "yyyy-mm-dd"),
            Styled(day, "[$-409]mmmm d, yyyy;@"),
            True,
            False,
        ],
    ]
    book = xlsx_bytes([("S", rows)], date1904=date1904)
    frame = read_tables(write(tmp_path, "dates.xlsx", book))[0].frame
    assert frame.iloc[0, :7].tolist() == [
        "a",
        "2013-11-01",
        "2013-11-01 14:30:00",
        "2013-11-01",
        "2013-11-01",
        "TRUE",
        "FALSE",
    ]


def _calamine() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(p) for p in version("python-calamine").split(".")[:2])


@pytest.mark.skipif(
    _calamine() < (0, 8),
    reason="python-calamine before 0.8 looks for xl/ only: such a workbook 'cannot be read'",
)
def test_a_workbook_whose_parts_live_elsewhere_is_read(tmp_path: Path) -> None:
    # The same workbook with its xl/ parts moved to book/ (the package's links and content
    # types following them): a valid package, which a workbook reader finds through them.
    book = xlsx_bytes(
        [("Projects", [["id", "name", "start", "deadline"], ["a", "Dam", 2001, 2003]])]
    )
    moved = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as src,
        zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info).replace(b"/xl/", b"/book/").replace(b'"xl/', b'"book/')
            name = "book/" + info.filename[3:] if info.filename.startswith("xl/") else info.filename
            dst.writestr(name, data)
    assert "xl/workbook.xml" not in zipfile.ZipFile(moved).namelist()
    (table,) = read_tables(write(tmp_path, "moved.xlsx", moved.getvalue()))
    assert table.report.sheet == "Projects" and table.frame["name"].tolist() == ["Dam"]
