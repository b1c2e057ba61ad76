"""The window's files: File → Open…, Add…, Open Recent, and dropped files and folders.

A drop replaces the data shown (:meth:`DatasetController.load`); a drop with Ctrl held, and
File → Add…, add to it (:meth:`DatasetController.add`). Either way the data shown stays until
the new load succeeds. A folder opens its own tables and schedules (:mod:`app.files`).

Open Recent lists the files and folders of the datasets loaded (:class:`app.files.RecentFiles`),
newest first; one that no longer exists is greyed, "(missing)", and "Remove missing entries"
takes those out; one found missing when chosen is taken out with a message.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app.files import RecentFiles

FILE_FILTER = "Tables and schedules (*.csv *.tsv *.txt *.xlsx *.xml *.xer *.gan *.mpp *.mpx);;"
FILE_FILTER += "All files (*)"


class FileMenu(QtCore.QObject):
    """File → Open…, Add…, Open Recent and the drops of ``window`` (a MainWindow: its
    controller, settings, ``show_error`` and status bar are used)."""

    def __init__(self, window, menu: QtWidgets.QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.recent = RecentFiles(window.settings)
        self.open_action = menu.addAction("&Open…", QtGui.QKeySequence.StandardKey.Open)
        self.add_action = menu.addAction("&Add files…", "Ctrl+Shift+O")
        self.add_action.setToolTip("Add files to the data shown (Ctrl+drop adds too)")
        self.folder_action = menu.addAction("Open a &folder…")
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.open_action.triggered.connect(lambda: self._choose(add=False))
        self.add_action.triggered.connect(lambda: self._choose(add=True))
        self.folder_action.triggered.connect(self._choose_folder)
        self.controller.dataset_loaded.connect(self._on_dataset_loaded)
        self.fill_recent_menu()

    # choosing ---------------------------------------------------------------------------------
    def _choose(self, add: bool) -> None:
        folder = str(self.window.settings.value("paths/last_folder", ""))
        caption = "Add tables" if add else "Open tables"
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(self.window, caption, folder, FILE_FILTER)
        if paths:
            self.window.settings.setValue("paths/last_folder", str(Path(paths[0]).parent))
            self.open(paths, add=add)

    def _choose_folder(self) -> None:
        start = str(self.window.settings.value("paths/last_folder", ""))
        folder = QtWidgets.QFileDialog.getExistingDirectory(self.window, "Open a folder", start)
        if folder:
            self.window.settings.setValue("paths/last_folder", folder)
            self.open([folder], add=False)

    def open(self, paths: list[str], add: bool = False) -> None:
        """Load ``paths`` (files and folders) as the new data, or with ``add`` together with
        the data shown."""
        if add and self.controller.sources:
            self.controller.add(paths)
        else:
            self.controller.load(paths)

    # recent -----------------------------------------------------------------------------------
    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            name = Path(path).name + ("/" if os.path.isdir(path) else "")
            action = menu.addAction(f"&{number % 10} {name}")
            action.setData(path)
            action.setToolTip(path)
            if not os.path.exists(path):
                action.setText(f"&{number % 10} {name} (missing)")
                action.setEnabled(False)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            menu.addAction("(none yet)").setEnabled(False)
        menu.addSeparator()
        remove = menu.addAction("Remove missing entries")
        remove.setEnabled(bool(self.recent.missing()))
        remove.triggered.connect(self.remove_missing)
        clear = menu.addAction("Clear the list")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self._clear)

    def open_recent(self, path: str) -> None:
        if not os.path.exists(path):
            self.recent.remove([path])
            self.fill_recent_menu()
            self.window.show_error(
                "Not found", f"{path}\nno longer exists; it was taken off the recent files."
            )
            return
        self.open([path])

    def remove_missing(self) -> None:
        missing = self.recent.missing()
        self.recent.remove(missing)
        self.fill_recent_menu()
        self.window.statusBar().showMessage(
            f"{len(missing)} missing entries taken off the recent files", 8000
        )

    def _clear(self) -> None:
        self.recent.remove(self.recent.paths())
        self.fill_recent_menu()

    def _on_dataset_loaded(self, _ledger) -> None:
        """The files and folders given for the dataset shown go first in the recent files
        (a file that failed to load is left out)."""
        loaded = set(self.controller.loaded_paths())
        kept = [p for p in self.controller.sources if os.path.isdir(p) or p in loaded]
        self.recent.add(kept)
        self.fill_recent_menu()

    # drops ------------------------------------------------------------------------------------
    def drop(self, event: QtGui.QDropEvent) -> None:
        """Open the dropped local files and folders (added to the data shown when Ctrl is
        held); say that remote URLs are not fetched."""
        urls = event.mimeData().urls()
        local = [u.toLocalFile() for u in urls if u.isLocalFile()]
        remote = [u.toString() for u in urls if not u.isLocalFile()]
        if remote:
            self.window.show_error(
                "Not opened",
                "Slipline opens local files only; these were not fetched:\n"
                + "\n".join(html.unescape(r) for r in remote),
            )
        if local:
            event.acceptProposedAction()
            add = bool(event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier)
            self.open(local, add=add)
