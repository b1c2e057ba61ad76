"""The timeline item: one pyqtgraph item that paints every row, each layer as a batch from the
numpy arrays of :class:`data.layout.TimelineLayers` (no Qt object per bar or marker)."""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from widgets import palette
from widgets.timeline import shapes
from widgets.timeline.dense import paint_dense
from widgets.timeline.geometry import (
    ACTUAL_BAND,
    DENSE_ROW_PIXELS,
    MARKER_HIDE_PIXELS,
    PROMISE_BAND,
    PROMISE_Y,
    ROW_PIXELS,
    TICK_BAND,
    WINDOW_BAND,
)
from widgets.timeline.labels import draw_since_labels
from widgets.timeline.scroll import OVERSCAN, ScrollCache

log = logging.getLogger(__name__)

FADE_PIXELS = 28.0  # an open actual span fades out over this many pixels before its arrow
OPEN_PROMISE_PIXELS = 40.0  # an open-ended promise fades out over this many pixels past its bound

if TYPE_CHECKING:  # the layers' module is imported with the data, after the first paint
    from data.layout import Spans, TimelineLayers
    from data.said import Said


@cache
def _kind_codes() -> dict[str, int]:
    from data.layout import STATEMENT_KINDS

    return {kind: code for code, kind in enumerate(STATEMENT_KINDS)}


class TimelineItem(pg.GraphicsObject):
    """All rows of the timeline in one item: each layer is one batched paint call.

    Spans are drawn in view coordinates (x: seconds, y: rows); markers in device pixels, so they
    keep their size at any zoom of time; rows thinner than :data:`ROW_PIXELS` shrink them, rows
    thinner than :data:`MARKER_HIDE_PIXELS` hide them, and rows thinner than
    :data:`DENSE_ROW_PIXELS` are drawn as the dense overview image instead. Nothing is painted
    outside :meth:`boundingRect`: the data's extent joined with the view and a view's size
    around it (the lane and selection bands run across the view, clipped to it). A failing
    paint is logged, never raised.
    """

    _said: Said  # the statements' layers of the rows being painted (set by ``_paint``)

    def __init__(self) -> None:
        super().__init__()
        self._layers: TimelineLayers | None = None
        self._bounds = QtCore.QRectF()
        self._selected_row = -1
        self._highlight: tuple[float, int] | None = None  # a statement marker: (x, row)
        self._view = QtCore.QRectF()  # what the bounds reach to around the view
        self._marker_scale = 1.0
        self.font_scale = 1.0  # of the few texts it writes (widgets/timeline/fonts.py)
        self.colors = palette.LIGHT
        self.cache = ScrollCache()  # its picture on screen, shifted on a pan (scroll.py)

    def set_layers(self, layers: TimelineLayers | None) -> None:
        """Show ``layers``: the bounds are computed here from the data (in float: an integer
        picture bound breaks near epoch seconds), so ``paint`` only draws."""
        self.prepareGeometryChange()
        self._layers = layers
        self._highlight = None  # (refs are the old layers')
        if layers is None or layers.n_rows == 0:
            self._bounds = QtCore.QRectF()
        else:
            x0, x1 = layers.x_range
            self._bounds = QtCore.QRectF(x0, -0.5, max(x1 - x0, 1.0), float(layers.n_rows))
        self._changed()

    def _changed(self) -> None:
        """What it draws changed: its kept picture is stale."""
        self.cache.invalidate()
        self.update()

    def set_highlight(self, at: tuple[float, int] | None) -> None:
        """Ring the statement marker at ``at`` (its x in seconds and its row), or none."""
        self._highlight = at
        self._changed()

    def set_selected_row(self, row: int) -> None:
        self._selected_row = row
        self._changed()

    def set_colors(self, colors: palette.Palette) -> None:
        self.colors = colors
        self._changed()

    # pyqtgraph protocol ---------------------------------------------------------------------
    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt override)
        if self._bounds.isEmpty():
            return QtCore.QRectF()
        return (
            self._bounds.united(self._view) if self._view.isValid() else QtCore.QRectF(self._bounds)
        )

    def viewRangeChanged(self) -> None:  # noqa: N802 (pyqtgraph hook)
        """The bands run across the view, so the bounds reach past it: a view's width and
        height either side, renewed only when the view leaves them (a change of bounds on
        every pan cost Qt a geometry change each time)."""
        view = self.viewRect()
        if view is not None and view.isValid() and not self._view.contains(view):
            self.prepareGeometryChange()
            self._view = view.adjusted(-view.width(), -view.height(), view.width(), view.height())
        super().viewRangeChanged()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803
        if self._bounds.isEmpty():
            return (None, None)
        if ax == 0:
            return (self._bounds.left(), self._bounds.right())
        return (self._bounds.top(), self._bounds.bottom())

    def pixelPadding(self) -> float:  # noqa: N802
        return 8.0

    def paint(self, painter: QtGui.QPainter, option=None, widget=None) -> None:
        try:
            screen = widget is not None and not shapes.is_vector(painter)
            if not screen or not self._paint_kept(painter):
                self._paint(painter, some=screen)
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

    def _paint_kept(self, p: QtGui.QPainter) -> bool:
        """On screen: through its kept picture (scroll.py), the labels at the view's left edge
        drawn over it each time; False when that can't be (drawn directly then)."""
        tr = p.transform()
        view = self.viewRect()
        if self._layers is None or abs(tr.m22()) < DENSE_ROW_PIXELS or view is None:
            return False
        area, bg = tr.mapRect(view), self.colors.background
        if not self.cache.paint(p, area, self.font_scale, bg, self._paint_part, overscan=OVERSCAN):
            return False
        lo, hi = self._visible_rows()
        if hi > lo and abs(tr.m22()) >= MARKER_HIDE_PIXELS:
            p.resetTransform()
            try:
                self._paint_clipped_starts(p, tr, lo, hi)
            finally:
                p.setTransform(tr)
        return True

    def _paint_part(self, p: QtGui.QPainter, rect: QtCore.QRect) -> None:
        """What lies in the device ``rect`` but the left edge's labels (for the picture): its
        rows and the bands across it, in view or not (the picture reaches past the view by
        :data:`OVERSCAN`, drawn for the pans to come)."""
        tr = p.transform()
        inverse, _ = tr.inverted()
        ys = (inverse.map(QtCore.QPointF(0, y)).y() for y in (rect.top(), rect.bottom() + 1))
        top, bottom = sorted(ys)
        rows = (int(np.floor(top - 1)), int(np.ceil(bottom + 1)) + 1)
        with shapes.only_near(rect.left(), rect.right() + 1, tr, self._bounds.left()):
            self._paint(p, rows, edge=False, in_view=False, some=True)

    def paint_rows(self, p: QtGui.QPainter, rows: tuple[int, int]) -> None:
        """Rows [rows[0], rows[1]) of the view, drawn directly (a PDF page's: app/export_pages)."""
        self._paint(p, rows)

    def _paint(
        self,
        p: QtGui.QPainter,
        rows: tuple[int, int] | None = None,
        edge=True,
        in_view=True,
        some=False,
    ) -> None:
        """Rows ``rows`` of the view (those in view), ``some`` of them at a time (the screen's:
        their statements' markers taken for them alone while not all drawn; an export's, page
        after page, takes every row's, drawn once)."""
        layers = self._layers
        if layers is None or layers.n_rows == 0:
            return
        lo, hi = self._visible_rows() if in_view else (0, layers.n_rows)
        if rows is not None:
            lo, hi = max(lo, rows[0]), min(hi, rows[1])
        if hi <= lo:
            return
        tr = p.transform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        self._paint_bands(p, lo, hi)
        if abs(tr.m22()) < DENSE_ROW_PIXELS:
            paint_dense(p, tr, self.viewRect(), layers, self.colors, lo, hi)
            return
        said = layers.said()
        self._said = said.rows(lo, hi) if some else said.whole()
        self._paint_bars(p, lo, hi)
        row_pixels = abs(tr.m22())
        if row_pixels < MARKER_HIDE_PIXELS:
            return
        # Markers shrink with the rows, in steps (each size is a cached sprite).
        self._marker_scale = min(1.0, np.ceil(8 * row_pixels / ROW_PIXELS) / 8)
        p.resetTransform()
        try:
            self._paint_markers(p, tr, lo, hi)
            if edge:
                self._paint_clipped_starts(p, tr, lo, hi)
        finally:
            p.setTransform(tr)

    def _x_frame(self, p: QtGui.QPainter) -> tuple[float, float]:
        """Set ``p`` to draw in a frame centred on the view, a thousandth of its width a unit,
        and return it (origin, unit): no coordinate is then huge, where seconds are (a PDF
        writer drops a coordinate past about 2**31: a date before 1902 or a bar of 68 years)."""
        view = self.viewRect()
        if view is None or not view.isValid() or view.width() <= 0:
            return 0.0, 1.0
        origin, unit = view.center().x(), view.width() / 1000
        p.translate(origin, 0)
        p.scale(unit, 1)
        return origin, unit

    def _paint_bands(self, p: QtGui.QPainter, lo: int, hi: int) -> None:
        """Lane header bands and the selected row, across the view (never far past it: what is
        painted outside the bounds stays on screen after the item moves on)."""
        layers = self._layers
        assert layers is not None
        view = shapes.reach(self.viewRect(), p.transform())
        if view is None or not view.isValid():
            return
        p.save()
        try:
            frame = self._x_frame(p)  # (only the view's width is drawn: see the docstring)
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            edges = (view.left(), view.right())
            bands = shapes.header_bands(layers.is_header, edges, lo, hi, frame)
            if bands is not None:
                p.setBrush(self.colors.lane)
                p.drawRects(*bands.drawargs())
            if lo <= self._selected_row < hi:
                left, right = shapes.across(view, frame)
                p.setBrush(self.colors.selection)
                p.drawRect(QtCore.QRectF(left, self._selected_row - 0.5, right - left, 1.0))
        finally:
            p.restore()

    def _paint_bars(self, p: QtGui.QPainter, lo: int, hi: int) -> None:
        p.save()
        try:
            self._paint_rects(p, lo, hi, self._x_frame(p))
        finally:
            p.restore()

    def _paint_rects(self, p: QtGui.QPainter, lo: int, hi: int, frame) -> None:
        layers = self._layers
        assert layers is not None
        c = self.colors

        def rects(spans: Spans, band, brush) -> None:
            arr = shapes.rect_array(spans, band, lo, hi, frame)
            if len(arr.ndarray()):
                p.setBrush(brush)
                p.drawRects(*arr.drawargs())

        p.setPen(QtCore.Qt.PenStyle.NoPen)
        rects(layers.promised, PROMISE_BAND, c.promised)
        rects(layers.actual, ACTUAL_BAND, c.actual)
        rects(layers.overrun, ACTUAL_BAND, c.overrun)
        rects(layers.overrun_open, ACTUAL_BAND, c.overrun_open)
        hatched = shapes.rect_array(layers.overrun_open, ACTUAL_BAND, lo, hi, frame)
        shapes.draw_hatch(p, hatched, c.hatch)  # (anchored to the chart on screen)
        rects(layers.early, ACTUAL_BAND, c.early)
        rects(self._said.windows, WINDOW_BAND, c.window)
        rects(self._said.open_windows, WINDOW_BAND, c.window)  # (fading out: _paint_open_promises)

    def _paint_markers(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """Everything drawn in device pixels (the painter has no transform; ``tr`` maps view
        coordinates to device pixels), in this order, each over the one before."""
        layers = self._layers
        assert layers is not None
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        self._paint_open_ends(p, tr, lo, hi)
        self._paint_open_promises(p, tr, lo, hi)
        said = self._said
        px, py, sl = shapes.device_points(said.promises, PROMISE_Y, tr, lo, hi)
        self._paint_drift(p, px, py, shapes.joined(said.promises.row, sl))
        self._paint_statements(p, tr, lo, hi)
        c, scale = self.colors, self._marker_scale
        marks = (c.marker, c.background)
        shapes.draw_promises(p, px, py, said.repromise[sl], marks, scale, c.marker_edge)
        self._paint_cancels(p, tr, lo, hi)
        if self._highlight is not None and lo <= self._highlight[1] < hi:
            x, row = self._highlight
            centre = tr.map(QtCore.QPointF(x, row + sum(TICK_BAND) / 2))
            p.setPen(pg.mkPen(c.as_of, width=2.0))
            p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            p.drawEllipse(centre, 6.0, 6.0)

    def _paint_open_ends(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """The open end of an unfinished actual span fades out over its last pixels, then an
        arrow says "still going"."""
        assert self._layers is not None
        c = self.colors
        ox, oy, _ = shapes.device_points(self._layers.open_ends, sum(ACTUAL_BAND) / 2, tr, lo, hi)
        if not len(ox):
            return
        half = abs(tr.m22()) * (ACTUAL_BAND[1] - ACTUAL_BAND[0]) / 2
        fade = shapes.band_rects(ox - FADE_PIXELS, oy, FADE_PIXELS, half)
        gradient = QtGui.QLinearGradient(0, 0, FADE_PIXELS, 0)
        clear = QtGui.QColor(c.background)
        clear.setAlpha(0)
        gradient.setColorAt(0.0, clear)
        gradient.setColorAt(1.0, c.background)
        # One gradient serves every row: its x runs in each rect's own device position
        # because all open ends sit on the same as-of date, so share one brush transform.
        brush = QtGui.QBrush(gradient)
        brush.setTransform(QtGui.QTransform.fromTranslate(float(ox[0]) - FADE_PIXELS, 0))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(brush)
        p.drawRects(*fade.drawargs())
        shapes.draw_markers(p, ox + 1, oy, shapes.chevron(6.0 * self._marker_scale), c.overrun)

    def _paint_open_promises(
        self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int
    ) -> None:
        """Open-ended promises are never closed: past the latest bound of the period they name,
        their window (and the promised bar of an open-ended first promise) fades out to the
        right over :data:`OPEN_PROMISE_PIXELS`, one batch of rects per layer, each rect taking
        the gradient in its own box."""
        assert self._layers is not None
        layers, c = self._layers, self.colors
        from data.layout import Points

        ends = Points(self._said.open_windows.x1, self._said.open_windows.row)
        for points, band, brush in (
            (layers.open_promised, PROMISE_BAND, c.promised),
            (ends, WINDOW_BAND, c.window),
        ):
            fx, fy, _ = shapes.device_points(points, sum(band) / 2, tr, lo, hi)
            if not len(fx):
                continue
            half = abs(tr.m22()) * (band[1] - band[0]) / 2
            fade = shapes.band_rects(fx, fy, OPEN_PROMISE_PIXELS, half)
            p.setPen(QtCore.Qt.PenStyle.NoPen)
            p.setBrush(shapes.fade_out(brush.color()))
            p.drawRects(*fade.drawargs())

    def _paint_drift(
        self, p: QtGui.QPainter, px: np.ndarray, py: np.ndarray, rows: np.ndarray
    ) -> None:
        """Drift: a thin line joining where successive promises pointed, per row (``px``,
        ``py``: the promise points in device pixels; ``rows``: ``shapes.joined``)."""
        if len(px) <= 1:
            return
        connect = np.append(rows[1:] == rows[:-1], False).astype(np.int32)
        p.setPen(pg.mkPen(self.colors.drift, width=1.2))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawPath(shapes.line_path(px, py, connect))

    def _paint_statements(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """Statements below the row: a tick for promises, other shapes for other kinds."""
        assert self._layers is not None
        c = self.colors
        statements = self._said.statements
        sx, sy, ssl = shapes.device_points(statements, sum(TICK_BAND) / 2, tr, lo, hi)
        kinds, codes = statements.kind[ssl], _kind_codes()
        tick = (kinds == codes["promise"]) | (kinds == codes["revised_promise"])
        half_tick = abs(tr.m22()) * (TICK_BAND[1] - TICK_BAND[0]) / 2 + 1
        if tick.any():
            xs = np.repeat(sx[tick], 2)
            ys = np.column_stack([sy[tick] - half_tick, sy[tick] + half_tick]).ravel()
            p.setPen(pg.mkPen(c.tick, width=1.2))
            p.drawPath(shapes.line_path(xs, ys, "pairs"))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        for kind, shape, brush in (
            ("delay_reported", shapes.triangle_down(3.5 * self._marker_scale), c.overrun),
            ("announced", shapes.circle(2.6 * self._marker_scale), QtGui.QBrush(c.tick)),
            ("completed", shapes.square(2.6 * self._marker_scale), c.actual),
            ("cancelled", shapes.cross(3.5 * self._marker_scale), c.cancel),
            ("note", shapes.circle(1.8 * self._marker_scale), QtGui.QBrush(c.tick)),
        ):
            sel = kinds == codes[kind]
            if sel.any():
                shapes.draw_markers(p, sx[sel], sy[sel], shape, brush)

    def _paint_cancels(self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int) -> None:
        """Cancellation marks on the actual lane."""
        assert self._layers is not None
        cx, cy, _ = shapes.device_points(self._layers.cancels, sum(ACTUAL_BAND) / 2, tr, lo, hi)
        shapes.draw_markers(p, cx, cy, shapes.cross(6.0 * self._marker_scale), self.colors.cancel)

    def _paint_clipped_starts(
        self, p: QtGui.QPainter, tr: QtGui.QTransform, lo: int, hi: int
    ) -> None:
        """Rows that began before the left edge of the view say when, at that edge."""
        assert self._layers is not None
        # Device pixels a chart pixel: 1 on screen, less on a preview or a page it is scaled
        # down onto (the painter's own transform was reset: the text is sized for it here).
        scene = abs(self.sceneTransform().m22())
        k = abs(tr.m22()) / scene if scene > 0 else 1.0
        args = (self._layers.promised, self.viewRect(), self.colors.text, k, self.font_scale)
        draw_since_labels(p, tr, lo, hi, *args)
