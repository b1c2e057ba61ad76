"""The timeline: promise-vs-actual rows drawn from the numpy arrays of :mod:`data.layout`.

- :mod:`.geometry`: where spans and markers sit in a row; the row heights drawn at.
- :mod:`.shapes`: rect arrays, device-pixel points and marker outlines (the batch primitives).
- :mod:`.dense`: the overview image for rows thinner than :data:`DENSE_ROW_PIXELS`.
- :mod:`.item`: :class:`TimelineItem`, the one pyqtgraph item that paints every row.
- :mod:`.axes`: :class:`RowAxis` (row names, slips) and :class:`TimelineViewBox`.
- :mod:`.legend`: the legend's samples of the layers and marker kinds the rows show.
- :mod:`.navigation`: the view's state and history, fitting, zooming, panning and their keys.
- :mod:`.lanes`: folding a lane (a click on its header; [ and ] for every lane), the sticky header.
- :mod:`.widget`: :class:`TimelineWidget` (titles, axes, as-of line, legend, keys, selection,
  tooltips from a function the application provides).
- :mod:`.panel`: :class:`TimelinePanel`, the widget with a scroll bar over its rows.
"""

from __future__ import annotations

from widgets.timeline.axes import RowAxis, TimelineViewBox
from widgets.timeline.geometry import (
    ACTUAL_BAND,
    DENSE_ROW_PIXELS,
    PROMISE_BAND,
    PROMISE_Y,
    ROW_PIXELS,
    TICK_BAND,
    WINDOW_BAND,
)
from widgets.timeline.item import TimelineItem
from widgets.timeline.linking import HOVER_MARKERS
from widgets.timeline.panel import TimelinePanel
from widgets.timeline.widget import (
    EMPTY_MESSAGE,
    HOVER_PIXELS,
    MIN_X_RANGE,
    NAME_PIXELS,
    TimelineWidget,
    TooltipFunction,
)

__all__ = [
    "ACTUAL_BAND",
    "DENSE_ROW_PIXELS",
    "EMPTY_MESSAGE",
    "HOVER_MARKERS",
    "HOVER_PIXELS",
    "MIN_X_RANGE",
    "NAME_PIXELS",
    "PROMISE_BAND",
    "PROMISE_Y",
    "ROW_PIXELS",
    "TICK_BAND",
    "WINDOW_BAND",
    "RowAxis",
    "TimelineItem",
    "TimelinePanel",
    "TimelineViewBox",
    "TimelineWidget",
    "TooltipFunction",
]
