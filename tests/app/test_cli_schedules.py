"""Schedule exports end to end through ``main.py inspect --json`` and ``main.py export``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.app.test_cli import run
from tests.data.ledger.test_schedules import MSP, SIDEWAYS


def test_summary_rows_group_the_exported_tasks(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(MSP, encoding="utf-8")
    out = tmp_path / "metrics.csv"
    result = run(
        "export", str(plan), "-o", str(out), "--as-of", "2021-01-01", "--group-by", "group_path"
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = {r["project_id"]: r for r in csv.DictReader(f)}
    # The summary rows (1 Depot, 2 Design, 6 Signals) are not projects; grouped in lane order.
    assert list(rows) == ["5", "3", "4", "7"]
    assert [rows[k]["group_path"] for k in rows] == [
        "Depot",
        "Depot / Design",
        "Depot / Design",
        "Signals",
    ]
    report = json.loads(run("inspect", "--json", str(plan)).stdout)
    assert report["projects"] == 4
    assert any("3 summary rows became the grouping" in n for n in report["files"][0]["notes"])


def test_a_sideways_table_is_turned_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "sideways.csv"
    path.write_text(SIDEWAYS, encoding="utf-8")
    report = json.loads(run("inspect", "--json", str(path)).stdout)
    (file_report,) = report["files"]
    assert any(n.startswith("read sideways") for n in file_report["notes"])
    assert report["projects"] == 2 and file_report["mapping"]["Project"] == "name"
