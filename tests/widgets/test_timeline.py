"""The timeline widget: pixels where the layers must be, rows, selection, keys, zoom, hover."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6 import QtCore, QtGui

from data.layout import build_layers, to_seconds
from data.ledger import load_files
from data.metrics import snapshot
from data.query import row_order
from data.texts import RowTexts
from tests.conftest import SAMPLES
from widgets import palette
from widgets.timeline import MIN_X_RANGE, PROMISE_Y, TimelineWidget

AS_OF = "2026-11-26"


def seconds(day: str) -> float:
    return float(to_seconds(np.array([np.datetime64(day, "s")]))[0])


@pytest.fixture
def tiny(tmp_path: Path):
    """Three projects: late and finished, early, and unfinished with a fuzzy re-promise."""
    (tmp_path / "p.csv").write_text(
        "id,name,country,start,deadline,actual finish\n"
        "late,<b>Late</b> bridge,B-land,2000-01-01,2005-12-31,2010-06-30\n"
        "early,Early tunnel,A-land,2001-01-01,2006-12-31,2004-06-30\n"
        "open,Open dam,B-land,2002-01-01,2007-12-31,\n",
        encoding="utf-8",
    )
    (tmp_path / "e.csv").write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest,speaker,"
        "quote\n"
        "late,2006-01-15,revised_promise,2008-12-31,2008-12-31,Mayor,Now 2008\n"
        "open,2009-03-01,revised_promise,2012-01,2012-06,Minister,First half of 2012\n"
        "open,2013-05-01,delay_reported,,,Auditor,<i>Late again</i>\n",
        encoding="utf-8",
    )
    return load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])


@pytest.fixture
def widget(qtbot) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 420)
    w.show()
    qtbot.waitExposed(w)
    return w


def show(widget: TimelineWidget, ledger, **kwargs) -> None:
    snap = snapshot(ledger, AS_OF)
    order = row_order(
        snap.metrics,
        sort=kwargs.pop("sort", None),
        text=kwargs.pop("text", ""),
        columns=ledger.attributes,
    )
    layers = build_layers(snap, order, **kwargs)
    widget.set_layers(layers, tooltips=RowTexts(snap, layers).tooltip)


def pixel(widget: TimelineWidget, image: QtGui.QImage, x: float, y: float) -> QtGui.QColor:
    """The colour the widget painted at data point (x seconds, y rows)."""
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(x, y))
    point = widget.mapFromScene(scene)
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


def close(a: QtGui.QColor, b: QtGui.QColor | QtGui.QBrush, tol: int = 30) -> bool:
    b = b.color() if isinstance(b, QtGui.QBrush) else b
    return all(abs(p - q) <= tol for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_pixels_show_promise_actual_overrun_and_repromise(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setXRange(seconds("1999-01-01"), seconds("2014-01-01"), padding=0)
    widget.view_box.setYRange(-0.6, 2.6, padding=0)
    qtbot.wait(50)
    image = widget.grab().toImage()
    c = palette.LIGHT
    # Row 0 ("late"): promised 2000→2005 in the top half, actual in the bottom half, the
    # overrun 2006→2010 in vermillion, and the re-promise diamond at 2008-12-31.
    assert close(pixel(widget, image, seconds("2003-01-01"), -0.19), c.promised)
    assert close(pixel(widget, image, seconds("2003-01-01"), 0.19), c.actual)
    assert close(pixel(widget, image, seconds("2008-01-01"), 0.19), c.overrun)
    assert close(pixel(widget, image, seconds("2008-12-31"), PROMISE_Y), c.marker)
    # Row 1 ("early"): finished 2004-06, promised 2006-12: the gap is bluish green.
    assert close(pixel(widget, image, seconds("2005-06-01"), 1.19), c.early)
    # Row 2 ("open"): unfinished and late: the overrun after 2007 is the open (light) one.
    open_colour = pixel(widget, image, seconds("2010-01-01"), 2.12)
    assert open_colour.red() > 200 and open_colour.blue() < 200
    # Nothing is painted above the first row.
    assert close(pixel(widget, image, seconds("2003-01-01"), -0.55), c.background, 5)


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
    # A click on a lane header clears the selection.
    header = widget.mapFromScene(
        widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), 2.0))
    )
    with qtbot.waitSignal(widget.project_selected) as blocker:
        qtbot.mouseClick(widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=header)
    assert blocker.args == [""]


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


def test_wheel_zooms_time_around_the_cursor(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setXRange(seconds("2000-01-01"), seconds("2010-01-01"), padding=0)
    (x0, x1), (y0, y1) = widget.view_box.viewRange()
    target = seconds("2002-01-01")
    pos = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(target, 0.0)))
    event = QtGui.QWheelEvent(
        QtCore.QPointF(pos),
        QtCore.QPointF(widget.mapToGlobal(pos)),
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, 240),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtGui.QGuiApplication.sendEvent(widget.viewport(), event)
    (n0, n1), (m0, m1) = widget.view_box.viewRange()
    assert n1 - n0 < x1 - x0  # zoomed in on time ...
    assert (m0, m1) == pytest.approx((y0, y1))  # ... not on rows
    # ... around the cursor: the date under it stays put.
    assert (target - n0) / (n1 - n0) == pytest.approx((target - x0) / (x1 - x0), abs=0.01)


def test_hover_text_is_plain_and_names_the_statement(widget, tiny) -> None:
    show(widget, tiny)
    row = widget.layers.row_of("open")
    text = widget.tooltip_text(row, seconds("2013-05-01"), pixel_size=86400.0)
    assert "Open dam" in text and "Auditor" in text and "<i>Late again</i>" in text
    late_row = widget.layers.row_of("late")
    assert widget.tooltip_text(late_row).startswith("<b>Late</b> bridge")
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), late_row))
    widget._on_hovered(scene)
    assert "&lt;b&gt;Late&lt;/b&gt;" in widget.toolTip()  # escaped: shown, never rendered


def test_hover_asks_the_tooltip_function_about_the_markers_under_the_cursor(
    widget, tiny, qtbot
) -> None:
    """The widget finds the row and the markers near the cursor; the text is the function's."""
    snap = snapshot(tiny, AS_OF)
    layers = build_layers(snap)
    calls = []

    def tooltips(row: int, statements: np.ndarray, promises: np.ndarray) -> str:
        calls.append((row, list(statements), list(promises)))
        return f"row {row} <says>"

    widget.set_layers(layers, tooltips=tooltips)
    widget.view_box.setXRange(seconds("1999-01-01"), seconds("2014-01-01"), padding=0)
    widget.view_box.setYRange(-0.6, 2.6, padding=0)
    qtbot.wait(10)

    def hover(day: str, y: float) -> None:
        scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds(day), y))
        qtbot.wait(50)  # pyqtgraph drops mouse moves that follow each other too closely
        qtbot.mouseMove(widget.viewport(), widget.mapFromScene(scene))
        qtbot.waitUntil(lambda: len(calls) > 0)

    statements, promises = snap.statements, snap.promises
    open_row = layers.row_of("open")
    assert open_row == 2
    # On the delay report of "open" (said 2013-05-01): that statement, no promise.
    delay = np.flatnonzero((statements["kind"] == "delay_reported").to_numpy())
    hover("2013-05-01", open_row + 0.4)
    assert calls[-1] == (open_row, list(delay), [])
    assert widget.toolTip() == "<p style='white-space:pre-wrap'>row 2 &lt;says&gt;</p>"
    # On its re-promise marker (the latest bound of 2012-01 – 2012-06): that promise.
    calls.clear()
    promise = np.flatnonzero((promises["project_id"] == "open").to_numpy())
    hover("2012-06-30", open_row + PROMISE_Y)
    assert calls[-1] == (open_row, [], list(promise))
    # Far from every marker of "late": the row alone.
    calls.clear()
    hover("2002-01-01", layers.row_of("late"))
    assert calls[-1] == (layers.row_of("late"), [], [])
    # Without a function there is no tooltip, and nothing is asked.
    widget.set_layers(layers, keep_view=True)
    calls.clear()
    assert widget.tooltip_text(open_row, seconds("2013-05-01"), 86400.0) == ""
    assert calls == []


def test_dense_overview_shows_every_row(qtbot) -> None:
    n = 3000
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")
    promised = start + pd.to_timedelta(rng.integers(200, 2000, n), unit="D")
    actual = promised + pd.to_timedelta(rng.integers(-100, 1500, n), unit="D")
    frame = pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(n)],
            "name": [f"P {i}" for i in range(n)],
            "start": start.strftime("%Y-%m-%d"),
            "deadline": promised.strftime("%Y-%m-%d"),
            "actual finish": actual.strftime("%Y-%m-%d"),
        }
    )
    path = Path(qtbot._request.getfixturevalue("tmp_path")) / "many.csv"
    frame.to_csv(path, index=False)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    show(widget, load_files([str(path)]))
    widget.show_all_rows()  # 3000 rows in ~600 px: about 5 rows per pixel row
    qtbot.wait(50)
    image = widget.grab().toImage()
    top = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(0, 0))).y()
    bottom = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(0, n - 1))).y()
    left = widget.mapFromScene(widget.view_box.sceneBoundingRect().topLeft()).x() + 2
    right = left + widget.view_box.width() - 4
    background = palette.LIGHT.background
    ratio = image.devicePixelRatio()
    empty_rows = 0
    for y in range(int(top) + 1, int(bottom) - 1):
        row_colours = {
            image.pixelColor(int(x * ratio), int(y * ratio)).rgb()
            for x in range(int(left), int(right), 3)
        }
        if row_colours == {background.rgb()}:
            empty_rows += 1
    assert empty_rows == 0  # every pixel row of the plot carries bars: no row was dropped


def test_paint_never_raises(widget, tiny, qtbot, caplog) -> None:
    show(widget, tiny)
    widget.item._layers.promised = None  # corrupt it behind the item's back
    widget.item.update()
    qtbot.wait(50)
    widget.grab()
    assert any("timeline paint failed" in r.message for r in caplog.records)


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
    widget.set_layers(build_layers(snap, np.arange(len(snap.metrics))))
    assert not widget.empty_text.isVisible()
    widget.set_layers(build_layers(snap, np.zeros(0, dtype=np.int64)))
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


def test_promise_markers_point_at_their_own_statements_when_filtered() -> None:
    """With projects filtered out, each promise marker still refers to its statement in the
    snapshot (the tooltip reads it there), not to another project's."""
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap = snapshot(ledger, "2026-11-26")
    last = len(snap.metrics) - 1
    layers = build_layers(snap, np.array([last]))
    ids = snap.promises["project_id"].to_numpy()[layers.promises.ref]
    assert len(ids) and set(ids) == {snap.metrics["project_id"].iloc[last]}
