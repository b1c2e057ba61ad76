"""The window's menus used as a user would: File → Open, Export… (as a PNG), Export metrics as
CSV, Load report, Edit → Copy chart, and View → Theme. Dialogs asking for a file name are
answered by patching QFileDialog (or by typing the name in the export dialog); everything else
goes through the real menu actions."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from PySide6 import QtGui, QtWidgets

from app.main_window import MainWindow
from tests.app.conftest import (
    BLUE,
    DARK_BACKGROUND,
    GREY,
    SAMPLE,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    colour_mask,
    load,
    menu_action,
    rgb_array,
    rows_of_pixels,
)
from tests.conftest import SAMPLES

ROW_PIXELS = 44  # a row's height in an exported chart


def answer_open(monkeypatch, paths: list[str]) -> list[tuple]:
    """The open dialog answers ``paths``; returns the list of the questions it was asked."""
    asked: list[tuple] = []

    def get_open_file_names(*args, **kwargs):
        asked.append(args)
        return list(paths), "Tables"

    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileNames", get_open_file_names)
    return asked


def answer_save(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), "")
    )


def sample_ids() -> list[str]:
    """The project ids of the bundled sample, in file order, read straight from its CSV."""
    with (SAMPLES / "projects.csv").open(encoding="utf-8", newline="") as handle:
        return [row["project_id"] for row in csv.DictReader(handle)]


def bar_runs(mask: np.ndarray, min_height: int = 8) -> int:
    """How many separate horizontal bands at least ``min_height`` pixels tall hold ``mask``
    pixels (a bar is 13 px tall at 44 px a row; the statement ticks under it are 4)."""
    ys = rows_of_pixels(mask)
    if len(ys) == 0:
        return 0
    breaks = np.flatnonzero(np.diff(ys) > 1)
    heights = np.r_[ys[breaks], ys[-1]] - np.r_[ys[0], ys[breaks + 1]] + 1
    return int((heights >= min_height).sum())


def test_file_open_loads_the_chosen_files(window: MainWindow, qtbot, monkeypatch, tmp_path) -> None:
    asked = answer_open(monkeypatch, SAMPLE)
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        menu_action(window, "File", "Open…").trigger()
    assert len(asked) == 1 and "*.csv" in asked[0][3] and "*.xlsx" in asked[0][3]
    assert window.timeline.layers.n_rows == 16
    # The title says the first file, how many more, and the as-of date (the status bar's).
    as_of = window.summary_label.text().rsplit("as of ", 1)[1]
    assert window.windowTitle() == f"projects.csv + 1 more — as of {as_of} — Slipline"
    # Open again, another file: it replaces what is shown.
    other = tmp_path / "bridge.csv"
    other.write_text("project,date,new date\nBridge,2010-01,2012\n", encoding="utf-8")
    answer_open(monkeypatch, [str(other)])
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        menu_action(window, "File", "Open…").trigger()
    assert window.timeline.layers.names == ["Bridge"]
    # Cancelling the dialog changes nothing.
    answer_open(monkeypatch, [])
    menu_action(window, "File", "Open…").trigger()
    assert window.controller.paths == [str(other)]


def test_export_png_writes_the_whole_chart(window: MainWindow, qtbot, tmp_path):
    load(window, qtbot, SAMPLE)
    menu_action(window, "File", "Export…").trigger()
    dialog = window.exports.dialog
    dialog.path_edit.setText(str(tmp_path / "chart"))  # no ending typed: the format's, ".png"
    dialog.export_button.click()
    path = tmp_path / "chart.png"
    assert path.is_file()
    image = QtGui.QImage(str(path))
    # 1600 px wide (the default); tall enough for every one of the 16 rows at 44 px with half a
    # row's room below the last (16.5 × 44 = 726 px), plus the title, the axis, the column
    # headers, the legend (three lines) and the footer line: about 200 px.
    assert image.width() == 1600 and 150 < image.height() - 16.5 * ROW_PIXELS < 260
    pixels = rgb_array(image)
    plot = pixels[: 70 + 40 + 16 * ROW_PIXELS]  # above the legend
    blue, vermillion, grey = (colour_mask(plot, c) for c in (BLUE, VERMILLION, GREY))
    # Every project has started: 16 separate bands of blue, one per row, over the whole plot.
    assert bar_runs(blue) == 16
    ys = rows_of_pixels(blue)
    assert ys[-1] - ys[0] >= 15 * ROW_PIXELS - 4
    tall = np.flatnonzero(blue.sum(axis=1) >= 12)  # the bars' pixel rows (not the markers')
    starts = tall[np.r_[True, np.diff(tall) > 1]]
    assert set(np.diff(starts)) == {ROW_PIXELS}  # each row 44 px below the one before
    # 15 of the 16 first promises were broken (only the Sagrada Família's is still open), and
    # every row has a first promise in grey.
    assert bar_runs(vermillion) >= 15 and bar_runs(grey) >= 16
    assert window.statusBar().currentMessage().startswith(f"Wrote {path} (1600×")


def test_export_csv_writes_the_metrics_of_the_rows(window, qtbot, monkeypatch, tmp_path) -> None:
    load(window, qtbot, SAMPLE)
    answer_save(monkeypatch, tmp_path / "metrics.csv")
    menu_action(window, "File", "Export metrics as CSV…").trigger()
    with (tmp_path / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["project_id"] for r in rows] == sample_ids()
    denver = next(r for r in rows if r["project_id"] == "denver_airport")
    # projects.csv: started 1989 (its first day counts), promised 1993-10-31, opened 1995-02-28;
    # events.csv: re-promised to 1993-12-19, 1994-03-09, 1994-05-15 and 1995-02-28.
    # Slip: 1993-10-31 → 1994-10-31 is 365 days, then Nov 30 + Dec 31 + Jan 31 + Feb 28 = 120.
    # Promised duration: 1989-01-01 → 1993-01-01 is 4 × 365 + 1 (1992) = 1461 days, then to
    # 10-31: 273 + 30 = 303 more, 1764 in all; 485 / 1764 = 27.49… %.
    assert {k: denver[k] for k in ("start", "promised_end", "actual_end", "latest_promise")} == {
        "start": "1989-01-01",
        "promised_end": "1993-10-31",
        "actual_end": "1995-02-28",
        "latest_promise": "1995-02-28",
    }
    assert (denver["slip_days"], denver["slip_pct"], denver["repromises"]) == ("485", "27.5", "4")
    assert (denver["kept"], denver["slip_at_least"]) == ("false", "false")
    assert denver["country"] == "USA" and denver["sector"] == "aviation infrastructure"


def test_export_csv_follows_the_filter(window, qtbot, monkeypatch, tmp_path) -> None:
    load(window, qtbot, SAMPLE)
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        window.filter_edit.setText("airport")
    answer_save(monkeypatch, tmp_path / "airports.csv")
    menu_action(window, "File", "Export metrics as CSV…").trigger()
    with (tmp_path / "airports.csv").open(encoding="utf-8", newline="") as handle:
        ids = [r["project_id"] for r in csv.DictReader(handle)]
    assert ids == ["ber_airport", "denver_airport"]


def test_export_never_overwrites_an_input(window, qtbot, monkeypatch, tmp_path) -> None:
    source = tmp_path / "bridge.csv"
    source.write_text("project,date,new date\nBridge,2010-01,2012\n", encoding="utf-8")
    before = source.read_bytes()
    load(window, qtbot, [str(source)])
    answer_save(monkeypatch, source)
    menu_action(window, "File", "Export metrics as CSV…").trigger()
    assert source.read_bytes() == before
    assert window.error_box is not None and "never writes its input" in window.error_box.text()
    window.error_box.close()


def test_copy_chart_puts_the_picture_on_the_clipboard(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.clear()
    menu_action(window, "Edit", "Copy chart").trigger()
    image = clipboard.image()
    assert not image.isNull()
    assert image.size() == window.timeline.size() * window.timeline.devicePixelRatio()
    pixels = rgb_array(image)
    assert bar_runs(colour_mask(pixels, BLUE)) >= 8  # the rows in view, drawn
    assert colour_mask(pixels, VERMILLION).any()


def timeline_pixels(window: MainWindow) -> np.ndarray:
    return rgb_array(window.timeline.grab().toImage())


def test_theme_menu_recolours_the_chart_and_is_remembered(window, qtbot, monkeypatch) -> None:
    load(window, qtbot, SAMPLE)
    light = timeline_pixels(window)
    assert tuple(light[4, 4]) == WHITE
    assert colour_mask(light, BLUE).sum() > 1000 and not colour_mask(light, SKY_BLUE).any()
    menu_action(window, "View", "Theme", "Dark").trigger()
    dark = timeline_pixels(window)
    assert tuple(dark[4, 4]) == DARK_BACKGROUND
    assert colour_mask(dark, DARK_BACKGROUND).mean() > 0.5  # the background, not one corner
    assert colour_mask(dark, SKY_BLUE).sum() > 1000 and not colour_mask(dark, BLUE).any()
    # The choice is kept for the next start.
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.timeline.colors.background.name() == "#1e1f22"
    assert [a.text() for a in again.theme_group.actions() if a.isChecked()] == ["Dark"]
    again.close()
    menu_action(window, "View", "Theme", "Light").trigger()
    assert tuple(timeline_pixels(window)[4, 4]) == WHITE
    # "Follow the system" asks the desktop.
    monkeypatch.setattr("widgets.palette.system_theme", lambda: "dark")
    menu_action(window, "View", "Theme", "Follow the system").trigger()
    assert tuple(timeline_pixels(window)[4, 4]) == DARK_BACKGROUND


def test_load_report_lists_a_planted_problem(window, qtbot, monkeypatch, tmp_path) -> None:
    planted = tmp_path / "ledger.csv"
    # Line 1 is the header; the unreadable date is on line 3, in the event_date column.
    planted.write_text(
        "project_id,event_date,promised_date\nbridge,2010,2012\ntunnel,soonish,2013\n",
        encoding="utf-8",
    )
    answer_open(monkeypatch, [str(planted)])
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        menu_action(window, "File", "Open…").trigger()
    menu_action(window, "File", "Load report…").trigger()
    dialog = window.report_dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.panel.model
    table = [[model.data(model.index(r, c)) for c in range(5)] for r in range(model.rowCount())]
    assert [str(planted), "3", "event_date", "soonish"] in [row[:4] for row in table]
    # Still open while another file loads: it shows the new file's problems.
    second = tmp_path / "second.csv"
    second.write_text("project_id,event_date,promised_date\ndam,2011,someday\n", encoding="utf-8")
    load(window, qtbot, [str(second)])
    table = [[model.data(model.index(r, c)) for c in range(5)] for r in range(model.rowCount())]
    assert [row[:4] for row in table] == [[str(second), "2", "promised_date", "someday"]]
    dialog.close()
