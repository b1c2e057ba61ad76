"""Axis texts laid out once (``QStaticText``): placed as ``drawText`` places them, and laid out
again only when new."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from tests.widgets.timeline.conftest import show
from widgets.timeline.labels import StaticTexts, texts_meeting

Align = QtCore.Qt.AlignmentFlag
TEXTS = ["Sydney Opera House", "+3.3 y (+81 %) · 8 re-promises", "▾ Europe", "2013", "Mar"]


def _image(draw, point_size: float | None = None) -> QtGui.QImage:
    image = QtGui.QImage(420, 60 * len(TEXTS), QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.setPen(QtGui.QColor("black"))
    if point_size is not None:
        font = QtGui.QFont(painter.font())
        font.setPointSizeF(point_size)
        painter.setFont(font)
    painter.translate(0.37, 0.0)  # (a fractional place, as an axis in a layout has)
    try:
        draw(painter)
    finally:
        painter.end()
    return image


@pytest.mark.parametrize(
    "flags",
    [
        Align.AlignRight | Align.AlignVCenter,
        Align.AlignLeft | Align.AlignVCenter,
        Align.AlignHCenter | Align.AlignTop,
        Align.AlignHCenter | Align.AlignBottom,
    ],
    ids=["names", "slips", "dates below", "dates above"],
)
def test_static_texts_land_where_draw_text_puts_them(qtbot, flags) -> None:
    flags = flags | QtCore.Qt.TextFlag.TextDontClip
    # Rects larger than the texts, at fractions of a pixel: the alignment decides the place.
    specs = [
        (QtCore.QRectF(20.3 + 7.1 * k, 60 * k + 10.6, 360.0, 30.2), int(flags), text)
        for k, text in enumerate(TEXTS)
    ]
    # Also in a font other than the default one (at its first draw: a fresh cache).
    for size in (None, 14.0):
        expected = _ink(
            _image(lambda p: [p.drawText(rect, f, text) for rect, f, text in specs], size)
        )
        got = _ink(_image(lambda p: StaticTexts().draw(p, specs), size))
        _same_places(got, expected)


def _same_places(got, expected) -> None:
    # Each text in the same place (its ink's box within a pixel) with the same ink (at some
    # fractions of a pixel a glyph's antialiased edge comes out a shade apart).
    for (box, ink), (want_box, want_ink) in zip(got, expected, strict=True):
        assert want_ink > 50
        assert max(abs(a - b) for a, b in zip(box, want_box, strict=True)) <= 1
        assert ink == pytest.approx(want_ink, rel=0.03)


def _ink(image: QtGui.QImage) -> list[tuple[tuple[int, int, int, int], float]]:
    """Per text (a band 60 px high each): the box of its dark pixels and their darkness."""
    import numpy as np

    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = pixels.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    dark = 255 - rows.reshape(image.height(), image.width(), 4)[:, :, :3].mean(axis=2)
    out = []
    for k in range(len(TEXTS)):
        band = dark[60 * k : 60 * (k + 1)]
        ys, xs = np.nonzero(band > 40)
        box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())) if len(xs) else (0,) * 4
        out.append((box, float(band.sum()) / 255))
    return out


def test_a_row_axis_lays_out_only_the_texts_new_to_it(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setYRange(-0.9, 1.6, padding=0)  # two rows
    widget.viewport().repaint()
    laid_out = widget.names_axis._static.laid_out
    assert laid_out >= 2
    widget.view_box.scroll_rows(1)  # one row more comes into view
    widget.viewport().repaint()
    assert widget.names_axis._static.laid_out == laid_out + 1
    widget.view_box.scroll_rows(-1)  # back: no new text
    widget.viewport().repaint()
    assert widget.names_axis._static.laid_out == laid_out + 1


def test_the_texts_a_rect_meets_are_those_qrectf_intersects_finds() -> None:
    """A row axis' texts (one column, top to bottom) found by bisection are exactly those whose
    rects ``QRectF.intersects`` says the rect meets: on random rects, rects that only touch a
    text's edge, rects above, below and beside the column, and rects with no area."""
    rng = np.random.default_rng(7)
    for trial in range(400):
        height = float(rng.choice([11.2, 12.8, 22.4, 9.6]))
        per_row = height / 0.8 + float(rng.uniform(0, 30))
        y0, x, width = (float(v) for v in rng.uniform(-50, 50, 3))
        width = abs(width) + 1.0
        texts, tops, bottoms = [], [], []
        for row in range(int(rng.integers(0, 40))):
            top = y0 + per_row * row - height / 2
            texts.append((QtCore.QRectF(x, top, width, height), 0, f"row {row}"))
            tops.append(top)
            bottoms.append(top + height)
        a, b = (float(v) for v in rng.uniform(-100, 1500, 2))
        left = float(rng.choice([x - 5, x + width, x + width / 2, x - 200, x + width + 3]))
        if trial % 4 == 0 and texts:  # edges that only touch a text's top or bottom
            a = tops[int(rng.integers(len(tops)))]
            b = bottoms[int(rng.integers(len(bottoms)))]
        rect = QtCore.QRectF(left, min(a, b), float(rng.choice([0.0, 4.0, 300.0])), abs(b - a))
        expected = [spec for spec in texts if rect.intersects(spec[0])]
        assert texts_meeting(texts, tops, bottoms, rect) == expected
