"""The date axis of the timeline and its grid.

pyqtgraph's date axis draws its grid itself, as its ticks drawn long across the plot: its bounds
then cover the plot, so every pan repainted the row axes beside it too, and its ticks were
worked out for its picture alone. Here the axis keeps the same ticks, labels and grid lines
(same spacing rules, same pens, same pixels) but its bounds are its own strip; the grid lines
are drawn by :class:`DateGrid`, a child item with bounds of its own, from the ticks the axis
works out once per range and size.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from widgets.timeline.shapes import is_vector

pg_dates = pg.graphicsItems.DateAxisItem  # (the module: its zoom levels)
ZoomLevel: Any = pg_dates.ZoomLevel


class UtcZoomLevel(ZoomLevel):
    """A zoom level of ticks in UTC: pyqtgraph moves every tick by the UTC offset asked for,
    through two date-time conversions a tick, when at an offset of nought (ours) each move is
    nought; the ticks are left where they are instead (the same values)."""

    def moveTicksToLocalTimeCoords(self, ticks, spacing, skipFactor):  # noqa: N802, N803
        hour = pg_dates.HOUR_SPACING
        if self.utcOffset == 0 and (spacing > hour or (spacing == hour and skipFactor > 1)):
            return ticks
        return super().moveTicksToLocalTimeCoords(ticks, spacing, skipFactor)


def _in_utc(level: Any) -> UtcZoomLevel:
    utc = copy.copy(level)  # (pyqtgraph's levels are shared by every date axis)
    utc.__class__ = UtcZoomLevel
    return utc  # type: ignore[return-value]


class DateAxis(pg.DateAxisItem):
    """A date axis in the chart's own time (UTC) whose grid lines are drawn by a
    :class:`DateGrid`. Its draw specs (ticks, labels) are kept until pyqtgraph drops its
    picture (a new range, size, font or pen), so the grid and the axis share one computation
    and a repaint at the same range computes nothing."""

    _specs: tuple | None = None
    specs_made = 0  # how many times the specs were worked out (tests, benchmarks)
    grid_item: QtWidgets.QGraphicsItem | None = None  # (its DateGrid)

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation=orientation, utcOffset=0)
        levels = self.zoomLevels  # type: ignore[has-type]
        self.zoomLevels = type(levels)((step, _in_utc(level)) for step, level in levels.items())

    def update(self, *args) -> None:  # (Qt override: the grid shows what the axis shows)
        super().update(*args)
        if self.grid_item is not None:
            self.grid_item.update()

    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt override)
        """The axis' own strip: with a grid, pyqtgraph's covers the plot as well."""
        if self.linkedView() is None or self.grid is False:
            return super().boundingRect()
        return self.mapRectFromParent(self.geometry())

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        """pyqtgraph's labels (the same texts) without a date-time object and a ``strftime``
        per tick where the format is years, month names or days (a 3000-px axis over decades
        has hundreds of month ticks whose labels are worked out, then found too crowded)."""
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        fast = spec is not None and spec.format in ("%Y", "%b", "%d") and self.utcOffset == 0
        seconds = np.asarray(values, dtype=np.float64)
        regular = (seconds >= pg_dates.MIN_REGULAR_TIMESTAMP) & (
            seconds < pg_dates.MAX_REGULAR_TIMESTAMP
        )
        if not fast or not np.all(regular & (seconds == np.floor(seconds))):  # (whole seconds)
            return super().tickStrings(values, scale, spacing)
        days = np.floor(seconds / 86400).astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        if spec.format == "%Y":  # (pyqtgraph strips leading zeros)
            return [str(year) for year in months.astype("datetime64[Y]").astype(int) + 1970]
        if spec.format == "%d":
            return [f"{day:02d}" for day in (days - months).astype(int) + 1]
        names = [dt.date(2001, month, 1).strftime("%b") for month in range(1, 13)]  # (locale's)
        return [names[month] for month in months.astype(int) % 12]

    def draw_specs(self) -> tuple | None:
        """(axis line, ticks, labels) as pyqtgraph's ``generateDrawSpecs`` gives them, made once
        per picture."""
        if self.picture is None or self._specs is None:  # type: ignore[has-type]
            picture = QtGui.QPicture()
            painter = QtGui.QPainter(picture)
            try:
                if self.style["tickFont"]:
                    painter.setFont(self.style["tickFont"])
                self._specs = (self.generateDrawSpecs(_Measuring(painter)),)
                self.specs_made += 1
            finally:
                painter.end()
            self.picture = picture  # (a marker: pyqtgraph sets it to None when stale)
        return self._specs[0]

    def paint(self, p, opt, widget) -> None:  # (pyqtgraph override)
        specs = self.draw_specs()
        if specs is not None:
            axis, ticks, texts = specs
            grid = self.grid is not False and self.grid_item is not None  # (it draws the ticks)
            # (its texts with drawText: laid out once, as QStaticText, a few of them came out
            # a fraction of a pixel apart)
            self.drawPicture(p, axis, [] if grid else ticks, texts)


class _Measuring:
    """A painter as pyqtgraph's ``generateDrawSpecs`` uses it, which measures each distinct
    label once (an axis over decades measures hundreds of month labels, of twelve texts);
    every other call is the painter's own."""

    def __init__(self, painter: QtGui.QPainter) -> None:
        self._painter = painter
        self._rects: dict[tuple, QtCore.QRectF] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._painter, name)

    def setFont(self, font: QtGui.QFont) -> None:  # noqa: N802 (QPainter's name)
        self._rects.clear()
        self._painter.setFont(font)

    def boundingRect(self, rect: QtCore.QRectF, flags, text: str) -> QtCore.QRectF:  # noqa: N802
        key = (rect.x(), rect.y(), rect.width(), rect.height(), int(flags), text)
        found = self._rects.get(key)
        if found is None:
            found = self._rects[key] = self._painter.boundingRect(rect, flags, text)
        return QtCore.QRectF(found)  # (a copy: pyqtgraph changes the one it is given)


class DateGrid(QtWidgets.QGraphicsItem):
    """The tick lines of a :class:`DateAxis` with a grid, which run from the axis across the
    plot: a child of the axis (drawn where and as the axis drew them) with bounds of its own,
    so the axis' bounds stay its strip. One ``drawLines`` per pen."""

    def __init__(self, axis: DateAxis, view_box: pg.ViewBox) -> None:
        super().__init__(axis)
        self.axis, self.view_box = axis, view_box
        axis.grid_item = self
        view_box.sigResized.connect(self._resized)
        self._lines: tuple | None = None  # (the specs they were made for, lines by pen, rect)

    def _resized(self, *_args) -> None:
        self.prepareGeometryChange()

    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 (Qt override)
        axis = self.axis
        return axis.mapRectFromParent(axis.geometry()) | self.view_box.mapRectToItem(
            axis, self.view_box.boundingRect()
        )

    def paint(self, p, *_args) -> None:
        """One ``drawLines`` per pen, its lines made once per specs, within a clip of their
        own pixels' rect (a pixel more each side than a line of a cosmetic pen covers, so
        nothing drawn is cut): where the painter's clip is then one rect, Qt draws these long
        lines of a translucent pen some 50× faster than with the clip of a paint's region
        alone (~0.5 ms a paint for ten lines of 750 px), the same pixels."""
        axis = self.axis
        specs = axis.draw_specs() if axis.grid is not False else None
        if not specs:
            return
        if self._lines is None or self._lines[0] is not specs:
            self._lines = (specs, *_grouped(specs[1]))
        _, groups, bounds = self._lines
        if not groups:
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        p.save()
        try:
            if not is_vector(p):  # (an SVG or PDF keeps its lines as they were, unclipped)
                tr = p.transform()
                wide = max(
                    pen.widthF() * (1 if pen.isCosmetic() else abs(tr.m11())) for pen, _ in groups
                )
                grow = 2 + math.ceil(wide)
                device = tr.mapRect(bounds).toAlignedRect().adjusted(-grow, -grow, grow, grow)
                p.setClipRect(
                    tr.inverted()[0].mapRect(QtCore.QRectF(device)),
                    QtCore.Qt.ClipOperation.IntersectClip,
                )
            for pen, group in groups:
                p.setPen(pen)
                p.drawLines(group)
        finally:
            p.restore()


def _grouped(ticks) -> tuple[list[tuple[QtGui.QPen, list[QtCore.QLineF]]], QtCore.QRectF]:
    """The tick specs' lines by pen (in their first tick's order) and the rect they span."""
    lines: dict[int, tuple[QtGui.QPen, list[QtCore.QLineF]]] = {}
    bounds = QtCore.QRectF()
    for pen, p1, p2 in ticks:
        line = QtCore.QLineF(p1, p2)
        lines.setdefault(id(pen), (pen, []))[1].append(line)
        bounds |= QtCore.QRectF(p1, p2).normalized().adjusted(-0.5, -0.5, 0.5, 0.5)
    return list(lines.values()), bounds
