"""The details pane and the projects table in the window: filled from the data as known on the
as-of date, and one selection across the chart, the table and the pane. Expected values are
read by hand from the bundled sample's events.csv."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from app.main_window import MainWindow
from tests.app.conftest import SAMPLE, load

AK = "ven_ak103_cavim"  # the sample's first project (row 0 in file order)


def seconds(day: str) -> float:
    return float(np.datetime64(day, "s").astype(np.int64))


def shown(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        window.controller.set_as_of("2007-01-01")
    window.panels.details_dock.show()
    window.panels.table_dock.show()
    qtbot.wait(50)


def pane_column(window: MainWindow, column: int, known_only: bool = True) -> list[str]:
    model = window.panels.details.model
    statements = window.panels.details._details.statements
    rows = [r for r in range(model.rowCount()) if not known_only or statements["known"].iat[r]]
    return [model.data(model.index(r, column)) for r in rows]


def test_selecting_on_the_chart_fills_the_pane_and_selects_the_table_row(
    window: MainWindow, qtbot
) -> None:
    shown(window, qtbot)
    window.timeline.select_row(window.timeline.layers.row_of(AK))
    pane = window.panels.details
    assert pane.title.text().startswith("Kalashnikov AK-103")
    # Known on 1 Jan 2007 (events.csv, by hand): "2006-05" (known from mid-May), "2006-07"
    # (mid-July), 2006-07-26 and the promise of 2006-07-31, in statement order; the revised
    # promise of 2007-08-06 and later ones are listed as not known yet.
    assert pane_column(window, 0) == ["May 2006", "Jul 2006", "26 Jul 2006", "31 Jul 2006"]
    assert pane_column(window, 1) == ["announced", "announced", "announced", "promise"]
    assert len(pane_column(window, 0, known_only=False)) > 4
    assert window.panels.table.selected_id() == AK


def test_a_table_selection_selects_the_chart_row(window: MainWindow, qtbot) -> None:
    shown(window, qtbot)
    table = window.panels.table
    row = table.model.row_of("ber_airport")
    assert row >= 0
    table.view.setCurrentIndex(table.model.index(row, 0))  # as a click does
    assert window.timeline.selected_project() == "ber_airport"
    assert window.panels.details.title.text().startswith("Berlin Brandenburg Airport")


def test_a_statement_chosen_in_the_pane_is_ringed_on_the_chart(window: MainWindow, qtbot) -> None:
    shown(window, qtbot)
    window.timeline.select_row(window.timeline.layers.row_of(AK))
    pane = window.panels.details
    promise_row = pane_column(window, 0).index("31 Jul 2006")
    pane.view.setCurrentIndex(pane.model.index(promise_row, 0))
    at = window.timeline.item._highlight
    assert at is not None
    x, row = at
    assert row == window.timeline.layers.row_of(AK)
    assert seconds("2006-07-31") <= x < seconds("2006-08-01")
    window.timeline.select_row(-1)  # a new selection clears the ring
    assert window.timeline.item._highlight is None


def test_hovering_a_tick_selects_its_statement_in_the_pane(window: MainWindow, qtbot) -> None:
    shown(window, qtbot)
    timeline = window.timeline
    row = timeline.layers.row_of(AK)
    timeline.select_row(row)
    x = seconds("2006-07-26") + 43200  # the day's middle, where its tick stands
    timeline.view_box.setXRange(seconds("2006-01-01"), seconds("2008-01-01"), padding=0)
    qtbot.wait(20)
    scene = timeline.view_box.mapViewToScene(QtCore.QPointF(x, row + 0.3))
    timeline._on_hovered(scene)
    pane = window.panels.details
    assert pane.model.data(pane.model.index(pane.selected_row(), 0)) == "26 Jul 2006"


def test_the_pane_follows_the_as_of_date(window: MainWindow, qtbot) -> None:
    shown(window, qtbot)
    window.timeline.select_row(window.timeline.layers.row_of(AK))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        window.controller.set_as_of("2007-08-06")
    # The revised promise dated 2007-08-06 is known on its own day.
    assert pane_column(window, 0)[-1] == "6 Aug 2007"
    assert pane_column(window, 1)[-1] == "revised promise"
