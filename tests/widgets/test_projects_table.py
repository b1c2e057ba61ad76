"""The projects table: sorts both ways (blanks last), selection signals, read-only model."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore

from data.metrics import snapshot
from data.query import Query, run_query
from data.table import table_columns
from tests.details_data import AS_OF, write_ledger
from widgets.projects_table import ProjectsTable

ASC, DESC = QtCore.Qt.SortOrder.AscendingOrder, QtCore.Qt.SortOrder.DescendingOrder


@pytest.fixture
def table(qtbot, tmp_path: Path) -> ProjectsTable:
    ledger = write_ledger(tmp_path)
    snap = snapshot(ledger, AS_OF)
    rows = run_query(snap.metrics, Query(), ledger.attributes)
    table = ProjectsTable()
    qtbot.addWidget(table)
    table.set_columns(table_columns(ledger, snap, rows))
    table.resize(900, 300)
    table.show()
    return table


def _ids(table: ProjectsTable) -> list[str]:
    return [table.model.project_id(r) for r in range(table.model.rowCount())]


def _column(table: ProjectsTable, label: str) -> int:
    model = table.model
    return next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, QtCore.Qt.Orientation.Horizontal) == label
    )


def test_sorts_both_ways_blanks_last(table: ProjectsTable) -> None:
    assert _ids(table) == ["bridge", "tunnel", "dam"]  # the order given
    first = _column(table, "First promise")
    table.view.sortByColumn(first, ASC)  # by date: Jun 2005, 2006, blank
    assert _ids(table) == ["bridge", "tunnel", "dam"]
    table.view.sortByColumn(first, DESC)
    assert _ids(table) == ["tunnel", "bridge", "dam"]
    country = _column(table, "country")  # A-land (dam), B-land (bridge), blank (tunnel)
    table.view.sortByColumn(country, ASC)
    assert _ids(table) == ["dam", "bridge", "tunnel"]
    table.view.sortByColumn(country, DESC)
    assert _ids(table) == ["bridge", "dam", "tunnel"]
    slip = _column(table, "Slip (days)")  # −914, ≥ +1,646, blank
    table.view.sortByColumn(slip, DESC)
    assert _ids(table) == ["bridge", "tunnel", "dam"]
    assert table.model.data(table.model.index(0, slip)) == "≥ +1,646"
    table.view.sortByColumn(-1, ASC)
    assert _ids(table) == ["bridge", "tunnel", "dam"]


def test_selection_signals(qtbot, table: ProjectsTable) -> None:
    view = table.view
    rect = view.visualRect(table.model.index(1, 0))
    with qtbot.waitSignal(table.project_selected) as got:
        qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert got.args == ["tunnel"]
    seen: list[str] = []
    table.project_selected.connect(seen.append)
    table.select_project("dam")
    assert table.selected_id() == "dam" and seen == []
    # A sort moves the row, not the selection, and is no new selection.
    table.view.sortByColumn(_column(table, "country"), ASC)
    assert table.selected_id() == "dam" and table.view.currentIndex().row() == 0 and seen == []
    table.select_project("nowhere")
    assert table.selected_id() is None and seen == []


def test_read_only(table: ProjectsTable) -> None:
    flags = table.model.flags(table.model.index(0, 0))
    assert not flags & QtCore.Qt.ItemFlag.ItemIsEditable


def test_a_refresh_formats_only_the_rows_in_sight(qtbot, tmp_path: Path) -> None:
    from data.load import load_files

    path = tmp_path / "p.csv"
    lines = [f"p{i},Project {i},2000,2005" for i in range(3000)]
    path.write_text("id,name,start,deadline\n" + "\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_files([str(path)])
    snap = snapshot(ledger, AS_OF)
    columns = table_columns(ledger, snap, run_query(snap.metrics, Query(), []))
    asked: set[int] = set()  # the projects whose cells were formatted

    def counted(cell):
        return lambda at: asked.add(at) or cell(at)

    for column in columns._columns:  # (every cell is formatted through these)
        column.cell = counted(column.cell)
    table = ProjectsTable()
    qtbot.addWidget(table)
    table.resize(900, 300)  # about a dozen rows in sight
    table.show()
    table.set_columns(columns)
    qtbot.wait(20)
    assert table.model.rowCount() == 3000
    assert 0 in asked and max(asked) < 40
    assert table.model.data(table.model.index(2999, 0)) == "Project 2999"
