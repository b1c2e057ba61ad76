"""What the export dialog's options make of the window's data: the snapshot, the rows and the
:class:`ChartOptions`, read as ``slipline export`` reads its options (the same default title,
``--rows`` cut and footer note), a preview-sized picture, and the file written.

"What is on screen" keeps the rows whose middle is in view in the window (in the order the
dialog's sort gives) and the window's time range, unless a range is typed. The preview draws at
most :data:`PREVIEW_ROWS` rows, scaled to :data:`PREVIEW_WIDTH` pixels, so it costs about the
same at 16 rows and at 100,000; the note under it says when rows were left out of it.

The data a preview needs (the snapshot for another as-of date, the rows of another sort, filter
or grouping) is computed off the GUI thread for a ledger of the controller's ``background_from``
projects or more, in the controller's own background thread (one job at a time: the data modules
keep caches that are not shared between threads). Until it arrives the preview says it is being
prepared and keeps its last picture; then ``prepared`` is called to draw it. The drawing itself
(at most :data:`PREVIEW_ROWS` rows) stays on the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from app.export import (
    ChartOptions,
    ExportError,
    close_chart,
    export_csv,
    export_png,
    open_chart,
)
from app.export_content import default_title, first_rows, read_range, rows_note
from app.export_layout import layout_width
from app.export_vector import (
    TOP_ROOM,
    export_pdf,
    export_svg,
    page_chart,
    page_size_mm,
    paint_chart,
)
from data.metrics import Snapshot, snapshot, to_date
from data.query import Query, Rows, run_query
from widgets.export_dialog import ExportChoices, Preview

PREVIEW_ROWS = 60
PREVIEW_WIDTH = 720
PREVIEW_PAGE_HEIGHT = 660  # a PDF's page is previewed whole


@dataclass
class Chart:
    """The export the choices ask: the snapshot, the rows drawn (after ``rows``' cut), how many
    there were before the cut, and the options."""

    snap: Snapshot
    rows: Rows
    total: int
    options: ChartOptions


class ExportJob:
    """The window's data seen through an :class:`ExportChoices` (``controller``: the window's
    DatasetController; ``timeline``: its TimelineWidget, for what is on screen)."""

    def __init__(self, controller, timeline, background=None) -> None:
        """``background``: a :class:`app.recompute.Recomputer` on the controller's pool, whose
        ``ready`` results are handed to :meth:`arrived` (None: everything computed at once)."""
        self.controller = controller
        self.timeline = timeline
        self.background = background
        self.prepared: Callable[[], None] | None = None  # called when asked-for data arrived
        self._snap: Snapshot | None = None  # the last one computed for another as-of date
        self._rows: tuple[Snapshot, Query, Rows] | None = None  # the last query run
        if controller.snapshot is not None and not controller.recomputer.is_busy():
            # The window's own rows (its lanes unfolded, as an export draws them) to begin with.
            shown = replace(controller.rows, folded=frozenset())
            self._rows = (controller.snapshot, controller.effective_query(), shown)

    def snapshot_on(self, day_text: str) -> Snapshot:
        """The snapshot as known on ``day_text`` (YYYY-MM-DD): the window's when it is that
        day's, else computed (and kept for the next preview)."""
        shown: Snapshot = self.controller.snapshot
        day = to_date(day_text) if day_text else shown.as_of
        if shown.as_of == day:
            return shown
        if self._snap is None or self._snap.as_of != day:
            self._snap = snapshot(self.controller.ledger, day)
        return self._snap

    def ready(self, choices: ExportChoices) -> bool:
        """True when the data ``choices`` asks is at hand (kept, or cheap enough to compute on
        the GUI thread); else it is asked for in the background and False is returned."""
        shown: Snapshot = self.controller.snapshot
        day = to_date(choices.as_of) if choices.as_of else shown.as_of
        query = _query(choices)
        kept = shown if shown.as_of == day else self._snap
        known = kept if kept is not None and kept.as_of == day else None
        rows = self._rows
        if known is not None and rows is not None and rows[0] is known and rows[1] == query:
            if self.background is not None:
                self.background.discard()  # (what it computes is no longer wanted)
            return True
        if self.background is None or len(shown.metrics) < self.controller.background_from:
            return True
        ledger, attributes = self.controller.ledger, self.controller.ledger.attributes

        def work() -> tuple[Snapshot, Query, Rows]:
            snap = known if known is not None else snapshot(ledger, day)
            return snap, query, run_query(snap.metrics, query, attributes)

        self.background.request(work)
        return False

    def arrived(self, result: tuple[Snapshot, Query, Rows]) -> None:
        """The background's data for a preview: kept, and the preview drawn (``prepared``)."""
        snap = result[0]
        if snap is not self.controller.snapshot:
            self._snap = snap
        self._rows = result
        if self.prepared is not None:
            self.prepared()

    def chart(self, choices: ExportChoices) -> Chart:
        """The export ``choices`` asks; raises ValueError, saying why, for a range that cannot be
        read or a grouping or sort the data has no column for."""
        snap = self.snapshot_on(choices.as_of)
        query = _query(choices)
        every = self._run(snap, query)
        x_range = read_range(choices.range_text) if choices.range_text else None
        if choices.on_screen:
            every, seen = self._on_screen(every)
            x_range = x_range or seen
        rows = first_rows(every, choices.rows or None)
        options = ChartOptions(
            width=choices.width,
            dpi=choices.dpi,
            title="" if choices.no_title else choices.title or default_title(len(rows), snap.as_of),
            subtitle=choices.subtitle,
            legend=choices.legend,
            sources=list(self.controller.paths),
            theme=choices.theme,
            x_range=x_range,
            note=rows_note(len(rows), len(every), query),
            font_scale=choices.font_scale,
        )
        return Chart(snap, rows, len(every), options)

    def _run(self, snap: Snapshot, query: Query) -> Rows:
        """The rows of ``query``, kept while only the drawing options change (sorting 100,000
        rows costs more than drawing the preview)."""
        if self._rows is None or self._rows[0] is not snap or self._rows[1] != query:
            self._rows = (
                snap,
                query,
                run_query(snap.metrics, query, self.controller.ledger.attributes),
            )
        return self._rows[2]

    def _on_screen(self, rows: Rows) -> tuple[Rows, tuple[float, float]]:
        """Of ``rows``, those the window shows (a row whose middle is in view), and the window's
        time range."""
        layers = self.timeline.layers
        (x0, x1), (y0, y1) = self.timeline.view_box.viewRange()
        if layers is None or layers.n_rows == 0:
            return Rows(rows.order[:0], None if rows.lanes is None else rows.lanes[:0]), (x0, x1)
        first, last = max(0, math.ceil(y0)), min(math.floor(y1), layers.n_rows - 1)
        seen = layers.metric_pos[first : last + 1]
        keep = np.isin(rows.order, seen[seen >= 0])
        lanes = None if rows.lanes is None else rows.lanes[keep]
        return Rows(rows.order[keep], lanes), (float(x0), float(x1))

    def preview(self, choices: ExportChoices) -> Preview:
        """A picture of what ``choices`` would write, at most PREVIEW_WIDTH pixels wide."""
        try:
            if not self.ready(choices):
                return Preview(None, "Preparing the preview…", pending=True)
            chart = self.chart(choices)
        except ValueError as exc:
            return Preview(None, f"Cannot export: {exc}")
        title = default_title(len(chart.rows), chart.snap.as_of)
        count = f"{len(chart.rows)} project{'' if len(chart.rows) == 1 else 's'}"
        if choices.format == "csv":
            return Preview(None, f"The metrics table (CSV) of {count}, one line each.", title)
        drawn = first_rows(chart.rows, PREVIEW_ROWS)
        try:
            if choices.format == "pdf":
                page = page_size_mm(choices.page, choices.landscape)
                image = render_first_page(chart.snap, chart.options, drawn, page)
            else:
                image = render_small(chart.snap, chart.options, drawn, Path(choices.path))
        except (ExportError, ValueError) as exc:
            return Preview(None, f"Cannot export: {exc}", title)
        return Preview(image, _preview_note(choices, chart, len(drawn)), title)

    def write(self, choices: ExportChoices, out: Path) -> str:
        """Write the export to ``out``; returns what to say about it. Raises ExportError (or
        ValueError for options that cannot be read)."""
        if self.background is not None:  # (no preview's data computed meanwhile, in its thread)
            self.background.discard()
            self.background.wait()
        chart = self.chart(choices)
        rows, snap, options = chart.rows, chart.snap, chart.options
        count = f"{len(rows)}{'' if len(rows) == chart.total else f' of {chart.total}'}"
        suffix = out.suffix.lower()
        if suffix == ".csv":
            export_csv(snap, out, rows.order, self.controller.ledger.attributes)
            return f"Wrote {out} ({count} projects)"
        if suffix == ".pdf":
            pages = export_pdf(snap, out, options, rows, choices.page, choices.landscape)
            return f"Wrote {out} ({pages} page{'s' if pages != 1 else ''}, {count} projects)"
        write = export_svg if suffix == ".svg" else export_png
        width, height = write(snap, out, options, rows)
        return f"Wrote {out} ({width}×{height} px, {count} projects)"


def _query(choices: ExportChoices) -> Query:
    return Query(
        choices.sort or None, choices.filter_text, choices.group_by or None, choices.descending
    )


def render_small(snap: Snapshot, options: ChartOptions, rows: Rows, out: Path):
    """The chart of ``rows`` laid out as the export lays it out, painted scaled down to at most
    PREVIEW_WIDTH pixels wide (a QImage)."""
    widget, height = open_chart(snap, out, options, rows)
    try:  # (the widget is laid out in layout pixels: --width × 96 / --dpi across)
        return _small_image(widget, layout_width(options.width, options.dpi), height)
    finally:
        close_chart(widget)


def render_first_page(snap: Snapshot, options: ChartOptions, rows: Rows, page_mm):
    """The first page of the PDF export of ``rows`` (``page_mm``: its width and height), laid
    out as :func:`app.export_vector.export_pdf` lays it out, scaled down (a QImage)."""
    widget, layers, per_page = page_chart(snap, options, rows, page_mm, Path("preview.pdf"))
    width, height = widget.width(), widget.height()
    try:
        widget.view_box.setLimits(yMin=None, yMax=None, minYRange=None, maxYRange=None)
        if layers.n_rows:
            widget.view_box.setYRange(-0.5 - TOP_ROOM, per_page - 0.5, padding=0)
        return _small_image(widget, width, height, PREVIEW_PAGE_HEIGHT)
    finally:
        close_chart(widget)


def _small_image(widget, width: int, height: int, most_height: int | None = None):
    """The export widget (``width`` × ``height``) painted at most PREVIEW_WIDTH pixels wide
    (and ``most_height`` high)."""
    from PySide6 import QtCore, QtGui, QtWidgets

    # The legend ignores transformations (pyqtgraph anchors it so): scaled with the rest here.
    flag = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
    widget.legend.setFlag(flag, False)
    QtCore.QCoreApplication.processEvents()
    scale = min(1.0, PREVIEW_WIDTH / width, (most_height or height) / height)
    size = QtCore.QSize(round(width * scale), max(1, round(height * scale)))
    image = QtGui.QImage(size, QtGui.QImage.Format.Format_ARGB32)
    image.fill(widget.colors.background)
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        paint_chart(widget, painter, QtCore.QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    return image


def _preview_note(choices: ExportChoices, chart: Chart, drawn: int) -> str:
    shown = len(chart.rows)
    projects = f"{shown} project{'' if shown == 1 else 's'}"
    if choices.format == "pdf":
        return (
            f"PDF on {choices.page} pages{' (landscape)' if choices.landscape else ''}: "
            f"{projects}, as many a page as fit, the title, header and dates on each. The "
            "preview shows the first page."
        )
    note = f"{choices.format.upper()}, {choices.width} px wide: {projects}"
    if drawn < shown:
        note += f". The preview draws the first {drawn} of them; the file has all {shown}"
    return note + "."
