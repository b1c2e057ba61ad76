"""The timeline item's kept picture (widgets/timeline/scroll.py): a pan moves it and draws only
the strip that comes into view; any other change draws it anew. Each picture is held against
the same view drawn directly (the kept picture dropped first)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtGui

from data.load import load_files
from tests.widgets.timeline.conftest import show
from widgets.timeline import TimelineWidget


def _pixels(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), -1)
    return rows[:, : image.width()].copy()


def _grab(widget: TimelineWidget) -> np.ndarray:
    return _pixels(widget.grab().toImage())


def _direct(widget: TimelineWidget) -> np.ndarray:
    """The widget as drawn with no kept picture."""
    widget.item.cache.invalidate()
    return _grab(widget)


@pytest.fixture
def sample(widget: TimelineWidget, sample_paths, qtbot) -> TimelineWidget:
    show(widget, load_files(sample_paths))
    widget.zoom_time(0.5)  # (bars run past both edges: strips have something to draw)
    _grab(widget)  # the first paint at this scale, drawn directly
    _grab(widget)  # the picture kept
    return widget


def _pan_pixels(widget: TimelineWidget, x: float = 0.0, y: float = 0.0) -> None:
    px, py = widget.view_box.viewPixelSize()
    widget.view_box.translateBy(x=x * px if x else None, y=y * py if y else None)


def _view_rect(widget: TimelineWidget):
    """The device rect the item's picture must cover: the view box, a pixel more each side."""
    area = widget.item.deviceTransform(widget.viewportTransform()).mapRect(widget.item.viewRect())
    return area.adjusted(1e-4, 1e-4, -1e-4, -1e-4).toAlignedRect().adjusted(-1, -1, 1, 1)


def test_a_pan_in_time_draws_only_the_strip_and_the_picture_is_a_direct_paint(sample) -> None:
    # The picture reaches 128 px past the view each side: a pan within that draws nothing; a
    # pan past it draws one strip, from the old picture's edge to 128 px past the new view.
    # (Each pan here starts from a new picture: the direct paint compared drops the kept one.)
    sample.zoom_time(0.2)  # (room to pan either way within the view's limits)
    _grab(sample)
    _grab(sample)
    for pixels, width in ((13, None), (-40, None), (128, None), (140, 140), (-200, 200)):
        before = len(sample.item.cache.rendered)
        _pan_pixels(sample, x=pixels)
        kept = _grab(sample)
        strips = sample.item.cache.rendered[before:]
        assert [s.width() for s in strips] == ([] if width is None else [width])
        view = _view_rect(sample)
        picture = sample.item.cache._rect
        assert picture.contains(view)
        if strips:  # at the edge the view moved toward, as tall as the picture
            edge = strips[0].right() - 128 if pixels > 0 else strips[0].left() + 128
            assert edge == (view.right() if pixels > 0 else view.left())
            assert strips[0].height() == picture.height() == view.height() + 256
        assert np.array_equal(kept, _direct(sample))
        _grab(sample)  # (kept again for the next pan)


def test_pans_in_time_use_up_the_picture_before_drawing(sample) -> None:
    sample.zoom_time(0.2)
    _grab(sample)
    _grab(sample)
    # (pixels, strip width): 60 + 60 fit in 128; 20 more is 12 past: a strip of 12 + 128; the
    # new picture has 128 each side, so -100 fits and -50 is 22 past: 22 + 128 to the left.
    for pixels, width in ((60, None), (60, None), (20, 140), (-100, None), (-50, 150)):
        before = len(sample.item.cache.rendered)
        _pan_pixels(sample, x=pixels)
        kept = _grab(sample)
        assert [s.width() for s in sample.item.cache.rendered[before:]] == (
            [] if width is None else [width]
        )
    assert np.array_equal(kept, _direct(sample))


def test_a_pan_by_rows_past_the_picture_draws_their_strip(sample) -> None:
    sample.view_box.setYRange(-0.9, 2.1, padding=0)  # rows to scroll
    _grab(sample)
    _grab(sample)
    row = round(1 / sample.view_box.viewPixelSize()[1])  # a row's pixels
    assert 2 * row > 128  # (so that every pan below goes past the picture)
    for rows in (2, 2, -3):
        before = len(sample.item.cache.rendered)
        sample.view_box.scroll_rows(rows)
        kept = _grab(sample)
        strips = sample.item.cache.rendered[before:]
        # (past the picture's 128 px by the rows' pixels less 128, and 128 past the view)
        view = _view_rect(sample)
        pixels = round(abs(rows) / sample.view_box.viewPixelSize()[1])
        assert [(s.width(), s.height()) for s in strips] == [(view.width() + 256, pixels)]
        assert np.array_equal(kept, _direct(sample))
        _grab(sample)


def test_a_pan_of_a_few_rows_draws_nothing_and_the_picture_is_a_direct_paint(sample) -> None:
    sample.view_box.setYRange(-0.9, 30.1, padding=0)  # thin rows: 31 in view
    _grab(sample)
    _grab(sample)
    row = 1 / sample.view_box.viewPixelSize()[1]
    assert 3 * row < 128
    for rows in (1, 1, -1, 2):
        before = len(sample.item.cache.rendered)
        sample.view_box.scroll_rows(rows)
        kept = _grab(sample)
        assert sample.item.cache.rendered[before:] == []
        assert np.array_equal(kept, _direct(sample))
        _grab(sample)


def test_a_pan_moves_by_whole_pixels(sample) -> None:
    (x0, _), (y0, _) = sample.view_box.viewRange()
    px, py = sample.view_box.viewPixelSize()
    sample.view_box.translateBy(x=10.4 * px, y=-2.6 * py)
    (x1, _), (y1, _) = sample.view_box.viewRange()
    assert (x1 - x0) / px == pytest.approx(10.0)
    assert (y1 - y0) / py == pytest.approx(-3.0)


@pytest.mark.parametrize(
    "change",
    [
        lambda w: w.select_row(1),
        lambda w: w.set_theme("dark"),
        lambda w: w.item.set_highlight((float(w.layers.promises.x[0]), 0)),
    ],
    ids=["selection", "theme", "hover ring"],
)
def test_a_change_draws_the_picture_anew(sample, change) -> None:
    _pan_pixels(sample, x=9)
    before = _grab(sample)  # (from the picture kept)
    change(sample)
    after = _grab(sample)
    assert not np.array_equal(before, after)  # (the change shows)
    assert np.array_equal(after, _direct(sample))
    _grab(sample)
    _pan_pixels(sample, x=-9)  # and the new picture is the one kept and moved
    assert np.array_equal(_grab(sample), _direct(sample))


def _direct_all(widget: TimelineWidget) -> np.ndarray:
    """The widget with no kept picture: the item's nor the row axes'."""
    for axis in (widget.names_axis, widget.slip_axis):
        axis._cache.invalidate()
    return _direct(widget)


@pytest.mark.parametrize("pixels", [(7, 7, -20, 15, 1)])
def test_a_pan_by_rows_moves_the_row_axes_picture_and_draws_only_new_labels(
    sample, pixels, monkeypatch
) -> None:
    sample.view_box.setYRange(0.1, 6.1, padding=0)  # six rows, and
    # room to scroll either way (at the first row the view stops short of a whole pixel)
    axis = sample.names_axis
    drawn: list[str] = []
    draw = axis._static.draw

    def counted(p, texts) -> None:
        texts = list(texts)
        drawn.extend(text for _, _, text in texts)
        draw(p, texts)

    monkeypatch.setattr(axis._static, "draw", counted)
    _grab(sample)
    _grab(sample)  # (the picture kept)
    row_pixels = 1 / sample.view_box.viewPixelSize()[1]
    for move in pixels:  # (not whole rows: labels cut at the edges come and go)
        before, drawn[:] = len(axis._cache.rendered), []
        _pan_pixels(sample, y=move)
        kept = _grab(sample)
        strips = axis._cache.rendered[before:]
        # the rows coming in and a text's height along both edges, never the whole column
        assert strips
        assert sum(s.height() for s in strips) < 3 * row_pixels + abs(move) + 8
        assert 0 < len(drawn) <= 5  # (of the six rows' labels)
        assert np.array_equal(kept, _direct_all(sample))
        _grab(sample)  # (kept again for the next pan)


def _tick_rows(widget: TimelineWidget) -> list[int]:
    """The rows beside the names axis' one-pixel ticks as painted (their specs, kept)."""
    _grab(widget)
    axis = widget.names_axis
    ticks = axis._specs[1]
    return [round(widget.view_box.mapSceneToView(axis.mapToScene(at)).y()) for _, at, _ in ticks]


def test_the_row_ticks_are_kept_on_a_pan_in_time_and_follow_a_pan_of_rows(sample) -> None:
    """The names axis' tick lines (a pixel at its edge beside each row in view) are made once
    per view of rows: a pan in time repaints the axis' edge with the same lines; a pan of rows
    makes them again, beside the rows now in view."""
    sample.view_box.setYRange(1.6, 6.4, padding=0)  # rows 2 to 6 in view
    rows = _tick_rows(sample)
    (_, _), (y0, y1) = sample.view_box.viewRange()
    assert rows == [r for r in range(16) if y0 <= r <= y1] and len(rows) >= 4
    kept = sample.names_axis._specs[1]
    _pan_pixels(sample, x=8)
    assert _tick_rows(sample) == rows and sample.names_axis._specs[1] is kept
    sample.view_box.translateBy(y=2)
    (_, _), (y0, y1) = sample.view_box.viewRange()
    moved = _tick_rows(sample)
    assert moved == [r for r in range(16) if y0 <= r <= y1] and moved[0] == rows[0] + 2
