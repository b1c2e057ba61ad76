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


def test_an_ms_project_xml_file_in_inspect_json(tmp_path: Path) -> None:
    from tests.data.schedules.mspdi_files import PLAN

    path = tmp_path / "plan.xml"
    path.write_text(PLAN, encoding="utf-8")
    result = run("inspect", "--json", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (entry,) = report["files"]
    assert entry["format"] == "MS Project XML" and entry["rows"] == 5
    assert entry["delimiter"] == "" and entry["mapping"] == {}
    assert report["projects"] == 3  # 5 tasks, 2 of them summaries
    # Foundations: baseline, Baseline1, Baseline2 (3); Survey: baseline (1); Signals: baseline
    # and its current finish on the status date (2); Foundations' finish equals Baseline2 and
    # is stated too (1): 7 statements.
    assert report["events"] == 7


def test_bad_xml_exits_1_with_one_line(tmp_path: Path) -> None:
    from tests.data.schedules.test_mspdi import BOMB, EXTERNAL

    for name, text in (("bomb.xml", BOMB), ("external.xml", EXTERNAL)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = run("inspect", str(path), timeout=30)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"{name}: declares a DTD or entities" in result.stdout + result.stderr
