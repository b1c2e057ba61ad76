"""A row axis's texts worked out for many rows at once (the PDF's pages): the same texts as
row by row."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtGui

from widgets.timeline.axes import RowAxis

NAMES = [
    "Short",
    "  Spaced\tout\nover lines  ",
    "A name much too long to be written whole in the room this axis has for it",
    "Lane",
    "Folded lane",
    "Supercalifragilisticexpialidocious-without-a-single-space-in-it",
]


def room(font: QtGui.QFont) -> int:
    """Room for the second name on one line, not for the long ones (whatever the font)."""
    return QtGui.QFontMetrics(font).horizontalAdvance("Spaced out over lines") + 10


def axis_of(font: QtGui.QFont, lines: int) -> RowAxis:
    axis = RowAxis("left", elide_pixels=room(font))
    axis.set_font(font)
    headers = np.array([False, False, False, True, True, False])
    folded = np.array([False, False, False, False, True, False])
    axis.set_texts(NAMES, headers, folded)
    axis._lines = lines  # (as its draw specs choose it for a row tall enough for two lines)
    return axis


@pytest.mark.parametrize("lines", [1, 2])
def test_labels_together_are_the_labels_row_by_row(qapp, lines: int) -> None:
    font = QtGui.QFont()
    font.setPixelSize(20)  # (not the default font's size: the axis's own font measures them)
    together = axis_of(font, lines).labels(range(len(NAMES)))
    one_by_one = axis_of(font, lines)
    assert together == [one_by_one.tickStrings([row], 1.0, 1.0)[0] for row in range(len(NAMES))]
    fm = QtGui.QFontMetrics(font)
    # Worked out from the rules: whitespace runs become one space; a lane header is marked
    # (▾, ▸ when folded); a text wider than the room is cut with "…" (on two lines: broken
    # after the last word that fits, its second line cut).
    assert together[0] == "Short"
    assert together[1] == "Spaced out over lines"
    assert together[3] == "▾ Lane"
    assert together[4].startswith("▸ ")
    long_name = together[2].split("\n")
    assert len(long_name) == lines and long_name[-1].endswith("…")
    assert all(fm.horizontalAdvance(line) <= room(font) for line in long_name)
    assert " ".join(long_name).rstrip("…") in NAMES[2]
    assert "\n" not in together[5] and together[5].endswith("…")  # (no space to break at)
