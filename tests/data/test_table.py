"""The projects table formatted cell by cell (``data.table``): every text equals the details
pane's row-by-row figures of the same project, on the bundled sample on several dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.details import project_details
from data.load import load_files
from data.metrics import snapshot
from data.query import Query, Rows, run_query
from data.table import table_columns

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAME = ("Status", "Start", "First promise", "Promise in force", "Actual end", "Re-promises", "Kept")


@pytest.mark.parametrize("as_of", ["2005-06-30", "2015-01-01", "2030-01-01"])
def test_every_cell_as_the_pane_tells_it(as_of: str) -> None:
    ledger = load_files([str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")])
    snap = snapshot(ledger, as_of)
    table = table_columns(ledger, snap, run_query(snap.metrics, Query(), ledger.attributes))
    labels = table.labels
    assert len(table) >= 7  # (the projects under way by 2005: seven of the sixteen)
    for row in range(len(table)):
        position = int(table.order[row])
        pane = project_details(ledger, snap, position)
        cells = {label: table.text(column, row) for column, label in enumerate(labels)}
        assert table.project_id(row) == pane.project_id == cells["ID"]
        assert cells["Name"] == pane.name
        assert {label: cells[label] for label in SAME} == {k: pane.metrics[k] for k in SAME}
        # The pane's slip reads "≥ +1,646 days (+4.5 years)": the table shows its days.
        assert cells["Slip (days)"] == pane.metrics["Slip"].split(" days")[0]
        assert cells["Slip %"] == pane.metrics["Slip %"]
        for attr in ledger.attributes:
            assert cells[attr] == pane.attributes[attr]


def test_a_subset_reads_its_own_rows_and_finds_its_ids(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "id,name,start,deadline\na,Alpha,2000,2005\nb,Bravo,2001,2003\nc,Charlie,2002,\n",
        encoding="utf-8",
    )
    ledger = load_files([str(path)])
    snap = snapshot(ledger, "2010-01-01")
    table = table_columns(ledger, snap, Rows(order=[2, 0]))  # Charlie, then Alpha
    name = table.labels.index("Name")
    assert [table.text(name, r) for r in range(len(table))] == ["Charlie", "Alpha"]
    assert table.texts(table.labels.index("First promise")) == ["", "2005"]
    assert table.row_of("a") == 1 and table.row_of("b") == -1 and table.row_of("zz") == -1
    # Keys follow the rows: Charlie's blank promise (NaN) first, then 2005's days.
    keys = table.key(table.labels.index("First promise"))
    # A year-precise deadline is its last day, 2005-12-31: 35 years of 365 days, nine leap days
    # (1972 … 2004), and 364 days into 2005.
    assert keys[0] != keys[0] and keys[1] == 35 * 365 + 9 + 364
