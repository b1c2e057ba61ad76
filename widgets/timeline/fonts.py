"""The text size of a timeline widget, scaled by one factor (an export's ``--font-scale``): the
titles, the column headers, the names, slips and dates, the legend's words and the as-of label.
Rows, bars, markers and the name column keep their size; the slip column widens with its text.
"""

from __future__ import annotations

# The point sizes :class:`~widgets.timeline.widget.TimelineWidget` gives its texts, and the
# heights it allows the lines that hold them.
TITLE_POINTS, TITLE_HEIGHT = 13.0, 40
SUBTITLE_POINTS, SUBTITLE_HEIGHT = 9.0, 24
HEADER_POINTS, HEADER_HEIGHT = 9.0, 18
LEGEND_POINTS, LEGEND_HEIGHT = 9.0, 84
SLIP_PIXELS = 210


def scaled_font(scale: float):
    """The application's font (what the axes write with) at ``scale`` times its size."""
    from PySide6 import QtGui

    font = QtGui.QFont()
    font.setPointSizeF(font.pointSizeF() * scale)
    return font


def scale_text(widget, scale: float) -> None:
    """Every text of ``widget`` at ``scale`` times its size (1: as the widget made them)."""
    font = scaled_font(scale)
    for axis in widget.date_axes:
        axis.setStyle(tickFont=font)
    for row_axis in (widget.names_axis, widget.slip_axis):
        row_axis.set_font(font)
    for label, points, height in (
        (widget.title, TITLE_POINTS, TITLE_HEIGHT),
        (widget.subtitle, SUBTITLE_POINTS, SUBTITLE_HEIGHT),
    ):
        label.setText(label.text, size=f"{points * scale:g}pt")
        if label.isVisible():
            label.setMaximumHeight(round(height * scale))
    for label in widget.headers:
        label.setText(label.text, size=f"{HEADER_POINTS * scale:g}pt")
        label.setMaximumHeight(round(HEADER_HEIGHT * scale))
    widget.legend.setLabelTextSize(f"{LEGEND_POINTS * scale:g}pt")
    widget.legend.setMaximumHeight(round(LEGEND_HEIGHT * scale))
    for text in (widget.as_of_line.label, widget.empty_text):
        text.setFont(font)
    widget.item.font_scale = scale
    widget.slip_axis.setWidth(round(SLIP_PIXELS * scale))
