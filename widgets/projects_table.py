"""The projects table: every figure and attribute of the projects shown, sortable both ways.

The columns come from the application (``data.table.table_columns``): for each column a cell's
text on demand and its sort keys. ``data`` formats one cell when Qt asks for it (the cells in
sight), so a refresh is a model reset with no work per row; a sort is one numpy argsort of a key
column (blanks, NaN, last both ways; ties keep the order given). Text is shown as plain text (an
item view never reads it as rich text; long cells get an escaped tooltip).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore, QtWidgets

from widgets.text import plain_tooltip

if TYPE_CHECKING:  # (the window starts without pandas: the table is filled after a load)
    from data.table import TableColumns

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_DISPLAY = int(QtCore.Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(QtCore.Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(QtCore.Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)


class ProjectsTableModel(QtCore.QAbstractTableModel):
    """A read-only table over the application's columns, rows in the order given until
    sorted."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: TableColumns | None = None  # (none yet)
        self._labels: list[str] = []
        self._order = np.zeros(0, dtype=np.int64)  # view row → row of the columns
        self._numbers: frozenset[int] = frozenset()  # the columns shown right-aligned

    def set_columns(self, columns: TableColumns) -> None:
        """Show ``columns`` (rows in the order given)."""
        self.beginResetModel()
        self._columns = columns
        self._labels = list(columns.labels)
        self._order = np.arange(len(columns), dtype=np.int64)
        self._numbers = columns.numbers
        self.endResetModel()

    def labels(self) -> list[str]:
        return list(self._labels)

    def project_id(self, row: int) -> str:
        """The id of the project in view row ``row``."""
        assert self._columns is not None  # (a row exists only once columns are set)
        return self._columns.project_id(int(self._order[row]))

    def row_of(self, project_id: str) -> int:
        """The view row of ``project_id`` (-1: not in the table)."""
        at = -1 if self._columns is None else self._columns.row_of(project_id)
        return -1 if at < 0 else int(np.flatnonzero(self._order == at)[0])

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._labels)

    def data(self, index: _Index, role: int = _DISPLAY):
        # Called for every role of every cell painted: roles compared as plain ints.
        columns = self._columns
        if columns is None:
            return None
        if role == _DISPLAY:
            return columns.text(index.column(), self._order[index.row()])
        if role == _TOOLTIP:
            text = columns.text(index.column(), self._order[index.row()])
            return plain_tooltip(text[:4000]) if len(text) > 40 else None
        if role == _ALIGN:
            return _RIGHT if index.column() in self._numbers else None
        return None

    def headerData(  # noqa: N802 (Qt override)
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            if orientation == QtCore.Qt.Orientation.Horizontal:
                return self._labels[section]
            return str(section + 1)
        return None

    def sort(
        self, column: int, order: QtCore.Qt.SortOrder = QtCore.Qt.SortOrder.AscendingOrder
    ) -> None:
        """Rows by the key of ``column`` (a negative column: the order given), ascending or
        descending; blanks last both ways, ties in the order given. Selections follow."""
        self.layoutAboutToBeChanged.emit()
        old = self._order
        if self._columns is not None and 0 <= column < len(self._labels):
            key = self._columns.key(column)
            if order == QtCore.Qt.SortOrder.DescendingOrder:
                key = -key  # NaN stays NaN: argsort puts it last
            self._order = np.argsort(key, kind="stable").astype(np.int64)
        else:
            self._order = np.arange(len(old), dtype=np.int64)
        inverse = np.empty(len(self._order), dtype=np.int64)
        inverse[self._order] = np.arange(len(self._order))
        before = self.persistentIndexList()
        after = [self.index(int(inverse[old[i.row()]]), i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


class ProjectsTable(QtWidgets.QWidget):
    """The projects table in a view. ``project_selected`` (its id) when the user selects a
    row; :meth:`select_project` selects one from elsewhere without emitting."""

    project_selected = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProjectsTableModel(self)
        self.view = QtWidgets.QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.hide()
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, QtCore.Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        # Column widths from the rows in sight only: measuring 1,000 rows of every column
        # costs seconds at 100k projects.
        header.setResizeContentsPrecision(0)
        self.view.setSortingEnabled(True)
        self.view.setAccessibleName("Projects")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._quiet = False
        self._last_id: str | None = None
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def set_columns(self, columns: TableColumns) -> None:
        """Show ``columns`` (``data.table.table_columns``); the sort chosen is kept, and the
        columns' widths while the columns are the same."""
        current = self.selected_id()
        fitted = self.model.labels() == columns.labels and self.model.rowCount() > 0
        self.model.set_columns(columns)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if not fitted:  # (columns fitted once per set of columns: widths set by hand stay)
            self.view.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))
        if current is not None:
            self.select_project(current)

    def selected_id(self) -> str | None:
        current = self.view.selectionModel().currentIndex()
        return self.model.project_id(current.row()) if current.isValid() else None

    def select_project(self, project_id: str) -> None:
        """Select and show ``project_id``'s row (no ``project_selected``); an id not in the
        table clears the selection."""
        row = self.model.row_of(project_id)
        self._quiet = True
        try:
            if row < 0:
                self.view.clearSelection()
                self.view.selectionModel().clearCurrentIndex()
                return
            index = self.model.index(row, max(self.view.currentIndex().column(), 0))
            flags = (
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows
            )
            self.view.selectionModel().setCurrentIndex(index, flags)
            self.view.scrollTo(index)
        finally:
            self._quiet = False

    def _current_changed(self, current: QtCore.QModelIndex, previous: QtCore.QModelIndex) -> None:
        # A sort moves the current row, not the project: only another project is news.
        chosen = self.model.project_id(current.row()) if current.isValid() else None
        if self._quiet or chosen is None or chosen == self._last_id:
            self._last_id = chosen
            return
        self._last_id = chosen
        self.project_selected.emit(chosen)
