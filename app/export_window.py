"""The window's exports: File → Export… (the export dialog, :mod:`widgets.export_dialog`, on the
window's data through :class:`app.export_job.ExportJob`), File → Export metrics as CSV… (the
rows shown, at once) and Edit → Copy chart (the chart as shown, as a PNG image and as SVG).

The dialog starts from what the window shows: its as-of date, sort, filter and grouping; its
other options (:data:`REMEMBERED`) and the file name come from the last export written (the
settings, under ``export/``). A file is written
through the export's temporary file and rename; a failure leaves an existing file as it was and
is said in a message box naming the file. A long export shows a busy indicator.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets
from shiboken6 import isValid

if TYPE_CHECKING:  # (the export modules bring pandas: imported when first used)
    from app.export_job import ExportJob
    from widgets.export_dialog import ExportChoices, ExportDialog

FOLDER_KEY = "paths/export_folder"
SETTINGS_GROUP = "export"
# What is remembered between dialogs (the rest follows the window, or the data, each time).
REMEMBERED = (
    "path",
    "subtitle",
    "legend",
    "rows",
    "width",
    "dpi",
    "font_scale",
    "page",
    "landscape",
    "theme",
    "on_screen",
)
INPUT_KEPT = (
    "is one of the files shown; Slipline never writes its input files. Choose another name."
)


class WindowExports(QtCore.QObject):
    """The export entries of ``window`` (a MainWindow: its controller, timeline, settings,
    ``show_error`` and status bar are used): added to ``file_menu``, and an Edit menu."""

    def __init__(self, window, file_menu: QtWidgets.QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.export_action = file_menu.addAction("&Export…", "Ctrl+E")
        self.export_action.setToolTip("Export the chart (PNG, SVG, PDF) or the metrics (CSV)")
        self.csv_action = file_menu.addAction("Export &metrics as CSV…", "Ctrl+Shift+E")
        self.edit_menu = window.menuBar().addMenu("&Edit")
        self.copy_action = self.edit_menu.addAction("&Copy chart", "Ctrl+Shift+C")
        self.copy_action.setToolTip("The chart as shown, as an image and as SVG")
        self.export_action.triggered.connect(self.open_dialog)
        self.csv_action.triggered.connect(self.export_csv)
        self.copy_action.triggered.connect(self.copy_chart)
        self.dialog: ExportDialog | None = None
        self._job: ExportJob | None = None
        self._background: Any = None  # the previews' Recomputer, made with the first dialog

    # File → Export… ---------------------------------------------------------------------------
    def defaults(self) -> ExportChoices:
        """The dialog's starting options: the window's as-of date, sort, filter and grouping."""
        from widgets.export_dialog import ExportChoices

        controller = self.window.controller
        query = controller.effective_query()
        folder = str(self.window.settings.value(FOLDER_KEY, "")) or str(Path.home())
        snap = controller.snapshot
        base = ExportChoices(
            path=str(Path(folder) / "slipline.png"),
            as_of=str(snap.as_of.astype("datetime64[D]")) if snap is not None else "",
            group_by=query.group_by or "",
            sort=query.sort or "",
            descending=query.descending if query.sort else None,
            filter_text=query.filter_text,
        )
        return remembered(self.window.settings, base)

    def open_dialog(self) -> None:
        """The export dialog on the data shown (nothing happens before data is shown)."""
        from app.export_job import ExportJob
        from data.query import SORTS
        from widgets.export_dialog import ExportDialog

        controller = self.window.controller
        if controller.snapshot is None or controller.ledger is None:
            self.window.statusBar().showMessage("Nothing to export yet: open some data", 6000)
            return
        self._job = ExportJob(controller, self.window.timeline, self._previews_background())
        combo = self.window.sort_combo
        own = {s.key: s.descending for s in SORTS}
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = ExportDialog(
            self.window,
            self.defaults(),
            self._job.preview,
            self.write,
            sorts=[(combo.itemText(i), str(combo.itemData(i) or "")) for i in range(combo.count())],
            groups=controller.groupable_columns(),
            own_direction=lambda key: own.get(key, False),
        )
        dialog = self.dialog
        self._job.prepared = lambda: dialog.refresh_preview() if isValid(dialog) else None
        self.dialog.open()

    def _previews_background(self):
        """The Recomputer of the previews' data, on the controller's own thread (made once)."""
        if self._background is None:
            from app.recompute import Recomputer

            self._background = Recomputer(self, self.window.controller.recomputer.pool)
            self._background.ready.connect(lambda result: self._job and self._job.arrived(result))
            self._background.failed.connect(self._preview_failed)
        else:
            self._background.discard()  # (a dialog before this one asked it)
        return self._background

    def _preview_failed(self, message: str) -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.note_label.setText(f"Cannot preview: {message}")

    def write(self, choices: ExportChoices) -> str | None:
        """Write what ``choices`` asks; None when written, else why not (naming the file)."""
        from app.export import ExportError, overwrites_input

        assert self._job is not None
        out = Path(choices.path).expanduser()
        if overwrites_input(out, self.window.controller.paths):
            return f"{out} {INPUT_KEPT}"
        busy = _busy(self.dialog or self.window, f"Writing {out.name}…")
        try:
            said = self._job.write(choices, out)
        except (ExportError, ValueError) as exc:
            text = str(exc)
            return text if str(out) in text else f"{out}: {text}"
        finally:
            busy.close()
            busy.deleteLater()
            QtWidgets.QApplication.restoreOverrideCursor()
        self.window.settings.setValue(FOLDER_KEY, str(out.parent))
        remember(self.window.settings, replace(choices, path=str(out)))
        self.window.statusBar().showMessage(said, 8000)
        return None

    # File → Export metrics as CSV… ------------------------------------------------------------
    def export_csv(self) -> None:
        """The metrics of the rows shown, in their order, at once (asked only where)."""
        from app.export import ExportError, export_csv

        controller = self.window.controller
        if controller.snapshot is None or controller.ledger is None:
            return
        path = self._ask_target("Export metrics", ".csv", "CSV table (*.csv)")
        if path is None:
            return
        try:
            export_csv(
                controller.snapshot, path, controller.rows.order, controller.ledger.attributes
            )
            self.window.statusBar().showMessage(f"Wrote {path}", 8000)
        except ExportError as exc:
            self.window.show_error("Export failed", str(exc))

    def _ask_target(self, caption: str, suffix: str, pattern: str) -> Path | None:
        from app.export import overwrites_input

        folder = str(self.window.settings.value(FOLDER_KEY, ""))
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, caption, str(Path(folder) / f"slipline{suffix}"), pattern
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        if overwrites_input(path, self.window.controller.paths):
            self.window.show_error("Not exported", f"{path} {INPUT_KEPT}")
            return None
        self.window.settings.setValue(FOLDER_KEY, str(path.parent))
        return path

    # Edit → Copy chart ------------------------------------------------------------------------
    def copy_chart(self) -> None:
        """The chart as shown on the clipboard: as an image (PNG) and as SVG (image/svg+xml)."""
        timeline = self.window.timeline
        image = timeline.grab().toImage()
        data = QtCore.QMimeData()
        data.setImageData(image)
        png = QtCore.QByteArray()
        buffer = QtCore.QBuffer(png)
        buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        data.setData("image/png", png)
        data.setData("image/svg+xml", chart_svg(timeline))
        QtWidgets.QApplication.clipboard().setMimeData(data)
        self.window.statusBar().showMessage("Chart copied to the clipboard (image and SVG)", 4000)


def remembered(settings: QtCore.QSettings, base: ExportChoices) -> ExportChoices:
    """``base`` with the remembered options read over it (a value of the wrong kind is
    ignored)."""
    kinds = {f.name: type(getattr(base, f.name)) for f in fields(base)}
    values: dict[str, Any] = {}
    for name in REMEMBERED:
        key = f"{SETTINGS_GROUP}/{name}"
        if not settings.contains(key):
            continue
        raw = settings.value(key)
        try:
            values[name] = (
                raw in (True, "true", "1", 1) if kinds[name] is bool else kinds[name](raw)
            )
        except (TypeError, ValueError):
            continue
    return replace(base, **values)


def remember(settings: QtCore.QSettings, choices: ExportChoices) -> None:
    """Keep the :data:`REMEMBERED` options of an export written, for the next dialog."""
    for name in REMEMBERED:
        settings.setValue(f"{SETTINGS_GROUP}/{name}", getattr(choices, name))


def chart_svg(timeline) -> QtCore.QByteArray:
    """The timeline widget as it is shown, painted as SVG (vectors and text)."""
    from PySide6 import QtSvg

    from app.export_vector import LAYOUT_DPI, paint_chart, xml_safe

    svg = QtCore.QByteArray()
    buffer = QtCore.QBuffer(svg)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    width, height = timeline.width(), timeline.height()
    generator = QtSvg.QSvgGenerator(QtSvg.QSvgGenerator.SvgVersion.Svg11)
    generator.setOutputDevice(buffer)
    generator.setSize(QtCore.QSize(width, height))
    generator.setViewBox(QtCore.QRect(0, 0, width, height))
    generator.setResolution(LAYOUT_DPI)
    generator.setTitle("Slipline timeline")
    painter = QtGui.QPainter(generator)
    try:
        paint_chart(timeline, painter, QtCore.QRectF(0, 0, width, height))
    finally:
        painter.end()
        buffer.close()
    return QtCore.QByteArray(xml_safe(bytes(svg.data())))


def _busy(parent: QtWidgets.QWidget, text: str) -> QtWidgets.QProgressDialog:
    """A busy indicator shown at once (the export paints on this thread: it cannot move, but it
    says what is happening), with the wait cursor."""
    progress = QtWidgets.QProgressDialog(text, "", 0, 0, parent)
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setWindowTitle("Exporting")
    progress.show()
    QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
    QtCore.QCoreApplication.processEvents()
    return progress
