"""A row axis' ticks and texts as pyqtgraph's draw specs, made without Qt objects per row.

Every pan of rows works a row axis' specs out again (its rows all move), and on screen it
draws only its ticks and the few texts of the rows coming into view (the rest is its kept
picture, moved: scroll.py). Made row by row (a ``QPointF`` per tick, a ``QRectF`` and a label
per text, a ``QLineF`` per tick to draw) the specs of 50 rows took ~0.5 ms an axis, a pan.
Here the rows' places are worked out together (numpy: the same arithmetic, the same floats),
the ticks are drawn in one call from them, and a text's spec is made when first asked for; as
a sequence, both read as pyqtgraph's (pen, p1, p2) and (rect, flags, text) lists do (exports
and tests iterate them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, overload

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from widgets.timeline.shapes import is_vector

T = TypeVar("T")
TickSpec = tuple[QtGui.QPen, QtCore.QPointF, QtCore.QPointF]
TextSpec = tuple[QtCore.QRectF, QtCore.Qt.AlignmentFlag, str]


class _Specs(Sequence[T]):
    """A sequence of specs, each made by :meth:`_spec` when asked for (a slice: a list)."""

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._spec(index % len(self))

    def _spec(self, index: int) -> T:
        raise NotImplementedError


class RowTicks(_Specs[TickSpec]):
    """Ticks of length 0 (one pixel, as pyqtgraph draws them) at ``edge``, one per y, all in
    one ``pen``."""

    def __init__(self, pen: QtGui.QPen, edge: float, ys: np.ndarray) -> None:
        self.pen, self._edge, self._ys = pen, edge, ys
        self._points: tuple[bool, QtGui.QPolygonF] | None = None  # (vector?, the points)

    def __len__(self) -> int:
        return len(self._ys)

    def _spec(self, index: int) -> TickSpec:
        at = QtCore.QPointF(self._edge, float(self._ys[index]))
        return (self.pen, at, at)

    def draw(self, p: QtGui.QPainter) -> None:
        """As ``p.drawLines`` of the ticks' lines draws them: on a raster device as points
        (a cosmetic pen's line of length 0 is its one pixel: the same pixels, at any transform,
        where lines of length 0 took ~2 µs each within a paint's clip region), on a vector
        device (SVG, PDF) as those lines, each given by its two ends in one polygon."""
        if not len(self._ys):
            return
        vector = is_vector(p)
        if self._points is None or self._points[0] != vector:
            polygon = pg.functions.create_qpolygonf((2 if vector else 1) * len(self._ys))
            points = pg.functions.ndarray_from_qpolygonf(polygon)
            points[:, 0] = self._edge
            if vector:
                points[0::2, 1] = points[1::2, 1] = self._ys
            else:
                points[:, 1] = self._ys
            self._points = (vector, polygon)
        p.setPen(self.pen)
        if vector:
            p.drawLines(self._points[1])  # type: ignore[call-overload]  # (a list of QPointF)
        else:
            p.drawPoints(self._points[1])


class TextColumn(_Specs[TextSpec]):
    """One text a row, in a column (``x``, ``width``) at ``tops``, each ``height`` high: its
    spec (and its label, ``label(row)``) made when first asked for."""

    def __init__(
        self,
        rows: np.ndarray,
        tops: list[float],
        column: tuple[float, float, float],
        flags: QtCore.Qt.AlignmentFlag,
        label: Callable[[int], str],
    ) -> None:
        self._rows, self._tops = rows, tops
        self._x, self._width, self._height = column
        self._flags, self._label = flags, label
        self._made: list[TextSpec | None] = [None] * len(tops)

    def __len__(self) -> int:
        return len(self._tops)

    def _spec(self, index: int) -> TextSpec:
        spec = self._made[index]
        if spec is None:
            rect = QtCore.QRectF(self._x, self._tops[index], self._width, self._height)
            spec = self._made[index] = (rect, self._flags, self._label(int(self._rows[index])))
        return spec


def row_specs(
    rows: list[int],
    place: tuple[float, float],
    bounds: tuple[float, float],
    column: tuple[float, float, float],
    ticks: tuple[QtGui.QPen, float],
    flags: QtCore.Qt.AlignmentFlag,
    label: Callable[[int], str],
) -> tuple[RowTicks, TextColumn, tuple[list[float], list[float]]]:
    """The ticks and texts of ``rows`` at ``place`` = (row 0's y, a row's pixels): a tick for
    each row whose y lies within ``bounds`` (top, bottom), at ``ticks`` = (pen, x); a text in
    ``column`` = (x, width, height) for each whose text does too, centred on its y; and the
    texts' (tops, bottoms)."""
    y0, per_row = place
    top, bottom = bounds
    height = column[2]
    half = height / 2
    numbers = np.asarray(rows, dtype=np.int64)
    ys = y0 + per_row * numbers  # (as y0 + per_row * row is, row by row)
    inside = (top <= ys) & (ys <= bottom)
    ys, numbers = ys[inside], numbers[inside]
    fits = (top <= ys - half) & (ys + half <= bottom)
    tops = ys[fits] - half
    ends = (tops.tolist(), (tops + height).tolist())  # (as the rects' bottoms are worked out)
    texts = TextColumn(numbers[fits], ends[0], column, flags, label)
    return RowTicks(ticks[0], ticks[1], ys), texts, ends
