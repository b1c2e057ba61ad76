"""The details pane: the selected project's attributes, figures and statements with sources.

It shows a ``data.details.ProjectDetails`` the application builds; everything from the data is
plain text (labels set to ``Qt.PlainText``; an item view never reads rich text). A statement's
source opens in the system browser only when it is an ``http``/``https`` address with a host
(``data.details.safe_link``); any other (``javascript:``, ``file:``) is shown as text and never
opened. Statements dated after the as-of date are greyed (they are not on the chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from widgets.text import plain_tooltip

if TYPE_CHECKING:  # (the window starts without pandas: a pane is filled after a load)
    from data.details import ProjectDetails

_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
HEADERS = ("Date", "Kind", "Speaker", "Quote", "Promised", "Source")
_FIELDS = ("date", "kind", "speaker", "quote", "promised", "source")
SOURCE = HEADERS.index("Source")


class StatementsModel(QtCore.QAbstractTableModel):
    """A project's statements (``ProjectDetails.statements``), read-only."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self._refs: list[int] = []

    def set_statements(self, details: ProjectDetails | None) -> None:
        self.beginResetModel()
        frame = details.statements if details is not None else None
        self._rows = [] if frame is None else frame.to_dict("records")
        self._refs = [] if frame is None else [int(r) for r in frame["ref"]]
        self.endResetModel()

    def ref(self, row: int) -> int:
        return self._refs[row]

    def link(self, row: int) -> str | None:
        """The source of ``row`` when it may be opened, else None."""
        from data.details import safe_link

        return safe_link(str(self._rows[row]["source"]))

    def row_of(self, ref: int) -> int:
        return self._refs.index(ref) if ref >= 0 and ref in self._refs else -1

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        text = str(row[_FIELDS[column]])
        roles = QtCore.Qt.ItemDataRole
        if role == roles.DisplayRole:
            return " ".join(text.split())[:500]
        if role == roles.ToolTipRole:
            return plain_tooltip(text[:4000]) if len(text) > 30 else None
        if role == roles.ForegroundRole:
            if not row["known"]:
                return QtGui.QBrush(
                    QtGui.QPalette().color(QtGui.QPalette.ColorRole.PlaceholderText)
                )
            if column == SOURCE and self.link(index.row()):
                return QtGui.QBrush(QtGui.QPalette().color(QtGui.QPalette.ColorRole.Link))
        if role == roles.FontRole and column == SOURCE and self.link(index.row()):
            font = QtGui.QFont()
            font.setUnderline(True)
            return font
        return None

    def headerData(  # noqa: N802 (Qt override)
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if orientation == QtCore.Qt.Orientation.Horizontal else None
        return None


def _plain_label(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def _fill(form: QtWidgets.QFormLayout, pairs: dict[str, str], parent: QtWidgets.QWidget) -> None:
    while form.rowCount():
        form.removeRow(0)
    for name, value in pairs.items():
        form.addRow(_plain_label(name, parent), _plain_label(value or "—", parent))


class DetailsPane(QtWidgets.QWidget):
    """One project's details. ``statement_selected`` (the statement's ``ref``; -1 for one
    after the as-of date) when the user selects a statement; :meth:`select_statement` selects one
    from the chart without emitting."""

    statement_selected = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._details: ProjectDetails | None = None
        self._quiet = False
        self.title = _plain_label("No project selected", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.as_of = _plain_label("", self)
        self.attributes = QtWidgets.QFormLayout()
        self.metrics = QtWidgets.QFormLayout()
        self.model = StatementsModel(self)
        self.view = self._make_view()
        self.copy_button = QtWidgets.QPushButton("Copy citation", self)
        self.copy_button.clicked.connect(self.copy_citation)
        self.open_button = QtWidgets.QPushButton("Open source", self)
        self.open_button.clicked.connect(self.open_selected_source)
        self._lay_out()
        self.show_details(None)

    def _make_view(self) -> QtWidgets.QTableView:
        view = QtWidgets.QTableView(self)
        view.setModel(self.model)
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.setAccessibleName("Statements")
        view.clicked.connect(self._clicked)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        copy = QtGui.QAction("Copy citation", view)
        copy.setShortcut(QtGui.QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_citation)
        view.addAction(copy)
        return view

    def _lay_out(self) -> None:
        figures = QtWidgets.QWidget(self)
        top = QtWidgets.QVBoxLayout(figures)
        top.addWidget(self.title)
        top.addWidget(self.as_of)
        for name, form in (("Figures", self.metrics), ("Attributes", self.attributes)):
            box = QtWidgets.QGroupBox(name, figures)
            box.setLayout(form)
            top.addWidget(box)
        top.addStretch(1)
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(figures)
        bottom = QtWidgets.QWidget(self)
        statements = QtWidgets.QVBoxLayout(bottom)
        statements.setContentsMargins(0, 0, 0, 0)
        statements.addWidget(self.view)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        statements.addLayout(buttons)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(scroll)
        split.addWidget(bottom)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_details(self, details: ProjectDetails | None) -> None:
        """Show ``details`` (None: no project)."""
        self._details = details
        self.title.setText(details.name if details else "No project selected")
        self.as_of.setText(f"as of {details.as_of}" if details else "")
        _fill(self.attributes, details.attributes if details else {}, self)
        _fill(self.metrics, details.metrics if details else {}, self)
        self._quiet = True
        try:
            self.model.set_statements(details)
        finally:
            self._quiet = False
        self.view.resizeColumnsToContents()
        for column in range(len(HEADERS)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 300))
        self._update_buttons()

    def selected_row(self) -> int:
        current = self.view.selectionModel().currentIndex()
        return current.row() if current.isValid() else -1

    def select_statement(self, ref: int) -> None:
        """Select the statement ``ref`` (a marker's ref on the chart) and show it, without
        ``statement_selected``; a ref the project does not have clears the selection."""
        row = self.model.row_of(ref)
        self._quiet = True
        try:
            if row < 0:
                self.view.clearSelection()
                self.view.selectionModel().clearCurrentIndex()
            else:
                index = self.model.index(row, 0)
                flags = (
                    QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QtCore.QItemSelectionModel.SelectionFlag.Rows
                )
                self.view.selectionModel().setCurrentIndex(index, flags)
                self.view.scrollTo(index)
        finally:
            self._quiet = False
        self._update_buttons()

    def copy_citation(self) -> None:
        """The selected statement's citation on the clipboard (nothing when none is selected)."""
        row = self.selected_row()
        if self._details is not None and row >= 0:
            from data.details import citation_at

            QtGui.QGuiApplication.clipboard().setText(citation_at(self._details, row))

    def open_selected_source(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self._open(row)

    def _open(self, row: int) -> None:
        link = self.model.link(row)
        if link is not None:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(link, QtCore.QUrl.ParsingMode.StrictMode))

    def _clicked(self, index: QtCore.QModelIndex) -> None:
        if index.column() == SOURCE:
            self._open(index.row())

    def _current_changed(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        self._update_buttons()
        if not self._quiet and current.isValid():
            self.statement_selected.emit(self.model.ref(current.row()))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.copy_button.setEnabled(row >= 0)
        self.open_button.setEnabled(row >= 0 and self.model.link(row) is not None)
