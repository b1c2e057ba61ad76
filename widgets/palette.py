"""Colours of the timeline: Okabe–Ito, safe for colour-blind readers."""

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
    early=_brush(BLUISH_GREEN),
    window=_brush("#333333", 200),
    marker=_brush(ORANGE),
    marker_edge=QtGui.QColor("#4D3300"),
    drift=QtGui.QColor("#555555"),
    tick=QtGui.QColor("#555555"),
    cancel=_brush("#000000"),
    as_of=QtGui.QColor(REDDISH_PURPLE),
    selection=_brush(SKY_BLUE, 45),
)
