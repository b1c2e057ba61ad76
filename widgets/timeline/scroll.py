"""A picture of an item kept between its paints on screen and shifted when the view pans.

On a pan every pixel of the plot moves by a whole number of pixels (the view box pans by whole
pixels: axes.py), so what the item drew last time is still right, only moved: the picture is
moved (one copy of an image) and only the strip that comes into view is drawn. The timeline
item's picture reaches :data:`OVERSCAN` past the view, so most pans draw nothing at all: the
part in view is copied, until a pan reaches past the picture and a strip is drawn again. Drawn
into an opaque image on the view's background colour (nothing is beneath the item but that
background) and with the painter's hints, its pixels are the ones a direct paint gives. Any
other change (the data, the colours, the selection, the hover ring, a zoom or a resize) starts
again: the first paint after it draws directly, as without a cache (a zoom pays nothing for the
image), and the next one, if it is a pan, draws the whole picture into a new image.

Only on screen (a paint given its widget), on raster devices, at a whole device pixel ratio and
with a transform that only scales and moves; everything else draws directly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable

from PySide6 import QtCore, QtGui

Render = Callable[[QtGui.QPainter, QtCore.QRect], None]  # (painter, rect of its device to draw)
FORMAT = QtGui.QImage.Format.Format_RGB32  # opaque: copied to the screen without blending
TOLERANCE = 1e-6  # a shift this close to a whole pixel is one
EDGE = 1e-4  # an edge of the area this close to a whole pixel is on it
Mode = QtGui.QPainter.CompositionMode
# Device pixels (x, y) the timeline item's picture reaches past the view each side: the pans
# within it only move the picture (a pan of 1 % of the time or of a row draws nothing new).
OVERSCAN = (128, 128)


def whole(value: float) -> bool:
    return abs(value - round(value)) <= TOLERANCE


def _holds(picture: QtCore.QRect, rect: QtCore.QRect, margin: int) -> bool:
    """Whether a kept ``picture`` (where it lies now) holds every pixel of ``rect`` as drawn:
    once moved, its top and bottom ``margin`` pixels do not (they are drawn again)."""
    return picture.adjusted(0, margin, 0, -margin).contains(rect)


def _same_scale(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=0.0) for x, y in zip(a, b, strict=True))


class ScrollCache:
    """The kept picture of one item: :meth:`paint` draws it, shifted, with the new strips."""

    def __init__(self) -> None:
        self._image: QtGui.QImage | None = None
        self._spare: QtGui.QImage | None = None  # (the next picture is drawn into it)
        self._key: Hashable = None
        self._scale = (0.0, 0.0)
        self._shift = (0.0, 0.0)  # the transform's translation when the picture was drawn
        self._rect = QtCore.QRect()  # the device rect it covers, at that translation
        self._seen: tuple | None = None  # the key and scale of the last direct paint
        self.rendered: list[QtCore.QRect] = []  # device rects drawn into pictures (tests)

    def invalidate(self) -> None:
        self._image = self._spare = None
        self._seen = None

    def paint(
        self,
        p: QtGui.QPainter,
        area: QtCore.QRectF,
        key: Hashable,
        background: QtGui.QColor,
        render: Render,
        shift: tuple[float, float] | None = None,
        margin: int = 0,
        overscan: tuple[int, int] = (0, 0),
    ) -> bool:
        """Draw ``area`` (device pixels of ``p``'s transform) with ``render``, through the kept
        picture when the same ``key`` and scale only moved by whole pixels; False if ``p``
        can't have one (the caller then draws directly). ``shift``: where what is drawn lies,
        in device pixels, when not where the transform puts it (a row axis' texts move with
        the rows, the axis stays); ``margin``: device pixels along the picture's top and bottom
        edges drawn again after a move (where a text cut by an edge is left out); ``overscan``:
        device pixels drawn past the area on each side (x, y) whenever a picture is drawn, so
        that the next pans, while the area stays inside what was drawn, only move it
        (``render`` must then draw all that lies in the rect it is given, not only in view)."""
        tr = p.transform()
        device = p.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        if (
            tr.type().value > QtGui.QTransform.TransformationType.TxScale.value
            or not whole(ratio)
            or background.alpha() != 255
        ):
            return False
        # (a pixel more each side: where the view's edge cuts a pixel, the item may draw it)
        rect = area.adjusted(EDGE, EDGE, -EDGE, -EDGE).toAlignedRect().adjusted(-1, -1, 1, 1)
        scale = (tr.m11(), tr.m22())
        shift = (tr.dx(), tr.dy()) if shift is None else shift
        full_key = (key, rect.size().toTuple(), ratio)
        image = self._image
        wide = rect.adjusted(-overscan[0], -overscan[1], overscan[0], overscan[1])
        if image is None or self._key != full_key or not _same_scale(self._scale, scale):
            self._image = None
            if (
                self._seen is None
                or self._seen[0] != full_key
                or not _same_scale(self._seen[1], scale)
            ):
                self._seen = (full_key, scale)  # the first paint of this picture: direct
                render(p, rect)
                return True
            image, drawn = self._draw(wide, p, background, render, None), wide
        else:
            dx, dy = shift[0] - self._shift[0], shift[1] - self._shift[1]
            drawn = moved = self._rect.translated(round(dx), round(dy))
            if not (whole(dx) and whole(dy)) or not moved.intersects(rect):
                image, drawn = self._draw(wide, p, background, render, None), wide
            elif not _holds(moved, rect, margin if moved != self._rect else 0):
                old = (image, moved)
                image, drawn = self._draw(wide, p, background, render, old, margin), wide
        self._key, self._scale, self._shift, self._rect = full_key, scale, shift, drawn
        p.save()
        try:
            p.resetTransform()
            p.setCompositionMode(Mode.CompositionMode_Source)
            if drawn == rect:
                p.drawImage(rect.topLeft(), image)
            else:  # (the part of the picture in ``rect``, pixel for pixel)
                ratio = round(image.devicePixelRatio())
                at = rect.topLeft() - drawn.topLeft()
                source = QtCore.QRect(at * ratio, rect.size() * ratio)
                p.drawImage(rect.topLeft(), image, source)
        finally:
            p.restore()
        return True

    def _draw(self, rect, p, background, render, old, margin=0) -> QtGui.QImage:
        """A new picture of ``rect`` as ``p`` would draw it: ``old`` = (picture, where it lies
        now) copied in, the rest drawn (and ``margin`` pixels along both pictures' top and
        bottom edges)."""
        tr, hints, font = p.transform(), p.renderHints(), p.font()
        ratio = p.device().devicePixelRatioF()
        size = rect.size() * ratio
        image = self._spare
        if image is None or image.size() != size:
            image = QtGui.QImage(size, FORMAT)
            image.setDevicePixelRatio(ratio)
        q = QtGui.QPainter(image)
        try:
            q.setRenderHints(hints)
            q.setFont(font)
            q.translate(-rect.left(), -rect.top())
            todo = QtGui.QRegion(rect)
            if old is not None:
                q.setCompositionMode(Mode.CompositionMode_Source)
                q.drawImage(old[1].topLeft(), old[0])
                kept = old[1].adjusted(0, margin, 0, -margin)
                todo -= QtGui.QRegion(kept & rect.adjusted(0, margin, 0, -margin))
            for strip in list(todo):  # type: ignore[call-overload]
                q.setCompositionMode(Mode.CompositionMode_Source)
                q.fillRect(strip, background)
                q.setCompositionMode(Mode.CompositionMode_SourceOver)
                q.save()
                try:
                    q.setClipRect(strip)
                    q.setTransform(tr, combine=True)
                    render(q, strip.translated(-rect.left(), -rect.top()))
                finally:
                    q.restore()
                self.rendered.append(QtCore.QRect(strip))
        finally:
            q.end()
        self._spare, self._image = self._image, image
        return image
