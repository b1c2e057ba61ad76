"""The load report panel: what was detected in each file, how its dates were read, and every
problem, readable and copyable.

Everything is shown as plain text (cells are untrusted: a value like ``<img src=…>`` stays
literal); "Copy" puts the whole report on the clipboard as text, Ctrl+C the selected problems as
tab-separated lines.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from data.ledger.status import read_status_date
from data.report import LoadReport, Problem
from widgets.text import plain_tooltip

PROBLEM_COLUMNS = ("File", "Row", "Column", "Value", "Message")


def _cell(problem: Problem, column: int) -> str:
    value = (problem.file, problem.row, problem.column, problem.value, problem.message)[column]
    return "" if value is None else str(value)


class ProblemModel(QtCore.QAbstractTableModel):
    """The report's problems, one per row: file, row, column, value, message."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(  # noqa: N802 (Qt override)
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._problems)

    def columnCount(  # noqa: N802 (Qt override)
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(PROBLEM_COLUMNS)

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if not index.isValid():
            return None
        text = _cell(self._problems[index.row()], index.column())
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return text.replace("\n", " ⏎ ")[:500]
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and len(text) > 30:
            # Qt guesses rich text in tooltips: escaped inside a block, it shows literally.
            return plain_tooltip(text[:4000])
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ):
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            if orientation == QtCore.Qt.Orientation.Horizontal:
                return PROBLEM_COLUMNS[section]
            return str(section + 1)
        return None


READING_COLUMNS = ("Value", "Read as")


def report_text(report: LoadReport, *, readings: bool = True) -> str:
    """The report as plain text: the detection per file (with a few of each date column's
    readings unless ``readings`` is false), counts, problems and conflicts."""
    lines = [report.summary(readings=readings)]
    for f in report.files:
        if f.error is None:
            lines.append(f"{f.path}: {f.rows} rows read of {f.records} records")
    return "\n".join(lines)


def readings_tree(report: LoadReport) -> QtWidgets.QTreeWidget:
    """A few values of each file's date columns beside how each was read: file, column, then
    one row per value (value, reading); every text shown literally."""
    tree = QtWidgets.QTreeWidget()
    tree.setColumnCount(len(READING_COLUMNS))
    tree.setHeaderLabels(list(READING_COLUMNS))
    tree.setRootIsDecorated(True)
    tree.setUniformRowHeights(True)
    fill_readings(tree, report)
    return tree


def fill_readings(tree: QtWidgets.QTreeWidget, report: LoadReport) -> None:
    tree.clear()
    for f in report.files:
        if not f.readings:
            continue
        file_item = QtWidgets.QTreeWidgetItem(tree, [f.path])
        file_item.setFirstColumnSpanned(True)
        for header, readings in f.readings.items():
            column_item = QtWidgets.QTreeWidgetItem(file_item, [f"column {header!r}"])
            column_item.setFirstColumnSpanned(True)
            for r in readings:
                item = QtWidgets.QTreeWidgetItem(column_item, [r.value, r.reading])
                item.setToolTip(1, plain_tooltip(f"from {r.earliest} to {r.latest}"))
    tree.expandAll()
    tree.resizeColumnToContents(0)
    tree.setColumnWidth(0, min(max(tree.columnWidth(0), 160), 360))


class LoadReportPanel(QtWidgets.QWidget):
    """Shows a :class:`LoadReport`: a plain-text summary of the files, how their dates were read
    (a few values of each date column) and a problem table.

    Signals:
        problem_activated(object): a problem row was double-clicked (the :class:`Problem`).
    """

    problem_activated = QtCore.Signal(object)

    def __init__(
        self, report: LoadReport | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._report = LoadReport()
        self.summary = QtWidgets.QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumBlockCount(0)
        self.summary.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.model = ProblemModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._on_double_clicked)
        copy_rows = QtGui.QAction("Copy", self.table)
        copy_rows.setShortcut(QtGui.QKeySequence.StandardKey.Copy)
        copy_rows.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        copy_rows.triggered.connect(self.copy_selected)
        self.table.addAction(copy_rows)
        self.counts = QtWidgets.QLabel()
        self.counts.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.copy_button = QtWidgets.QPushButton("Copy report")
        self.copy_button.clicked.connect(self.copy_all)
        self.readings = readings_tree(LoadReport())

        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        splitter.addWidget(self.summary)
        splitter.addWidget(
            _titled("Dates as read (a few values of each date column)", self.readings)
        )
        splitter.addWidget(self.table)
        for index, stretch in enumerate((2, 3, 2)):
            splitter.setStretchFactor(index, stretch)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.copy_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.set_report(report or LoadReport())

    def set_report(self, report: LoadReport) -> None:
        self._report = report
        self.summary.setPlainText(report_text(report, readings=False))
        fill_readings(self.readings, report)
        self.model.set_problems(report.problems)
        self.table.resizeColumnsToContents()
        for column in (0, 3):  # long paths and values: keep the message in view
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self.counts.setText(
            f"{len(report.files)} file(s), {report.projects} projects, {report.events} events, "
            f"{len(report.problems)} problem(s), {len(report.conflicts)} conflict(s)"
        )

    def text(self) -> str:
        return report_text(self._report)

    def copy_all(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.text())

    def selected_text(self) -> str:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return "\n".join(
            "\t".join(_cell(self.model.problem(r), c) for c in range(len(PROBLEM_COLUMNS)))
            for r in rows
        )

    def copy_selected(self) -> None:
        text = self.selected_text()
        if text:
            QtGui.QGuiApplication.clipboard().setText(text)

    def _on_double_clicked(self, index: QtCore.QModelIndex) -> None:
        if index.isValid():
            self.problem_activated.emit(self.model.problem(index.row()))


def _titled(title: str, widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    label = QtWidgets.QLabel(title)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box


class LoadReportDialog(QtWidgets.QDialog):
    """The load report panel in a dialog with a Close button (File → Load report…) and "Set
    status date…": the date the tables' current figures were stated, over each file's own.

    Signals:
        status_date_chosen(object): a status date was chosen (a day as ``datetime64``), or
            cleared (None: each file's own); the files are loaded again with it.
    """

    status_date_chosen = QtCore.Signal(object)

    def __init__(
        self, report: LoadReport | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load report")
        self.panel = LoadReportPanel(report, self)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.status_button = buttons.addButton(
            "Set status date…", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.status_button.clicked.connect(self._ask_status_date)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(900, 720)

    def set_report(self, report: LoadReport) -> None:
        self.panel.set_report(report)

    def choose_status_date(self, text: str) -> bool:
        """Emit the status date ``text`` names (empty: none, each file's own); False when it
        is not a date (nothing is emitted)."""
        if not text.strip():
            self.status_date_chosen.emit(None)
            return True
        day = read_status_date(text)
        if day is None:
            return False
        self.status_date_chosen.emit(day)
        return True

    def _ask_status_date(self) -> None:
        text, ok = QtWidgets.QInputDialog.getText(
            self,
            "Set status date",
            "The date the tables' current figures were stated (e.g. 2023-03-31);\n"
            "empty: each file's own status date.",
        )
        if ok and not self.choose_status_date(text):
            QtWidgets.QMessageBox.warning(
                self, "Set status date", f"{text!r} is not a date I can read (try 2023-03-31)."
            )
