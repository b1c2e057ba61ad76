"""A view you can trust: rows keep their height whatever their number, F shows every row, and
nothing of an old selection band stays on screen after the rows are sorted or grouped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from PySide6 import QtCore, QtGui

from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, run_query
from tests.widgets.timeline.conftest import AS_OF, show


def _projects(tmp_path: Path, n: int):
    """``n`` projects, one a year from 2000, each promised in a year and finished in two."""
    start = pd.Timestamp("2000-01-01") + pd.to_timedelta(np.arange(n) * 3, unit="D")
    frame = pd.DataFrame(
        {
            "id": [f"p{i}" for i in range(n)],
            "name": [f"P {i}" for i in range(n)],
            "start": start.strftime("%Y-%m-%d"),
            "deadline": (start + pd.Timedelta(days=365)).strftime("%Y-%m-%d"),
            "actual finish": (start + pd.Timedelta(days=730)).strftime("%Y-%m-%d"),
        }
    )
    path = tmp_path / f"p{n}.csv"
    frame.to_csv(path, index=False)
    return load_files([str(path)])


def _row_pixels(widget) -> float:
    _, (y0, y1) = widget.view_box.viewRange()
    return widget.view_box.height() / (y1 - y0)


def test_rows_keep_their_height_from_2_to_2000_rows(widget, tmp_path, qtbot) -> None:
    """Two rows are not stretched over the plot, two thousand are not squeezed: 44 px each."""
    for n in (2, 2000):
        show(widget, _projects(tmp_path, n))
        qtbot.wait(20)
        assert abs(_row_pixels(widget) - 44) < 0.5, n
    widget.resize(1000, 620)  # a taller window shows more rows, of the same height
    qtbot.waitUntil(lambda: widget.view_box.height() > 400)
    assert abs(_row_pixels(widget) - 44) < 0.5


def test_f_shows_every_row_the_last_one_whole(widget, tmp_path, qtbot) -> None:
    show(widget, _projects(tmp_path, 2000))
    widget.setFocus()
    qtbot.keyClick(widget, QtCore.Qt.Key.Key_F)
    _, (y0, y1) = widget.view_box.viewRange()
    assert y0 <= -0.5 and y1 >= 1999.5  # rows 0..1999, each from r - 0.5 to r + 0.5
    show(widget, _projects(tmp_path, 2))
    qtbot.keyClick(widget, QtCore.Qt.Key.Key_F)  # two rows: whole, and no taller than 44 px
    _, (y0, y1) = widget.view_box.viewRange()
    assert y0 <= -0.5 and y1 >= 1.5 and _row_pixels(widget) <= 44.5


def _screen(widget) -> np.ndarray:
    """The window's pixels as the screen holds them (not as a fresh render would draw them),
    RGB words per device pixel."""
    screen = QtGui.QGuiApplication.primaryScreen()
    image = screen.grabWindow(widget.winId()).toImage()
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), -1)
    return pixels[:, : image.width()] & 0xFFFFFF


def _band_colour(widget, row: int) -> int:
    """The selection band's colour (translucent: over the background), read where the row has
    nothing else: near the plot's right edge."""
    (_, x1), _ = widget.view_box.viewRange()
    pixel = widget.view_box.viewPixelSize()[0]
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(x1 - 3 * pixel, row))
    point = widget.mapFromScene(scene)
    ratio = widget.devicePixelRatioF()
    return int(_screen(widget)[int(point.y() * ratio), int(point.x() * ratio)])


def test_no_old_selection_band_stays_after_sort_and_grouping(widget, tiny, qtbot) -> None:
    show(widget, tiny)  # rows in file order: late, early, open
    widget.zoom_time(2.0)  # time to spare on both sides of the data
    row = widget.layers.row_of("late")
    widget.select_row(row)
    qtbot.wait(50)
    band = _band_colour(widget, row)
    assert band != widget.colors.background.rgb() & 0xFFFFFF
    before = _screen(widget) == band
    assert before.sum() > 100  # the band is on screen
    for kwargs in ({"sort": "name"}, {"sort": "name", "group_by": "country"}):
        _show_same_view(widget, tiny, **kwargs)  # as the window does: the view stays
        qtbot.wait(50)
        after = _screen(widget) == band
        top, bottom = (_device_y(widget, widget.layers.row_of("late") + d) for d in (-0.5, 0.5))
        assert after[top + 1 : bottom - 1].any()  # the band moved with its row
        after[top - 1 : bottom + 2] = False
        assert not after.any(), kwargs  # and nothing of it stayed anywhere else
        assert before.any()


def _show_same_view(widget, ledger, sort=None, group_by=None) -> None:
    snap = snapshot(ledger, AS_OF)
    layers = build_layers(
        snap, run_query(snap.metrics, Query(sort, "", group_by), ledger.attributes)
    )
    widget.set_layers(layers, keep_view=True)


def _device_y(widget, y: float) -> int:
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(widget.view_box.viewRange()[0][0], y))
    return round(widget.mapFromScene(scene).y() * widget.devicePixelRatioF())


def _legend(widget) -> list[str]:
    return [label.text for _, label in widget.legend.items]


def test_the_legend_lists_what_the_chart_shows(widget, tiny) -> None:
    """The three tiny projects: none cancelled, none begun before the fitted years, one with a
    fuzzy window (2012-01..2012-06), one late and open; the as-of line is always drawn."""
    show(widget, tiny)
    labels = _legend(widget)
    assert not any("cancel" in text for text in labels)
    assert not any("since" in text for text in labels)
    assert any("fuzzy window" in text for text in labels)
    assert any("still open" in text for text in labels)
    assert "as-of date" in labels
    show(widget, tiny, text="Early")  # finished early: no overrun, no window
    labels = _legend(widget)
    assert not any("overrun" in text or "fuzzy" in text for text in labels)
    assert any("early" in text for text in labels)


def _ink_rows(image: QtGui.QImage, x0: int, x1: int, y0: int, y1: int) -> int:
    """How many pixel rows of the box hold a dark pixel (text: the bars are light or coloured)."""
    rows = 0
    for y in range(y0, y1):
        if any(max(image.pixelColor(x, y).getRgb()[:3]) < 90 for x in range(x0, x1)):
            rows += 1
    return rows


def test_the_since_label_scales_with_a_chart_painted_smaller(widget, tiny, qtbot) -> None:
    """ "◂ since 2001" (the early project began 2001-01-01; the view starts in 2003) is written
    in the chart's pixels: painted at half size (a preview, a PDF page), it is half as tall."""
    from tests.widgets.timeline.conftest import seconds

    show(widget, tiny)
    widget.view_box.setXRange(seconds("2003-01-01"), seconds("2012-01-01"), padding=0)
    qtbot.wait(20)
    heights = []
    for scale in (1.0, 0.5):
        size = widget.size() * scale
        image = QtGui.QImage(size, QtGui.QImage.Format.Format_ARGB32)
        image.fill(QtGui.QColor("white"))
        painter = QtGui.QPainter(image)
        source = QtCore.QRectF(0, 0, widget.width(), widget.height())
        widget.scene().render(painter, QtCore.QRectF(image.rect()), source)
        painter.end()
        row = widget.layers.row_of("early")
        scene = widget.view_box.mapViewToScene(QtCore.QPointF(seconds("2003-01-01"), row))
        at = widget.mapFromScene(scene)
        x, y = int(at.x() * scale), int(at.y() * scale)
        heights.append(_ink_rows(image, x + 1, x + 60, max(0, y - 26), y))  # (the same box)
    assert heights[0] >= 6  # the label is there, a few pixels tall
    assert heights[1] <= heights[0] * 0.7  # and shrinks with the chart (it kept its size)
