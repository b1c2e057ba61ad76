"""A dropped schedule opens with its summaries as swimlanes and its status date as the as-of."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from app.main_window import MainWindow
from app.mapping_store import user_settings
from tests.app.conftest import load
from tests.data.schedules.mspdi_files import PLAN, project, task


def test_a_schedule_opens_grouped_by_its_summaries_on_its_status_date(
    qtbot, tmp_path: Path
) -> None:
    user_settings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    path = tmp_path / "plan.xml"
    path.write_text(PLAN, encoding="utf-8")
    opened: list[object] = []
    window.controller.mapping_needed.connect(opened.append)
    load(window, qtbot, [str(path)])
    controller = window.controller
    assert opened == []  # no mapping dialog for a schedule
    assert controller.as_of == np.datetime64("2019-03-29")  # the file's StatusDate
    assert controller.effective_query().group_by == "group_path"
    assert window.group_combo.currentData() == "group_path"
    shot = os.environ.get("SLIPLINE_SCHEDULE_SHOT")
    if shot:  # a look at the window by hand: SLIPLINE_SCHEDULE_SHOT=/tmp/x.png pytest …
        window.grab().save(shot)
    # The analyst's own grouping is kept on the next load.
    window.group_combo.setCurrentIndex(window.group_combo.findData(""))
    load(window, qtbot, [str(path)])
    assert controller.effective_query().group_by is None
    user_settings().clear()


def test_a_schedule_without_summaries_opens_ungrouped(qtbot, tmp_path: Path) -> None:
    # Two top-level tasks and no summary: every group path is empty, and one "(none)" lane of
    # every task would say nothing.
    user_settings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    flat = project(
        [
            task(1, "Survey", 1, start="2019-01-07", finish="2019-02-20"),
            task(2, "Signals", 1, start="2019-05-06", finish="2019-07-26"),
        ],
        status_date="2019-03-29",
    )
    path = tmp_path / "flat.xml"
    path.write_text(flat, encoding="utf-8")
    load(window, qtbot, [str(path)])
    assert len(window.controller.ledger.projects) == 2
    assert window.controller.effective_query().group_by is None
    user_settings().clear()
