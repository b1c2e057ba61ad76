"""The whole window's theme: the application's palette (menus, toolbars, status bar, dialogs,
docks) from :func:`widgets.palette.qt_palette`, switched at runtime.

The palette and style the application started with are kept the first time a theme is applied
and given back for the light theme. Dark uses the Fusion style when the platform's style is
another one: native styles (Windows' in particular) draw some controls ignoring the palette.
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from widgets import palette

THEMES = [("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")]

_started: dict[str, object] = {}  # the application's own palette and style name


def resolve(name: str) -> str:
    """``light`` or ``dark`` for a theme setting (``system`` asks the desktop)."""
    return palette.system_theme() if name == "system" else ("dark" if name == "dark" else "light")


def apply_theme(name: str) -> str:
    """Give the application the palette of theme ``name`` (light, dark or system); returns the
    theme applied (``light`` or ``dark``)."""
    applied = resolve(name)
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        return applied
    if not _started:
        _started["palette"] = QtGui.QPalette(app.palette())
        _started["style"] = app.style().name()
    qt = palette.qt_palette(applied)
    if qt is None:
        style = str(_started["style"])
        if app.style().name() != style:
            app.setStyle(style)
        started = _started["palette"]
        assert isinstance(started, QtGui.QPalette)
        app.setPalette(started)
    else:
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(qt)
    return applied
