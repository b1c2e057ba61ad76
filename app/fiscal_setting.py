"""The fiscal year's first month: a user setting, and the Options menu action that sets it.

FY2018 is the fiscal year that ends in 2018; which month it begins in is remembered in the
user settings under :data:`SETTING_KEY` and applies to every load (``data.dates.fiscal``).
Until the analyst chooses one, April is assumed and fiscal readings are marked uncertain ("?"):
choosing a month, April included, confirms them. Changing it loads the files shown again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6 import QtCore, QtGui, QtWidgets

from data.days import fiscal_start_month


class _Store(Protocol):
    @property
    def settings(self) -> QtCore.QSettings: ...


class DatasetController(Protocol):
    """What this module needs of :class:`app.controller.DatasetController` (which imports it)."""

    @property
    def store(self) -> _Store: ...

    @property
    def paths(self) -> list[str]: ...

    def load(self, paths: Sequence[str]) -> None: ...


SETTING_KEY = "dates/fiscal_year_start"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def fiscal_year_start(settings: QtCore.QSettings) -> int | None:
    """The remembered first month (1–12); None when none is remembered or it is not a month
    (the loader then assumes April and marks fiscal readings uncertain)."""
    stored = settings.value(SETTING_KEY, None)
    return None if stored is None else fiscal_start_month(stored)


def add_fiscal_action(
    window: QtWidgets.QMainWindow, controller: DatasetController
) -> QtGui.QAction:
    """An Options menu with "Fiscal year starts in…": asks for the month, remembers it and
    loads the current files again."""
    menu = window.menuBar().addMenu("&Options")
    action = menu.addAction("Fiscal &year starts in…")
    action.setToolTip("The month fiscal years begin in (FY2018 ends in 2018)")

    def choose() -> None:
        from data.dates import FISCAL_YEAR_START  # (the date parser: not before the first paint)

        settings = controller.store.settings
        current = fiscal_year_start(settings) or FISCAL_YEAR_START
        name, ok = QtWidgets.QInputDialog.getItem(
            window,
            "Fiscal year",
            "Fiscal years begin in (FY2018 is the one that ends in 2018):",
            MONTHS,
            current - 1,
            False,
        )
        if ok:
            set_fiscal_year_start(controller, MONTHS.index(name) + 1)

    action.triggered.connect(choose)
    return action


def set_fiscal_year_start(controller: DatasetController, month: int) -> None:
    """Remember ``month`` and, when it changed (or none was chosen before), load the files
    shown again with it."""
    settings = controller.store.settings
    if month == fiscal_year_start(settings):
        return
    settings.setValue(SETTING_KEY, month)
    if controller.paths:
        controller.load(controller.paths)
