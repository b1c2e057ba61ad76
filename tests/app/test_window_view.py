"""The window's view follows the data: a filter fits time to its matches and clearing it brings
the view back; the status bar names the selected project and forgets it when it is deselected,
filtered out or unloaded; the date-range dialog shows the dates asked for."""

from __future__ import annotations

from dataclasses import astuple

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.main_window import MainWindow
from data.layout import to_seconds
from tests.app.conftest import SAMPLE, load
from tests.conftest import write_tiny
from widgets.timeline.navigation import ViewState

OPERA = "sydney_opera_house"


def seconds(day: str) -> float:
    return float(to_seconds(np.array([np.datetime64(day, "s")]))[0])


def _filter(window: MainWindow, qtbot, text: str) -> None:
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        window.filter_edit.setText(text)


def test_a_filter_fits_time_to_the_matches_and_clearing_it_restores_the_view(
    window: MainWindow, qtbot
) -> None:
    load(window, qtbot, SAMPLE)
    timeline = window.timeline
    timeline.pan_time(0.2)  # a view of the analyst's own
    timeline.zoom_time(0.5)
    before = timeline.view_box.viewRange()
    assert timeline.view_state().row_pixels == pytest.approx(44)
    _filter(window, qtbot, "Sydney")
    assert list(timeline.layers.project_ids) == [OPERA]
    (x0, x1), _ = timeline.view_box.viewRange()
    # The Opera House: begun 1959-03-02, promised for 1963-01-26, opened 1973-10-20.
    assert x0 <= seconds("1959-03-02") and x1 >= seconds("1973-10-20")
    assert x1 - x0 < 3 * (seconds("1973-10-20") - seconds("1959-03-02"))  # its years, not all
    _filter(window, qtbot, "")
    qtbot.wait(100)  # (the legend's new height settles)
    after = timeline.view_box.viewRange()
    assert after[0] == pytest.approx(before[0])  # the same time
    assert after[1][0] == pytest.approx(before[1][0])  # from the same row
    assert timeline.view_state().row_pixels == pytest.approx(44)  # as tall as before


def test_the_status_bar_forgets_a_deselected_filtered_out_or_unloaded_project(
    window: MainWindow, qtbot, tmp_path
) -> None:
    load(window, qtbot, SAMPLE)
    timeline, status = window.timeline, window.statusBar()
    timeline.select_row(timeline.layers.row_of(OPERA))
    assert status.currentMessage() == "Sydney Opera House"
    timeline.select_row(-1)  # deselected
    assert status.currentMessage() == ""
    timeline.select_row(timeline.layers.row_of(OPERA))
    _filter(window, qtbot, "airport")  # filtered out
    assert timeline.selected_project() == "" and status.currentMessage() == ""
    _filter(window, qtbot, "")
    timeline.select_row(timeline.layers.row_of(OPERA))
    assert status.currentMessage() == "Sydney Opera House"
    load(window, qtbot, write_tiny(tmp_path))  # another dataset: no Opera House in it
    assert timeline.selected_project() == "" and status.currentMessage() == ""


def test_the_date_range_dialog_shows_the_dates_asked_for(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)

    def answer() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        first, second = dialog.findChildren(QtWidgets.QDateEdit)
        first.setDate(QtCore.QDate(1990, 1, 1))
        second.setDate(QtCore.QDate(2000, 12, 31))
        dialog.accept()

    QtCore.QTimer.singleShot(200, answer)
    window.dates_action.trigger()
    (x0, x1), _ = window.timeline.view_box.viewRange()
    assert x0 == pytest.approx(seconds("1990-01-01"))
    assert x1 == pytest.approx(seconds("2001-01-01"))  # the last day shown whole


@pytest.mark.parametrize("background", [False, True])
def test_an_as_of_step_keeps_the_analysts_view_and_new_data_is_fitted(
    window: MainWindow, qtbot, tmp_path, background: bool
) -> None:
    if background:  # (the large ledger's way: the metrics in the background)
        window.controller.background_from = 0
    load(window, qtbot, SAMPLE)
    timeline, first_day = window.timeline, window.controller.as_of
    fitted, fitted_state = timeline.view_box.viewRange(), timeline.view_state()
    timeline.zoom_time(0.5)  # a view of the analyst's own: later years, rows further down
    timeline.pan_time(0.3)
    state = timeline.view_state()
    timeline.set_view(ViewState(state.x0, state.x1, state.top + 3, state.row_pixels))
    mine = timeline.view_state()
    assert mine.x0 > fitted[0][0] and mine.top > fitted[1][0]
    for day in ("2012-09-07", "2020-01-01", "2026-11-26"):  # a replay, step by step
        with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
            window.controller.set_as_of(day)
        assert timeline.layers.as_of == seconds(day)
        # The same dates, rows from the same place at the same height (the legend's height,
        # and with it how many rows fit, may change).
        assert astuple(timeline.view_state()) == pytest.approx(astuple(mine))
    # Before any project began (the Sagrada Familia, begun 1882) the chart is empty, years
    # 2000-2030 on its axis: the first step with rows again is fitted, as the load was.
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.controller.set_as_of("1850-01-01")
    assert timeline.layers.n_rows == 0
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.controller.set_as_of(first_day)
    # (the same dates, first row and row height: how many rows fit follows the legend's height)
    assert astuple(timeline.view_state()) == pytest.approx(astuple(fitted_state))
    timeline.zoom_time(0.5)
    load(window, qtbot, write_tiny(tmp_path))  # new data: fitted again, from the first row
    (x0, x1), (top, _) = timeline.view_box.viewRange()
    assert top < 0 and x1 - x0 < (fitted[0][1] - fitted[0][0]) / 2  # the tiny file's years
