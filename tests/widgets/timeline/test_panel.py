"""The timeline panel: its scroll bar and the rows in view follow each other."""

from __future__ import annotations

import pytest

from data.layout import build_layers
from data.load import load_files
from data.metrics import snapshot
from tests.conftest import SAMPLES
from widgets.timeline import TimelinePanel


def test_the_scroll_bar_follows_the_rows_and_moves_them(qtbot) -> None:
    panel = TimelinePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    qtbot.waitExposed(panel)
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    layers = build_layers(snapshot(ledger, "2026-11-26"))  # 16 rows
    timeline, bar = panel.timeline, panel.scrollbar
    timeline.set_layers(layers)
    timeline.view_box.setYRange(-0.9, 4.1, padding=0)  # rows 0..4: 5 rows in view
    assert (bar.value(), bar.pageStep(), bar.maximum()) == (0, 5, 12)
    timeline.view_box.setYRange(5.1, 10.1, padding=0)  # scrolled down to row 6
    assert bar.value() == 6
    bar.setValue(11)  # the last page: rows 11..15
    _, (y0, y1) = timeline.view_box.viewRange()
    assert (y0, y1) == pytest.approx((10.1, 15.1))
