"""A snapshot history and status dates end to end through the command line: ``export`` with
its default as-of (the history's latest report date) and ``--status-date``, ``inspect --as-of``
at a report's own date. Figures worked out by hand from the rows written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main
from tests.app.test_cli_as_of import call, write

HISTORY = (
    "Project ID,Report Date,Forecast Completion\n"
    "A,2020-01-31,2021-06-30\n"
    "B,2020-01-31,2022-01-31\n"
    "A,2020-02-29,2021-09-30\n"
    "B,2020-02-29,2022-01-31\n"
    "A,2020-03-31,2021-12-31\n"
)


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return {r["project_id"]: r for r in csv.DictReader(f)}


def test_export_history_at_its_latest_report(tmp_path: Path, capsys) -> None:
    src = write(tmp_path, "h.csv", HISTORY)
    out = tmp_path / "m.csv"
    code, _, err = call(capsys, "export", src, "-o", str(out))
    assert code == 0, err
    got = rows(out)
    # No --as-of: the latest report date, 31 Mar 2020.
    assert got["A"]["as_of"] == "2020-03-31"
    # A: 30 Jun 2021 → 30 Sep 2021 → 31 Dec 2021, two re-promises; 31 Dec − 30 Jun = 184 days.
    assert (got["A"]["repromises"], got["A"]["latest_promise"]) == ("2", "2021-12-31")
    assert got["A"]["slip_days"] == "184"
    assert (got["B"]["repromises"], got["B"]["slip_days"]) == ("0", "0")


def test_export_as_of_the_second_report(tmp_path: Path, capsys) -> None:
    src = write(tmp_path, "h.csv", HISTORY)
    out = tmp_path / "m.csv"
    assert main(["export", src, "-o", str(out), "--as-of", "2020-02-29"]) == 0
    a = rows(out)["A"]
    # The second report's promise: 30 Sep 2021 − 30 Jun 2021 = 92 days, one re-promise.
    assert (a["latest_promise"], a["repromises"], a["slip_days"]) == ("2021-09-30", "1", "92")


def test_inspect_as_of_counts_reports_known(tmp_path: Path, capsys) -> None:
    src = write(tmp_path, "h.csv", HISTORY)
    code, out, _ = call(capsys, "inspect", src, "--json", "--as-of", "2020-02-29")
    report = json.loads(out)
    assert code == 0
    assert (report["projects"], report["events"]) == (2, 4)  # two reports of two projects
    assert report["files"][0]["format"] == "history"


PLAN = "Name,Baseline Finish,Finish\nDig,2020-06-30,2020-09-30\n"


def test_status_date_option(tmp_path: Path, capsys) -> None:
    src = write(tmp_path, "plan.csv", PLAN)
    out = tmp_path / "m.csv"
    code, _, err = call(capsys, "export", src, "-o", str(out), "--status-date", "2020-03-15")
    assert code == 0, err
    dig = rows(out)["Dig"]
    # The default as-of is the status date given; the finish is stated on it.
    assert (dig["as_of"], dig["latest_promise"], dig["repromises"]) == (
        "2020-03-15",
        "2020-09-30",
        "1",
    )
    code, _, err = call(capsys, "export", src, "-o", str(out), "--status-date", "soonish")
    assert code == 2 and "--status-date 'soonish'" in err[-1]


@pytest.mark.parametrize("command", ["inspect"])
def test_inspect_says_the_default_as_of(tmp_path: Path, capsys, command: str) -> None:
    src = write(tmp_path, "h.csv", HISTORY)
    code, out, _ = call(capsys, command, src)
    assert code == 0
    assert "default as-of: 2020-03-31 (the latest of the files' status dates)" in out
