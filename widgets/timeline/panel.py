"""The timeline with a vertical scroll bar over its rows."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from widgets.timeline.widget import TimelineWidget


class TimelinePanel(QtWidgets.QWidget):
    """The timeline with a vertical scroll bar over its rows."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = TimelineWidget(self)
        self.scrollbar = QtWidgets.QScrollBar(QtCore.Qt.Orientation.Vertical, self)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.scrollbar)
        self._syncing = False
        self.timeline.view_box.sigYRangeChanged.connect(self._on_rows_scrolled)
        self.scrollbar.valueChanged.connect(self._on_scrollbar_moved)

    def _on_rows_scrolled(self, _view_box, y_range) -> None:
        layers = self.timeline.layers
        if layers is None or self._syncing:
            return
        y0, y1 = y_range
        visible = max(1, round(y1 - y0))
        self._syncing = True
        try:
            self.scrollbar.setRange(0, max(0, layers.n_rows - visible + 1))
            self.scrollbar.setPageStep(visible)
            self.scrollbar.setValue(round(y0 + 0.9))
        finally:
            self._syncing = False

    def _on_scrollbar_moved(self, value: int) -> None:
        if self._syncing:
            return
        _, (y0, y1) = self.timeline.view_box.viewRange()
        self._syncing = True
        try:
            self.timeline.view_box.setYRange(value - 0.9, value - 0.9 + (y1 - y0), padding=0)
        finally:
            self._syncing = False
