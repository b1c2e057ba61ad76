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
