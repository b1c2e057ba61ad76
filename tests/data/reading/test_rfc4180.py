"""Valid CSV stays valid: on thousands of generated well-formed RFC 4180 files the reader's
records (header and rows, as strings) are the csv module's, each on the csv module's line; and a
quote that never closes (or closes with text after it in its field) is still recovered line by
line, every line accounted for.

The expected records come from Python's csv module alone, with the reader's two documented
rules applied to them by hand here: a line break inside a cell is read as ``\\n`` (a CRLF or a
lone CR too), and a record whose every cell holds only spaces, tabs, quotes, line breaks or the
delimiter is blank, not a record.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data.reading import LINE_COLUMN, read_table
from data.report import LoadError
from tests.data.reading.helpers import accounted

CANDIDATES = ",;\t|"  # the delimiters the reader may detect
# Letters, digits, every candidate delimiter, quotes, line breaks, spaces, accents, a combining
# mark, an emoji, right-to-left text, a no-break space and Unicode's line separator.
CELL_CHARS = st.sampled_from(list('ab Z09,;\t|""\n\r-/.éΩ\u0301🙂\u05d0\xa0\u2028'))
NAME_CHARS = 'abcxyzQ_ 09,;\t|"\néΩ🙂\u05d0'
SHAPE = st.tuples(
    st.sampled_from([",", ";", "\t", "|"]),  # the delimiter
    st.sampled_from(["\n", "\r\n", "\r"]),  # the line end between records
    st.booleans(),  # a UTF-8 byte-order mark
    st.booleans(),  # a line end after the last record
    st.sampled_from(["needed", "all", "some"]),  # which cells are quoted
)
_counter = itertools.count()


def _names(draw: st.DrawFn, width: int, delimiter: str) -> list[str]:
    """Header names: non-blank, without outer spaces, distinct ignoring case (the reader names
    blank headers and numbers duplicates, which is not what this test is about); holding the
    file's delimiter but no other candidate, so that the header tells the delimiter (a file of
    two lines could otherwise split as well on another)."""
    others = set(CANDIDATES) - {delimiter}
    # (the characters listed, not a filtered strategy: hypothesis 6.100, the oldest supported,
    # ignores a filter on the alphabet of st.text)
    chars = st.sampled_from([c for c in NAME_CHARS if c not in others])
    names: list[str] = []
    while len(names) < width:
        name = draw(st.text(chars, min_size=1, max_size=8)).strip()
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


@st.composite
def well_formed_files(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """A well-formed file's bytes, its text (without the mark) and its delimiter. A cell holding
    a candidate delimiter, a quote or a line break is quoted (the quotes inside doubled), as
    RFC 4180 has it; line breaks inside quoted cells are LF, CRLF or CR whatever the file's line
    end is."""
    delimiter, newline, bom, ending, quoting = draw(SHAPE)
    width = draw(st.integers(1, 6))
    if width == 1:
        delimiter = ","  # a one-column file has none: the reader's default is the comma
    rows = [_names(draw, width, delimiter)]
    for _ in range(draw(st.integers(1, 8))):
        rows.append([draw(st.text(CELL_CHARS, max_size=12)) for _ in range(width)])

    def quote(cell: str) -> str:
        needed = any(c in cell for c in CANDIDATES + '"\n\r')
        if needed or quoting == "all" or (quoting == "some" and draw(st.booleans())):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = newline.join(delimiter.join(map(quote, r)) for r in rows) + (newline if ending else "")
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"), text, delimiter


def _blank(cells: list[str], delimiter: str) -> bool:
    return not any(c.strip(f' \t"\r\n{delimiter}') for c in cells)


def _expected(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The csv module's header and its non-blank rows with the line each starts on, line
    breaks in cells read as ``\\n``."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records, previous = [], 0
    for fields in reader:
        cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in fields]
        records.append((previous + 1, cells))
        previous = reader.line_num
    header = records[0][1]
    rows = [(line, cells) for line, cells in records[1:] if not _blank(cells, delimiter)]
    return header, rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rfc4180")


@settings(
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(file=well_formed_files())
# Found on the oldest versions, whose hypothesis puts other candidates in the names: "," read
# both lines as one record of three fields; "|" read the second file's first field as 0,9,".
@example(file=(b'0;","\n;",0"', '0;","\n;",0"', ";"))
@example(file=(b'0,9,"|"\n"\r|",,"\r"', '0,9,"|"\n"\r|",,"\r"', ","))
def test_well_formed_files_read_as_the_csv_module_reads_them(
    folder: Path, file: tuple[bytes, str, str]
) -> None:
    data, text, delimiter = file
    header, rows = _expected(text, delimiter)
    path = folder / f"w{next(_counter)}.csv"
    path.write_bytes(data)
    try:
        if not rows:
            with pytest.raises(LoadError, match="no data rows"):
                read_table(path)
            return
        table = read_table(path)
    finally:
        path.unlink()
    assert table.headers == header
    frame = table.frame
    got = [[str(v) for v in row] for row in frame[table.headers].itertuples(index=False)]
    assert got == [cells for _, cells in rows]
    assert frame[LINE_COLUMN].tolist() == [line for line, _ in rows]
    assert table.report.records == len(rows) == table.report.rows
    # Nothing is split or left unread; a possible stray quote is only ever a note on a cell.
    assert all(p.column is not None for p in table.problems)
    assert not [p for p in table.problems if "unbalanced" in p.message]


@st.composite
def broken_quote_files(draw: st.DrawFn) -> tuple[str, int, bool]:
    """A file of plain rows (no quotes, no line breaks in cells) where one row's field starts
    with a quote that never closes, or that a later row closes with text after it in its field:
    malformed either way. Returns the text, the line of the opening quote and whether a later
    quote closes it."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(2, 5))
    plain = st.text(st.sampled_from(list("ab Z09-/.é🙂")), min_size=1, max_size=6)
    names = [f"h{k}" for k in range(width)]
    # Every row's first field has a character other than a space: a row of spaces, quotes and
    # delimiters only is blank, not a record (the readers' rule), and would not be counted.
    solid = plain.filter(lambda s: s.strip() != "")
    rows = [
        [draw(solid), *(draw(plain) for _ in range(width - 1))]
        for _ in range(draw(st.integers(4, 30)))
    ]
    # After a few rows, so that the sample still tells the delimiter.
    at = draw(st.integers(3, len(rows) - 1))
    rows[at][draw(st.integers(0, width - 1))] = '"' + rows[at][0]
    closed = at < len(rows) - 1 and draw(st.booleans())
    if closed:
        later = draw(st.integers(at + 1, len(rows) - 1))
        field = draw(st.integers(0, width - 1))
        rows[later][field] = rows[later][field] + '"x'  # text after the closing quote
    lines = [delimiter.join(r) for r in [names, *rows]]
    return "\n".join(lines) + "\n", at + 2, closed


@settings(max_examples=300, deadline=None, database=None)
@given(file=broken_quote_files())
def test_a_malformed_quote_is_still_recovered_line_by_line(
    folder: Path, file: tuple[str, int, bool]
) -> None:
    text, line, closed = file
    data_lines = text.count("\n") - 1
    path = folder / f"b{next(_counter)}.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        table = read_table(path)
    finally:
        path.unlink()
    # Every physical line below the header is a record, each read on its own line.
    assert table.report.records == data_lines == table.report.rows and accounted(table)
    assert table.frame[LINE_COLUMN].tolist() == list(range(2, data_lines + 2))
    assert not [p for p in table.problems if "possible stray quote" in p.message]
    quotes = [p for p in table.problems if "unbalanced quote" in p.message]
    if line == data_lines + 1 and not closed:
        assert quotes == []  # the last line: nothing below it to swallow
    else:
        assert [p.row for p in quotes] == [line]
