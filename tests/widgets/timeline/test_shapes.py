"""The bars' rect arrays in a frame centred on the view: no coordinate is huge, as a PDF writer
drops coordinates past about 2**31 (seconds before 1902, a bar of more than 68 years)."""

from __future__ import annotations

import numpy as np

from data.layout import Spans
from widgets.timeline import shapes


def test_rects_in_a_frame_keep_long_bars_and_stay_small() -> None:
    # Row 0: 1882-01-01 (-2,776,982,400 s) to 2026-01-01 (1,767,225,600 s); row 1: a span
    # from far in the past, cut at the frame's limit; row 2: a 10-second span.
    spans = Spans(
        np.array([-2_776_982_400.0, -1e15, 1_000_000_000.0]),
        np.array([1_767_225_600.0, 0.0, 1_000_000_010.0]),
        np.array([0, 1, 2]),
    )
    frame = (1_000_000_000.0, 1_000_000.0)  # origin 2001-09-09, a unit of a million seconds
    rects = shapes.rect_array(spans, (0.04, 0.34), 0, 3, frame).ndarray()
    # x = (x0 - origin) / unit; width = (x1 - x0) / unit, by hand:
    assert np.allclose(rects[0], [-3776.9824, 0.04, 4544.208, 0.30])
    # x0 -1e15 is -1e9 units: cut to -1e6; x1 0 s is -1000 units: width 999,000.
    assert np.allclose(rects[1], [-1e6, 1.04, 999_000.0, 0.30])
    assert np.allclose(rects[2], [0.0, 2.04, 1e-5, 0.30])


def test_rects_without_a_frame_are_in_seconds() -> None:
    spans = Spans(np.array([10.0]), np.array([25.0]), np.array([4]))
    rects = shapes.rect_array(spans, (-0.5, 0.5), 4, 5).ndarray()
    assert np.allclose(rects[0], [10.0, 3.5, 15.0, 1.0])


def elements(path) -> list[tuple]:
    """A path's elements, exactly: each one's type and coordinates."""
    return [
        (path.elementAt(i).type, path.elementAt(i).x, path.elementAt(i).y)
        for i in range(path.elementCount())
    ]


def drawn_by_hand(px, py, shape):
    """The marker path made point by point: a subpath a marker, ``shape`` around each point."""
    from PySide6 import QtCore, QtGui

    path = QtGui.QPainterPath()
    for x, y in zip(px, py, strict=True):
        path.moveTo(x + shape[0, 0], y + shape[0, 1])
        for dx, dy in shape[1:]:
            path.lineTo(x + dx, y + dy)
    path.setFillRule(QtCore.Qt.FillRule.WindingFill)
    return path


def test_marker_paths_hold_each_marker_as_its_own_closed_outline(qapp) -> None:
    # marker_path builds its path from Qt's stream of points, not through pyqtgraph's
    # arrayToQPath: the same elements, exactly, as drawn point by point and as arrayToQPath
    # gives them, for every marker shape; and points that are not numbers are left to
    # arrayToQPath, which mends them as before.
    import pyqtgraph as pg

    rng = np.random.default_rng(18)
    px, py = rng.uniform(-50, 900, 37), rng.uniform(0, 1200, 37)
    for shape in (
        shapes.diamond(5.0),
        shapes.chevron(6.0),
        shapes.triangle_down(3.5),
        shapes.square(2.6),
        shapes.circle(1.8),
        shapes.cross(3.5),
        np.array([[0.0, 0.0]]),  # (one point a marker: Qt's moveTo would fold those into one)
    ):
        path = shapes.marker_path(px, py, shape)
        if len(shape) > 1:
            assert elements(path) == elements(drawn_by_hand(px, py, shape))
        connect = np.ones((len(px), len(shape)), dtype=np.int32)
        connect[:, -1] = 0
        xs = (px[:, None] + shape[None, :, 0]).ravel()
        ys = (py[:, None] + shape[None, :, 1]).ravel()
        assert elements(path) == elements(pg.arrayToQPath(xs, ys, connect=connect.ravel()))
        assert path.fillRule() == drawn_by_hand(px, py, shape).fillRule()
    gap = py.copy()
    gap[5] = np.nan
    shape = shapes.diamond(5.0)
    mended = shapes.marker_path(px, gap, shape)
    xs = (px[:, None] + shape[None, :, 0]).ravel()
    ys = (gap[:, None] + shape[None, :, 1]).ravel()
    connect = np.ones((len(px), len(shape)), dtype=np.int32)
    connect[:, -1] = 0
    assert elements(mended) == elements(pg.arrayToQPath(xs, ys, connect=connect.ravel()))
    assert shapes.marker_path(px[:0], py[:0], shape).elementCount() == 0


def test_line_paths_are_pyqtgraphs_paths_exactly(qapp) -> None:
    # The drift lines (points joined where a row's promises follow one another) and the
    # statement ticks (points joined in pairs), odd counts and points that are not numbers
    # included: the elements pyqtgraph's arrayToQPath gives, exactly.
    import pyqtgraph as pg

    rng = np.random.default_rng(7)
    for n in (1, 2, 9, 40):
        xs, ys = rng.uniform(-100, 900, n), rng.uniform(0, 1200, n)
        rows = np.sort(rng.integers(0, 5, n))
        joined = np.append(rows[1:] == rows[:-1], False).astype(np.int32)
        for connect in ("pairs", joined):
            expected = pg.arrayToQPath(xs, ys, connect=connect)
            assert elements(shapes.line_path(xs, ys, connect)) == elements(expected)
        ys[n // 2] = np.inf
        assert elements(shapes.line_path(xs, ys, "pairs")) == elements(
            pg.arrayToQPath(xs, ys, connect="pairs")
        )
    # (by hand: four points in pairs are two lines, each its own subpath)
    path = shapes.line_path(np.array([0.0, 1, 2, 3]), np.array([5.0, 6, 7, 8]), "pairs")
    moves = [e[0] == path.ElementType.MoveToElement for e in elements(path)]
    assert moves == [True, False, True, False]
    assert [e[1:] for e in elements(path)] == [(0, 5), (1, 6), (2, 7), (3, 8)]
