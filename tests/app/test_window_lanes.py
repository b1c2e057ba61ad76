"""Lanes in the window: the group-by menu's offer, folding one lane and every lane (rows hidden,
headers and counts kept, a hidden project's selection cleared), folds kept across sort and
filter and forgotten with the grouping; the command line still groups by any column."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from app.main_window import MainWindow
from tests.app.conftest import load, menu_action
from tests.app.test_cli import read_csv, run

N = 60  # projects: 40 in North, 20 in South


def _write(folder: Path) -> str:
    """``region``: two values; ``code``: 51 values; ``notes``: free text, each its own."""
    lines = ["id,name,region,code,notes,start,deadline,actual finish"]
    for i in range(N):
        region = "North" if i < 40 else "South"
        lines.append(
            f"p{i:02d},Project {i:02d},{region},c{i % 51},said on day {i},"
            f"2000-01-01,2005-12-31,2007-06-30"
        )
    path = folder / "projects.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def grouped(window: MainWindow, qtbot, tmp_path: Path) -> MainWindow:
    load(window, qtbot, [_write(tmp_path)])
    combo = window.group_combo
    offered = [combo.itemData(i) for i in range(combo.count())]
    # Not the 51-value code, nor the free text; the status always.
    assert offered == ["", "status", "region"]
    combo.setCurrentIndex(combo.findData("region"))
    assert window.controller.rows.lanes is not None
    return window


def _headers(window: MainWindow) -> list[str]:
    layers = window.timeline.layers
    return [layers.names[r] for r in np.flatnonzero(layers.is_header)]


def test_a_lane_folds_and_unfolds(grouped: MainWindow) -> None:
    window, timeline = grouped, grouped.timeline
    assert timeline.layers.n_rows == N + 2
    timeline.select_row(timeline.layers.row_of("p03"))  # a North project
    assert timeline.selected_project() == "p03"
    timeline.lane_toggled.emit("North")  # (as a click on its header does)
    layers = timeline.layers
    # Header North (its projects hidden), header South, South's 20 projects.
    assert layers.n_rows == 2 + 20
    assert _headers(window) == ["North  (40)", "South  (20)"]
    assert layers.row_of("p03") == -1 and layers.row_of("p45") >= 0
    assert timeline.selected_project() == ""  # the hidden project's selection is cleared
    assert window.summary_label.text().startswith(f"{N} projects shown")  # still counted
    timeline.lane_toggled.emit("North")
    assert timeline.layers.n_rows == N + 2


def test_every_lane_folds_and_folds_outlive_sort_and_filter(grouped: MainWindow, qtbot) -> None:
    window, timeline = grouped, grouped.timeline
    menu_action(window, "View", "Fold all lanes ([ in the timeline)").trigger()
    assert timeline.layers.n_rows == 2 and _headers(window) == ["North  (40)", "South  (20)"]
    menu_action(window, "View", "Unfold all lanes (] in the timeline)").trigger()
    assert timeline.layers.n_rows == N + 2
    timeline.lane_toggled.emit("South")
    window.sort_combo.setCurrentIndex(window.sort_combo.findData("name"))
    assert window.controller.query.sort == "name"
    assert timeline.layers.n_rows == 40 + 2  # South still folded
    window.filter_edit.setText("Project 0")  # p00–p09, all in North: no South lane shown
    qtbot.waitUntil(lambda: window.controller.query.filter_text == "Project 0")
    assert _headers(window) == ["North  (10)"] and timeline.layers.n_rows == 11
    window.filter_edit.setText("")
    qtbot.waitUntil(lambda: window.controller.query.filter_text == "")
    assert timeline.layers.n_rows == 40 + 2  # South back, and still folded
    window.group_combo.setCurrentIndex(window.group_combo.findData("status"))  # regrouped
    assert window.controller.folded == frozenset()
    window.group_combo.setCurrentIndex(window.group_combo.findData("region"))
    assert timeline.layers.n_rows == N + 2  # South is unfolded: the grouping changed


def test_the_command_line_groups_by_any_column(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run("export", _write(tmp_path), "-o", str(out), "--group-by", "code")
    assert result.returncode == 0, result.stderr
    ids = [row["project_id"] for row in read_csv(out)]
    # Lanes c0, c1, c10, c11, … (alphabetical): c0 holds p00 and p51, c1 p01 and p52, c10 p10.
    assert ids[:5] == ["p00", "p51", "p01", "p52", "p10"]


def test_a_fold_in_the_background_keeps_the_rows_until_done(grouped: MainWindow, qtbot) -> None:
    controller, timeline = grouped.controller, grouped.timeline
    controller.background_from = 0  # (a small ledger, folded as a large one is)
    with qtbot.waitSignal(controller.query_changed, timeout=10000):
        timeline.lane_toggled.emit("North")
        assert timeline.layers.n_rows == N + 2  # the old view until the new one is in
    assert controller.rows.folded == frozenset({"North"}) and timeline.layers.n_rows == 22
    # A fold asked while a query is under way folds the query's rows (the newest request).
    with qtbot.waitSignal(controller.query_changed, timeout=10000):
        controller.set_query(replace(controller.query, filter_text="Project 0"))  # North's 10
        timeline.lane_toggled.emit("South")
    qtbot.waitUntil(lambda: not controller._asked)
    assert controller.folded == frozenset({"North", "South"})
    assert _headers(grouped) == ["North  (10)"] and timeline.layers.n_rows == 1


def test_a_project_chosen_in_the_table_unfolds_its_lane(grouped: MainWindow, qtbot) -> None:
    window, timeline = grouped, grouped.timeline
    window.panels.table_dock.show()
    timeline.lane_toggled.emit("North")  # folded: p03's row is gone from the chart
    assert timeline.layers.row_of("p03") < 0
    table = window.panels.table
    row = table.model.row_of("p03")  # the table lists every project, folded or not
    assert row >= 0
    table.view.setCurrentIndex(table.model.index(row, 0))  # as a click does
    assert window.controller.folded == frozenset()  # North unfolded ...
    assert timeline.layers.n_rows == N + 2
    assert timeline.selected_project() == "p03"  # ... and p03 selected on the chart
    # A project of a lane that is not folded leaves the other folds alone.
    timeline.lane_toggled.emit("South")
    row = table.model.row_of("p05")
    table.view.setCurrentIndex(table.model.index(row, 0))
    assert window.controller.folded == frozenset({"South"})
    assert timeline.selected_project() == "p05"
