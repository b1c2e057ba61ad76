"""As-of and query changes of a large ledger are recomputed in the background: the window keeps
showing the old view meanwhile, a scrub's requests in between are dropped, and only the newest
request's result is shown (``app.recompute``)."""

from __future__ import annotations

import threading

import numpy as np

import data.metrics
from app.recompute import Recomputer
from data.metrics import to_date
from data.query import Query
from tests.app.conftest import SAMPLE, load


def _held(monkeypatch) -> tuple[threading.Event, list]:
    """The controller's snapshot function, made to wait for an event; the dates asked for."""
    release, asked = threading.Event(), []
    real = data.metrics.snapshot  # (the controller imports it when it computes)

    def slow(ledger, day, **kw):
        asked.append(day)
        assert release.wait(10)
        return real(ledger, day, **kw)

    monkeypatch.setattr(data.metrics, "snapshot", slow)
    return release, asked


def test_two_quick_as_of_changes_show_only_the_newest(window, qtbot, monkeypatch) -> None:
    load(window, qtbot, SAMPLE)
    controller = window.controller
    controller.background_from = 0  # the sample is small: in the background all the same
    old_snap, old_layers = controller.snapshot, window.timeline._layers
    release, asked = _held(monkeypatch)
    shown = []
    controller.snapshot_changed.connect(lambda snap: shown.append(snap.as_of))
    first, between, newest = to_date("2012-01-01"), to_date("2014-01-01"), to_date("2016-06-30")
    for day in (first, between, newest):
        controller.set_as_of(day)
    qtbot.wait(50)  # the first job is held: the old view stays
    assert controller.snapshot is old_snap and window.timeline._layers is old_layers
    assert shown == [] and controller.recomputer.is_busy()
    release.set()
    qtbot.waitUntil(lambda: not controller.recomputer.is_busy(), timeout=10000)
    qtbot.wait(50)
    assert asked == [first, newest]  # the request in between was never computed
    assert shown == [newest]  # the first job's result was old on arrival: not shown
    assert controller.snapshot.as_of == newest
    seconds = float(newest.astype("int64"))
    assert window.timeline._layers.as_of == seconds


def test_a_query_in_the_background_keeps_the_old_rows_until_done(window, qtbot) -> None:
    load(window, qtbot, SAMPLE)
    controller = window.controller
    controller.background_from = 0
    old_rows = controller.rows
    with qtbot.waitSignal(controller.query_changed, timeout=10000):
        controller.set_query(Query(sort="name", descending=True))
        assert controller.rows is old_rows
    names = controller.snapshot.metrics["name"].to_numpy()[controller.rows.order]
    assert list(names) == sorted(names, key=str.lower, reverse=True)
    assert window.timeline._layers.n_rows == len(controller.rows)


def test_the_recomputer_reports_failures_and_drops_what_is_discarded(qtbot) -> None:
    rec = Recomputer()
    with qtbot.waitSignal(rec.failed, timeout=5000) as failed:
        rec.request(lambda: np.zeros(2)[5])
    assert "IndexError" in failed.args[0]
    got = []
    rec.ready.connect(got.append)
    rec.request(lambda: 1)
    rec.discard()
    rec.wait()
    qtbot.wait(50)
    assert got == [] and not rec.is_busy()
    with qtbot.waitSignal(rec.ready, timeout=5000) as ready:
        rec.request(lambda: 2)
    assert ready.args == [2]


def test_recomputers_on_one_pool_never_run_at_once(qtbot) -> None:
    first = Recomputer()
    second = Recomputer(pool=first.pool)
    release, running, overlap = threading.Event(), [], []

    def work(name: str):
        def run() -> str:
            running.append(name)
            overlap.append(len(running))
            if name == "first":
                assert release.wait(10)
            running.remove(name)
            return name

        return run

    results: list[str] = []
    first.ready.connect(results.append)
    second.ready.connect(results.append)
    first.request(work("first"))
    qtbot.waitUntil(lambda: running == ["first"], timeout=5000)
    second.request(work("second"))
    qtbot.wait(100)  # (on a pool of its own, the second would start now)
    assert running == ["first"]
    release.set()
    qtbot.waitUntil(lambda: sorted(results) == ["first", "second"], timeout=5000)
    assert overlap == [1, 1]
