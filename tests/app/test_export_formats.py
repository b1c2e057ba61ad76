"""The chart in each format (PNG, SVG, PDF) through the real entry point: each opens as what it
says it is, the SVG and the PDF hold vectors and text, the PDF's pages share out the rows, a
failed write keeps the old file, and the same input gives the same bytes."""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
from PySide6 import QtGui

import app.export_pages
import app.export_vector
from app.cli import main
from tests.app.test_cli import run
from tests.conftest import SAMPLES

SAMPLE = [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]
SVG = "{http://www.w3.org/2000/svg}"
TITLE = "Promised vs actual, sample"


def export(*args: str) -> int:
    return main(["export", *SAMPLE, "--as-of", "2024-01-01", *args])


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, its words joined by single spaces (the extraction gives tabs)."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def test_svg_is_vectors_and_text(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    assert export("-o", str(out), "--title", TITLE) == 0
    root = ET.parse(out).getroot()  # well-formed XML
    assert root.tag == f"{SVG}svg"
    texts = svg_texts(out)
    assert TITLE in texts
    assert "Sydney Opera House" in texts  # a row's name, as text
    assert not list(root.iter(f"{SVG}image"))  # no picture of the chart inside
    assert len(list(root.iter(f"{SVG}path"))) > 16  # bars and markers, drawn


def test_an_svg_with_control_characters_in_names_is_still_xml(tmp_path: Path) -> None:
    # ESC and BEL in a name (as a file may hold them: Excel writes ESC as _x001B_) are not
    # allowed in XML; written as they are, no reader opens the file. Each becomes U+FFFD.
    source = tmp_path / "p.csv"
    source.write_text(
        "project_id,name,start,promised_end\na,Bad\x1bname,2010,2012\nb,Bell\x07,2011,2013\n",
        encoding="utf-8",
    )
    out = tmp_path / "chart.svg"
    assert main(["export", str(source), "--as-of", "2020-01-01", "-o", str(out)]) == 0
    texts = svg_texts(out)  # (ET.parse raises on a character XML does not allow)
    assert "Bad\ufffdname" in texts and "Bell\ufffd" in texts


def test_pdf_is_vector_with_the_title_on_an_a4_page(tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    assert export("-o", str(out), "--title", TITLE) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1  # the 16 sample projects fit one A4 page
    box = reader.pages[0].mediabox
    # A4 is 210 x 297 mm: 595.3 x 841.9 points of 1/72 inch.
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    text = pdf_pages(out)[0]
    assert TITLE in text and "Sydney Opera House" in text
    assert not reader.pages[0].images  # vectors, not a picture of the chart


def test_pdf_landscape_and_named_sizes(tmp_path: Path) -> None:
    out = tmp_path / "wide.pdf"
    assert export("-o", str(out), "--page", "A3", "--landscape") == 0
    box = pypdf.PdfReader(out).pages[0].mediabox
    # A3 landscape: 420 x 297 mm = 1190.6 x 841.9 points.
    assert abs(float(box.width) - 1190.6) < 1 and abs(float(box.height) - 841.9) < 1
    out = tmp_path / "custom.pdf"
    assert export("-o", str(out), "--page", "400x250mm") == 0
    box = pypdf.PdfReader(out).pages[0].mediabox
    # 400 x 250 mm, portrait asked (not --landscape): 250 wide, 400 tall = 708.7 x 1133.9 pt.
    assert abs(float(box.width) - 708.7) < 1 and abs(float(box.height) - 1133.9) < 1


def test_an_unknown_page_size_is_bad_usage(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert export("-o", str(out), "--page", "B7") == 2
    assert "--page" in capsys.readouterr().err
    assert not out.exists()


def many_projects(tmp_path: Path, n: int) -> str:
    """``n`` projects named R00000, R00001, … (no two names alike, none inside another)."""
    lines = ["project_id,name,start,original_promised_end,actual_end"]
    for i in range(n):
        year = 2000 + i % 20
        lines.append(f"p{i},R{i:05d},{year}-01-01,{year + 2}-01-01,{year + 3}-06-30")
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_a_long_pdf_has_every_row_once_over_several_pages(tmp_path: Path) -> None:
    n = 5000
    out = tmp_path / "long.pdf"
    # A tall page keeps the test quick: about 150 rows a page, so some 30 pages.
    args = ["-o", str(out), "--page", "300x2000mm", "--title", TITLE, "--as-of", "2030-01-01"]
    code = main(["export", many_projects(tmp_path, n), *args])
    assert code == 0
    pages = pdf_pages(out)
    assert len(pages) > 10
    names = [name for text in pages for name in re.findall(r"\bR\d{5}\b", text)]
    assert sorted(names) == [f"R{i:05d}" for i in range(n)]  # each row once, none missing
    for text in pages:  # the header and the date axis on every page
        assert TITLE in text
        assert "2010" in text and "2020" in text


def test_a_short_pdf_on_a4_repeats_the_header(tmp_path: Path) -> None:
    out = tmp_path / "a4.pdf"
    code = main(["export", many_projects(tmp_path, 60), "-o", str(out), "--title", TITLE])
    assert code == 0
    pages = pdf_pages(out)
    # A4 portrait holds about 20 rows of 44 px (11.6 mm) under the title, axes and legend.
    assert 2 <= len(pages) <= 4
    names = [name for text in pages for name in re.findall(r"\bR\d{5}\b", text)]
    assert sorted(names) == [f"R{i:05d}" for i in range(60)]
    assert all(TITLE in text for text in pages)


def test_png_records_its_dpi(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    assert export("-o", str(out), "--width", "3200", "--dpi", "192") == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QtGui.QImage(str(out))
    assert image.dotsPerMeterX() == 7559  # 192 dots an inch / 0.0254 m an inch = 7559.06


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_a_failed_write_keeps_the_old_file_and_says_why(
    tmp_path: Path, capsys, monkeypatch, suffix: str
) -> None:
    out = tmp_path / f"keep{suffix}"
    out.write_bytes(b"precious")

    def broken(*_args) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app.export_vector, "paint_chart", broken)
    monkeypatch.setattr(app.export_pages, "paint_scene", broken)  # (the PDF's frame)
    assert export("-o", str(out)) == 1
    assert out.read_bytes() == b"precious"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    assert "No space left on device" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_a_read_only_folder_keeps_the_old_file(tmp_path: Path, capsys, suffix: str) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / f"keep{suffix}"
    out.write_bytes(b"precious")
    folder.chmod(0o555)
    try:
        assert export("-o", str(out)) == 1
        assert out.read_bytes() == b"precious"
        assert "cannot write" in capsys.readouterr().err
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_no_readable_date_writes_no_chart(tmp_path: Path, capsys, suffix: str) -> None:
    data = tmp_path / "p.csv"
    data.write_text("id,name,start,deadline\nA,Alpha,soonish,whenever\n", encoding="utf-8")
    out = tmp_path / f"chart{suffix}"
    assert main(["export", str(data), "-o", str(out)]) == 1
    assert not out.exists()
    assert "nothing loaded carries a readable date" in capsys.readouterr().err


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    """In separate processes (memory addresses differ), with SOURCE_DATE_EPOCH set."""
    env = {"SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14 22:13:20 UTC
    for suffix in (".svg", ".png", ".pdf"):
        outs = [tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"]
        for out in outs:
            result = run("export", "-o", str(out), "--title", TITLE, env=env)
            assert result.returncode == 0, result.stderr
            time.sleep(1.1)  # (a clock's date in the file would differ)
        assert outs[0].read_bytes() == outs[1].read_bytes(), suffix
    footer = [t for t in svg_texts(tmp_path / "a.svg") if "exported" in t]
    assert footer and "exported 2023-11-14" in footer[0]
    # The PDF's own dates are SOURCE_DATE_EPOCH's too, and it still reads.
    pdf = pypdf.PdfReader(tmp_path / "a.pdf", strict=True)
    assert pdf.metadata["/CreationDate"] == "D:20231114221320Z"
    assert TITLE in pdf.pages[0].extract_text().replace("\t", " ")
