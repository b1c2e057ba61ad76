"""The details of a project and the projects table, as plain values (``data.details``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from data.details import citation, project_details, projects_table, safe_link
from data.ledger import Ledger
from data.metrics import snapshot
from data.query import Query, run_query
from tests.details_data import AS_OF, write_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return write_ledger(tmp_path)


def _position(ledger: Ledger, pid: str) -> int:
    return int(np.flatnonzero(ledger.projects["project_id"].to_numpy() == pid)[0])


def test_bridge_figures_at_their_precision(ledger: Ledger) -> None:
    snap = snapshot(ledger, AS_OF)
    d = project_details(ledger, snap, _position(ledger, "bridge"))
    assert (d.project_id, d.name, d.as_of) == ("bridge", "<b>Bridge</b>", AS_OF)
    assert d.attributes == {"country": "B-land"}
    # Unfinished: the later of the as-of date and the promise in force (2007-06-30), minus the
    # first promise 2005-06-30: 365 + 365 + 366 + 365 days to 2009-06-30, 185 more to
    # 2010-01-01: 1,646 days, 4.5 years; the promised duration 2000-01-01 → 2005-06-30 is
    # 1,827 + 180 = 2,007 days: 82.0 %.
    assert d.metrics == {
        "Status": "ongoing",
        "Start": "Jan 2000",
        "First promise": "Jun 2005",
        "Promise in force": "Jun 2007",
        "Actual end": "",
        "Slip": "≥ +1,646 days (+4.5 years)",
        "Slip %": "≥ +82.0%",
        "Re-promises": "1",
        "Kept": "no",
    }


def test_tunnel_finished_early(ledger: Ledger) -> None:
    d = project_details(ledger, snapshot(ledger, AS_OF), _position(ledger, "tunnel"))
    # 2004-06-30 − 2006-12-31 = −(730 + 184) days; −914 / 2,190 days promised = −41.7 %.
    assert d.metrics["Slip"] == "-914 days (-2.5 years)"
    assert d.metrics["Slip %"] == "-41.7%"
    assert (d.metrics["Kept"], d.metrics["Actual end"], d.metrics["Re-promises"]) == (
        "yes",
        "30 Jun 2004",
        "0",
    )


def test_statements_in_words_later_ones_kept_unknown(ledger: Ledger) -> None:
    snap = snapshot(ledger, AS_OF)
    st = project_details(ledger, snap, _position(ledger, "bridge")).statements
    assert st["date"].tolist() == ["15 Mar 2004", "Jan 2006", "1 May 2012"]
    assert st["kind"].tolist() == ["revised promise", "delay reported", "revised promise"]
    assert st["speaker"].tolist() == ["Mayor", "Auditor", "Minister"]
    assert st["quote"].tolist() == ["<i>Now</i>\nJune 2007", "Late again", "Next year"]
    assert st["promised"].tolist() == ["Jun 2007", "", "2013"]
    assert st["source"].tolist() == [
        "javascript:alert(1)",
        "https://example.org/audit",
        "file:///etc/passwd",
    ]
    assert st["known"].tolist() == [True, True, False]
    refs = st["ref"].tolist()
    assert refs[2] == -1
    # A known statement's ref is the position of its marker's statement in the snapshot.
    said = snap.statements
    assert [said["text"].iloc[r] for r in refs[:2]] == ["<i>Now</i>\nJune 2007", "Late again"]


def test_citation(ledger: Ledger) -> None:
    d = project_details(ledger, snapshot(ledger, AS_OF), _position(ledger, "bridge"))
    refs = d.statements["ref"].tolist()
    assert citation(d, refs[0]) == "Mayor, “<i>Now</i> June 2007”, 15 Mar 2004, javascript:alert(1)"
    assert citation(d, refs[1]) == "Auditor, “Late again”, Jan 2006, https://example.org/audit"
    assert citation(d, -1) == ""
    assert citation(d, 10_000) == ""


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        (" HTTP://Example.org ", "HTTP://Example.org"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("http://", None),
        ("https:///path-only", None),
        ("ftp://example.org", None),
        ("example.org", None),
        ("http://exa mple.org", None),
        ("http://example.org/\nx", None),
        ("", None),
    ],
)
def test_safe_link(url: str, safe: str | None) -> None:
    assert safe_link(url) == safe


def _sorted_ids(table, label: str, descending: bool) -> list[str]:
    key = table[(label, "key")].to_numpy(dtype=float)
    order = np.argsort(-key if descending else key, kind="stable")
    return [str(i) for i in table.index[order]]


def test_projects_table_texts_and_keys(ledger: Ledger) -> None:
    snap = snapshot(ledger, AS_OF)
    table = projects_table(ledger, snap, run_query(snap.metrics, Query(), ledger.attributes))
    assert table.index.tolist() == ["bridge", "tunnel", "dam"]
    texts = table.xs("text", axis=1, level=1)
    assert texts.loc["bridge"].tolist() == [
        "<b>Bridge</b>", "bridge", "ongoing", "Jan 2000", "Jun 2005", "Jun 2007", "",
        "≥ +1,646", "≥ +82.0%", "1", "no", "B-land",
    ]  # fmt: skip
    assert texts.loc["dam", "First promise"] == "" and texts.loc["tunnel", "Kept"] == "yes"
    # Dates sort by date, not by their text ("2006" < "Jun 2005" as text); blanks last.
    assert _sorted_ids(table, "First promise", False) == ["bridge", "tunnel", "dam"]
    assert _sorted_ids(table, "First promise", True) == ["tunnel", "bridge", "dam"]
    assert _sorted_ids(table, "Slip (days)", False) == ["tunnel", "bridge", "dam"]
    assert _sorted_ids(table, "country", False) == ["dam", "bridge", "tunnel"]
    assert _sorted_ids(table, "country", True) == ["bridge", "dam", "tunnel"]


@pytest.mark.parametrize("few", [True, False])
def test_text_keys_case_insensitive_blanks_unranked(few: bool) -> None:
    from data.table import _text_key

    values = np.array(["b", "A", None, "a", "", "C"], dtype=object)
    texts, keys = _text_key(values, few=few)
    assert texts.tolist() == ["b", "A", "", "a", "", "C"]
    # "a" and "A" rank alike, before "b", before "C"; missing and "" have no rank.
    order = np.argsort(keys, kind="stable")
    assert order.tolist() == [1, 3, 0, 5, 2, 4]
    assert keys[1] == keys[3] and np.isnan(keys[[2, 4]]).all()


def test_names_ranked_once_per_ledger_serve_every_view_of_it(tmp_path: Path) -> None:
    from data.load import load_files

    def ledger_of(folder: Path, names: str) -> Ledger:
        folder.mkdir()
        path = folder / "p.csv"
        rows = [f"{n.lower()},{n},2000,2005" for n in names.split()]
        path.write_text("id,name,start,deadline\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return load_files([str(path)])

    first = ledger_of(tmp_path / "a", "Delta alpha Charlie bravo")
    snap = snapshot(first, AS_OF)
    whole = projects_table(first, snap, run_query(snap.metrics, Query(), first.attributes))
    # Case-insensitive by name: alpha, bravo, Charlie, Delta.
    assert _sorted_ids(whole, "Name", False) == ["alpha", "bravo", "charlie", "delta"]
    # A filtered view of the same ledger ("a" is in alpha, Charlie and Delta) keeps that order,
    # and its texts are its own rows'.
    part = projects_table(first, snap, run_query(snap.metrics, Query(None, "ta"), []))
    assert part.index.tolist() == ["delta"]
    assert part[("Name", "text")].tolist() == ["Delta"]
    part = projects_table(first, snap, run_query(snap.metrics, Query("name", "a"), []))
    assert _sorted_ids(part, "Name", True) == ["delta", "charlie", "bravo", "alpha"]
    # Another ledger of as many projects is ranked afresh: Zulu after yankee, not as "Delta".
    second = ledger_of(tmp_path / "b", "Zulu yankee Xray whiskey")
    snap = snapshot(second, AS_OF)
    table = projects_table(second, snap, run_query(snap.metrics, Query(), second.attributes))
    assert table[("Name", "text")].tolist() == ["Zulu", "yankee", "Xray", "whiskey"]
    assert _sorted_ids(table, "Name", False) == ["whiskey", "xray", "yankee", "zulu"]
