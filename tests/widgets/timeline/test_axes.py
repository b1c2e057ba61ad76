"""The timeline's axes and view box: date labels at every zoom, the wheel zooms time."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui

from tests.widgets.timeline.conftest import seconds, show


def _wheel(widget, target: float, steps: int = 2) -> None:
    """Turn the wheel by ``steps`` notches (away from the user) over date ``target``."""
    pos = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(target, 0.0)))
    event = QtGui.QWheelEvent(
        QtCore.QPointF(pos),
        QtCore.QPointF(widget.mapToGlobal(pos)),
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, 120 * steps),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtGui.QGuiApplication.sendEvent(widget.viewport(), event)


def test_wheel_zooms_time_around_the_cursor(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setXRange(seconds("2000-01-01"), seconds("2010-01-01"), padding=0)
    (x0, x1), (y0, y1) = widget.view_box.viewRange()
    target = seconds("2002-01-01")
    _wheel(widget, target)
    (n0, n1), (m0, m1) = widget.view_box.viewRange()
    assert n1 - n0 < x1 - x0  # zoomed in on time ...
    assert (m0, m1) == pytest.approx((y0, y1))  # ... not on rows
    # ... around the cursor: the date under it stays put.
    assert (target - n0) / (n1 - n0) == pytest.approx((target - x0) / (x1 - x0), abs=0.01)


def test_back_undoes_a_turn_of_the_wheel_not_each_notch(widget, tiny, qtbot, monkeypatch) -> None:
    import widgets.timeline.axes as axes

    clock = [1000.0]
    monkeypatch.setattr(axes.time, "monotonic", lambda: clock[0])
    show(widget, tiny)
    widget.view_box.setXRange(seconds("2000-01-01"), seconds("2010-01-01"), padding=0)
    before = widget.view_box.viewRange()[0]
    target = seconds("2004-01-01")
    for _ in range(3):  # one turn: three notches 0.1 s apart
        _wheel(widget, target, steps=1)
        clock[0] += 0.1
    turned = widget.view_box.viewRange()[0]
    assert turned[1] - turned[0] < before[1] - before[0]
    clock[0] += 2.0  # a pause, then a second turn
    _wheel(widget, target, steps=1)
    widget.go_back()  # to the view before the second turn ...
    assert widget.view_box.viewRange()[0] == pytest.approx(turned)
    widget.go_back()  # ... and before the first
    assert widget.view_box.viewRange()[0] == pytest.approx(before)


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        ("1500-01-01", "2040-01-01", "1600"),  # centuries: Sagrada Família started in 1882
        ("2000-01-01", "2010-01-01", "2005"),
        ("2013-01-01", "2013-07-01", "Mar"),
        ("2013-05-01", "2013-05-20", "10"),  # days
    ],
)
def test_date_axis_labels_adapt_to_the_zoom(widget, qtbot, lo, hi, expected) -> None:
    axis = widget.date_axis
    widget.view_box.setLimits(xMin=None, xMax=None, minXRange=None, maxXRange=None)
    widget.view_box.setXRange(seconds(lo), seconds(hi), padding=0)
    qtbot.wait(10)
    labels = [
        text
        for spacing, values in axis.tickValues(seconds(lo), seconds(hi), 800)
        for text in axis.tickStrings(values, 1, spacing)
    ]
    assert expected in labels


def test_the_names_axis_writes_the_rows_in_view_beside_their_rows(widget, tiny, qtbot) -> None:
    show(widget, tiny)  # rows in file order: late, early, open
    widget.view_box.setYRange(0.6, 2.4, padding=0)  # rows 1 and 2 only
    qtbot.wait(50)
    image = QtGui.QImage(10, 10, QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(image)
    try:
        _, _, texts = widget.names_axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert [text for _, _, text in texts] == ["Early tunnel", "Open dam"]
    axis = widget.names_axis
    for (rect, _, _), row in zip(texts, (1, 2), strict=True):
        scene = widget.view_box.mapViewToScene(QtCore.QPointF(0, row))
        assert abs(axis.mapToScene(rect.center()).y() - scene.y()) < 0.5
        assert rect.right() <= axis.boundingRect().right()


_TICKS_IN_A_ZONE = """
import json, sys
from PySide6 import QtWidgets
app = QtWidgets.QApplication([])
from data.layout import to_seconds
import numpy as np
from widgets.timeline import TimelineWidget
w = TimelineWidget()
w.resize(1000, 420)
w.show()
app.processEvents()
lo, hi = (float(to_seconds(np.array([np.datetime64(d, "s")]))[0]) for d in sys.argv[1:3])
w.view_box.setLimits(xMin=None, xMax=None, minXRange=None, maxXRange=None)
w.view_box.setXRange(lo, hi, padding=0)
app.processEvents()
out = []
for axis in (w.date_axis,):
    for spacing, values in axis.tickValues(lo, hi, 800):
        out += list(zip([float(v) for v in values], axis.tickStrings(values, 1, spacing)))
print(json.dumps(out))
"""


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Sydney"])
def test_date_ticks_are_the_charts_own_days_whatever_the_machines_time_zone(zone) -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", _TICKS_IN_A_ZONE, "2013-03-01", "2013-03-20"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    ticks = dict(json.loads(result.stdout.strip().splitlines()[-1]))
    # A date's x is its midnight UTC: 2013-03-10 is 15,774 days after 1970-01-01.
    day = 86400.0
    assert ticks[15774 * day] == "10"
    # Every day tick sits on a midnight UTC, labelled with that day of March (2013-03-01 is
    # day 15,765).
    days = {value: text for value, text in ticks.items() if text.isdigit() and len(text) == 2}
    assert len(days) >= 10
    for value, text in days.items():
        assert value % day == 0
        assert int(text) == value // day - 15765 + 1


@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        ("1500-01-01", "2040-01-01"),
        ("2000-01-01", "2010-01-01"),
        ("2013-01-01", "2013-07-01"),
        ("2013-05-01", "2013-05-20"),
        ("2013-05-01", "2013-05-08"),  # a week: the deepest zoom
    ],
)
def test_the_date_ticks_are_pyqtgraphs_utc_ticks(qtbot, lo, hi) -> None:
    # The axis skips pyqtgraph's move of each tick by a UTC offset of nought: the same ticks.
    import pyqtgraph as pg

    from widgets.timeline.axes import date_axis

    ours, reference = date_axis("bottom"), pg.DateAxisItem(orientation="bottom", utcOffset=0)
    for axis in (ours, reference):  # (what their labels' widths are measured with)
        axis.fontMetrics = QtGui.QFontMetrics(QtGui.QFont())
    for size in (300, 800, 1300):
        got = ours.tickValues(seconds(lo), seconds(hi), size)
        assert got == reference.tickValues(seconds(lo), seconds(hi), size)
        assert any(values for _, values in got)
