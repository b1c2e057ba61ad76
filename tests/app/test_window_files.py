"""The window's files as a user meets them: a dropped folder, Ctrl-drop and File → Add… adding
to the data, the title after a failed file, Open Recent, and the Help menu."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.main_window import MainWindow
from app.mapping_store import user_settings
from tests.app.conftest import SAMPLE, load, menu_action
from tests.conftest import SAMPLES

BRIDGE = "project,date,new date\nBridge,2010-01,2012\nBridge,2011-06,2013-06\n"
SAMPLE_PROJECTS = 16  # the bundled sample's projects.csv has 16 rows


def drop(window: MainWindow, paths: list[str], ctrl: bool = False) -> None:
    """Send the window a real drop of ``paths`` as file URLs, Ctrl held when ``ctrl``."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(p) for p in paths])
    mods = QtCore.Qt.KeyboardModifier
    modifier = mods.ControlModifier if ctrl else mods.NoModifier
    pos = QtCore.QPointF(window.width() / 2, window.height() / 2)
    action, button = QtCore.Qt.DropAction.CopyAction, QtCore.Qt.MouseButton.LeftButton
    enter = QtGui.QDragEnterEvent(pos.toPoint(), action, mime, button, modifier)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QtWidgets.QApplication.sendEvent(window, QtGui.QDropEvent(pos, action, mime, button, modifier))


def bridge(tmp_path: Path) -> str:
    path = tmp_path / "bridge.csv"
    path.write_text(BRIDGE, encoding="utf-8")
    return str(path)


def test_a_plain_drop_replaces_and_a_ctrl_drop_adds(window: MainWindow, qtbot, tmp_path) -> None:
    load(window, qtbot, SAMPLE)
    extra = bridge(tmp_path)
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        drop(window, [extra], ctrl=True)
    assert window.controller.paths == [*SAMPLE, extra]
    assert window.timeline.layers.n_rows == SAMPLE_PROJECTS + 1
    assert window.windowTitle().startswith("projects.csv + 2 more — as of ")
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        drop(window, [extra])
    assert window.controller.paths == [extra]
    assert window.timeline.layers.n_rows == 1
    assert window.windowTitle().startswith("bridge.csv — as of ")


def test_a_ctrl_drop_while_a_load_runs_adds_to_that_load(
    window: MainWindow, qtbot, tmp_path
) -> None:
    # The sample shown; a plain drop of the bridge (replace) and, before it is in, a Ctrl-drop
    # of the tunnel: the analyst asked for bridge + tunnel, not for the sample + tunnel.
    load(window, qtbot, SAMPLE)
    extra = bridge(tmp_path)
    tunnel = tmp_path / "tunnel.csv"
    tunnel.write_text("project,date,new date\nTunnel,2015-01,2019\n", encoding="utf-8")
    drop(window, [extra])
    assert window.controller.is_loading()  # (the bridge's load is under way)
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        drop(window, [str(tunnel)], ctrl=True)
    qtbot.waitUntil(lambda: not window.controller.is_loading(), timeout=20000)
    assert window.controller.paths == [extra, str(tunnel)]
    assert window.timeline.layers.n_rows == 2


def test_a_dropped_folder_opens_its_tables_and_reports_what_it_skipped(
    window: MainWindow, qtbot, tmp_path
) -> None:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLES, folder)  # projects.csv, events.csv and README.md
    (folder / "old").mkdir()
    shutil.copy(folder / "projects.csv", folder / "old" / "projects.csv")
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        drop(window, [str(folder)])
    assert window.controller.paths == [str(folder / "events.csv"), str(folder / "projects.csv")]
    assert window.timeline.layers.n_rows == SAMPLE_PROJECTS
    assert window.windowTitle().startswith("sample/ — as of ")
    report = window.controller.last_report
    skipped = {p.file: p.message for p in report.problems if p.message.startswith("skipped")}
    assert set(skipped) == {str(folder / "README.md"), str(folder / "old")}
    menu_action(window, "File", "Load report…").trigger()
    model = window.report_dialog.panel.model
    files = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert str(folder / "README.md") in files and str(folder / "old") in files
    window.report_dialog.close()


def test_file_add_adds_the_chosen_files(window: MainWindow, qtbot, monkeypatch, tmp_path) -> None:
    load(window, qtbot, SAMPLE)
    extra = bridge(tmp_path)
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getOpenFileNames", lambda *a, **k: ([extra], "Tables")
    )
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        menu_action(window, "File", "Add files…").trigger()
    assert window.controller.paths == [*SAMPLE, extra]
    assert window.timeline.layers.n_rows == SAMPLE_PROJECTS + 1


def test_the_title_leaves_out_a_file_that_failed(window: MainWindow, qtbot, tmp_path) -> None:
    bad = tmp_path / "picture.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot a table")
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.open_files([*SAMPLE, str(bad)])
    assert "picture.csv" in window.error_box.text()
    window.error_box.close()
    assert window.windowTitle().startswith("projects.csv + 1 more — as of ")
    assert "picture" not in window.windowTitle()
    # Ctrl-drop of a file that fails keeps the data shown, and its title.
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=20000):
        drop(window, [str(bad)], ctrl=True)
    window.error_box.close()
    assert window.timeline.layers.n_rows == SAMPLE_PROJECTS
    assert window.windowTitle().startswith("projects.csv + 1 more — as of ")


def recent_entries(window: MainWindow) -> list[QtGui.QAction]:
    menu = window.files.recent_menu
    menu.aboutToShow.emit()  # (as when the user opens it)
    return [a for a in menu.actions() if a.data()]


def test_recent_files_are_remembered_and_reopen(window: MainWindow, qtbot, tmp_path) -> None:
    gone = tmp_path / "gone.csv"
    gone.write_text(BRIDGE, encoding="utf-8")
    load(window, qtbot, [str(gone)])
    load(window, qtbot, SAMPLE)
    gone.unlink()
    # A new window (the next start) lists them, newest first; the missing one greyed.
    again = MainWindow()
    qtbot.addWidget(again)
    entries = recent_entries(again)
    assert [a.data() for a in entries] == [*SAMPLE, str(gone)]
    assert [a.isEnabled() for a in entries] == [True, True, False]
    assert "missing" in entries[2].text()
    with qtbot.waitSignal(again.controller.dataset_loaded, timeout=20000):
        entries[0].trigger()
    assert again.controller.paths == [SAMPLE[0]]
    menu_action(again, "File", "Open Recent", "Remove missing entries").trigger()
    assert [a.data() for a in recent_entries(again)] == SAMPLE
    assert user_settings().value("files/recent") == SAMPLE
    again.close()


def test_a_recent_file_gone_when_chosen_is_taken_off_with_a_message(window, qtbot, tmp_path):
    path = Path(bridge(tmp_path))
    load(window, qtbot, [str(path)])
    entry = recent_entries(window)[0]
    path.unlink()  # (after the menu was shown)
    entry.trigger()
    assert "no longer exists" in window.error_box.text() and str(path) in window.error_box.text()
    window.error_box.close()
    assert recent_entries(window) == []


def test_help_keys_lists_every_shortcut(window: MainWindow, qtbot) -> None:
    menu_action(window, "Help", "Keys…").trigger()
    table = window.keys_dialog.findChild(QtWidgets.QTableWidget, "keys_table")
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    native = QtGui.QKeySequence.SequenceFormat.NativeText
    shortcuts = {a.shortcut().toString(native) for a in window.findChildren(QtGui.QAction)}
    shortcuts.discard("")
    assert {"Ctrl+E", "Ctrl+R", "Ctrl+Shift+O", "Ctrl+Shift+A", "Ctrl+D"} <= shortcuts
    assert shortcuts <= listed
    assert {"F", "Ctrl+drop"} <= listed  # the timeline's own keys, and the adding drop
    window.keys_dialog.close()
    menu_action(window, "Help", "Legend…").trigger()
    assert window.legend_dialog.isVisible()
    window.legend_dialog.close()
