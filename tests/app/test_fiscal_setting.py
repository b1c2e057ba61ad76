"""The fiscal year's first month as a window setting: remembered, used by the next load, and
offered in the Options menu. Expected dates by hand (FY2018 with October: 2017-10-01 ..
2018-09-30; with April: 2017-04-01 .. 2018-03-31)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.controller import DatasetController
from app.fiscal_setting import SETTING_KEY, fiscal_year_start, set_fiscal_year_start
from app.mapping_store import MappingStore

PROJECTS = "project_id,name,start,actual_end\na,Alpha,FY2018,2019-01-15\n"


def test_the_setting_is_unset_until_chosen_and_ignores_what_is_not_a_month(
    tmp_path: Path,
) -> None:
    # None: nothing chosen (the loader assumes April and marks fiscal readings uncertain).
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    assert fiscal_year_start(settings) is None
    settings.setValue(SETTING_KEY, "13")
    assert fiscal_year_start(settings) is None
    settings.setValue(SETTING_KEY, 10)
    assert fiscal_year_start(settings) == 10


def _loaded(qtbot, tmp_path: Path) -> tuple[DatasetController, QtCore.QSettings, object]:
    """A controller with its own settings file, having loaded PROJECTS once: (controller,
    settings, the first project's row)."""
    source = tmp_path / "p.csv"
    source.write_text(PROJECTS, encoding="utf-8")
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    controller = DatasetController(store=MappingStore(settings))
    with qtbot.waitSignal(controller.dataset_loaded, timeout=20000) as blocker:
        controller.load([str(source)])
    return controller, settings, blocker.args[0].projects.iloc[0]


def test_a_changed_start_is_remembered_and_loads_the_files_again(qtbot, tmp_path: Path) -> None:
    controller, settings, first = _loaded(qtbot, tmp_path)
    assert str(first["start_earliest"].date()) == "2017-04-01"
    assert first["start_flags"] == "?"  # April assumed, not chosen
    with qtbot.waitSignal(controller.dataset_loaded, timeout=20000) as blocker:
        set_fiscal_year_start(controller, 10)
    projects = blocker.args[0].projects
    assert str(projects["start_earliest"].iloc[0].date()) == "2017-10-01"
    assert str(projects["start_latest"].iloc[0].date()) == "2018-09-30"
    assert projects["start_flags"].iloc[0] == ""  # chosen: a confident reading
    assert int(settings.value(SETTING_KEY)) == 10
    controller.shutdown()


def test_choosing_april_confirms_the_assumed_reading(qtbot, tmp_path: Path) -> None:
    controller, _, first = _loaded(qtbot, tmp_path)
    assert first["start_flags"] == "?"
    with qtbot.waitSignal(controller.dataset_loaded, timeout=20000) as blocker:
        set_fiscal_year_start(controller, 4)
    first = blocker.args[0].projects.iloc[0]
    assert (str(first["start_earliest"].date()), first["start_flags"]) == ("2017-04-01", "")
    controller.shutdown()


def test_the_options_menu_offers_it(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Options" in titles
    assert window.fiscal_action.text() == "Fiscal &year starts in…"
    assert isinstance(window.fiscal_action.parent(), QtWidgets.QMenu)
