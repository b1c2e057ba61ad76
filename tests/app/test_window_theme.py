"""Dark means the whole window: the menu bar, toolbar, status bar, docks and dialogs take the
application's dark palette, switched at runtime from View → Theme and remembered."""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from app.main_window import MainWindow
from app.theme import apply_theme
from tests.app.conftest import menu_action, rgb_array

WINDOW = QtGui.QPalette.ColorRole.Window


def lightness(widget: QtWidgets.QWidget, role=WINDOW) -> int:
    return widget.palette().color(role).lightness()


def painted_lightness(widget: QtWidgets.QWidget) -> float:
    """The mean lightness (0–255) of the widget as painted."""
    return float(rgb_array(widget.grab().toImage()).mean())


def test_dark_theme_darkens_the_whole_window_and_is_remembered(window: MainWindow, qtbot):
    parts = [
        window.menuBar(),
        window.statusBar(),
        window.rows_toolbar,
        window.workbench.as_of_dock,
        window.filter_edit,
    ]
    assert all(lightness(w) > 180 for w in parts)
    assert painted_lightness(window.menuBar()) > 180
    menu_action(window, "View", "Theme", "Dark").trigger()
    QtWidgets.QApplication.processEvents()  # (Qt hands the new palette to widgets in events)
    assert window.menuBar().palette().color(WINDOW).lightness() < 60
    assert all(lightness(w) < 60 for w in parts)
    assert lightness(window.filter_edit, QtGui.QPalette.ColorRole.Base) < 60
    assert painted_lightness(window.menuBar()) < 90  # painted dark, with light text on it
    text = window.menuBar().palette().color(QtGui.QPalette.ColorRole.WindowText)
    assert text.lightness() > 200
    menu_action(window, "Help", "Keys…").trigger()  # a dialog opened now is dark too
    QtWidgets.QApplication.processEvents()
    dialog = window.keys_dialog
    assert lightness(dialog) < 60 and painted_lightness(dialog) < 110
    dialog.close()
    # Remembered: the next start is dark from the first paint.
    apply_theme("light")
    again = MainWindow()
    qtbot.addWidget(again)
    QtWidgets.QApplication.processEvents()
    assert lightness(again.menuBar()) < 60
    again.close()
    menu_action(window, "View", "Theme", "Light").trigger()
    QtWidgets.QApplication.processEvents()
    assert all(lightness(w) > 180 for w in parts)
    assert painted_lightness(window.menuBar()) > 180
