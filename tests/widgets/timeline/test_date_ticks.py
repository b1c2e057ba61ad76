"""The date axis' tick labels and draw specs, worked out faster, are pyqtgraph's own: its
``DateAxisItem.tickStrings`` and its specs measured on a plain painter are the reference."""

from __future__ import annotations

import datetime as dt

import pyqtgraph as pg
import pytest
from PySide6 import QtGui

from widgets.timeline.dates import DateAxis, _Measuring


def _seconds(*date: int) -> float:
    return dt.datetime(*date, tzinfo=dt.UTC).timestamp()


def _levels(axis: DateAxis, low: float, high: float, size: int):
    """Each tick level's (spacing, values) pyqtgraph asks labels for over [low, high]."""
    return axis.tickValues(low, high, size)


RANGES = [  # (from, to, pixels): decades, years, months, weeks, days, hours (the fallback)
    (_seconds(1972, 3, 5), _seconds(2031, 9, 1), 3000),
    (_seconds(1850, 1, 1), _seconds(1920, 1, 1), 900),
    (_seconds(2019, 11, 20), _seconds(2021, 2, 3), 1400),
    (_seconds(2024, 1, 29), _seconds(2024, 3, 4), 1200),
    (_seconds(2024, 2, 27), _seconds(2024, 3, 2), 1600),
    (_seconds(2024, 2, 28, 20), _seconds(2024, 2, 29, 3), 800),
]


@pytest.mark.parametrize(("low", "high", "size"), RANGES)
def test_tick_labels_are_pyqtgraphs(qapp, low: float, high: float, size: int) -> None:
    axis = DateAxis("bottom")
    axis.fontMetrics = QtGui.QFontMetrics(QtGui.QFont())
    levels = _levels(axis, low, high, size)
    assert levels
    for spacing, values in levels:
        expected = pg.DateAxisItem.tickStrings(axis, values, 1, spacing)
        assert axis.tickStrings(values, 1, spacing) == expected
        assert len(expected) == len(values)


def test_the_fast_labels_are_years_months_and_days(qapp) -> None:
    """Worked out by hand: ticks at 1 Jan 1999, 1 Feb 2000 and 5 Mar 2001 (UTC)."""
    axis = DateAxis("bottom")
    axis.fontMetrics = QtGui.QFontMetrics(QtGui.QFont())
    axis.tickValues(_seconds(1990, 1, 1), _seconds(2010, 1, 1), 2000)  # the years-months level
    values = [_seconds(1999, 1, 1), _seconds(2000, 2, 1), _seconds(2001, 3, 5)]
    year, month = (spec.spacing for spec in axis.zoomLevel.tickSpecs)
    assert axis.tickStrings(values, 1, year) == ["1999", "2000", "2001"]
    months = [dt.date(2001, m, 1).strftime("%b") for m in (1, 2, 3)]  # (the locale's names)
    assert axis.tickStrings(values, 1, month) == months
    axis.tickValues(_seconds(2024, 1, 1), _seconds(2024, 3, 1), 1500)  # months and days
    day = axis.zoomLevel.tickSpecs[1].spacing
    assert axis.tickStrings(values, 1, day) == ["01", "01", "05"]


def _plain(specs) -> tuple:
    _axis, ticks, texts = specs
    return (
        [(p1.x(), p1.y(), p2.x(), p2.y(), pen.color().rgba()) for pen, p1, p2 in ticks],
        [(r.x(), r.y(), r.width(), r.height(), int(flags), text) for r, flags, text in texts],
    )


@pytest.mark.parametrize(("low", "high", "size"), RANGES[:4])
def test_draw_specs_measured_once_a_label_equal_pyqtgraphs(
    qtbot, low: float, high: float, size: int
) -> None:
    plot = pg.PlotWidget(axisItems={"bottom": DateAxis("bottom")})
    qtbot.addWidget(plot)
    plot.resize(size, 300)
    plot.setXRange(low, high, padding=0)
    plot.show()
    qtbot.waitExposed(plot)
    axis = plot.getAxis("bottom")

    def specs(measuring: bool) -> tuple:
        picture = QtGui.QPicture()
        painter = QtGui.QPainter(picture)
        try:
            if measuring:
                return _plain(axis.generateDrawSpecs(_Measuring(painter)))
            axis.tickStrings = lambda v, s, sp: pg.DateAxisItem.tickStrings(axis, v, s, sp)
            try:
                return _plain(axis.generateDrawSpecs(painter))
            finally:
                del axis.tickStrings
        finally:
            painter.end()

    fast, reference = specs(True), specs(False)
    assert reference[1]  # (labels drawn)
    assert fast == reference
