"""Getting around the timeline: the view's state and its history (back and forward), fitting,
zooming and panning, the keys, and the extent of a row (zoom to a project).

Rows keep their height (:data:`ROW_PIXELS`) whatever their number: a view is a time range, the
first row shown and a row height in pixels, and the rows shown follow the plot's height.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from widgets.timeline.geometry import ROW_PIXELS, row_range
from widgets.timeline.item import OPEN_PROMISE_PIXELS

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import TimelineLayers

TOP = -0.9  # the y of the view's top edge when the first row is the first shown
PAN_FRACTION = 0.2  # ←/→ move time by this share of the view
ZOOM_STEP = 0.8  # + zooms time in by this factor, − out by its inverse
HISTORY = 100  # view changes remembered for back and forward

Key = QtCore.Qt.Key


@dataclass(frozen=True)
class ViewState:
    """What a view shows: time ``x0..x1`` (seconds), rows from ``top``, ``row_pixels`` high."""

    x0: float
    x1: float
    top: float
    row_pixels: float


class ViewHistory:
    """Back and forward through view changes (as a browser's history)."""

    def __init__(self) -> None:
        self._back: list[ViewState] = []
        self._forward: list[ViewState] = []

    def clear(self) -> None:
        self._back.clear()
        self._forward.clear()

    def push(self, state: ViewState) -> None:
        """``state`` is being left by a view change."""
        if not self._back or self._back[-1] != state:
            self._back = [*self._back[-HISTORY + 1 :], state]
        self._forward.clear()

    def back(self, current: ViewState) -> ViewState | None:
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: ViewState) -> ViewState | None:
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()


def drawn_extent(layers: TimelineLayers) -> tuple[float, float]:
    """The earliest and latest time drawn on the rows shown, within their fit range (a
    filtered set of rows is fitted to its own years). Each layer's extent is worked out once,
    with the layers (``data.layout``: in the background for a large ledger)."""
    own = [layer.extent for layer in (*_bars(layers), layers.open_ends, layers.cancels)]
    said = layers.said().summary().extents  # (the statements': not drawn for it)
    extents = [e for e in (*said.values(), *own) if e is not None]
    lows, highs = [e[0] for e in extents], [e[1] for e in extents]
    x0, x1 = layers.fit_range
    if not lows:
        return x0, x1
    low, high = max(x0, min(lows)), min(x1, max(highs))
    return (low, high) if high > low else (x0, x1)


def _bars(layers: TimelineLayers) -> tuple:
    return (layers.promised, layers.actual, layers.overrun, layers.overrun_open, layers.early)


def row_extent(layers: TimelineLayers, row: int) -> tuple[float, float] | None:
    """The earliest and latest time drawn on ``row`` (None if nothing is; the statements'
    layers of that row alone, ``data.said.StatementLayers.rows``)."""
    lows, highs = [], []
    said = layers.said().rows(row, row + 1)
    for spans in (*_bars(layers), said.windows, said.open_windows):
        a, b = row_range(spans.row, row, row + 1)
        if b > a:
            lows.append(float(spans.x0[a:b].min()))
            highs.append(float(spans.x1[a:b].max()))
    for points in (said.promises, said.statements, layers.open_ends, layers.cancels):
        a, b = row_range(points.row, row, row + 1)
        if b > a:
            lows.append(float(points.x[a:b].min()))
            highs.append(float(points.x[a:b].max()))
    if not lows:
        return None
    return min(lows), max(highs)


class NavigationMixin:
    """The view changes of :class:`widgets.timeline.widget.TimelineWidget` (which provides
    ``view_box``, ``_layers``, ``_selected_row`` and the selection methods)."""

    view_box: pg.ViewBox
    _layers: TimelineLayers | None
    _selected_row: int
    history: ViewHistory
    _row_pixels: float
    _cursor_x: float | None
    _fitted_rows: bool | None

    def select_row(self, row: int) -> None:  # (provided by the widget)
        raise NotImplementedError

    # the view's state -----------------------------------------------------------------------
    def view_state(self) -> ViewState:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        height = self.view_box.height()
        per_row = height / (y1 - y0) if height > 0 and y1 > y0 else self._row_pixels
        return ViewState(float(x0), float(x1), float(y0), float(per_row))

    def set_view(self, state: ViewState, *, remember: bool = True) -> None:
        """Show ``state`` (``remember``: the view left can be gone back to)."""
        if remember:
            self.history.push(self.view_state())
        self._fitted_rows = None
        self._row_pixels = state.row_pixels
        self.view_box.setRange(
            xRange=(state.x0, state.x1), yRange=self._rows_from(state.top), padding=0
        )

    def _rows_from(self, top: float) -> tuple[float, float]:
        height = self.view_box.height()
        rows = height / self._row_pixels if height > 0 else 20.0 * ROW_PIXELS / self._row_pixels
        return top, top + rows

    def keep_row_height(self, *_args) -> None:
        """After a resize the rows keep their height: more or fewer of them are shown (unless
        every row was fitted in view: they are fitted again)."""
        if self._layers is not None and self._layers.n_rows:
            if self._fitted_rows is not None:
                self.fit_rows(cap=self._fitted_rows)
                return
            _, (y0, _) = self.view_box.viewRange()
            self.view_box.setYRange(*self._rows_from(y0), padding=0)

    def fit_rows(self, cap: bool = True) -> None:
        """Every row in view, the last one whole; ``cap``: rows no taller than
        :data:`ROW_PIXELS` (else as tall as it takes to fill the view: exports)."""
        assert self._layers is not None
        n = max(1, self._layers.n_rows)
        height = self.view_box.height()
        per_row = height / (n + 0.5) if height > 0 else float(ROW_PIXELS)
        self._row_pixels = min(ROW_PIXELS, per_row) if cap else per_row
        self.view_box.setYRange(*self._rows_from(TOP), padding=0)
        self._fitted_rows = cap

    def go_back(self) -> None:
        state = self.history.back(self.view_state())
        if state is not None:
            self.set_view(state, remember=False)

    def go_forward(self) -> None:
        state = self.history.forward(self.view_state())
        if state is not None:
            self.set_view(state, remember=False)

    # fitting --------------------------------------------------------------------------------
    def time_fit(self) -> tuple[float, float]:
        """The time range that shows every row's spans, with room for open-ended fades."""
        assert self._layers is not None
        x0, x1 = drawn_extent(self._layers)
        pad = (x1 - x0) * 0.03
        width = max(self.view_box.width(), 1.0)
        right = pad
        if self._layers.said().summary().open_windows or len(self._layers.open_promised):
            room = min(OPEN_PROMISE_PIXELS + 6, width / 4) / width
            right = max(pad, (x1 - x0 + pad) * room / (1 - room))
        return x0 - pad, x1 + right

    def fit_all(self) -> None:
        """F: every row and all of time in view (rows no taller than :data:`ROW_PIXELS`)."""
        if self._layers is None or self._layers.n_rows == 0:
            return
        x0, x1 = self.time_fit()
        self.set_view(ViewState(x0, x1, TOP, self._row_pixels))
        self.fit_rows()

    def fit_time(self, *, remember: bool = True) -> None:
        """All of time in view, rows from the top at the readable height."""
        if self._layers is None or self._layers.n_rows == 0:
            return
        x0, x1 = self.time_fit()
        self.set_view(ViewState(x0, x1, TOP, ROW_PIXELS), remember=remember)

    def set_time_range(self, x0: float, x1: float) -> None:
        """Show time ``x0..x1`` (seconds), the rows as they are."""
        state = self.view_state()
        self.set_view(ViewState(x0, x1, state.top, state.row_pixels))

    def zoom_to_selection(self) -> None:
        """Z, double-click: the selected project's whole extent, its row in view."""
        row = self._selected_row
        if self._layers is None or row < 0:
            return
        extent = row_extent(self._layers, row)
        if extent is None:
            return
        x0, x1 = extent
        pad = max((x1 - x0) * 0.08, 86400.0 * 3)
        state = self.view_state()
        top = state.top
        shown = self.view_box.height() / max(state.row_pixels, 1e-9)
        if not top < row - 0.5 or not row + 0.5 < top + shown:
            top = row - 0.5 - max(0.0, shown / 2 - 1)
        self.set_view(ViewState(x0 - pad, x1 + pad, top, state.row_pixels))

    # the selection ---------------------------------------------------------------------------
    def _next_project_row(self, start: int, step: int) -> int:
        layers = self._layers
        assert layers is not None
        row = start + step
        while 0 <= row < layers.n_rows and layers.is_header[row]:
            row += step
        return row if 0 <= row < layers.n_rows else -1

    def _move_selection(self, step: int) -> None:
        start = self._selected_row
        if start < 0:
            _, (y0, _) = self.view_box.viewRange()
            start = max(-1, int(np.ceil(y0)) - 1) if step > 0 else int(np.ceil(y0)) + 1
        row = self._next_project_row(start, step)
        if row >= 0:
            self._select_and_show(row)

    def _select_and_show(self, row: int) -> None:
        if row < 0:
            return
        self.select_row(row)
        _, (y0, y1) = self.view_box.viewRange()
        if row - 0.5 < y0:
            self.view_box.translateBy(y=row - 0.9 - y0)
        elif row + 0.5 > y1:
            self.view_box.translateBy(y=row + 0.6 - y1)

    # zooming and panning --------------------------------------------------------------------
    def zoom_centre(self) -> float:
        """Where +/− zoom around: the selected project, else the cursor, else the middle."""
        (x0, x1), _ = self.view_box.viewRange()
        if self._layers is not None and self._selected_row >= 0:
            extent = row_extent(self._layers, self._selected_row)
            if extent is not None:
                return (extent[0] + extent[1]) / 2
        if self._cursor_x is not None and x0 <= self._cursor_x <= x1:
            return self._cursor_x
        return (x0 + x1) / 2

    def zoom_time(self, factor: float, centre: float | None = None) -> None:
        """Zoom time around ``centre`` (default: the middle of the view; factor < 1 zooms in)."""
        (x0, x1), _ = self.view_box.viewRange()
        self.history.push(self.view_state())
        mid = (x0 + x1) / 2 if centre is None else centre
        self.view_box.scaleBy(x=factor, y=None, center=pg.Point(mid, 0))

    def pan_time(self, fraction: float) -> None:
        """Move time by ``fraction`` of the view (positive: later)."""
        (x0, x1), _ = self.view_box.viewRange()
        self.history.push(self.view_state())
        self.view_box.translateBy(x=(x1 - x0) * fraction)

    def navigation_key(self, event: QtGui.QKeyEvent) -> bool:
        """The keys that change what time is shown; True if ``event`` was one."""
        key, alt = event.key(), bool(event.modifiers() & QtCore.Qt.KeyboardModifier.AltModifier)
        if key == Key.Key_Backspace or (alt and key == Key.Key_Left):
            self.go_back()
        elif alt and key == Key.Key_Right:
            self.go_forward()
        elif key in (Key.Key_Left, Key.Key_Right):
            self.pan_time(PAN_FRACTION if key == Key.Key_Right else -PAN_FRACTION)
        elif key == Key.Key_F:
            self.fit_all()
        elif key == Key.Key_Z:
            self.zoom_to_selection()
        elif key in (Key.Key_Plus, Key.Key_Equal):
            self.zoom_time(ZOOM_STEP, self.zoom_centre())
        elif key in (Key.Key_Minus, Key.Key_Underscore):
            self.zoom_time(1 / ZOOM_STEP, self.zoom_centre())
        else:
            return False
        return True
