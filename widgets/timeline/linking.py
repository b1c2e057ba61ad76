"""What the timeline offers the views linked to it (the details pane, the projects table): the
statement marker under the cursor, a ring on a chosen statement, select-and-show by row.

A mixin of :class:`widgets.timeline.widget.TimelineWidget`, which gives it ``_layers``,
``item``, ``statement_hovered`` and ``_select_and_show``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from widgets.timeline.geometry import row_range

HOVER_MARKERS = 3  # at most this many markers of each kind are told about under the cursor

if TYPE_CHECKING:
    from data.layout import TimelineLayers
    from widgets.timeline.item import TimelineItem


class LinkedViews:
    """The timeline's side of its links to other views."""

    _layers: TimelineLayers | None
    item: TimelineItem
    statement_hovered: Any  # (a Signal(int) of the widget)
    _selected_row: int
    _last_hovered = -1

    if TYPE_CHECKING:

        def _select_and_show(self, row: int) -> None: ...

    def markers_near(self, row: int, x: float, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """The ``ref`` values of the statement markers and of the promise markers on ``row``
        within ``radius`` (seconds) of ``x``: the first :data:`HOVER_MARKERS` of each, in row
        order."""
        layers = self._layers
        assert layers is not None
        found, said = [], layers.said().rows(row, row + 1)  # (that row's: not every row's)
        for points in (said.statements, said.promises):
            a, b = row_range(points.row, row, row + 1)
            near = np.flatnonzero(np.abs(points.x[a:b] - x) <= radius) + a
            found.append(points.ref[near[:HOVER_MARKERS]].astype(np.int64))
        return found[0], found[1]

    def _hovered_statement(self, row: int, x: float, radius: float) -> None:
        """Say which statement marker is under the cursor (once per marker entered)."""
        near = self.markers_near(row, x, radius)[0] if row >= 0 else np.zeros(0)
        ref = int(near[0]) if len(near) else -1
        if ref >= 0 and ref != self._last_hovered:
            self.statement_hovered.emit(ref)
        self._last_hovered = ref

    def highlight_statement(self, ref: int) -> None:
        """Ring the statement marker ``ref`` (as in ``statement_hovered``; -1: none). It is
        looked for on the selected row first (the details pane lists the selected project's
        statements): a large ledger's statements are not all drawn for it."""
        layers, row = self._layers, self._selected_row
        if layers is None or ref < 0:
            self.item.set_highlight(None)
            return
        points = layers.said().rows(row, row + 1).statements if row >= 0 else layers.statements
        hits = np.flatnonzero(points.ref == ref)
        if not len(hits) and row >= 0:  # (another project's: found among every row's)
            points = layers.statements
            hits = np.flatnonzero(points.ref == ref)
        if not len(hits):
            self.item.set_highlight(None)
            return
        self.item.set_highlight((float(points.x[hits[0]]), int(points.row[hits[0]])))

    def select_and_show(self, row: int) -> None:
        """Select ``row`` and scroll it into view (another view chose the project)."""
        self._select_and_show(row)
