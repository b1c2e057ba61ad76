"""``--fiscal-year-start`` end to end: a CSV with fiscal years through ``export``, and the
header rule through ``load_files``. Expected dates worked out by hand (July start: FY2019 is
2018-07-01 .. 2019-06-30, its Q3 Jan-Mar 2019)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import EXIT_USAGE, main
from data.ledger import ChosenMapping
from data.load import load_files

PROJECTS = (
    "project_id,name,start,original_promised_end,actual_end\n"
    "a,Alpha,2017-18,Q3 FY2019,FY2019\n"
    "b,Beta,2018-19,FY2020,\n"
)


def export(tmp_path: Path, *options: str) -> dict[str, dict[str, str]]:
    source, out = tmp_path / "fy.csv", tmp_path / "metrics.csv"
    source.write_text(PROJECTS, encoding="utf-8")
    code = main(["export", str(source), "-o", str(out), "--as-of", "2030-01-01", *options])
    assert code == 0
    with out.open(encoding="utf-8", newline="") as f:
        return {row["project_id"]: row for row in csv.DictReader(f)}


def test_export_reads_fiscal_years_from_the_given_first_month(tmp_path: Path) -> None:
    rows = export(tmp_path, "--fiscal-year-start", "7")
    a, b = rows["a"], rows["b"]
    # 2017-18, 2018-19: a fiscal column (two values, NN = YY + 1, no full dates).
    assert (a["start"], b["start"]) == ("2017-07-01", "2018-07-01")
    assert (a["promised_end"], a["actual_end"], b["promised_end"]) == (
        "2019-03-31",
        "2019-06-30",
        "2020-06-30",
    )
    assert (a["start_text"], b["start_text"]) == ("FY2018", "FY2019")
    assert (a["promised_end_text"], a["actual_end_text"]) == ("Q3 FY2019", "FY2019")
    assert a["slip_days"] == "91"  # 2019-03-31 .. 2019-06-30


def test_export_by_month_name_and_the_april_default(tmp_path: Path) -> None:
    named = export(tmp_path, "--fiscal-year-start", "october")["a"]
    assert (named["start"], named["promised_end"], named["actual_end"]) == (
        "2017-10-01",
        "2019-06-30",  # Q3 of Oct 2018 .. Sep 2019: Apr-Jun 2019
        "2019-09-30",
    )
    default = export(tmp_path)["a"]
    assert (default["start"], default["promised_end"], default["actual_end"]) == (
        "2017-04-01",
        "2018-12-31",
        "2019-03-31",
    )


@pytest.mark.parametrize("bad", ["13", "0", "spring"])
def test_a_bad_month_is_a_usage_error(tmp_path: Path, bad: str, capsys) -> None:
    assert main(["export", "-o", str(tmp_path / "x.csv"), "--fiscal-year-start", bad]) == 2
    assert "--fiscal-year-start" in capsys.readouterr().err
    assert main(["inspect", "--fiscal-year-start", bad]) == EXIT_USAGE


def test_a_header_saying_fy_makes_a_lone_value_a_fiscal_year(tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text("id,title,FY start\na,Alpha,2010-11\nb,Beta,May 2013\n", encoding="utf-8")
    roles = {"id": "project_id", "title": "name", "FY start": "start"}
    ledger = load_files([source], mappings={str(source): ChosenMapping(roles)}, fiscal_start=10)
    starts = ledger.projects.set_index("project_id")
    assert str(starts.loc["a", "start_earliest"].date()) == "2010-10-01"
    assert str(starts.loc["a", "start_latest"].date()) == "2011-09-30"
    assert str(starts.loc["b", "start_earliest"].date()) == "2013-05-01"
    # The same column under a plain header: the lone 2010-11 is reported, not guessed.
    source.write_text("id,title,start\na,Alpha,2010-11\nb,Beta,May 2013\n", encoding="utf-8")
    ledger = load_files([source], fiscal_start=10)
    starts = ledger.projects.set_index("project_id")
    assert starts.loc["a", "start_precision"] == "unreadable"
    assert starts["start_earliest"].isna()["a"]
    assert any("2010-11" in p.describe() for p in ledger.report.problems)
