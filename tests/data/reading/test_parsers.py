"""The fast readers give the same answers as the careful ones: pyarrow's reader against pandas'
C parser (pyarrow switched off at data.reading.parsers.arrow_parse)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.reading import LINE_COLUMN, parsers, read_table

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
