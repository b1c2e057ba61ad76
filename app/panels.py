"""The details pane and the projects table, each in a dock of the window's workbench, following
the dataset, the as-of date, the query and the selection.

Selection is one thing shown in three places: selecting a project in the timeline, the table or
(later) another view selects it in the others, without echoes (each widget's ``select_…`` slot
does not re-emit). A statement chosen in the details pane is ringed on the chart; hovering a
statement marker on the chart selects it in the pane.

The details dock is shown at first, the table's hidden (View → Panels, Ctrl+Shift+T); the
layout the analyst leaves is remembered. The pane and the table are filled only while their
dock is shown, and again when it is shown (the table formats only the cells in sight).
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from widgets.details import DetailsPane
from widgets.projects_table import ProjectsTable

_RIGHT = QtCore.Qt.DockWidgetArea.RightDockWidgetArea
_BOTTOM = QtCore.Qt.DockWidgetArea.BottomDockWidgetArea


class ProjectPanels(QtCore.QObject):
    """The details and table docks of ``window`` (a MainWindow: its controller and timeline),
    added through ``workbench`` (an :class:`app.workbench.Workbench`)."""

    def __init__(self, window, workbench) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.timeline = window.timeline
        self.details = DetailsPane()
        self.table = ProjectsTable()
        self.details_dock = workbench.add_dock(
            "details", "Details", self.details, _RIGHT, "Ctrl+Shift+I"
        )
        self.table_dock = workbench.add_dock(
            "table", "Projects table", self.table, _BOTTOM, "Ctrl+Shift+T"
        )
        # The chart keeps the height of its rows at first; the table is a key away (and
        # stays shown once shown: the layout is remembered).
        self.table_dock.hide()
        self._table_stale = True
        self.controller.snapshot_changed.connect(self._on_data_changed)
        self.controller.query_changed.connect(self._on_data_changed)
        self.timeline.project_selected.connect(self._on_chart_selected)
        self.timeline.statement_hovered.connect(self.details.select_statement)
        self.table.project_selected.connect(self._on_table_selected)
        self.details.statement_selected.connect(self.timeline.highlight_statement)
        self.details_dock.visibilityChanged.connect(lambda _shown: self._refresh_details())
        self.table_dock.visibilityChanged.connect(lambda _shown: self._refresh_table())

    # following the data -----------------------------------------------------------------------
    def _on_data_changed(self, *_args) -> None:
        self._table_stale = True
        self._refresh_table()
        self._refresh_details()

    def _refresh_table(self) -> None:
        ledger, snap = self.controller.ledger, self.controller.snapshot
        if not self._table_stale or not self.table_dock.isVisible():
            return
        self._table_stale = False
        if ledger is None or snap is None:
            return
        from data.table import table_columns

        self.table.set_columns(table_columns(ledger, snap, self.controller.rows))
        selected = self.timeline.selected_project()
        if selected:
            self.table.select_project(selected)

    def _refresh_details(self) -> None:
        if not self.details_dock.isVisible():
            return
        ledger, snap = self.controller.ledger, self.controller.snapshot
        position = self._position(self.timeline.selected_project())
        if ledger is None or snap is None or position < 0:
            self.details.show_details(None)
            return
        from data.details import project_details

        self.details.show_details(project_details(ledger, snap, position))

    def _position(self, project_id: str) -> int:
        """The project's row in the ledger's projects (and the snapshot's metrics), or -1."""
        ledger = self.controller.ledger
        if not project_id or ledger is None:
            return -1
        ids = ledger.projects["project_id"].to_numpy(dtype=object)
        hits = np.flatnonzero(ids == project_id)
        return int(hits[0]) if len(hits) else -1

    # following the selection ------------------------------------------------------------------
    def _on_chart_selected(self, project_id: str) -> None:
        self.timeline.highlight_statement(-1)
        if project_id:
            self.table.select_project(project_id)
        self._refresh_details()

    def _on_table_selected(self, project_id: str) -> None:
        """The project chosen in the table, selected and shown on the chart; a project of a
        folded lane unfolds its lane first (a large ledger's rows come back in the background:
        then it is shown selected in the table only)."""
        row = self._chart_row(project_id)
        if row < 0 and self._unfold_lane_of(project_id):
            row = self._chart_row(project_id)
        if row >= 0:
            self.timeline.select_and_show(row)

    def _chart_row(self, project_id: str) -> int:
        layers = self.timeline.layers
        return layers.row_of(project_id) if layers is not None and project_id else -1

    def _unfold_lane_of(self, project_id: str) -> bool:
        """Unfold the folded lane holding ``project_id``; False when it is in none."""
        rows, position = self.controller.rows, self._position(project_id)
        if rows.lanes is None or not rows.folded or position < 0:
            return False
        at = np.flatnonzero(np.asarray(rows.order) == position)
        lane = str(rows.lanes[at[0]]) if len(at) else ""
        if lane not in rows.folded:
            return False
        self.controller.set_folded(rows.folded - {lane})
        return True
