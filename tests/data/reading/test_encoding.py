"""Encodings: byte-order marks, UTF-16 without one, strict UTF-8, UTF-8 with a few bad bytes,
cp1252 — each named in the report."""

from __future__ import annotations

import codecs
from pathlib import Path

from data.reading import read_table
from tests.data.reading.helpers import write


def test_encodings_are_detected_and_named(tmp_path: Path) -> None:
    text = "id\tname\tstart\tdeadline\nx\tCafé Zürich\t2001\t2003\n"
    le = read_table(write(tmp_path, "le.txt", text, "utf-16-le"))
    assert le.report.encoding == "utf-16-le" and le.frame["name"].iloc[0] == "Café Zürich"
    be = read_table(write(tmp_path, "be.txt", text, "utf-16-be"))
    assert be.report.encoding == "utf-16-be" and be.report.delimiter == "\t"
    u8 = read_table(write(tmp_path, "u8.csv", text))
    assert u8.report.encoding == "utf-8" and u8.problems == []
    bom = read_table(write(tmp_path, "bom.csv", codecs.BOM_UTF8 + text.encode()))
    assert bom.headers[0] == "id" and bom.report.encoding == "utf-8-sig"


def test_invalid_utf8_mid_file_is_reported_per_cell_not_mojibake(tmp_path: Path) -> None:
    good = "".join(f"p{i},Zürich {i},2001,2003\n" for i in range(5))
    raw = ("id,name,start,deadline\n" + good).encode() + b"p9,Bad \xff\xfe name,2001,2003\n"
    table = read_table(write(tmp_path, "mixed.csv", raw))
    assert table.report.encoding == "utf-8"
    assert table.frame["name"].iloc[0] == "Zürich 0"  # not 'ZÃ¼rich'
    [problem] = table.problems
    assert (problem.row, problem.column) == (7, "name")
    assert "UTF-8" in problem.message and "�" in problem.value
    assert any("line 7" in n for n in table.report.notes)


def test_cp1252_file_is_named_and_said(tmp_path: Path) -> None:
    text = "id;name;start;deadline\n1;Gare du Nord – phase 2, façade;2001;2003\n"
    table = read_table(write(tmp_path, "w.csv", text, "cp1252"))
    assert table.report.encoding == "cp1252" and table.report.delimiter == ";"
    assert table.frame["name"].iloc[0] == "Gare du Nord – phase 2, façade"
    assert table.problems[0].row is None and "cp1252" in table.problems[0].message
