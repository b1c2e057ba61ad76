"""The timeline item: pixels where the layers must be, the dense overview, a paint that fails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from PySide6 import QtCore

from data.load import load_files
from tests.widgets.timeline.conftest import close, pixel, seconds, show
from widgets import palette
from widgets.timeline import PROMISE_Y, TimelineWidget


def test_pixels_show_promise_actual_overrun_and_repromise(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    widget.view_box.setXRange(seconds("1999-01-01"), seconds("2014-01-01"), padding=0)
    widget.view_box.setYRange(-0.6, 2.6, padding=0)
    qtbot.wait(50)
    image = widget.grab().toImage()
    c = palette.LIGHT
    # Row 0 ("late"): promised 2000→2005 in the top half, actual in the bottom half, the
    # overrun 2006→2010 in vermillion, and the re-promise diamond at 2008-12-31.
    assert close(pixel(widget, image, seconds("2003-01-01"), -0.19), c.promised)
    assert close(pixel(widget, image, seconds("2003-01-01"), 0.19), c.actual)
    assert close(pixel(widget, image, seconds("2008-01-01"), 0.19), c.overrun)
    assert close(pixel(widget, image, seconds("2008-12-31"), PROMISE_Y), c.marker)
    # Row 1 ("early"): finished 2004-06, promised 2006-12: the gap is bluish green.
    assert close(pixel(widget, image, seconds("2005-06-01"), 1.19), c.early)
    # Row 2 ("open"): unfinished and late: the overrun after 2007 is the open (light) one.
    open_colour = pixel(widget, image, seconds("2010-01-01"), 2.12)
    assert open_colour.red() > 200 and open_colour.blue() < 200
    # Nothing is painted above the first row.
    assert close(pixel(widget, image, seconds("2003-01-01"), -0.55), c.background, 5)


def test_dense_overview_shows_every_row(qtbot, tmp_path: Path) -> None:
    n = 3000
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")
    promised = start + pd.to_timedelta(rng.integers(200, 2000, n), unit="D")
    actual = promised + pd.to_timedelta(rng.integers(-100, 1500, n), unit="D")
    frame = pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(n)],
            "name": [f"P {i}" for i in range(n)],
            "start": start.strftime("%Y-%m-%d"),
            "deadline": promised.strftime("%Y-%m-%d"),
            "actual finish": actual.strftime("%Y-%m-%d"),
        }
    )
    path = tmp_path / "many.csv"
    frame.to_csv(path, index=False)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    show(widget, load_files([str(path)]))
    widget.show_all_rows()  # 3000 rows in ~600 px: about 5 rows per pixel row
    qtbot.wait(50)
    image = widget.grab().toImage()
    top = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(0, 0))).y()
    bottom = widget.mapFromScene(widget.view_box.mapViewToScene(QtCore.QPointF(0, n - 1))).y()
    left = widget.mapFromScene(widget.view_box.sceneBoundingRect().topLeft()).x() + 2
    right = left + widget.view_box.width() - 4
    background = palette.LIGHT.background
    ratio = image.devicePixelRatio()
    empty_rows = 0
    for y in range(int(top) + 1, int(bottom) - 1):
        row_colours = {
            image.pixelColor(int(x * ratio), int(y * ratio)).rgb()
            for x in range(int(left), int(right), 3)
        }
        if row_colours == {background.rgb()}:
            empty_rows += 1
    assert empty_rows == 0  # every pixel row of the plot carries bars: no row was dropped


def test_paint_never_raises(widget, tiny, qtbot, caplog) -> None:
    show(widget, tiny)
    widget.item._layers.promised = None  # corrupt it behind the item's back
    widget.item.update()
    qtbot.wait(50)
    widget.grab()
    assert any("timeline paint failed" in r.message for r in caplog.records)
