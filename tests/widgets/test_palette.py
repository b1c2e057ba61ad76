"""The dark theme keeps its contrasts: the still-open overrun's bar and hatching stand out from
the background (3:1), and text reads on it (4.5:1), in the chart and in the window's palette.
Contrast is worked out here from the colours' definition (sRGB relative luminance)."""

from __future__ import annotations

from PySide6 import QtGui

from widgets import palette


def luminance(c: QtGui.QColor) -> float:
    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue())


def contrast(a: QtGui.QColor, b: QtGui.QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(top: QtGui.QColor, below: QtGui.QColor) -> QtGui.QColor:
    """``top`` painted with its alpha over the opaque ``below``."""
    a = top.alpha() / 255
    mix = [
        round(a * t + (1 - a) * b)
        for t, b in zip(top.getRgb()[:3], below.getRgb()[:3], strict=True)
    ]
    return QtGui.QColor(*mix)


def test_the_hand_made_contrast_matches_known_pairs() -> None:
    black, white = QtGui.QColor("#000000"), QtGui.QColor("#FFFFFF")
    assert round(contrast(black, white), 2) == 21.0
    assert round(contrast(QtGui.QColor("#777777"), white), 2) == 4.48  # the classic near-miss
    half = QtGui.QColor(255, 255, 255, 128)
    assert over(half, black).getRgb()[:3] == (128, 128, 128)


def test_open_overrun_bar_and_hatching_stand_out_on_dark() -> None:
    c = palette.DARK
    bar = over(c.overrun_open.color(), c.background)
    assert contrast(bar, c.background) >= 3.0  # the bar against the chart
    assert contrast(c.hatch.color(), bar) >= 3.0  # the hatch lines against the bar
    assert c.hatch.style() != QtGui.Qt.BrushStyle.SolidPattern  # (hatched, not filled)


def test_text_reads_on_dark() -> None:
    c = palette.DARK
    for colour in (c.text, c.as_of):  # labels, names, slips, legend; the as-of label
        assert contrast(colour, c.background) >= 4.5


def test_the_dark_window_palette_keeps_text_readable() -> None:
    qt = palette.qt_palette("dark")
    assert qt is not None and palette.qt_palette("light") is None
    role = QtGui.QPalette.ColorRole
    pairs = [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.Text, role.AlternateBase),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.ToolTipText, role.ToolTipBase),
        (role.PlaceholderText, role.Base),
        (role.Link, role.Base),
    ]
    for text, ground in pairs:
        assert contrast(qt.color(text), qt.color(ground)) >= 4.5, (text, ground)
    assert luminance(qt.color(role.Window)) < 0.05  # dark indeed
