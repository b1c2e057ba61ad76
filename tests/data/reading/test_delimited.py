"""The text reader end to end: quoted line breaks and line endings, ragged rows and Excel's
trailing delimiters, progress and cancel between chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.reading import read_table
from data.report import LoadCancelled
from tests.data.reading.helpers import accounted, write


def test_quoted_newlines_crlf_cr_and_no_trailing_newline(tmp_path: Path) -> None:
    for name, text in [
        ("lf.csv", 'id,quote,date\n1,"a\nb",2001\n2,x,2002'),
        ("crlf.csv", 'id,quote,date\r\n1,"a\r\nb",2001\r\n2,x,2002\r\n'),
        ("cr.csv", 'id,quote,date\r1,"a\rb",2001\r2,x,2002\r'),
    ]:
        table = read_table(write(tmp_path, name, text))
        assert list(table.frame["quote"]) == ["a\nb", "x"], name
        assert list(table.frame["__line__"]) == [2, 4], name
        assert table.report.records == 2 and accounted(table)


def test_progress_and_cancel_between_chunks(tmp_path: Path) -> None:
    body = "".join(f"p{i},n,2001,2003\n" for i in range(2000))
    path = write(tmp_path, "big.csv", "id,name,start,deadline\n" + body)
    seen: list[tuple[int, int]] = []
    table = read_table(path, progress=lambda d, t: seen.append((d, t)), chunk_rows=100)
    assert len(table.frame) == 2000
    assert len(seen) > 10 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(LoadCancelled):
        read_table(path, should_cancel=cancel, chunk_rows=100)


def test_progress_never_goes_back_when_the_fast_reader_gives_up(tmp_path: Path) -> None:
    """A short row at the very end: pyarrow reads everything, refuses, the C parser reads again;
    the bar must not jump back."""
    path = tmp_path / "ragged.csv"
    body = "".join(f"p{i},n,2001\n" for i in range(3000))
    path.write_text("id,name,start\n" + body + "late,row\n", encoding="utf-8")
    seen: list[int] = []
    table = read_table(str(path), progress=lambda done, total: seen.append(done), chunk_rows=500)
    assert table.report.records == 3001 and seen == sorted(seen)


def test_ragged_rows_leave_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id,name,start\np1,a,2013\np2,b\n", encoding="utf-8")
    table = read_table(str(path))
    assert table.frame["start"].tolist() == ["2013", ""]
    assert [p.row for p in table.problems] == [3]


def test_excel_trailing_empty_cells_are_harmless_and_an_extra_value_is_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "trailing.csv"
    rows = "".join(f"p{i},n{i},2013,,\n" for i in range(500))
    path.write_text("id,name,start,,\n" + rows + "px,ny,2014,late,\n", encoding="utf-8")
    table = read_table(str(path))
    assert table.headers == ["id", "name", "start"] and table.report.records == 501
    assert [(p.row, p.column, p.value) for p in table.problems] == [(502, "(field 4)", "late")]


def test_an_extra_field_problem_names_the_first_extra_field_with_a_value(tmp_path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("id,name,start,deadline\n1,2,3,4,,x\n5,6,7,8\n", encoding="utf-8")
    table = read_table(str(path))
    assert [(p.row, p.column, p.value) for p in table.problems] == [(2, "(field 6)", "x")]
    assert "6 fields where the header has 4" in table.problems[0].message
