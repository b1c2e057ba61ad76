"""A stray unbalanced quote: the lines it would swallow are read one by one and reported, and
quoted notes over several lines are not mistaken for one."""

from __future__ import annotations

from pathlib import Path

from data.reading import LINE_COLUMN, read_table
from tests.data.reading.helpers import accounted, write


def test_stray_quote_lines_are_read_one_by_one_and_named(tmp_path: Path) -> None:
    body = [f"p{i},Name {i},2001,2003" for i in range(1000)]
    body[10] = 'p10,"Name 10,2001,2003'  # the quote opens and never closes
    path = write(tmp_path, "q.csv", "id,name,start,deadline\n" + "\n".join(body) + "\n")
    table = read_table(path)
    assert table.report.records == 1000 and table.report.rows == 1000 and accounted(table)
    quote = [p for p in table.problems if "unbalanced quote" in p.message]
    assert len(quote) == 1 and quote[0].row == 12 and quote[0].column == "name"
    assert "12–1001" in quote[0].message
    assert list(table.frame["id"].iloc[-2:]) == ["p998", "p999"]


def test_a_stray_quote_closed_later_at_a_field_end_is_kept_whole_and_reported(
    tmp_path: Path,
) -> None:
    """The quote opening on line 7 closes on line 42 at a field's end (before a comma): the file
    is well-formed RFC 4180, and a valid quoted cell may hold line breaks and commas (a long
    description), so the standard reading keeps lines 7–42 as one record. The 35 lines after
    line 7 each look like a row, so it is reported as a possible stray quote naming the lines.
    (This test split the lines before the rule that valid CSV stays valid.)"""
    body = [f"p{i},Name {i},2001,2003" for i in range(50)]
    body[5] = 'p5,"Name 5,2001,2003'
    body[40] = 'p40,Name 40",2001,2003'
    table = read_table(write(tmp_path, "q2.csv", "id,name,start,deadline\n" + "\n".join(body)))
    # 50 lines of body, 36 of them (lines 7–42) in one record: 50 - 36 + 1 records.
    assert table.report.records == 15 == table.report.rows and accounted(table)
    assert not [p for p in table.problems if "unbalanced" in p.message]
    (note,) = table.problems
    assert (note.row, note.column) == (7, "name")
    assert "possible stray quote: 36 lines in one cell" in note.message
    assert "lines 7–42" in note.message
    kept = table.frame.iloc[5]
    assert kept["id"] == "p5" and kept["start"] == "2001" and kept["deadline"] == "2003"
    assert kept["name"] == "\n".join(["Name 5,2001,2003", *body[6:40], "p40,Name 40"])
    assert list(table.frame[LINE_COLUMN])[4:7] == [6, 7, 43]
    assert table.frame["id"].tolist()[-1] == "p49"


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


def test_a_well_formed_header_cell_over_lines_is_kept_whole_and_reported(tmp_path: Path) -> None:
    """The quote opening in the header's second field closes on line 3 before a comma: the
    header record is well-formed, so it keeps its three fields (the middle one over lines 1–3)
    and the lines inside, each shaped like a row, are reported as a possible stray quote."""
    path = tmp_path / "header.csv"
    path.write_text('id,"name,deadline\np1,Bridge,2013\np2,Tunnel",2014\np3,Road,2015\n', "utf-8")
    table = read_table(str(path))
    assert table.headers == ["id", "name,deadline\np1,Bridge,2013\np2,Tunnel", "2014"]
    assert table.frame["id"].tolist() == ["p3"] and list(table.frame[LINE_COLUMN]) == [4]
    (note,) = table.problems
    assert (note.row, note.column) == (1, "name,deadline\np1,Bridge,2013\np2,Tunnel")
    assert "possible stray quote: 3 lines in one cell (lines 1–3)" in note.message
