"""The legend of the timeline: a sample of every layer and marker kind the chart shows, with what
it means (a kind the data lacks is not listed)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from widgets import palette

# A QGraphicsTextItem (what a pyqtgraph LabelItem holds) keeps this margin around its text.
TEXT_MARGIN = 4

if TYPE_CHECKING:  # (types only: the window paints its first frame before pandas)
    from data.layout import TimelineLayers

# Every sample the legend can hold, in its order (the Help menu's legend shows them all).
ALL_SAMPLES = (
    "promised",
    "actual",
    "overrun",
    "overrun_open",
    "early",
    "repromise",
    "first",
    "window",
    "tick",
    "delay_reported",
    "announced",
    "completed",
    "cancelled",
    "since",
    "as_of",
)


def legend_key(layers: TimelineLayers | None) -> tuple[str, ...]:
    """The names of the samples that ``layers`` call for, in legend order."""
    if layers is None or layers.n_rows == 0:
        return ()
    from data.layout import STATEMENT_KINDS

    code_of = {kind: code for code, kind in enumerate(STATEMENT_KINDS)}
    said = layers.said().summary()  # (the statements' layers are not drawn for it)
    kinds = said.kinds
    present = {
        "promised": len(layers.promised) > 0,
        "actual": len(layers.actual) > 0,
        "overrun": len(layers.overrun) > 0,
        "overrun_open": len(layers.overrun_open) > 0,
        "early": len(layers.early) > 0,
        "repromise": said.repromise,
        "first": said.first,
        "window": said.windows + said.open_windows > 0,
        "tick": bool(kinds & {code_of["promise"], code_of["revised_promise"]}),
        "delay_reported": code_of["delay_reported"] in kinds,
        "announced": code_of["announced"] in kinds,
        "completed": code_of["completed"] in kinds,
        "cancelled": len(layers.cancels) > 0 or code_of["cancelled"] in kinds,
        "since": bool((layers.promised.x0 < layers.fit_range[0]).any()),
        "as_of": True,
    }
    return tuple(name for name, shown in present.items() if shown)


class SampleLabel(pg.GraphicsWidget):
    """A legend entry's text: one plain line drawn with ``drawText``, sized by its font's
    metrics. It stands where pyqtgraph's LabelItem would, at the same size and place, without
    laying out HTML (a LabelItem costs ~3 ms to make; a legend has up to 15)."""

    def __init__(self, text: str, color, size: str) -> None:
        super().__init__()
        self.opts = {"color": color, "size": size}
        self.text = ""
        self._font, self._baseline = QtGui.QFont(), 0.0
        self.setText(text)

    def setAttr(self, attr: str, value) -> None:  # noqa: N802 (pyqtgraph's LabelItem API)
        self.opts[attr] = value
        if attr == "size":
            self.setText(self.text)
        else:
            self.update()

    def setText(self, text: str, **opts) -> None:  # noqa: N802 (pyqtgraph's LabelItem API)
        self.text = text
        self.opts.update(opts)
        font = QtGui.QFont()
        font.setPointSizeF(float(str(self.opts["size"]).removesuffix("pt")))
        self._font = font
        metrics = QtGui.QFontMetricsF(font)
        self._baseline = TEXT_MARGIN + metrics.ascent()
        size = QtCore.QSizeF(  # (a text document's line is whole pixels high)
            metrics.horizontalAdvance(text) + 2 * TEXT_MARGIN,
            math.ceil(metrics.height()) + 2 * TEXT_MARGIN,
        )
        self.setMinimumSize(size)
        self.setPreferredSize(size)
        self.updateGeometry()
        self.update()

    def paint(self, painter: QtGui.QPainter, *_args) -> None:
        color = self.opts["color"]
        painter.setPen(pg.mkColor(color) if color is not None else pg.mkColor("k"))
        painter.setFont(self._font)
        painter.drawText(QtCore.QPointF(TEXT_MARGIN, self._baseline), self.text)


class Sample(pg.ItemSample):
    """A legend entry's picture. A click does nothing (pyqtgraph's sample hides its plot item
    and shows an eye instead: here the items are only samples, shared by every legend)."""

    def mouseClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.ignore()


class SampleLegend(pg.LegendItem):
    """pyqtgraph's legend, its entries' texts :class:`SampleLabel` and pictures :class:`Sample`
    (filling it was a large part of a first frame: ~40 ms of CPU for the 15 entries)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(sampleType=Sample, **kwargs)

    def addItem(self, item, name: str) -> None:  # noqa: N802 (pyqtgraph's API)
        self.add_items([(item, name)])

    def add_items(self, entries) -> None:
        """Add each (plot item, text) of ``entries``, then size the legend once."""
        for item, name in entries:
            label = SampleLabel(name, self.opts["labelTextColor"], self.opts["labelTextSize"])
            sample = item if isinstance(item, self.sampleType) else self.sampleType(item)
            self.items.append((sample, label))
            self._addItemToLayout(sample, label)
        self.updateSize()


# The plot items the samples draw, made once per palette and name: (palette, item, text).
_SAMPLE_ITEMS: dict[tuple[int, str], tuple[palette.Palette, object, str]] = {}


def fill_legend(legend: SampleLegend, colors: palette.Palette, names: tuple[str, ...]) -> None:
    """Put a sample of each of ``names`` (from :func:`legend_key`), drawn in ``colors``, in
    ``legend``, and lay it and what holds it out at once: the room it takes from the plot is
    then known before the view is fitted and painted (laid out later, a window's first rows
    were painted twice, the second time at another row height)."""
    legend.clear()
    entries = []
    for name in names:
        kept = _SAMPLE_ITEMS.get((id(colors), name))
        if kept is None or kept[0] is not colors:
            if len(_SAMPLE_ITEMS) > 100:  # (palettes made on the fly: keep a few only)
                _SAMPLE_ITEMS.clear()
            kept = (colors, *_sample_item(colors, name))
            _SAMPLE_ITEMS[(id(colors), name)] = kept
        entries.append(kept[1:])
    legend.add_items(entries)
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)


def _sample_item(colors: palette.Palette, name: str) -> tuple[object, str]:
    """The plot item the legend's sample of ``name`` draws in ``colors``, and its text."""
    c = colors

    def bar(brush, height: float = 1.0) -> pg.BarGraphItem:
        return pg.BarGraphItem(x=[0], height=[height], width=1, brush=brush, pen=None)

    def symbol(name: str, size: float, brush, pen=None) -> pg.ScatterPlotItem:
        return pg.ScatterPlotItem(symbol=name, size=size, brush=brush, pen=pen)

    samples = {
        "promised": lambda: (bar(c.promised), "promised (the first promise)"),
        "actual": lambda: (bar(c.actual), "actual, up to the promise"),
        "overrun": lambda: (bar(c.overrun), "overrun (finished late)"),
        "overrun_open": lambda: (bar(c.overrun_open), "overrun still open (faded, hatched)"),
        "early": lambda: (bar(c.early), "finished early"),
        "repromise": lambda: (
            symbol("d", 10, c.marker, c.marker_edge),
            "re-promise, where it pointed",
        ),
        "first": lambda: (
            symbol("d", 8, c.background, c.marker_edge),
            "first promise / restatement",
        ),
        "window": lambda: (bar(c.window, 0.4), "a promise's fuzzy window"),
        "tick": lambda: (symbol("|", 8, None, pg.mkPen(c.tick, width=1.2)), "promise made"),
        "delay_reported": lambda: (symbol("t", 8, c.overrun), "delay reported"),
        "announced": lambda: (symbol("o", 6, QtGui.QBrush(c.tick)), "announcement"),
        "completed": lambda: (symbol("s", 6, c.actual), "completion"),
        "cancelled": lambda: (symbol("x", 10, c.cancel), "cancelled"),
        "since": lambda: (symbol("t3", 7, QtGui.QBrush(c.text)), "◂ since: began before the view"),
        "as_of": lambda: (
            pg.PlotDataItem(pen=pg.mkPen(c.as_of, width=1.5, style=QtCore.Qt.PenStyle.SolidLine)),
            "as-of date",
        ),
    }
    return samples[name]()
