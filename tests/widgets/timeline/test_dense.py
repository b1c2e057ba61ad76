"""The dense overview built in bands: every row is painted once, whatever the band size, and a
pixel row blends its rows by proportion."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from data.layout import Spans
from widgets import palette
from widgets.timeline import dense

N_ROWS = 600  # two rows per pixel row: 300 pixel rows


def _layers() -> SimpleNamespace:
    """Even rows have a promised span on x 0..40, odd rows an actual span on x 60..100: each
    pixel row shows its two rows apart."""
    rows = np.arange(N_ROWS, dtype=np.int64)
    even, odd = rows[0::2], rows[1::2]
    none = Spans(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    return SimpleNamespace(
        promised=Spans(np.zeros(len(even)), np.full(len(even), 40.0), even),
        actual=Spans(np.full(len(odd), 60.0), np.full(len(odd), 100.0), odd),
        early=none,
        overrun=none,
        overrun_open=none,
    )


def _paint(band_pixels: int, monkeypatch) -> QtGui.QImage:
    """The overview of rows 0..599 at half a pixel each, 5 px from the left and 10 from the top:
    row r lands on pixel row 10 + r // 2 (0.5 r + 10.25, floored against the top edge 10)."""
    monkeypatch.setattr(dense, "BAND_PIXELS", band_pixels)
    image = QtGui.QImage(140, 330, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    tr = QtGui.QTransform(1, 0, 0, 0.5, 5, 10.25)
    view = QtCore.QRectF(0, -0.5, 120, N_ROWS)
    painter = QtGui.QPainter(image)
    try:
        painter.setTransform(tr)
        dense.paint_dense(painter, tr, view, _layers(), palette.LIGHT, 0, N_ROWS)
    finally:
        painter.end()
    return image


@pytest.mark.parametrize("band_rows", [1, 7, 64, 10_000])  # band height in pixel rows
def test_every_row_is_painted_once_across_band_boundaries(band_rows: int, monkeypatch) -> None:
    width = 120  # the device width of the view: a band of band_rows pixel rows
    image = _paint(band_rows * width, monkeypatch)
    # Rows 2k and 2k+1 share pixel row 10 + k; at x 20 one of the two shows its promised span:
    # half of the pixel is promised grey, the rest the white behind.
    promised = _half_over_white(palette.LIGHT.promised.color())
    actual = _half_over_white(palette.LIGHT.actual.color())
    white = QtGui.QColor("white").rgb()
    for y in range(10, 10 + N_ROWS // 2):  # rows 2k and 2k+1 on pixel row 10 + k
        assert _near(image.pixel(5 + 20, y), promised), y
        assert _near(image.pixel(5 + 80, y), actual), y
        assert image.pixel(5 + 50, y) == white, y
    for y in (*range(0, 10), *range(10 + N_ROWS // 2, 330)):  # nothing above or below
        assert {image.pixel(x, y) for x in range(140)} == {white}, y


def _half_over_white(color: QtGui.QColor) -> tuple[float, ...]:
    return tuple(255 - 0.5 * (255 - v) for v in (color.red(), color.green(), color.blue()))


def _near(rgb: int, expected: tuple[float, ...], tolerance: float = 1.5) -> bool:
    got = QtGui.QColor(rgb)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip((got.red(), got.green(), got.blue()), expected, strict=True)
    )


def test_a_pixel_row_is_coloured_by_the_share_of_its_rows() -> None:
    """Four rows on one pixel row, one of them late (overrun on x 0..100 in the actual lane):
    the pixel is one quarter overrun colour over white, not overrun colour."""
    none = Spans(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    layers = SimpleNamespace(
        promised=none,
        actual=none,
        early=none,
        overrun=Spans(np.zeros(1), np.full(1, 100.0), np.array([2])),
        overrun_open=none,
    )
    image = _paint_rows(layers, 4, 10.1)  # rows 0..3 on pixel row 10
    c = palette.LIGHT.overrun.color()
    expected = tuple(255 - (255 - v) / 4 for v in (c.red(), c.green(), c.blue()))
    assert _near(image.pixel(50, 10), expected)


def test_bands_paint_the_same_image_as_one_band(monkeypatch) -> None:
    assert _paint(13 * 120, monkeypatch) == _paint(10**9, monkeypatch)


def test_pixels_mix_lanes_and_promises_worked_out_by_hand() -> None:
    """Three rows on one pixel row (a third of a pixel each), every span a whole number of
    pixels (x = 5 + view x):

    - row 0 promised 0..50, finished early: actual 0..30, early 30..50;
    - row 1 promised 0..60, still under way: actual 0..40;
    - row 2 promised 0..20, finished late: actual 0..20, overrun 20..35.

    At x 25 rows 0 and 1 are actual and row 2 overrun: ⅔ actual + ⅓ overrun (no promise shows:
    every row's actual lane is there). At x 45 row 0 is early, row 1 past its actual lane shows
    its promise, row 2 has ended: ⅓ early + ⅓ promised + ⅓ white. At x 55 only row 1's promise:
    ⅓ promised + ⅔ white. At x 90 nothing: white."""

    def spans(x0: list[float], x1: list[float], rows: list[int]) -> Spans:
        return Spans(np.array(x0), np.array(x1), np.array(rows, dtype=np.int64))

    none = spans([], [], [])
    layers = SimpleNamespace(
        promised=spans([0, 0, 0], [50, 60, 20], [0, 1, 2]),
        actual=spans([0, 0, 0], [30, 40, 20], [0, 1, 2]),
        early=spans([30], [50], [0]),
        overrun=spans([20], [35], [2]),
        overrun_open=none,
    )
    image = _paint_rows(layers, 3, 10.2)  # rows 0..2 on pixel row 10
    white = (255.0, 255.0, 255.0)
    c = palette.LIGHT
    actual, overrun, early, promised = (
        tuple(float(v) for v in (b.color().red(), b.color().green(), b.color().blue()))
        for b in (c.actual, c.overrun, c.early, c.promised)
    )

    def mix(*parts: tuple[float, ...]) -> tuple[float, ...]:  # equal thirds
        return tuple(sum(channel) / 3 for channel in zip(*parts, strict=True))

    assert _near(image.pixel(5 + 25, 10), mix(actual, actual, overrun), 2)
    assert _near(image.pixel(5 + 45, 10), mix(early, promised, white), 2)
    assert _near(image.pixel(5 + 55, 10), mix(promised, white, white), 2)
    assert _near(image.pixel(5 + 90, 10), white, 0)
    for y in (9, 11):  # one pixel row, nothing above or below
        assert {image.pixel(x, y) for x in range(120)} == {QtGui.QColor("white").rgb()}


def test_a_pixel_row_of_thousands_of_rows_is_counted_whole() -> None:
    """5,120 rows on one pixel row, each promised 0..100 and actual 0..50 (more rows on a
    pixel row than a 12-bit count holds): the first half is the actual colour, the second the
    promised one, each whole."""
    n = 5120
    rows = np.arange(n, dtype=np.int64)
    none = Spans(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    layers = SimpleNamespace(
        promised=Spans(np.zeros(n), np.full(n, 100.0), rows),
        actual=Spans(np.zeros(n), np.full(n, 50.0), rows),
        early=none,
        overrun=none,
        overrun_open=none,
    )
    image = QtGui.QImage(120, 20, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    tr = QtGui.QTransform(1, 0, 0, 1 / n, 5, 10.2)  # rows 0..n-1 on pixel row 10
    painter = QtGui.QPainter(image)
    try:
        painter.setTransform(tr)
        view = QtCore.QRectF(0, -0.5, 110, n)
        dense.paint_dense(painter, tr, view, layers, palette.LIGHT, 0, n)
    finally:
        painter.end()
    for x, brush in ((5 + 25, palette.LIGHT.actual), (5 + 80, palette.LIGHT.promised)):
        c = brush.color()
        assert _near(image.pixel(x, 10), (c.red(), c.green(), c.blue()), 1), x


def _paint_rows(layers: SimpleNamespace, rows: int, y: float) -> QtGui.QImage:
    """``rows`` rows of ``layers`` painted as the overview on one pixel row of a white
    120×20 image: a view x is pixel 5 + x, the rows start at pixel ``y``."""
    image = QtGui.QImage(120, 20, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    tr = QtGui.QTransform(1, 0, 0, 1 / rows, 5, y)
    painter = QtGui.QPainter(image)
    try:
        painter.setTransform(tr)
        view = QtCore.QRectF(0, -0.5, 110, rows)
        dense.paint_dense(painter, tr, view, layers, palette.LIGHT, 0, rows)
    finally:
        painter.end()
    return image
