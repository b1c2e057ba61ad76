"""Vector exports of the timeline: SVG (one canvas, like the PNG) and PDF (pages of rows).

Both paint the same off-screen :class:`TimelineWidget` the PNG export does, with ``QPainter``
onto ``QtSvg.QSvgGenerator`` or ``QtGui.QPdfWriter``, so bars and text stay vectors and text
(the dense overview of thousands of rows, drawn as an image on screen, stays an image here too).
pyqtgraph's own SVG exporter is not used: in pyqtgraph 0.14.0 it fails even on an empty plot
with Qt 6.11 and 6.12, and it takes over a minute for 10,000 rows, where painting the widget
takes about a sixtieth of that.

The SVG is SVG 1.1, not the generator's default SVG Tiny 1.2, which has no clip paths (bars
running off the time axis would cover the names). Qt's own QSvgRenderer ignores clip paths, so
check an export's look in a browser, not through it. The SVG is deterministic: QSvgGenerator
writes no date, and nothing it writes depends on memory addresses (a test compares two
processes' files); the footer's export date is ``SOURCE_DATE_EPOCH`` when set. The SVG's
canvas is the PNG's (``--width`` pixels at ``--dpi``, the layout scaled by dpi / 96). The PDF
repeats the title, the header and the date axis on every page, and every row appears on exactly
one page; it is laid out at 96 layout pixels an inch of the page. What is the same on every
page is painted once and kept once in the file, as a form each page draws
(app/export_pages.py, app/export_pdf_frame.py); from the command line, a long PDF's pages
are painted by two processes (app/export_pdf_split.py). With ``SOURCE_DATE_EPOCH``
set the PDF is deterministic too: its dates and document id come from it, and ``slipline
export`` fixes Qt's hash seed (``QT_HASH_SEED``), which otherwise orders its fonts at random.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import replace
from pathlib import Path

from app.export import (
    ChartOptions,
    ExportError,
    chart_widget,
    close_chart,
    lay_out,
    needed_width,
    open_chart,
    paint_chart,
    show_range,
    write_atomic,
)
from app.export_layout import LAYOUT_DPI, image_height
from app.export_pages import paint_pages
from app.export_pdf_frame import frame_as_form
from app.export_pdf_split import paint_runs, processes_for
from data.metrics import Snapshot
from data.query import Rows

PAGE_SIZES_MM = {"a4": (210.0, 297.0), "a3": (297.0, 420.0), "letter": (215.9, 279.4)}
PAGE_HELP = "A4, A3, letter or WxHmm (e.g. 400x250mm)"
# The chart is laid out in pixels of 1/96 inch, then scaled onto the page. The SVG and the PDF
# are written at that resolution too (their drawing stays vector): pyqtgraph's axes replay a
# recorded QPicture, which Qt rescales, text and all, on a device of another resolution.
_CUSTOM_PAGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)


def page_size_mm(page: str, landscape: bool = False) -> tuple[float, float]:
    """The page's width and height in millimetres (``landscape``: the longer side across);
    raises ValueError for a name or size it does not know."""
    named = PAGE_SIZES_MM.get(page.strip().lower())
    custom = _CUSTOM_PAGE.match(page)
    if named is not None:
        width, height = named
    elif custom is not None:
        width, height = float(custom.group(1)), float(custom.group(2))
        if not (50 <= width <= 5000 and 50 <= height <= 5000):
            raise ValueError(f"page {page!r}: each side must be 50..5000 mm")
    else:
        raise ValueError(f"page {page!r} is not one of {PAGE_HELP}")
    if landscape != (width > height):
        width, height = height, width
    return width, height


def page_name(text: str) -> str:
    """``text`` when it is a page size :func:`page_size_mm` knows (the ``--page`` option's
    type), else ValueError."""
    page_size_mm(text)
    return text


def export_svg(
    snap: Snapshot, out: Path, options: ChartOptions, rows: Rows | None = None
) -> tuple[int, int]:
    """The timeline of ``snap`` (every row of ``rows``) as an SVG of the PNG's canvas, in
    vectors and text; returns its size in pixels."""
    from PySide6 import QtCore, QtGui, QtSvg

    widget, height = open_chart(snap, out, options, rows)
    height = image_height(height, options.dpi)
    try:

        def write(tmp: Path) -> None:
            generator = QtSvg.QSvgGenerator(QtSvg.QSvgGenerator.SvgVersion.Svg11)  # clip paths
            generator.setFileName(str(tmp))
            generator.setSize(QtCore.QSize(options.width, height))
            generator.setViewBox(QtCore.QRect(0, 0, options.width, height))
            generator.setResolution(LAYOUT_DPI)
            generator.setTitle(options.title or "Slipline timeline")
            generator.setDescription("Promised vs actual, exported by Slipline")
            painter = QtGui.QPainter()
            if not painter.begin(generator):
                raise ExportError(f"{out}: the SVG could not be written")
            try:
                paint_chart(widget, painter, QtCore.QRectF(0, 0, options.width, height))
            finally:
                painter.end()
            if tmp.stat().st_size == 0:
                raise ExportError(f"{out}: the SVG could not be written")
            tmp.write_bytes(xml_safe(tmp.read_bytes()))

        write_atomic(out, write)
        return options.width, height
    finally:
        close_chart(widget)


# What XML 1.0 allows in a document (a control character in a project's name does not).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(svg: bytes) -> bytes:
    """An SVG from ``QSvgGenerator`` with each character XML does not allow (ESC, BEL, NUL in a
    name read from a file: Qt writes them as they are) replaced by U+FFFD, the mark of a
    character that cannot be shown: else no XML reader opens the file at all."""
    text = svg.decode("utf-8", errors="surrogateescape")
    cleaned = _NOT_XML.sub("\ufffd", text)
    return svg if cleaned == text else cleaned.encode("utf-8", errors="surrogateescape")


def export_pdf(
    snap: Snapshot,
    out: Path,
    options: ChartOptions,
    rows: Rows | None = None,
    page: str = "A4",
    landscape: bool = False,
    processes: int | None = 1,
) -> int:
    """The timeline of ``snap`` as a vector PDF on pages of ``page`` size, as many rows a page
    as fit at the readable row height, the title, header and date axis on each; returns the
    number of pages. The chart is laid out at 96 px an inch of the page's width, or wider (and
    then scaled down) when its names and labels need more. ``processes``: how many processes
    paint the pages (None: two, where there are enough pages; more than 1 forks, for the
    command line only: app/export_pdf_split.py)."""
    try:
        page_mm = page_size_mm(page, landscape)
    except ValueError as exc:
        raise ExportError(f"{out}: {exc}") from None
    widget, layers, per_page = page_chart(snap, options, rows, page_mm, out)
    try:
        # Every row's slip label is painted once: formatted in one go (the run of pages a
        # process paints, app/export_pages.py), not page by page nor all before a fork.
        starts = list(range(0, max(1, layers.n_rows), per_page))
        write_atomic(
            out,
            lambda tmp: _write_pdf(
                widget, tmp, out, page_mm, (starts, per_page), options, processes
            ),
        )
        return len(starts)
    finally:
        close_chart(widget)


TOP_ROOM = 0.4  # rows of room above a page's first row (the window's, navigation.TOP)


def page_chart(snap: Snapshot, options: ChartOptions, rows: Rows | None, page_mm, out: Path):
    """The export's widget laid out for pages ``page_mm`` (width, height) in size: 96 px an inch
    of the page's width, or wider (then scaled down onto the page) when its names and labels
    need more; returns it (the caller closes it), its layers and the rows a page holds at the
    readable row height. The PDF export and the export dialog's preview of its first page."""
    from data.layout import build_layers
    from widgets.timeline import ROW_PIXELS

    layers = build_layers(snap, rows)
    width = round(page_mm[0] / 25.4 * LAYOUT_DPI)
    height = round(width * page_mm[1] / page_mm[0])
    widget = chart_widget(layers, snap, replace(options, width=width), height)
    try:
        lay_out(widget, layers, width, height)
        need = needed_width(widget)
        if need > width:  # long names: a wider layout, scaled down onto the page
            width, height = need, round(need * page_mm[1] / page_mm[0])
            lay_out(widget, layers, width, height)
        show_range(widget, options.x_range, out)
    except BaseException:
        close_chart(widget)
        raise
    # A page's rows at the readable height, below the room the window leaves above its first
    # row (TOP_ROOM rows: the as-of label sits there, not over the first row's bars).
    return widget, layers, max(1, int(widget.view_box.height() / ROW_PIXELS - TOP_ROOM))


def _write_pdf(widget, tmp: Path, out: Path, page_mm, pages, options, processes) -> None:
    """The PDF of ``per_page`` rows from each of ``starts`` (``pages``: both) at the same row
    height on every page (the last one's blank below), the widget scaled to the page: its
    frame written once as a form every page draws, or, where that rewrite cannot read the
    file Qt wrote, painted on every page. The pages are painted by ``processes`` processes
    (app/export_pdf_split.py), or by this one alone where that fails."""
    starts, per_page = pages
    rows = widget.layers is not None and widget.layers.n_rows > 0
    epoch = _source_date_epoch()
    document_id = None
    if epoch is not None:  # the same bytes from the same input: no random id
        document_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"slipline:{epoch}"))
    processes = processes_for(len(starts), processes) if rows else 1
    split = processes > 1
    if split:

        def paint_run(run: list[int], file: Path | None) -> None:
            # The first run with the frame, into the file; each later one without, its own.
            target, frame = (tmp, True) if file is None else (file, False)
            _paint_pages(
                widget, target, out, page_mm, run, per_page, options, document_id, True, frame
            )

        split = paint_runs(starts, processes, paint_run, tmp)
    if not split:
        _paint_pages(widget, tmp, out, page_mm, starts, per_page, options, document_id, rows)
    if rows and not frame_as_form(tmp):
        _paint_pages(widget, tmp, out, page_mm, starts, per_page, options, document_id, False)
    if epoch is not None and document_id is not None:
        _set_dates(tmp, epoch)
        _set_document_id(tmp, document_id)


def _paint_pages(
    widget,
    tmp: Path,
    out: Path,
    page_mm,
    starts,
    per_page,
    options,
    document_id,
    frame_first,
    with_frame: bool = True,
) -> None:
    """Paint the pages into a new PDF at ``tmp`` (``frame_first``: the frame alone on a first
    page; without ``with_frame``, the pages of rows alone: app/export_pages.py)."""
    from PySide6 import QtCore, QtGui

    writer = QtGui.QPdfWriter(str(tmp))
    writer.setResolution(LAYOUT_DPI)
    size = QtGui.QPageSize(QtCore.QSizeF(*page_mm), QtGui.QPageSize.Unit.Millimeter)
    writer.setPageSize(size)
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
    writer.setTitle(options.title or "Slipline timeline")
    writer.setCreator("Slipline")
    if document_id is not None and hasattr(writer, "setDocumentId"):
        writer.setDocumentId(QtCore.QUuid(document_id))  # (Qt 6.8 on; before it, rewritten)
    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise ExportError(f"{out}: the PDF could not be started")
    try:
        # The last page keeps the row height, its space below blank, where the window's limits
        # would pull the view up and show the previous page's rows again.
        widget.view_box.setLimits(yMin=None, yMax=None, minYRange=None, maxYRange=None)
        page = QtCore.QRectF(0, 0, page_mm[0] / 25.4 * LAYOUT_DPI, page_mm[1] / 25.4 * LAYOUT_DPI)
        if widget.layers is None or not widget.layers.n_rows:
            widget.show_all_rows()  # (centres the "no projects" message, on one page)
            QtCore.QCoreApplication.processEvents()
            paint_chart(widget, painter, page)
        else:

            def rows_of(start: int) -> None:
                # Exactly rows [start, start + per_page): a row's marks lie within half a row.
                widget.view_box.setYRange(start - 0.5 - TOP_ROOM, start + per_page - 0.5, padding=0)

            def new_page() -> None:
                if not writer.newPage():
                    raise ExportError(f"{out}: the PDF could not take another page")

            paint_pages(widget, painter, page, starts, rows_of, new_page, frame_first, with_frame)
    finally:
        painter.end()


def _source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (seconds, UTC) when it is set to a number, else None."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


_PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}Z\)")
_XMP_DATES = re.compile(rb'xmp:(CreateDate|ModifyDate|MetadataDate)="[0-9T:+-]{25}"')


def _set_document_id(path: Path, document_id: str) -> None:
    """The PDF's document id set to ``document_id`` where Qt chose one at random (before Qt 6.8
    QPdfWriter has no setter): in its XMP metadata as ``uuid:…`` and in the trailer's /ID as the
    hex of that text, rewritten in place at the same length."""
    data = path.read_bytes()
    found = re.search(rb"uuid:([0-9a-f-]{36})", data)
    if found is None or found.group(1) == document_id.encode():
        return
    old, new = found.group(1), document_id.encode()
    data = data.replace(old, new).replace(old.hex().encode(), new.hex().encode())
    data = data.replace(old.hex().upper().encode(), new.hex().upper().encode())
    path.write_bytes(data)


def _set_dates(path: Path, epoch: int) -> None:
    """The PDF's creation and modification dates (in its information and its XMP metadata) set
    to ``epoch``: QPdfWriter writes the clock's and has no setter. Each is rewritten in place at
    the same length, so the cross-reference offsets stay right."""
    when = dt.datetime.fromtimestamp(epoch, dt.UTC)
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00").encode()
    data = _PDF_DATES.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp + b"Z)", path.read_bytes())
    data = _XMP_DATES.sub(lambda m: b"xmp:" + m.group(1) + b'="' + iso + b'"', data)
    path.write_bytes(data)
