"""The PDF's pages painted fast: the frame (titles, header, date axes, legend, footer) painted
once and written once, as a form every page draws; only the rows painted page by page; the
pages share out the rows as the page height says."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pypdf
import pytest
from PySide6 import QtCore, QtGui

import app.export_pages
import app.export_vector
from app.cli import main
from app.export_pdf_frame import FORM_NAME, frame_as_form
from tests.app.test_export_formats import TITLE, many_projects, pdf_pages

FORM = "/" + FORM_NAME.decode()


def names_per_page(path: Path) -> list[list[str]]:
    return [re.findall(r"\bR\d{5}\b", text) for text in pdf_pages(path)]


def export_pdf(tmp_path: Path, name: str, rows: int, *args: str) -> Path:
    out = tmp_path / name
    code = main(["export", many_projects(tmp_path, rows), "-o", str(out), "--title", TITLE, *args])
    assert code == 0
    return out


def test_a_taller_page_holds_as_many_more_rows_as_fit_in_the_difference(tmp_path: Path) -> None:
    # A page 240 mm wide is laid out 907 px wide (240 / 25.4 × 96 = 907.1: wide enough for
    # these names and labels, so not widened and scaled down); 300 mm tall, it is
    # 907 × 300 / 240 = 1134 px tall. Rows are 44 px: 5 more rows need 220 px more, 1354 px,
    # which is 1354 × 240 / 907 = 358.28 mm (907 × 358.28 / 240 = 1354.0). The titles, axes,
    # legend and footer are the same on both (same width), so the plot is 220 px taller.
    short = names_per_page(export_pdf(tmp_path, "short.pdf", 100, "--page", "240x300mm"))
    tall = names_per_page(export_pdf(tmp_path, "tall.pdf", 100, "--page", "240x358.28mm"))
    for pages in (short, tall):
        per_page = len(pages[0])
        # Every page but the last is full, and the rows run on from page to page, once each.
        assert all(len(names) == per_page for names in pages[:-1])
        assert 0 < len(pages[-1]) <= per_page
        assert [n for names in pages for n in names] == [f"R{i:05d}" for i in range(100)]
        assert len(pages) == -(-100 // per_page)  # (ceiling)
    assert len(tall[0]) == len(short[0]) + 5


def test_the_frame_is_painted_once_and_drawn_by_every_page(tmp_path: Path, monkeypatch) -> None:
    calls = []
    paint_scene = app.export_pages.paint_scene

    def counted(*args) -> None:
        calls.append(1)
        paint_scene(*args)

    monkeypatch.setattr(app.export_pages, "paint_scene", counted)
    out = export_pdf(tmp_path, "frame.pdf", 100)
    reader = pypdf.PdfReader(out, strict=True)
    assert len(reader.pages) >= 4  # (A4: some 20 rows a page)
    # The scene is painted twice (the first paint only places pyqtgraph's labels), whatever
    # the number of pages: never once a page.
    assert len(calls) == 2
    forms = {page["/Resources"]["/XObject"].raw_get(FORM).idnum for page in reader.pages}
    assert len(forms) == 1  # one form, the same on every page
    for page in reader.pages:
        assert TITLE in " ".join(page.extract_text().split())  # (the form's text is the page's)


def test_without_the_rewrite_every_page_paints_its_frame(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(app.export_vector, "frame_as_form", lambda path: False)
    out = export_pdf(tmp_path, "plain.pdf", 60)
    reader = pypdf.PdfReader(out, strict=True)
    assert all(FORM not in page["/Resources"].get("/XObject", {}) for page in reader.pages)
    pages = names_per_page(out)
    assert len(pages) >= 2
    assert [n for names in pages for n in names] == [f"R{i:05d}" for i in range(60)]
    assert all(TITLE in " ".join(text.split()) for text in pdf_pages(out))


def qt_pdf(path: Path, texts: list[str]) -> None:
    """A PDF written by QPdfWriter, one page a text."""
    writer = QtGui.QPdfWriter(str(path))
    writer.setResolution(96)
    painter = QtGui.QPainter(writer)
    for number, text in enumerate(texts):
        if number:
            writer.newPage()
        painter.drawText(QtCore.QPointF(100, 100 + 40 * number), text)
    painter.end()


def test_the_rewrite_makes_the_first_page_a_form_of_the_others(qapp, tmp_path: Path) -> None:
    path = tmp_path / "three.pdf"
    qt_pdf(path, ["FRAMEWORD", "ROWSONE", "ROWSTWO"])
    assert frame_as_form(path)
    reader = pypdf.PdfReader(path, strict=True)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(texts) == 2
    assert "ROWSONE" in texts[0] and "ROWSTWO" in texts[1]
    assert all("FRAMEWORD" in text for text in texts)


@pytest.mark.parametrize("content", ["one page", "not a PDF", "bad offset", "no such root"])
def test_the_rewrite_leaves_what_it_cannot_read(qapp, tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.pdf"
    if content == "one page":
        qt_pdf(path, ["ALONE"])
    elif content == "not a PDF":
        path.write_bytes(b"%PDF-1.4\nnot really\n%%EOF\n")
    else:  # two pages as Qt writes them, then one offset or the root's number spoilt
        qt_pdf(path, ["FRAME", "ROWS"])
        data = path.read_bytes()
        if content == "bad offset":
            data = re.sub(rb"(xref\s+0 \d+\s+\d{10} 65535 f \r?\n)\d{10}", rb"\1x0000000x", data)
        else:
            data = re.sub(rb"/Root \d+ 0 R", b"/Root 999 0 R", data)
        assert data != path.read_bytes()
        path.write_bytes(data)
    before = path.read_bytes()
    assert not frame_as_form(path)
    assert path.read_bytes() == before


def page_images(widget, page: QtCore.QRectF, starts: list[int], ours: bool) -> list[QtGui.QImage]:
    """Each page of ``starts`` painted into an image: ``ours`` as the export paints it (the view
    set once, to the first page, each page's rows moved there; the frame recorded once and
    drawn over them), else the scene rendered whole with the view moved onto the page's rows."""
    from app.export import paint_chart
    from app.export_vector import TOP_ROOM

    per_page = starts[1] - starts[0]

    def show(start: int) -> None:
        widget.view_box.setYRange(start - 0.5 - TOP_ROOM, start + per_page - 0.5, padding=0)
        QtCore.QCoreApplication.processEvents()

    show(starts[0])
    app.export_pages.frame_picture(widget, page)  # (the as-of label placed: see paint_pages)
    transform = app.export_pages.page_transform(widget, page)
    frame = app.export_pages.frame_picture(widget, page)
    images = []
    size = page.size().toSize()
    rows = None
    for start in starts:
        image = QtGui.QImage(size, QtGui.QImage.Format.Format_RGB32)
        painter = QtGui.QPainter(image)
        try:
            if ours:
                rows = rows or app.export_pages.PageRows(widget, painter, transform, starts[0])
                painter.fillRect(page, widget.colors.background)
                rows.paint(painter, start)
                painter.drawPicture(0, 0, frame)
            else:
                show(start)
                paint_chart(widget, painter, page)
        finally:
            painter.end()
        images.append(image)
    return images


def test_each_page_shows_its_rows_as_the_view_moved_onto_them_shows_them(
    qapp, sample_paths, tmp_path
) -> None:
    # The sample's 16 projects (bars, re-promises, statements, open ends) on pages 200 mm wide
    # and short: a few rows a page, the last page not full (the first height that gives that in
    # this font). Each page, as the export paints it, is the picture the whole scene gives with
    # the view moved onto that page's rows: the first, one in the middle and the last (its
    # space below blank).
    from app.export import ChartOptions, close_chart
    from app.export_vector import page_chart
    from data.load import load_files
    from data.metrics import default_as_of, snapshot

    ledger = load_files(sample_paths)
    snap = snapshot(ledger, default_as_of(ledger.report))
    for height in (90.0, 80.0, 100.0, 110.0, 70.0):
        widget, layers, per_page = page_chart(
            snap, ChartOptions(title=TITLE), None, (200.0, height), tmp_path / "x.pdf"
        )
        starts = list(range(0, layers.n_rows, per_page))
        if len(starts) >= 3 and layers.n_rows % per_page:
            break
        close_chart(widget)
    else:
        pytest.fail("no page height gave three pages, the last one not full")
    try:
        assert layers.n_rows == 16
        widget.view_box.setLimits(yMin=None, yMax=None, minYRange=None, maxYRange=None)
        chosen = [0, len(starts) // 2, len(starts) - 1]
        page = QtCore.QRectF(0, 0, round(200 / 25.4 * 96), round(height / 25.4 * 96))
        ours = page_images(widget, page, starts, ours=True)
        moved = page_images(widget, page, starts, ours=False)
        # Older Qt (seen on 6.6 to 6.9; 6.11 does not) shades some texts (the frame's recorded
        # title and footer, the "since" labels) a little apart from the scene's own: there, the
        # rows' band (the names
        # axis' height) is compared, and up to 1 % of its pixels may differ (a row out of place
        # differs in far more: its bars, names and slips).
        # Where each page's first row begins (the view on the first page's rows): above it, the
        # room of the as-of label, which the view moved onto a later page's rows shows the
        # bottom of the row before in, and a page does not.
        scale = page.height() / widget.height()
        first_row_top = math.ceil(_scene_y(widget, starts, per_page) * scale) + 1
        band, most = slice(first_row_top, None), 0
        if tuple(int(v) for v in QtCore.qVersion().split(".")[:2]) < (6, 11):
            rect = widget.names_axis.sceneBoundingRect()
            band = slice(first_row_top, math.ceil(rect.bottom() * scale))
            most = (band.stop - band.start) * round(page.width()) // 100
        for number in chosen:
            a, b = pixels(ours[number])[band], pixels(moved[number])[band]
            assert (a != b).sum() <= most, f"page {number + 1} of {len(starts)}"
            # Above its first row every page is the first page (nothing of the row before).
            above = slice(0, first_row_top)
            assert np.array_equal(pixels(ours[number])[above], pixels(ours[0])[above])
        # Pages differ from one another (each shows its own rows).
        assert (pixels(ours[chosen[1]]) != pixels(ours[0])).any()
    finally:
        close_chart(widget)


def _scene_y(widget, starts: list[int], per_page: int) -> float:
    """The scene's y of the top of the first page's first row, the view on that page's rows."""
    from app.export_vector import TOP_ROOM

    widget.view_box.setYRange(starts[0] - 0.5 - TOP_ROOM, starts[0] + per_page - 0.5, padding=0)
    QtCore.QCoreApplication.processEvents()
    left = widget.view_box.viewRange()[0][0]
    return widget.view_box.mapViewToScene(QtCore.QPointF(left, starts[0] - 0.5)).y()


def pixels(image: QtGui.QImage) -> np.ndarray:
    bits = image.constBits()
    return np.frombuffer(bits, np.uint32).reshape(image.height(), image.bytesPerLine() // 4)
