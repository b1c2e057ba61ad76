"""Every date role keeps its marks beside its bounds: ``~`` approximate, ``?`` uncertain (and
``+`` open-ended, which the grammar does not write yet), "" for a plain date."""

from __future__ import annotations

from pathlib import Path

from data.load import load_files


def test_marks_of_table_and_ledger_dates_are_kept(tmp_path: Path) -> None:
    projects = tmp_path / "projects.csv"
    projects.write_text(
        "id,name,start,promised_end\na,Alpha,c. 2010,2015?\nb,Beta,2011,2016\n", encoding="utf-8"
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "project_id,date,promised from,promised to\na,2012-05-01,~2016,2017?\nb,2013,2017,2017\n",
        encoding="utf-8",
    )
    ledger = load_files([str(projects), str(events)])
    p = ledger.projects.set_index("project_id")
    assert p.loc["a", "start_flags"] == "~"
    assert p.loc["a", "promised_end_flags"] == "?"
    assert p.loc["b", "start_flags"] == "" and p.loc["b", "promised_end_flags"] == ""
    e = ledger.events.set_index("project_id")
    # A mark on either bound of a promised pair holds for the interval.
    assert e.loc["a", "promised_flags"] == "~?"
    assert e.loc["b", "promised_flags"] == "" and e.loc["b", "date_flags"] == ""


def test_a_mark_is_found_among_others_and_never_in_a_missing_value() -> None:
    import numpy as np

    from data.dates.precise import OPEN, has_flag

    flags = np.array(["", "+", None, np.nan, "~+", "~", "?"], dtype=object)
    assert has_flag(flags, OPEN).tolist() == [False, True, False, False, True, False, False]
    assert has_flag(np.array([], dtype=object), OPEN).tolist() == []
