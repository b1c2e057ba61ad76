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

# The working memory of one band is about 40 bytes a pixel (counts, shares, mix, image): ~80 MB.
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
            p.drawImage(QtCore.QPointF(left, top + y0), image)
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
) -> QtGui.QImage:
    """One band of the overview. A pixel blends its rows by proportion: each row counts once,
    in the colour of its actual lane there (actual, early or overrun), or of its promise where
    that lane is empty; so a pixel row of ten projects of which one is late is one tenth
    orange, not orange, and what no span covers lets the background through. Each layer is an
    image of its colour at the pixel's share (a lookup of premultiplied words), the layers
    added up by Qt."""
    height, width = canvas[4], canvas[2]
    band = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    band.fill(QtCore.Qt.GlobalColor.transparent)
    per_pixel_row = np.maximum(_rows_per_pixel_row(tr, rows, canvas), 1)
    # A pixel's share of 255 in integers: count × ⌈255·256 / rows⌉ / 256, at most 255.
    scale = (-(-(255 << 8) // per_pixel_row)).astype(np.int32)[:, None]
    lanes = [
        (_covered(spans, tr, rows, canvas), brush)
        for spans, brush in (
            (layers.actual, colors.actual),
            (layers.early, colors.early),
            (layers.overrun, colors.overrun),
            (layers.overrun_open, colors.overrun),
        )
    ]
    promised = _covered(layers.promised, tr, rows, canvas)
    if promised is not None:  # rows whose actual lane is empty here (as near as counts tell)
        for counts, _ in lanes:
            if counts is not None:
                np.subtract(promised, counts, out=promised)
        np.maximum(promised, 0, out=promised)
    painter = QtGui.QPainter(band)
    painter.setCompositionMode(QtGui.QPainter.CompositionMode.CompositionMode_Plus)
    try:
        for counts, brush in [(promised, colors.promised), *lanes]:
            if counts is None:
                continue
            share = np.multiply(counts, scale, out=counts)  # (each layer's counts, used once)
            np.right_shift(share, 8, out=share)
            np.minimum(share, 255, out=share)
            words = _premultiplied(brush.color())[share]
            layer = QtGui.QImage(
                words.data,
                width,
                height,
                4 * width,
                QtGui.QImage.Format.Format_ARGB32_Premultiplied,
            )
            painter.drawImage(0, 0, layer)
    finally:
        painter.end()
    return band


def _premultiplied(color: QtGui.QColor) -> np.ndarray:
    """The 256 premultiplied ARGB32 words of ``color`` at alpha 0..255."""
    alpha = np.arange(256, dtype=np.uint32)
    r, g, b = ((alpha * v + 127) // 255 for v in (color.red(), color.green(), color.blue()))
    return (alpha << 24) | (r << 16) | (g << 8) | b


def _rows_per_pixel_row(tr: QtGui.QTransform, rows: tuple[int, int], canvas: Canvas) -> np.ndarray:
    """How many of rows [lo, hi) fall in each pixel row of the band."""
    _, top, _, y0, height = canvas
    y = np.floor(tr.m22() * np.arange(*rows) + tr.dy() - top).astype(np.int64) - y0
    y = y[(y >= 0) & (y < height)]
    return np.bincount(y, minlength=height)[:height]


def _covered(
    spans: Spans, tr: QtGui.QTransform, rows: tuple[int, int], canvas: Canvas
) -> np.ndarray | None:
    """How many of the spans of rows [lo, hi) = ``rows`` cover each pixel of the band (band
    height × width counts); None when no span is there. A row's pixel row is counted from the top of
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
    # A difference array of int32 (bincount's int64 over millions of pixels is twice the memory
    # to fill and sum): +1 where a span starts, -1 past its end, then summed along each row.
    diff = np.zeros(height * stride, dtype=np.int32)
    for ends, sign in ((y * stride + x0, 1), (y * stride + x1, -1)):
        where, count = np.unique(ends, return_counts=True)
        diff[where] += sign * count.astype(np.int32)
    covered = diff.reshape(height, stride)
    np.cumsum(covered, axis=1, out=covered)
    return covered[:, :width]
