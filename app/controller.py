"""The controller owning the current dataset: loads files, keeps the as-of date, says what changed.

Signals:
    dataset_loaded(object): a new ledger is current (the argument is the :class:`Ledger`).
    load_failed(str): nothing could be loaded from the files; the message says why. The
        previous dataset stays current.
    snapshot_changed(object): the metrics shown changed (new data or as-of date); argument is
        the :class:`Snapshot`.
    query_changed(): the filter, sort or grouping of the rows changed.
    load_started(list): a background load of these paths began.
    load_progress(int, int): done and total of the current load.
    load_cancelled(): the user cancelled the load; the previous dataset stays.
    mapping_needed(object, list, dict): a file's columns could not all be mapped, or the
        day/month order of its dates is unclear; arguments
        are its FileReport, the paths being loaded and the mappings chosen so far. Answer with
        :meth:`load` (with a mapping for that file) or :meth:`adopt_pending` (without).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
from PySide6 import QtCore

from app.loader import BackgroundLoader
from data.columns import DATE_ORDER_KEY
from data.ledger import Ledger
from data.metrics import Snapshot, snapshot, to_date, today
from data.query import row_order
from data.report import LoadReport


class DatasetController(QtCore.QObject):
    """Holds the current :class:`Ledger`, its files and the as-of date; emits past-tense signals."""

    dataset_loaded = QtCore.Signal(object)
    load_failed = QtCore.Signal(str)
    snapshot_changed = QtCore.Signal(object)
    query_changed = QtCore.Signal()
    load_started = QtCore.Signal(list)
    load_progress = QtCore.Signal(int, int)
    load_cancelled = QtCore.Signal()
    mapping_needed = QtCore.Signal(object, list, dict)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.ledger: Ledger | None = None
        self.paths: list[str] = []
        self.as_of: np.datetime64 = today()
        self.snapshot: Snapshot | None = None
        self.last_report: LoadReport | None = None
        self.sort: str | None = None
        self.filter_text = ""
        self.group_by: str | None = None
        self.loader = BackgroundLoader(self)
        self._request: tuple[list[str], dict[str, dict[str, str]]] = ([], {})
        self._pending: Ledger | None = None
        self.loader.progress.connect(self.load_progress)
        self.loader.finished.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self.load_cancelled)

    def load(
        self,
        paths: Sequence[str | os.PathLike[str]],
        mappings: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """Load ``paths`` in the background as the new dataset; the current one stays shown
        until the new one is ready, and stays if nothing can be loaded or the load is
        cancelled. ``mappings`` gives chosen ``{header: role}`` per file path."""
        self._request = ([os.fspath(p) for p in paths], dict(mappings or {}))
        self._pending = None
        self.loader.load(*self._request, as_of=self.as_of)
        self.load_started.emit(list(self._request[0]))

    def cancel_load(self) -> None:
        self.loader.cancel()

    def is_loading(self) -> bool:
        return self.loader.is_loading()

    def shutdown(self) -> None:
        """Stop loading threads (the window is closing)."""
        self.loader.shutdown()

    def adopt_pending(self) -> bool:
        """Use the ledger a load produced as it is (a mapping question was declined)."""
        ledger, self._pending = self._pending, None
        return ledger is not None and self._adopt(ledger)

    def _on_loaded(self, ledger: Ledger) -> None:
        self.last_report = ledger.report
        paths, mappings = self._request
        report = ledger.report
        unresolved = [f for f in report.files if f.unresolved and not f.error]
        # Numeric dates whose day/month order the file does not decide: asked until the
        # file's mapping carries an answer (also "decide from the values"), even when its
        # roles were remembered from a file whose dates were clear.
        unresolved += [
            f
            for f in report.files
            if not f.error
            and DATE_ORDER_KEY not in mappings.get(f.path, {})
            and report.date_order_unclear(f.path)
        ]
        if unresolved:
            self._pending = ledger
            self.mapping_needed.emit(unresolved[0], list(paths), dict(mappings))
            return
        self._adopt(ledger)

    def _on_load_failed(self, message: str) -> None:
        self.load_failed.emit(f"Loading stopped with an error:\n{message}")

    def _adopt(self, ledger: Ledger) -> bool:
        self.last_report = ledger.report
        if ledger.empty:
            failures = [f.error for f in ledger.report.files if f.error]
            other = [
                p.message if p.file in p.message else f"{p.file}: {p.message}"
                for p in ledger.report.problems
                if p.row is None
            ]
            reasons = failures or other or ["no projects found in the files"]
            self.load_failed.emit("Nothing could be loaded:\n" + "\n".join(reasons))
            return False
        self.ledger = ledger
        self.paths = list(self._request[0])
        if self.group_by not in self.groupable_columns():
            self.group_by = None
        self.dataset_loaded.emit(ledger)
        self._recompute()
        return True

    def set_as_of(self, value: object) -> None:
        self.as_of = to_date(value)
        self._recompute()

    def set_query(
        self, *, sort: str | None = None, filter_text: str = "", group_by: str | None = None
    ) -> None:
        """Filter the projects by text, sort them, and group them into swimlanes."""
        self.sort, self.filter_text, self.group_by = sort or None, filter_text, group_by or None
        self.query_changed.emit()

    def groupable_columns(self) -> list[str]:
        """Columns a timeline can be grouped by: the attributes, and the status."""
        return [] if self.ledger is None else ["status", *self.ledger.attributes]

    def visible_order(self) -> np.ndarray:
        """Positions (into the snapshot's metrics) of the rows shown, filtered and sorted."""
        if self.snapshot is None:
            return np.zeros(0, dtype=np.int64)
        columns = self.ledger.attributes if self.ledger is not None else []
        return row_order(
            self.snapshot.metrics, sort=self.sort, text=self.filter_text, columns=columns
        )

    def _recompute(self) -> None:
        if self.ledger is None:
            return
        self.snapshot = snapshot(self.ledger, self.as_of)
        self.snapshot_changed.emit(self.snapshot)
