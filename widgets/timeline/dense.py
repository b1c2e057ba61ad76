"""The dense overview: rows thinner than a pixel or two painted as numpy-built images in which
every row still shows (no row is dropped however many share a pixel row).

Each layer's spans are rasterised with a difference array per pixel row (bincount + cumsum), so
the cost is one pass over the visible spans and one over the pixels. The overview is built in
horizontal bands of at most :data:`BAND_PIXELS` pixels, so any size is drawn whole (a 20000 px
wide export as well as a window) in bounded memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore, QtGui

from widgets import palette

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import Spans, TimelineLayers

# The working memory of one band is about 40 bytes a pixel (the counts, the image): ~80 MB.
BAND_PIXELS = 2_000_000


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
    device pixels) as images, band under band, layer over layer in ``colors``."""
    device_rect = tr.mapRect(view)
    width, height = int(np.ceil(device_rect.width())), int(np.ceil(device_rect.height()))
    if width <= 0 or height <= 0:
        return
    left, top = device_rect.left(), device_rect.top()
    band = max(1, BAND_PIXELS // width)
    p.resetTransform()
    try:
        for y0 in range(0, height, band):
            canvas = (left, top, width, y0, min(band, height - y0))
            image = _band_image(tr, layers, colors, _band_rows(tr, canvas, lo, hi), canvas)
            qimage = QtGui.QImage(
                image.data, width, canvas[4], 4 * width, QtGui.QImage.Format.Format_RGBA8888
            )
            p.drawImage(QtCore.QPointF(left, top + y0), qimage)
    finally:
        p.setTransform(tr)


Canvas = tuple[float, float, int, int, int]  # left, top (device), width, band top, band height


def _band_rows(tr: QtGui.QTransform, canvas: Canvas, lo: int, hi: int) -> tuple[int, int]:
    """The rows of [lo, hi) that may fall in the band (a row or two more: ``_covered`` keeps
    exactly those whose pixel row is in it)."""
    _, top, _, y0, rows = canvas
    if tr.m22() == 0:
        return lo, hi
    ends = [(top + y - tr.dy()) / tr.m22() for y in (y0, y0 + rows)]
    return max(lo, int(np.floor(min(ends))) - 1), min(hi, int(np.ceil(max(ends))) + 2)


def _band_image(
    tr: QtGui.QTransform,
    layers: TimelineLayers,
    colors: palette.Palette,
    rows: tuple[int, int],
    canvas: Canvas,
) -> np.ndarray:
    """One band of the overview: one uint32 word per pixel (RGBA bytes in memory order), each
    layer one masked copy over the one before."""
    image = np.zeros((canvas[4], canvas[2]), dtype=np.uint32)
    for spans, brush in (
        (layers.promised, colors.promised),
        (layers.actual, colors.actual),
        (layers.early, colors.early),
        (layers.overrun, colors.overrun),
        (layers.overrun_open, colors.overrun),
    ):
        covered = _covered(spans, tr, rows, canvas)
        if covered is not None:
            np.copyto(image, _rgba_word(brush.color()), where=covered)
    return image


def _covered(
    spans: Spans, tr: QtGui.QTransform, rows: tuple[int, int], canvas: Canvas
) -> np.ndarray | None:
    """The pixels (band height × width bools) of the band that the spans of rows [lo, hi) =
    ``rows`` cover; None when no span is there. A row's pixel row is counted from the top of
    the whole overview, so each row lands in exactly one band."""
    left, top, width, y0, height = canvas
    a, b = np.searchsorted(spans.row, rows)
    if b <= a:
        return None
    y = np.floor(tr.m22() * spans.row[a:b] + tr.dy() - top).astype(np.int64) - y0
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
