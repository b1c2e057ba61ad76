"""The row axes (names on the left, slips on the right) and the view box of the timeline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from data.texts import one_line


class RowAxis(pg.AxisItem):
    """A vertical axis whose tick labels are row texts (names on the left, slips on the right)."""

    def __init__(self, orientation: str, elide_pixels: int = 0, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._texts: Sequence[str] = []
        self._headers = np.zeros(0, dtype=bool)
        self._elide_pixels = elide_pixels
        self._shown: dict[int, str] = {}
        self.setStyle(
            tickLength=0, tickTextOffset=8, hideOverlappingLabels=False, autoExpandTextSpace=False
        )

    def set_texts(self, texts: Sequence[str], headers: np.ndarray | None = None) -> None:
        """Row texts; header rows get a lane mark. Texts are elided when first shown, so a
        hundred thousand rows cost nothing until they scroll into view."""
        self._texts = texts
        self._headers = np.zeros(len(texts), dtype=bool) if headers is None else headers
        self._shown = {}
        self.picture = None
        self.update()

    def _label(self, row: int) -> str:
        label = self._shown.get(row)
        if label is None:
            label = one_line(self._texts[row])
            if self._elide_pixels:
                fm = QtGui.QFontMetrics(self.style.get("tickFont") or QtGui.QFont())
                label = fm.elidedText(label, QtCore.Qt.TextElideMode.ElideRight, self._elide_pixels)
            if self._headers[row]:
                label = "▾ " + label
            if len(self._shown) > 20000:
                self._shown.clear()
            self._shown[row] = label
        return label

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph override)
        minVal, maxVal = sorted((minVal, maxVal))  # noqa: N806 (the y axis is inverted)
        lo = max(0, int(np.ceil(minVal)))
        hi = min(len(self._texts) - 1, int(np.floor(maxVal)))
        if hi < lo:
            return []
        # Only the visible rows get a label, and not more than fit at 12 px each.
        step = max(1, int(np.ceil((hi - lo + 1) * 12 / max(size, 1))))
        return [(1.0, list(range(lo, hi + 1, step)))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        return [self._label(int(v)) if 0 <= int(v) < len(self._texts) else "" for v in values]


class TimelineViewBox(pg.ViewBox):
    """Wheel zooms time around the cursor; Shift+wheel scrolls rows; drag pans both.

    The view's transform follows a range change at once: pyqtgraph leaves it to the next paint,
    whose change of transform then asks for a second paint of the whole view."""

    def updateViewRange(self, forceX=False, forceY=False):  # noqa: N802, N803 (pyqtgraph)
        super().updateViewRange(forceX, forceY)
        self.updateMatrix()

    def wheelEvent(self, ev, axis=None):  # noqa: N802 (Qt override)
        delta = ev.delta() if hasattr(ev, "delta") else ev.angleDelta().y()
        modifiers = ev.modifiers()
        if axis == 1 or modifiers & QtCore.Qt.KeyboardModifier.ShiftModifier:
            self.scroll_rows(-delta / 120.0 * 3)
        else:
            scale = 1.02 ** (delta * self.state["wheelScaleFactor"])
            center = pg.Point(
                pg.functions.invertQTransform(self.childGroup.transform()).map(ev.pos())
            )
            self._resetTarget()
            self.scaleBy(x=scale, y=None, center=center)
            self.sigRangeChangedManually.emit([True, False])
        ev.accept()

    def scroll_rows(self, rows: float) -> None:
        self.translateBy(y=rows)
