"""Exit codes and counts of ``export`` and ``inspect`` around dates, end to end through the
command line's entry point (in process; one case in a subprocess too): files without a readable
date, an as-of date before all the data, ``inspect --as-of``, and an as-of export's rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main
from tests.app.test_cli import run
from tests.conftest import SAMPLES


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """Exit code, stdout and the lines of stderr of ``slipline ARGS``."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "internal error" not in err, err
    return code, out, err.strip().splitlines()


@pytest.fixture
def undated(tmp_path: Path) -> list[str]:
    """Two projects and a statement whose every date cell is empty or unreadable."""
    return [
        write(tmp_path, "p.csv", "id,name,start,deadline\nA,Alpha,soonish,whenever\nB,Beta,,\n"),
        write(
            tmp_path,
            "e.csv",
            "project_id,event_date,event_kind,promised\nA,someday,promise,later\n",
        ),
    ]


def test_export_of_files_without_a_readable_date_exits_1_and_writes_nothing(
    tmp_path: Path, capsys, undated: list[str]
) -> None:
    out = tmp_path / "m.csv"
    code, _, err = call(capsys, "export", *undated, "-o", str(out), "--as-of", "2020-01-01")
    assert code == 1 and not out.exists()
    # The four unreadable cells are reported, then one line says why nothing was written.
    assert sum("unreadable date" in line for line in err) == 4
    assert err[-1] == (
        "slipline export: nothing loaded carries a readable date (no start, end, statement or "
        "promised date); no file was written"
    )
    assert len(err) == 5


def test_inspect_of_files_without_a_readable_date_exits_1_and_still_reports(
    tmp_path: Path, capsys, undated: list[str]
) -> None:
    code, out, err = call(capsys, "inspect", "--json", *undated)
    assert code == 1
    report = json.loads(out)
    assert report["projects"] == 2 and report["events"] == 1
    unreadable = {(p["column"], p["value"]) for p in report["problems"]}
    assert unreadable == {
        ("start", "soonish"),
        ("deadline", "whenever"),
        ("event_date", "someday"),
        ("promised", "later"),
    }
    assert err == [
        "slipline inspect: nothing loaded carries a readable date (no start, end, statement or "
        "promised date)"
    ]
    # The same in its own process, through main.py.
    done = run("inspect", "--json", *undated)
    assert done.returncode == 1 and json.loads(done.stdout) == report


def test_one_readable_date_is_enough(tmp_path: Path, capsys) -> None:
    # Only B's promised end can be read: the export runs (B has no start and no statement, so
    # it exists on every date; A neither).
    data = write(tmp_path, "p.csv", "id,name,start,deadline\nA,Alpha,soonish,\nB,Beta,,2030\n")
    out = tmp_path / "m.csv"
    code, _, _ = call(capsys, "export", data, "-o", str(out), "--as-of", "2020-01-01")
    assert code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["project_id"] for r in csv.DictReader(handle)] == ["A", "B"]


def test_an_as_of_before_all_the_data_exits_0_with_a_warning(tmp_path: Path, capsys) -> None:
    # The sample's earliest start is the Sagrada Família's 1882-03-19 and its oldest statement is
    # of 1957 (events.csv); as of 1850 (a year: by its end, 1850-12-31) no project exists yet.
    out = tmp_path / "m.csv"
    code, printed, err = call(capsys, "export", "-o", str(out), "--as-of", "1850")
    warning = (
        "no project exists yet as of 1850-12-31 (before every start and every dated statement)"
    )
    assert code == 0 and err == [f"slipline export: {warning}"]
    assert printed.strip() == f"wrote {out} (0 projects)"
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("project_id,name,start")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # the header alone
    code, printed, err = call(capsys, "inspect", "--json", "--as-of", "1850")
    assert code == 0 and err == [f"slipline inspect: {warning}"]
    report = json.loads(printed)
    assert report["projects"] == 0 and report["events"] == 0


def test_inspect_as_of_counts_the_projects_and_events_known_then(tmp_path: Path, capsys) -> None:
    # A: start 2010-01-01, a promise said 2011-05-01.
    # B: no start; a note said "2012" (placed mid-2012, 2012-07-02), a promise 2014-01-01 and
    #    an undated note (never known).
    # C: no date at all: exists on every date.
    files = [
        write(
            tmp_path,
            "p.csv",
            "id,name,start,deadline\nA,Alpha,2010-01-01,\nB,Beta,,\nC,Gamma,,\n",
        ),
        write(
            tmp_path,
            "e.csv",
            "project_id,event_date,event_kind,promised\n"
            "A,2011-05-01,promise,2013\n"
            "B,2012,note,\n"
            "B,2014-01-01,promise,2015\n"
            "B,,note,\n",
        ),
    ]
    expected = {  # as of: (projects, events)
        "2009-12-31": (1, 0),  # C only
        "2011-12-31": (2, 1),  # A, C; A's promise
        "2012-07-01": (2, 1),
        "2012-07-02": (3, 2),  # B's note is placed on that day
        "2013": (3, 2),  # 2013-12-31
        "2014-01-01": (3, 3),
    }
    # Without --as-of: every project and every event read (the undated note too).
    code, printed, _ = call(capsys, "inspect", "--json", *files)
    whole = json.loads(printed)
    assert code == 0 and (whole["projects"], whole["events"]) == (3, 4)
    for as_of, (projects, events) in expected.items():
        code, printed, err = call(capsys, "inspect", "--json", *files, "--as-of", as_of)
        report = json.loads(printed)
        assert code == 0 and err == [], as_of
        assert (report["projects"], report["events"]) == (projects, events), as_of
        # Only the counts change: the same keys, the same files, problems and conflicts.
        assert report == {**whole, "projects": projects, "events": events}
    code, printed, _ = call(capsys, "inspect", *files, "--as-of", "2011-12-31")
    assert code == 0 and "2 projects, 1 events" in printed.splitlines()


def test_inspect_as_of_unreadable_is_bad_usage(capsys) -> None:
    code, printed, err = call(capsys, "inspect", "--as-of", "soonish")
    assert code == 2 and printed == ""
    assert err == [
        "slipline inspect: error: --as-of 'soonish' is not a date I can read (try 2013-11-01)"
    ]


def test_an_as_of_export_leaves_out_the_projects_not_known_yet(tmp_path: Path, capsys) -> None:
    # Nord Stream 2 in the sample: start 2015-01-01 (projects.csv), first statement "2015"
    # (events.csv, placed 2015-07-02): it exists from 2015-01-01. The other 15 projects of the
    # sample started before 2014.
    def ids(as_of: str) -> list[str]:
        out = tmp_path / f"{as_of}.csv"
        files = [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]
        assert call(capsys, "export", *files, "-o", str(out), "--as-of", as_of)[0] == 0
        with out.open(encoding="utf-8", newline="") as handle:
            return [r["project_id"] for r in csv.DictReader(handle)]

    before, on = ids("2014-12-31"), ids("2015-01-01")
    assert len(before) == 15 and "nord_stream_2" not in before
    assert len(on) == 16 and "nord_stream_2" in on
