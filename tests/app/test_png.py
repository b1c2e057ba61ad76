"""The chart's PNG writer (app.png): its image data packed in bands on several threads is one
valid zlib stream of the rows behind their filter bytes, the same bytes on any number of cores,
and the file opens as the same pixels in Qt's own reader."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

from app import png


def _image(height: int, width: int) -> np.ndarray:
    """Flat bands of colour with a gradient and some noise: what a chart looks like, roughly."""
    rng = np.random.default_rng(height)
    rgb = np.zeros((height, width, 3), dtype=np.uint8)
    rgb[:, :, 0] = np.arange(width) % 256
    rgb[::7, :, 1] = 200
    rgb[:, ::5, 2] = rng.integers(0, 256, size=(height, len(range(0, width, 5))))
    return rgb.reshape(height, 3 * width)


@pytest.mark.parametrize("height", [1, png.BAND_ROWS - 1, png.BAND_ROWS, png.BAND_ROWS + 1, 700])
def test_the_bands_make_one_zlib_stream_of_the_filtered_rows(height: int) -> None:
    rgb = _image(height, 37)
    expected = b"".join(b"\x00" + row.tobytes() for row in rgb)  # filter byte 0, then the row
    data = png.deflated(rgb)
    assert zlib.decompress(data) == expected  # (zlib checks the Adler-32 at the end)
    assert data[:2] == b"\x78\x5e"


def test_the_same_pixels_give_the_same_bytes_on_any_number_of_cores(monkeypatch) -> None:
    rgb = _image(3 * png.BAND_ROWS + 5, 50)
    monkeypatch.setattr(png.os, "cpu_count", lambda: 1)
    one = png.deflated(rgb)
    monkeypatch.setattr(png.os, "cpu_count", lambda: 8)
    assert png.deflated(rgb) == one


def test_qt_reads_the_file_back_as_the_same_pixels(tmp_path: Path, qapp) -> None:
    from PySide6 import QtGui

    rgb = _image(600, 41)
    out = tmp_path / "chart.png"
    png.write_png(out, rgb, 192)
    image = QtGui.QImage(str(out)).convertToFormat(QtGui.QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (41, 600)
    line = image.bytesPerLine()
    read = np.frombuffer(image.constBits(), dtype=np.uint8, count=line * 600).reshape(600, line)
    assert np.array_equal(read[:, : 3 * 41], rgb)
    assert image.dotsPerMeterX() == 7559  # 192 dots an inch / 0.0254 m an inch = 7559.06
