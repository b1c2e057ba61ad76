"""The main window: the timeline, File menu, drag and drop, status summary and error messages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from app.controller import DatasetController
from app.export_window import WindowExports
from app.file_menu import FileMenu
from app.fiscal_setting import add_fiscal_action
from app.help import add_help_menu
from app.lanes import WindowLanes
from app.mapping_store import MappingQuestion, user_settings
from app.panels import ProjectPanels
from app.theme import THEMES, apply_theme
from app.view_hooks import FilterView, StatusName, ask_date_range
from app.workbench import Workbench, make_rows_toolbar
from data.query import Query, existing
from resources import sample_paths
from widgets.timeline import EMPTY_MESSAGE, TimelinePanel

if TYPE_CHECKING:  # pandas and the rest come after the first paint (the loading thread)
    from data.metrics import Snapshot
    from widgets.load_report import LoadReportDialog
    from widgets.mapping_dialog import MappingDialog

log = logging.getLogger(__name__)


class MainWindow(QtWidgets.QMainWindow):
    """Slipline's window. ``_connect_signals`` is the one place where its parts are wired."""

    # the Rows toolbar's controls (``app.workbench.make_rows_toolbar``)
    filter_edit: QtWidgets.QLineEdit
    _filter_timer: QtCore.QTimer
    sort_combo: QtWidgets.QComboBox
    group_combo: QtWidgets.QComboBox

    def __init__(self, controller: DatasetController | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Slipline")
        self.setAcceptDrops(True)
        self.controller = controller or DatasetController(self)
        self.settings = user_settings()
        self.panel = TimelinePanel(self)
        self.timeline = self.panel.timeline
        self.filter_view = FilterView(self.timeline)
        self._fit_next = True  # (the next snapshot is new data: fit it)
        self.status_name = StatusName(self.statusBar())
        self.setCentralWidget(self.panel)
        self.summary_label = QtWidgets.QLabel()
        self.summary_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.progress_bar = QtWidgets.QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setFormat("Loading… %p%")
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop loading; the data shown stays (Esc)")
        self.cancel_button.setShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape))
        for widget in (self.progress_bar, self.cancel_button, self.summary_label):
            self.statusBar().addPermanentWidget(widget)
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.error_box: QtWidgets.QMessageBox | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.report_dialog: LoadReportDialog | None = None
        self._make_actions()
        self.fiscal_action = add_fiscal_action(self, self.controller)
        make_rows_toolbar(self)
        self.workbench = Workbench(self, self.view_menu)
        self.panels = ProjectPanels(self, self.workbench)
        self.lanes = WindowLanes(self.controller, self.timeline, self.view_menu)
        self.help_menu = add_help_menu(self)
        self._connect_signals()
        self._restore_settings()

    # setup ------------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self.files = FileMenu(self, menu)
        self.open_action, self.add_action = self.files.open_action, self.files.add_action
        self.sample_action = menu.addAction("Open the bundled &sample")
        menu.addSeparator()
        self.exports = WindowExports(self, menu)  # Export…, the metrics; Edit → Copy chart
        self.report_action = menu.addAction("Load &report…", "Ctrl+R")
        menu.addSeparator()
        self.quit_action = menu.addAction("&Quit", QtGui.QKeySequence.StandardKey.Quit)
        view = self.view_menu = self.menuBar().addMenu("&View")
        self.fit_action = view.addAction("&Fit all (F in the timeline)", "Ctrl+0")
        self.dates_action = view.addAction("Show &dates…", "Ctrl+G")
        self.find_action = view.addAction("&Filter projects…", QtGui.QKeySequence.StandardKey.Find)
        theme_menu = view.addMenu("&Theme")
        self.theme_group = QtGui.QActionGroup(self)
        for label, name in THEMES:
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setData(name)
            self.theme_group.addAction(action)

    def _connect_signals(self) -> None:
        # menu actions
        self.sample_action.triggered.connect(
            lambda: self.open_files([str(p) for p in sample_paths()])
        )
        self.report_action.triggered.connect(self._on_show_report)
        self.quit_action.triggered.connect(self.close)
        self.fit_action.triggered.connect(self.timeline.fit_all)
        self.dates_action.triggered.connect(lambda: ask_date_range(self, self.timeline))
        self.find_action.triggered.connect(self._on_find)
        self.theme_group.triggered.connect(self._on_theme_chosen)
        # row controls → controller
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self._filter_timer.timeout.connect(self._on_query_edited)
        self.sort_combo.currentIndexChanged.connect(self._on_query_edited)
        self.group_combo.currentIndexChanged.connect(self._on_query_edited)
        # dataset → views
        self.controller.snapshot_changed.connect(self._on_snapshot_changed)
        self.controller.load_failed.connect(self._on_load_failed)
        self.controller.dataset_loaded.connect(self._on_dataset_loaded)
        self.controller.query_changed.connect(self._on_query_changed)
        self.controller.load_started.connect(self._on_load_started)
        self.controller.load_progress.connect(self._on_load_progress)
        self.controller.load_cancelled.connect(self._on_load_cancelled)
        self.controller.mapping_needed.connect(self._on_mapping_needed)
        self.cancel_button.clicked.connect(self.controller.cancel_load)
        # views → status bar
        self.timeline.project_selected.connect(self._on_project_selected)

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        restored = False
        if isinstance(geometry, QtCore.QByteArray):
            restored = self.restoreGeometry(geometry)
        theme = str(self.settings.value("view/theme", "system"))
        for action in self.theme_group.actions():
            action.setChecked(action.data() == theme)
        self._apply_theme(theme)
        remembered = str(self.settings.value("view/sort", ""))
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(remembered)))
        group = str(self.settings.value("view/group_by", ""))
        self.workbench.restore_layout()
        sort = self.sort_combo.currentData() or None
        self.controller.set_query(Query(sort, "", group or None, self.workbench.descending()))
        screen = QtGui.QGuiApplication.primaryScreen()
        if (
            not restored
            or screen is None
            or not screen.availableGeometry().intersects(self.frameGeometry())
        ):
            # Corrupt, missing or off-screen: a sensible size, on the primary screen.
            self.resize(1400, 860)
            if screen is not None:
                area = screen.availableGeometry()
                self.move(area.topLeft() + QtCore.QPoint(40, 40))

    # public -----------------------------------------------------------------------------------
    def open_files(self, paths: list[str], add: bool = False) -> None:
        """Load ``paths`` (files and folders) in the background as the new dataset, or with
        ``add`` together with the data shown (which stays shown, and stays if nothing can be
        loaded). Mappings remembered for a file's columns apply."""
        self.files.open(paths, add=add)

    def show_error(self, title: str, message: str) -> None:
        """A non-blocking error dialog (plain text: file names and cells are untrusted)."""
        if self.error_box is not None:
            self.error_box.close()
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, title, "", parent=self)
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setText(message)
        box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
        box.open()
        self.error_box = box

    # slots ------------------------------------------------------------------------------------
    def _on_find(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _on_theme_chosen(self, action: QtGui.QAction) -> None:
        name = str(action.data())
        self.settings.setValue("view/theme", name)
        self._apply_theme(name)

    def _apply_theme(self, name: str) -> None:
        """The whole window (the application's palette) and the timeline in theme ``name``."""
        self.timeline.set_theme(apply_theme(name))

    def _on_query_edited(self, *_args) -> None:
        sort = str(self.sort_combo.currentData() or "")
        group = self.controller.query.group_by  # kept while no data offers the columns
        if self.group_combo.count() > 1:
            group = str(self.group_combo.currentData() or "") or None
            self.settings.setValue("view/group_by", group or "")
        self.settings.setValue("view/sort", sort)
        text, down = self.filter_edit.text(), self.workbench.descending()
        self.controller.set_query(Query(sort or None, text, group, down))

    def _refill_group_combo(self) -> None:
        wanted = self.controller.query.group_by or ""
        self.group_combo.blockSignals(True)
        try:
            self.group_combo.clear()
            self.group_combo.addItem("(no grouping)", "")
            for column in self.lanes.offer():
                self.group_combo.addItem(column, column)
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(wanted)))
        finally:
            self.group_combo.blockSignals(False)

    def _on_query_changed(self) -> None:
        snap = self.controller.snapshot
        if snap is not None:
            self._show(snap, keep_view=True)

    def _on_dataset_loaded(self, ledger) -> None:
        self._load_ended()
        self._fit_next = True
        if self.report_dialog is not None:
            self.report_dialog.set_report(ledger.report)
        self._refill_group_combo()
        self.workbench.refill_sort_combo(self.controller.groupable_columns())
        self.setWindowTitle(f"{self.controller.dataset_name()} — Slipline")
        problems = ledger.report.problems
        failed = [f for f in ledger.report.files if f.error]
        if failed:
            self.show_error(
                "Some files were not loaded",
                "\n".join(f.error for f in failed if f.error) + "\n\nThe other files were loaded.",
            )
        elif problems:
            self.statusBar().showMessage(
                f"{len(problems)} problems in the files (File → Load report)", 10000
            )

    def _on_snapshot_changed(self, snap: Snapshot) -> None:
        """New data (a load, a status date) is fitted in time from the first row; a new as-of
        date keeps the analyst's view, as a replay should: the same dates, row height and rows
        from the same place (what the rows hold may change: a project not yet begun is left
        out, a sort by slip reorders them)."""
        fit, self._fit_next = self._fit_next, False
        self._show(snap, keep_view=not fit, as_of_step=not fit)

    def _show(self, snap: Snapshot, keep_view: bool, as_of_step: bool = False) -> None:
        rows = self.controller.rows
        filter_text = self.filter_edit.text().strip()
        if not existing(snap.metrics).any():  # a replay before every start and statement
            as_of = snap.as_of.astype("datetime64[D]")
            self.timeline.set_empty_message(f"No project exists yet on {as_of}.")
        else:
            self.timeline.set_empty_message(
                f"No project's name or attributes contain “{filter_text}”."
                if filter_text
                else EMPTY_MESSAGE
            )
        from data.layout import build_layers  # (imported by now: the loading thread)
        from data.texts import RowTexts, summary_text

        layers = build_layers(snap, rows)
        if not as_of_step:  # (the rows' query is the same on an as-of step)
            self.filter_view.before_show(filter_text, keep_view)
        self.timeline.set_layers(
            layers, tooltips=RowTexts(snap, layers).tooltip, keep_view=keep_view
        )
        if not as_of_step:
            self.filter_view.after_show(filter_text, keep_view)
        self.summary_label.setText(summary_text(snap, rows.order))

    def _on_load_failed(self, message: str) -> None:
        self._load_ended()
        self.show_error("Could not load", message + "\n\nThe data already shown is kept.")

    def _on_project_selected(self, project_id: str) -> None:
        if project_id and self.controller.snapshot is not None:
            m = self.controller.snapshot.metrics
            name = m.loc[m["project_id"] == project_id, "name"]
            self.status_name.show(str(name.iloc[0]) if len(name) else project_id)
        else:
            self.status_name.show("")

    def _on_show_report(self) -> None:
        from widgets.load_report import LoadReportDialog

        report = self.controller.last_report
        if self.report_dialog is None:
            self.report_dialog = LoadReportDialog(report, self)
            self.report_dialog.status_date_chosen.connect(self.controller.set_status_date)
        elif report is not None:
            self.report_dialog.set_report(report)
        self.report_dialog.show()
        self.report_dialog.raise_()

    def _on_load_started(self, paths: list) -> None:
        if self.controller.ledger is None:  # nothing shown yet: say what is happening
            names = ", ".join(Path(p).name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
            self.timeline.set_empty_message(f"Loading {names} …")
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()

    def _on_load_progress(self, done: int, total: int) -> None:
        self.progress_bar.setMaximum(max(1, total))
        self.progress_bar.setValue(done)

    def _load_ended(self) -> None:
        if self.controller.ledger is None:
            self.timeline.set_empty_message(EMPTY_MESSAGE)
        self.progress_bar.hide()
        self.cancel_button.hide()

    def _on_load_cancelled(self) -> None:
        self._load_ended()
        self.statusBar().showMessage("Loading cancelled; the data shown is unchanged", 8000)

    def _on_mapping_needed(self, question: MappingQuestion) -> None:
        """A file's columns need the analyst: the mapping dialog, with the file's first rows."""
        from widgets.mapping_dialog import MappingDialog

        self._load_ended()
        dialog = MappingDialog(
            question.preview,
            question.proposal,
            self,
            file_label=Path(question.file.path).name,
            date_order_unclear=question.date_order_unclear,
        )
        dialog.accepted.connect(
            lambda: self.controller.answer_mapping(
                question, dialog.mapping(), dialog.remember.isChecked()
            )
        )
        dialog.rejected.connect(lambda: self.controller.decline_mapping(question))
        dialog.finished.connect(dialog.deleteLater)
        self.mapping_dialog = dialog
        dialog.open()

    # Qt overrides -----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:  # noqa: N802
        self.files.drop(event)  # (Ctrl held: added to the data shown)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.workbench.save_layout()
        self.controller.shutdown()  # no loading thread outlives the window
        super().closeEvent(event)
