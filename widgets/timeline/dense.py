"""The dense overview: rows thinner than a pixel or two painted as one numpy-built image in which
every row still shows (no row is dropped however many share a pixel row).

Each layer's spans are rasterised with a difference array per pixel row (bincount + cumsum), so
the cost is one pass over the visible spans and one over the pixels.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from data.layout import Spans, TimelineLayers
from widgets import palette

MAX_PIXELS = 60_000_000  # a bigger overview is not drawn (it would take seconds and gigabytes)


def paint_dense(
    p: QtGui.QPainter,
    tr: QtGui.QTransform,
    view: QtCore.QRectF,
    layers: TimelineLayers,
    colors: palette.Palette,
    lo: int,
    hi: int,
) -> None:
    """Paint the spans of rows [lo, hi) inside ``view`` (view coordinates; ``tr`` maps them to
    device pixels) as one image, layer over layer in ``colors``."""
    device_rect = tr.mapRect(view)
    width, height = int(np.ceil(device_rect.width())), int(np.ceil(device_rect.height()))
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        return
    left, top = device_rect.left(), device_rect.top()
    # One uint32 word per pixel (RGBA bytes in memory order): a layer is one masked copy.
    image = np.zeros((height, width), dtype=np.uint32)
    for spans, brush in (
        (layers.promised, colors.promised),
        (layers.actual, colors.actual),
        (layers.early, colors.early),
        (layers.overrun, colors.overrun),
        (layers.overrun_open, colors.overrun),
    ):
        covered = _covered(spans, tr, lo, hi, (left, top, width, height))
        if covered is not None:
            np.copyto(image, _rgba_word(brush.color()), where=covered)
    qimage = QtGui.QImage(image.data, width, height, 4 * width, QtGui.QImage.Format.Format_RGBA8888)
    p.resetTransform()
    try:
        p.drawImage(QtCore.QPointF(left, top), qimage)
    finally:
        p.setTransform(tr)


def _covered(
    spans: Spans,
    tr: QtGui.QTransform,
    lo: int,
    hi: int,
    canvas: tuple[float, float, int, int],
) -> np.ndarray | None:
    """The pixels (height × width bools) that the spans of rows [lo, hi) cover on the canvas
    (left, top: its device position; width, height: its size); None when no span is there."""
    left, top, width, height = canvas
    a, b = np.searchsorted(spans.row, [lo, hi])
    if b <= a:
        return None
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
    return np.cumsum(diff.reshape(height, stride)[:, :width], axis=1, dtype=np.int32) > 0


def _rgba_word(color: QtGui.QColor) -> np.uint32:
    """``color``, opaque, as the uint32 whose bytes in memory are R, G, B, A."""
    rgba = np.array([color.red(), color.green(), color.blue(), 255], dtype=np.uint8)
    return rgba.view(np.uint32)[0]
