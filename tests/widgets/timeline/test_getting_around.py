"""Getting around: ←/→ pan time, +/− zoom around the selected project, Z zooms to it, a plain
drag pans time only (Shift+drag rows), back and forward through view changes."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtTest, QtWidgets

from data.load import load_files
from tests.conftest import SAMPLES
from tests.widgets.timeline.conftest import seconds, show

Key = QtCore.Qt.Key


def _x(widget) -> tuple[float, float]:
    return tuple(widget.view_box.viewRange()[0])


def _y(widget) -> tuple[float, float]:
    return tuple(widget.view_box.viewRange()[1])


def test_arrows_pan_time_by_a_fifth_and_back_returns(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.setFocus()
    x0, x1 = _x(widget)
    rows = _y(widget)
    half_pixel = widget.view_box.viewPixelSize()[0] / 2  # (a pan moves by whole pixels)
    qtbot.keyClick(widget, Key.Key_Right)
    a0, a1 = _x(widget)
    fifth = pytest.approx(x0 + (x1 - x0) / 5, abs=half_pixel)
    assert a0 == fifth and a1 == pytest.approx(x1 + (x1 - x0) / 5, abs=half_pixel)
    assert _y(widget) == rows  # time only
    qtbot.keyClick(widget, Key.Key_Left)
    qtbot.keyClick(widget, Key.Key_Left)
    b0, _ = _x(widget)
    assert b0 == pytest.approx(x0 - (x1 - x0) / 5, abs=2 * half_pixel)
    qtbot.keyClick(widget, Key.Key_Left, QtCore.Qt.KeyboardModifier.AltModifier)  # back
    assert _x(widget)[0] == pytest.approx(x0)
    qtbot.keyClick(widget, Key.Key_Backspace)  # back again
    assert _x(widget)[0] == pytest.approx(a0)
    qtbot.keyClick(widget, Key.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier)  # forward
    assert _x(widget)[0] == pytest.approx(x0)


def test_plus_zooms_around_the_selected_project_and_z_zooms_to_it(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.setFocus()
    widget.select_row(widget.layers.row_of("early"))
    # "early": started 2001-01-01, finished 2004-06-30, promised 2006-12-31 (the tiny files);
    # its markers reach no further. Its middle: 2004-01-01.
    start, end = seconds("2001-01-01"), seconds("2006-12-31")
    middle = (start + end) / 2
    x0, x1 = _x(widget)
    qtbot.keyClick(widget, Key.Key_Plus)
    a0, a1 = _x(widget)
    # Zooming by 0.8 around `middle` keeps it where it was in the view.
    assert a1 - a0 == pytest.approx(0.8 * (x1 - x0))
    assert (middle - a0) / (a1 - a0) == pytest.approx((middle - x0) / (x1 - x0))
    qtbot.keyClick(widget, Key.Key_Z)
    z0, z1 = _x(widget)
    assert z0 < start and z1 > end  # the whole project ...
    assert z1 - z0 < 1.5 * (end - start)  # ... and not much else
    qtbot.keyClick(widget, Key.Key_Minus)
    m0, m1 = _x(widget)
    assert m1 - m0 == pytest.approx((z1 - z0) / 0.8)


def _drag(widget, dx: int, dy: int, modifier=QtCore.Qt.KeyboardModifier.NoModifier) -> None:
    """Press the left button in the plot's middle, move by (dx, dy) in five steps, release;
    every event carries ``modifier`` (as a held Shift does).

    The moves are spaced as a hand spaces them: pyqtgraph's scene ignores a move that comes
    sooner than 1/``mouseRateLimit`` s after the last one it took. Sent back to back, a second
    drag's moves all fell inside that interval after the first drag's, so no drag began and the
    release was taken for a click: the rows "stayed" on a busy machine only."""
    spacing = int(1000 / pg.getConfigOption("mouseRateLimit")) + 5
    start = widget.mapFromScene(widget.view_box.sceneBoundingRect().center())
    left = QtCore.Qt.MouseButton.LeftButton
    steps = [(QtCore.QEvent.Type.MouseButtonPress, start, left)]
    for k in range(1, 6):
        point = start + QtCore.QPoint(dx * k // 5, dy * k // 5)
        steps.append((QtCore.QEvent.Type.MouseMove, point, left))
    steps.append((QtCore.QEvent.Type.MouseButtonRelease, point, QtCore.Qt.MouseButton.NoButton))
    for kind, point, held in steps:
        if kind == QtCore.QEvent.Type.MouseMove:
            QtTest.QTest.qWait(spacing)
        event = QtGui.QMouseEvent(
            kind,
            QtCore.QPointF(point),
            QtCore.QPointF(widget.viewport().mapToGlobal(point)),
            left,
            held,
            modifier,
        )
        QtWidgets.QApplication.sendEvent(widget.viewport(), event)


def test_a_shift_drag_pans_rows_only(widget, qtbot) -> None:
    # The sample's 16 rows at their height overflow the plot: room to move the rows.
    show(widget, load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]))
    qtbot.wait(50)
    x0, _ = _x(widget)
    y0, _ = _y(widget)
    _drag(widget, -100, -40, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert _x(widget)[0] == pytest.approx(x0)  # time stayed
    assert _y(widget)[0] > y0  # dragged up: later rows


def test_a_drag_then_a_shift_drag_each_move_their_own_axis(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setYRange(-0.9, 1.5, padding=0)  # room to move the rows
    x0, _ = _x(widget)
    y0, _ = _y(widget)
    _drag(widget, -100, 40)  # a plain drag: time only
    a0, _ = _x(widget)
    assert a0 > x0  # dragged to the left: later times come into view
    assert _y(widget)[0] == pytest.approx(y0)  # rows stayed
    _drag(widget, -100, -40, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert _x(widget)[0] == pytest.approx(a0)  # time stayed
    assert _y(widget)[0] > y0  # dragged up: later rows


def test_the_name_column_widens_and_tells_the_whole_name_on_hover(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.set_name_pixels(120)
    assert widget.names_axis.maximumWidth() == 120
    # Dragged 80 px to the right across the names: 80 px wider.
    start = widget.mapFromScene(widget.names_axis.sceneBoundingRect().center())
    left = QtCore.Qt.MouseButton.LeftButton
    for kind, point, held in (
        (QtCore.QEvent.Type.MouseButtonPress, start, left),
        (QtCore.QEvent.Type.MouseMove, start + QtCore.QPoint(40, 0), left),
        (QtCore.QEvent.Type.MouseMove, start + QtCore.QPoint(80, 0), left),
        (QtCore.QEvent.Type.MouseButtonRelease, start + QtCore.QPoint(80, 0), left),
    ):
        event = QtGui.QMouseEvent(
            kind,
            QtCore.QPointF(point),
            QtCore.QPointF(point),
            left,
            held,
            QtCore.Qt.KeyboardModifier.NoModifier,
        )
        QtWidgets.QApplication.sendEvent(widget.viewport(), event)
    assert widget.names_axis.maximumWidth() == pytest.approx(200, abs=2)
    # Over a name, the tooltip is that whole name (however it is elided).
    row = widget.layers.row_of("open")
    x = widget.names_axis.sceneBoundingRect().center().x()
    y = widget.view_box.mapViewToScene(QtCore.QPointF(0, row)).y()
    widget._on_hovered(QtCore.QPointF(x, y))
    assert "Open dam" in widget.toolTip()


def test_a_double_click_zooms_to_the_project(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    row = widget.layers.row_of("early")  # 2001-01-01 .. 2006-12-31
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), row))
    qtbot.mouseDClick(
        widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=widget.mapFromScene(scene)
    )
    x0, x1 = _x(widget)
    assert x0 < seconds("2001-01-01") and x1 > seconds("2006-12-31")
    assert x1 - x0 < 1.5 * (seconds("2006-12-31") - seconds("2001-01-01"))
