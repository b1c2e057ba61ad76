"""The careful reader of a delimited body: the csv module, record by record. It reads what the
fast readers cannot follow, and above all a stray unbalanced quote: pandas and the csv module
would merge the lines after it silently into one record.

The rule: the standard (RFC 4180) reading is kept whenever the record is well-formed. A record
over several lines whose quote never closes, or closes with text after it in the same field, is
malformed: it is split back into its physical lines, each read on its own, and the quote is
reported, so every line is accounted for. A well-formed quoted cell whose continuation lines
would each parse as a whole record is kept whole (a long description with line breaks is
common) and reported as a possible stray quote, naming its lines, so the analyst can check.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from data.reading.records import SWALLOWED_SPAN, Parsed, closes_at_field_end, row_like
from data.reading.sniff import quote_field, split_line, well_formed
from data.report import Problem


def _records(text: str, delimiter: str) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Records by the csv module with their first line and the physical lines they span."""
    rows: list[list[str]] = []
    starts, spans = [], []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    previous = 0
    for fields in reader:
        rows.append(fields)
        starts.append(previous + 1)
        spans.append(reader.line_num - previous)
        previous = reader.line_num
    return rows, np.asarray(starts, dtype=np.int64), np.asarray(spans, dtype=np.int64)


def _swallowed(continuation: list[str], span: int, width: int, delimiter: str) -> bool:
    """Whether a record of ``span`` lines has continuation lines (after its first) that all look
    like rows of the table: a stray quote that swallowed them, even when the record's field
    count matches."""
    counts = np.fromiter((line.count(delimiter) for line in continuation), np.int64)
    return (
        width >= 2
        and span > SWALLOWED_SPAN.get(width, 1)
        and bool(row_like(counts, width).all())
        and not (width == 2 and closes_at_field_end(continuation[-1], delimiter))
    )


def read_line_by_line(
    text: str, headers: list[str], delimiter: str, name: str, header_line: int
) -> Parsed:
    """Records by the csv module; a malformed record over several lines (an unbalanced quote
    swallowed them) is split back into its physical lines, each read on its own, and the quote
    is reported; a well-formed one that looks like swallowed rows is kept and reported.

    ``header_line`` is the file's line just above ``text``."""
    width = len(headers)
    rows, starts, spans = _records(text, delimiter)
    problems: list[Problem] = []
    physical = text.split("\n")
    out_rows: list[list[str]] = []
    out_lines: list[int] = []
    for fields, start, span in zip(rows, starts.tolist(), spans.tolist(), strict=True):
        lines = physical[start - 1 : start - 1 + span]
        if span <= 1 or well_formed("\n".join(lines), delimiter):
            out_rows.append(fields)
            out_lines.append(start)
            if span > 1 and _swallowed(lines[1:], span, width, delimiter):
                # Well-formed, but its lines look like rows: said, not split.
                column = _column(lines[0], headers, delimiter)
                problems.append(
                    possible_stray_quote(column, lines[0], name, start + header_line, span)
                )
            continue
        problems.append(_stray_quote(lines[0], headers, delimiter, name, start + header_line, span))
        for i, line in enumerate(lines):
            out_rows.append(split_line(line, delimiter))
            out_lines.append(start + i)
    return _parsed(out_rows, out_lines, width, problems, delimiter)


def _column(opening: str, headers: list[str], delimiter: str) -> str:
    """The column of the field whose quote opens on ``opening`` and stays open."""
    index = quote_field(opening, delimiter)
    return headers[index] if index < len(headers) else f"(field {index + 1})"


def _stray_quote(
    opening: str, headers: list[str], delimiter: str, name: str, first: int, span: int
) -> Problem:
    """The problem of a stray quote on line ``first`` (``opening``) that merged ``span`` lines."""
    last = first + span - 1
    return Problem(
        name,
        first,
        _column(opening, headers, delimiter),
        opening[:200],
        f"an unbalanced quote here would merge lines {first}–{last} into one record; "
        f"each of the {span} lines was read on its own",
    )


def possible_stray_quote(column: str, opening: str, name: str, first: int, span: int) -> Problem:
    """The note on a well-formed quoted cell over ``span`` lines from ``first`` whose lines each
    look like a record: kept whole, as the standard reading has it."""
    return Problem(
        name,
        first,
        column,
        opening[:200],
        f"possible stray quote: {span} lines in one cell (lines {first}–{first + span - 1}), "
        "each shaped like a row; the quoting is well-formed, so they were read as one record",
    )


def _parsed(
    rows: list[list[str]], lines: list[int], width: int, problems: list[Problem], delimiter: str
) -> Parsed:
    """The rows padded to one width as object columns, with their field counts and blanks (every
    cell only spaces, tabs, quotes, line breaks or delimiters, as the fast readers judge them)."""
    widths = np.fromiter(map(len, rows), np.int64, count=len(rows))
    columns = max(width, int(widths.max()) if len(widths) else width)
    padded = [r + [""] * (columns - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=list(range(columns)), dtype=object)
    filler = f' \t"\n{delimiter}'
    blank = np.fromiter((not any(c.strip(filler) for c in r) for r in rows), bool, len(rows))
    return Parsed(frame, widths, np.asarray(lines, dtype=np.int64), blank, problems)
