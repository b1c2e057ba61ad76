"""End to end: a camelCase ledger of estimates, as a public tracker writes it, loads through
``main.py inspect --json`` without a mapping."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import run


def test_a_camel_case_ledger_of_estimates_loads_without_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "estimates.csv"
    path.write_text(
        "projectId,projectName,leadAgency,startDate,originalEstimatedCompletionDate,"
        "latestEstimatedCompletionDate,actualCompletionDate,totalBudget ($m)\n"
        "P1,Records system,Tax,2015-04-01,2017-03-31,2018-09-30,2018-10-15,12.5\n"
        "P2,Payroll,Health,2016-01-01,2018-06-30,2020-12-31,,40\n",
        encoding="utf-8",
    )
    result = run("inspect", "--json", "--as-of", "2019-01-01", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (f,) = report["files"]
    assert f["mapping"] == {
        "projectId": "project_id",
        "projectName": "name",
        "startDate": "start",
        "originalEstimatedCompletionDate": "promised_end",
        "latestEstimatedCompletionDate": "forecast_end",
        "actualCompletionDate": "actual_end",
    }
    assert f["unresolved"] == [] and report["problems"] == []
    assert report["projects"] == 2
