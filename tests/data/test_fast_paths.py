"""The ledger's fast paths give the same answers as the careful ones: events sorted while still
codes against the ledger's own order. (The readers' fast paths: tests/data/reading.)"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from data.load import load_files
from data.reading import LINE_COLUMN


def test_unsorted_events_keep_their_attributes_lines_and_problem_order(tmp_path: Path) -> None:
    """Events are sorted into statement order while mapped; every cell must travel with its row,
    and problems are still listed in file order."""
    lines = ["project_id,event_date,promised_date,event_kind,region"]
    rng = np.random.default_rng(3)
    expected = {}
    for k in range(400):
        pid = f"p{rng.integers(0, 40):02d}"
        day = f"20{10 + rng.integers(0, 10)}-0{1 + rng.integers(0, 9)}-1{rng.integers(0, 9)}"
        bad_date = k % 97 == 5
        kind = "rumour" if k % 89 == 7 else "promise"
        lines.append(f"{pid},{'soonish' if bad_date else day},2030,{kind},region {k}")
        expected[k + 2] = (pid, f"region {k}")
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_files([str(path)])
    events = ledger.events
    assert len(events) == 400
    for pid, region, line in zip(
        events["project_id"], events["region"], events[LINE_COLUMN], strict=True
    ):
        assert expected[int(line)] == (pid, region)
    # Statement order: by project, then the statement's date, undated last.
    for _, group in events.groupby("project_id", sort=False, observed=True):
        mids = group["date_mid"].to_numpy()
        dated = ~np.isnat(mids)
        assert (np.diff(mids[dated].astype("int64")) >= 0).all()
        assert not (dated[1:] & ~dated[:-1]).any()
    assert events["project_id"].is_monotonic_increasing
    problems = [p for p in ledger.report.problems if p.row is not None]
    dates = [p.row for p in problems if p.message == "unreadable date"]
    kinds = [p.row for p in problems if "event kind" in p.message]
    assert dates == sorted(dates) and len(dates) == 5
    assert kinds == sorted(kinds) and len(kinds) == 5


def test_ties_stay_in_file_order_when_a_name_resolves_to_an_id(tmp_path: Path) -> None:
    """Sorting each events file early must not reorder ties that appear only once an event's
    project name is resolved to its id: the first statement in the file is the first promise."""
    projects = tmp_path / "projects.csv"
    projects.write_text("project_id,name,start\np1,Bridge,2010-01-01\n", encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text(
        "project_id,event_date,event_kind,promised_date\n"
        "p1,2012-03-01,promise,2014\n"
        "Bridge,2012-03-01,promise,2016\n",
        encoding="utf-8",
    )
    ledger = load_files([str(projects), str(events)])
    assert list(ledger.events[LINE_COLUMN]) == [2, 3]
    assert str(ledger.projects["promised_end_latest"].iloc[0])[:10] == "2014-12-31"


def test_projects_named_only_in_the_ledger_keep_file_order(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "project_id,name,region,event_date,promised_date\n"
        "zeta,Zeta line,North,2015-01-01,2016\n"
        "alpha,Alpha dam,,2012-01-01,2013\n"
        "zeta,Zeta old name,South,2010-01-01,2012\n"
        ",,,2011-01-01,2012\n"
        ",,,2009-01-01,2012\n",
        encoding="utf-8",
    )
    ledger = load_files([str(events)])
    projects = ledger.projects
    assert list(projects["project_id"]) == ["zeta", "alpha"]
    zeta = projects.iloc[0]
    assert (zeta["name"], zeta["region"], zeta[LINE_COLUMN]) == ("Zeta line", "North", 2)
    unread = [p.row for p in ledger.report.problems if "neither a project id" in p.message]
    assert unread == [5, 6]
