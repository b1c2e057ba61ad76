"""Remembered mappings and the rule of what a load asks: the store, and a window that never
reads a file on its own thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6 import QtCore

import data.reading.formats as formats
from app.main_window import MainWindow
from app.mapping_store import MappingStore, user_settings
from data.ledger import ChosenMapping
from data.load import load_files


@pytest.fixture
def store(tmp_path: Path) -> MappingStore:
    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    return MappingStore(settings)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


ODD = "Thing,When said,Completion promised for\nBridge,2010-01,2012\n"
AMBIGUOUS = "project_id,event_date,promised_date\nBridge,03/04/2013,05/06/2014\n"
ROLES = {"Thing": "name", "When said": "date", "Completion promised for": "promised"}


def test_a_file_with_unmapped_columns_is_asked_about(store: MappingStore, tmp_path) -> None:
    path = write(tmp_path, "odd.csv", ODD)
    ledger = load_files([path])
    question = store.question(ledger, [path], {})
    assert question is not None and question.file.path == path
    assert question.preview.headers == ["Thing", "When said", "Completion promised for"]
    assert list(question.preview.frame["Thing"]) == ["Bridge"]
    assert not question.date_order_unclear and question.paths == [path]


def test_a_remembered_mapping_is_applied_by_the_load_and_not_asked(store, tmp_path) -> None:
    path = write(tmp_path, "odd.csv", ODD)
    store.remember(["Thing", "When said", "Completion promised for"], ChosenMapping(ROLES))
    # The same columns in another case and order: the same header set.
    other = write(
        tmp_path, "other.csv", "completion promised for,THING,when said\n2013,Tunnel,2011\n"
    )
    ledger = load_files([path, other], recall=store.recall_function())
    assert [f.mapping_source for f in ledger.report.files] == ["chosen", "chosen"]
    assert sorted(ledger.projects["name"]) == ["Bridge", "Tunnel"]
    assert store.question(ledger, [path, other], {}) is None


def test_an_unclear_date_order_is_asked_until_a_mapping_answers_it(store, tmp_path) -> None:
    path = write(tmp_path, "ambiguous.csv", AMBIGUOUS)
    headers = ["project_id", "event_date", "promised_date"]
    ledger = load_files([path])
    question = store.question(ledger, [path], {})
    assert question is not None and question.date_order_unclear
    # Remembered roles without an answer about the order: still asked, roles proposed.
    roles = {"project_id": "project_id", "event_date": "date", "promised_date": "promised"}
    store.remember(headers, ChosenMapping(roles))
    question = store.question(load_files([path], recall=store.recall_function()), [path], {})
    assert question is not None and question.proposal == ChosenMapping(roles, None)
    # "Decide from the values" is an answer: not asked again, the dates stay unread.
    store.remember(headers, ChosenMapping(roles, "auto"))
    ledger = load_files([path], recall=store.recall_function())
    assert store.question(ledger, [path], {}) is None
    assert ledger.events["promised_latest"].isna().all()
    # A mapping chosen for this load answers it too, and reads the dates.
    chosen = {path: ChosenMapping(roles, "day-first")}
    ledger = load_files([path], mappings=chosen)
    assert store.question(ledger, [path], chosen) is None
    assert str(ledger.events["promised_latest"].iloc[0])[:10] == "2014-06-05"


def test_corrupt_remembered_text_is_ignored(store: MappingStore, tmp_path) -> None:
    path = write(tmp_path, "odd.csv", ODD)
    key = "mappings/whatever"
    store.settings.setValue(key, "{not json")
    store.remember(["Thing", "When said", "Completion promised for"], ChosenMapping(ROLES))
    ledger = load_files([path], recall=store.recall_function())
    assert ledger.report.files[0].unresolved == []


def test_the_window_never_reads_a_file_on_its_own_thread(qtbot, tmp_path, monkeypatch) -> None:
    """Opening files, being asked about their columns and answering: every read of a file
    happens in the loading thread."""
    readers: list[str] = []
    real = formats.read_bytes  # every reader of every format gets its bytes here

    def recording(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(formats, "read_bytes", recording)
    window = MainWindow()
    qtbot.addWidget(window)
    window.settings.clear()
    path = write(tmp_path, "odd.csv", ODD)
    with qtbot.waitSignal(window.controller.mapping_needed, timeout=20000):
        window.open_files([path])
    window.mapping_dialog.set_mapping(ChosenMapping(ROLES))
    with qtbot.waitSignal(window.controller.snapshot_changed, timeout=20000):
        window.mapping_dialog.accept()
    assert window.timeline.layers.names == ["Bridge"]
    assert len(readers) == 2
    assert threading.main_thread().name not in readers
    window.settings.clear()


def test_declining_a_question_that_is_no_longer_waiting_changes_nothing(qtbot, tmp_path) -> None:
    """Two loads asked in turn: declining the first question must not adopt the second load
    while its own question is still open."""
    from app.controller import DatasetController

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    controller = DatasetController(store=MappingStore(settings))
    asked = []
    controller.mapping_needed.connect(asked.append)
    first = write(tmp_path, "one.csv", ODD)
    second = write(tmp_path, "two.csv", AMBIGUOUS)  # loads, and asks about its dates
    for path in (first, second):
        with qtbot.waitSignal(controller.mapping_needed, timeout=20000):
            controller.load([path])
    loaded = []
    controller.dataset_loaded.connect(loaded.append)
    assert not controller.decline_mapping(asked[0])
    assert loaded == [] and controller.ledger is None
    assert controller.decline_mapping(asked[1])  # the waiting one: adopted as it is
    assert [ledger.report.files[0].path for ledger in loaded] == [second]
    controller.shutdown()


def test_settings_kept_natively_by_earlier_versions_are_copied_once() -> None:
    native = QtCore.QSettings("Slipline", "Slipline")
    ini = user_settings()
    ini.clear()
    ini.setValue("view/sort", "name")  # the new file's own setting is kept
    ini.sync()
    native.setValue("view/theme", "dark")
    native.setValue("view/sort", "slip")
    native.setValue("mappings/abc", '{"roles": {}}')
    native.sync()
    try:
        moved = user_settings()
        assert moved.fileName().endswith(".ini") and moved.fileName() != native.fileName()
        assert moved.value("view/theme") == "dark"
        assert moved.value("mappings/abc") == '{"roles": {}}'
        assert moved.value("view/sort") == "name"
        # once: cleared (or deleted), the file does not get the old settings back
        moved.clear()
        moved.sync()
        assert user_settings().allKeys() == []
    finally:
        native.clear()
        native.sync()
        user_settings().clear()
