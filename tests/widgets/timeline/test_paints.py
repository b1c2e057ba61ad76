"""One paint of the shown view per interaction: a zoom, a pan in time, a scroll by rows."""

from __future__ import annotations

import time

import pytest

from tests.widgets.timeline.conftest import show
from widgets.timeline import TimelineWidget

QUIET = 0.15  # an interaction has ended when the view was not painted for this long


def _settle(qtbot, paints: list[float]) -> int:
    """Run the event loop until a paint came and then none for QUIET (at most 3 s); the paints
    meanwhile."""
    count, start = len(paints), time.perf_counter()
    while time.perf_counter() - start < 3.0:
        qtbot.wait(20)
        if len(paints) > count and time.perf_counter() - paints[-1] > QUIET:
            break
    return len(paints) - count


def _pan(widget: TimelineWidget, sign: int) -> None:
    (x0, x1), _ = widget.view_box.viewRange()
    widget.view_box.translateBy(x=sign * (x1 - x0) / 50)


def _count_paints(widget, monkeypatch) -> list[float]:
    """The end times of ``widget``'s paints from now on (a list the paints append to)."""
    paints: list[float] = []
    original = TimelineWidget.paintEvent

    def counted(self, event):
        original(self, event)
        if self is widget:
            paints.append(time.perf_counter())

    monkeypatch.setattr(TimelineWidget, "paintEvent", counted)
    return paints


@pytest.mark.parametrize(
    "step",
    [
        lambda w, sign: w.zoom_time(0.8 if sign > 0 else 1.25),
        _pan,
        lambda w, sign: w.view_box.scroll_rows(sign),
    ],
    ids=["zoom", "pan", "row"],
)
def test_an_interaction_paints_the_view_once(widget, tiny, qtbot, monkeypatch, step) -> None:
    paints = _count_paints(widget, monkeypatch)
    show(widget, tiny)
    widget.view_box.setYRange(-0.9, 1.6, padding=0)  # rows to scroll
    _settle(qtbot, paints)
    for sign in (1, -1, 1):
        step(widget, sign)
        assert _settle(qtbot, paints) == 1


def test_the_first_rows_in_a_shown_window_paint_once(widget, tiny, qtbot, monkeypatch) -> None:
    # The legend fills on the first rows and takes room from the plot: laid out at once, before
    # the view is fitted, the rows are painted once, at the height they keep.
    paints = _count_paints(widget, monkeypatch)
    widget.update()
    _settle(qtbot, paints)  # the empty chart, painted
    show(widget, tiny)
    (_, (y0, y1)) = widget.view_box.viewRange()
    assert _settle(qtbot, paints) == 1
    assert widget.view_box.viewRange()[1] == pytest.approx([y0, y1])


def test_grouping_paints_once_when_the_slip_column_widens(widget, tiny, qtbot, monkeypatch) -> None:
    # A lane header's counts ("1 late · median …") are wider than a lone project's slip label
    # here, so grouping widens the slip column: laid out at once, it is still one paint.
    paints = _count_paints(widget, monkeypatch)
    show(widget, tiny, text="Early")  # one project, its slip label alone
    _settle(qtbot, paints)
    before = widget.slip_axis.maximumWidth()
    show(widget, tiny, text="Early", group_by="country")
    assert _settle(qtbot, paints) == 1
    assert widget.slip_axis.maximumWidth() > before


def test_a_pan_in_time_asks_the_row_axes_for_their_edge_only(tiny, qtbot, monkeypatch) -> None:
    # The plot's repaint reaches the edge of the row axes beside it; what they are asked to
    # repaint is that edge, not their texts (a scroll by rows repaints them whole).
    from widgets.timeline.axes import RowAxis

    asked: list[tuple[str, float]] = []
    original = RowAxis.paint

    def paint(self, p, opt, w):
        asked.append((self.orientation, opt.exposedRect.width()))
        return original(self, p, opt, w)

    monkeypatch.setattr(RowAxis, "paint", paint)  # (before the widget: Qt looks it up once)
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.show()
    qtbot.waitExposed(widget)
    paints = _count_paints(widget, monkeypatch)
    show(widget, tiny)
    widget.view_box.setYRange(-0.9, 1.6, padding=0)
    _settle(qtbot, paints)
    _pan(widget, -1)  # (the first change of view after new layers repaints every item)
    _settle(qtbot, paints)
    asked.clear()
    for sign in (1, -1, 1):
        _pan(widget, sign)
        assert _settle(qtbot, paints) == 1
    assert asked and all(width <= 4.0 for _, width in asked)
    asked.clear()
    widget.view_box.scroll_rows(1)
    assert _settle(qtbot, paints) == 1
    widths = dict(asked)
    # More than the edge: their texts (Qt 6.6 clips the exposed part to what the view shows,
    # so not always the axis' whole width).
    assert widths["left"] > 4.0 and widths["right"] > 4.0


def test_a_row_axis_asked_for_its_edge_draws_no_text(widget, tiny, qtbot) -> None:
    from PySide6 import QtCore, QtGui, QtWidgets

    show(widget, tiny)
    qtbot.wait(50)
    axis = widget.names_axis
    bounds = axis.boundingRect()

    def painted(exposed: QtCore.QRectF) -> int:
        """Pixels the axis paints into a clear image, asked to repaint ``exposed``."""
        image = QtGui.QImage(
            int(bounds.width()) + 4, int(bounds.height()) + 40, QtGui.QImage.Format.Format_ARGB32
        )
        image.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(image)
        painter.translate(-bounds.left(), -bounds.top())
        option = QtWidgets.QStyleOptionGraphicsItem()
        option.exposedRect = exposed
        axis.paint(painter, option, None)
        painter.end()
        left_part = image.copy(0, 0, int(bounds.width()) - 12, image.height())
        return sum(
            left_part.pixelColor(x, y).alpha() > 0
            for x in range(0, left_part.width(), 2)
            for y in range(0, left_part.height(), 2)
        )

    assert painted(bounds) > 0  # the names
    edge = QtCore.QRectF(bounds.right() - 3, bounds.top(), 3, bounds.height())
    assert painted(edge) == 0


def test_the_date_axis_bounds_are_its_strip_and_its_grid_crosses_the_plot(
    widget, tiny, qtbot
) -> None:
    from PySide6 import QtCore, QtGui

    show(widget, tiny)  # three rows: the plot is empty below the third
    qtbot.wait(50)
    axis, plot = widget.date_axis, widget.view_box.sceneBoundingRect()
    # Bounds covering the plot (pyqtgraph's, with a grid) repainted every item beside it.
    assert axis.sceneBoundingRect().intersected(plot).height() < 1.0
    _, ticks, _ = axis.draw_specs()
    assert ticks
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    below_rows = widget.view_box.mapViewToScene(QtCore.QPointF(0, 2.9)).y()
    y = (below_rows + plot.bottom()) / 2  # an empty part of the plot
    background = QtGui.QColor(widget.colors.background)
    found = 0
    for _, p1, _ in ticks:
        x = axis.mapToScene(p1).x()
        if not plot.left() + 2 < x < plot.right() - 2:
            continue
        point = widget.mapFromScene(QtCore.QPointF(x, y)) * ratio
        px, py = round(point.x()), int(point.y())
        # A grid line there (a pixel either way: rounding), the background on either side.
        assert any(image.pixelColor(px + d, py) != background for d in (-1, 0, 1))
        assert image.pixelColor(px - 4, py) == image.pixelColor(px + 4, py) == background
        found += 1
    assert found >= 2


def test_a_repaint_at_the_same_range_works_no_tick_out_again(widget, tiny, qtbot) -> None:
    show(widget, tiny)
    qtbot.wait(50)
    axis = widget.date_axis
    made = axis.specs_made
    widget.select_row(1)  # the plot repaints, its grid with it
    widget.viewport().repaint()
    assert axis.specs_made == made
    _pan(widget, 1)
    widget.viewport().repaint()
    assert axis.specs_made == made + 1  # once for the grid and the axis


def test_a_small_pan_leaves_the_items_bounds_as_they_are(widget, tiny, qtbot) -> None:
    # The bands run across the view, so the bounds reach past it: a pan within them changes
    # no geometry (a geometry change on every pan cost Qt work each time); a view beyond
    # them is still inside the new bounds.
    show(widget, tiny)
    qtbot.wait(20)
    item = widget.item
    bounds = item.boundingRect()
    for sign in (1, 1, -1):
        _pan(widget, sign)
        assert item.boundingRect() == bounds
    (x0, x1), _ = widget.view_box.viewRange()
    widget.view_box.setLimits(xMin=None, xMax=None, minXRange=None, maxXRange=None)
    widget.view_box.setXRange(x1 + 10 * (x1 - x0), x1 + 11 * (x1 - x0), padding=0)
    view = widget.view_box.viewRect()
    assert item.boundingRect().contains(view)


@pytest.mark.parametrize("step", [_pan, lambda w, sign: w.view_box.scroll_rows(sign)])
def test_a_pan_lays_out_no_axis_title(widget, tiny, qtbot, monkeypatch, step) -> None:
    """pyqtgraph's axes lay their (unused) titles out again as HTML at every change of range,
    for the SI prefix of their units (which dates and row names have none of)."""
    import pyqtgraph as pg

    show(widget, tiny)
    widget.view_box.setYRange(-0.9, 1.6, padding=0)
    qtbot.wait(50)
    titles: list[object] = []
    update = pg.AxisItem._updateLabel
    monkeypatch.setattr(pg.AxisItem, "_updateLabel", lambda a: (titles.append(a), update(a)))
    for sign in (1, -1, 1):
        step(widget, sign)
        qtbot.wait(20)
    assert titles == []


def test_the_grid_draws_its_lines_whole_within_a_region_and_keeps_them(widget, tiny, qtbot) -> None:
    """The grid's lines drawn within a clip of their own rect (its speed) are the pixels its
    specs' lines give drawn plainly, under a paint's clip region of several rects; made once
    per specs."""
    from PySide6 import QtGui

    show(widget, tiny)
    qtbot.wait(50)
    grid, axis = widget.date_axis.grid_item, widget.date_axis
    _, ticks, _ = axis.draw_specs()
    assert len(ticks) >= 2
    bounds = grid.boundingRect()
    region = QtGui.QRegion(0, 0, 60, 40) | QtGui.QRegion(0, 40, int(bounds.width()) + 40, 2000)

    def image(draw) -> QtGui.QImage:
        out = QtGui.QImage(
            int(bounds.width()) + 40, int(bounds.height()) + 40, QtGui.QImage.Format.Format_RGB32
        )
        out.fill(QtGui.QColor("white"))
        p = QtGui.QPainter(out)
        try:
            p.setClipRegion(region)
            p.translate(10.5 - bounds.left(), 20.25 - bounds.top())
            draw(p)
        finally:
            p.end()
        return out

    def plain(p: QtGui.QPainter) -> None:  # (each tick's line, as pyqtgraph's axis draws it)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        for pen, p1, p2 in ticks:
            p.setPen(pen)
            p.drawLine(p1, p2)

    expected = image(plain)
    assert image(lambda p: grid.paint(p)) == expected
    assert expected != image(lambda p: None)
    lines = grid._lines
    image(lambda p: grid.paint(p))
    assert grid._lines is lines  # (the same specs: the same lines)
