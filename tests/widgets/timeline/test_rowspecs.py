"""A row axis' specs made without Qt objects per row (rowspecs.py): the places a row by row
computation gives, texts made only when asked for, ticks drawn as their lines draw."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from widgets.timeline.rowspecs import RowTicks, row_specs

FLAGS = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter


def test_the_rows_ticks_and_texts_lie_where_each_row_is() -> None:
    asked: list[int] = []

    def label(row: int) -> str:
        asked.append(row)
        return f"row {row}"

    pen = QtGui.QPen(QtGui.QColor("gray"))
    # Row r at 3.25 + 15.5 r: 3.25, 18.75, 34.25, 49.75, 65.25, 80.75, 96.25, 111.75; a text
    # 12 high (6 each side) within 12.75 to 100 (row 1 just): rows 1 to 5; a tick: rows 1 to 6.
    ticks, texts, (tops, bottoms) = row_specs(
        list(range(8)), (3.25, 15.5), (12.75, 100.0), (5.0, 50.0, 12.0), (pen, 60.0), FLAGS, label
    )
    assert [(at.x(), at.y()) for _, at, _ in ticks] == [
        (60.0, y) for y in (18.75, 34.25, 49.75, 65.25, 80.75, 96.25)
    ]
    assert all(tick_pen is pen and a is b for tick_pen, a, b in ticks)
    assert tops == [12.75, 28.25, 43.75, 59.25, 74.75]
    assert bottoms == [24.75, 40.25, 55.75, 71.25, 86.75]
    assert len(texts) == 5 and asked == []  # (no label made until a text is asked for)
    rect, flags, text = texts[-1]
    assert (rect.x(), rect.y(), rect.width(), rect.height()) == (5.0, 74.75, 50.0, 12.0)
    assert (flags, text, asked) == (FLAGS, "row 5", [5])
    assert [t for _, _, t in texts[1:3]] == ["row 2", "row 3"] and asked == [5, 2, 3]
    assert texts[4] is texts[-1] and asked == [5, 2, 3]  # (made once)
    assert [t for _, _, t in texts] == [f"row {r}" for r in range(1, 6)]


def test_no_rows_give_no_specs() -> None:
    ticks, texts, ends = row_specs(
        [], (0.0, 15.0), (0.0, 100.0), (0.0, 50.0, 12.0), (QtGui.QPen(), 60.0), FLAGS, str
    )
    assert (len(ticks), len(texts), ends) == (0, 0, ([], []))


@pytest.mark.parametrize("scale", [1.0, 2.0, 1.5])
@pytest.mark.parametrize("width", [0.0, 1.0])
def test_ticks_drawn_as_points_are_their_zero_length_lines(scale: float, width: float) -> None:
    rng = np.random.default_rng(7)
    ys = np.sort(np.concatenate([rng.uniform(-3.0, 203.0, 40), np.arange(40) * 0.25 + 50.0]))
    pen = QtGui.QPen(QtGui.QColor(120, 130, 140), width)
    pen.setCosmetic(True)

    def image(draw) -> QtGui.QImage:
        out = QtGui.QImage(120, 420, QtGui.QImage.Format.Format_RGB32)
        out.fill(QtGui.QColor("white"))
        p = QtGui.QPainter(out)
        try:
            p.setClipRegion(QtGui.QRegion(0, 0, 120, 150) | QtGui.QRegion(0, 160, 100, 260))
            p.translate(3.37, 5.5)
            p.scale(scale, scale)
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
            draw(p)
        finally:
            p.end()
        return out

    def lines(p: QtGui.QPainter) -> None:  # (as pyqtgraph draws a tick of length 0)
        p.setPen(pen)
        for y in ys.tolist():
            p.drawLine(QtCore.QLineF(40.7, y, 40.7, y))

    expected = image(lines)
    assert image(RowTicks(pen, 40.7, ys).draw) == expected
    assert expected != image(lambda p: None)  # (they drew something)
