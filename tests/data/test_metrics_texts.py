"""The metrics' dates as text at their own precision and the as-of column (data/metrics.py), on a
small ledger whose texts are worked out by hand."""

from __future__ import annotations

from pathlib import Path

from data.load import load_files
from data.metrics import snapshot
from data.metrics_csv import metrics_table

PROJECTS = (
    "project_id,name,start,promised_end,actual_end\n"
    "A,Alpha,2009,Q3 2014,2015-03-10\n"
    "B,Beta,c. 2010,,2016-01-05\n"
    "C,Gamma,spring 2011,H2 2013,\n"
)
EVENTS = (
    "project_id,event_date,event_kind,promised_date\n"
    "A,2013-01-10,revised_promise,2015?\n"
    "B,2011-05-01,promise,end of 2012\n"
    "B,2012-06-01,revised_promise,2013-10/2014-03\n"
    "B,2016-01-01,revised_promise,2017\n"
)


def _table(tmp_path: Path, as_of: str) -> dict[str, dict[str, str]]:
    (tmp_path / "p.csv").write_text(PROJECTS, encoding="utf-8")
    (tmp_path / "e.csv").write_text(EVENTS, encoding="utf-8")
    ledger = load_files([str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])
    table: dict[str, dict[str, str]] = (
        metrics_table(snapshot(ledger, as_of)).set_index("project_id").to_dict("index")
    )
    return table


def _texts(row: dict[str, str]) -> tuple[str, str, str, str]:
    return (
        row["start_text"],
        row["promised_end_text"],
        row["latest_promise_text"],
        row["actual_end_text"],
    )


def test_the_dates_as_the_sources_said_them(tmp_path: Path) -> None:
    table = _table(tmp_path, "2015-06-30")
    # A: the table's first promise (Q3 2014) wins over the ledger's; re-promised "2015?";
    # finished 10 March 2015, before the as-of date.
    assert _texts(table["A"]) == ("2009", "Q3 2014", "2015?", "10 Mar 2015")
    # B: no table promise, so the first known statement ("end of 2012" = December 2012); the
    # promise in force is the last known one (the 2016 statement is not known yet); finished
    # on 2016-01-05, after the as-of date: no actual end yet. Its start is approximate.
    assert _texts(table["B"]) == ("c. 2010", "Dec 2012", "Oct 2013 – Mar 2014", "")
    # C: no statements: the promise in force is the table's first promise.
    assert _texts(table["C"]) == ("spring 2011", "H2 2013", "H2 2013", "")
    # The as-of date on every row, ISO.
    assert {row["as_of"] for row in table.values()} == {"2015-06-30"}
    # The bound-based columns are unchanged: the start's earliest bound, the others' latest.
    assert (table["B"]["start"], table["B"]["latest_promise"]) == ("2010-01-01", "2014-03-31")


def test_a_replay_knows_the_texts_of_its_day(tmp_path: Path) -> None:
    # On 2011-12-31, B's only known statement is its first promise; on 2017-01-01 it has been
    # re-promised to 2017 and finished (5 Jan 2016).
    early, late = _table(tmp_path, "2011-12-31"), _table(tmp_path, "2017-01-01")
    assert _texts(early["B"]) == ("c. 2010", "Dec 2012", "Dec 2012", "")
    # A's table promise (Q3 2014) is known only from its first promise statement (2013-01-10):
    # on 2011-12-31 it has no first promise and no promise in force, as dates or as text.
    assert _texts(early["A"]) == ("2009", "", "", "")
    assert early["A"]["promised_end"] == early["A"]["latest_promise"] == ""
    assert _texts(late["B"]) == ("c. 2010", "Dec 2012", "2017", "5 Jan 2016")
    assert early["A"]["as_of"] == "2011-12-31" and late["C"]["as_of"] == "2017-01-01"
