"""The legend of the timeline: a sample of every layer and marker kind, with what it means."""

from __future__ import annotations

import pyqtgraph as pg

from widgets import palette


def fill_legend(legend: pg.LegendItem, colors: palette.Palette) -> None:
    """Put a sample of each layer and marker kind, drawn in ``colors``, in ``legend``."""
    c = colors
    legend.clear()

    def bar(brush) -> pg.BarGraphItem:
        return pg.BarGraphItem(x=[0], height=[1], width=1, brush=brush, pen=None)

    samples = [
        (bar(c.promised), "promised (the first promise)"),
        (bar(c.actual), "actual, up to the promise"),
        (bar(c.overrun), "overrun (faded, hatched: still open)"),
        (bar(c.early), "finished early"),
        (
            pg.ScatterPlotItem(symbol="d", size=10, brush=c.marker, pen=c.marker_edge),
            "re-promise, where it pointed (bar: its fuzzy window)",
        ),
        (
            pg.ScatterPlotItem(symbol="d", size=8, brush=c.background, pen=c.marker_edge),
            "first promise / restatement",
        ),
        (
            pg.ScatterPlotItem(symbol="t", size=8, brush=c.overrun, pen=None),
            "delay reported (| other statements)",
        ),
        (pg.ScatterPlotItem(symbol="x", size=10, brush=c.cancel, pen=None), "cancelled"),
    ]
    for sample, label in samples:
        legend.addItem(sample, label)
