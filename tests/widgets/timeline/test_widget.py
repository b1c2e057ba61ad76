"""The timeline widget: rows, selection, keys, zoom, the empty message and the as-of label."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from data.query import Rows
from tests.conftest import SAMPLES
from tests.widgets.timeline.conftest import seconds, show
from widgets.timeline import MIN_X_RANGE, TimelineWidget


def test_sorting_orders_rows(widget, tiny) -> None:
    show(widget, tiny, sort="name")
    names = widget.layers.names
    assert names == sorted(names, key=str.lower)
    show(widget, tiny, sort="slip")
    slips = widget.layers.slip_labels
    assert slips[0].startswith("≥") or slips[0].startswith("+")
    assert widget.layers.project_ids[-1] == "early"  # finished early: the smallest slip


def test_filtering_keeps_matching_rows(widget, tiny) -> None:
    show(widget, tiny, text="b-LAND")  # an attribute value, any case
    assert sorted(widget.layers.project_ids) == ["late", "open"]


def test_grouping_adds_lane_headers(widget, tiny) -> None:
    show(widget, tiny, group_by="country")
    layers = widget.layers
    assert list(layers.is_header) == [True, False, True, False, False]
    assert layers.names[0] == "A-land  (1)" and layers.names[2] == "B-land  (2)"
    assert list(layers.project_ids[[1, 3, 4]]) == ["early", "late", "open"]


def test_click_and_keys_select_projects(widget, tiny, qtbot) -> None:
    show(widget, tiny, group_by="country")
    widget.view_box.setXRange(seconds("1999-01-01"), seconds("2014-01-01"), padding=0)
    point = widget.mapFromScene(
        widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), 3.0))
    )
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.mouseClick(widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["late"]
    widget.setFocus()
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_Down)
    assert blocker.args == ["open"]
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_Up)
    assert blocker.args == ["late"]
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_Up)  # skips the lane header
    assert blocker.args == ["early"]
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_End)
    assert blocker.args == ["open"]
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_Home)
    assert blocker.args == ["early"]
    # A click on a lane header asks for its lane to fold (tests/widgets/timeline/test_lanes.py);
    # the selection stays until a fold hides its project.
    header = widget.mapFromScene(
        widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), 2.0))
    )
    with qtbot.waitSignal(widget.lane_toggled) as blocker:
        qtbot.mouseClick(widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=header)
    assert blocker.args == ["B-land"] and widget.selected_project() == "early"


def test_zoom_keys_and_limits(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.setFocus()
    (x0, x1), _ = widget.view_box.viewRange()
    qtbot.keyClick(widget, QtCore.Qt.Key.Key_Plus)
    (a0, a1), _ = widget.view_box.viewRange()
    assert a1 - a0 < (x1 - x0) * 0.9
    qtbot.keyClick(widget, QtCore.Qt.Key.Key_Minus)
    for _ in range(200):  # zooming in never goes below a week
        widget.zoom_time(0.5)
    (z0, z1), _ = widget.view_box.viewRange()
    assert z1 - z0 >= MIN_X_RANGE * 0.99
    for _ in range(200):  # zooming out stops near the data, never into emptiness
        widget.zoom_time(2.0)
    (w0, w1), _ = widget.view_box.viewRange()
    lo, hi = widget.layers.x_range
    assert w0 >= lo - 2 * (hi - lo) and w1 <= hi + 2 * (hi - lo)
    qtbot.keyClick(widget, QtCore.Qt.Key.Key_F)
    (f0, f1), _ = widget.view_box.viewRange()
    assert f0 <= widget.layers.fit_range[0] and f1 >= widget.layers.fit_range[1]


def test_with_no_rows_the_plot_says_so_over_a_range_of_years(widget: TimelineWidget) -> None:
    """Nothing loaded yet, or a filter matching nothing: a message, and years on the date axis
    (not pyqtgraph's 0..1 seconds, which read "00.100 …")."""
    assert widget.empty_text.isVisible() and "Drop CSV" in widget.empty_text.textItem.toPlainText()
    (x0, x1), _ = widget.view_box.viewRange()
    assert seconds("1999-12-31") <= x0 < x1 <= seconds("2030-01-02")
    widget.set_empty_message("Loading events.csv …")
    assert widget.empty_text.textItem.toPlainText() == "Loading events.csv …"
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap = snapshot(ledger, "2026-11-26")
    widget.set_layers(build_layers(snap, Rows(np.arange(len(snap.metrics)))))
    assert not widget.empty_text.isVisible()
    widget.set_layers(build_layers(snap, Rows(np.zeros(0, dtype=np.int64))))
    assert widget.empty_text.isVisible() and len(widget.names_axis._texts) == 0


def test_the_as_of_label_stays_inside_the_plot(widget: TimelineWidget) -> None:
    """Near the plot's right edge the label reads to the left of its line (else it is cut)."""
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap = snapshot(ledger, "2026-11-26")
    widget.set_layers(build_layers(snap))
    as_of = widget.as_of_line.value()
    widget.view_box.setXRange(as_of - 10 * 365 * 86400, as_of + 86400, padding=0)
    assert widget.as_of_line.label.anchors[0] == (1, 0)
    widget.view_box.setXRange(as_of - 10 * 365 * 86400, as_of + 10 * 365 * 86400, padding=0)
    assert widget.as_of_line.label.anchors[0] == (0, 0)
    # Decided in pixels: with less room right of the line than the label is wide (here 90 %
    # of it), the label reads to the left, however far from the edge in a share of the width.
    label_w = widget.as_of_line.label.boundingRect().width()
    # A plot about three labels wide (a narrow window beside its docks): then 90 % of the
    # label is over 15 % of the width, where a rule by share ("past 85 %") would not turn it.
    widget.resize(int(widget.width() - widget.view_box.width() + 3 * label_w), widget.height())
    QtWidgets.QApplication.processEvents()
    view_w = widget.view_box.width()
    left = 0.9 * label_w / view_w  # the share of the plot right of the line
    assert left > 0.15
    span = 10 * 365 * 86400
    widget.view_box.setXRange(as_of - span * (1 - left), as_of + span * left, padding=0)
    assert widget.as_of_line.label.anchors[0] == (1, 0)


def test_the_as_of_label_sits_above_the_first_rows_bars_in_a_tall_plot(widget, qtbot) -> None:
    """Placed a few pixels below the plot's top (it was a share of the height: in a plot
    1,400 px tall that put it over the first row's promised bar, in exports and on PDF pages)."""
    from widgets.timeline.geometry import PROMISE_BAND

    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    for height in (420, 1400):
        widget.resize(1000, height)
        QtWidgets.QApplication.processEvents()
        show(widget, ledger)
        # The first row first at the rows' own height (44 px), with the room the window leaves
        # above it (0.4 of a row: its promised bar starts 0.56 of a row, 24.6 px, below).
        rows = widget.view_box.height() / 44
        widget.view_box.setYRange(-0.9, -0.9 + rows, padding=0)
        QtWidgets.QApplication.processEvents()
        label = widget.as_of_line.label
        bottom = label.mapRectToScene(label.boundingRect()).bottom()
        band_top = widget.view_box.mapViewToScene(QtCore.QPointF(0, PROMISE_BAND[0])).y()
        top = widget.view_box.sceneBoundingRect().top()
        assert top <= label.mapRectToScene(label.boundingRect()).top()  # inside the plot
        assert bottom <= band_top + 1, height  # above the first row's promised bar


def test_the_slip_axis_is_wide_enough_for_every_label_of_the_sample(widget) -> None:
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    show(widget, ledger)
    fm = QtGui.QFontMetrics(widget.slip_axis.style.get("tickFont") or QtGui.QFont())
    widths = [fm.horizontalAdvance(label) for label in widget.layers.slip_labels]
    # 24 px of margin beside the widest label, never under 120 px (nor over 360)
    assert widget.slip_axis.maximumWidth() == min(360, max(120, max(widths) + 24))
