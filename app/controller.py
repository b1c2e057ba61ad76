"""The controller owning the current dataset: loads files, keeps the as-of date, says what changed.

Signals:
    dataset_loaded(object): a new ledger is current (the argument is the :class:`Ledger`).
    load_failed(str): nothing could be loaded from the files; the message says why. The
        previous dataset stays current.
    snapshot_changed(object): the metrics shown changed (new data or as-of date); argument is
        the :class:`Snapshot`.
    query_changed(): the filter, sort or grouping of the rows changed.
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
    query_changed = QtCore.Signal()

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
