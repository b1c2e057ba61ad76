"""Moving around the window's timeline as the README promises: the wheel zooms time around the
cursor, Shift+wheel or the scroll bar moves through the rows; ↑/↓ move the selection,
PageUp/PageDown, Home/End, F fits everything, +/− zoom, Ctrl+F filters."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.main_window import MainWindow
from data.layout import to_seconds
from tests.app.conftest import SAMPLE, load, visible_rows

Key = QtCore.Qt.Key
# The sample's projects in file order (resources/samples/projects.csv).
FIRST, SECOND, LAST = "ven_ak103_cavim", "ber_airport", "panama_canal_expansion"


def seconds(day: str) -> float:
    return float(to_seconds(np.array([np.datetime64(day, "s")]))[0])


@pytest.fixture
def sample_window(window: MainWindow, qtbot) -> MainWindow:
    """The sample in a window short enough that not all 16 rows fit: rows 0..8 in view (rows
    keep their height: the window's height says how many are shown, once its layout settles)."""
    window.workbench.as_of_dock.hide()  # (the rows' height as these tests were measured)
    window.panels.details_dock.hide()  # (and the chart's width)
    window.resize(1200, 648)
    qtbot.waitUntil(lambda: window.timeline.height() < 590)
    load(window, qtbot, SAMPLE)
    qtbot.wait(100)
    assert visible_rows(window) == (0, 8)
    window.timeline.setFocus()
    return window


def wheel(window: MainWindow, steps: int, shift: bool = False, at=(700, 200)) -> None:
    """Turn the mouse wheel ``steps`` notches (positive: away from the user) over the chart."""
    pos = QtCore.QPointF(*at)
    modifiers = QtCore.Qt.KeyboardModifier.ShiftModifier if shift else QtCore.Qt.KeyboardModifier(0)
    event = QtGui.QWheelEvent(
        pos,
        window.timeline.viewport().mapToGlobal(pos),
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, 120 * steps),
        QtCore.Qt.MouseButton.NoButton,
        modifiers,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(window.timeline.viewport(), event)


def time_at(window: MainWindow, x: float) -> float:
    """The time (seconds) under viewport pixel column ``x``."""
    scene = window.timeline.mapToScene(QtCore.QPoint(int(x), 200))
    return window.timeline.view_box.mapSceneToView(scene).x()


def x_range(window: MainWindow) -> tuple[float, float]:
    (x0, x1), _ = window.timeline.view_box.viewRange()
    return x0, x1


def test_wheel_zooms_time_around_the_cursor(sample_window: MainWindow) -> None:
    window = sample_window
    x0, x1 = x_range(window)
    under_cursor = time_at(window, 700)
    wheel(window, 1)  # away from the user: closer in
    a0, a1 = x_range(window)
    assert a1 - a0 < 0.9 * (x1 - x0)
    assert time_at(window, 700) == pytest.approx(under_cursor, abs=(x1 - x0) / 1000)
    assert visible_rows(window) == (0, 8)  # the rows stay
    wheel(window, -2)  # back out, past where it began
    b0, b1 = x_range(window)
    assert b1 - b0 > x1 - x0
    assert time_at(window, 700) == pytest.approx(under_cursor, abs=(x1 - x0) / 1000)


def test_shift_wheel_and_the_scroll_bar_move_through_the_rows(sample_window: MainWindow) -> None:
    window = sample_window
    bar = window.panel.scrollbar
    span = x_range(window)
    wheel(window, -1, shift=True)  # towards the user: down, three rows a notch
    assert visible_rows(window) == (3, 11)
    assert bar.value() == 3
    assert x_range(window) == pytest.approx(span)  # time stays
    wheel(window, 1, shift=True)
    assert visible_rows(window) == (0, 8)
    bar.triggerAction(QtWidgets.QAbstractSlider.SliderAction.SliderSingleStepAdd)
    assert visible_rows(window) == (1, 9)
    bar.triggerAction(QtWidgets.QAbstractSlider.SliderAction.SliderToMaximum)
    assert visible_rows(window)[1] == 15  # the end: the last row in view
    bar.triggerAction(QtWidgets.QAbstractSlider.SliderAction.SliderToMinimum)
    assert visible_rows(window) == (0, 8)


def select_with(window: MainWindow, qtbot, key: Key) -> str:
    with qtbot.waitSignal(window.timeline.project_selected, timeout=5000) as blocker:
        qtbot.keyClick(window.timeline, key)
    return blocker.args[0]


def test_arrow_home_and_end_keys_move_the_selection(sample_window: MainWindow, qtbot) -> None:
    window = sample_window
    assert select_with(window, qtbot, Key.Key_Down) == FIRST  # nothing selected: the top row
    assert select_with(window, qtbot, Key.Key_Down) == SECOND
    assert window.statusBar().currentMessage() == "Berlin Brandenburg Airport (BER) opening"
    assert select_with(window, qtbot, Key.Key_Up) == FIRST
    assert select_with(window, qtbot, Key.Key_End) == LAST
    assert visible_rows(window)[0] <= 15 <= visible_rows(window)[1]  # scrolled to it
    assert select_with(window, qtbot, Key.Key_Up) == "nord_stream_2"
    assert select_with(window, qtbot, Key.Key_Home) == FIRST
    assert visible_rows(window)[0] == 0


def test_page_keys_scroll_a_page(sample_window: MainWindow, qtbot) -> None:
    window = sample_window
    qtbot.keyClick(window.timeline, Key.Key_PageDown)
    # A page down: the row that was last in view is now the first (kept for context).
    assert visible_rows(window) == (8, 15)
    qtbot.keyClick(window.timeline, Key.Key_PageUp)
    assert visible_rows(window) == (0, 8)


def test_zoom_keys_and_fit(sample_window: MainWindow, qtbot) -> None:
    window = sample_window
    x0, x1 = x_range(window)
    middle = (x0 + x1) / 2
    qtbot.keyClick(window.timeline, Key.Key_Plus)
    a0, a1 = x_range(window)
    assert a1 - a0 < 0.9 * (x1 - x0) and (a0 + a1) / 2 == pytest.approx(middle)
    qtbot.keyClick(window.timeline, Key.Key_Minus)
    qtbot.keyClick(window.timeline, Key.Key_Minus)
    b0, b1 = x_range(window)
    assert b1 - b0 > x1 - x0 and (b0 + b1) / 2 == pytest.approx(middle)
    for _ in range(6):
        qtbot.keyClick(window.timeline, Key.Key_Plus)
    qtbot.keyClick(window.timeline, Key.Key_PageDown)
    assert x_range(window)[1] - x_range(window)[0] < 0.5 * (x1 - x0)
    qtbot.keyClick(window.timeline, Key.Key_F)
    # Everything: from the Sydney Opera House's start (1959-03) to the last completion
    # (Olkiluoto 3, 2023-04-16) and the as-of line, and every row (the last one whole).
    f0, f1 = x_range(window)
    assert f0 <= seconds("1959-03-01") and f1 >= seconds("2023-04-16")
    assert visible_rows(window) == (0, 15)
    assert window.timeline.view_box.viewRange()[1][1] >= 15.5


def test_ctrl_f_goes_to_the_filter(sample_window: MainWindow, qtbot) -> None:
    window = sample_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window)
    assert not window.filter_edit.hasFocus()
    qtbot.keyClick(window.timeline, Key.Key_F, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus()
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        qtbot.keyClicks(window.filter_edit, "airport")
    assert list(window.timeline.layers.project_ids) == ["ber_airport", "denver_airport"]
