"""The main window: loads the sample, takes dropped files, keeps its data when a file is bad."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.main_window import MainWindow
from app.mapping_store import user_settings
from data.ledger import ChosenMapping
from tests.app.conftest import SAMPLE, load


def drop(window: MainWindow, paths: list[str] | list[QtCore.QUrl]) -> None:
    """Send the window a real drop event carrying ``paths`` as URLs."""
    mime = QtCore.QMimeData()
    mime.setUrls([p if isinstance(p, QtCore.QUrl) else QtCore.QUrl.fromLocalFile(p) for p in paths])
    pos = QtCore.QPointF(window.width() / 2, window.height() / 2)
    enter = QtGui.QDragEnterEvent(
        pos.toPoint(),
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QtGui.QDropEvent(
        pos,
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(window, event)


def test_window_loads_the_sample(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    layers = window.timeline.layers
    assert layers is not None and layers.n_rows == 16
    assert layers.names[0].startswith("Kalashnikov")
    assert len(layers.overrun) + len(layers.overrun_open) >= 15
    assert window.summary_label.text().startswith("16 projects shown · ")
    assert "late" in window.summary_label.text()
    assert window.windowTitle().startswith("projects.csv + 1 more — as of ")


def test_dropped_csv_file_is_loaded(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    path = tmp_path / "dropped.csv"
    path.write_text(
        "project,date,new date\nBridge,2010-01,2012\nBridge,2011-06,2013-06\n", encoding="utf-8"
    )
    with qtbot.waitSignal(window.controller.dataset_loaded, timeout=10000):
        drop(window, [str(path)])
    assert window.timeline.layers is not None
    assert window.timeline.layers.n_rows == 1
    assert window.controller.paths == [str(path)]


def test_bad_file_shows_error_and_keeps_data(window: MainWindow, qtbot, tmp_path: Path) -> None:
    load(window, qtbot, SAMPLE)
    before = window.timeline.layers
    bad = tmp_path / "picture.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot a table")
    with qtbot.waitSignal(window.controller.load_failed, timeout=10000) as blocker:
        drop(window, [str(bad)])
    assert "picture.csv" in blocker.args[0] and "PNG" in blocker.args[0]
    box = window.error_box
    assert box is not None and box.isVisible()
    assert "picture.csv" in box.text() and "kept" in box.text()
    assert box.textFormat() == QtCore.Qt.TextFormat.PlainText
    assert window.timeline.layers is before
    assert window.controller.ledger is not None and len(window.controller.ledger.projects) == 16
    box.close()


def test_dropped_url_is_not_fetched(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    drop(window, [QtCore.QUrl("https://example.org/data.csv")])
    assert window.error_box is not None and "not fetched" in window.error_box.text()
    assert len(window.controller.ledger.projects) == 16
    window.error_box.close()


def test_clicking_a_row_selects_its_project(window: MainWindow, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    qtbot.waitExposed(window)
    timeline = window.timeline
    vb = timeline.plot.getViewBox()
    x = sum(timeline.layers.fit_range) / 2
    scene_point = vb.mapViewToScene(QtCore.QPointF(x, 1.0))  # row 1: Berlin airport
    view_point = timeline.mapFromScene(scene_point)
    with qtbot.waitSignal(timeline.project_selected, timeout=5000) as blocker:
        qtbot.mouseClick(timeline.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=view_point)
    assert blocker.args == ["ber_airport"]


def test_tooltip_shows_names_as_plain_text(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "html.csv"
    path.write_text(
        'id,name,start,deadline\n1,"<b>bold</b> <img src=x>",2001,2003\n', encoding="utf-8"
    )
    load(window, qtbot, [str(path)])
    text = window.timeline.tooltip_text(0)
    assert "<b>bold</b>" in text  # the name, literally
    window.timeline._on_hovered(
        window.timeline.plot.getViewBox().mapViewToScene(
            QtCore.QPointF(sum(window.timeline.layers.fit_range) / 2, 0.0)
        )
    )
    assert "&lt;b&gt;bold&lt;/b&gt;" in window.timeline.toolTip()


def test_corrupt_or_offscreen_settings_give_a_visible_default(qtbot) -> None:
    settings = user_settings()
    for geometry in (QtCore.QByteArray(b"\x00garbage\xff" * 3), None):
        if geometry is None:  # a saved position far off every screen
            probe = MainWindow()
            probe.move(40000, 40000)
            geometry = probe.saveGeometry()
            probe.deleteLater()
        settings.setValue("window/geometry", geometry)
        settings.setValue("view/theme", "no-such-theme")
        settings.setValue("view/sort", 12345)
        settings.sync()
        win = MainWindow()
        qtbot.addWidget(win)
        win.show()
        screen = QtGui.QGuiApplication.primaryScreen().availableGeometry()
        assert screen.intersects(win.frameGeometry())
        assert win.width() >= 600 and win.height() >= 400
        win.close()
    settings.clear()


def test_a_sort_by_an_attribute_is_remembered_across_a_restart(qtbot) -> None:
    # The sample's attributes: country, sector, notes. A sort by country (offered only once
    # data is in) and a grouping by sector, then a new window on the same files: both back.
    settings = user_settings()
    settings.clear()
    first = MainWindow()
    qtbot.addWidget(first)
    load(first, qtbot, SAMPLE)
    first.sort_combo.setCurrentIndex(first.sort_combo.findData("country"))
    first.group_combo.setCurrentIndex(first.group_combo.findData("sector"))
    assert (first.controller.query.sort, first.controller.query.group_by) == ("country", "sector")
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    load(second, qtbot, SAMPLE)
    assert (
        second.controller.query.sort == "country" and second.sort_combo.currentData() == "country"
    )
    assert second.controller.query.group_by == "sector"
    second.close()
    settings.clear()


def test_an_exception_in_a_slot_shows_one_dialog_and_the_app_goes_on(window, qtbot) -> None:
    from app.errors import ErrorReporter

    load(window, qtbot, SAMPLE)
    reporter = ErrorReporter(window.show_error)
    try:
        raise RuntimeError("boom <b>not bold</b>")
    except RuntimeError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert reporter.count == 1
    assert window.error_box is not None and window.error_box.isVisible()
    assert "boom <b>not bold</b>" in window.error_box.text()
    assert window.error_box.textFormat() == QtCore.Qt.TextFormat.PlainText
    assert len(window.controller.ledger.projects) == 16  # the data stays
    window.error_box.close()


def test_progress_shows_while_loading_and_cancel_keeps_the_data(window, qtbot, tmp_path) -> None:
    load(window, qtbot, SAMPLE)
    before = window.controller.ledger
    big = tmp_path / "big.csv"
    rows = "\n".join(f"p{i},2010-01-0{1 + i % 9},promise,2012" for i in range(200_000))
    big.write_text(
        "project_id,event_date,event_kind,promised_date\n" + rows + "\n", encoding="utf-8"
    )
    window.controller.loader.chunk_rows = 1000  # many chunks: a cancel lands between them
    with qtbot.waitSignal(window.controller.load_cancelled, timeout=20000):
        window.open_files([str(big)])
        assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
        qtbot.mouseClick(window.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert not window.progress_bar.isVisible()
    assert window.controller.ledger is before
    assert window.timeline.layers.n_rows == 16


def test_unmapped_columns_ask_and_remember(window, qtbot, tmp_path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "Thing,When said,Completion promised for,Who\n"
        "Bridge,2010-01,2012,Mayor\nBridge,2011-06,2013-06,Mayor\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([str(path)])
    dialog = window.mapping_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_mapping(
        ChosenMapping(
            {
                "Thing": "name",
                "When said": "date",
                "Completion promised for": "promised",
                "Who": "speaker",
            }
        )
    )
    assert dialog.missing() == []
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        dialog.accept()
    assert window.timeline.layers.names == ["Bridge"]
    # The same columns again: the remembered choice applies without asking.
    again = tmp_path / "odd2.csv"
    again.write_text(path.read_text(encoding="utf-8").replace("Bridge", "Tunnel"), encoding="utf-8")
    window.mapping_dialog = None
    load(window, qtbot, [str(again)])
    assert window.mapping_dialog is None
    assert window.timeline.layers.names == ["Tunnel"]


def test_load_report_dialog_shows_the_report(window, qtbot, tmp_path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "project_id,event_date,promised_date\na,2010,2012\nb,soonish,2013\n", encoding="utf-8"
    )
    load(window, qtbot, [str(path)])
    window.report_action.trigger()
    dialog = window.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert "soonish" in dialog.panel.model.data(dialog.panel.model.index(0, 3))
    dialog.close()


def test_closing_during_a_load_leaves_no_thread(qtbot, tmp_path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    big = tmp_path / "big.csv"
    big.write_text(
        "project_id,event_date,promised_date\n"
        + "\n".join(f"p{i},2010,2012" for i in range(100_000))
        + "\n",
        encoding="utf-8",
    )
    win.controller.loader.chunk_rows = 1000
    win.open_files([str(big)])
    win.close()
    assert not win.controller.is_loading()
    assert win.controller.loader._running == {}


AMBIGUOUS = "project_id,event_date,promised_date\nBridge,03/04/2013,05/06/2014\n"


def open_ambiguous(window: MainWindow, qtbot, path: Path):
    """Open a file whose dates do not say their day/month order; returns the dialog asking."""
    path.write_text(AMBIGUOUS, encoding="utf-8")
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([str(path)])
    return window.mapping_dialog


def test_unclear_date_order_asks_and_the_choice_reads_the_dates(window, qtbot, tmp_path) -> None:
    """Dates like 03/04/2013 that the file does not decide: the window asks for the order (not
    a guess), the answer reads them and is remembered; declining keeps them reported."""
    dialog = open_ambiguous(window, qtbot, tmp_path / "ambiguous.csv")
    text = AMBIGUOUS
    assert dialog is not None and dialog.isVisible()
    assert "03/04/2013" in dialog.status.text() and dialog.missing() == []
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("day-first"))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        dialog.accept()
    events = window.controller.ledger.events
    assert str(events["promised_latest"].iloc[0])[:10] == "2014-06-05"
    assert window.controller.last_report.files[0].date_order == "day-first"
    # The same columns again: the remembered order applies without asking.
    again = tmp_path / "ambiguous2.csv"
    again.write_text(text.replace("Bridge", "Tunnel"), encoding="utf-8")
    window.mapping_dialog = None
    load(window, qtbot, [str(again)])
    assert window.mapping_dialog is None
    assert str(window.controller.ledger.events["date_latest"].iloc[0])[:10] == "2013-04-03"
    # New columns, and the question declined: loaded as is, the dates unread and reported.
    other = tmp_path / "other.csv"
    other.write_text(text.replace("promised_date", "deadline"), encoding="utf-8")
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([str(other)])
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.mapping_dialog.reject()
    assert window.controller.last_report.files[0].date_order_unclear
    assert window.controller.ledger.events["promised_latest"].isna().all()


def test_a_remembered_decide_from_the_values_is_not_asked_again(window, qtbot, tmp_path) -> None:
    window.settings.clear()  # (another test remembers an order for the same columns)
    path = tmp_path / "ambiguous.csv"
    dialog = open_ambiguous(window, qtbot, path)
    text = AMBIGUOUS
    assert dialog.date_order.currentData() == "" and dialog.remember.isChecked()
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        dialog.accept()  # "decide from the values", remembered
    assert window.controller.last_report.files[0].date_order_unclear
    again = tmp_path / "ambiguous2.csv"
    again.write_text(text.replace("Bridge", "Tunnel"), encoding="utf-8")
    window.mapping_dialog = None
    load(window, qtbot, [str(again)])
    assert window.mapping_dialog is None  # not asked again
    assert window.controller.last_report.files[0].date_order == ""


def test_a_filter_matching_nothing_says_so(window, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    with qtbot.waitSignal(window.controller.query_changed, timeout=5000):
        window.filter_edit.setText("no such project anywhere")
    qtbot.waitUntil(lambda: window.timeline.empty_text.isVisible(), timeout=5000)
    assert "no such project anywhere" in window.timeline.empty_text.textItem.toPlainText()
    window.filter_edit.setText("")
    qtbot.waitUntil(lambda: not window.timeline.empty_text.isVisible(), timeout=5000)


def test_remembered_roles_do_not_silence_the_date_order_question(window, qtbot, tmp_path) -> None:
    """Roles remembered from a file whose dates were clear; then a file with the same columns
    and dates like 03/04/2013: the order is still asked, with the remembered roles filled in."""
    window.settings.clear()
    clear = tmp_path / "clear.csv"
    clear.write_text("Thing,When said,Completion promised for\nBridge,2010-01-05,2012\n", "utf-8")
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([str(clear)])
    roles = {"Thing": "name", "When said": "date", "Completion promised for": "promised"}
    window.mapping_dialog.set_mapping(ChosenMapping(roles))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.mapping_dialog.accept()
    window.mapping_dialog = None
    unclear = tmp_path / "unclear.csv"
    unclear.write_text("Thing,When said,Completion promised for\nTunnel,03/04/2013,2015\n", "utf-8")
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([str(unclear)])
    dialog = window.mapping_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.mapping().roles == roles
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("month-first"))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        dialog.accept()
    assert str(window.controller.ledger.events["date_latest"].iloc[0])[:10] == "2013-03-04"


def test_a_replay_shows_only_the_projects_known_then(window: MainWindow, qtbot) -> None:
    # Nord Stream 2 (start 2015-01-01, first statement "2015") is not known yet on 2014-12-31:
    # chart and status bar leave it out; on 2015-01-01 it is back. Before the Sagrada Família's
    # 1882 start, the oldest of the sample, nothing exists and the chart says so.
    load(window, qtbot, SAMPLE)
    window.controller.set_as_of("2014-12-31")
    assert window.timeline.layers.n_rows == 15
    assert "Nord Stream 2 gas pipeline" not in window.timeline.layers.names
    assert window.summary_label.text().startswith("15 projects shown · ")
    window.controller.set_as_of("2015-01-01")
    assert window.timeline.layers.n_rows == 16
    assert window.summary_label.text().startswith("16 projects shown · ")
    window.controller.set_as_of("1850-06-01")
    assert window.timeline.layers.n_rows == 0
    assert window.summary_label.text().startswith("0 projects shown · ")
    assert (
        window.timeline.empty_text.textItem.toPlainText() == "No project exists yet on 1850-06-01."
    )
