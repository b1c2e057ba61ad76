"""File → Export… and Edit → Copy chart, used as a user would: the dialog starts from what the
window shows, writes what ``slipline export`` writes for the same options, keeps "what is on
screen" apart from "every row", remembers its options, re-draws its preview when an option
changes, says why a write failed (the old file kept); Copy chart gives an image and SVG."""

from __future__ import annotations

import csv
import os
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.cli import main as cli_main
from app.main_window import MainWindow
from tests.app.conftest import (
    DARK_BACKGROUND,
    SAMPLE,
    WHITE,
    colour_mask,
    load,
    menu_action,
    rgb_array,
    visible_rows,
)
from tests.conftest import SAMPLES
from widgets.export_dialog import ExportDialog

SVG = "{http://www.w3.org/2000/svg}"


def sample_ids() -> list[str]:
    """The sample's project ids in file order, read straight from its CSV."""
    with (SAMPLES / "projects.csv").open(encoding="utf-8", newline="") as handle:
        return [row["project_id"] for row in csv.DictReader(handle)]


def csv_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["project_id"] for row in csv.DictReader(handle)]


def open_dialog(window: MainWindow, qtbot) -> ExportDialog:
    """File → Export…, and its first preview drawn."""
    menu_action(window, "File", "Export…").trigger()
    dialog = window.exports.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.previews >= 1, timeout=5000)
    return dialog


def export(dialog: ExportDialog, path: Path) -> None:
    dialog.path_edit.setText(str(path))
    dialog.export_button.click()


def svg_texts(path: Path) -> list[str]:
    return ["".join(t.itertext()) for t in ET.parse(path).getroot().iter(f"{SVG}text")]


def test_the_dialog_starts_from_what_the_window_shows(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    window.controller.set_as_of("2010-06-30")
    window.sort_combo.setCurrentIndex(window.sort_combo.findData("slip"))
    window.group_combo.setCurrentIndex(window.group_combo.findData("country"))
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        window.filter_edit.setText("airport")
    dialog = open_dialog(window, qtbot)
    chosen = dialog.choices()
    # The slips sort largest first unless turned: descending.
    assert (chosen.as_of, chosen.sort, chosen.descending) == ("2010-06-30", "slip", True)
    assert (chosen.filter_text, chosen.group_by) == ("airport", "country")
    assert (chosen.on_screen, chosen.title, chosen.theme) == (False, "", "light")
    # The two airports (Berlin's, Denver's), as of that day; the default title as placeholder.
    assert dialog.title_edit.placeholderText() == "Promised vs actual: 2 projects, as of 2010-06-30"
    dialog.reject()


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_an_export_from_the_dialog_is_the_command_lines(
    window: MainWindow, qtbot, monkeypatch, tmp_path: Path, suffix: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the footer's export date, the same
    load(window, qtbot, SAMPLE)
    window.controller.set_as_of("2024-01-01")
    dialog = open_dialog(window, qtbot)
    dialog.title_edit.setText("Sample, the worst five")
    dialog.subtitle_edit.setText("by slip")
    dialog.sort_combo.setCurrentIndex(dialog.sort_combo.findData("slip"))
    dialog.rows_spin.setValue(5)
    dialog.range_edit.setText("1990..2030")
    dialog.width_spin.setValue(1800)
    ours = tmp_path / f"dialog{suffix}"
    export(dialog, ours)
    assert ours.is_file() and not dialog.isVisible()
    theirs = tmp_path / f"cli{suffix}"
    options = ["--title", "Sample, the worst five", "--subtitle", "by slip", "--sort", "slip"]
    options += ["--rows", "5", "--range", "1990..2030", "--width", "1800"]
    assert cli_main(["export", *SAMPLE, "-o", str(theirs), "--as-of", "2024-01-01", *options]) == 0
    if suffix == ".svg":
        assert ours.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")
        assert "top 5 of 16 by slip" in " ".join(svg_texts(ours))
    else:
        mine, cli = QtGui.QImage(str(ours)), QtGui.QImage(str(theirs))
        assert mine.width() == 1800 and np.array_equal(rgb_array(mine), rgb_array(cli))
    assert window.statusBar().currentMessage().startswith(f"Wrote {ours} (")


def test_a_chart_without_a_title(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    dialog = open_dialog(window, qtbot)
    dialog.title_edit.setText("Not this")
    dialog.no_title_check.setChecked(True)
    assert not dialog.title_edit.isEnabled()
    export(dialog, tmp_path / "plain.svg")
    texts = svg_texts(tmp_path / "plain.svg")
    assert not [t for t in texts if t.startswith(("Not this", "Promised vs actual"))]
    assert [t for t in texts if t.startswith("Source: projects.csv, events.csv")]


def test_what_is_on_screen_or_every_row(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    # Scrolled down two rows, the time from 2000 to 2010 shown (as many rows as fit in view: a
    # row is never taller than in the chart, the window's limit).
    view = window.timeline.view_box
    start, end = 946684800.0, 1262304000.0  # 2000-01-01 and 2010-01-01, in seconds
    view.setYRange(1.6, 6.4, padding=0)
    view.setXRange(start, end, padding=0)
    qtbot.wait(50)  # (the window settles its view)
    first, last = visible_rows(window)  # the rows whose middle is in view
    assert first >= 2 and last < 15  # (some rows, not all of them)
    dialog = open_dialog(window, qtbot)
    dialog.scope_screen.setChecked(True)
    on_screen = window.exports._job.chart(dialog.choices())
    assert on_screen.options.x_range == pytest.approx((start, end), abs=1.0)
    count = last - first + 1
    assert on_screen.options.title.startswith(f"Promised vs actual: {count} projects, as of")
    export(dialog, tmp_path / "shown.csv")
    assert csv_ids(tmp_path / "shown.csv") == sample_ids()[first : last + 1]
    dialog = open_dialog(window, qtbot)
    assert dialog.scope_screen.isChecked()  # (remembered)
    dialog.scope_all.setChecked(True)
    assert window.exports._job.chart(dialog.choices()).options.x_range is None
    export(dialog, tmp_path / "all.csv")
    assert csv_ids(tmp_path / "all.csv") == sample_ids()


def test_options_and_folder_are_remembered(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    dialog = open_dialog(window, qtbot)
    dialog.width_spin.setValue(2100)
    dialog.dpi_spin.setValue(192)
    dialog.legend_check.setChecked(False)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.subtitle_edit.setText("for the board")
    dialog.rows_spin.setValue(7)
    dialog.page_combo.setCurrentText("A3")
    dialog.landscape_check.setChecked(True)
    dialog.filter_edit.setText("airport")  # (follows the window: not remembered)
    export(dialog, tmp_path / "board.pdf")
    assert (tmp_path / "board.pdf").read_bytes()[:5] == b"%PDF-"
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        window.filter_edit.setText("tunnel")
    again = open_dialog(window, qtbot).choices()
    assert again.path == str(tmp_path / "board.pdf")
    assert (again.width, again.dpi, again.legend, again.theme) == (2100, 192, False, "dark")
    assert (again.subtitle, again.rows) == ("for the board", 7)
    assert (again.page, again.landscape) == ("A3", True)
    assert again.filter_text == "tunnel"
    # The folder, for the metrics' own entry too.
    assert window.settings.value("paths/export_folder") == str(tmp_path)


def test_the_preview_follows_the_options(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    dialog = open_dialog(window, qtbot)

    def corner() -> tuple[int, ...]:
        pixmap = dialog.preview_label.pixmap()
        return tuple(rgb_array(pixmap.toImage())[2, 2])

    assert corner() == WHITE
    shown = dialog.previews
    # Three changes in a row: one preview, once they pause.
    with qtbot.waitSignal(dialog.preview_shown, timeout=3000):
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        dialog.title_edit.setText("Dark")
        dialog.legend_check.setChecked(False)
    assert dialog.previews == shown + 1
    assert corner() == DARK_BACKGROUND
    # A CSV has no picture; a range that cannot be read is said, not drawn.
    with qtbot.waitSignal(dialog.preview_shown, timeout=3000):
        dialog.path_edit.setText("metrics.csv")
    assert dialog.preview_label.pixmap().isNull()
    assert dialog.note_label.text() == "The metrics table (CSV) of 16 projects, one line each."
    with qtbot.waitSignal(dialog.preview_shown, timeout=3000):
        dialog.path_edit.setText("chart.png")
        dialog.range_edit.setText("2020..2010")
    assert "the end is not after the start" in dialog.note_label.text()
    dialog.reject()


def test_a_large_ledgers_preview_data_is_computed_off_the_gui_thread(
    window: MainWindow, qtbot, monkeypatch
) -> None:
    import app.export_job

    load(window, qtbot, SAMPLE)
    window.controller.background_from = 0  # (the sample stands for a ledger of 100,000)
    on_gui_thread: list[bool] = []
    real = app.export_job.snapshot

    def recorded(*args):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(app.export_job, "snapshot", recorded)
    dialog = open_dialog(window, qtbot)  # (the window's own rows: drawn at once)
    shown = dialog.previews
    dialog.filter_edit.setText("airport")
    dialog.as_of_edit.setDate(QtCore.QDate(2010, 6, 30))
    dialog.refresh_preview()
    # Said, with the last picture kept, until the data arrives; then drawn.
    assert dialog.note_label.text() == "Preparing the preview…"
    assert dialog.previews == shown and not dialog.preview_label.pixmap().isNull()
    # The two airports (Berlin's, Denver's) as of that day.
    title = "Promised vs actual: 2 projects, as of 2010-06-30"
    qtbot.waitUntil(lambda: dialog.title_edit.placeholderText() == title, timeout=5000)
    assert dialog.previews > shown and dialog.note_label.text().startswith("PNG")
    assert on_gui_thread and not any(on_gui_thread)
    dialog.reject()


def test_a_failed_write_is_said_and_keeps_the_old_file(
    window: MainWindow, qtbot, monkeypatch, tmp_path: Path
) -> None:
    load(window, qtbot, SAMPLE)
    out = tmp_path / "chart.svg"
    out.write_bytes(b"precious")
    dialog = open_dialog(window, qtbot)

    def refused(*_args) -> None:  # what a read-only folder says at the rename
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    export(dialog, out)
    assert out.read_bytes() == b"precious"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    assert dialog.isVisible() and dialog.error_box is not None
    assert dialog.error_box.text() == f"{out}: could not be written (Permission denied)"
    dialog.error_box.close()
    dialog.reject()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_said(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "chart.png"
    out.write_bytes(b"precious")
    folder.chmod(0o555)
    try:
        dialog = open_dialog(window, qtbot)
        export(dialog, out)
        assert out.read_bytes() == b"precious"
        assert dialog.error_box is not None and str(out) in dialog.error_box.text()
        assert "cannot write" in dialog.error_box.text()
        dialog.error_box.close()
        dialog.reject()
    finally:
        folder.chmod(0o755)


def test_copy_chart_gives_an_image_and_svg(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.clear()
    action = menu_action(window, "Edit", "Copy chart")
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    action.trigger()
    data = clipboard.mimeData()
    image = clipboard.image()
    assert not image.isNull()
    assert image.size() == window.timeline.size() * window.timeline.devicePixelRatio()
    assert bytes(data.data("image/png"))[:8] == b"\x89PNG\r\n\x1a\n"
    root = ET.fromstring(bytes(data.data("image/svg+xml")))
    assert root.tag == f"{SVG}svg"
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    first = window.timeline.layers.names[0]  # the first row, in view, as text in the SVG
    assert first[:20] in texts
    assert colour_mask(rgb_array(image), WHITE).any()


_COPY_THEN_QUIT = """
from PySide6 import QtCore, QtGui, QtWidgets
from app.cli import _ensure_qt_app
app = _ensure_qt_app(headless=True)
data = QtCore.QMimeData()
image = QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32)
image.fill(0)
data.setImageData(image)
app.clipboard().setMimeData(data)
QtCore.QTimer.singleShot(0, app.quit)
app.exec()
"""


def test_an_image_on_the_clipboard_does_not_crash_the_exit() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _COPY_THEN_QUIT], env=env, cwd=root, timeout=120, check=False
    )
    assert done.returncode == 0  # (it was -11, a segmentation fault, as the process ended)
