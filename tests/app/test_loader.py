"""The background loader: progress, cancel mid-load, failure, a second load, no orphan thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore

import data.load
from app.loader import BackgroundLoader
from data.ledger import ChosenMapping, Ledger
from tests.conftest import SAMPLES

SAMPLE = [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]


@pytest.fixture
def loader(qtbot):
    # Small chunks: a few thousand rows give many progress steps and cancel points.
    loader = BackgroundLoader(chunk_rows=50)
    yield loader
    assert loader.shutdown(10_000)
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


def big_file(tmp_path: Path, rows: int = 20_000) -> str:
    path = tmp_path / "big.csv"
    body = "".join(f"p{i % 500},{2000 + i % 20}-0{1 + i % 9},{2010 + i % 9}\n" for i in range(rows))
    path.write_text("project_id,event_date,promised_date\n" + body, encoding="utf-8")
    return str(path)


def test_loads_the_sample_with_progress(qtbot, loader: BackgroundLoader) -> None:
    steps: list[tuple[int, int]] = []
    loader.progress.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(loader.finished, timeout=30_000) as blocker:
        loader.load(SAMPLE)
    ledger = blocker.args[0]
    assert isinstance(ledger, Ledger) and len(ledger.projects) == 16
    assert steps and steps[-1] == (1000, 1000)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert not loader.is_loading()


def test_cancel_mid_load_emits_cancelled_and_no_ledger(
    qtbot, loader: BackgroundLoader, tmp_path: Path
) -> None:
    path = big_file(tmp_path)
    finished: list[object] = []
    loader.finished.connect(lambda ledger, _snapshot: finished.append(ledger))

    def cancel_once_started(done: int, total: int) -> None:
        if done > 0:
            loader.cancel()

    loader.progress.connect(cancel_once_started)
    with qtbot.waitSignal(loader.cancelled, timeout=30_000):
        loader.load([path])
    qtbot.wait(50)
    assert finished == [] and not loader.is_loading()


def test_failure_is_a_signal_not_a_crash(
    qtbot, loader: BackgroundLoader, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args, **kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(data.load, "load_files", explode)  # (the worker imports it in its run)
    with qtbot.waitSignal(loader.failed, timeout=10_000) as blocker:
        loader.load(SAMPLE)
    assert "MemoryError" in blocker.args[0] and "no room" in blocker.args[0]


def test_unreadable_files_finish_with_a_report(qtbot, loader: BackgroundLoader, tmp_path) -> None:
    with qtbot.waitSignal(loader.finished, timeout=10_000) as blocker:
        loader.load([str(tmp_path / "missing.csv")])
    ledger = blocker.args[0]
    assert ledger.empty and "no such file" in ledger.report.problems[0].message


def test_a_second_load_supersedes_the_first(qtbot, loader: BackgroundLoader, tmp_path) -> None:
    path = big_file(tmp_path)
    results: list[object] = []
    loader.finished.connect(lambda ledger, _snapshot: results.append(ledger))
    cancelled: list[bool] = []
    loader.cancelled.connect(lambda: cancelled.append(True))
    loader.load([path])
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.load(SAMPLE)
    qtbot.wait(100)
    assert len(results) == 1 and len(results[0].projects) == 16
    assert cancelled == []  # the superseded load is silent


def test_shutdown_during_a_load_leaves_no_thread(qtbot, tmp_path: Path) -> None:
    loader = BackgroundLoader(chunk_rows=50)
    loader.load([big_file(tmp_path)])
    assert loader.shutdown(10_000)
    assert loader._running == {}


def test_chosen_mappings_reach_the_data_layer(qtbot, loader: BackgroundLoader, tmp_path) -> None:
    path = tmp_path / "de.csv"
    path.write_text("Projekt;Datum;Zusage\nBrücke;2010-01;2012\n", encoding="utf-8")
    mapping = {str(path): ChosenMapping({"Projekt": "name", "Datum": "date", "Zusage": "promised"})}
    with qtbot.waitSignal(loader.finished, timeout=10_000) as blocker:
        loader.load([path], mapping)
    assert list(blocker.args[0].projects["project_id"]) == ["Brücke"]
