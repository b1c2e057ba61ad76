"""Hypothesis fuzz of the reader over thousands of small generated files: only Slipline's own
LoadError may escape, and rows read plus records reported unread always equal the records."""

from __future__ import annotations

import codecs
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.load import load_files
from data.reading import read_table
from data.report import LoadError

HEADERS = ["project_id", "name", "event_date", "promised_date", "start", "deadline", "Status"]
ROW_CHARS = st.sampled_from(list("ab1 2-/.,;\t|\"'\n\r\x00éΩ🙂Q"))
CELL_VALUES = [
    *["2013", "May 2013", "Q3 2014", "soonish", "", "n/a", "10/03/2011", "x", "é"],
    *['a "b"', '"', 'x"y', "a,b", "a;b", "a\tb", "a|b", "a\nb", "a\r\nb", " ", "\x00", "🙂"],
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]
SHAPE = st.tuples(
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(ENCODINGS),
    st.sampled_from(["all", "needed", "none"]),  # "none": stray quotes, broken rows
    st.sampled_from([None, "sep=;", "sep=,", "Title", "", "Report, 2024"]),
    st.booleans(),
)
HEADER_LISTS = st.lists(st.sampled_from([*HEADERS, "x", ""]), min_size=1, max_size=6)
FREE_ROWS = st.lists(st.text(ROW_CHARS, max_size=30), max_size=10)
CELL_ROWS = st.lists(st.lists(st.sampled_from(CELL_VALUES), max_size=7), max_size=10)
_counter = itertools.count()


@st.composite
def files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 19)) == 0:
        return draw(st.binary(max_size=200))  # not a table at all
    delimiter, newline, encoding, quoting, preamble, ending = draw(SHAPE)
    headers = draw(HEADER_LISTS)
    if draw(st.booleans()):  # free text: delimiters, quotes and newlines anywhere
        rows = [[r] for r in draw(FREE_ROWS)]
    else:
        rows = draw(CELL_ROWS)

    def quote(cell: str) -> str:
        if quoting == "all" or (
            quoting == "needed" and any(c in cell for c in f'{delimiter}"\n\r')
        ):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    lines = [delimiter.join(headers)] + [delimiter.join(map(quote, r)) for r in rows]
    if preamble is not None:
        lines.insert(0, preamble)
    data = (newline.join(lines) + (newline if ending else "")).encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


def check(path: Path) -> None:
    try:
        table = read_table(path)
    except LoadError as exc:
        assert str(path) in str(exc)
        return
    report = table.report
    unread = [p for p in table.problems if p.row is not None and p.column is None]
    assert report.rows + len(unread) == report.records
    assert report.rows == len(table.frame)
    assert table.frame["__line__"].is_monotonic_increasing
    assert (table.frame["__line__"] >= report.header_line + 1).all()
    for problem in table.problems:
        assert problem.file == str(path)
        assert problem.row is None or problem.row > 0


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=3000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=files())
def test_reader_never_raises_anything_but_load_error_and_accounts_every_record(
    folder: Path, data: bytes
) -> None:
    path = folder / f"f{next(_counter)}.csv"
    path.write_bytes(data)
    try:
        check(path)
        assert path.read_bytes() == data  # never written
    finally:
        path.unlink()


@settings(max_examples=300, deadline=None, database=None)
@given(data=files())
def test_whole_load_never_raises(folder: Path, data: bytes) -> None:
    path = folder / f"l{next(_counter)}.csv"
    path.write_bytes(data)
    try:
        ledger = load_files([str(path)])
        json = ledger.report.to_json()
        assert json["projects"] == len(ledger.projects)
        for f in ledger.report.files:
            if f.error is None and not f.unresolved:
                unread = [
                    p
                    for p in ledger.report.problems
                    if p.file == f.path and p.row is not None and p.column is None
                ]
                assert f.rows + len(unread) == f.records
    finally:
        path.unlink()


def test_quote_free_files_have_one_record_per_nonblank_line(folder: Path) -> None:
    """Without quotes, records are exactly the physical non-blank lines after the header."""
    path = folder / "plain.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"a,b,c\n1,2\n\n3,4,5,6\n \n7,8,9\n")
    table = read_table(path)
    assert table.report.records == 3 and list(table.frame["__line__"]) == [2, 4, 6]
