"""The delimited-text reader, step by step: decode; refuse binary text; find what lies above the
header (Excel's ``sep=`` line, the delimiter, title rows); read the header record; parse the body
by the fastest reader that agrees with the parity pass (pyarrow, else pandas' C parser, else the
csv module line by line); drop blank records; report ragged rows and invalid UTF-8 per cell.

Every record is accounted for: rows read plus records reported unread equal the records in the
file, and each row keeps its 1-based line in the file (the header's first line counts as 1 when
nothing is above it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.distinct import per_distinct
from data.reading import parsers
from data.reading.encoding import Decoded, decode
from data.reading.records import Parsed, Segments
from data.reading.recovery import possible_stray_quote, read_line_by_line
from data.reading.sniff import (
    choose_delimiter,
    dedupe_headers,
    filled_width,
    find_header_line,
    header_record,
    quote_field,
    sample_records,
    sep_line,
    stray_quote_in_header,
    well_formed,
)
from data.reading.table import FILE_COLUMN, LINE_COLUMN, SAMPLE_BYTES, RawTable, Source
from data.report import FileReport, LoadError, Problem

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class _AboveHeader:
    """What lies above the header (Excel's ``sep=`` line, title rows) and what was detected."""

    delimiter: str
    cut: int  # characters of the text above the header
    skipped: int  # lines above the header
    notes: list[str]  # what detection decided, for the report
    sample_rows: list[list[str]]  # the detection sample's records below the header
    preamble: list[str]  # the title rows above the header, their cells joined by spaces


@dataclass
class _Header:
    """The header record at the top of the body bytes."""

    end: int  # offset just past it: the rows start here
    names: list[str]  # one per column, deduplicated
    lines: int  # physical lines it spans (a quoted line break in a cell)
    problems: list[Problem]  # a stray quote in it


def read_text(source: Source) -> list[RawTable]:
    """A delimited text file as one table (raises :class:`LoadError`)."""
    raw = source.take()
    if not raw or raw.isspace():  # (strip() would copy a big file)
        raise LoadError(f"{source.name}: is empty")
    decoded = decode(raw, source.name)
    del raw
    return [_read_decoded(decoded, source)]


def _read_decoded(decoded: Decoded, source: Source) -> RawTable:
    """The steps, in order, from the decoded text to the table."""
    name = source.name
    text, crlf = _normalised_text(decoded, name)
    above = _above_header(text, decoded.notes)
    data = _body_bytes(decoded, text, above.cut, crlf)
    del text
    decoded.text = ""  # the decoded copy is not needed any more (memory)
    decoded.utf8 = None
    header = _read_header(data, above.delimiter, name, above.skipped + 1)
    problems = list(header.problems)
    if decoded.encoding in ("cp1252", "latin-1"):
        # Said as a file-level problem (no row): the analyst should know the guess was made.
        problems.append(Problem(name, None, None, None, decoded.notes[0]))
    parsed = _parse_body(data, header, above, source)
    table = _table(parsed, header, above, decoded, name, problems + parsed.problems)
    source.tick.finish()
    return table


def _normalised_text(decoded: Decoded, name: str) -> tuple[str, bool]:
    """The text with ``\\n`` line ends, and whether it had others; binary and empty text are
    refused."""
    text = decoded.text
    sample = text[:SAMPLE_BYTES]
    # Text has next to no control characters; an image or archive has plenty (a few NULs in
    # cells are survivable and kept).
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 50):
        what = "NUL bytes" if "\x00" in sample else "control characters"
        raise LoadError(f"{name}: contains {what}: a binary file, not a CSV or text table")
    if not text or text.isspace():
        raise LoadError(f"{name}: is empty")
    crlf = "\r" in text
    if crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, crlf


def _above_header(text: str, notes: list[str]) -> _AboveHeader:
    """Excel's ``sep=`` line or the delimiter detected, then title rows above the header."""
    notes = list(notes)
    sep = sep_line(text)
    if sep is not None:
        delimiter, skipped = sep, 1
        cut = text.index("\n") + 1 if "\n" in text else len(text)
        notes.append(f"Excel's sep={delimiter} line")
    else:
        delimiter, cut, skipped = choose_delimiter(text), 0, 0
    sample = sample_records(text[cut : cut + SAMPLE_BYTES + 1], delimiter, 40)
    header_line = find_header_line(sample)
    preamble = [" ".join(f for f in fields if f) for line, fields in sample if line < header_line]
    if header_line > 1:
        for _ in range(header_line - 1):
            cut = text.index("\n", cut) + 1
        lines = f"line {skipped + 1}" if header_line == 2 else f"lines {skipped + 1}–"
        lines += "" if header_line == 2 else str(skipped + header_line - 1)
        notes.append(f"{lines} above the header skipped (a title or preamble)")
        skipped += header_line - 1
    rows = [fields for line, fields in sample if line > header_line]
    return _AboveHeader(delimiter, cut, skipped, notes, rows, preamble)


def _body_bytes(decoded: Decoded, text: str, cut_chars: int, crlf: bool) -> bytes:
    """UTF-8 bytes of ``text`` from ``cut_chars`` on, ending in a newline. A valid UTF-8 file's
    own bytes are used (newlines normalised like the text's) instead of encoding the text again."""
    if decoded.utf8 is not None:
        data = decoded.utf8
        if crlf:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if cut_chars:
            data = data[len(text[:cut_chars].encode("utf-8")) :]
    else:
        data = text[cut_chars:].encode("utf-8")
    return data if data.endswith(b"\n") else data + b"\n"


def _read_header(data: bytes, delimiter: str, name: str, line: int) -> _Header:
    """The header record of the body bytes (its file line is ``line``), a stray quote in it
    caught: it would merge the lines below into the header. A well-formed header record is kept
    whole, as the standard reading has it (a possible stray quote is reported)."""
    end, cells = header_record(data, delimiter)
    stray = stray_quote_in_header(data, end, cells, delimiter)
    whole = stray is not None and well_formed(data[:end].decode("utf-8"), delimiter)
    if stray is not None and not whole:
        end, cells = stray
    if not any(h.strip() for h in cells):
        raise LoadError(f"{name}: has no header row")
    names = dedupe_headers(cells[: max(filled_width(cells), 1)])
    problems = []
    if stray is not None:
        opening = data[: data.find(b"\n")].decode("utf-8")
        index = quote_field(opening, delimiter)
        # Always a column: a problem with a row and no column is a record not read.
        column = names[index] if index < len(names) else f"(field {index + 1})"
        lines = data.count(b"\n", 0, end)
        problems.append(
            possible_stray_quote(column, opening, name, line, lines)
            if whole
            else Problem(
                name,
                line,
                column,
                opening[:200],
                "an unbalanced quote in the header row would merge the lines below into it; "
                "the header was read as its own line",
            )
        )
    return _Header(end, names, data.count(b"\n", 0, end), problems)


def _parse_body(data: bytes, header: _Header, above: _AboveHeader, source: Source) -> Parsed:
    """The records below the header, their lines counted from the header's first line: by the
    fast readers unless a stray quote seems to have merged lines, else (or when they give up)
    by the csv module line by line."""
    width = len(header.names)
    if header.end >= len(data):
        no_rows = np.zeros(0, np.int64)
        empty = pd.DataFrame({k: pd.Series(dtype=object) for k in range(width)})
        return _after_header(Parsed(empty, no_rows, no_rows, np.zeros(0, bool)), header)
    seg = Segments(np.frombuffer(data, dtype=np.uint8)[header.end :], above.delimiter)
    # Offsets into ``data`` → bytes of the file (roughly: the encoding may differ in size).
    scale = source.tick.total / max(len(data), 1)
    if not seg.stray_quote(width) and not _malformed_over_lines(data, header.end, seg, above):

        def on_end(end: int) -> None:
            source.tick(int((end + header.end) * scale))

        body = memoryview(data)[header.end :]  # no copy of a big file
        fast = _fast_parse(body, seg, width, above, on_end, source.chunk_rows)
        if fast is not None:
            return _after_header(fast, header)
    text = data[header.end :].decode("utf-8")
    source.tick(int(header.end * scale))
    slow = read_line_by_line(
        text,
        header.names,
        above.delimiter,
        source.name,
        above.skipped + header.lines,
    )
    source.tick.finish()
    return _after_header(slow, header)


def _malformed_over_lines(data: bytes, start: int, seg: Segments, above: _AboveHeader) -> bool:
    """Whether a record over several lines is not well-formed RFC 4180 (a quote that never
    closes, or closes with text after it in its field): the csv module then reads the body and
    splits it. Only records over several lines are looked at: a clean file costs nothing."""
    multi = np.flatnonzero(seg.spans > 1)
    return any(
        not well_formed(data[start + a : start + b + 1].decode("utf-8"), above.delimiter)
        for a, b in zip(seg.starts[multi].tolist(), seg.ends[multi].tolist(), strict=True)
    )


def _fast_parse(
    body: memoryview,
    seg: Segments,
    width: int,
    above: _AboveHeader,
    on_end: Callable[[int], None],
    chunk_rows: int,
) -> Parsed | None:
    """pyarrow's reader, else pandas' C parser; None when neither reads the parity pass's
    records."""
    # Rows of another width in the sample (Excel's trailing empty cells, ragged rows): pyarrow
    # would refuse the file after reading it, so the C parser reads it straight away.
    other_width = any(len(fields) != width for fields in above.sample_rows if fields)
    if not other_width:
        parsed = parsers.arrow_parse(body, seg, width, above.delimiter, on_end, chunk_rows)
        if parsed is not None:
            return parsed
    return parsers.c_parse(body, seg, width, above.delimiter, on_end, chunk_rows)


def _after_header(parsed: Parsed, header: _Header) -> Parsed:
    """The body's lines moved below the header's (they come first in the body bytes)."""
    parsed.lines = parsed.lines + header.lines
    return parsed


def _table(
    parsed: Parsed,
    header: _Header,
    above: _AboveHeader,
    decoded: Decoded,
    name: str,
    problems: list[Problem],
) -> RawTable:
    """The non-blank records as the table, ragged rows and invalid UTF-8 reported."""
    keep = ~parsed.blank if len(parsed.frame) else np.zeros(0, bool)
    records = int(keep.sum())
    if records == 0:
        raise LoadError(f"{name}: has a header but no data rows")
    frame = parsed.frame if keep.all() else parsed.frame.loc[keep].reset_index(drop=True)
    fields, lines = parsed.fields[keep], (parsed.lines + above.skipped)[keep]
    problems += _ragged_rows(frame, fields, lines, header.names, name)
    frame = _named_columns(frame, header.names, lines, name)
    if decoded.bad_utf8:
        problems += _invalid_utf8(frame, header.names, name)
    report = FileReport(path=name, encoding=decoded.encoding, delimiter=above.delimiter)
    report.notes = above.notes
    report.header_line = above.skipped + 1
    report.records, report.rows = records, len(frame)
    problems.sort(key=lambda p: p.row or 0)
    return RawTable(frame=frame, report=report, problems=problems, preamble=above.preamble)


def _ragged_rows(
    frame: pd.DataFrame, fields: np.ndarray, lines: np.ndarray, headers: list[str], name: str
) -> list[Problem]:
    """Ragged records: reported per row, read with the missing cells empty. Extra fields that
    are all empty (Excel's trailing delimiters) are harmless."""
    width = len(headers)
    extra = np.zeros(len(frame), dtype=bool)
    for label in frame.columns[width:]:
        extra |= per_distinct(frame[label], lambda v: bool(v.strip()), bool)
    problems = []
    for k in np.flatnonzero((fields < width) | ((fields > width) & extra)).tolist():
        n = int(fields[k])
        # The problem names a column (the first missing field, or the first extra one with a
        # value), so problems without a column stay exactly the records not read at all.
        column, value = headers[n] if n < width else "", None
        if n > width:
            at = next((j for j in range(width, n) if str(frame.iat[k, j]).strip()), width)
            column, value = f"(field {at + 1})", str(frame.iat[k, at])[:200]
        problems.append(
            Problem(
                name,
                int(lines[k]),
                column,
                value,
                f"{n} fields where the header has {width}; "
                + ("the extra fields were ignored" if n > width else "the missing cells are empty"),
            )
        )
    return problems


def _named_columns(
    frame: pd.DataFrame, headers: list[str], lines: np.ndarray, name: str
) -> pd.DataFrame:
    """The header's columns (extra fields dropped), then the line and file columns."""
    if frame.shape[1] != len(headers):
        frame = frame.iloc[:, : len(headers)].copy()  # one block: thousands of columns stay cheap
    frame.columns = headers
    frame[LINE_COLUMN] = lines.astype(np.int64)
    frame[FILE_COLUMN] = name
    return frame


def _invalid_utf8(frame: pd.DataFrame, headers: list[str], name: str) -> list[Problem]:
    """Each cell holding U+FFFD from invalid UTF-8 bytes, as a problem."""
    problems = []
    line_numbers = frame[LINE_COLUMN].to_numpy()
    for header in headers:
        bad = per_distinct(frame[header], lambda v: "\ufffd" in v, bool)
        for k in np.flatnonzero(bad).tolist():
            problems.append(
                Problem(
                    name,
                    int(line_numbers[k]),
                    header,
                    str(frame[header].iat[k])[:200],
                    "invalid UTF-8 bytes in this cell (shown as �)",
                )
            )
    return problems
