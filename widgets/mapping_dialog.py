"""The column-mapping dialog: a role for each of a file's headers, with a live preview.

The dialog is handed the first rows of the file as the load read them — widgets never read files
— and the mapping to start from. It says what is still missing, enables OK only when the mapping
is complete, and returns a :class:`ChosenMapping` (roles and the order of numeric dates); the
caller loads with it and remembers it for files with the same columns.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from data.ledger import (
    DATE_ORDER_AUTO,
    EVENT_ROLES,
    PROJECT_ROLES,
    ChosenMapping,
    table_of_mapping,
    unresolved_roles,
)
from data.ledger.mapping import dayfirst
from data.ledger.readings import preview_readings
from data.reading import LINE_COLUMN, RawTable
from widgets.text import plain_tooltip

PREVIEW_WIDTH = 320  # the widest a preview column grows to fit its cells
ATTRIBUTE = ""  # the combo's data for "no role: keep as an attribute"

ROLE_LABELS: dict[str, str] = {
    "project_id": "Project id",
    "name": "Project name",
    "start": "Start",
    "baseline_start": "Baseline start (the promised duration runs from it)",
    "promised_end": "First promised end (baseline)",
    "promised_end_from": 'First promised end, earliest bound ("Promised from")',
    "forecast_end": "Current forecast end",
    "actual_end": "Actual end",
    "group_path": "Group path (WBS, outline number)",
    "status": "Status",
    "report_date": "Report date (a history: one row per project per report)",
    "date": "Statement date (events)",
    "kind": "Kind of statement (events)",
    "promised": "Promised date (events)",
    "promised_earliest": "Promised date, earliest (events)",
    "promised_latest": "Promised date, latest (events)",
    "speaker": "Speaker (events)",
    "text": "Quote or summary (events)",
    "source": "Source (events)",
}
ROLES = tuple(dict.fromkeys([*PROJECT_ROLES, *EVENT_ROLES]))

# The order of numeric dates such as 03/04/2013: the combo's labels and data.
DATE_ORDER_LABELS = (
    ("Decide from the values", ""),
    ("Day first: 03/04/2013 is 3 April 2013", "day-first"),
    ("Month first: 03/04/2013 is March 4, 2013", "month-first"),
)


class PreviewModel(QtCore.QAbstractTableModel):
    """The first rows of a file, read-only; column headers show the role chosen for each, and
    a cell of a column chosen as a date shows how it reads ("Q3 2014 → Jul 2014 – Sep 2014")."""

    def __init__(self, table: RawTable, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = table.headers
        self._rows = table.frame[self._headers].astype(str).to_numpy(dtype=object)
        self._lines = table.frame[LINE_COLUMN].to_numpy() if LINE_COLUMN in table.frame else None
        self._roles: dict[str, str] = {}
        self._readings: dict[int, list[str]] = {}  # by column: each row's reading

    def set_roles(self, roles: dict[str, str], date_order: str | None = None) -> None:
        """Show ``roles``; the date columns' cells are read in ``date_order`` ("day-first",
        "month-first"; None: decided from these rows)."""
        self._roles = dict(roles)
        columns = {h: list(self._rows[:, j]) for j, h in enumerate(self._headers)}
        readings = preview_readings(columns, self._roles, dayfirst(date_order))
        self._readings = {self._headers.index(h): texts for h, texts in readings.items()}
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
        if self._rows.size:
            last = self.index(len(self._rows) - 1, len(self._headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def reading(self, row: int, column: int) -> str:
        """How the cell reads as a date ("" outside the date columns and for an empty cell)."""
        texts = self._readings.get(column)
        return texts[row] if texts is not None else ""

    def rowCount(  # noqa: N802 (Qt override)
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(  # noqa: N802 (Qt override)
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._headers)

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if not index.isValid():
            return None
        value = str(self._rows[index.row(), index.column()])
        reading = self.reading(index.row(), index.column())
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            shown = value.replace("\n", " ⏎ ")[:200]
            return f"{shown}  →  {reading}" if reading else shown
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and reading:
            return plain_tooltip(f"{value[:2000]}\nread as: {reading}")
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and len(value) > 40:
            return plain_tooltip(value[:2000])
        return None

    def headerData(  # noqa: N802 (Qt override)
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if role != QtCore.Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == QtCore.Qt.Orientation.Vertical:
            if self._lines is not None and section < len(self._lines):
                return f"line {int(self._lines[section])}"
            return str(section + 1)
        header = self._headers[section]
        chosen = self._roles.get(header)
        return f"{header}\n→ {ROLE_LABELS.get(chosen, chosen)}" if chosen else header


class MappingDialog(QtWidgets.QDialog):
    """Choose what each column of a file means; OK is enabled once the mapping is complete.

    Signals:
        mapping_changed(object): the current :class:`ChosenMapping` after each change.
    """

    mapping_changed = QtCore.Signal(object)

    def __init__(
        self,
        table: RawTable,
        mapping: ChosenMapping | None = None,
        parent: QtWidgets.QWidget | None = None,
        *,
        file_label: str | None = None,
        date_order_unclear: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose the columns' roles")
        self._headers = table.headers
        self._combos: dict[str, QtWidgets.QComboBox] = {}
        self._updating = False
        self._order_unclear = date_order_unclear
        self.date_order = self._date_order_combo()
        self.model = PreviewModel(table, self)
        self.preview = self._preview_view()
        self.status = _plain_label("")
        self.remember = QtWidgets.QCheckBox("Remember for files with these columns")
        self.remember.setChecked(True)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        splitter.addWidget(self._roles_area())
        splitter.addWidget(self.preview)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(_plain_label(_intro(file_label or table.report.path, date_order_unclear)))
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self.date_order.currentIndexChanged.connect(lambda _i: self._refresh())
        self.set_mapping(mapping or ChosenMapping())
        if date_order_unclear:
            self.date_order.setFocus()

    def _date_order_combo(self) -> QtWidgets.QComboBox:
        combo = QtWidgets.QComboBox()
        for text, value in DATE_ORDER_LABELS:
            combo.addItem(text, value)
        combo.setToolTip(
            "How to read numeric dates such as 03/04/2013 in this file. Left to the values, a "
            "column is read day-first or month-first when one of its dates can only be read "
            "one way (17/05/2013); otherwise its ambiguous dates are reported, not guessed."
        )
        return combo

    def _roles_area(self) -> QtWidgets.QScrollArea:
        """A role combo per header, below the date order, in a scroll area."""
        form = QtWidgets.QFormLayout()
        for header in self._headers:
            combo = QtWidgets.QComboBox()
            combo.addItem("(attribute)", ATTRIBUTE)
            for role in ROLES:
                combo.addItem(ROLE_LABELS.get(role, role), role)
            combo.currentIndexChanged.connect(lambda _i, h=header: self._on_role_chosen(h))
            self._combos[header] = combo
            form.addRow(_plain_label(header, wrap=False), combo)
        order_label = QtWidgets.QLabel("&Dates like 03/04/2013")
        order_label.setBuddy(self.date_order)
        form.insertRow(0, order_label, self.date_order)
        roles_box = QtWidgets.QWidget()
        roles_box.setLayout(form)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(roles_box)
        return scroll

    def _preview_view(self) -> QtWidgets.QTableView:
        view = QtWidgets.QTableView()
        view.setModel(self.model)
        view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.horizontalHeader().setDefaultAlignment(
            QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        return view

    def mapping(self) -> ChosenMapping:
        """The chosen roles (attributes left out) and date order: the one chosen, or "decide
        from the values" as an answer when the order was the question (not asked again), or
        no answer."""
        roles = {}
        for header, combo in self._combos.items():
            role = combo.currentData()
            if role:
                roles[header] = role
        order = self.date_order.currentData() or None
        if order is None and self._order_unclear:
            order = DATE_ORDER_AUTO
        return ChosenMapping(roles, order)

    def set_mapping(self, mapping: ChosenMapping) -> None:
        self._updating = True
        try:
            for header, combo in self._combos.items():
                index = combo.findData(mapping.roles.get(header, ATTRIBUTE))
                combo.setCurrentIndex(max(index, 0))
            chosen_order = mapping.date_order or ""
            order = self.date_order.findData(
                "" if chosen_order == DATE_ORDER_AUTO else chosen_order
            )
            self.date_order.setCurrentIndex(max(order, 0))
        finally:
            self._updating = False
        self._refresh()

    def missing(self) -> list[str]:
        """What the current mapping still lacks (empty when OK is enabled)."""
        mapping = self._roles()
        return unresolved_roles(mapping, table_of_mapping(mapping))

    def _roles(self) -> dict[str, str]:
        return dict(self.mapping().roles)

    def _on_role_chosen(self, header: str) -> None:
        if self._updating:
            return
        role = self._combos[header].currentData()
        if role:
            # A role belongs to one column: another column holding it gives it up.
            self._updating = True
            try:
                for other, combo in self._combos.items():
                    if other != header and combo.currentData() == role:
                        combo.setCurrentIndex(0)
            finally:
                self._updating = False
        self._refresh()

    def _refresh(self) -> None:
        mapping = self._roles()
        table = table_of_mapping(mapping)
        missing = unresolved_roles(mapping, table)
        self.model.set_roles(mapping, self.date_order.currentData() or None)
        self._fit_preview()
        kind = "an events ledger" if table == "events" else "a projects table"
        if missing:
            self.status.setText(f"Read as {kind}. Still needed: {', '.join(missing)}.")
        elif self._order_unclear and not self.date_order.currentData():
            self.status.setText(
                f"Read as {kind}. Choose the order of dates like 03/04/2013, or they stay "
                "unread and reported."
            )
        else:
            self.status.setText(f"Read as {kind}. Ready.")
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.mapping_changed.emit(self.mapping())

    def _fit_preview(self) -> None:
        """Columns as wide as what they show (a date's reading included), within reason."""
        self.preview.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.preview.setColumnWidth(
                column, min(self.preview.columnWidth(column), PREVIEW_WIDTH)
            )


def _intro(label: str, date_order_unclear: bool) -> str:
    if date_order_unclear:
        return (
            f"The dates of {label} are written like 03/04/2013, and the file does not show "
            "whether the day or the month comes first. Choose the order below; check the "
            "columns' roles while you are here."
        )
    return (
        f"Slipline could not tell what every column of {label} means. Pick a role for the "
        "columns it needs; the others are kept as attributes."
    )


def _plain_label(text: str, *, wrap: bool = True) -> QtWidgets.QLabel:
    """A label that shows ``text`` literally (file names and headers are untrusted)."""
    label = QtWidgets.QLabel(text)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label
