"""Texts of the timeline.

Axis texts laid out once: each text a cached ``QStaticText``, placed in its rect as
``QPainter.drawText(rect, flags, text)`` places it, for a fraction of the cost of laying it out
again at every paint. Mostly the very same pixels; at some fractions of a pixel (and in an
export's scaled font) a glyph's antialiased edge comes out a shade apart, so the row axes use
it on screen only, where frames are timed. Vector devices (SVG, PDF) and texts of several lines
get ``drawText`` itself.

And the "since <year>" labels at the plot's left edge, on rows that began before it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore, QtGui

from widgets.timeline.geometry import PROMISE_BAND, row_range
from widgets.timeline.shapes import is_vector

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import Spans

Align = QtCore.Qt.AlignmentFlag
MAX_CACHED = 5000  # texts kept laid out (cleared beyond: a long scroll through rows)


class StaticTexts:
    """The laid-out texts of one axis, in the painter's font (forgotten when it changes)."""

    def __init__(self) -> None:
        self._texts: dict[str, QtGui.QStaticText] = {}
        self._font = ""  # the key of the font they were laid out in
        self.laid_out = 0  # how many texts were laid out (tests)

    def _static(self, text: str, font: QtGui.QFont) -> QtGui.QStaticText:
        static = self._texts.get(text)
        if static is None:
            if len(self._texts) >= MAX_CACHED:
                self._texts.clear()
            static = self._texts[text] = QtGui.QStaticText(text)
            static.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            # Laid out in the painter's font now: unprepared, its size would be the default
            # font's until its first draw, and the first draw placed by that wrong size.
            static.prepare(QtGui.QTransform(), font)
            self.laid_out += 1
        return static

    def draw(self, p: QtGui.QPainter, texts: Iterable[tuple[QtCore.QRectF, int, str]]) -> None:
        """Each ``(rect, flags, text)`` as ``p.drawText(rect, flags, text)`` draws it."""
        raster = not is_vector(p)
        font = p.font()
        if font.key() != self._font:
            self._texts, self._font = {}, font.key()
        for rect, flags, text in texts:
            if not raster or "\n" in text:
                p.drawText(rect, int(flags), text)
                continue
            static = self._static(text, font)
            size = static.size()
            align = int(flags)
            # (the offsets as drawText works them out)
            dx = _offset(align, rect.width() - size.width(), Align.AlignRight, Align.AlignHCenter)
            dy = _offset(
                align, rect.height() - size.height(), Align.AlignBottom, Align.AlignVCenter
            )
            x, y = rect.x() + dx, rect.y() + dy
            p.drawStaticText(QtCore.QPointF(x, y), static)


def _offset(
    align: int, room: float, end: QtCore.Qt.AlignmentFlag, centre: QtCore.Qt.AlignmentFlag
) -> float:
    """Where a text starts along one direction of its rectangle (``room``: the rectangle's
    length less the text's), as drawText places it for the alignment ``align``."""
    if align & end.value:
        return room
    if align & centre.value:
        return room / 2
    return 0.0


def draw_since_labels(
    p: QtGui.QPainter,
    tr: QtGui.QTransform,
    lo: int,
    hi: int,
    spans: Spans,
    view: QtCore.QRectF,
    color: QtGui.QColor,
    k: float,
    font_scale: float,
) -> None:
    """ "◂ since <year>" at the view's left edge on the rows [lo, hi) whose ``spans`` (the
    promised bars) began before it, in device pixels (``p`` has no transform; ``tr`` maps the
    view to the device; ``k``: device pixels a chart pixel)."""
    a, b = row_range(spans.row, lo, hi)
    clipped = np.flatnonzero((spans.x0[a:b] < view.left()) & (spans.x1[a:b] > view.left()))
    if len(clipped) == 0:
        return
    p.setPen(color)
    font = p.font()
    font.setPixelSize(max(1, round(10 * font_scale * k)))  # 7.5 pt at 96 px an inch
    p.setFont(font)
    left = tr.m11() * view.left() + tr.dx()
    for j in clipped[:200] + a:  # only rows on screen, so a handful
        year = np.datetime64(int(spans.x0[j]), "s").astype("datetime64[Y]")
        y = tr.m22() * (spans.row[j] + sum(PROMISE_BAND) / 2) + tr.dy()
        p.drawText(
            QtCore.QRectF(left + 3 * k, y - 8 * k, 120 * k * font_scale, 16 * k),
            QtCore.Qt.AlignmentFlag.AlignVCenter,
            f"◂ since {year}",
        )


def texts_meeting(
    texts: list, tops: list[float], bottoms: list[float], rect: QtCore.QRectF
) -> list:
    """The (rect, flags, text) specs of ``texts`` whose rects ``rect`` intersects, as
    ``QRectF.intersects`` has it. Where ``tops`` and ``bottoms`` are the texts' (one column,
    top to bottom: a row axis'), found by bisecting them rather than testing each text."""
    if (
        len(tops) != len(texts)
        or not texts
        or tops[0] > tops[-1]
        or not (rect.width() > 0 and rect.height() > 0)
    ):
        return [spec for spec in texts if rect.intersects(spec[0])]
    column = texts[0][0]
    if not (rect.left() < column.right() and column.left() < rect.right()):
        return []
    # (QRectF's test is strict: a text meets the rect where its bottom is past the rect's top
    # and its top above the rect's bottom)
    return texts[bisect.bisect_right(bottoms, rect.top()) : bisect.bisect_left(tops, rect.bottom())]
