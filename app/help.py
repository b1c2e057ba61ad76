"""The Help menu: the keys (every shortcut of the window's menus, and the timeline's own keys
and mouse gestures) and the legend of the timeline, each in a dialog."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from widgets.timeline.legend import ALL_SAMPLES, SampleLegend, fill_legend

# The timeline's own keys and gestures (its keyPressEvent and view box) and the panes' own
# keys, which no menu lists.
TIMELINE_KEYS = [
    ("↑ / ↓", "select the previous / next project"),
    ("Home / End", "select the first / last project"),
    ("Page Up / Page Down", "scroll the rows a page"),
    ("← / →", "pan time"),
    ("F", "fit time and every row"),
    ("+ / −", "zoom time in / out around the selection (else the cursor)"),
    ("Z / double-click", "zoom to the selected project"),
    ("Click a lane's header", "fold / unfold the lane (its header stays, with its counts)"),
    ("[ / ]", "fold / unfold every lane"),
    ("Alt+← / Alt+→, Backspace", "back / forward through the views"),
    ("Wheel", "zoom time around the cursor"),
    ("Shift+Wheel", "scroll the rows"),
    ("Drag", "pan time (Shift+drag: the rows)"),
    ("Ctrl+drop", "add the dropped files to the data shown (a plain drop replaces it)"),
    ("Ctrl+C", "in the details pane: copy the selected statement's citation"),
]


def menu_shortcuts(menu_bar: QtWidgets.QMenuBar) -> list[tuple[str, str]]:
    """Every shortcut of the menus, as (keys, "Menu → Entry"), in menu order."""
    found: list[tuple[str, str]] = []

    def walk(menu: QtWidgets.QMenu, trail: str) -> None:
        for action in menu.actions():
            text = action.text().replace("&", "")
            sub = action.menu()
            if isinstance(sub, QtWidgets.QMenu):
                walk(sub, f"{trail} → {text}")
            elif not action.isSeparator():
                keys = action.shortcut().toString(QtGui.QKeySequence.SequenceFormat.NativeText)
                if keys:
                    found.append((keys, f"{trail} → {text}"))

    for action in menu_bar.actions():
        menu = action.menu()
        if isinstance(menu, QtWidgets.QMenu):
            walk(menu, action.text().replace("&", ""))
    return found


def keys_dialog(window: QtWidgets.QMainWindow) -> QtWidgets.QDialog:
    """A dialog listing the timeline's keys, then every menu shortcut."""
    dialog = QtWidgets.QDialog(window)
    dialog.setWindowTitle("Keys")
    rows = [*TIMELINE_KEYS, *menu_shortcuts(window.menuBar())]
    table = QtWidgets.QTableWidget(len(rows), 2, dialog)
    table.setObjectName("keys_table")
    table.setHorizontalHeaderLabels(["Keys", "What they do"])
    table.verticalHeader().hide()
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    for row, (keys, what) in enumerate(rows):
        table.setItem(row, 0, QtWidgets.QTableWidgetItem(keys))
        table.setItem(row, 1, QtWidgets.QTableWidgetItem(what))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return _framed(dialog, table, QtCore.QSize(560, 600))


def legend_dialog(window: QtWidgets.QMainWindow, colors) -> QtWidgets.QDialog:
    """A dialog showing the timeline's legend in the theme's ``colors``."""
    dialog = QtWidgets.QDialog(window)
    dialog.setWindowTitle("Legend")
    view = pg.GraphicsLayoutWidget(dialog)
    view.setBackground(colors.background)
    legend = SampleLegend(offset=None, colCount=1, labelTextSize="10pt")
    view.addItem(legend)
    legend.setLabelTextColor(colors.text)
    fill_legend(legend, colors, ALL_SAMPLES)
    return _framed(dialog, view, QtCore.QSize(460, 300))


def _framed(
    dialog: QtWidgets.QDialog, body: QtWidgets.QWidget, size: QtCore.QSize
) -> QtWidgets.QDialog:
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)
    dialog.resize(size)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def add_help_menu(window) -> QtWidgets.QMenu:
    """The window's Help menu: Keys… (F1) and Legend…."""
    menu = window.menuBar().addMenu("&Help")
    keys = menu.addAction("&Keys…", QtGui.QKeySequence.StandardKey.HelpContents)
    legend = menu.addAction("&Legend…")
    keys.triggered.connect(lambda: _show(window, "keys_dialog", keys_dialog(window)))
    legend.triggered.connect(
        lambda: _show(window, "legend_dialog", legend_dialog(window, window.timeline.colors))
    )
    return menu


def _show(window, name: str, dialog: QtWidgets.QDialog) -> None:
    setattr(window, name, dialog)  # (the tests find it there)
    dialog.show()
