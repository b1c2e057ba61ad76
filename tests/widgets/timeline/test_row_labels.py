"""A row axis's texts worked out for many rows at once (the PDF's pages): the same texts as
row by row."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from widgets.timeline.axes import RowAxis, fit_lines

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


def measured_fit(text: str, fm: QtGui.QFontMetrics, width: int, lines: int) -> str:
    """The rule of ``fit_lines`` in its plain form, every text measured before it is cut:
    whole when it measures no wider than ``width``; on two lines broken after the last word
    that fits, the rest cut; else cut on one line."""
    elide = QtCore.Qt.TextElideMode.ElideRight
    if lines < 2 or fm.horizontalAdvance(text) <= width:
        return fm.elidedText(text, elide, width)
    words = text.split(" ")
    first = 0
    while first < len(words) - 1 and fm.horizontalAdvance(" ".join(words[: first + 1])) <= width:
        first += 1
    if first == 0:
        return fm.elidedText(text, elide, width)
    return " ".join(words[:first]) + "\n" + fm.elidedText(" ".join(words[first:]), elide, width)


FIT_TEXTS = [
    *NAMES[:3],
    NAMES[5],
    "",
    " ",
    "W",
    "…",
    "a b",
    "ab\x9ccd",  # (Qt's mark between a text's variants)
    "ﬁne ligatures ﬂow",
    "مرحبا بالعالم الواسع",
    "日本語 の 長い 名前",
    "e\u0301\u0301 combining marks",
    "Synthetic airport project 000026",
]


@pytest.mark.parametrize("pixels", [9, 12, 20])
def test_fit_lines_is_the_measured_rule_at_every_width(qapp, pixels: int) -> None:
    # fit_lines measures a text only when Qt's eliding cut it: it must agree with the rule,
    # measured first, at the widths where a text just fits or just does not, on one and two
    # lines, and at widths too small for anything.
    font = QtGui.QFont()
    font.setPixelSize(pixels)
    fm = QtGui.QFontMetrics(font)
    exact = QtGui.QFontMetricsF(font)
    for text in FIT_TEXTS:
        whole, floor = fm.horizontalAdvance(text), int(exact.horizontalAdvance(text))
        widths = {0, 1, 5, whole - 2, whole - 1, whole, whole + 1, floor}
        for width in sorted(w for w in widths if w >= 0):
            for lines in (1, 2):
                got = fit_lines(text, fm, width, lines)
                assert got == measured_fit(text, fm, width, lines), (text, width, lines)
    # (and the rule itself, worked out by hand for a text that just fits and one that does not)
    name = "Synthetic airport project 000026"
    assert fit_lines(name, fm, math.ceil(exact.horizontalAdvance(name)), 2) == name
    broken = fit_lines(name, fm, fm.horizontalAdvance("Synthetic airport") + 1, 2)
    assert broken.split("\n")[0] == "Synthetic airport"


class Asked(list):
    """Texts that remember how they were asked for: a slice, or a row at a time."""

    def __init__(self, texts) -> None:
        super().__init__(texts)
        self.slices: list[slice] = []

    def __getitem__(self, index):
        if isinstance(index, slice):
            self.slices.append(index)
        return super().__getitem__(index)


@pytest.mark.parametrize("lines", [1, 2])
def test_a_run_of_rows_is_taken_in_one_slice_and_each_row_keeps_its_own_text(
    qapp, lines: int
) -> None:
    # A run of rows from the middle (a process's pages of a PDF) takes the texts in one slice
    # (the slip labels then format it in one go) and gives each row its own text, lane marks
    # included; rows asked in any other order are taken one by one.
    font = QtGui.QFont()
    font.setPixelSize(20)
    axis = axis_of(font, lines)
    asked = Asked(NAMES)
    axis.set_texts(asked, axis._headers, axis._folded)
    axis._lines = lines
    one_by_one = axis_of(font, lines)
    expected = [one_by_one.tickStrings([row], 1.0, 1.0)[0] for row in range(len(NAMES))]
    assert axis.labels(range(2, 5)) == expected[2:5]
    assert asked.slices == [slice(2, 5)]
    assert axis.labels([4, 1]) == [expected[4], expected[1]]
    assert asked.slices == [slice(2, 5)]
    assert expected[3] == "▾ Lane" and expected[4].startswith("▸ ")  # (rows 3, 4: lanes)
