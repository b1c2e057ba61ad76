"""The batch primitives of the timeline item, built from numpy arrays with no Qt object per
bar or marker: rect arrays for spans, points mapped to device pixels, and marker outlines with
the one path that holds a copy of an outline at every point."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from pyqtgraph import Qt as pgQt
from PySide6 import QtCore, QtGui

from widgets.timeline.geometry import row_range

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import Points, Spans

FRAME_LIMIT = 1e6  # frame units either side of its origin (a view is a thousand wide)
CULL_PIXELS = 48.0  # a point's marks reach this far (the open ends' fade, the open promises')
_near: tuple[float, float, float, float, int, int] | None = None  # see only_near


@contextmanager
def only_near(x0: float, x1: float, tr: QtGui.QTransform, anchor: float) -> Iterator[None]:
    """Within it (on screen), spans and points are given only where they can reach the device
    x range ``x0..x1`` (a strip of a picture: scroll.py; ``tr`` maps the item to the device),
    and hatching is anchored to the time ``anchor`` and the first row (:func:`draw_hatch`)."""
    global _near
    inverse, _ = tr.inverted()
    a, b = sorted(inverse.map(QtCore.QPointF(x, 0)).x() for x in (x0 - 1, x1 + 1))
    at = round(tr.m11() * anchor + tr.dx()), round(tr.dy())
    _near = (x0 - CULL_PIXELS, x1 + CULL_PIXELS, a, b, *at)
    try:
        yield
    finally:
        _near = None


# A lane header directly above another (folded lanes side by side) ends this much of a row
# short, so that each reads as a band of its own rather than one tall band with two names.
HEADER_GAP = 0.12


def header_bands(is_header: np.ndarray, x: tuple[float, float], lo: int, hi: int, frame=(0.0, 1.0)):
    """The lane header bands on rows [lo, hi), from ``x[0]`` to ``x[1]``, as a QRectF array (None
    when there is none); a header with a header below it is HEADER_GAP of a row shorter."""
    from data.rowarrays import Spans

    headers = np.flatnonzero(is_header[lo:hi]) + lo
    if not len(headers):
        return None
    spans = Spans(np.full(len(headers), x[0]), np.full(len(headers), x[1]), headers)
    arr = rect_array(spans, (-0.5, 0.5), lo, hi, frame)
    mem = arr.ndarray()
    row = np.rint(mem[:, 1] + 0.5).astype(np.int64)
    below = np.minimum(row + 1, len(is_header) - 1)
    mem[(row + 1 < len(is_header)) & is_header[below], 3] -= HEADER_GAP
    return arr


def rect_array(
    spans: Spans,
    band: tuple[float, float],
    lo: int,
    hi: int,
    frame: tuple[float, float] = (0.0, 1.0),
):
    """A QRectF primitive array for spans on rows [lo, hi) (no Python object per bar), their x
    in ``frame`` = (origin, unit): ``(x - origin) / unit``, cut to +-FRAME_LIMIT."""
    a, b = row_range(spans.row, lo, hi)
    sl: slice | np.ndarray = slice(a, b)
    if _near is not None:
        sl = np.flatnonzero((spans.x1[sl] >= _near[2]) & (spans.x0[sl] <= _near[3])) + a
    arr = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
    rows = spans.row[sl]
    arr.resize(len(rows))
    mem = arr.ndarray()
    origin, unit = frame
    x0 = np.clip((spans.x0[sl] - origin) / unit, -FRAME_LIMIT, FRAME_LIMIT)
    x1 = np.clip((spans.x1[sl] - origin) / unit, -FRAME_LIMIT, FRAME_LIMIT)
    mem[:, 0] = x0
    mem[:, 1] = rows + band[0]
    mem[:, 2] = x1 - x0
    mem[:, 3] = band[1] - band[0]
    return arr


def across(view: QtCore.QRectF, frame: tuple[float, float]) -> tuple[float, float]:
    """The left and right of a band across ``view`` (of :func:`reach`), in ``frame`` units: on
    screen across the strip drawn; elsewhere the view's half width either side of the frame's
    origin (the view's middle: the exports' figures as they were)."""
    if _near is not None:
        return ((view.left() - frame[0]) / frame[1], (view.right() - frame[0]) / frame[1])
    half = view.width() / 2 / frame[1]
    return -half, half


def reach(view: QtCore.QRectF | None, tr: QtGui.QTransform) -> QtCore.QRectF | None:
    """How far the bands across ``view`` run: on screen (within :func:`only_near`), across
    the strip drawn and a device pixel past each side, in view or not (a kept picture reaches
    past the view, and the pixel the view's edge cuts is theirs wherever the view moved);
    elsewhere the view."""
    if _near is None or view is None or not view.isValid() or tr.m11() == 0:
        return view
    return QtCore.QRectF(_near[2], view.top(), _near[3] - _near[2], view.height())


def draw_hatch(p: QtGui.QPainter, arr, brush: QtGui.QBrush) -> None:
    """The rects ``arr`` (of :func:`rect_array`, in ``p``'s coordinates) filled with the pattern
    ``brush``. Qt places a pattern by the painter's transform: on screen (within
    :func:`only_near`) it is anchored to the chart instead, so it moves with its bars on a pan
    as the kept picture does; elsewhere (exports) as Qt places it."""
    mem = arr.ndarray()
    if not len(mem):
        return
    p.setBrush(brush)
    if _near is None:
        p.drawRects(*arr.drawargs())
        return
    tr, (ax, ay) = p.transform(), _near[4:]
    device = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
    device.resize(len(mem))
    out = device.ndarray()
    out[:, 0] = tr.m11() * mem[:, 0] + tr.dx() - ax
    out[:, 1] = tr.m22() * mem[:, 1] + tr.dy() - ay
    out[:, 2] = tr.m11() * mem[:, 2]
    out[:, 3] = tr.m22() * mem[:, 3]
    p.save()
    try:
        p.setTransform(QtGui.QTransform.fromTranslate(ax, ay))
        p.setBrushOrigin(0, 0)
        p.drawRects(*device.drawargs())
    finally:
        p.restore()


def device_points(
    points: Points, dy: float, tr: QtGui.QTransform, lo: int, hi: int
) -> tuple[np.ndarray, np.ndarray, slice | np.ndarray]:
    """The points on rows [lo, hi), ``dy`` rows below their row's middle, in device pixels
    through the item transform ``tr``; and the slice of ``points`` they are (or, within
    :func:`only_near`, their indices: those near, and a row's neighbours of each, which the
    drift lines join to them)."""
    a, b = row_range(points.row, lo, hi)
    sl: slice | np.ndarray = slice(int(a), int(b))
    x, y = points.x[sl], points.row[sl] + dy
    px = tr.m11() * x + tr.m21() * y + tr.dx()
    if _near is not None and len(px):
        keep = (px >= _near[0]) & (px <= _near[1])
        # (both ends of every line between successive points that comes near)
        line = (np.minimum(px[:-1], px[1:]) <= _near[1]) & (np.maximum(px[:-1], px[1:]) >= _near[0])
        keep[:-1] |= line
        keep[1:] |= line
        sl = np.flatnonzero(keep) + a
        x, y, px = points.x[sl], points.row[sl] + dy, px[keep]
    py = tr.m12() * x + tr.m22() * y + tr.dy()
    return px, py, sl


def joined(rows: np.ndarray, sl: slice | np.ndarray) -> np.ndarray:
    """Of the points ``sl`` of ``device_points``: a key equal for successive points that a
    drift line joins (on one row, and none left out between them)."""
    if isinstance(sl, slice):
        return rows[sl]
    return rows[sl] + ((sl - np.arange(len(sl))) << 32)


def marker_path(px: np.ndarray, py: np.ndarray, shape: np.ndarray) -> QtGui.QPainterPath:
    """One path holding a copy of ``shape`` (k×2 device-pixel offsets, closed) at every point."""
    if len(px) == 0:
        return QtGui.QPainterPath()
    k = len(shape)
    xs = (px[:, None] + shape[None, :, 0]).ravel()
    ys = (py[:, None] + shape[None, :, 1]).ravel()
    connect = np.ones((len(px), k), dtype=np.int32)
    connect[:, -1] = 0
    path = line_path(xs, ys, connect.ravel())
    path.setFillRule(QtCore.Qt.FillRule.WindingFill)
    return path


_ELEMENT = np.dtype([("c", ">i4"), ("x", ">f8"), ("y", ">f8")])  # Qt's stream of a path's points


def line_path(xs: np.ndarray, ys: np.ndarray, connect: np.ndarray | str) -> QtGui.QPainterPath:
    """The path ``pg.arrayToQPath(xs, ys, connect=connect)`` makes (``connect``: "pairs", or
    1 where a point is joined to the next), the same elements read by Qt from the same bytes,
    without its checks and choices made for any input: a PDF page draws some eight such paths,
    ~25 µs each where ``arrayToQPath`` took ~60. Points that are not all numbers are left to
    ``arrayToQPath``, which mends them."""
    if not len(xs) or not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        return pg.arrayToQPath(xs, ys, connect=connect)
    joined = np.zeros(len(xs), dtype=np.int32)  # 1: a point joined to the one before it
    if isinstance(connect, str):
        if connect != "pairs":
            return pg.arrayToQPath(xs, ys, connect=connect)
        joined[1::2] = 1
    else:
        joined[1:] = connect[:-1]
    elements = np.empty(len(xs), dtype=_ELEMENT)
    elements["c"], elements["x"], elements["y"] = joined, xs, ys
    # The point count, the points, then the subpath start and fill rule (odd-even, 0).
    data = struct.pack(">i", len(xs)) + elements.tobytes() + struct.pack(">ii", 0, 0)
    path = QtGui.QPainterPath()
    QtCore.QDataStream(QtCore.QByteArray(data)) >> path
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


def draw_promises(
    p: QtGui.QPainter,
    px: np.ndarray,
    py: np.ndarray,
    repromise: np.ndarray,
    brushes: tuple[QtGui.QBrush | QtGui.QColor, QtGui.QBrush | QtGui.QColor],
    scale: float,
    edge: QtGui.QColor,
) -> None:
    """Promise markers at device points: re-promises as filled diamonds (``brushes[0]``),
    restatements and baselines hollow (``brushes[1]``: the background), edged in ``edge``."""
    pen = pg.mkPen(edge, width=1.0)
    draw_markers(p, px[repromise], py[repromise], diamond(5.0 * scale), brushes[0], pen)
    hollow = ~repromise
    draw_markers(p, px[hollow], py[hollow], diamond(4.0 * scale), brushes[1], pen)


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


def fade_out(color: QtGui.QColor) -> QtGui.QBrush:
    """``color`` fading to transparent from the left to the right edge of each shape drawn."""
    gradient = QtGui.QLinearGradient(0, 0, 1, 0)
    gradient.setCoordinateMode(QtGui.QGradient.CoordinateMode.ObjectMode)
    clear = QtGui.QColor(color)
    clear.setAlpha(0)
    gradient.setColorAt(0.0, color)
    gradient.setColorAt(1.0, clear)
    return QtGui.QBrush(gradient)


def band_rects(x: np.ndarray, y: np.ndarray, width: float, half: float):
    """One batch of device rects from ``x`` rightwards, ``width`` wide, ``half`` above and
    below each ``y`` (for one ``drawRects`` call)."""
    rects = pgQt.internals.PrimitiveArray(QtCore.QRectF, 4)
    rects.resize(len(x))
    mem = rects.ndarray()
    mem[:, 0], mem[:, 1] = x, y - half
    mem[:, 2], mem[:, 3] = width, 2 * half
    return rects


# Marker outlines of radius r, in device pixels around the point, each a closed polygon (made
# once a radius: never changed).
@cache
def diamond(r: float) -> np.ndarray:
    return np.array([[0, -r], [r, 0], [0, r], [-r, 0], [0, -r]], dtype=float)


@cache
def chevron(r: float) -> np.ndarray:
    return np.array([[0, -r], [r * 1.3, 0], [0, r], [0, -r]], dtype=float)


@cache
def triangle_down(r: float) -> np.ndarray:
    return np.array([[-r, -r * 0.6], [r, -r * 0.6], [0, r], [-r, -r * 0.6]], dtype=float)


@cache
def square(r: float) -> np.ndarray:
    return np.array([[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]], dtype=float)


@cache
def circle(r: float, n: int = 10) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n + 1)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


@cache
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
