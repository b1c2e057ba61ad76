"""The window's view follows the data: a filter fits time to its matches and clearing it brings
the view back; the status bar names the selected project and forgets it when it is deselected,
filtered out or unloaded; the date-range dialog shows the dates asked for."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from app.main_window import MainWindow
from data.layout import to_seconds
from tests.app.conftest import SAMPLE, load
from tests.conftest import write_tiny

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
