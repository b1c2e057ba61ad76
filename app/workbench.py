"""The window's workbench: its docks, the as-of bar, the rows toolbar and the sort direction.

Every dock is made by one :meth:`Workbench.add_dock` call: the widget goes into a closable,
movable dock; View → Panels gets an entry (with its shortcut) that shows or hides it. The
docks' arrangement and the toolbars are saved with ``QMainWindow.saveState`` in the user's
settings when the window closes and restored by :meth:`Workbench.restore_layout`, which the
window calls once every dock exists (a dock added later starts where it was put).

The as-of bar sends the analyst's date to ``DatasetController.set_as_of``; the bar, the window
title and the status bar follow the controller's snapshot (whoever set the date). Its steps are
:func:`statement_days` of the loaded ledger.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from data.query import FILE_ORDER, SORTS
from widgets.as_of_bar import AsOfBar

if TYPE_CHECKING:  # (a type only: the window starts without pandas)
    import pandas as pd

LAYOUT_KEY = "window/state"
LAYOUT_VERSION = 1  # bump when the docks change so much an old layout no longer fits
DESCENDING_KEY = "view/sort_descending"
_DEFAULT_DOWN = {s.key: s.descending for s in SORTS}


def statement_days(events: pd.DataFrame) -> np.ndarray:
    """The distinct days on which the ledger's dated statements become known, sorted (the
    as-of replay's steps: ``data.known.statement_days``)."""
    from data.known import statement_days as days  # (pandas: after the first paint)

    return days(events)


def make_rows_toolbar(window) -> None:
    """The window's "Rows" toolbar: filter field, sort and grouping combos."""
    bar = window.addToolBar("Rows")
    bar.setObjectName("rows_toolbar")
    window.rows_toolbar = bar
    window.filter_edit = QtWidgets.QLineEdit()
    window.filter_edit.setPlaceholderText("Filter: name or attribute contains…")
    window.filter_edit.setClearButtonEnabled(True)
    window.filter_edit.setMaximumWidth(320)
    # Typing re-filters once the keys pause, not at every key (100k rows re-lay out).
    window._filter_timer = QtCore.QTimer(window)
    window._filter_timer.setSingleShot(True)
    window._filter_timer.setInterval(180)
    bar.addWidget(window.filter_edit)
    bar.addSeparator()
    bar.addWidget(QtWidgets.QLabel(" Sort "))
    window.sort_combo = QtWidgets.QComboBox()
    window.sort_combo.addItem(FILE_ORDER, "")
    for sort in SORTS:
        window.sort_combo.addItem(sort.label, sort.key)
    bar.addWidget(window.sort_combo)
    window.group_label_action = bar.addWidget(QtWidgets.QLabel("  Group by "))
    window.group_combo = QtWidgets.QComboBox()
    window.group_combo.addItem("(no grouping)", "")
    bar.addWidget(window.group_combo)


class Workbench(QtCore.QObject):
    """The docks, the as-of bar and the sort controls of ``window`` (a MainWindow: its
    controller, settings, View menu, sort combo and ``_on_query_edited`` are used)."""

    def __init__(self, window, view_menu: QtWidgets.QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.docks: dict[str, QtWidgets.QDockWidget] = {}
        # (read now: restoring the sort key rebuilds the query, which saves its direction)
        self._saved_down = window.settings.value(DESCENDING_KEY)
        self.panels_menu = view_menu.addMenu("&Panels")
        self.as_of_bar = AsOfBar()
        self.as_of_dock = self.add_dock(
            "as_of", "As-of date", self.as_of_bar, QtCore.Qt.DockWidgetArea.TopDockWidgetArea
        )
        self.as_of_dock.toggleViewAction().setShortcut("Ctrl+Shift+A")
        self._make_replay_actions(view_menu)
        self._make_sort_direction(view_menu)
        controller = window.controller
        self.as_of_bar.as_of_changed.connect(controller.set_as_of)
        controller.dataset_loaded.connect(self._on_dataset_loaded)
        controller.snapshot_changed.connect(self._on_snapshot_changed)
        controller.query_changed.connect(self._on_query_changed)

    # docks ------------------------------------------------------------------------------------
    def add_dock(
        self,
        key: str,
        title: str,
        widget: QtWidgets.QWidget,
        area: QtCore.Qt.DockWidgetArea = QtCore.Qt.DockWidgetArea.RightDockWidgetArea,
        shortcut: str = "",
    ) -> QtWidgets.QDockWidget:
        """Put ``widget`` in a dock named ``key`` (its saved layout's name) titled ``title``, in
        ``area``; View → Panels shows or hides it (``shortcut`` listed there)."""
        dock = QtWidgets.QDockWidget(title, self.window)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(f"&{title}")
        if shortcut:
            toggle.setShortcut(shortcut)
        self.panels_menu.addAction(toggle)
        self.docks[key] = dock
        return dock

    def save_layout(self) -> None:
        self.window.settings.setValue(LAYOUT_KEY, self.window.saveState(LAYOUT_VERSION))

    def restore_layout(self) -> bool:
        """Put the docks and toolbars where they were when the window last closed; False (the
        default layout kept) when nothing usable is saved."""
        down = self._saved_down
        if down is not None:
            self.sort_descending.blockSignals(True)  # (the window builds its query next)
            self.sort_descending.setChecked(str(down).lower() == "true")
            self.sort_descending.blockSignals(False)
            self.sort_button.setChecked(self.sort_descending.isChecked())
            self.sort_button.setText("↓" if self.sort_descending.isChecked() else "↑")
        state = self.window.settings.value(LAYOUT_KEY)
        if not isinstance(state, QtCore.QByteArray):
            return False
        return bool(self.window.restoreState(state, LAYOUT_VERSION))

    # as-of ------------------------------------------------------------------------------------
    def _make_replay_actions(self, view_menu: QtWidgets.QMenu) -> None:
        menu = view_menu.addMenu("&As-of date")
        bar = self.as_of_bar
        self.as_of_field_action = menu.addAction("Set the &date…", "Ctrl+D")
        self.play_action = menu.addAction("&Play / pause the replay", "Space")
        self.back_action = menu.addAction("Previous statement date", "Ctrl+[")
        self.forward_action = menu.addAction("Next statement date", "Ctrl+]")
        self.as_of_field_action.triggered.connect(self._on_edit_date)
        self.play_action.triggered.connect(bar.toggle_play)
        self.back_action.triggered.connect(lambda: bar.step(-1))
        self.forward_action.triggered.connect(lambda: bar.step(1))

    def _on_edit_date(self) -> None:
        self.as_of_dock.show()
        self.as_of_bar.date_edit.setFocus()
        self.as_of_bar.date_edit.selectAll()

    def _on_dataset_loaded(self, ledger) -> None:
        from data.known import kept_statement_days  # (counted by the loading thread already)

        steps = kept_statement_days(ledger.events)
        self.as_of_bar.set_steps(steps, self.window.controller.as_of)

    def _on_snapshot_changed(self, snap) -> None:
        day = snap.as_of.astype("datetime64[D]")
        self.as_of_bar.show_as_of(snap.as_of)
        name = self.window.controller.dataset_name() or "Slipline"
        self.window.setWindowTitle(f"{name} — as of {day} — Slipline")

    # sort -------------------------------------------------------------------------------------
    def _make_sort_direction(self, view_menu: QtWidgets.QMenu) -> None:
        self.sort_descending = QtGui.QAction("Sort &descending", self.window)
        self.sort_descending.setCheckable(True)
        self.sort_descending.setShortcut("Ctrl+Shift+D")
        self.sort_descending.setToolTip("Turn the row order around (Ctrl+Shift+D)")
        view_menu.addAction(self.sort_descending)
        button = QtWidgets.QToolButton()  # (the action's twin, showing an arrow)
        button.setCheckable(True)
        button.setText("↑")
        button.setToolTip(self.sort_descending.toolTip())
        button.clicked.connect(self.sort_descending.trigger)
        self.sort_descending.toggled.connect(button.setChecked)
        self.window.rows_toolbar.insertWidget(self.window.group_label_action, button)
        self.sort_button = button
        self.sort_descending.toggled.connect(self._on_direction_toggled)
        self.sort_descending.toggled.connect(self.window._on_query_edited)
        # (before the window's own: the direction is the new key's when the query is built)
        self.window.sort_combo.currentIndexChanged.connect(self._on_sort_key_chosen)
        self._on_sort_key_chosen(0)

    def _on_direction_toggled(self, down: bool) -> None:
        self.sort_button.setText("↓" if down else "↑")

    def _on_sort_key_chosen(self, _index: int) -> None:
        """A new key starts in its own direction (the slips descend, the others ascend)."""
        key = str(self.window.sort_combo.currentData() or "")
        self.sort_descending.setEnabled(bool(key))
        self.sort_button.setEnabled(bool(key))
        self.sort_descending.blockSignals(True)  # (the window rebuilds the query itself)
        self.sort_descending.setChecked(_DEFAULT_DOWN.get(key, False))
        self.sort_descending.blockSignals(False)
        self.sort_button.setChecked(self.sort_descending.isChecked())
        self._on_direction_toggled(self.sort_descending.isChecked())

    def _on_query_changed(self) -> None:
        query = self.window.controller.query
        if query.sort:  # (remembered with the sort key the window saves)
            self.window.settings.setValue(DESCENDING_KEY, bool(query.descending))

    def descending(self) -> bool | None:
        """The direction the window's query asks (None: file order)."""
        return self.sort_descending.isChecked() if self.window.sort_combo.currentData() else None

    def refill_sort_combo(self, columns: list[str]) -> None:
        """The sorts offered: file order, the metrics' sorts, then the status and attributes;
        the sort remembered from the last session taken up when the data offers its column (a
        sort by an attribute is offered only once data is in: at start-up it had no entry)."""
        combo = self.window.sort_combo
        query = self.window.controller.query
        wanted = query.sort or str(self.window.settings.value("view/sort", "") or "")
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(FILE_ORDER, "")
            for sort in SORTS:
                combo.addItem(sort.label, sort.key)
            for column in columns:
                combo.addItem(column.capitalize() if column == "status" else column, column)
            combo.setCurrentIndex(max(0, combo.findData(wanted)))
        finally:
            combo.blockSignals(False)
        chosen = str(combo.currentData() or "") or None
        if chosen != query.sort:
            self.window.controller.set_query(replace(query, sort=chosen))
