"""The row axes (names on the left, slips on the right) and the view box of the timeline."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from widgets.timeline.dates import DateAxis
from widgets.timeline.labels import StaticTexts, texts_meeting
from widgets.timeline.rowspecs import RowTicks, row_specs
from widgets.timeline.scroll import ScrollCache

Qt = QtCore.Qt
MARK = QtGui.QPicture()  # (a row axis' ``picture``: its specs are up to date)


def date_axis(orientation: str) -> DateAxis:
    """A date axis in the chart's own time: x is seconds since 1970-01-01 00:00 UTC, a day from
    its midnight UTC, so ticks and labels are UTC too. pyqtgraph's default follows the machine's
    time zone: in New York a day's tick stood five hours after that day's start, so at a day's
    zoom a milestone read as the day before (and a chart exported in two zones differed)."""
    return DateAxis(orientation)


def style_as_of_line(line: pg.InfiniteLine, color: QtGui.QColor, background: QtGui.QColor) -> None:
    """The as-of line and its label in ``color``; the label on a box of the ``background`` (a
    little see-through), so it reads where it lies over a row's bars (the top row of a PDF
    page, a view scrolled down)."""
    line.setPen(pg.mkPen(color, width=1.5))
    line.label.setColor(color)
    box = QtGui.QColor(background)
    box.setAlpha(215)
    line.label.fill = pg.mkBrush(box)
    line.label.update()


def place_as_of_label(line: pg.InfiniteLine, view_box: pg.ViewBox) -> None:
    """The as-of label 3 px below the plot's top edge, above the first row's bars when the view
    starts above the first row (a share of the height put it into the first row of a tall
    plot), reading to the right of its line, or to the left near the plot's right edge (where
    it would be cut off)."""
    (x0, x1), _ = view_box.viewRange()
    label = line.label
    room = (x1 - line.value()) / max(x1 - x0, 1e-9) * view_box.width()
    near_edge = x1 > x0 and room < label.boundingRect().width() + 8  # (pixels)
    anchor = (1, 0) if near_edge else (0, 0)
    position = min(0.5, 3.0 / max(view_box.height(), 1.0))
    if label.anchors[0] != anchor or abs(label.orthoPos - position) > 1e-6:
        label.anchors = [anchor, anchor]
        label.setPosition(position)  # (and places it)


class RowAxis(pg.AxisItem):
    """A vertical axis whose tick labels are row texts (names on the left, slips on the right).

    A ``resizable`` axis is widened or narrowed by a drag across it: it calls ``width_dragged``
    with the width asked for (the owner decides and calls :meth:`set_elide_pixels`)."""

    width_dragged: Callable[[float], None] | None = None

    def __init__(
        self, orientation: str, elide_pixels: int = 0, resizable: bool = False, **kwargs
    ) -> None:
        super().__init__(orientation, **kwargs)
        self.autoSIPrefix = False  # (else every pan lays its unused title out again, as HTML)
        self._resizable = resizable
        if resizable:
            self.setCursor(QtCore.Qt.CursorShape.SizeHorCursor)
        self._texts: Sequence[str] = []
        self._headers = self._folded = np.zeros(0, dtype=bool)
        self._elide_pixels = elide_pixels
        self._shown: dict[int, str] = {}  # by 2 × row + lines − 1
        self._lines = 1  # a name wraps to two lines where a row is tall enough for them
        self.setStyle(
            tickLength=0, tickTextOffset=8, hideOverlappingLabels=False, autoExpandTextSpace=False
        )
        # (the part of it to repaint is told to paint: see paint)
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._specs: tuple | None = None
        self._tick_lines: tuple | None = None  # (the specs they were made for, their lines)
        self._text_ends: tuple[list[float], list[float]] = ([], [])  # (tops, bottoms)
        self._text_bounds = QtCore.QRectF()
        self._static = StaticTexts()
        self._cache = ScrollCache()  # the texts' picture on screen, moved on a pan of rows
        self._generation = 0  # counts changes of texts (the kept picture's key)
        self._row_map: tuple | None = None  # (row 0's y, a row's pixels, text height, …)

    def set_texts(
        self,
        texts: Sequence[str],
        headers: np.ndarray | None = None,
        folded: np.ndarray | None = None,
    ) -> None:
        """Row texts; header rows get a lane mark (▾, or ▸ for the ``folded`` ones). Texts are
        elided when first shown, so a hundred thousand rows cost nothing until they scroll into
        view."""
        self._texts = texts
        self._headers = np.zeros(len(texts), dtype=bool) if headers is None else headers
        self._folded = np.zeros(len(texts), dtype=bool) if folded is None else folded
        self._shown = {}
        self._generation += 1
        self.picture = None
        self.update()

    def set_elide_pixels(self, pixels: int) -> None:
        self._elide_pixels = pixels
        self._shown = {}
        self._generation += 1
        self.picture = None
        self.update()

    def set_font(self, font: QtGui.QFont) -> None:
        """The texts' font (their elision and wrapping follow it)."""
        self.setStyle(tickFont=font)
        self.set_elide_pixels(self._elide_pixels)

    def mouseDragEvent(self, event):  # noqa: N802 (pyqtgraph override)
        if not self._resizable or self.width_dragged is None:
            super().mouseDragEvent(event)
            return
        event.accept()
        grow = event.pos().x() - event.lastPos().x()
        width = self.maximumWidth()  # (as set: the layout may not have caught up)
        self.width_dragged(width + (grow if self.orientation == "left" else -grow))

    def labels(self, rows: Iterable[int]) -> list[str]:
        """The texts of ``rows`` as :meth:`tickStrings` gives them (at the number of lines its
        last draw specs chose), worked out together (a PDF's every row, each once: some 8 µs a
        row of Python went on the kept texts, kept for nothing): one font metrics for all, the
        lane marks looked up once, a run of rows taken from the texts in one slice, none kept."""
        fm = QtGui.QFontMetrics(self.style.get("tickFont") or QtGui.QFont())
        headers = set(np.flatnonzero(self._headers).tolist())
        folded = set(np.flatnonzero(self._folded).tolist())
        # A run of rows is taken from the texts in one slice: the slip labels of a PDF's pages
        # are then formatted together, not row by row.
        texts: Iterable[tuple[int, str]]
        if isinstance(rows, range) and rows.step == 1:
            texts = zip(rows, self._texts[rows.start : rows.stop], strict=True)
        else:
            texts = ((row, self._texts[row]) for row in rows)
        return [self._compose(text, row in headers, row in folded, fm) for row, text in texts]

    def _label(self, row: int, fm: QtGui.QFontMetrics | None = None) -> str:
        key = 2 * row + (self._lines - 1)
        label = self._shown.get(key)
        if label is None:
            label = self._compose(
                self._texts[row], bool(self._headers[row]), bool(self._folded[row]), fm
            )
            if len(self._shown) > 20000:
                self._shown.clear()
            self._shown[key] = label
        return label

    def _compose(self, text: str, header: bool, folded: bool, fm: QtGui.QFontMetrics | None) -> str:
        """A row's label: its text on one line, fitted to the axis' lines and width, a lane
        header's marked folded (▸) or open (▾)."""
        from data.texts import one_line  # (imported with the data, after the first paint)

        label = one_line(text)
        if self._elide_pixels:
            if fm is None:
                fm = QtGui.QFontMetrics(self.style.get("tickFont") or QtGui.QFont())
            label = fit_lines(label, fm, self._elide_pixels, self._lines)
        return ("▸ " if folded else "▾ ") + label if header else label

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

    def paint(self, p, opt, widget) -> None:  # (pyqtgraph override)
        """Its line and ticks as pyqtgraph draws them (a picture recorded when its specs are
        worked out again: a new range, size or font); its texts drawn each time, only those in
        the part to repaint (every pan and zoom of the plot repaints this axis' edge beside it,
        where only the line and ticks lie), on screen each laid out once (a ``QStaticText``)
        and kept as a picture that a pan of rows moves (scroll.py: only the rows coming into
        view are drawn)."""
        font = self.style["tickFont"]
        if font:
            p.setFont(font)
        if self.picture is None or self._specs is None:
            self.generateDrawSpecs(p)
            self.picture = MARK  # type: ignore[assignment]  # (pyqtgraph drops it when stale)
        if not self._specs:
            return
        exposed = opt.exposedRect
        if exposed.intersects(self._text_bounds):
            p.save()
            try:
                p.setClipRect(self.boundingRect().toAlignedRect())
                if widget is None or not self._paint_kept(p, widget):
                    self._paint_texts(p, exposed, widget is not None)
            finally:
                p.restore()
        self._paint_lines(p)

    def _paint_lines(self, p: QtGui.QPainter) -> None:
        """The axis line and the ticks as pyqtgraph's ``drawPicture`` draws them, the ticks in
        one call where they share a pen (as a row axis' do): their lines made once per specs
        (every pan in time repaints this axis' edge, at the same rows)."""
        specs = self._specs
        axis, ticks, _ = specs  # type: ignore[misc]
        if isinstance(ticks, RowTicks):  # (one pen: drawn in one call from their places)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
            p.setPen(axis[0])
            p.drawLine(axis[1], axis[2])
            ticks.draw(p)
            return
        if self._tick_lines is None or self._tick_lines[0] is not specs:
            same_pen = all(pen is ticks[0][0] for pen, _, _ in ticks)
            lines = [QtCore.QLineF(a, b) for _, a, b in ticks] if same_pen else None
            self._tick_lines = (specs, lines)
        lines = self._tick_lines[1]
        if lines is None:
            self.drawPicture(p, axis, ticks, [])
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        p.setPen(axis[0])
        p.drawLine(axis[1], axis[2])
        if lines:
            p.setPen(ticks[0][0])
            p.drawLines(lines)

    def _paint_texts(self, p: QtGui.QPainter, rect: QtCore.QRectF, screen: bool) -> None:
        """The texts that meet ``rect`` (the item's coordinates)."""
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        p.setPen(self.textPen())
        shown = texts_meeting(self._specs[2], *self._text_ends, rect)  # type: ignore[index]
        if screen:  # (an export's texts are drawn as pyqtgraph does)
            self._static.draw(p, shown)
        else:
            for rect_, flags, text in shown:
                p.drawText(rect_, int(flags), text)

    def _paint_kept(self, p: QtGui.QPainter, widget: QtWidgets.QWidget) -> bool:
        """The texts through the kept picture, on the view's background (the texts' column:
        not the line and ticks beside the plot); False when it can't be (drawn directly)."""
        view = widget.parentWidget()
        brush = view.backgroundBrush() if isinstance(view, QtWidgets.QGraphicsView) else None
        if self._row_map is None or brush is None or brush.style() != Qt.BrushStyle.SolidPattern:
            return False
        tr = p.transform()
        y0, per_row, height, step, lo, column = self._row_map
        key = (
            self._generation,
            p.font().key(),
            self.textPen().color().rgba(),
            brush.color().rgba(),
            self._lines,
            round(per_row, 6),  # (worked out from two points: noise in its last digits)
            height,
            (step, lo % step),
        )

        def render(q: QtGui.QPainter, rect: QtCore.QRect) -> None:
            inverse, _ = q.transform().inverted()
            self._paint_texts(q, inverse.mapRect(QtCore.QRectF(rect)), True)

        p.setClipRect(column, Qt.ClipOperation.IntersectClip)
        shift = (tr.dx(), tr.dy() + tr.m22() * y0)
        margin = math.ceil(abs(tr.m22()) * height) + 2
        return self._cache.paint(p, tr.mapRect(column), key, brush.color(), render, shift, margin)

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph override)
        self._row_map = None
        specs = self._specs = self._draw_specs(p)
        texts = specs[2] if specs else []
        if self._row_map is not None and texts:  # (one column, top to bottom or back)
            self._text_bounds = texts[0][0] | texts[-1][0]
            return specs
        bounds = QtCore.QRectF()
        for rect, _, _ in texts:
            bounds |= rect
        self._text_bounds = bounds
        return specs

    def _draw_specs(self, p):
        """The axis line and one text per visible row, placed from the view's row-to-pixel map
        without measuring each text (pyqtgraph's own measures every label of every level)."""
        view = self.linkedView()
        if view is None or not len(self._texts):
            return super().generateDrawSpecs(p)
        bounds = self.mapRectFromParent(self.geometry())
        left = self.orientation == "left"
        edge, nudge = (bounds.right(), -1.0) if left else (bounds.left(), 1.0)
        axis = (
            self.pen(),
            QtCore.QPointF(edge + nudge, bounds.top() - 1),
            QtCore.QPointF(edge + nudge, bounds.bottom() + 1),
        )
        y0 = self.mapFromItem(view.childGroup, QtCore.QPointF(0, 0)).y()
        per_row = self.mapFromItem(view.childGroup, QtCore.QPointF(0, 1)).y() - y0
        levels = self.tickValues(self.range[0], self.range[1], abs(bounds.height()))
        rows = levels[0][1] if levels else []
        metrics = QtGui.QFontMetricsF(p.font())
        # Names wrap to a second line before they are cut, where a row has room for two.
        self._lines = 2 if self._elide_pixels and abs(per_row) >= 2.2 * metrics.height() else 1
        height = metrics.height() * 0.8 * self._lines
        offset = max(0, self.style["tickLength"]) + self.style["tickTextOffset"][0]
        width = max(bounds.width() - offset, 1.0)
        align = QtCore.Qt.AlignmentFlag.AlignRight if left else QtCore.Qt.AlignmentFlag.AlignLeft
        flags = align | QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.TextFlag.TextDontClip
        x = edge - offset - width if left else edge + offset
        tick_pen = self.tickPen()
        tick_pen.setColor(QtGui.QColor(tick_pen.color().rgb()))  # opaque, as pyqtgraph's
        ticks, texts, self._text_ends = row_specs(
            rows,
            (y0, per_row),
            (bounds.top(), bounds.bottom()),
            (x, width, height),
            (tick_pen, edge),  # (a tick of length 0: one pixel at the edge, as pyqtgraph's)
            flags,
            lambda row: self.tickStrings([row], 1.0, 1.0)[0],
        )
        step = rows[1] - rows[0] if len(rows) > 1 else 1
        column = QtCore.QRectF(x, bounds.top(), width, bounds.height())
        self._row_map = (y0, per_row, height, step, rows[0] if rows else 0, column)
        return axis, ticks, texts


WHEEL_GESTURE_GAP = 0.6  # seconds without a wheel event that end a turn of the wheel


class TimelineViewBox(pg.ViewBox):
    """Wheel zooms time around the cursor; Shift+wheel scrolls rows; a drag pans time (Shift+drag:
    rows), a right drag zooms time; ``gesture_started`` (if set) is called as a drag begins and
    as a turn of the wheel begins (a wheel event :data:`WHEEL_GESTURE_GAP` s or more after the
    last), so the view history keeps the view from before each gesture, not each wheel step.

    The view's transform follows a range change at once: pyqtgraph leaves it to the next paint,
    whose change of transform then asks for a second paint of the whole view."""

    def updateViewRange(self, forceX=False, forceY=False):  # noqa: N802, N803 (pyqtgraph)
        super().updateViewRange(forceX, forceY)
        self.updateMatrix()

    gesture_started: Callable[[], None] | None = None
    _last_wheel = -math.inf  # (time.monotonic() of the last wheel event)

    def mouseDragEvent(self, ev, axis=None):  # noqa: N802 (pyqtgraph override)
        if ev.isStart() and self.gesture_started is not None:
            self.gesture_started()
        rows = bool(ev.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier)
        right = bool(ev.button() & QtCore.Qt.MouseButton.RightButton)
        super().mouseDragEvent(ev, axis=1 if rows and not right else 0)

    def wheelEvent(self, ev, axis=None):  # noqa: N802 (Qt override)
        now = time.monotonic()
        if now - self._last_wheel >= WHEEL_GESTURE_GAP and self.gesture_started is not None:
            self.gesture_started()
        self._last_wheel = now
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

    def translateBy(self, t=None, x=None, y=None):  # noqa: N802 (pyqtgraph override)
        """A pan moves by whole pixels (less than half a pixel more or less than asked, where
        rows are not a whole number of pixels high), so the timeline item's kept picture stays
        right, moved (scroll.py)."""
        if t is not None:
            x, y = pg.Point(t).x(), pg.Point(t).y()
        pixels = self.viewPixelSize()
        x, y = (
            round(v / pixel) * pixel if v and pixel > 0 else v
            for v, pixel in zip((x, y), pixels, strict=True)
        )
        super().translateBy(x=x, y=y)


def fit_lines(text: str, fm: QtGui.QFontMetrics, width: int, lines: int = 1) -> str:
    """``text`` in at most ``width`` pixels a line: whole when it fits; on two lines (``lines``
    2) broken after the last word that fits, the rest cut with "…" if still too long; else
    cut with "…" on one line."""
    elide = QtCore.Qt.TextElideMode.ElideRight
    elided = fm.elidedText(text, elide, width)
    # A text Qt leaves whole fits: measured again it would (each measure lays it out anew).
    if lines < 2 or (elided == text and len(text) > 1) or fm.horizontalAdvance(text) <= width:
        return elided
    words = text.split(" ")
    first = 0  # how many words fit on the first line
    while first < len(words) - 1 and fm.horizontalAdvance(" ".join(words[: first + 1])) <= width:
        first += 1
    if first == 0:  # the first word alone is too long: one line, cut
        return elided
    return " ".join(words[:first]) + "\n" + fm.elidedText(" ".join(words[first:]), elide, width)
