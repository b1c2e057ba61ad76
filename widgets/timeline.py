"""The timeline: one batched pyqtgraph item per layer, drawn from the numpy arrays of data.layout.

Signals of :class:`TimelineWidget`:
    project_selected(str): the user clicked a row; the argument is its project id ("" = none).
"""

from __future__ import annotations

import html
import logging

import numpy as np
import pyqtgraph as pg
from pyqtgraph import Qt as pgQt
from PySide6 import QtCore, QtGui, QtWidgets

from data.layout import Points, Spans, TimelineLayers
from widgets import palette

log = logging.getLogger(__name__)

# Vertical placement inside a row (row i spans i-0.5 .. i+0.5; y grows downwards).
PROMISE_BAND = (-0.34, -0.04)  # the promised span, top half
ACTUAL_BAND = (0.04, 0.34)  # the actual span, bottom half
WINDOW_BAND = (-0.235, -0.145)  # fuzzy window of a promise, a thick bar inside the promise lane
PROMISE_Y = -0.19  # where promise markers sit
TICK_BAND = (0.37, 0.47)  # statement ticks under the actual span
ROW_PIXELS = 44  # row height in exports and the default window zoom
NAME_CHARS = 48


def _rect_array(spans: Spans, band: tuple[float, float], lo: int, hi: int):
    """A QRectF primitive array for spans on rows [lo, hi) (no Python object per bar)."""
    a, b = np.searchsorted(spans.row, [lo, hi])
    arr = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
    arr.resize(int(b - a))
    mem = arr.ndarray()
    mem[:, 0] = spans.x0[a:b]
    mem[:, 1] = spans.row[a:b] + band[0]
    mem[:, 2] = spans.x1[a:b] - spans.x0[a:b]
    mem[:, 3] = band[1] - band[0]
    return arr


def _marker_path(px: np.ndarray, py: np.ndarray, shape: np.ndarray) -> QtGui.QPainterPath:
    """One path holding a copy of ``shape`` (k×2 device-pixel offsets, closed) at every point."""
    if len(px) == 0:
        return QtGui.QPainterPath()
    k = len(shape)
    xs = (px[:, None] + shape[None, :, 0]).ravel()
    ys = (py[:, None] + shape[None, :, 1]).ravel()
    connect = np.ones((len(px), k), dtype=np.int32)
    connect[:, -1] = 0
    path = pg.arrayToQPath(xs, ys, connect=connect.ravel())
    path.setFillRule(QtCore.Qt.FillRule.WindingFill)
    return path


def _diamond(r: float) -> np.ndarray:
    return np.array([[0, -r], [r, 0], [0, r], [-r, 0], [0, -r]], dtype=float)


def _chevron(r: float) -> np.ndarray:
    return np.array([[0, -r], [r * 1.3, 0], [0, r], [0, -r]], dtype=float)


def _cross(r: float) -> np.ndarray:
    w = r * 0.35
    return np.array(
        [
            [-r, -r + w],
            [-r + w, -r],
            [0, -w],
            [r - w, -r],
            [r, -r + w],
            [w, 0],
            [r, r - w],
            [r - w, r],
            [0, w],
            [-r + w, r],
            [-r, r - w],
            [-w, 0],
            [-r, -r + w],
        ],
        dtype=float,
    )


class TimelineItem(pg.GraphicsObject):
    """All rows of the timeline in one item: each layer is one batched paint call."""

    def __init__(self) -> None:
        super().__init__()
        self._layers: TimelineLayers | None = None
        self._bounds = QtCore.QRectF()
        self._selected_row = -1
        self.colors = palette.LIGHT

    def set_layers(self, layers: TimelineLayers | None) -> None:
        """Show ``layers`` (validated here, so ``paint`` has nothing left to fail on)."""
        self.prepareGeometryChange()
        self._layers = layers
        if layers is None or layers.n_rows == 0:
            self._bounds = QtCore.QRectF()
        else:
            x0, x1 = layers.x_range
            self._bounds = QtCore.QRectF(x0, -0.5, max(x1 - x0, 1.0), float(layers.n_rows))
        self.update()

    def set_selected_row(self, row: int) -> None:
        self._selected_row = row
        self.update()

    def set_colors(self, colors: palette.Palette) -> None:
        self.colors = colors
        self.update()

    # pyqtgraph protocol ---------------------------------------------------------------------
    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt override)
        return QtCore.QRectF(self._bounds)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        if self._bounds.isEmpty():
            return (None, None)
        if ax == 0:
            return (self._bounds.left(), self._bounds.right())
        return (self._bounds.top(), self._bounds.bottom())

    def pixelPadding(self) -> float:  # noqa: N802
        return 8.0

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        try:
            self._paint(painter)
        except Exception:  # a bad frame is logged; it never takes the application down
            log.exception("timeline paint failed")

    # drawing ----------------------------------------------------------------------------------
    def _visible_rows(self) -> tuple[int, int]:
        assert self._layers is not None
        view = self.viewRect()
        n = self._layers.n_rows
        if view is None or not view.isValid():
            return 0, n
        lo = max(0, int(np.floor(view.top() - 1)))
        hi = min(n, int(np.ceil(view.bottom() + 1)) + 1)
        return lo, hi

    def _paint(self, p: QtGui.QPainter) -> None:
        layers = self._layers
        if layers is None or layers.n_rows == 0:
            return
        c = self.colors
        lo, hi = self._visible_rows()
        if hi <= lo:
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)

        if 0 <= self._selected_row < layers.n_rows and lo <= self._selected_row < hi:
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            p.setBrush(c.selection)
            x0, x1 = layers.x_range
            pad = (x1 - x0) * 10
            p.drawRect(QtCore.QRectF(x0 - pad, self._selected_row - 0.5, x1 - x0 + 2 * pad, 1.0))

        def rects(spans: Spans, band, brush, pen=None) -> None:
            arr = _rect_array(spans, band, lo, hi)
            if len(arr.ndarray()) == 0:
                return
            p.setPen(pen if pen is not None else QtCore.Qt.PenStyle.NoPen)
            p.setBrush(brush)
            p.drawRects(*arr.drawargs())

        rects(layers.promised, PROMISE_BAND, c.promised)
        rects(layers.actual, ACTUAL_BAND, c.actual)
        rects(layers.overrun, ACTUAL_BAND, c.overrun)
        rects(layers.overrun_open, ACTUAL_BAND, c.overrun_open)
        rects(layers.overrun_open, ACTUAL_BAND, c.hatch)
        rects(layers.early, ACTUAL_BAND, c.early)
        rects(layers.windows, WINDOW_BAND, c.window)

        # Everything below is in device pixels: map the row points through the item transform.
        tr = p.transform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)

        def device(points: Points, dy: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            a, b = np.searchsorted(points.row, [lo, hi])
            x, y = points.x[a:b], points.row[a:b] + dy
            return (
                tr.m11() * x + tr.m21() * y + tr.dx(),
                tr.m12() * x + tr.m22() * y + tr.dy(),
                points.row[a:b],
            )

        p.resetTransform()
        try:
            # Drift: a thin line joining where successive promises pointed, per row.
            px, py, prow = device(layers.promises, PROMISE_Y)
            a, b = np.searchsorted(layers.promises.row, [lo, hi])
            if len(px) > 1:
                connect = np.append(prow[1:] == prow[:-1], False).astype(np.int32)
                p.setPen(pg.mkPen(c.drift, width=1.2))
                p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
                p.drawPath(pg.arrayToQPath(px, py, connect=connect))
            # Statement ticks below the row.
            sx, sy0, _ = device(layers.statements, TICK_BAND[0])
            _, sy1, _ = device(layers.statements, TICK_BAND[1])
            if len(sx):
                xs = np.column_stack([sx, sx]).ravel()
                ys = np.column_stack([sy0, sy1]).ravel()
                p.setPen(pg.mkPen(c.tick, width=1.2))
                p.drawPath(pg.arrayToQPath(xs, ys, connect="pairs"))
            # Promise markers: re-promises as filled diamonds, restatements hollow.
            rep = layers.repromise[a:b]
            p.setPen(pg.mkPen(c.marker_edge, width=1.0))
            p.setBrush(c.marker)
            p.drawPath(_marker_path(px[rep], py[rep], _diamond(5.0)))
            p.setBrush(c.background)
            p.drawPath(_marker_path(px[~rep], py[~rep], _diamond(4.0)))
            # Open ends of unfinished work and cancellation marks on the actual lane.
            ox, oy, _ = device(layers.open_ends, sum(ACTUAL_BAND) / 2)
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            p.setBrush(c.overrun)
            p.drawPath(_marker_path(ox + 1, oy, _chevron(6.0)))
            cx, cy, _ = device(layers.cancels, sum(ACTUAL_BAND) / 2)
            p.setBrush(c.cancel)
            p.drawPath(_marker_path(cx, cy, _cross(6.0)))
            self._paint_clipped_starts(p, tr, lo, hi)
        finally:
            p.setTransform(tr)

    def _paint_clipped_starts(
        self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int
    ) -> None:
        """Rows that began before the left edge of the view say when, at that edge."""
        assert self._layers is not None
        view = self.viewRect()
        spans = self._layers.promised
        a, b = np.searchsorted(spans.row, [lo, hi])
        clipped = np.flatnonzero((spans.x0[a:b] < view.left()) & (spans.x1[a:b] > view.left()))
        if len(clipped) == 0:
            return
        p.setPen(self.colors.text)
        font = p.font()
        font.setPointSizeF(7.5)
        p.setFont(font)
        left = tr.m11() * view.left() + tr.dx()
        for k in clipped[:200] + a:  # only rows on screen, so a handful
            year = np.datetime64(int(spans.x0[k]), "s").astype("datetime64[Y]")
            y = tr.m22() * (spans.row[k] + sum(PROMISE_BAND) / 2) + tr.dy()
            p.drawText(
                QtCore.QRectF(left + 3, y - 8, 120, 16),
                QtCore.Qt.AlignmentFlag.AlignVCenter,
                f"◂ since {year}",
            )


class RowAxis(pg.AxisItem):
    """A vertical axis whose tick labels are row texts (names on the left, slips on the right)."""

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._texts: list[str] = []
        self.setStyle(
            tickLength=0, tickTextOffset=8, hideOverlappingLabels=False, autoExpandTextSpace=False
        )

    def set_texts(self, texts: list[str]) -> None:
        self._texts = texts
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph override)
        minVal, maxVal = sorted((minVal, maxVal))  # noqa: N806 (the y axis is inverted)
        lo = max(0, int(np.ceil(minVal)))
        hi = min(len(self._texts) - 1, int(np.floor(maxVal)))
        if hi < lo:
            return []
        # Only the visible rows get a label, and not more than fit at 12 px each.
        step = max(1, int(np.ceil((hi - lo + 1) * 12 / max(size, 1))))
        return [(1.0, list(range(lo, hi + 1, step)))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        return [self._texts[int(v)] if 0 <= int(v) < len(self._texts) else "" for v in values]


class TimelineWidget(pg.GraphicsLayoutWidget):
    """The timeline view: title, rows with names and slips, date axis, as-of line and legend."""

    project_selected = QtCore.Signal(str)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, interactive: bool = True
    ) -> None:
        super().__init__(parent)
        self.colors = palette.LIGHT
        self.setBackground(self.colors.background)
        self.title = self.addLabel("", row=0, col=0, size="13pt", bold=True)
        self.subtitle = self.addLabel("", row=1, col=0, size="9pt")
        self.names_axis = RowAxis("left")
        self.slip_axis = RowAxis("right")
        self.date_axis = pg.DateAxisItem(orientation="bottom")
        self.plot: pg.PlotItem = self.addPlot(
            row=2,
            col=0,
            axisItems={"left": self.names_axis, "right": self.slip_axis, "bottom": self.date_axis},
        )
        self.plot.showAxis("right")
        self.plot.invertY(True)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.names_axis.setWidth(300)
        self.slip_axis.setWidth(210)
        vb = self.plot.getViewBox()
        vb.setMouseEnabled(x=True, y=False)
        vb.enableAutoRange(x=False, y=False)
        self.item = TimelineItem()
        self.plot.addItem(self.item)
        self.as_of_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(self.colors.as_of, width=1.5)
        )
        self.as_of_line.label = pg.InfLineLabel(
            self.as_of_line,
            text="",
            position=0.02,
            anchors=[(0, 0), (0, 0)],
            color=self.colors.as_of,
        )
        self.plot.addItem(self.as_of_line, ignoreBounds=True)
        self.legend = self._make_legend()
        self._layers: TimelineLayers | None = None
        self._interactive = interactive
        if interactive:
            self.scene().sigMouseClicked.connect(self._on_clicked)
            self.scene().sigMouseMoved.connect(self._on_hovered)
        self._apply_colors()
        self.set_titles()

    # public ---------------------------------------------------------------------------------
    @property
    def layers(self) -> TimelineLayers | None:
        return self._layers

    def set_layers(self, layers: TimelineLayers | None, *, keep_view: bool = False) -> None:
        """Draw ``layers``; unless ``keep_view``, fit all rows in time and show the first rows."""
        self._layers = layers
        self.item.set_layers(layers)
        self.item.set_selected_row(-1)
        if layers is None:
            self.names_axis.set_texts([])
            self.slip_axis.set_texts([])
            self.as_of_line.hide()
            return
        fm = QtGui.QFontMetrics(self.names_axis.style.get("tickFont") or QtGui.QFont())
        self.names_axis.set_texts(
            [
                fm.elidedText(_one_line(n), QtCore.Qt.TextElideMode.ElideRight, 280)
                for n in layers.names
            ]
        )
        self.slip_axis.set_texts(layers.slip_labels)
        widest = max((fm.horizontalAdvance(t) for t in layers.slip_labels), default=0)
        self.slip_axis.setWidth(int(min(360, max(120, widest + 24))))
        self.as_of_line.setValue(layers.as_of)
        day = np.datetime64(int(layers.as_of), "s").astype("datetime64[D]")
        self.as_of_line.label.setFormat(f"as of {day}")
        self.as_of_line.show()
        if not keep_view:
            self.fit_all()

    def fit_all(self) -> None:
        """Show the whole time range, and as many rows as fit at a readable height."""
        if self._layers is None or self._layers.n_rows == 0:
            return
        x0, x1 = self._layers.fit_range
        pad = (x1 - x0) * 0.03
        vb = self.plot.getViewBox()
        vb.setXRange(x0 - pad, x1 + pad, padding=0)
        rows_fit = max(1.0, vb.height() / ROW_PIXELS) if vb.height() > 0 else 20.0
        vb.setYRange(-0.9, min(self._layers.n_rows, rows_fit) - 0.4, padding=0)
        vb.setLimits(
            xMin=x0 - (x1 - x0),
            xMax=x1 + (x1 - x0),
            minXRange=86400 * 7,
            maxXRange=(x1 - x0) * 3 + 86400 * 365,
        )

    def set_titles(self, title: str = "", subtitle: str = "") -> None:
        self.title.setText(html.escape(title))
        self.subtitle.setText(html.escape(subtitle))
        self.title.setVisible(bool(title))
        self.subtitle.setVisible(bool(subtitle))
        self.title.setMaximumHeight(40 if title else 0)
        self.subtitle.setMaximumHeight(24 if subtitle else 0)

    def select_row(self, row: int) -> None:
        self.item.set_selected_row(row)
        pid = (
            ""
            if self._layers is None or not (0 <= row < self._layers.n_rows)
            else str(self._layers.project_ids[row])
        )
        self.project_selected.emit(pid)

    def row_at(self, scene_pos: QtCore.QPointF) -> int:
        if self._layers is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return -1
        y = self.plot.getViewBox().mapSceneToView(scene_pos).y()
        row = int(np.floor(y + 0.5))
        return row if 0 <= row < self._layers.n_rows else -1

    def tooltip_text(self, row: int) -> str:
        """Plain text describing a row (shown escaped: names are untrusted)."""
        if self._layers is None or not (0 <= row < self._layers.n_rows):
            return ""
        return f"{self._layers.names[row]}\n{self._layers.slip_labels[row]}"

    # internals ------------------------------------------------------------------------------
    def _make_legend(self) -> pg.LegendItem:
        legend = pg.LegendItem(
            offset=None, colCount=6, labelTextSize="9pt", labelTextColor=self.colors.text
        )
        self.addItem(legend, row=3, col=0)
        c = self.colors
        samples = [
            (
                pg.BarGraphItem(x=[0], height=[1], width=1, brush=c.promised, pen=None),
                "promised (first promise)",
            ),
            (
                pg.BarGraphItem(x=[0], height=[1], width=1, brush=c.actual, pen=None),
                "actual, on promise",
            ),
            (
                pg.BarGraphItem(x=[0], height=[1], width=1, brush=c.overrun, pen=None),
                "overrun (hatched: still open)",
            ),
            (
                pg.BarGraphItem(x=[0], height=[1], width=1, brush=c.early, pen=None),
                "finished early",
            ),
            (
                pg.ScatterPlotItem(symbol="d", size=10, brush=c.marker, pen=c.marker_edge),
                "re-promise (bar: fuzzy window)",
            ),
            (pg.ScatterPlotItem(symbol="x", size=10, brush=c.cancel, pen=None), "cancelled"),
        ]
        for sample, label in samples:
            legend.addItem(sample, label)
        legend.setMaximumHeight(30)
        return legend

    def _apply_colors(self) -> None:
        c = self.colors
        self.setBackground(c.background)
        for axis in (self.names_axis, self.slip_axis, self.date_axis):
            axis.setTextPen(c.text)
            axis.setPen(c.axis)
        self.title.setAttr("color", c.text)
        self.subtitle.setAttr("color", c.text)
        self.item.set_colors(c)

    def _on_clicked(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        self.select_row(self.row_at(event.scenePos()))

    def _on_hovered(self, scene_pos: QtCore.QPointF) -> None:
        text = self.tooltip_text(self.row_at(scene_pos))
        # Rich text built from escaped content: Qt then never interprets the user's markup.
        self.setToolTip(
            ("<p style='white-space:pre'>" + html.escape(text) + "</p>") if text else ""
        )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:1000]
