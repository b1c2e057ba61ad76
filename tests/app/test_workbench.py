"""The workbench: the as-of bar (slider, field, step, play) against ``export --as-of``, the
docks' layout remembered across windows, and the sort direction in the window."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore

import data.load
from app.cli import main as cli_main
from app.main_window import MainWindow
from app.mapping_store import user_settings
from tests.app.conftest import SAMPLE, load, menu_action


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D").astype("datetime64[s]")


def window_promises(window: MainWindow) -> dict[str, str]:
    """The promise in force of each project the window shows, by id ("" where none)."""
    m = window.controller.snapshot.metrics.iloc[window.controller.rows.order]
    days = m["latest_promise"].to_numpy(dtype="datetime64[s]").astype("datetime64[D]")
    return {p: ("" if np.isnat(d) else str(d)) for p, d in zip(m["project_id"], days, strict=True)}


def exported_promises(tmp_path: Path, as_of: np.datetime64) -> dict[str, str]:
    """``slipline export --as-of D -o x.csv`` of the sample: each row's ``latest_promise``."""
    out = tmp_path / "asof.csv"
    assert cli_main(["export", *SAMPLE, "-o", str(out), "--as-of", str(as_of)[:10]]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return {row["project_id"]: row["latest_promise"] for row in csv.DictReader(handle)}


def via_slider(window: MainWindow, qtbot, index: int) -> None:
    bar = window.workbench.as_of_bar
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        bar.slider.setValue(index)


def via_field(window: MainWindow, qtbot, when: np.datetime64) -> None:
    bar = window.workbench.as_of_bar
    y, m, d = (int(part) for part in str(when)[:10].split("-"))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        bar.date_edit.setDate(QtCore.QDate(y, m, d))
        bar.date_edit.editingFinished.emit()  # (as when the field loses focus or Enter)


def test_statement_dates_are_the_steps(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    steps = window.workbench.as_of_bar.steps
    # From events.csv by hand: the Kalashnikov plant's statements of 2006-07-26 and 2006-07-31
    # (days) are steps; its "2006-07" (a month) is known from mid-July, not on the 1st.
    assert day("2006-07-26") in steps and day("2006-07-31") in steps
    assert day("2006-07-01") not in steps
    assert (np.diff(steps.astype(np.int64)) > 0).all()  # sorted, distinct
    assert window.workbench.as_of_bar.slider.maximum() == len(steps) - 1


def test_slider_and_field_agree_with_export_on_every_statement_date(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    load(window, qtbot, SAMPLE)
    # The export reads the sample once (its ledger is never changed by a snapshot); the rest
    # of ``slipline export`` runs for each date.
    read = data.load.load_files
    ledgers: list = []

    def load_once(files, **kw):
        if not ledgers:
            ledgers.append(read(files, **kw))
        return ledgers[0]

    monkeypatch.setattr(data.load, "load_files", load_once)
    steps = window.workbench.as_of_bar.steps
    assert len(steps) > 100
    expected = {when: exported_promises(tmp_path, when) for when in steps}
    assert len(ledgers) == 1
    for index, when in enumerate(steps):  # the slider, forward
        via_slider(window, qtbot, index)
        assert window.controller.as_of == when
        assert window_promises(window) == expected[when], str(when)
    for when in steps[::-1][1:]:  # the field, backward (each one a change)
        via_field(window, qtbot, when)
        assert window_promises(window) == expected[when], str(when)
        assert f"as of {str(when)[:10]}" in window.windowTitle()
        assert window.summary_label.text().endswith(f"as of {str(when)[:10]}")
    via_field(window, qtbot, steps[-1])
    assert window_promises(window) == expected[steps[-1]]


@pytest.mark.parametrize(
    ("as_of", "promise"),
    [
        # ven_ak103_cavim in events.csv: first promise said 2006-07-31 ("2009").
        ("2006-07-30", ""),
        ("2006-07-31", "2009-12-31"),
        # 2010-05-25 said "2010-12"; the next one (2010-07-12, "2011") is later.
        ("2010-06-30", "2010-12-31"),
        # A statement dated "2013" (said "2014-03".."2014-11") is placed mid-year: on
        # 2013-06-01 the one dated "2011" ("2012") is still in force; by 2014 it is replaced.
        ("2013-06-01", "2012-12-31"),
        ("2014-01-01", "2014-11-30"),
    ],
)
def test_promise_in_force_by_hand(window: MainWindow, qtbot, as_of: str, promise: str) -> None:
    load(window, qtbot, SAMPLE)
    via_field(window, qtbot, day(as_of))
    assert window_promises(window).get("ven_ak103_cavim", "") == promise


def test_step_play_and_space(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    bar = window.workbench.as_of_bar
    steps = bar.steps
    via_field(window, qtbot, steps[5] + np.timedelta64(0, "D"))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        bar.forward_button.click()
    assert window.controller.as_of == steps[6]
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
        menu_action(window, "View", "As-of date", "Previous statement date").trigger()
    assert window.controller.as_of == steps[5]
    # Between two steps, back goes to the one before, forward to the one after.
    via_field(window, qtbot, steps[5] + np.timedelta64(1, "D"))
    if steps[6] > steps[5] + np.timedelta64(1, "D"):
        with qtbot.waitSignal(window.controller.snapshot_changed, timeout=5000):
            bar.forward_button.click()
        assert window.controller.as_of == steps[6]
    # Play (Space, anywhere in the window) steps statement by statement; Space again stops.
    window.timeline.setFocus()
    bar.play_timer.setInterval(10)
    qtbot.keyClick(window.timeline, QtCore.Qt.Key.Key_Space)
    assert bar.play_button.isChecked()
    qtbot.waitUntil(lambda: window.controller.as_of >= steps[9], timeout=5000)
    qtbot.keyClick(window.timeline, QtCore.Qt.Key.Key_Space)
    assert not bar.play_button.isChecked()
    stopped = window.controller.as_of
    qtbot.wait(100)
    assert window.controller.as_of == stopped and stopped in steps


def test_a_scrub_sends_only_the_newest_date(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    bar = window.workbench.as_of_bar
    sent: list[np.datetime64] = []
    bar.as_of_changed.connect(sent.append)
    for index in range(10, 40):  # a drag: thirty positions within the debounce interval
        bar.slider.setValue(index)
    qtbot.waitUntil(lambda: len(sent) > 0, timeout=5000)
    qtbot.wait(200)
    assert sent == [bar.steps[39]]
    assert window.controller.as_of == bar.steps[39]


def test_export_from_the_window_says_the_as_of_date(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    via_field(window, qtbot, day("2010-06-30"))
    menu_action(window, "File", "Export…").trigger()
    dialog = window.exports.dialog
    assert dialog.choices().as_of == "2010-06-30"
    chart = window.exports._job.chart(dialog.choices())
    assert chart.options.title.endswith(", as of 2010-06-30")
    dialog.reject()


def test_dock_layout_is_remembered(window: MainWindow, qtbot) -> None:
    dock = window.workbench.as_of_dock
    assert window.dockWidgetArea(dock) == QtCore.Qt.DockWidgetArea.TopDockWidgetArea
    toggle = menu_action(window, "View", "Panels", "As-of date")
    assert toggle.shortcut().toString() == "Ctrl+Shift+A"
    toggle.trigger()
    assert not dock.isVisible()
    toggle.trigger()
    assert dock.isVisible()
    window.addDockWidget(QtCore.Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.close()  # (saves the layout)
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    moved = again.workbench.as_of_dock
    assert again.dockWidgetArea(moved) == QtCore.Qt.DockWidgetArea.BottomDockWidgetArea
    menu_action(again, "View", "Panels", "As-of date").trigger()
    again.close()
    third = MainWindow()
    qtbot.addWidget(third)
    third.show()
    qtbot.waitExposed(third)
    assert not third.workbench.as_of_dock.isVisible()  # hidden when it closed: still hidden
    third.close()
    user_settings().clear()


def test_window_sorts_by_attribute_both_ways(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "four.csv"
    path.write_text(SORT_TABLE, encoding="utf-8")
    load(window, qtbot, [str(path)])
    combo = window.sort_combo
    combo.setCurrentIndex(combo.findData("sector"))
    assert ids(window) == ["c", "b", "a", "d"]  # air, rail, water; the blank last
    menu_action(window, "View", "Sort descending").trigger()
    assert ids(window) == ["a", "b", "c", "d"]  # water, rail, air; the blank still last
    combo.setCurrentIndex(combo.findData("slip"))  # a new key: its own direction (largest first)
    assert window.workbench.sort_descending.isChecked()
    assert ids(window) == ["a", "b", "d", "c"]
    window.workbench.sort_button.click()
    assert ids(window) == ["c", "b", "d", "a"]
    combo.setCurrentIndex(combo.findData("status"))
    assert ids(window) == ["a", "b", "c", "d"]  # every one completed: file order


def ids(window: MainWindow) -> list[str]:
    m = window.controller.snapshot.metrics
    return m["project_id"].iloc[window.controller.rows.order].tolist()


# Slips worked out by hand: a 2012-01-01 → 2013-01-01 is 366 days (2012 is a leap year); b
# 2013-01-01 → 2013-03-01 is 59; c on time, 0; d 2012-06-01 → 2012-07-30 is 29 + 30 = 59 (a
# tie with b). Names sort Airport, bridge, Canal, Dam ignoring case; d has no sector.
SORT_TABLE = (
    "project_id,name,sector,start,original_promised_end,actual_end,status\n"
    "a,Canal,water,2010-01-01,2012-01-01,2013-01-01,completed\n"
    "b,bridge,rail,2011-01-01,2013-01-01,2013-03-01,completed\n"
    "c,Airport,air,2009-01-01,2011-01-01,2011-01-01,completed\n"
    "d,Dam,,2010-06-01,2012-06-01,2012-07-30,completed\n"
)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("slip", ["a", "b", "d", "c"]),  # as before: largest first, ties in file order
        ("slip:desc", ["a", "b", "d", "c"]),
        ("slip:asc", ["c", "b", "d", "a"]),  # ties still in file order
        ("name", ["c", "b", "a", "d"]),
        ("name:desc", ["d", "a", "b", "c"]),
        ("sector:desc", ["a", "b", "c", "d"]),  # the blank sector last either way
        ("sector:ASC", ["c", "b", "a", "d"]),
    ],
)
def test_sort_direction_through_the_command_line(sort: str, expected: list[str], tmp_path) -> None:
    from tests.app.test_cli import run

    table = tmp_path / "four.csv"
    table.write_text(SORT_TABLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("export", str(table), "-o", str(out), "--sort", sort)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["project_id"] for r in rows] == expected
    if sort == "slip:asc":
        assert [r["slip_days"] for r in rows] == ["0", "59", "59", "366"]


@pytest.mark.parametrize("sort", ["slip:up", "size", "size:desc"])
def test_a_bad_sort_is_a_usage_error(sort: str, tmp_path: Path) -> None:
    from tests.app.test_cli import run

    table = tmp_path / "four.csv"
    table.write_text(SORT_TABLE, encoding="utf-8")
    result = run("export", str(table), "-o", str(tmp_path / "o.csv"), "--sort", sort)
    assert result.returncode == 2 and "sort" in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_space_still_types_in_the_filter(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "air port")
    assert window.filter_edit.text() == "air port"
    assert not window.workbench.as_of_bar.play_button.isChecked()
