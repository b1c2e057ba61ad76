"""Hovering: the widget finds the row and the markers under the cursor, asks the tooltip
function the application gave it, and shows the answer as plain text."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from data.layout import build_layers, to_seconds
from data.load import load_files
from data.metrics import snapshot
from tests.widgets.timeline.conftest import AS_OF, seconds, show
from widgets.timeline import PROMISE_Y


def test_hover_text_is_plain_and_names_the_statement(widget, tiny) -> None:
    show(widget, tiny)
    row = widget.layers.row_of("open")
    text = widget.tooltip_text(row, seconds("2013-05-01"), pixel_size=86400.0)
    assert "Open dam" in text and "Auditor" in text and "<i>Late again</i>" in text
    late_row = widget.layers.row_of("late")
    assert widget.tooltip_text(late_row).startswith("<b>Late</b> bridge")
    assert widget.toolTip() == ""

    def hover(row: float) -> str:
        scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), row))
        widget._on_hovered(scene)
        return widget.toolTip()

    # On the row of "<b>Late</b> bridge", inside its promised span: its tooltip, escaped (shown
    # as the characters it has, never rendered as bold).
    tip = hover(late_row)
    assert tip.startswith("<p style='white-space:pre-wrap'>&lt;b&gt;Late&lt;/b&gt; bridge\n")
    assert "<b>" not in tip and "start 1 Jan 2000 · promised 31 Dec 2005" in tip
    # Below the last row (which ends at 2.5: a point on that edge may map back a hair above it):
    # no project, no tooltip.
    assert hover(late_row + 2.6) == ""
    assert hover(late_row + 1).startswith("<p style='white-space:pre-wrap'>Early tunnel\n")


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


def test_a_hover_takes_its_row_s_markers_alone(widget, tmp_path) -> None:
    """At 1,500 projects the statements' layers are not drawn for the overview; a hover there
    finds the marker under the cursor from its row's markers alone (the layers still undrawn),
    as does a view of readable rows' paint; the markers found are those of the whole drawing."""
    from tests.data.test_incremental import _generated

    ledger = load_files([_generated(tmp_path / "events.csv", 1_500)])
    snap = snapshot(ledger, AS_OF)
    layers = build_layers(snap)
    widget.set_layers(layers)
    widget.show_all_rows()
    said = layers.said()
    assert not said.is_drawn  # (a large ledger's overview: not made for it)
    row = layers.row_of(str(snap.metrics["project_id"].iloc[7]))
    first = int(np.flatnonzero(snap.statement_project == 7)[0])  # its first known statement
    day = float(to_seconds(snap.events["date_mid"].to_numpy()[[snap.statement_at[first]]])[0])
    statements, _ = widget.markers_near(row, day, 3600.0)
    assert first in statements.tolist() and not said.is_drawn
    widget.view_box.setYRange(row - 0.5, row + 19.5, padding=0)  # 20 rows in about 400 px
    widget.grab()  # (painted: those rows' markers alone)
    assert not said.is_drawn
    whole = build_layers(snap, plain=True).statements  # (every row's, drawn)
    on_row = whole.ref[whole.row == row]
    found, _ = widget.markers_near(row, day, 3600.0)
    assert set(found.tolist()) <= set(on_row.tolist()) and first in found.tolist()
    # An export's page (painted without a view: app/export_pages) takes every row's, once.
    image = QtGui.QImage(widget.size(), QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(image)
    painter.setTransform(widget.item.deviceTransform(widget.viewportTransform()))
    widget.item.paint_rows(painter, (row, row + 20))
    painter.end()
    assert said.is_drawn


def test_a_statement_chosen_in_the_pane_is_ringed_from_its_row_s_markers(widget, tmp_path) -> None:
    """The ring on a statement of the selected project is found among that row's markers, the
    statements' layers still undrawn; another project's statement is found among every row's."""
    from tests.data.test_incremental import _generated

    ledger = load_files([_generated(tmp_path / "events.csv", 1_500)])
    snap = snapshot(ledger, AS_OF)
    layers = build_layers(snap)
    widget.set_layers(layers)
    said = layers.said()

    def first_statement(project: int) -> tuple[int, float]:  # its ref and its day, in seconds
        ref = int(np.flatnonzero(snap.statement_project == project)[0])
        day = snap.events["date_mid"].to_numpy()[[snap.statement_at[ref]]]
        return ref, float(to_seconds(day)[0])

    row = layers.row_of(str(snap.metrics["project_id"].iloc[7]))
    widget.select_row(row)
    ref, day = first_statement(7)
    widget.highlight_statement(ref)
    assert widget.item._highlight == (day, row) and not said.is_drawn
    other, day = first_statement(900)  # not the selected project's
    widget.highlight_statement(other)
    assert widget.item._highlight == (day, layers.row_of(str(snap.metrics["project_id"].iloc[900])))
    widget.highlight_statement(-1)
    assert widget.item._highlight is None
