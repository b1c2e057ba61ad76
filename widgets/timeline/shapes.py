"""The batch primitives of the timeline item, built from numpy arrays with no Qt object per
bar or marker: rect arrays for spans, points mapped to device pixels, and marker outlines with
the one path that holds a copy of an outline at every point."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph import Qt as pgQt
from PySide6 import QtCore, QtGui

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import Points, Spans

FRAME_LIMIT = 1e6  # frame units either side of its origin (a view is a thousand wide)


def rect_array(
    spans: Spans,
    band: tuple[float, float],
    lo: int,
    hi: int,
    frame: tuple[float, float] = (0.0, 1.0),
):
    """A QRectF primitive array for spans on rows [lo, hi) (no Python object per bar), their x
    in ``frame`` = (origin, unit): ``(x - origin) / unit``, cut to +-FRAME_LIMIT."""
    a, b = np.searchsorted(spans.row, [lo, hi])
    arr = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
    arr.resize(int(b - a))
    mem = arr.ndarray()
    origin, unit = frame
    x0 = np.clip((spans.x0[a:b] - origin) / unit, -FRAME_LIMIT, FRAME_LIMIT)
    x1 = np.clip((spans.x1[a:b] - origin) / unit, -FRAME_LIMIT, FRAME_LIMIT)
    mem[:, 0] = x0
    mem[:, 1] = spans.row[a:b] + band[0]
    mem[:, 2] = x1 - x0
    mem[:, 3] = band[1] - band[0]
    return arr


def device_points(
    points: Points, dy: float, tr: QtGui.QTransform, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, slice]:
    """The points on rows [lo, hi), ``dy`` rows below their row's middle, in device pixels
    through the item transform ``tr``; and the slice of ``points`` they are."""
    a, b = np.searchsorted(points.row, [lo, hi])
    x, y = points.x[a:b], points.row[a:b] + dy
    px = tr.m11() * x + tr.m21() * y + tr.dx()
    py = tr.m12() * x + tr.m22() * y + tr.dy()
    return px, py, slice(int(a), int(b))


def marker_path(px: np.ndarray, py: np.ndarray, shape: np.ndarray) -> QtGui.QPainterPath:
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


_SPRITES: dict[tuple, QtGui.QPixmap] = {}
_VECTOR_ENGINES = (QtGui.QPaintEngine.Type.SVG, QtGui.QPaintEngine.Type.Pdf)


def is_vector(p: QtGui.QPainter) -> bool:
    engine = p.paintEngine()
    return engine is not None and engine.type() in _VECTOR_ENGINES


def draw_markers(
    p: QtGui.QPainter,
    px: np.ndarray,
    py: np.ndarray,
    shape: np.ndarray,
    brush: QtGui.QBrush | QtGui.QColor | None,
    pen: QtGui.QPen | None = None,
) -> None:
    """``shape`` (k×2 device-pixel offsets, closed) at every point, filled with ``brush`` and
    outlined with ``pen`` (either may be None), in one batch of pixmap fragments: the shape is
    rendered once into a small sprite (at the device's pixel ratio) and stamped at each point,
    rounded to the pixel. Every fill is stamped before any outline, as one path filled then
    stroked would draw them, so overlapping markers keep their outlines."""
    if len(px) == 0:
        return
    if is_vector(p):  # SVG and PDF keep vectors: the shapes as paths, not stamped images
        p.setPen(pen if pen is not None else QtCore.Qt.PenStyle.NoPen)
        p.setBrush(brush if brush is not None else QtCore.Qt.BrushStyle.NoBrush)
        p.drawPath(marker_path(px, py, shape))
        return
    ratio = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    for part in (brush, None) if pen is not None else (brush,):
        sprite = _sprite(shape, part, pen if part is None else None, ratio)
        if sprite is None:
            continue
        frags = pgQt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)
        frags.resize(len(px))
        mem = frags.ndarray()
        mem[:, 0] = np.floor(px) + 0.5 if ratio == 1.0 else px
        mem[:, 1] = np.floor(py) + 0.5 if ratio == 1.0 else py
        mem[:, 2:4] = 0.0
        mem[:, 4:6] = sprite.width()
        mem[:, 6:8] = 1.0 / ratio
        mem[:, 8] = 0.0
        mem[:, 9] = 1.0
        # (the stubs lack the overload taking a fragment array and its length)
        p.drawPixmapFragments(*frags.drawargs(), sprite)  # type: ignore[call-arg]


def _sprite(
    shape: np.ndarray, brush: QtGui.QBrush | QtGui.QColor | None, pen: QtGui.QPen | None, ratio
) -> QtGui.QPixmap | None:
    """``shape`` filled with ``brush`` or outlined with ``pen``, antialiased, centred on the
    middle of a square pixmap (cached)."""
    if brush is None and pen is None:
        return None
    brush_key = None if brush is None else (QtGui.QBrush(brush).color().rgba(),)
    pen_key = None if pen is None else (pen.color().rgba(), pen.widthF())
    key = (shape.tobytes(), brush_key, pen_key, ratio)
    sprite = _SPRITES.get(key)
    if sprite is None:
        reach = float(np.abs(shape).max()) + (pen.widthF() if pen is not None else 0.0) + 1.0
        side = int(np.ceil(2 * reach * ratio)) | 1  # odd: the point sits on a pixel's middle
        sprite = QtGui.QPixmap(side, side)
        sprite.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(sprite)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.translate(side / 2, side / 2)
        painter.scale(ratio, ratio)
        painter.setPen(pen if pen is not None else QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(brush if brush is not None else QtCore.Qt.BrushStyle.NoBrush)
        painter.drawPath(marker_path(np.zeros(1), np.zeros(1), shape))
        painter.end()
        _SPRITES[key] = sprite
    return sprite


# Marker outlines of radius r, in device pixels around the point, each a closed polygon.
def diamond(r: float) -> np.ndarray:
    return np.array([[0, -r], [r, 0], [0, r], [-r, 0], [0, -r]], dtype=float)


def chevron(r: float) -> np.ndarray:
    return np.array([[0, -r], [r * 1.3, 0], [0, r], [0, -r]], dtype=float)


def triangle_down(r: float) -> np.ndarray:
    return np.array([[-r, -r * 0.6], [r, -r * 0.6], [0, r], [-r, -r * 0.6]], dtype=float)


def square(r: float) -> np.ndarray:
    return np.array([[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]], dtype=float)


def circle(r: float, n: int = 10) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n + 1)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def cross(r: float) -> np.ndarray:
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
