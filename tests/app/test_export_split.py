"""A long PDF's pages painted by several processes (app/export_pdf_split.py): the pages cut into
runs in order, each later run painted by a forked child and appended to the first run's file,
the same pages as one process paints; a child that fails leaves the painting to the parent."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtGui

import app.export_pdf_split
from app.export_pdf_split import Child, append_pages, paint_runs, processes_for, runs
from tests.app.test_export_formats import TITLE, pdf_pages
from tests.app.test_export_pages import export_pdf, names_per_page

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


def test_the_pages_are_cut_into_runs_in_order() -> None:
    # 10 pages over 3 processes: 10 = 4 + 3 + 3, the first run the longer one.
    starts = list(range(0, 100, 10))
    assert runs(starts, 3) == [[0, 10, 20, 30], [40, 50, 60], [70, 80, 90]]
    assert runs([0, 5], 3) == [[0], [5]]  # (no empty run)


def test_two_processes_unless_told_with_enough_pages_each(monkeypatch) -> None:
    monkeypatch.delenv("SLIPLINE_PDF_PROCESSES", raising=False)
    assert processes_for(385) == 2  # 193 and 192 pages
    assert processes_for(40) == 2  # 20 pages each
    assert processes_for(39) == 1  # 20 and 19: fewer than 20
    assert processes_for(385, 1) == 1
    assert processes_for(385, 3) == 3
    assert processes_for(50, 3) == 2  # 25 pages each; three would have 16
    monkeypatch.setenv("SLIPLINE_PDF_PROCESSES", "3")
    assert processes_for(385) == 3
    assert processes_for(385, 1) == 1  # (the caller's word first: the window's export)


def test_three_processes_write_the_pages_one_process_writes(tmp_path: Path, monkeypatch) -> None:
    # 160 projects R00000 … R00159 on A4 pages: some 20 to 26 rows a page (the fonts decide:
    # 23 with Qt 6.11's, 22 with 6.6's), so 7 or 8 pages (160 / 23 = 6.96, 160 / 22 = 7.27),
    # painted in runs of 3, 2 and 2 or 3, 3 and 2 pages by three processes. The pages are the
    # ones a single process writes, in order: every page but the last full, every row once,
    # the title (drawn from the first run's frame) on each.
    appended = []

    def append(path, others):
        appended.append(len(others))
        return append_pages(path, others)

    monkeypatch.setattr(app.export_pdf_split, "MIN_PAGES_EACH", 1)
    monkeypatch.setattr(app.export_pdf_split, "append_pages", append)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("SLIPLINE_PDF_PROCESSES", "1")
    one = export_pdf(tmp_path, "one.pdf", 160)
    assert appended == []
    monkeypatch.setenv("SLIPLINE_PDF_PROCESSES", "3")
    split = export_pdf(tmp_path, "split.pdf", 160)
    again = export_pdf(tmp_path, "again.pdf", 160)
    assert appended == [2, 2]  # two children's files appended, each time
    pages = names_per_page(split)
    per_page = len(pages[0])
    assert 20 <= per_page <= 26
    full = 160 // per_page  # (none of 20 … 26 divides 160 but 20: 8 full pages, no more)
    last = [160 - full * per_page] if 160 % per_page else []
    assert [len(names) for names in pages] == [per_page] * full + last
    assert [n for names in pages for n in names] == [f"R{i:05d}" for i in range(160)]
    assert pdf_pages(split) == pdf_pages(one)
    assert all(TITLE in text for text in pdf_pages(split))
    assert split.read_bytes() == again.read_bytes()  # deterministic
    assert not list(tmp_path.glob(".slipline-*"))  # (no child's file left behind)
    if shutil.which("pdftoppm"):  # each page looks as the one process's page does
        for number in (1, 3, 4, 7):  # a run's first and last pages, the last page
            assert (render(split, number, tmp_path) == render(one, number, tmp_path)).all()


def render(path: Path, page: int, folder: Path) -> np.ndarray:
    stem = folder / f"{path.stem}-{page}"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(["pdftoppm", "-r", "60", *pages, "-png", "-singlefile", path, stem], check=True)
    image = QtGui.QImage(str(stem) + ".png").convertToFormat(QtGui.QImage.Format.Format_RGB32)
    bits = np.frombuffer(image.constBits(), np.uint32)
    return bits.reshape(image.height(), image.bytesPerLine() // 4).copy()


def test_a_child_says_whether_its_paint_ended_well() -> None:
    def fail() -> None:
        raise RuntimeError("the child's paint fails")

    assert Child(lambda: None).finished(timeout=30)
    assert not Child(fail).finished(timeout=30)
    hanging = Child(lambda: time.sleep(60))
    began = time.monotonic()
    assert not hanging.finished(timeout=0.2)  # stopped
    assert time.monotonic() - began < 30


def test_a_child_that_fails_leaves_the_pages_to_the_parent(tmp_path: Path) -> None:
    painted = []

    def paint(run: list[int], file: Path | None) -> None:
        if file is not None:  # (in the child)
            file.write_bytes(b"half a page")
            raise RuntimeError("the child's paint fails")
        painted.append(run)

    tmp = tmp_path / "chart.pdf"
    tmp.write_bytes(b"%PDF-1.4 the first run")
    assert not paint_runs([0, 10, 20, 30], 2, paint, tmp)
    assert painted == [[0, 10]]
    assert list(tmp_path.iterdir()) == [tmp]  # the child's file removed


def test_a_file_not_written_as_qt_writes_it_is_not_appended(tmp_path: Path) -> None:
    first, other = tmp_path / "first.pdf", tmp_path / "other.pdf"
    first.write_bytes(b"%PDF-1.4\nnot as Qt writes it\n")
    other.write_bytes(b"%PDF-1.4\nnor this\n")
    assert not append_pages(first, [other])
    assert first.read_bytes() == b"%PDF-1.4\nnot as Qt writes it\n"
