"""The dense overview: rows thinner than a pixel or two painted as numpy-built images in which
every row still shows (no row is dropped however many share a pixel row).

The overview is worked out at the resolution it is shown, and per run of equal pixels rather
than per pixel: each span becomes two events on the overview's pixels read row by row (its first
pixel adds one to its layer's count, the pixel past its end takes it away), all layers' events
are sorted together once, and between two consecutive events every pixel has the same counts,
so the same colour. The colours are computed per run and the image is the runs' colours
repeated: the cost is a sort of the visible spans' ends and one write of each pixel, whatever
the number of layers. The image is written in horizontal bands of at most :data:`BAND_PIXELS`
pixels, so any size is drawn whole (a 20000 px wide export as well as a window) in bounded
memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore, QtGui

from widgets import palette
from widgets.timeline.geometry import row_range

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import Spans, TimelineLayers

# One band's pixels (4 bytes each): ~8 MB.
BAND_PIXELS = 2_000_000

# The layers, in the order of their counts; overrun_open is painted in the overrun's colour.
LAYERS = ("promised", "actual", "early", "overrun", "overrun_open")
# An event is its pixel's index × 16 + its code: 2·layer (a span starts) or 2·layer + 1 (a span
# ended on the pixel before); ROW_START marks each pixel row's first pixel, so every pixel row
# begins a run.
ROW_START = 2 * len(LAYERS)
_CODE_BITS = 4
assert ROW_START < 1 << _CODE_BITS, "a layer more needs more bits for the codes"


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
    device pixels) as images, band under band, in ``colors``."""
    device_rect = tr.mapRect(view)
    width, height = int(np.ceil(device_rect.width())), int(np.ceil(device_rect.height()))
    if width <= 0 or height <= 0:
        return
    left, top = device_rect.left(), device_rect.top()
    canvas = (left, top, width, height)
    starts, counts = _runs(tr, layers, (lo, hi), canvas)
    stride = width + 1  # (a span may end past the last pixel: one column more, never shown)
    per_pixel_row = _rows_per_pixel_row(tr, (lo, hi), canvas)
    words = run_colours(counts, per_pixel_row[starts // stride], colors)
    band = max(1, BAND_PIXELS // stride)
    p.resetTransform()
    try:
        for y0 in range(0, height, band):
            y1 = min(height, y0 + band)
            a, b = np.searchsorted(starts, (y0 * stride, y1 * stride))
            pixels = np.repeat(words[a:b], np.diff(starts[a:b], append=y1 * stride))
            image = QtGui.QImage(
                pixels.data,
                width,
                y1 - y0,
                4 * stride,
                QtGui.QImage.Format.Format_ARGB32_Premultiplied,
            )
            p.drawImage(QtCore.QPointF(left, top + y0), image)
    finally:
        p.setTransform(tr)


Canvas = tuple[float, float, int, int]  # left, top (device pixels), width, height


def _runs(
    tr: QtGui.QTransform, layers: TimelineLayers, rows: tuple[int, int], canvas: Canvas
) -> tuple[np.ndarray, np.ndarray]:
    """The runs of equal pixels of the overview read row by row (``width + 1`` pixels a row):
    each run's first pixel (ascending; every pixel row's first pixel starts one) and how many
    spans of each of :data:`LAYERS` cover its pixels (len(LAYERS) × runs)."""
    width, height = canvas[2], canvas[3]
    stride = width + 1
    parts = [(np.arange(height, dtype=np.int64) * stride << _CODE_BITS) + ROW_START]
    most = 1  # the most spans of one layer on one pixel row: a bound on every count
    for index, name in enumerate(LAYERS):
        first, past = _pixel_spans(getattr(layers, name), tr, rows, canvas)
        if len(first):
            most = max(most, int(np.bincount(first // stride).max()))
        parts.append((first << _CODE_BITS) + 2 * index)
        parts.append((past << _CODE_BITS) + 2 * index + 1)
    events = np.concatenate(parts)
    if height * stride << _CODE_BITS < 2**31:  # (a narrower sort is faster)
        events = events.astype(np.int32)
    events.sort()
    pixel, code = events >> _CODE_BITS, events & ((1 << _CODE_BITS) - 1)
    last = np.flatnonzero(np.append(pixel[1:] != pixel[:-1], True))  # a pixel's last event
    return pixel[last], _counts(code, last, most)


def _counts(code: np.ndarray, last: np.ndarray, most: int) -> np.ndarray:
    """Each layer's count after the events ``last`` of the sorted events' ``code``s (a running
    sum over the events, not the pixels), no count above ``most``. The layers' steps are packed
    into the fields of one int64 (as many as fit at the width ``most`` needs), so that one
    running sum counts them all: a field's sum never leaves 0..most, so never spills over."""
    bits = most.bit_length()
    per_word = 62 // bits
    counts = np.empty((len(LAYERS), len(last)), dtype=np.int64)
    for first in range(0, len(LAYERS), per_word):
        group = range(first, min(first + per_word, len(LAYERS)))
        steps = np.zeros(ROW_START + 1, dtype=np.int64)
        for field, index in enumerate(group):
            steps[2 * index] = 1 << (bits * field)
            steps[2 * index + 1] = -(1 << (bits * field))
        packed = np.cumsum(steps[code])[last]
        for field, index in enumerate(group):
            counts[index] = (packed >> (bits * field)) & ((1 << bits) - 1)
    return counts


def _pixel_spans(
    spans: Spans, tr: QtGui.QTransform, rows: tuple[int, int], canvas: Canvas
) -> tuple[np.ndarray, np.ndarray]:
    """The spans of rows [lo, hi) = ``rows`` in the overview's pixels (``width + 1`` a pixel
    row): each one's first pixel and the pixel past its last, for those inside it. A span covers
    every pixel it touches, and at least one."""
    left, top, width, height = canvas
    a, b = row_range(spans.row, *rows)
    y = np.floor(tr.m22() * spans.row[a:b] + tr.dy() - top).astype(np.int64)
    x0 = np.floor(tr.m11() * spans.x0[a:b] + tr.dx() - left).astype(np.int64)
    x1 = np.ceil(tr.m11() * spans.x1[a:b] + tr.dx() - left).astype(np.int64)
    x0, x1 = np.clip(x0, 0, width), np.clip(np.maximum(x1, x0 + 1), 0, width)
    keep = (y >= 0) & (y < height) & (x1 > x0)
    row_start = y[keep] * (width + 1)
    return row_start + x0[keep], row_start + x1[keep]


def _rows_per_pixel_row(tr: QtGui.QTransform, rows: tuple[int, int], canvas: Canvas) -> np.ndarray:
    """How many of rows [lo, hi) fall in each pixel row of the overview (at least 1)."""
    top, height = canvas[1], canvas[3]
    y = np.floor(tr.m22() * np.arange(*rows) + tr.dy() - top).astype(np.int64)
    y = y[(y >= 0) & (y < height)]
    return np.maximum(np.bincount(y, minlength=height)[:height], 1)


def run_colours(counts: np.ndarray, rows: np.ndarray, colors: palette.Palette) -> np.ndarray:
    """The premultiplied ARGB32 word of each run from its layers' ``counts`` (len(LAYERS) ×
    runs) among ``rows`` rows on its pixel row. A pixel blends its rows by proportion: each row
    counts once, in the colour of its actual lane there (actual, early or overrun), or of its
    promise where that lane is empty; so a pixel row of ten projects of which one is late is one
    tenth orange, not orange, and what no span covers lets the background through. Each layer's
    share of 255 is ``count × ⌈255·256 / rows⌉ / 256`` (at most 255) and the layers' colours at
    their shares add up channel by channel, each channel at most 255."""
    promised, lanes = counts[0], counts[1:]
    # The promise shows where the row's actual lane is empty (as near as counts tell).
    promised = np.maximum(promised - lanes.sum(axis=0), 0)
    scale = (-(-(255 << 8) // rows)).astype(np.int64)
    brushes = (colors.promised, colors.actual, colors.early, colors.overrun, colors.overrun)
    total = np.zeros(len(rows), dtype="<u8")
    share = np.empty(len(rows), dtype=np.int64)
    for count, brush in zip((promised, *lanes), brushes, strict=True):
        np.multiply(count, scale, out=share)
        np.right_shift(share, 8, out=share)
        np.minimum(share, 255, out=share)
        total += _spread(brush.color())[share]
    # Each channel at most 255, then the four 8-bit channels of each word (B, G, R, A in
    # memory: the native ARGB32 word on a little-endian machine, whose order this fixes).
    channels = np.minimum(total.view("<u2"), 255).astype(np.uint8)
    return channels.view("<u4").astype(np.uint32)


def _spread(color: QtGui.QColor) -> np.ndarray:
    """The premultiplied channels of ``color`` at alpha 0..255 (256 words), 16 bits each so
    that a sum of a few carries nothing from one channel into the next: A, R, G, B from the
    top."""
    alpha = np.arange(256, dtype=np.uint64)
    r, g, b = ((alpha * v + 127) // 255 for v in (color.red(), color.green(), color.blue()))
    return (alpha << 48) | (r << 32) | (g << 16) | b
