"""The legend of the timeline: a sample of every layer and marker kind the chart shows, with what
it means (a kind the data lacks is not listed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from widgets import palette

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
    counts = np.bincount(layers.statements.kind.astype(np.int64), minlength=len(STATEMENT_KINDS))
    kinds = set(np.flatnonzero(counts).tolist())
    present = {
        "promised": len(layers.promised) > 0,
        "actual": len(layers.actual) > 0,
        "overrun": len(layers.overrun) > 0,
        "overrun_open": len(layers.overrun_open) > 0,
        "early": len(layers.early) > 0,
        "repromise": bool(layers.repromise.any()),
        "first": bool((~layers.repromise).any()),
        "window": len(layers.windows) + len(layers.open_windows) > 0,
        "tick": bool(kinds & {code_of["promise"], code_of["revised_promise"]}),
        "delay_reported": code_of["delay_reported"] in kinds,
        "announced": code_of["announced"] in kinds,
        "completed": code_of["completed"] in kinds,
        "cancelled": len(layers.cancels) > 0 or code_of["cancelled"] in kinds,
        "since": bool((layers.promised.x0 < layers.fit_range[0]).any()),
        "as_of": True,
    }
    return tuple(name for name, shown in present.items() if shown)


def fill_legend(legend: pg.LegendItem, colors: palette.Palette, names: tuple[str, ...]) -> None:
    """Put a sample of each of ``names`` (from :func:`legend_key`), drawn in ``colors``, in
    ``legend``."""
    c = colors
    legend.clear()

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
    for name in names:
        sample, label = samples[name]()
        legend.addItem(sample, label)
