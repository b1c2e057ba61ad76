"""Loading files in the background: a worker in a QThread with progress, cancel and failure.

The data layer polls ``should_cancel`` between chunks and files, so a cancel takes effect within
one chunk. Nothing here touches the current dataset: the window keeps showing what it had until
``finished`` hands over a new ledger, and a cancelled or failed load changes nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore

if TYPE_CHECKING:  # the worker imports the data layer in its thread (the window starts without)
    from data.ledger import ChosenMapping, Recall
    from data.metrics import AsOf

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


class LoadWorker(QtCore.QObject):
    """Loads files into a ledger when ``run`` is called (in its thread).

    Signals:
        progress(int done, int total): work done so far, in steps out of ``total`` (1000);
            emitted at most once per step.
        finished(object ledger, object snapshot): the load completed; the
            :class:`data.ledger.Ledger` (it may be empty when no file could be read — its report
            says why) and its :class:`data.metrics.Snapshot` on the as-of date asked for (None
            when none was asked for, or it could not be computed here).
        failed(str message): an unexpected error stopped the load.
        cancelled(): :meth:`cancel` was honoured; no ledger is produced.
    """

    progress = QtCore.Signal(int, int)
    finished = QtCore.Signal(object, object)
    failed = QtCore.Signal(str)
    cancelled = QtCore.Signal()

    def __init__(
        self,
        paths: Sequence[PathLike],
        mappings: Mapping[str, ChosenMapping] | None = None,
        *,
        chunk_rows: int | None = None,  # None: data.reading's CHUNK_ROWS
        as_of: AsOf | None = None,
        follow_report: bool = False,
        recall: Recall | None = None,
        fiscal_start: int | None = None,
        status_date: np.datetime64 | None = None,
    ) -> None:
        super().__init__()
        self.fiscal_start = fiscal_start
        self.status_date = status_date  # the analyst's: dates the tables' current figures
        self.as_of = as_of  # when given, the metrics for that day are computed here too
        self.follow_report = follow_report  # ... on the files' status date where they give one
        self.paths = [os.fspath(p) for p in paths]
        self.mappings = {str(k): v for k, v in (mappings or {}).items()}
        self.recall = recall
        self.chunk_rows = chunk_rows
        self._stop = threading.Event()  # set from the GUI thread, read in the worker thread
        self._last_step = -1

    def cancel(self) -> None:
        """Ask the load to stop at the next chunk (safe from any thread)."""
        self._stop.set()

    def _on_progress(self, done: int, total: int) -> None:
        step = int(min(done, total) * 1000 // max(total, 1))
        if step != self._last_step:
            self._last_step = step
            self.progress.emit(step, 1000)

    @QtCore.Slot()
    def run(self) -> None:
        from data.heap import blocks_reused
        from data.known import kept_statement_days
        from data.layout import build_layers
        from data.load import load_files  # here, in the loading thread: pandas and the readers
        from data.metrics import default_as_of, snapshot
        from data.reading import CHUNK_ROWS
        from data.report import LoadCancelled

        try:
            ledger = load_files(
                self.paths,
                mappings=self.mappings,
                recall=self.recall,
                progress=self._on_progress,
                should_cancel=self._stop.is_set,
                chunk_rows=CHUNK_ROWS if self.chunk_rows is None else self.chunk_rows,
                fiscal_start=self.fiscal_start,
                status_date=self.status_date,
            )
        except LoadCancelled:
            self.cancelled.emit()
        except Exception as exc:  # a worker reports an unexpected error, it never dies silently
            log.exception("loading %s failed", self.paths)
            self.failed.emit(f"Loading failed: {type(exc).__name__}: {exc}")
        else:
            first = None
            kept_statement_days(ledger.events)  # (the as-of bar's steps: counted here)
            if self.as_of is not None and not ledger.empty and not self._stop.is_set():
                try:
                    day = default_as_of(ledger.report) if self.follow_report else self.as_of
                    with blocks_reused():  # (the load has its blocks on their own pages)
                        first = snapshot(ledger, day)  # here: no freeze when it is shown
                        build_layers(first)  # (kept for it: the first frame takes them)
                except Exception:  # the window computes it again and reports what it finds
                    log.exception("metrics of %s failed in the loading thread", self.paths)
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(ledger, first)


class BackgroundLoader(QtCore.QObject):
    """Runs one load at a time in its own QThread; a new load cancels the one running.

    Signals (always emitted on the loader's own thread, the GUI thread, and only for the
    current load — a superseded load is silent):
        started(list paths): a load began.
        progress(int done, int total): progress of the current load (total is 1000).
        finished(object ledger, object snapshot): the current load completed.
        failed(str message): the current load failed; the current dataset stays.
        cancelled(): the current load was cancelled; the current dataset stays.
    """

    started = QtCore.Signal(list)
    progress = QtCore.Signal(int, int)
    finished = QtCore.Signal(object, object)
    failed = QtCore.Signal(str)
    cancelled = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject | None = None, *, chunk_rows: int | None = None):
        super().__init__(parent)
        self.chunk_rows = chunk_rows
        self._current: LoadWorker | None = None
        self._running: dict[LoadWorker, QtCore.QThread] = {}

    def load(
        self,
        paths: Sequence[PathLike],
        mappings: Mapping[str, ChosenMapping] | None = None,
        *,
        as_of: AsOf | None = None,
        follow_report: bool = False,
        recall: Recall | None = None,
        fiscal_start: int | None = None,
        status_date: np.datetime64 | None = None,
    ) -> LoadWorker:
        """Start loading ``paths`` (``mappings``: path → chosen mapping; ``recall``: remembered
        mappings by header set, called in the loading thread); with ``as_of``, the metrics for
        that day (with ``follow_report``, for the files' status date where the load report
        gives one: ``data.metrics.default_as_of``) and the layers of their rows are computed in
        the loading thread as well; ``fiscal_start`` is the month
        fiscal years begin in; ``status_date`` (the analyst's) dates the tables' current
        figures over each file's own."""
        if self._current is not None:
            self._current.cancel()
        worker = LoadWorker(
            paths,
            mappings,
            chunk_rows=self.chunk_rows,
            as_of=as_of,
            follow_report=follow_report,
            recall=recall,
            fiscal_start=fiscal_start,
            status_date=status_date,
        )
        thread = QtCore.QThread()
        thread.setObjectName("slipline-loader")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Queued to this (GUI-thread) object: the relays run here, in order.
        worker.progress.connect(self._on_progress, QtCore.Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._on_finished, QtCore.Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._on_failed, QtCore.Qt.ConnectionType.QueuedConnection)
        worker.cancelled.connect(self._on_cancelled, QtCore.Qt.ConnectionType.QueuedConnection)
        for signal in (worker.finished, worker.failed, worker.cancelled):
            signal.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished, QtCore.Qt.ConnectionType.QueuedConnection)
        self._current = worker
        self._running[worker] = thread
        thread.start()
        self.started.emit(list(worker.paths))
        return worker

    def cancel(self) -> None:
        """Cancel the current load (it emits ``cancelled`` when it stops)."""
        if self._current is not None:
            self._current.cancel()

    def is_loading(self) -> bool:
        return self._current is not None

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel every load and wait for the threads to end (call from ``closeEvent``).
        Returns False if a thread was still busy after ``timeout_ms``."""
        self._current = None
        ok = True
        for worker, thread in list(self._running.items()):
            worker.cancel()
            thread.quit()
            if not thread.wait(timeout_ms):
                log.warning("a loading thread did not stop within %d ms", timeout_ms)
                ok = False
            else:
                self._running.pop(worker, None)
        return ok

    def _is_current(self) -> bool:
        return self.sender() is self._current and self._current is not None

    @QtCore.Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._is_current():
            self.progress.emit(done, total)

    @QtCore.Slot(object, object)
    def _on_finished(self, ledger: object, first: object) -> None:
        if self._is_current():
            self._current = None
            self.finished.emit(ledger, first)

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        if self._is_current():
            self._current = None
            self.failed.emit(message)

    @QtCore.Slot()
    def _on_cancelled(self) -> None:
        if self._is_current():
            self._current = None
            self.cancelled.emit()

    @QtCore.Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        for worker, running in list(self._running.items()):
            if running is thread:
                del self._running[worker]
                running.wait()  # returns at once: the thread has finished
                running.deleteLater()
                worker.deleteLater()
