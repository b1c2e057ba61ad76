"""Read .xlsx workbooks (also when renamed ``.csv``) into the same string tables as CSV files.

python-calamine (Rust, no other dependencies, read-only) reads the cells: it is several times
faster than openpyxl, handles shared strings, inline strings and date styles the way Excel means
them, and never evaluates anything. Cells become the text an analyst would type: dates as ISO,
whole numbers without ``.0``, booleans as TRUE/FALSE, and a percent-formatted number as Excel
shows it (1.0 as ``100%``; :mod:`.percents` finds those cells). The first sheet is read, or every
sheet that looks like projects or events. A zip that is not a workbook, or whose declared
contents would inflate absurdly (a zip bomb), is refused before anything is decompressed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import cast

import numpy as np
import pandas as pd

from data.reading.percents import percent_cells
from data.reading.sniff import dedupe_headers, filled_width, find_header_line
from data.reading.table import FILE_COLUMN, LINE_COLUMN, RawTable, Source
from data.report import FileReport, LoadError, Problem

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first bytes (an empty zip: the second)
MAX_INFLATED_BYTES = 1024**3  # declared uncompressed size of a workbook's parts
MAX_RATIO = 200  # and the compression ratio above which a large part is a bomb


def is_zip(head: bytes) -> bool:
    """Whether a file's first bytes are a zip's: looked into as a workbook."""
    return head.startswith(ZIP_MAGIC)


def _check_zip(raw: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise LoadError(f"{name}: is a damaged zip archive, not a CSV or workbook") from None
    names = {i.filename for i in infos}
    inflated = sum(i.file_size for i in infos)
    ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if inflated > MAX_INFLATED_BYTES or (ratio > MAX_RATIO and inflated > 50 * 1024**2):
        raise LoadError(
            f"{name}: its parts would inflate to {inflated / 1024**2:.0f} MiB "
            "(a zip bomb?); not read"
        )
    kind = _package_kind(raw, names)
    if kind == "xlsb":
        raise LoadError(f"{name}: is a binary .xlsb workbook; save it as .xlsx or CSV")
    if kind != "xlsx":
        kind = "an OpenDocument file" if "content.xml" in names else "a zip archive"
        raise LoadError(f"{name}: is {kind}, not a CSV or an .xlsx workbook")


def _package_kind(raw: bytes, names: set[str]) -> str:
    """ "xlsx", "xlsb" or "" for a zip whose parts are ``names``: told by Excel's usual part
    (``xl/workbook.xml``), else by the package's content types, which name the workbook part's
    type wherever the package keeps it (parts at the root, in another folder, backslashes)."""
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsx"
    types = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if types is None:
        return ""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        declared = archive.read(types)[: 1 << 20].decode("utf-8", errors="replace")
    # The parts' own types (Override), not the defaults by extension a package may list.
    parts = " ".join(_OVERRIDE.findall(declared)).lower()
    if "ms-excel.sheet.binary.macroenabled.main" in parts:
        return "xlsb"
    return "xlsx" if re.search(r"sheet(\.macroenabled)?\.main\+xml", parts) else ""


_OVERRIDE = re.compile(r"<Override\b[^>]*>", re.IGNORECASE)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip() if isinstance(value, str) else str(value)


def _percent_text(value: float) -> str:
    """A percent-formatted number as Excel shows it, at full precision: 0.125 → ``12.5%``."""
    return _cell_text(round(float(value) * 100, 9)) + "%"


def _mark_percents(rows: list[list[object]], cells: set[tuple[int, int]]) -> None:
    """The numbers in ``cells`` (row, column from A1) written as percentages, in place (each
    distinct number formatted once: a column of percentages holds few)."""
    texts: dict[float, str] = {}
    n = len(rows)
    for r, c in cells:
        if r >= n:
            continue
        row = rows[r]
        value = row[c] if c < len(row) else None
        if type(value) is float or type(value) is int:  # (a bool is an int, not a percentage)
            text = texts.get(value)
            if text is None:
                text = texts[value] = _percent_text(value)
            row[c] = text


def _sheet_table(rows: Sequence[Sequence[object]], sheet: str, shown: str) -> RawTable | None:
    """One sheet's rows (from A1) as a RawTable, or None when it has no header and data."""
    texts = [[_cell_text(v) for v in row] for row in rows]
    numbered = [(i + 1, r) for i, r in enumerate(texts) if any(c for c in r)]
    if not numbered:
        return None
    header_line = find_header_line(numbered[:40])
    header = next(r for line, r in numbered if line == header_line)
    width = filled_width(header)
    if width == 0:
        return None
    headers = dedupe_headers(header[:width])
    body = [(line, r) for line, r in numbered if line > header_line]
    report = FileReport(path=shown, format="unknown", encoding="xlsx", delimiter="")
    report.sheet = sheet
    report.header_line = header_line
    if header_line > 1:
        report.notes.append(f"rows above row {header_line} skipped (a title or preamble)")
    problems: list[Problem] = []
    cells = []
    for line, r in body:
        extra = [c for c in r[width:] if c]
        if extra:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"(field {width + 1})",
                    extra[0][:200],
                    "cells right of the last headed column were ignored",
                )
            )
        cells.append((r + [""] * width)[:width])
    frame = pd.DataFrame(cells, columns=headers, dtype=object)
    if not len(frame):
        frame = pd.DataFrame({h: pd.Series(dtype=object) for h in headers})
    frame[LINE_COLUMN] = np.asarray([line for line, _ in body], dtype=np.int64)
    frame[FILE_COLUMN] = shown
    report.records = report.rows = len(frame)
    preamble = [" ".join(c for c in r if c) for line, r in numbered if line < header_line]
    return RawTable(frame=frame, report=report, problems=problems, preamble=preamble)


def _sheets(raw: bytes, name: str) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's name and cell values (raises LoadError for a damaged workbook)."""
    # Imported here: the Rust module is loaded only when a workbook is read.
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets: list[tuple[str, list[list[object]]]] = []
        for sheet_name in book.sheet_names:
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            # cast: calamine's cell types, widened to object for the percent rewriting
            sheets.append((sheet_name, cast("list[list[object]]", rows)))
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise LoadError(f"{name}: is a workbook that cannot be read ({exc})") from None
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        percents = percent_cells(archive)
    for sheet_name, cells in sheets:
        _mark_percents(cells, percents.get(sheet_name, set()))
    return sheets


def read_workbook(source: Source) -> list[RawTable]:
    """The useful sheets of a workbook as RawTables (raises LoadError): every sheet with data
    that ``source.useful_sheet`` accepts, each named ``book.xlsx [Sheet]``; when at most one
    is, the first such sheet, else the first sheet, named as the file."""
    raw, name = source.take(), source.name
    _check_zip(raw, name)
    tables = []
    for sheet_name, rows in _sheets(raw, name):
        table = _sheet_table(rows, sheet_name, name)
        if table is not None:
            tables.append((sheet_name, table))
    if not tables:
        raise LoadError(f"{name}: the workbook has no sheet with a header and data rows")
    wanted = source.useful_sheet or (lambda _table: True)
    useful = [(s, t) for s, t in tables if t.report.rows and wanted(t)]
    if len(useful) <= 1:
        chosen = useful or tables[:1]
        if not chosen[0][1].report.rows:
            raise LoadError(f"{name}: sheet {chosen[0][0]!r} has a header but no data rows")
        out = [chosen[0][1]]
    else:
        out = [_named_by_sheet(table, f"{name} [{sheet_name}]") for sheet_name, table in useful]
    source.tick.finish()
    return out


def _named_by_sheet(table: RawTable, shown: str) -> RawTable:
    """One of several sheets read: its report, rows and problems name the file and the sheet."""
    table.report.path = shown
    table.frame[FILE_COLUMN] = shown
    for problem in table.problems:
        problem.file = shown
    return table
