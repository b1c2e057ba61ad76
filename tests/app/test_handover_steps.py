"""The as-of bar's steps of a new ledger are counted off the GUI thread (the loading thread, or
the background recompute of a large ledger handed over without its metrics), once per ledger,
and the window's bar takes the very days ``statement_days`` counts."""

from __future__ import annotations

import threading

import numpy as np

import data.known
from app.main_window import MainWindow
from app.workbench import statement_days
from data.load import load_files
from tests.app.conftest import SAMPLE, load


def _counted(monkeypatch) -> list[bool]:
    """Per count of the steps from now on: was it on the GUI thread."""
    on_gui, real = [], data.known.statement_days

    def watched(events):
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(events)

    monkeypatch.setattr(data.known, "statement_days", watched)
    return on_gui


def test_the_loading_thread_counts_the_steps(window: MainWindow, qtbot, monkeypatch) -> None:
    on_gui = _counted(monkeypatch)
    load(window, qtbot, SAMPLE)
    assert on_gui == [False]  # once, in the loading thread
    steps = window.workbench.as_of_bar.steps
    expected = statement_days(window.controller.ledger.events)  # (counted again, here)
    assert len(steps) > 100 and steps.tolist() == expected.tolist()


def test_a_large_ledger_has_its_steps_counted_in_the_background(
    window: MainWindow, qtbot, monkeypatch
) -> None:
    load(window, qtbot, SAMPLE)
    controller = window.controller
    controller.background_from = 0  # the sample is small: as a large one all the same
    ledger = load_files(SAMPLE)
    on_gui = _counted(monkeypatch)
    with qtbot.waitSignal(controller.snapshot_changed, timeout=20000):
        controller._on_loaded(ledger, None)
    assert on_gui == [False]
    steps = window.workbench.as_of_bar.steps
    assert steps.tolist() == statement_days(ledger.events).tolist()
    assert (np.diff(steps.astype(np.int64)) > 0).all()
