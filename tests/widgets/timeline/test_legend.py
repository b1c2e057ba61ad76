"""The legend's texts are drawn by SampleLabel, a light stand-in for pyqtgraph's LabelItem (which
lays out HTML and made filling the legend a large part of a first frame): it must take the same
room and put the same pixels where the LabelItem did, so the chart's layout does not move."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from widgets import palette
from widgets.timeline.legend import SampleLabel, SampleLegend, fill_legend

TEXTS = ["promised (the first promise)", "◂ since: began before the view", "as-of date"]


def _painted(item: QtWidgets.QGraphicsWidget) -> np.ndarray:
    """``item`` alone in a scene, painted onto white (its own size, 2 px around)."""
    scene = QtWidgets.QGraphicsScene()
    scene.addItem(item)
    rect = QtCore.QRectF(-2, -2, 500, 60)
    image = QtGui.QImage(500, 60, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    scene.render(painter, QtCore.QRectF(0, 0, 500, 60), rect)
    painter.end()
    scene.removeItem(item)
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


@pytest.mark.parametrize("size", ["9pt", "10pt", "13.5pt"])
@pytest.mark.parametrize("text", TEXTS)
def test_a_label_takes_the_room_and_pixels_of_pyqtgraphs(qapp, text: str, size: str) -> None:
    theirs = pg.LabelItem(text, color="#3a3a3a", justify="left", size=size)
    ours = SampleLabel(text, "#3a3a3a", size)
    hint = QtCore.Qt.SizeHint.PreferredSize
    assert ours.effectiveSizeHint(hint) == theirs.effectiveSizeHint(hint)
    theirs.resize(theirs.effectiveSizeHint(hint))
    ours.resize(ours.effectiveSizeHint(hint))
    drawn = _painted(ours)
    assert (drawn < 128).any()  # (some text was drawn)
    assert np.array_equal(drawn, _painted(theirs))


def _red_legend(size: str) -> np.ndarray:
    """Where a one-entry legend, its text turned red and to ``size``, is red."""
    legend = SampleLegend(offset=None, colCount=2, labelTextSize="9pt")
    legend.add_items([(pg.BarGraphItem(x=[0], height=[1], width=1, brush="b"), "as-of date")])
    legend.setLabelTextColor("#ff0000")
    legend.setLabelTextSize(size)
    legend.layout.activate()
    drawn = _painted(legend)
    return (drawn[:, :, 0] > 200) & (drawn[:, :, 1] < 60) & (drawn[:, :, 2] < 60)


def test_a_new_colour_or_size_redraws_the_text(qapp) -> None:
    small, big = _red_legend("9pt"), _red_legend("18pt")
    assert small.any()  # the new colour
    # Twice the size covers about four times the pixels (at least 2.5 times, hinting aside).
    assert big.sum() > 2.5 * small.sum()


class _LeftClick:
    """Enough of pyqtgraph's mouse-click event for a sample's click handler."""

    accepted = False

    def button(self):
        return QtCore.Qt.MouseButton.LeftButton

    def accept(self) -> None:
        self.accepted = True

    def ignore(self) -> None:
        self.accepted = False


def test_a_click_on_a_sample_hides_nothing(qapp) -> None:
    """pyqtgraph's sample hides its plot item on a click and draws an eye instead; the legend's
    items are samples shared by every legend (the window's, each export's), so a click in the
    window must not change what an export's legend shows."""
    window_legend = SampleLegend(offset=None, colCount=5, labelTextSize="9pt")
    fill_legend(window_legend, palette.LIGHT, ("promised", "as_of"))
    for sample, _label in window_legend.items:
        click = _LeftClick()
        sample.mouseClickEvent(click)
        assert not click.accepted
        assert sample.item.isVisible()
    export_legend = SampleLegend(offset=None, colCount=5, labelTextSize="9pt")
    fill_legend(export_legend, palette.LIGHT, ("promised", "as_of"))
    assert all(sample.item.isVisible() for sample, _ in export_legend.items)
    assert [label.text for _, label in export_legend.items] == [
        "promised (the first promise)",
        "as-of date",
    ]
