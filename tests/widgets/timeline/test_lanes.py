"""The timeline's lanes: a click on a header asks to fold or unfold its lane, [ and ] every
lane, a folded header's arrow, and the sticky header of a long lane."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6 import QtCore

from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, run_query
from tests.widgets.timeline.conftest import AS_OF, pixel, seconds

LONG = 40  # projects in lane "B"


@pytest.fixture
def long_lane(tmp_path: Path):
    """Lane A of 3 projects, then lane B of 40: rows 0 = header A, 1-3, 4 = header B, 5-44."""
    lines = ["id,name,region,start,deadline"]
    lines += [f"a{i},A {i},A,2000-01-01,2005-12-31" for i in range(3)]
    lines += [f"b{i},B {i},B,2001-01-01,2006-12-31" for i in range(LONG)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_files([str(path)])
    snap = snapshot(ledger, AS_OF)
    return snap, run_query(snap.metrics, Query(group_by="region"), ledger.attributes)


def _click(widget, qtbot, x: float, row: float) -> None:
    scene = widget.view_box.mapViewToScene(QtCore.QPointF(x, row))
    qtbot.mouseClick(
        widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=widget.mapFromScene(scene)
    )


def _top(widget, y0: float) -> None:
    _, (a, b) = widget.view_box.viewRange()
    widget.view_box.setYRange(y0, y0 + (b - a), padding=0)


def test_a_click_on_a_header_asks_to_fold_its_lane(widget, long_lane, qtbot) -> None:
    snap, rows = long_lane
    widget.set_layers(build_layers(snap, rows))
    x = seconds("2003-01-01")
    with qtbot.waitSignal(widget.lane_toggled) as blocker:
        _click(widget, qtbot, x, 4.0)  # header B
    assert blocker.args == ["B"]
    with qtbot.waitSignal(widget.project_selected) as selected:
        _click(widget, qtbot, x, 2.0)  # a project: selected, no fold asked
    assert selected.args == ["a1"]
    widget.setFocus()
    with qtbot.waitSignal(widget.lanes_folded) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_BracketLeft)
    assert blocker.args == [True]
    with qtbot.waitSignal(widget.lanes_folded) as blocker:
        qtbot.keyClick(widget, QtCore.Qt.Key.Key_BracketRight)
    assert blocker.args == [False]


def test_a_folded_header_points_right_and_keeps_its_count(widget, long_lane) -> None:
    snap, rows = long_lane
    widget.set_layers(build_layers(snap, replace(rows, folded=frozenset({"A"}))))
    # Rows: 0 = header A (folded), 1 = header B, 2-41 = B's projects.
    assert widget.layers.n_rows == 2 + LONG
    assert widget.names_axis._label(0) == "▸ A (3)"
    assert widget.names_axis._label(1) == f"▾ B ({LONG})"


def test_the_sticky_header_pins_the_lane_scrolled_into(widget, long_lane, qtbot) -> None:
    snap, rows = long_lane
    widget.set_layers(build_layers(snap, rows))
    assert not widget.sticky.isVisible()  # at the top, every header is where it is
    _top(widget, 10.0)  # well into lane B (its header is row 4)
    assert widget.sticky.isVisible()
    assert widget.sticky.lane == 1 and widget.sticky.name.text() == f"▾ B ({LONG})"
    assert widget.sticky.counts.text() == widget.layers.slip_labels[4]
    band = widget.sticky.sceneBoundingRect()
    assert band.top() == pytest.approx(widget.view_box.sceneBoundingRect().top())
    _top(widget, 3.5)  # header B whole at the top: no copy of it
    assert not widget.sticky.isVisible()
    _top(widget, 3.8)  # header B partly above the view: pinned whole
    assert widget.sticky.isVisible() and widget.sticky.lane == 1
    _top(widget, 1.0)  # in lane A, its header scrolled off
    assert widget.sticky.isVisible() and widget.sticky.lane == 0
    _top(widget, 10.0)
    with qtbot.waitSignal(widget.lane_toggled) as blocker:  # a click on it folds its lane
        centre = widget.mapFromScene(widget.sticky.sceneBoundingRect().center())
        qtbot.mouseClick(widget.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == ["B"]
    widget.set_layers(build_layers(snap, run_query(snap.metrics, Query(), [])))
    _top(widget, 10.0)
    assert not widget.sticky.isVisible()  # no lanes, no sticky header


def test_folded_headers_side_by_side_stay_apart(widget, long_lane, qtbot) -> None:
    snap, rows = long_lane

    def shades(folded: frozenset[str], row: float) -> tuple[int, ...]:
        """The colour painted most across the view at ``row`` (rows of 70 px: -0.5 .. 5.5
        shown; a grid line may cross a few of the points looked at)."""
        widget.set_layers(build_layers(snap, replace(rows, folded=folded)))
        widget.view_box.setYRange(-0.5, 5.5, padding=0)
        qtbot.wait(50)
        image = widget.grab().toImage()
        (x0, x1), _ = widget.view_box.viewRange()
        xs = [x0 + (x1 - x0) * (0.05 + 0.09 * i) for i in range(11)]
        seen = [pixel(widget, image, x, row).getRgb()[:3] for x in xs]
        return max(set(seen), key=seen.count)

    both = frozenset({"A", "B"})  # rows: 0 = header A, 1 = header B (both folded)
    empty = shades(both, 3.0)  # no row there: the background
    band = shades(both, 0.0)
    assert band != empty  # (the lane's tint)
    assert shades(both, 1.0) == band  # header B
    assert shades(both, 0.46) == empty  # the two bands stay apart
    assert shades(both, 1.6) == empty  # (below the last row: nothing)
    # Above a project (A unfolded), a header's band reaches the project's row.
    assert shades(frozenset({"B"}), 0.46) == band
