"""What the reader tests share: a hand-written .xlsx, a file written in a test's folder, and
the accounting every read must keep."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Styled:
    """A number shown in a number format: a built-in one by its id (9 ``0%``, 10 ``0.00%``, 14
    a date) or a custom format code (given an id from 164, as Excel does)."""

    value: float
    number_format: int | str


def _styles(sheets: list[tuple[str, list[list[object]]]]) -> dict[int | str, int]:
    """Each number format used, with the index of its cell format (0 is the plain one)."""
    used = [v.number_format for _, rs in sheets for r in rs for v in r if isinstance(v, Styled)]
    return {f: i + 1 for i, f in enumerate(dict.fromkeys(used))}


def _styles_xml(ns: str, styles: dict[int | str, int]) -> str:
    custom = {f: 164 + i for i, f in enumerate(f for f in styles if isinstance(f, str))}
    codes = "".join(
        f'<numFmt numFmtId="{i}" formatCode={quoteattr(f)}/>' for f, i in custom.items()
    )
    xfs = "".join(f'<xf numFmtId="{custom.get(f, f)}" applyNumberFormat="1"/>' for f in styles)
    return (
        f'<?xml version="1.0"?><styleSheet xmlns="{ns}/spreadsheetml/2006/main">'
        f'<numFmts count="{len(custom)}">{codes}</numFmts>'
        f'<cellXfs count="{len(styles) + 1}"><xf numFmtId="0"/>{xfs}</cellXfs></styleSheet>'
    )


def xlsx_bytes(sheets: list[tuple[str, list[list[object]]]], *, date1904: bool = False) -> bytes:
    """A minimal .xlsx workbook written by hand (no writer library): inline strings, numbers,
    booleans, and :class:`Styled` numbers (then a styles part); ``date1904``: the workbook counts
    its dates from 1904 (Excel for the Mac's old default)."""

    def col(i: int) -> str:
        name, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    ns = "http://schemas.openxmlformats.org"
    rel = f"{ns}/officeDocument/2006/relationships"
    book_properties = '<workbookPr date1904="1"/>' if date1904 else ""
    styles = _styles(sheets)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        names = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (n, _) in enumerate(sheets)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{rel}">{book_properties}'
            f"<sheets>{names}</sheets></workbook>",
        )
        targets = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        if styles:
            targets += f'<Relationship Id="rIdS" Type="{rel}/styles" Target="styles.xml"/>'
            z.writestr("xl/styles.xml", _styles_xml(ns, styles))
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f"{targets}</Relationships>",
        )
        for i, (_, rows) in enumerate(sheets):
            out = []
            for r, row in enumerate(rows):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{col(c)}{r + 1}"
                    if v is None or v == "":
                        continue
                    if isinstance(v, bool):
                        cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
                    elif isinstance(v, Styled):
                        s = styles[v.number_format]
                        cells.append(f'<c r="{ref}" s="{s}"><v>{v.value!r}</v></c>')
                    elif isinstance(v, int | float):
                        cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                    else:
                        cells.append(
                            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                            f"{escape(str(v))}</t></is></c>"
                        )
                out.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<?xml version="1.0"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
                f"<sheetData>{''.join(out)}</sheetData></worksheet>",
            )
    return buf.getvalue()


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return str(path)


def accounted(table) -> bool:
    unread = sum(1 for p in table.problems if p.row is not None and p.column is None)
    return table.report.rows + unread == table.report.records
