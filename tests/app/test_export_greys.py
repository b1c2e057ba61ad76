"""Print-safe by default: an export is in the light theme, and in greyscale the overrun, the
actual work, the time saved by finishing early and the promise stay at least 20 grey levels
apart (and the still-open overrun is told by its hatching)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from PySide6 import QtGui

from app.cli import main
from tests.app.conftest import (
    BLUE,
    GREY,
    LIGHT_GREEN,
    SAMPLE,
    VERMILLION,
    WHITE,
    colour_mask,
    rgb_array,
)
from tests.conftest import write_tiny

FILLS = {"overrun": VERMILLION, "actual": BLUE, "early": LIGHT_GREEN, "promised": GREY}
OPEN_OVERRUN = (230, 160, 105)  # vermillion at 150/255 over white: 105 + 213 * 150 / 255 ...


def grey_of(image: QtGui.QImage) -> np.ndarray:
    """Qt's own greyscale conversion, as an (height, width) array."""
    grey = image.convertToFormat(QtGui.QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(grey.constBits(), dtype=np.uint8, count=grey.sizeInBytes())
    return raw.reshape(grey.height(), grey.bytesPerLine())[:, : grey.width()].astype(int)


def luma(pixels: np.ndarray) -> np.ndarray:
    """The classic luminance of video and print conversions: 0.299 R + 0.587 G + 0.114 B."""
    return pixels.astype(float) @ np.array([0.299, 0.587, 0.114])


def export_sample(tmp_path: Path) -> QtGui.QImage:
    # The sample has no project that finished early; write_tiny adds one ("Early tunnel").
    out = tmp_path / "chart.png"
    files = [*SAMPLE, *write_tiny(tmp_path)]
    assert main(["export", *files, "-o", str(out), "--as-of", "2026-11-26"]) == 0
    image = QtGui.QImage(str(out))
    assert not image.isNull()
    return image


def test_the_four_fills_stay_apart_in_greyscale(tmp_path: Path) -> None:
    image = export_sample(tmp_path)
    colour = rgb_array(image)
    assert tuple(colour[0, 0]) == WHITE  # the light theme unless asked
    qt_grey, classic = grey_of(image), luma(colour)
    levels: dict[str, tuple[float, float]] = {}
    for name, fill in FILLS.items():
        where = colour_mask(colour, fill, tol=2)
        assert where.sum() >= 200, f"too few {name} pixels: {where.sum()}"
        levels[name] = (float(np.median(qt_grey[where])), float(np.median(classic[where])))
    for (a, grey_a), (b, grey_b) in itertools.combinations(levels.items(), 2):
        for way, (x, y) in enumerate(zip(grey_a, grey_b, strict=True)):
            assert abs(x - y) >= 20, (a, b, ["Qt", "luma"][way], levels)


def test_the_open_overrun_is_hatched(tmp_path: Path) -> None:
    colour = rgb_array(export_sample(tmp_path))
    faded = colour_mask(colour, OPEN_OVERRUN, tol=6)
    white = colour_mask(colour, WHITE, tol=6)
    # Along each pixel row of a still-open overrun's bar, between its first and last faded
    # pixels, the hatch lines cross in the background's white: a pattern, not a plain fill.
    hatched = 0
    for y in np.flatnonzero(faded.sum(axis=1) >= 40):
        xs = np.flatnonzero(faded[y])
        span = slice(xs[0], xs[-1] + 1)
        hatched += white[y, span].mean() >= 0.05
    assert hatched >= 10
