"""Recomputing the view off the GUI thread: one job at a time in a thread pool, the newest
request winning.

An as-of scrub sends many requests; while a job runs, only the newest request waits (those in
between are dropped, never computed), and a job's result is handed back to the GUI thread by a
queued signal and delivered only if no request came after it. The caller's current view stays
as it is until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6 import QtCore

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    import numpy as np

    from data.ledger import Ledger
    from data.metrics import Snapshot
    from data.query import Query, Rows

Work = Callable[[], object]


def view_work(
    ledger: Ledger, day: np.datetime64, query: Query, folded: frozenset, kept: Snapshot | None
) -> Callable[[], tuple[Ledger, Snapshot, Rows]]:
    """The background work of a new view: the snapshot on ``day`` (``kept``, if one is), the
    rows of ``query`` with the ``folded`` lanes, their layers and the status summary (kept
    for the window, which asks for them again), and a new ledger's as-of steps (counted once);
    freed blocks reused meanwhile (``data.heap.blocks_reused``), handed back after the view
    is shown (the controller's ``trim_heap_later``)."""

    def work() -> tuple[Ledger, Snapshot, Rows]:
        from data.heap import blocks_reused
        from data.known import kept_statement_days
        from data.layout import build_layers
        from data.metrics import snapshot
        from data.query import run_query
        from data.texts import summary_text

        with blocks_reused():  # (its million-row temporaries: no fresh pages for each)
            kept_statement_days(ledger.events)
            snap = kept if kept is not None else snapshot(ledger, day)
            rows = replace(run_query(snap.metrics, query, ledger.attributes), folded=folded)
            build_layers(snap, rows)
            summary_text(snap, rows.order)
        return ledger, snap, rows

    return work


class _Done(QtCore.QObject):
    """Carries a job's result to the GUI thread (emitted in the pool's thread, queued)."""

    done = QtCore.Signal(int, object)


class _Job(QtCore.QRunnable):
    def __init__(self, serial: int, work: Work, done: _Done) -> None:
        super().__init__()
        self.serial, self.work, self.carrier = serial, work, done

    def run(self) -> None:
        try:
            result: object = self.work()
        except Exception as exc:  # handed to the GUI thread, reported there
            result = exc
        self.carrier.done.emit(self.serial, result)


class Recomputer(QtCore.QObject):
    """Runs ``work`` callables in the background, newest first.

    Signals:
        ready(object): the result of the newest request (in the GUI thread).
        failed(str): the newest request raised; the message says what.
    """

    ready = QtCore.Signal(object)
    failed = QtCore.Signal(str)

    def __init__(
        self, parent: QtCore.QObject | None = None, pool: QtCore.QThreadPool | None = None
    ) -> None:
        """``pool``: another Recomputer's (its ``pool``), so that the two never run at once
        (the data modules' caches are not shared between threads); by default its own."""
        super().__init__(parent)
        if pool is None:
            pool = QtCore.QThreadPool(self)
            pool.setMaxThreadCount(1)
        self.pool = pool
        self._serial = 0  # the newest request's number
        self._running = False
        self._waiting: Work | None = None
        self._carrier = _Done(self)
        self._carrier.done.connect(self._on_done, QtCore.Qt.ConnectionType.QueuedConnection)

    def request(self, work: Work) -> None:
        """Compute ``work()`` once the job running (if any) ends; replaces a waiting request."""
        self._serial += 1
        self._waiting = work
        if not self._running:
            self._start()

    def discard(self) -> None:
        """Forget the waiting request and deliver nothing of the running one."""
        self._serial += 1
        self._waiting = None

    def is_busy(self) -> bool:
        return self._running or self._waiting is not None

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool's jobs end (at exit, in tests); True if they did."""
        return bool(self.pool.waitForDone(msecs))

    def _start(self) -> None:
        work, self._waiting = self._waiting, None
        if work is None:
            return
        self._running = True
        self.pool.start(_Job(self._serial, work, self._carrier))

    @QtCore.Slot(int, object)
    def _on_done(self, serial: int, result: object) -> None:
        self._running = False
        if self._waiting is not None:  # a newer request: this result is already old
            self._start()
            return
        if serial != self._serial:  # discarded
            return
        if isinstance(result, Exception):
            self.failed.emit(f"{type(result).__name__}: {result}")
        else:
            self.ready.emit(result)
