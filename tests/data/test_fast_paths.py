"""The fast paths give the same answers as the careful ones: pyarrow's reader against pandas' C
parser, and events sorted while still codes against the ledger's own order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.ledger import LINE_COLUMN, load_files
from data.reading import parsers, read_table

TRICKY = (
    "id,name,start,quote,region\n"
    'p1,"Plant, north",2013-05,"He said ""soon""",Aragua\n'
    "\n"
    'p2,  spaced  ,2014,"two\nlines",Zulia\n'
    ",,,,\n"
    ' , ,"", ,\n'
    "p3,Café Zürich,Q3 2014,,Aragua\n"
    'p4,"",2015?,"a,b;c|d",\n'
    "\n"
)


def frames(path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[pd.DataFrame, pd.DataFrame]:
    fast = read_table(path)
    with monkeypatch.context() as patch:
        patch.setattr(parsers, "arrow_parse", lambda *args, **kwargs: None)
        careful = read_table(path)
    assert fast.report == careful.report and fast.problems == careful.problems
    return fast.frame, careful.frame


def test_pyarrow_reads_what_the_c_parser_reads(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "tricky.csv"
    path.write_text(TRICKY, encoding="utf-8")
    fast, careful = frames(str(path), monkeypatch)
    # The fast path was taken (categorical columns), not a silent fallback.
    assert isinstance(fast["name"].dtype, pd.CategoricalDtype)
    assert careful["name"].dtype == object
    pd.testing.assert_frame_equal(fast.astype(object), careful.astype(object))
    assert list(fast[LINE_COLUMN]) == [2, 4, 8, 9]  # blank lines and blank records are not rows
    assert fast["quote"].tolist() == ['He said "soon"', "two\nlines", "", "a,b;c|d"]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_pyarrow_with_other_delimiters_and_crlf(tmp_path: Path, monkeypatch, delimiter) -> None:
    rows = [["id", "name", "deadline"], ["a1", "x, y", "2014-11"], ["a2", '"q"', "2015"]]
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path = tmp_path / "other.csv"
    path.write_bytes(("sep=" + delimiter + "\r\n" + text).encode("utf-8-sig"))
    fast, careful = frames(str(path), monkeypatch)
    assert isinstance(fast["id"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(fast.astype(object), careful.astype(object))
    assert fast["name"].tolist() == ["x, y", "q"] and list(fast[LINE_COLUMN]) == [3, 4]


def test_ragged_rows_leave_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id,name,start\np1,a,2013\np2,b\n", encoding="utf-8")
    table = read_table(str(path))
    assert table.frame["start"].tolist() == ["2013", ""]
    assert [p.row for p in table.problems] == [3]


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
    for _, group in events.groupby("project_id", sort=False):
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


@pytest.mark.parametrize(
    ("text", "headers", "column", "rows"),
    [
        # A quote that never closes in the header: every row would be swallowed into it.
        ('name,"deadline\nBridge,2013\nTunnel,2014\n', ["name", "deadline"], "deadline", 2),
        # One that a later quote closes: the header would swallow rows and lose a column.
        (
            'id,"name,deadline\np1,Bridge,2013\np2,"Tunnel",2014\np3,Road,2015\n',
            ["id", "name", "deadline"],
            "name",
            3,
        ),
    ],
)
def test_a_stray_quote_in_the_header_is_reported(tmp_path, text, headers, column, rows) -> None:
    path = tmp_path / "header.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(str(path))
    assert table.headers == headers
    assert table.report.records == rows and len(table.frame) == rows
    assert list(table.frame[LINE_COLUMN]) == list(range(2, rows + 2))
    (problem,) = table.problems
    assert (problem.row, problem.column) == (1, column)
    assert "unbalanced quote in the header" in problem.message


def test_a_quoted_line_break_in_a_header_cell_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text('id,"Promised\ndate",name\np1,2013,Bridge\n', encoding="utf-8")
    table = read_table(str(path))
    assert table.headers == ["id", "Promised\ndate", "name"] and table.problems == []
    assert list(table.frame[LINE_COLUMN]) == [3]  # the header took lines 1 and 2


def test_a_stray_quote_in_a_two_column_file_is_caught(tmp_path: Path) -> None:
    """Its field count still matches, so only the swallowed lines' shape gives it away; a quoted
    two-line note with a comma is not mistaken for it."""
    path = tmp_path / "two.csv"
    path.write_text(
        'name,deadline\nBridge,"2013\nTunnel,2014\nRoad,2015\nPier,"2016"\nDam,2017\n',
        encoding="utf-8",
    )
    table = read_table(str(path))
    assert table.frame["name"].tolist() == ["Bridge", "Tunnel", "Road", "Pier", "Dam"]
    assert table.report.records == 5 and [p.row for p in table.problems] == [2]
    note = tmp_path / "note.csv"
    note.write_text('name,note\nBridge,"first line\nsecond, with comma"\nTunnel,x\n', "utf-8")
    table = read_table(str(note))
    assert table.frame["note"].tolist() == ["first line\nsecond, with comma", "x"]
    assert table.problems == []


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


def test_review_cases_read_like_the_careful_path(tmp_path: Path, monkeypatch) -> None:
    """Inputs where pyarrow and the parity pass could disagree, or pyarrow cannot go."""
    # A non-ASCII delimiter from a sep= line (pyarrow takes one byte only).
    odd = tmp_path / "sep.csv"
    odd.write_text("sep=é\naébéc\n1é2é3\n", encoding="utf-8")
    assert read_table(str(odd)).frame[["a", "b", "c"]].values.tolist() == [["1", "2", "3"]]
    # An inch mark the parity pass takes for a quote: each row keeps its own line.
    inch = tmp_path / "inch.csv"
    inch.write_text('id,note\n1,5" pipe\n2,"a\nb"\n', encoding="utf-8")
    table = read_table(str(inch))
    assert table.frame["id"].tolist()[:2] == ["1", "2"]
    assert list(table.frame[LINE_COLUMN])[:2] == [2, 3]
    # A byte-order mark at the start of a piece stays in its cell.
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"a,b\n1,2\n3,4\n\xef\xbb\xbfx,5\n")
    fast = read_table(str(bom), chunk_rows=2)
    with monkeypatch.context() as patch:
        patch.setattr(parsers, "arrow_parse", lambda *args, **kwargs: None)
        careful = read_table(str(bom), chunk_rows=2)
    assert fast.frame["a"].tolist() == careful.frame["a"].tolist() == ["1", "3", "\ufeffx"]


def test_quoted_notes_over_lines_are_not_stray_quotes(tmp_path: Path) -> None:
    note = tmp_path / "note.csv"
    note.write_text('id,note\n1,"Line one, a\nline two, b\nline three, c"\n2,plain\n', "utf-8")
    table = read_table(str(note))
    assert table.frame["note"].tolist() == ["Line one, a\nline two, b\nline three, c", "plain"]
    assert table.problems == [] and list(table.frame[LINE_COLUMN]) == [2, 5]
    header = tmp_path / "header.csv"
    header.write_text('id,"note\n(a, b)"\n1,x\n', encoding="utf-8")
    table = read_table(str(header))
    assert table.headers == ["id", "note\n(a, b)"] and table.problems == []


def test_a_stray_quote_in_a_blank_header_cell_names_the_column(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text('",b\n1,2\n3,4\n', encoding="utf-8")
    table = read_table(str(path))
    assert table.headers == ["column 1", "b"] and len(table.frame) == 2
    assert [(p.row, p.column) for p in table.problems] == [(1, "column 1")]


def test_progress_never_goes_back_when_the_fast_reader_gives_up(tmp_path: Path) -> None:
    """A short row at the very end: pyarrow reads everything, refuses, the C parser reads again;
    the bar must not jump back."""
    path = tmp_path / "ragged.csv"
    body = "".join(f"p{i},n,2001\n" for i in range(3000))
    path.write_text("id,name,start\n" + body + "late,row\n", encoding="utf-8")
    seen: list[int] = []
    table = read_table(str(path), progress=lambda done, total: seen.append(done), chunk_rows=500)
    assert table.report.records == 3001 and seen == sorted(seen)


def test_excel_trailing_empty_cells_are_harmless_and_an_extra_value_is_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "trailing.csv"
    rows = "".join(f"p{i},n{i},2013,,\n" for i in range(500))
    path.write_text("id,name,start,,\n" + rows + "px,ny,2014,late,\n", encoding="utf-8")
    table = read_table(str(path))
    assert table.headers == ["id", "name", "start"] and table.report.records == 501
    assert [(p.row, p.column, p.value) for p in table.problems] == [(502, "(field 4)", "late")]


def test_the_preview_refuses_what_a_load_refuses(tmp_path: Path) -> None:
    """The mapping dialog's preview runs on the window's thread: a pipe must not block it, and
    a missing file is Slipline's own error."""
    import os

    from data.reading import read_preview
    from data.report import LoadError

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for path, message in ((pipe, "not a regular file"), (tmp_path / "gone.csv", "no such file")):
        with pytest.raises(LoadError, match=message):
            read_preview(str(path))
