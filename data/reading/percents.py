"""Which cells of an .xlsx workbook are formatted as percentages.

python-calamine gives a cell's number, not its format: a "% complete" cell that Excel shows as
100% arrives as 1.0. Dates and booleans need nothing here (calamine turns date-formatted numbers
into dates, in either date system, and booleans into bools); percentages are found from the
styles part (the cell formats whose number format is 9 ``0%``, 10 ``0.00%`` or a custom one with
an unquoted ``%``) and the ``s`` (style) attribute of each sheet's cells. A workbook with no
percent format costs one small parse of its styles; only then are the sheets' cells scanned.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PERCENT_FORMAT_IDS = (9, 10)  # the built-in "0%" and "0.00%"

# A number format's literal parts: "quoted text", \x escapes, [colours / locales / conditions],
# _x (a space as wide as x) and *x (x repeated to fill the cell).
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SPACES = (b" ", b"\t", b"\n", b"\r")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)(\s[^>]*)?>")
_REF = re.compile(rb"""\sr=["']([A-Z]+)(\d+)["']""")
_STYLE = re.compile(rb"""\ss=["'](\d+)["']""")

Cells = set[tuple[int, int]]  # (row, column), both from 0 at A1


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its number times 100 (an unquoted ``%``)."""
    return "%" in _LITERALS.sub("", code)


def percent_cells(archive: zipfile.ZipFile) -> dict[str, Cells]:
    """Per sheet name, the cells whose style is a percent format (only sheets that have some).
    A part that is missing or unreadable means no percentages: the numbers stay as they are."""
    try:
        sheets, styles = _parts(archive)
        styled = _percent_styles(archive.read(styles)) if styles else set()
        if not styled:
            return {}
        found = {name: _styled_cells(archive.read(part), styled) for name, part in sheets}
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    return {name: cells for name, cells in found.items() if cells}


def _parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], str | None]:
    """Each sheet's name and part, and the styles part, from the workbook's relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets, styles = {}, None
    for rel in rels.iter(f"{RELS}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(part)
        if rel.get("Type", "").endswith("/styles"):
            styles = targets[rel.get("Id")]
    sheets = [
        (s.get("name", ""), targets[s.get(REL_ID)])
        for s in book.iter(f"{MAIN}sheet")
        if s.get(REL_ID) in targets
    ]
    return sheets, styles


def _percent_styles(xml: bytes) -> set[int]:
    """The indices of the cell formats (``cellXfs``) that show percentages."""
    root = ElementTree.fromstring(xml)
    table = root.find(f"{MAIN}numFmts")  # (not those of conditional formats, under dxfs)
    formats = [] if table is None else table.iter(f"{MAIN}numFmt")
    codes = {int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in formats}
    found = set()
    for cell_formats in root.iter(f"{MAIN}cellXfs"):
        for index, xf in enumerate(cell_formats.iter(f"{MAIN}xf")):
            number_format = int(xf.get("numFmtId", "0"))
            code = codes.get(number_format)
            if (code is None and number_format in PERCENT_FORMAT_IDS) or (
                code is not None and is_percent_format(code)
            ):
                found.add(index)
    return found


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _styled_cells(xml: bytes, styles: set[int]) -> Cells:
    """The cells of a sheet's XML whose ``s`` is one of ``styles``: in one search when every
    such ``s`` follows a reference as most writers put it (``<c r="F2" s="9"``), else tag by
    tag."""
    if 0 in styles:  # a cell without an s has format 0: every cell is read
        return _walked_cells(xml, styles)
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    common = re.findall(rb'<c r="([A-Z]+)(\d+)" s="(?:' + ids + rb')"', xml)
    anywhere = sum(xml.count(b"s=%s%d%s" % (q, s, q)) for s in styles for q in (b'"', b"'"))
    if len(common) < anywhere:  # another layout, or another attribute ending in s (cols="9")
        return _tagged_cells(xml, ids)
    columns = {letters: _column(letters) for letters in {c for c, _ in common}}
    return {(int(row) - 1, columns[letters]) for letters, row in common}


def _tagged_cells(xml: bytes, ids: bytes) -> Cells:
    """As :func:`_styled_cells`, reading the tag of each ``s`` found; when a cell has no
    reference (``r`` is optional), every row and cell is counted instead."""
    cells, columns = set(), {}
    for hit in re.finditer(rb"""s=["'](?:""" + ids + rb""")["']""", xml):
        at = hit.start()
        if xml[at - 1 : at] not in _SPACES:  # the end of another attribute's name
            continue
        tag = xml[xml.rfind(b"<", 0, at) : xml.find(b">", at)]
        if not (tag.startswith(b"<c ") or _CELL_START.match(tag)):
            continue
        ref = _REF.search(tag)
        if ref is None:
            return _walked_cells(xml, {int(i) for i in ids.split(b"|")})
        letters = ref.group(1)
        if letters not in columns:
            columns[letters] = _column(letters)
        cells.add((int(ref.group(2)) - 1, columns[letters]))
    return cells


def _walked_cells(xml: bytes, styles: set[int]) -> Cells:
    """As :func:`_styled_cells`, counting rows and cells where they give no reference."""
    cells, row, column = set(), -1, -1
    for tag in _ROW_OR_CELL.finditer(xml):
        attributes = tag.group(2) or b""
        number = re.search(rb"""\sr=["'](\d+)["']""", attributes)
        if tag.group(1) == b"row":
            row, column = (int(number.group(1)) - 1 if number else row + 1), -1
            continue
        ref = _REF.search(attributes)
        column = _column(ref.group(1)) if ref else column + 1
        style = _STYLE.search(attributes)
        if (int(style.group(1)) if style else 0) in styles:
            cells.add((int(ref.group(2)) - 1 if ref else row, column))
    return cells
