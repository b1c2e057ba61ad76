"""The timeline's lanes: folding by a click on a header (or the sticky header), the keys that
fold and unfold every lane, and the sticky header: the header of the lane at the top of the
view, pinned over the first row while its own header is scrolled (even partly) out of view.

The widget folds nothing itself: it says which lane was clicked (``lane_toggled(key)``) or that
every lane should fold or unfold (``lanes_folded(bool)``); the application folds them in the
data (``data.lanes``) and gives the widget new layers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    import pyqtgraph as pg

    from data.layout import TimelineLayers
    from widgets.palette import Palette
    from widgets.timeline.axes import RowAxis

STICKY_PIXELS = (16.0, 48.0)  # the sticky header's height: a row's, within these bounds
FOLD_KEYS = {QtCore.Qt.Key.Key_BracketLeft: True, QtCore.Qt.Key.Key_BracketRight: False}


def folded_rows(layers: TimelineLayers) -> np.ndarray:
    """True for the header rows of folded lanes."""
    folded = np.zeros(layers.n_rows, dtype=bool)
    if layers.lanes is not None:
        folded[layers.lanes.rows] = layers.lanes.folded
    return folded


def header_text(layers: TimelineLayers, lane: int) -> str:
    """A lane header's name with its arrow: ▸ folded, ▾ open."""
    lanes = layers.lanes
    assert lanes is not None
    name = " ".join(lanes.name(lane).split())  # (on one line, as the name column writes it)
    return f"{'▸' if lanes.folded[lane] else '▾'} {name}"


class StickyHeader(QtWidgets.QGraphicsRectItem):
    """The pinned header: a band across the names, the plot and the slips, over the first row
    shown, with the lane's name and its counts."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(1000)
        self.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.name = QtWidgets.QGraphicsSimpleTextItem(self)
        self.counts = QtWidgets.QGraphicsSimpleTextItem(self)
        self.lane = -1  # the lane it shows (an index into the layers' lanes)
        self.hide()

    def show_lane(
        self, lane: int, texts: tuple[str, str], rects: tuple[QtCore.QRectF, ...], c: Palette
    ) -> None:
        """Show ``lane``'s ``texts`` (name, counts) in ``rects`` (the names', the plot's and
        the slips' parts of the band, in scene coordinates) in the colours ``c``."""
        names, plot, slips = rects
        self.lane = lane
        self.setRect(names.united(plot).united(slips))
        back, over = c.background, c.lane.color()
        alpha = over.alphaF()  # the lane band over the background, made opaque

        def mix(a: float, b: float) -> float:
            return alpha * a + (1 - alpha) * b

        band = QtGui.QColor.fromRgbF(
            mix(over.redF(), back.redF()),
            mix(over.greenF(), back.greenF()),
            mix(over.blueF(), back.blueF()),
        )
        self.setBrush(band)
        font = QtGui.QFont()
        fm = QtGui.QFontMetricsF(font)
        name = fm.elidedText(texts[0], QtCore.Qt.TextElideMode.ElideRight, names.width() - 12)
        for item, text in ((self.name, name), (self.counts, texts[1])):
            item.setFont(font)
            item.setText(text)
            item.setBrush(c.text)
        y = names.center().y() - fm.height() / 2
        self.name.setPos(names.right() - 8 - fm.horizontalAdvance(name), y)
        self.counts.setPos(slips.left() + 8, y)
        self.show()


class LaneFolding:
    """The timeline widget's lanes (a mixin of :class:`TimelineWidget`)."""

    _layers: TimelineLayers | None
    colors: Palette
    view_box: pg.ViewBox
    plot: pg.PlotItem
    names_axis: RowAxis
    slip_axis: RowAxis
    lane_toggled: Any  # (a Signal(str) of the widget: the key of the lane clicked)
    lanes_folded: Any  # (a Signal(bool) of the widget: fold (True) or unfold every lane)

    if TYPE_CHECKING:

        def scene(self) -> Any: ...

        def row_at(self, scene_pos: QtCore.QPointF) -> int: ...

    def _init_lanes(self, interactive: bool) -> None:
        """The sticky header, placed as the view moves in an interactive widget only (an
        export's pages repeat no header over their first row)."""
        self.sticky = StickyHeader()
        self.scene().addItem(self.sticky)
        self._sticky_on = interactive
        if interactive:
            self.view_box.sigYRangeChanged.connect(self.place_sticky)
            self.view_box.sigResized.connect(self.place_sticky)

    def _set_slip_width(self, width: int) -> None:
        """The slip column's width (a lane header's counts may widen it), laid out at once: the
        next paint is then the only one (a layout left to the event loop paints twice)."""
        if width != self.slip_axis.maximumWidth():
            self.slip_axis.setWidth(width)
            self.plot.layout.activate()

    def lane_clicked(self, scene_pos: QtCore.QPointF) -> bool:
        """A click at ``scene_pos``: on a lane header (or the sticky header) it asks for that
        lane to fold or unfold, and is taken (True)."""
        layers = self._layers
        if layers is None or layers.lanes is None:
            return False
        if self.sticky.isVisible() and self.sticky.sceneBoundingRect().contains(scene_pos):
            lane = self.sticky.lane
        else:
            row = self.row_at(scene_pos)
            if row < 0 or not layers.is_header[row]:
                return False
            lane = layers.lanes.lane_of(row)
        self.lane_toggled.emit(layers.lanes.keys[lane])
        return True

    def lane_key(self, event: QtGui.QKeyEvent) -> bool:
        """[ folds every lane, ] unfolds them; True when the key was one of them."""
        fold = FOLD_KEYS.get(QtCore.Qt.Key(event.key()))  # (whatever modifier types them)
        if fold is None:
            return False
        self.lanes_folded.emit(fold)
        return True

    def place_sticky(self, *_args) -> None:
        """Pin the header of the lane at the top of the view when its own header row is (even
        partly) above the view; else hide it."""
        layers, sticky = self._layers, self.sticky
        lanes = None if layers is None or not self._sticky_on else layers.lanes
        _, (y0, y1) = self.view_box.viewRange()
        top = int(np.floor(y0 + 0.5))  # the row at the top edge
        lane = -1 if lanes is None or layers is None or top >= layers.n_rows else lanes.lane_of(top)
        if lanes is None or layers is None or lane < 0 or lanes.rows[lane] - 0.5 >= y0 - 1e-6:
            sticky.hide()
            return
        box = self.view_box.sceneBoundingRect()
        pixels = min(max(box.height() / max(y1 - y0, 1e-9), STICKY_PIXELS[0]), STICKY_PIXELS[1])
        row = int(lanes.rows[lane])

        def part(rect: QtCore.QRectF) -> QtCore.QRectF:
            return QtCore.QRectF(rect.left(), box.top(), rect.width(), pixels)

        rects = tuple(
            part(r)
            for r in (self.names_axis.sceneBoundingRect(), box, self.slip_axis.sceneBoundingRect())
        )
        texts = (header_text(layers, lane), layers.slip_labels[row])
        sticky.show_lane(lane, texts, rects, self.colors)
