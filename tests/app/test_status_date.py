"""The window's status date: the default as-of follows the files' status dates, and "Set status
date…" in the load report loads the files again with the analyst's date."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.main_window import MainWindow
from tests.app.conftest import load

PLAN = "Name,Baseline Finish,Finish\nDig,2020-06-30,2020-09-30\n"


def test_set_status_date_reloads_and_moves_the_default_as_of(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Data date: 15 March 2020\n" + PLAN, encoding="utf-8")
    load(window, qtbot, [str(path)])
    controller = window.controller
    # The file's own status date (its title row) is the default as-of.
    assert controller.as_of == np.datetime64("2020-03-15", "s")
    window._on_show_report()
    dialog = window.report_dialog
    assert dialog is not None
    assert not dialog.choose_status_date("soonish")  # not a date: nothing happens
    with qtbot.waitSignal(controller.snapshot_changed, timeout=20000):
        assert dialog.choose_status_date("2020-05-01")
    assert controller.status_date == np.datetime64("2020-05-01", "s")
    assert controller.as_of == np.datetime64("2020-05-01", "s")
    m = controller.snapshot.metrics
    # The plan's finish is stated on the status date given: one re-promise of the baseline.
    assert int(m["repromises"].iloc[0]) == 1
    assert m["latest_promise"].iloc[0] == np.datetime64("2020-09-30", "s")
