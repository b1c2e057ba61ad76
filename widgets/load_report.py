"""The load report panel: what was detected in each file and every problem, readable and copyable.

Everything is shown as plain text (cells are untrusted: a value like ``<img src=…>`` stays
literal); "Copy" puts the whole report on the clipboard as text, Ctrl+C the selected problems as
tab-separated lines.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

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


def report_text(report: LoadReport) -> str:
    """The report as plain text: the detection per file, counts, problems and conflicts."""
    lines = [report.summary()]
    for f in report.files:
        if f.error is None:
            lines.append(f"{f.path}: {f.rows} rows read of {f.records} records")
    return "\n".join(lines)


class LoadReportPanel(QtWidgets.QWidget):
    """Shows a :class:`LoadReport`: a plain-text summary of the files and a problem table.

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

        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        splitter.addWidget(self.summary)
        splitter.addWidget(self.table)
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
        self.summary.setPlainText(report_text(report))
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


class LoadReportDialog(QtWidgets.QDialog):
    """The load report panel in a dialog with a Close button (File → Load report…)."""

    def __init__(
        self, report: LoadReport | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load report")
        self.panel = LoadReportPanel(report, self)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)

    def set_report(self, report: LoadReport) -> None:
        self.panel.set_report(report)
