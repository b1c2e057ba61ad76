"""The timeline: one pyqtgraph item that paints each layer as a batch from the numpy arrays of
data.layout (no Qt object per bar).

Signals of :class:`TimelineWidget`:
    project_selected(str): the selection moved to a project (its id; "" = none).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph import Qt as pgQt
from PySide6 import QtCore, QtGui, QtWidgets

from data.layout import STATEMENT_KINDS, Points, Spans, TimelineLayers
from data.texts import one_line
from widgets import palette
from widgets.text import plain_tooltip

log = logging.getLogger(__name__)

# Vertical placement inside a row (row i spans i-0.5 .. i+0.5; y grows downwards).
PROMISE_BAND = (-0.34, -0.04)  # the promised span, top half
ACTUAL_BAND = (0.04, 0.34)  # the actual span, bottom half
WINDOW_BAND = (-0.235, -0.145)  # fuzzy window of a promise, a thick bar inside the promise lane
PROMISE_Y = -0.19  # where promise markers sit
TICK_BAND = (0.37, 0.47)  # statement markers under the actual span
ROW_PIXELS = 44  # row height in exports and the default window zoom
DENSE_ROW_PIXELS = 2.0  # below this row height the overview image replaces the bars
NAME_PIXELS = 280
EMPTY_MESSAGE = "No projects to show.\nDrop CSV, TSV or .xlsx files here, or use File → Open."
MIN_X_RANGE = 7 * 86400.0  # a week: the deepest zoom
HOVER_PIXELS = 6.0  # markers this close to the cursor are told in its tooltip ...
HOVER_MARKERS = 3  # ... at most this many statements, and as many promises
_FADE_PIXELS = 28.0

_KIND_CODE = {kind: code for code, kind in enumerate(STATEMENT_KINDS)}

# The text of a row's tooltip: (row, statement refs, promise refs) → plain text.
TooltipFunction = Callable[[int, np.ndarray, np.ndarray], str]


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


def _triangle_down(r: float) -> np.ndarray:
    return np.array([[-r, -r * 0.6], [r, -r * 0.6], [0, r], [-r, -r * 0.6]], dtype=float)


def _square(r: float) -> np.ndarray:
    return np.array([[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]], dtype=float)


def _circle(r: float, n: int = 10) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n + 1)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


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
        lo, hi = self._visible_rows()
        if hi <= lo:
            return
        tr = p.transform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        self._paint_bands(p, lo, hi)
        if abs(tr.m22()) < DENSE_ROW_PIXELS:
            self._paint_dense(p, tr, lo, hi)
            return
        self._paint_bars(p, lo, hi)
        p.resetTransform()
        try:
            self._paint_markers(p, tr, lo, hi)
            self._paint_clipped_starts(p, tr, lo, hi)
        finally:
            p.setTransform(tr)

    def _paint_bands(self, p: QtGui.QPainter, lo: int, hi: int) -> None:
        """Lane header bands and the selected row, across the whole time range."""
        layers = self._layers
        assert layers is not None
        x0, x1 = layers.x_range
        pad = (x1 - x0) * 10 + 1e9
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        headers = np.flatnonzero(layers.is_header[lo:hi]) + lo
        if len(headers):
            spans = Spans(
                np.full(len(headers), x0 - pad),
                np.full(len(headers), x1 + pad),
                headers.astype(np.int64),
            )
            arr = _rect_array(spans, (-0.5, 0.5), lo, hi)
            p.setBrush(self.colors.lane)
            p.drawRects(*arr.drawargs())
        if lo <= self._selected_row < hi:
            p.setBrush(self.colors.selection)
            p.drawRect(QtCore.QRectF(x0 - pad, self._selected_row - 0.5, x1 - x0 + 2 * pad, 1.0))

    def _paint_bars(self, p: QtGui.QPainter, lo: int, hi: int) -> None:
        layers = self._layers
        assert layers is not None
        c = self.colors

        def rects(spans: Spans, band, brush) -> None:
            arr = _rect_array(spans, band, lo, hi)
            if len(arr.ndarray()):
                p.setBrush(brush)
                p.drawRects(*arr.drawargs())

        p.setPen(QtCore.Qt.PenStyle.NoPen)
        rects(layers.promised, PROMISE_BAND, c.promised)
        rects(layers.actual, ACTUAL_BAND, c.actual)
        rects(layers.overrun, ACTUAL_BAND, c.overrun)
        rects(layers.overrun_open, ACTUAL_BAND, c.overrun_open)
        rects(layers.overrun_open, ACTUAL_BAND, c.hatch)
        rects(layers.early, ACTUAL_BAND, c.early)
        rects(layers.windows, WINDOW_BAND, c.window)

    def _paint_markers(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """Everything drawn in device pixels: row points mapped through the item transform."""
        layers = self._layers
        assert layers is not None
        c = self.colors
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)

        def device(points: Points, dy: float) -> tuple[np.ndarray, np.ndarray, slice]:
            a, b = np.searchsorted(points.row, [lo, hi])
            x, y = points.x[a:b], points.row[a:b] + dy
            px = tr.m11() * x + tr.m21() * y + tr.dx()
            py = tr.m12() * x + tr.m22() * y + tr.dy()
            return px, py, slice(int(a), int(b))

        # The open end fades out over its last pixels, then an arrow says "still going".
        ox, oy, _ = device(layers.open_ends, sum(ACTUAL_BAND) / 2)
        if len(ox):
            half = abs(tr.m22()) * (ACTUAL_BAND[1] - ACTUAL_BAND[0]) / 2
            fade = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
            fade.resize(len(ox))
            mem = fade.ndarray()
            mem[:, 0], mem[:, 1] = ox - _FADE_PIXELS, oy - half
            mem[:, 2], mem[:, 3] = _FADE_PIXELS, 2 * half
            gradient = QtGui.QLinearGradient(0, 0, _FADE_PIXELS, 0)
            clear = QtGui.QColor(c.background)
            clear.setAlpha(0)
            gradient.setColorAt(0.0, clear)
            gradient.setColorAt(1.0, c.background)
            # One gradient serves every row: its x runs in each rect's own device position
            # because all open ends sit on the same as-of date, so share one brush transform.
            brush = QtGui.QBrush(gradient)
            brush.setTransform(QtGui.QTransform.fromTranslate(float(ox[0]) - _FADE_PIXELS, 0))
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            p.setBrush(brush)
            p.drawRects(*fade.drawargs())
            p.setBrush(c.overrun)
            p.drawPath(_marker_path(ox + 1, oy, _chevron(6.0)))

        # Drift: a thin line joining where successive promises pointed, per row.
        px, py, sl = device(layers.promises, PROMISE_Y)
        prow = layers.promises.row[sl]
        if len(px) > 1:
            connect = np.append(prow[1:] == prow[:-1], False).astype(np.int32)
            p.setPen(pg.mkPen(c.drift, width=1.2))
            p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            p.drawPath(pg.arrayToQPath(px, py, connect=connect))

        # Statements below the row: a tick for promises, other shapes for other kinds.
        sx, sy, ssl = device(layers.statements, sum(TICK_BAND) / 2)
        kinds = layers.statements.kind[ssl]
        tick = (kinds == _KIND_CODE["promise"]) | (kinds == _KIND_CODE["revised_promise"])
        half_tick = abs(tr.m22()) * (TICK_BAND[1] - TICK_BAND[0]) / 2 + 1
        if tick.any():
            xs = np.repeat(sx[tick], 2)
            ys = np.column_stack([sy[tick] - half_tick, sy[tick] + half_tick]).ravel()
            p.setPen(pg.mkPen(c.tick, width=1.2))
            p.drawPath(pg.arrayToQPath(xs, ys, connect="pairs"))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        for kind, shape, brush in (
            ("delay_reported", _triangle_down(3.5), c.overrun),
            ("announced", _circle(2.6), QtGui.QBrush(c.tick)),
            ("completed", _square(2.6), c.actual),
            ("cancelled", _cross(3.5), c.cancel),
            ("note", _circle(1.8), QtGui.QBrush(c.tick)),
        ):
            sel = kinds == _KIND_CODE[kind]
            if sel.any():
                p.setBrush(brush)
                p.drawPath(_marker_path(sx[sel], sy[sel], shape))

        # Promise markers: re-promises as filled diamonds, restatements and baselines hollow.
        rep = layers.repromise[sl]
        p.setPen(pg.mkPen(c.marker_edge, width=1.0))
        p.setBrush(c.marker)
        p.drawPath(_marker_path(px[rep], py[rep], _diamond(5.0)))
        p.setBrush(c.background)
        p.drawPath(_marker_path(px[~rep], py[~rep], _diamond(4.0)))

        # Cancellation marks on the actual lane.
        cx, cy, _ = device(layers.cancels, sum(ACTUAL_BAND) / 2)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(c.cancel)
        p.drawPath(_marker_path(cx, cy, _cross(6.0)))

    def _paint_dense(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """Rows thinner than a pixel or two: one numpy-built image where every row still shows.

        Each layer's spans are rasterised with a difference array per pixel row (bincount +
        cumsum), so the cost is one pass over the visible spans and one over the pixels.
        """
        layers = self._layers
        assert layers is not None
        view = self.viewRect()
        device_rect = tr.mapRect(view)
        width, height = int(np.ceil(device_rect.width())), int(np.ceil(device_rect.height()))
        if width <= 0 or height <= 0 or width * height > 60_000_000:
            return
        left, top = device_rect.left(), device_rect.top()
        # One uint32 word per pixel (RGBA bytes in memory order): a layer is one masked copy.
        image = np.zeros((height, width), dtype=np.uint32)
        c = self.colors
        for spans, brush in (
            (layers.promised, c.promised),
            (layers.actual, c.actual),
            (layers.early, c.early),
            (layers.overrun, c.overrun),
            (layers.overrun_open, c.overrun),
        ):
            a, b = np.searchsorted(spans.row, [lo, hi])
            if b <= a:
                continue
            y = np.floor(tr.m22() * spans.row[a:b] + tr.dy() - top).astype(np.int64)
            x0 = np.floor(tr.m11() * spans.x0[a:b] + tr.dx() - left).astype(np.int64)
            x1 = np.ceil(tr.m11() * spans.x1[a:b] + tr.dx() - left).astype(np.int64)
            x0, x1 = np.clip(x0, 0, width), np.clip(np.maximum(x1, x0 + 1), 0, width)
            keep = (y >= 0) & (y < height) & (x1 > x0)
            y, x0, x1 = y[keep], x0[keep], x1[keep]
            stride = width + 1
            diff = np.bincount(y * stride + x0, minlength=height * stride) - np.bincount(
                y * stride + x1, minlength=height * stride
            )
            covered = np.cumsum(diff.reshape(height, stride)[:, :width], axis=1, dtype=np.int32) > 0
            color = brush.color()
            word = np.array([color.red(), color.green(), color.blue(), 255], dtype=np.uint8).view(
                np.uint32
            )[0]
            np.copyto(image, word, where=covered)
        qimage = QtGui.QImage(
            image.data, width, height, 4 * width, QtGui.QImage.Format.Format_RGBA8888
        )
        p.resetTransform()
        try:
            p.drawImage(QtCore.QPointF(left, top), qimage)
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

    def __init__(self, orientation: str, elide_pixels: int = 0, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._texts: Sequence[str] = []
        self._headers = np.zeros(0, dtype=bool)
        self._elide_pixels = elide_pixels
        self._shown: dict[int, str] = {}
        self.setStyle(
            tickLength=0, tickTextOffset=8, hideOverlappingLabels=False, autoExpandTextSpace=False
        )

    def set_texts(self, texts: Sequence[str], headers: np.ndarray | None = None) -> None:
        """Row texts; header rows get a lane mark. Texts are elided when first shown, so a
        hundred thousand rows cost nothing until they scroll into view."""
        self._texts = texts
        self._headers = np.zeros(len(texts), dtype=bool) if headers is None else headers
        self._shown = {}
        self.picture = None
        self.update()

    def _label(self, row: int) -> str:
        label = self._shown.get(row)
        if label is None:
            label = one_line(self._texts[row])
            if self._elide_pixels:
                fm = QtGui.QFontMetrics(self.style.get("tickFont") or QtGui.QFont())
                label = fm.elidedText(label, QtCore.Qt.TextElideMode.ElideRight, self._elide_pixels)
            if self._headers[row]:
                label = "▾ " + label
            if len(self._shown) > 20000:
                self._shown.clear()
            self._shown[row] = label
        return label

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
        return [self._label(int(v)) if 0 <= int(v) < len(self._texts) else "" for v in values]


class TimelineViewBox(pg.ViewBox):
    """Wheel zooms time around the cursor; Shift+wheel scrolls rows; drag pans both."""

    def wheelEvent(self, ev, axis=None):  # noqa: N802 (Qt override)
        delta = ev.delta() if hasattr(ev, "delta") else ev.angleDelta().y()
        modifiers = ev.modifiers()
        if axis == 1 or modifiers & QtCore.Qt.KeyboardModifier.ShiftModifier:
            self.scroll_rows(-delta / 120.0 * 3)
        else:
            scale = 1.02 ** (delta * self.state["wheelScaleFactor"])
            center = pg.Point(
                pg.functions.invertQTransform(self.childGroup.transform()).map(ev.pos())
            )
            self._resetTarget()
            self.scaleBy(x=scale, y=None, center=center)
            self.sigRangeChangedManually.emit([True, False])
        ev.accept()

    def scroll_rows(self, rows: float) -> None:
        self.translateBy(y=rows)


class TimelineWidget(pg.GraphicsLayoutWidget):
    """The timeline view: title, rows with names and slips, date axis, as-of line and legend.

    Keys: Up/Down move the selection, PageUp/PageDown scroll a page, Home/End go to the first
    and last row, F fits everything, +/- zoom time around the middle.
    """

    project_selected = QtCore.Signal(str)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, interactive: bool = True
    ) -> None:
        super().__init__(parent)
        self.colors = palette.LIGHT
        self.title = self.addLabel("", row=0, col=0, size="13pt", bold=True)
        self.subtitle = self.addLabel("", row=1, col=0, size="9pt")
        self.names_axis = RowAxis("left", elide_pixels=NAME_PIXELS)
        self.slip_axis = RowAxis("right")
        self.date_axis = pg.DateAxisItem(orientation="bottom")
        self.date_axes: tuple[pg.AxisItem, ...] = (self.date_axis,)
        self.view_box = TimelineViewBox()
        self.plot: pg.PlotItem = self.addPlot(
            row=2,
            col=0,
            viewBox=self.view_box,
            axisItems={"left": self.names_axis, "right": self.slip_axis, "bottom": self.date_axis},
        )
        self.plot.showAxis("right")
        self.plot.invertY(True)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.names_axis.setWidth(NAME_PIXELS + 20)
        self.slip_axis.setWidth(210)
        self.view_box.setMouseEnabled(x=True, y=True)
        self.view_box.enableAutoRange(x=False, y=False)
        self.item = TimelineItem()
        self.plot.addItem(self.item)
        self.as_of_line = pg.InfiniteLine(angle=90, movable=False)
        self.as_of_line.label = pg.InfLineLabel(
            self.as_of_line, text="", position=0.02, anchors=[(0, 0), (0, 0)]
        )
        self.plot.addItem(self.as_of_line, ignoreBounds=True)
        self.view_box.sigXRangeChanged.connect(self._place_as_of_label)
        self.legend = self._make_legend()
        # Said in the middle of the plot when there are no rows (nothing loaded yet, or a
        # filter that matches nothing); the date axis then shows a plain range of years.
        self.empty_text = pg.TextItem("", anchor=(0.5, 0.5))
        self.plot.addItem(self.empty_text, ignoreBounds=True)
        self._empty_message = EMPTY_MESSAGE
        self._layers: TimelineLayers | None = None
        self._tooltips: TooltipFunction | None = None
        self._selected_row = -1
        if interactive:
            self.scene().sigMouseClicked.connect(self._on_clicked)
            self.scene().sigMouseMoved.connect(self._on_hovered)
            self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.set_theme("light")
        self.set_titles()
        self._show_empty()

    # public ---------------------------------------------------------------------------------
    @property
    def layers(self) -> TimelineLayers | None:
        return self._layers

    def set_layers(
        self,
        layers: TimelineLayers | None,
        *,
        tooltips: TooltipFunction | None = None,
        keep_view: bool = False,
    ) -> None:
        """Draw ``layers``; unless ``keep_view``, fit all rows in time and show the first rows.

        ``layers`` are arrays only (spans and points per row, row names, slip labels: see
        :class:`data.layout.TimelineLayers`); the widget holds no data frame. ``tooltips`` gives
        the text shown on hover, asked for only then: ``tooltips(row, statements, promises)``
        with the row under the cursor and the ``ref`` values (int64 arrays, in row order, at
        most :data:`HOVER_MARKERS` each, maybe empty) of the statement and promise markers on
        that row within :data:`HOVER_PIXELS` of the cursor; it returns plain text ("" for no
        tooltip), which is shown literally. Without it there are no tooltips.

        The selected project stays selected if it is still shown.
        """
        selected = self.selected_project()
        self._layers = layers
        self._tooltips = tooltips
        self.item.set_layers(layers)
        if layers is None or layers.n_rows == 0:
            self.names_axis.set_texts([])
            self.slip_axis.set_texts([])
            self.as_of_line.hide()
            self._set_selected(-1)
            self._show_empty()
            return
        self.empty_text.hide()
        self.names_axis.set_texts(layers.names, layers.is_header)
        self.slip_axis.set_texts(layers.slip_labels)
        fm = QtGui.QFontMetrics(self.slip_axis.style.get("tickFont") or QtGui.QFont())
        widest = max((fm.horizontalAdvance(t) for t in layers.slip_labels[:5000]), default=0)
        self.slip_axis.setWidth(int(min(360, max(120, widest + 24))))
        self.as_of_line.setValue(layers.as_of)
        day = np.datetime64(int(layers.as_of), "s").astype("datetime64[D]")
        self.as_of_line.label.setFormat(f"as of {day}")
        self.as_of_line.show()
        self._place_as_of_label()
        self._apply_limits()
        self._set_selected(layers.row_of(selected) if selected else -1, emit=False)
        if not keep_view:
            self.fit_all()

    def _place_as_of_label(self, *_args) -> None:
        """The as-of label reads to the right of its line, or to the left near the plot's right
        edge (where it would be cut off)."""
        x0, x1 = self.view_box.viewRange()[0]
        near_edge = x1 > x0 and (self.as_of_line.value() - x0) / (x1 - x0) > 0.85
        anchor = (1, 0) if near_edge else (0, 0)
        label = self.as_of_line.label
        if label.anchors[0] != anchor:
            label.anchors = [anchor, anchor]
            label.updatePosition()

    def set_empty_message(self, text: str) -> None:
        """What the plot says while it has no rows (default: where to drop files)."""
        self._empty_message = text
        if self._layers is None or self._layers.n_rows == 0:
            self._show_empty()

    def _show_empty(self) -> None:
        # A plain range of years instead of pyqtgraph's 0..1 s (which reads "00.100 …").
        x0 = float(np.datetime64("2000-01-01", "s").astype(np.int64))
        x1 = float(np.datetime64("2030-01-01", "s").astype(np.int64))
        self.view_box.setXRange(x0, x1, padding=0)
        self.view_box.setYRange(-0.9, 10, padding=0)
        self.empty_text.setText(self._empty_message, color=self.colors.text)
        self._centre_empty_text()
        self.empty_text.show()

    def _centre_empty_text(self) -> None:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        self.empty_text.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    def set_theme(self, name: str) -> None:
        """``light`` or ``dark`` (exports use light unless asked)."""
        self.colors = palette.THEMES.get(name, palette.LIGHT)
        c = self.colors
        self.setBackground(c.background)
        for axis in (self.names_axis, self.slip_axis, *self.date_axes):
            axis.setTextPen(c.text)
            axis.setPen(c.axis)
        self.title.setAttr("color", c.text.name())
        self.subtitle.setAttr("color", c.text.name())
        self.title.setText(self.title.text)
        self.subtitle.setText(self.subtitle.text)
        self.as_of_line.setPen(pg.mkPen(c.as_of, width=1.5))
        self.as_of_line.label.setColor(c.as_of)
        self.legend.setLabelTextColor(c.text)
        self._fill_legend()
        self.item.set_colors(c)
        self.empty_text.setColor(c.text)

    def fit_all(self) -> None:
        """Show the whole time range, and as many rows as fit at a readable height."""
        if self._layers is None or self._layers.n_rows == 0:
            return
        x0, x1 = self._layers.fit_range
        pad = (x1 - x0) * 0.03
        vb = self.view_box
        vb.setXRange(x0 - pad, x1 + pad, padding=0)
        rows_fit = max(1.0, vb.height() / ROW_PIXELS) if vb.height() > 0 else 20.0
        vb.setYRange(-0.9, min(self._layers.n_rows, rows_fit) - 0.4, padding=0)

    def show_all_rows(self) -> None:
        """Every row in view (exports: the whole chart, however long)."""
        if self._layers is not None:
            self.view_box.setYRange(-0.9, max(1, self._layers.n_rows) - 0.4, padding=0)
            if self._layers.n_rows == 0:
                self._centre_empty_text()

    def show_top_axis(self) -> None:
        """Dates above the rows too (long exports)."""
        top = pg.DateAxisItem(orientation="top")
        self.plot.setAxisItems({"top": top})
        self.plot.showAxis("top")
        top.setTextPen(self.colors.text)
        top.setPen(self.colors.axis)
        self.date_axes = (self.date_axis, top)

    def zoom_time(self, factor: float) -> None:
        """Zoom time around the middle of the view (factor < 1 zooms in)."""
        (x0, x1), _ = self.view_box.viewRange()
        self.view_box.scaleBy(x=factor, y=None, center=pg.Point((x0 + x1) / 2, 0))

    def set_titles(self, title: str = "", subtitle: str = "") -> None:
        self.title.setText(html.escape(title))
        self.subtitle.setText(html.escape(subtitle))
        self.title.setVisible(bool(title))
        self.subtitle.setVisible(bool(subtitle))
        self.title.setMaximumHeight(40 if title else 0)
        self.subtitle.setMaximumHeight(24 if subtitle else 0)

    def selected_project(self) -> str:
        layers = self._layers
        if layers is None or not 0 <= self._selected_row < layers.n_rows:
            return ""
        return str(layers.project_ids[self._selected_row])

    def select_row(self, row: int) -> None:
        """Select ``row`` (a lane header or -1 clears the selection) and say so."""
        self._set_selected(row, emit=True)

    def row_at(self, scene_pos: QtCore.QPointF) -> int:
        if self._layers is None or not self.plot.sceneBoundingRect().contains(scene_pos):
            return -1
        y = self.view_box.mapSceneToView(scene_pos).y()
        row = int(np.floor(y + 0.5))
        return row if 0 <= row < self._layers.n_rows else -1

    def tooltip_text(self, row: int, x: float | None = None, pixel_size: float = 0.0) -> str:
        """The tooltip of ``row`` from the function given to :meth:`set_layers`, told about the
        markers near ``x`` (seconds; ``pixel_size``: seconds per pixel) or, without ``x``, none.
        """
        layers, tooltips = self._layers, self._tooltips
        if layers is None or tooltips is None or not 0 <= row < layers.n_rows:
            return ""
        if x is None:
            statements = promises = np.zeros(0, dtype=np.int64)
        else:
            radius = max(pixel_size, 1.0) * HOVER_PIXELS
            statements, promises = self.markers_near(row, x, radius)
        return tooltips(row, statements, promises)

    def markers_near(self, row: int, x: float, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """The ``ref`` values of the statement markers and of the promise markers on ``row``
        within ``radius`` (seconds) of ``x``: the first :data:`HOVER_MARKERS` of each, in row
        order."""
        layers = self._layers
        assert layers is not None
        found = []
        for points in (layers.statements, layers.promises):
            a, b = np.searchsorted(points.row, [row, row + 1])
            near = np.flatnonzero(np.abs(points.x[a:b] - x) <= radius) + a
            found.append(points.ref[near[:HOVER_MARKERS]].astype(np.int64))
        return found[0], found[1]

    # internals ------------------------------------------------------------------------------
    def _apply_limits(self) -> None:
        layers = self._layers
        if layers is None or layers.n_rows == 0:
            return
        x0, x1 = layers.x_range
        span = max(x1 - x0, MIN_X_RANGE)
        self.view_box.setLimits(
            xMin=x0 - span,
            xMax=x1 + span,
            minXRange=MIN_X_RANGE,
            maxXRange=3 * span,
            yMin=-1.0,
            yMax=layers.n_rows + 0.5,
            minYRange=2.0,
            maxYRange=layers.n_rows + 1.5,
        )

    def _set_selected(self, row: int, emit: bool = True) -> None:
        layers = self._layers
        if layers is None or not 0 <= row < layers.n_rows or layers.is_header[row]:
            row = -1
        self._selected_row = row
        self.item.set_selected_row(row)
        if emit:
            self.project_selected.emit(self.selected_project())

    def _make_legend(self) -> pg.LegendItem:
        legend = pg.LegendItem(offset=None, colCount=4, labelTextSize="9pt")
        self.addItem(legend, row=3, col=0)
        legend.setMaximumHeight(52)
        return legend

    def _fill_legend(self) -> None:
        legend, c = self.legend, self.colors
        legend.clear()

        def bar(brush) -> pg.BarGraphItem:
            return pg.BarGraphItem(x=[0], height=[1], width=1, brush=brush, pen=None)

        samples = [
            (bar(c.promised), "promised (the first promise)"),
            (bar(c.actual), "actual, up to the promise"),
            (bar(c.overrun), "overrun (faded, hatched: still open)"),
            (bar(c.early), "finished early"),
            (
                pg.ScatterPlotItem(symbol="d", size=10, brush=c.marker, pen=c.marker_edge),
                "re-promise, where it pointed (bar: its fuzzy window)",
            ),
            (
                pg.ScatterPlotItem(symbol="d", size=8, brush=c.background, pen=c.marker_edge),
                "first promise / restatement",
            ),
            (
                pg.ScatterPlotItem(symbol="t", size=8, brush=c.overrun, pen=None),
                "delay reported (| other statements)",
            ),
            (pg.ScatterPlotItem(symbol="x", size=10, brush=c.cancel, pen=None), "cancelled"),
        ]
        for sample, label in samples:
            legend.addItem(sample, label)

    def _on_clicked(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        self.select_row(self.row_at(event.scenePos()))

    def _on_hovered(self, scene_pos: QtCore.QPointF) -> None:
        row = self.row_at(scene_pos)
        x = self.view_box.mapSceneToView(scene_pos).x()
        pixel = self.view_box.viewPixelSize()[0]
        text = self.tooltip_text(row, x, pixel)
        # Rich text built from escaped content: Qt then never interprets the user's markup.
        self.setToolTip(plain_tooltip(text))

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 (Qt override)
        layers = self._layers
        key = event.key()
        if layers is None or layers.n_rows == 0:
            super().keyPressEvent(event)
            return
        _, (y0, y1) = self.view_box.viewRange()
        page = max(1, int(y1 - y0) - 1)
        moves = {QtCore.Qt.Key.Key_Down: 1, QtCore.Qt.Key.Key_Up: -1}
        if key in moves:
            self._move_selection(moves[key])
        elif key == QtCore.Qt.Key.Key_Home:
            self._select_and_show(self._next_project_row(-1, 1))
        elif key == QtCore.Qt.Key.Key_End:
            self._select_and_show(self._next_project_row(layers.n_rows, -1))
        elif key == QtCore.Qt.Key.Key_PageDown:
            self.view_box.scroll_rows(page)
        elif key == QtCore.Qt.Key.Key_PageUp:
            self.view_box.scroll_rows(-page)
        elif key == QtCore.Qt.Key.Key_F:
            self.fit_all()
        elif key in (QtCore.Qt.Key.Key_Plus, QtCore.Qt.Key.Key_Equal):
            self.zoom_time(0.8)
        elif key == QtCore.Qt.Key.Key_Minus:
            self.zoom_time(1.25)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _next_project_row(self, start: int, step: int) -> int:
        layers = self._layers
        assert layers is not None
        row = start + step
        while 0 <= row < layers.n_rows and layers.is_header[row]:
            row += step
        return row if 0 <= row < layers.n_rows else -1

    def _move_selection(self, step: int) -> None:
        start = self._selected_row
        if start < 0:
            _, (y0, _) = self.view_box.viewRange()
            start = max(-1, int(np.ceil(y0)) - 1) if step > 0 else int(np.ceil(y0)) + 1
        row = self._next_project_row(start, step)
        if row >= 0:
            self._select_and_show(row)

    def _select_and_show(self, row: int) -> None:
        if row < 0:
            return
        self.select_row(row)
        _, (y0, y1) = self.view_box.viewRange()
        if row - 0.5 < y0:
            self.view_box.translateBy(y=row - 0.9 - y0)
        elif row + 0.5 > y1:
            self.view_box.translateBy(y=row + 0.6 - y1)


class TimelinePanel(QtWidgets.QWidget):
    """The timeline with a vertical scroll bar over its rows."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = TimelineWidget(self)
        self.scrollbar = QtWidgets.QScrollBar(QtCore.Qt.Orientation.Vertical, self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.scrollbar)
        self._syncing = False
        self.timeline.view_box.sigYRangeChanged.connect(self._on_rows_scrolled)
        self.scrollbar.valueChanged.connect(self._on_scrollbar_moved)

    def _on_rows_scrolled(self, _view_box, y_range) -> None:
        layers = self.timeline.layers
        if layers is None or self._syncing:
            return
        y0, y1 = y_range
        visible = max(1, round(y1 - y0))
        self._syncing = True
        try:
            self.scrollbar.setRange(0, max(0, layers.n_rows - visible + 1))
            self.scrollbar.setPageStep(visible)
            self.scrollbar.setValue(round(y0 + 0.9))
        finally:
            self._syncing = False

    def _on_scrollbar_moved(self, value: int) -> None:
        if self._syncing:
            return
        _, (y0, y1) = self.timeline.view_box.viewRange()
        self._syncing = True
        try:
            self.timeline.view_box.setYRange(value - 0.9, value - 0.9 + (y1 - y0), padding=0)
        finally:
            self._syncing = False
