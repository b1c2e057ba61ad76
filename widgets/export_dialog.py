"""File → Export…: the export's options, a live preview of what will be written, and where.

The dialog only gathers :class:`ExportChoices`; the window's side (``app.export_window``)
renders the preview and writes the file through callbacks, so the dialog knows nothing of the
export itself, nor the settings (the window's side gives the starting options). The preview is
asked for 200 ms after the last change of an option (typing a title re-renders once the keys
pause).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets
from shiboken6 import isValid

FORMATS = (
    ("PNG image", "png"),
    ("SVG vectors", "svg"),
    ("PDF pages", "pdf"),
    ("CSV metrics", "csv"),
)
PAGES = ("A4", "A3", "letter")
PREVIEW_DELAY_MS = 200


@dataclass
class ExportChoices:
    """What the dialog asks: the ``slipline export`` options, and the scope."""

    path: str = ""
    title: str = ""  # "": the default title (shown as the field's placeholder)
    no_title: bool = False  # no title at all (``--title ""``)
    subtitle: str = ""
    legend: bool = True
    as_of: str = ""  # YYYY-MM-DD
    group_by: str = ""  # "": no lanes
    sort: str = ""  # "": file order
    descending: bool | None = None
    filter_text: str = ""
    range_text: str = ""  # FROM..TO, "": the fitted range (or the window's, on screen)
    rows: int = 0  # 0: every row
    width: int = 1600
    dpi: int = 96
    font_scale: float = 1.0
    page: str = "A4"
    landscape: bool = False
    theme: str = "light"
    on_screen: bool = False  # the rows and time in view in the window, else every row

    @property
    def format(self) -> str:
        """ "png", "svg", "pdf" or "csv", by the file name's ending."""
        return Path(self.path).suffix.lower().lstrip(".")


@dataclass
class Preview:
    """What the window's side renders for the dialog: the picture (None for a table), what to
    say under it, and the default title for these rows. ``pending``: the data is still being
    computed (the last picture stays; the window's side calls :meth:`refresh_preview` again)."""

    image: QtGui.QImage | None
    note: str
    default_title: str = ""
    pending: bool = False


class ExportDialog(QtWidgets.QDialog):
    """The export's options (left) and the preview (right). ``preview(choices)`` renders;
    ``write(choices)`` writes the file and returns None, or why it could not (then the dialog
    stays open and says so in a message box naming the file)."""

    preview_shown = QtCore.Signal()

    def __init__(
        self,
        parent: QtWidgets.QWidget | None,
        defaults: ExportChoices,
        preview: Callable[[ExportChoices], Preview],
        write: Callable[[ExportChoices], str | None],
        sorts: list[tuple[str, str]],
        groups: list[str],
        own_direction: Callable[[str], bool],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._preview, self._write = preview, write
        self._own_direction = own_direction
        self.error_box: QtWidgets.QMessageBox | None = None
        self.previews = 0  # rendered so far (the tests count them)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        form = self._make_fields(sorts, groups)
        self._set(defaults)
        self._connect_changes()
        self._lay_out(form)
        self.resize(1180, 760)
        self._timer.start()

    # building ---------------------------------------------------------------------------------
    def _make_fields(self, sorts, groups) -> QtWidgets.QFormLayout:
        form = QtWidgets.QFormLayout()
        self.path_edit = QtWidgets.QLineEdit()
        choose = QtWidgets.QPushButton("Choose…")
        choose.clicked.connect(self._choose_file)
        where = QtWidgets.QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(choose)
        form.addRow("File", where)
        self.format_combo = _combo(FORMATS)
        form.addRow("Format", self.format_combo)
        self.scope_screen = QtWidgets.QRadioButton("What is on screen (rows and time in view)")
        self.scope_all = QtWidgets.QRadioButton("Every row")
        scope = QtWidgets.QVBoxLayout()
        scope.addWidget(self.scope_all)
        scope.addWidget(self.scope_screen)
        form.addRow("Rows shown", scope)
        self.title_edit = QtWidgets.QLineEdit()
        self.subtitle_edit = QtWidgets.QLineEdit()
        self.legend_check = QtWidgets.QCheckBox("Legend")
        self.no_title_check = QtWidgets.QCheckBox("None")
        self.no_title_check.toggled.connect(lambda off: self.title_edit.setEnabled(not off))
        title = QtWidgets.QHBoxLayout()
        title.addWidget(self.title_edit, 1)
        title.addWidget(self.no_title_check)
        form.addRow("Title", title)
        form.addRow("Subtitle", self.subtitle_edit)
        form.addRow("", self.legend_check)
        self.as_of_edit = QtWidgets.QDateEdit()
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setCalendarPopup(True)
        form.addRow("As of", self.as_of_edit)
        self.group_combo = _combo([("(no grouping)", ""), *[(g, g) for g in groups]])
        form.addRow("Group by", self.group_combo)
        self.sort_combo = _combo(sorts)
        self.descending_check = QtWidgets.QCheckBox("Descending")
        sort = QtWidgets.QHBoxLayout()
        sort.addWidget(self.sort_combo, 1)
        sort.addWidget(self.descending_check)
        form.addRow("Sort", sort)
        self.filter_edit = QtWidgets.QLineEdit()
        self.filter_edit.setPlaceholderText("name or attribute contains…")
        form.addRow("Filter", self.filter_edit)
        self.range_edit = QtWidgets.QLineEdit()
        self.range_edit.setPlaceholderText("FROM..TO, e.g. 2010..2020 (empty: all of time)")
        form.addRow("Time range", self.range_edit)
        self.rows_spin = _spin(0, 10_000_000, "all", " rows")
        self.rows_spin.setToolTip("Only the first N rows after filtering and sorting")
        form.addRow("First rows", self.rows_spin)
        self._make_size_fields(form)
        return form

    def _make_size_fields(self, form: QtWidgets.QFormLayout) -> None:
        self.width_spin = _spin(400, 20000, "", " px")
        self.dpi_spin = _spin(48, 1200, "", " dpi")
        form.addRow("Width", self.width_spin)
        form.addRow("Resolution", self.dpi_spin)
        self.font_spin = QtWidgets.QDoubleSpinBox()
        self.font_spin.setRange(0.5, 4.0)
        self.font_spin.setSingleStep(0.1)
        form.addRow("Text size", self.font_spin)
        self.page_combo = QtWidgets.QComboBox()
        self.page_combo.setEditable(True)
        self.page_combo.addItems(PAGES)
        self.page_combo.setToolTip("A4, A3, letter or WxHmm (e.g. 400x250mm)")
        self.landscape_check = QtWidgets.QCheckBox("Landscape")
        page = QtWidgets.QHBoxLayout()
        page.addWidget(self.page_combo, 1)
        page.addWidget(self.landscape_check)
        form.addRow("PDF page", page)
        self.theme_combo = _combo([("Light (prints well)", "light"), ("Dark", "dark")])
        form.addRow("Theme", self.theme_combo)

    def _lay_out(self, form: QtWidgets.QFormLayout) -> None:
        self.preview_label = QtWidgets.QLabel()
        self.preview_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.preview_label.setObjectName("export_preview")
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.preview_label)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(560)
        self.note_label = QtWidgets.QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addWidget(self.note_label)
        left = QtWidgets.QWidget()
        left.setLayout(form)
        body = QtWidgets.QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(
            "Export", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def _connect_changes(self) -> None:
        for edit in (self.title_edit, self.subtitle_edit, self.filter_edit, self.range_edit):
            edit.textChanged.connect(self._changed)
        self.path_edit.textChanged.connect(self._on_path_edited)
        self.format_combo.currentIndexChanged.connect(self._on_format_chosen)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_chosen)
        for combo in (self.group_combo, self.theme_combo, self.page_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.page_combo.editTextChanged.connect(self._changed)
        checks = (self.legend_check, self.descending_check, self.landscape_check)
        for box in (*checks, self.no_title_check):
            box.toggled.connect(self._changed)
        self.scope_screen.toggled.connect(self._changed)
        self.as_of_edit.dateChanged.connect(self._changed)
        for spin in (self.rows_spin, self.width_spin, self.dpi_spin, self.font_spin):
            spin.valueChanged.connect(self._changed)

    # the choices ------------------------------------------------------------------------------
    def _set(self, c: ExportChoices) -> None:
        self.path_edit.setText(c.path)
        _pick(self.format_combo, c.format)
        (self.scope_screen if c.on_screen else self.scope_all).setChecked(True)
        self.title_edit.setText(c.title)
        self.no_title_check.setChecked(c.no_title)
        self.subtitle_edit.setText(c.subtitle)
        self.legend_check.setChecked(c.legend)
        self.as_of_edit.setDate(QtCore.QDate.fromString(c.as_of, "yyyy-MM-dd"))
        _pick(self.group_combo, c.group_by)
        _pick(self.sort_combo, c.sort)
        self.descending_check.setChecked(bool(c.descending))
        self.descending_check.setEnabled(bool(c.sort))
        self.filter_edit.setText(c.filter_text)
        self.range_edit.setText(c.range_text)
        self.rows_spin.setValue(c.rows)
        self.width_spin.setValue(c.width)
        self.dpi_spin.setValue(c.dpi)
        self.font_spin.setValue(c.font_scale)
        self.page_combo.setCurrentText(c.page)
        self.landscape_check.setChecked(c.landscape)
        _pick(self.theme_combo, c.theme)

    def choices(self) -> ExportChoices:
        """The options as the fields hold them now."""
        sort = str(self.sort_combo.currentData() or "")
        path = self.path_edit.text().strip()
        if path and self.format_combo.findData(Path(path).suffix.lower().lstrip(".")) < 0:
            path += "." + str(self.format_combo.currentData())  # no ending typed: the format's
        return ExportChoices(
            path=path,
            title=self.title_edit.text(),
            no_title=self.no_title_check.isChecked(),
            subtitle=self.subtitle_edit.text(),
            legend=self.legend_check.isChecked(),
            as_of=self.as_of_edit.date().toString("yyyy-MM-dd"),
            group_by=str(self.group_combo.currentData() or ""),
            sort=sort,
            descending=self.descending_check.isChecked() if sort else None,
            filter_text=self.filter_edit.text(),
            range_text=self.range_edit.text().strip(),
            rows=self.rows_spin.value(),
            width=self.width_spin.value(),
            dpi=self.dpi_spin.value(),
            font_scale=self.font_spin.value(),
            page=self.page_combo.currentText().strip() or "A4",
            landscape=self.landscape_check.isChecked(),
            theme=str(self.theme_combo.currentData()),
            on_screen=self.scope_screen.isChecked(),
        )

    # reacting ---------------------------------------------------------------------------------
    def _changed(self, *_args) -> None:
        self._timer.start()  # (restarted: one preview once the changes pause)

    def _on_path_edited(self, text: str) -> None:
        """A file name's ending chooses the format."""
        suffix = Path(text.strip()).suffix.lower().lstrip(".")
        if self.format_combo.findData(suffix) >= 0:
            self.format_combo.blockSignals(True)
            _pick(self.format_combo, suffix)
            self.format_combo.blockSignals(False)
        self._changed()

    def _on_format_chosen(self, _index: int) -> None:
        """A format chosen gives the file name its ending."""
        suffix = "." + str(self.format_combo.currentData())
        path = Path(self.path_edit.text().strip() or "slipline")
        self.path_edit.blockSignals(True)
        self.path_edit.setText(str(path.with_suffix(suffix)))
        self.path_edit.blockSignals(False)
        self._changed()

    def _on_sort_chosen(self, _index: int) -> None:
        """A new sort key starts in its own direction (the slips descend, the others ascend)."""
        key = str(self.sort_combo.currentData() or "")
        self.descending_check.blockSignals(True)
        self.descending_check.setChecked(bool(key) and self._own_direction(key))
        self.descending_check.blockSignals(False)
        self.descending_check.setEnabled(bool(key))
        self._changed()

    def _choose_file(self) -> None:
        start = self.path_edit.text().strip()
        pattern = ";;".join(f"{label} (*.{suffix})" for label, suffix in FORMATS)
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Export to", start, pattern)
        if name:
            self.path_edit.setText(name)

    def refresh_preview(self) -> None:
        """Render the preview of the options now (normally 200 ms after the last change)."""
        self._timer.stop()
        shown = self._preview(self.choices())
        if not isValid(self.title_edit):  # closed while it rendered (which runs the event loop)
            return
        if shown.pending:
            self.note_label.setText(shown.note)
            return
        self.previews += 1
        self.title_edit.setPlaceholderText(shown.default_title)
        if shown.image is None:
            self.preview_label.setPixmap(QtGui.QPixmap())
            self.preview_label.setText("(no picture: a table)")
        else:
            self.preview_label.setPixmap(QtGui.QPixmap.fromImage(shown.image))
        self.note_label.setText(shown.note)
        self.preview_shown.emit()

    def export(self) -> None:
        """Write the file and close, or say why it could not be written."""
        choices = self.choices()
        if not choices.path:
            self._say("No file name: type one, or choose it (Choose…)")
            return
        problem = self._write(choices)
        if problem is not None:
            self._say(problem)
            return
        self.accept()

    def _say(self, message: str) -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, "Export failed", "", parent=self
        )
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setText(message)
        box.open()
        self.error_box = box


def _combo(items) -> QtWidgets.QComboBox:
    combo = QtWidgets.QComboBox()
    for label, data in items:
        combo.addItem(label, data)
    return combo


def _pick(combo: QtWidgets.QComboBox, data: str) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def _spin(low: int, high: int, special: str, suffix: str) -> QtWidgets.QSpinBox:
    spin = QtWidgets.QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    if special:
        spin.setSpecialValueText(special)
    spin.setGroupSeparatorShown(True)
    return spin
