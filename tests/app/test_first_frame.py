"""The first frame of a ledger without freezing the window: the loading thread computes the
metrics on the date the window will show (the files' status date when the analyst chose none)
and their layers, so the GUI thread computes no snapshot; a large ledger handed over without
its metrics (``DatasetController._on_loaded(ledger, None)``) has them computed in the background,
the old view kept meanwhile, then shown as a synchronous hand-over shows them."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pandas as pd

import data.metrics
from app.main_window import MainWindow
from data.load import load_files
from tests.app.conftest import SAMPLE, load

PLAN = "Name,Baseline Finish,Finish\nDig,2020-06-30,2020-09-30\n"


def _threads(monkeypatch) -> list[bool]:
    """Per call of ``data.metrics.snapshot`` from now on: was it on the GUI thread."""
    on_gui, real = [], data.metrics.snapshot

    def watched(ledger, day, **kw):
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(ledger, day, **kw)

    monkeypatch.setattr(data.metrics, "snapshot", watched)
    return on_gui


def test_the_status_date_metrics_come_from_the_loading_thread(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Data date: 15 March 2020\n" + PLAN, encoding="utf-8")
    on_gui = _threads(monkeypatch)
    load(window, qtbot, [str(path)])
    controller = window.controller
    assert controller.as_of == np.datetime64("2020-03-15", "s")  # the file's status date
    assert controller.snapshot.as_of == controller.as_of
    assert on_gui == [False]  # computed once, in the loading thread


def test_a_large_ledger_without_metrics_is_adopted_in_the_background(
    window: MainWindow, qtbot, monkeypatch
) -> None:
    load(window, qtbot, SAMPLE)
    controller = window.controller
    controller.background_from = 0  # the sample is small: as a large one all the same
    old_snap, old_layers = controller.snapshot, window.timeline._layers
    ledger = load_files(SAMPLE)
    signals: list[str] = []
    controller.dataset_loaded.connect(lambda led: signals.append("loaded"))
    controller.snapshot_changed.connect(lambda snap: signals.append("snapshot"))
    on_gui = _threads(monkeypatch)
    controller._on_loaded(ledger, None)
    assert controller.snapshot is old_snap and window.timeline._layers is old_layers
    assert signals == []  # nothing shown until the metrics are in
    qtbot.waitUntil(lambda: signals == ["loaded", "snapshot"], timeout=20000)
    qtbot.wait(50)
    assert signals == ["loaded", "snapshot"] and on_gui == [False]
    snap = controller.snapshot
    assert controller.ledger is ledger and snap.as_of == controller.as_of
    expected = data.metrics.snapshot(ledger, controller.as_of, incremental=False)
    pd.testing.assert_frame_equal(snap.metrics, expected.metrics)
    assert window.timeline._layers.n_rows == len(controller.rows) == len(ledger.projects)


def test_statement_days_counted() -> None:
    """The as-of bar's steps (distinct days statements become known, sorted), counted per day
    number, equal the days worked out here one by one; days centuries apart take the sort."""
    from app.workbench import statement_days

    mid = np.array(
        ["2020-01-01T00:00", "2020-01-01T10:00", "NaT", "2019-12-31T00:00", "2020-01-02T00:00"],
        dtype="datetime64[s]",
    )
    # 10:00 on 1 Jan is known from 2 Jan; NaT is no step.
    expected = np.array(["2019-12-31", "2020-01-01", "2020-01-02"], dtype="datetime64[s]")
    got = statement_days(pd.DataFrame({"date_mid": mid}))
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    rng = np.random.default_rng(15)
    for spread in (20_000 * 86_400, 2_500_000 * 86_400):  # (the second: too wide to count)
        mid = np.datetime64("1990-01-01T00:00:00") + rng.integers(0, spread, 50_000)
        mid[::7] = mid[::7].astype("datetime64[D]")  # (midnights: known that very day)
        by_hand = sorted(
            {(m.astype("datetime64[D]") + (m > m.astype("datetime64[D]"))).item() for m in mid}
        )
        got = statement_days(pd.DataFrame({"date_mid": mid}))
        assert got.dtype == np.dtype("datetime64[s]")
        assert got.astype("datetime64[D]").tolist() == by_hand
