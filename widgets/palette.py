"""Colours of the timeline (Okabe–Ito, safe for colour-blind readers) and of the whole window.

:func:`qt_palette` gives the application's ``QPalette`` for a theme (menus, toolbars, the
status bar, dialogs and docks); the timeline's own colours are its :class:`Palette`. On dark,
the still-open overrun is a pale vermillion (the colour the faded bar has on white) under hatch
lines of the background's colour, so bar and hatching stand out from the background; the tests
hold the contrasts to at least 3:1 for them and 4.5:1 for text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui

# Okabe & Ito (2008), "Color Universal Design".
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
# Bluish green a quarter of the way to white: in greyscale print, finished early falls between
# the overrun and the promise (the pure colour is the overrun's grey within a few levels).
LIGHT_BLUISH_GREEN = "#40B696"


@dataclass(frozen=True)
class Palette:
    """Brushes and colours for one theme."""

    background: QtGui.QColor
    text: QtGui.QColor
    axis: QtGui.QColor
    promised: QtGui.QBrush
    actual: QtGui.QBrush
    overrun: QtGui.QBrush
    overrun_open: QtGui.QBrush
    hatch: QtGui.QBrush
    early: QtGui.QBrush
    window: QtGui.QBrush
    marker: QtGui.QBrush
    marker_edge: QtGui.QColor
    drift: QtGui.QColor
    tick: QtGui.QColor
    cancel: QtGui.QBrush
    as_of: QtGui.QColor
    selection: QtGui.QBrush

    @property
    def lane(self) -> QtGui.QBrush:
        """Background band of a swimlane header row."""
        c = QtGui.QColor(self.text)
        c.setAlpha(22)
        return QtGui.QBrush(c)


def _brush(color: str, alpha: int = 255) -> QtGui.QBrush:
    c = QtGui.QColor(color)
    c.setAlpha(alpha)
    return QtGui.QBrush(c)


def _hatch(color: str) -> QtGui.QBrush:
    brush = QtGui.QBrush(QtGui.QColor(color), QtCore.Qt.BrushStyle.BDiagPattern)
    return brush


LIGHT = Palette(
    background=QtGui.QColor("#FFFFFF"),
    text=QtGui.QColor("#222222"),
    axis=QtGui.QColor("#888888"),
    promised=_brush("#BDBDBD"),
    actual=_brush(BLUE),
    overrun=_brush(VERMILLION),
    overrun_open=_brush(VERMILLION, 150),
    hatch=_hatch("#FFFFFF"),
    early=_brush(LIGHT_BLUISH_GREEN),
    window=_brush("#333333", 200),
    marker=_brush(ORANGE),
    marker_edge=QtGui.QColor("#4D3300"),
    drift=QtGui.QColor("#555555"),
    tick=QtGui.QColor("#555555"),
    cancel=_brush("#000000"),
    as_of=QtGui.QColor(REDDISH_PURPLE),
    selection=_brush(SKY_BLUE, 45),
)


DARK = Palette(
    background=QtGui.QColor("#1E1F22"),
    text=QtGui.QColor("#E6E6E6"),
    axis=QtGui.QColor("#9A9A9A"),
    promised=_brush("#6B6B6B"),
    actual=_brush(SKY_BLUE),
    overrun=_brush(VERMILLION),
    overrun_open=_brush("#E6A069"),  # (vermillion at 150/255 on white, opaque)
    hatch=_hatch("#1E1F22"),
    early=_brush(BLUISH_GREEN),
    window=_brush("#DDDDDD", 200),
    marker=_brush(ORANGE),
    marker_edge=QtGui.QColor("#FFE2A8"),
    drift=QtGui.QColor("#BBBBBB"),
    tick=QtGui.QColor("#AAAAAA"),
    cancel=_brush("#FFFFFF"),
    as_of=QtGui.QColor(REDDISH_PURPLE),
    selection=_brush(SKY_BLUE, 60),
)

THEMES = {"light": LIGHT, "dark": DARK}


def system_theme() -> str:
    """``dark`` when the desktop asks for a dark colour scheme (Qt 6.5+), else ``light``."""
    app = QtGui.QGuiApplication.instance()
    if app is None:
        return "light"
    hints = QtGui.QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None and scheme() == QtCore.Qt.ColorScheme.Dark:
        return "dark"
    return "light"


# The window's colours on dark (roles the timeline's palette does not name).
_DARK_WINDOW = {
    "Window": "#2B2D30",
    "WindowText": "#E6E6E6",
    "Base": "#1E1F22",
    "AlternateBase": "#26282B",
    "Text": "#E6E6E6",
    "Button": "#2B2D30",
    "ButtonText": "#E6E6E6",
    "BrightText": "#FFFFFF",
    "Highlight": BLUE,
    "HighlightedText": "#FFFFFF",
    "ToolTipBase": "#2B2D30",
    "ToolTipText": "#E6E6E6",
    "PlaceholderText": "#9A9A9A",
    "Link": SKY_BLUE,
    "LinkVisited": REDDISH_PURPLE,
    "Light": "#45484C",
    "Midlight": "#3A3D41",
    "Mid": "#232427",
    "Dark": "#17181A",
    "Shadow": "#000000",
}
_DARK_DISABLED = {"WindowText": "#7F7F7F", "Text": "#7F7F7F", "ButtonText": "#7F7F7F"}


def qt_palette(name: str) -> QtGui.QPalette | None:
    """The application's palette for theme ``name``: the dark one built here, None for light
    (the style's own palette then applies)."""
    if name != "dark":
        return None
    qt = QtGui.QPalette()
    role = QtGui.QPalette.ColorRole
    for key, colour in _DARK_WINDOW.items():
        qt.setColor(getattr(role, key), QtGui.QColor(colour))
    for key, colour in _DARK_DISABLED.items():
        qt.setColor(QtGui.QPalette.ColorGroup.Disabled, getattr(role, key), QtGui.QColor(colour))
    return qt
