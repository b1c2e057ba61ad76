"""Which workbook cells are formatted as percentages: format codes and every cell-tag layout."""

from __future__ import annotations

import io
import zipfile

import pytest

from data.reading.percents import is_percent_format, percent_cells
from tests.data.reading.helpers import Styled, xlsx_bytes


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.00%", True),
        ("#,##0.0%;[Red]-#,##0.0%", True),
        ('0.0" pts"%', True),  # the last % is not quoted
        ('0" %"', False),  # a quoted % is only text
        ("0\\%", False),  # so is an escaped one
        ("[$%-409]0", False),  # inside brackets: a locale, not a percentage
        ("0.00_%", False),  # _% is a space as wide as %
        ("0*%", False),  # *% fills the cell with % signs
        ("yyyy-mm-dd", False),
        ("General", False),
    ],
)
def test_percent_format_codes(code: str, percent: bool) -> None:
    assert is_percent_format(code) is percent


def _book(sheet_xml: str) -> zipfile.ZipFile:
    """A workbook whose cell format 1 is "0%", with ``sheet_xml`` as the rows of its sheet."""
    book = xlsx_bytes([("S", [["x"]]), ("Other", [["h"], [Styled(0.5, 9)]])])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                data = (
                    f'<worksheet xmlns="{ns}" xmlns:x="{ns}"><cols><col min="1" max="3" '
                    f'styles="1" s="1"/></cols><sheetData>{sheet_xml}</sheetData></worksheet>'
                ).encode()
            dst.writestr(item, data)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(
    ("rows", "cells"),
    [
        # The usual layout: r then s.
        ('<row r="2"><c r="B2" s="1"><v>1</v></c><c r="C2"><v>1</v></c></row>', {(1, 1)}),
        # s before r, single quotes, a namespace prefix, two-letter columns, a self-closed cell.
        (
            '<row r="3"><c s=\'1\' r=\'AB3\'><v>1</v></c><x:c r="D3" t="n" s="1"/>'
            '<c r="E3" s="10"><v>1</v></c></row>',
            {(2, 27), (2, 3)},
        ),
        # A styled row is not a styled cell; cells without references are counted in order.
        (
            '<row r="4" s="1" customFormat="1"><c r="A4"><v>1</v></c></row>'
            '<row r="7"><c s="1"><v>1</v></c><c><v>2</v></c><c s="1"><v>3</v></c></row>'
            '<row><c><v>1</v></c><c s="1"/></row>',
            {(6, 0), (6, 2), (7, 1)},
        ),
    ],
)
def test_percent_cells_in_every_layout(rows: str, cells: set[tuple[int, int]]) -> None:
    found = percent_cells(_book(rows))
    assert found.get("S", set()) == cells
    assert found["Other"] == {(1, 0)}  # A2 of the other sheet, from the helper's writer


def test_a_workbook_without_styles_has_no_percentages() -> None:
    book = xlsx_bytes([("S", [["h"], [0.5]])])
    assert percent_cells(zipfile.ZipFile(io.BytesIO(book))) == {}


def _restyled(styles_xml: str, sheet_xml: str) -> zipfile.ZipFile:
    """A one-sheet workbook with this styles part and these rows."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    book = xlsx_bytes([("S", [["h"], [Styled(0.5, 9)]])])
    parts = {
        "xl/styles.xml": f'<styleSheet xmlns="{ns}">{styles_xml}</styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}"><sheetData>{sheet_xml}'
        "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, parts.get(item.filename, src.read(item)))
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_number_formats_of_conditional_formats_are_not_the_cells_formats() -> None:
    # Format 164 is "0.0" for cells; a conditional format (dxfs) reuses the id for "0%".
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>'
        '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0%"/></dxf></dxfs>'
    )
    rows = '<row r="1"><c r="A1" s="1"><v>1</v></c></row>'
    assert percent_cells(_restyled(styles, rows)) == {}


def test_a_percent_default_format_covers_cells_without_a_style() -> None:
    # cellXfs[0] (a cell with no s) is "0%", [1] is General: A1 and C1 are percentages.
    styles = '<cellXfs count="2"><xf numFmtId="9"/><xf numFmtId="0"/></cellXfs>'
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>1</v></c><c r="C1" s="0"/></row>'
    assert percent_cells(_restyled(styles, rows)) == {"S": {(0, 0), (0, 2)}}
