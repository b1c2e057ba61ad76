"""The controller owning the current dataset: loads files, keeps the as-of date, says what changed.

Signals:
    dataset_loaded(object): a new ledger is current (the argument is the :class:`Ledger`).
    load_failed(str): nothing could be loaded from the files; the message says why. The
        previous dataset stays current.
    snapshot_changed(object): the metrics shown changed (new data or as-of date); argument is
        the :class:`Snapshot`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import numpy as np
from PySide6 import QtCore

from data.ledger import Ledger, load_files
from data.metrics import Snapshot, snapshot, to_date
from data.query import row_order
from data.report import LoadReport


def today() -> np.datetime64:
    return to_date(dt.date.today())


class DatasetController(QtCore.QObject):
    """Holds the current :class:`Ledger`, its files and the as-of date; emits past-tense signals."""

    dataset_loaded = QtCore.Signal(object)
    load_failed = QtCore.Signal(str)
    snapshot_changed = QtCore.Signal(object)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.ledger: Ledger | None = None
        self.paths: list[str] = []
        self.as_of: np.datetime64 = today()
        self.snapshot: Snapshot | None = None
        self.last_report: LoadReport | None = None

    def load(self, paths: Sequence[str | os.PathLike[str]]) -> bool:
        """Load ``paths`` as the new dataset; on total failure keep the current one."""
        ledger = load_files(paths)
        self.last_report = ledger.report
        if ledger.empty:
            failures = [f.error for f in ledger.report.files if f.error]
            other = [p.message for p in ledger.report.problems if p.row is None]
            reasons = failures or other or ["no projects found in the files"]
            self.load_failed.emit("Nothing could be loaded:\n" + "\n".join(reasons))
            return False
        self.ledger = ledger
        self.paths = [str(p) for p in paths]
        self.dataset_loaded.emit(ledger)
        self._recompute()
        return True

    def set_as_of(self, value: object) -> None:
        self.as_of = to_date(value)
        self._recompute()

    def visible_order(self) -> np.ndarray:
        """Rows shown, in order (file order for now; sorting and filtering come from the query)."""
        if self.snapshot is None:
            return np.zeros(0, dtype=np.int64)
        return row_order(self.snapshot.metrics)

    def _recompute(self) -> None:
        if self.ledger is None:
            return
        self.snapshot = snapshot(self.ledger, self.as_of)
        self.snapshot_changed.emit(self.snapshot)
