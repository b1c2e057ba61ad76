"""The careful reader of a delimited body: the csv module, record by record. It reads what the
fast readers cannot follow, and above all a stray unbalanced quote: pandas and the csv module
would merge the lines after it silently into one record. Such a record is split back into its
physical lines, each read on its own, and the quote is reported, so every line is accounted for.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from data.reading.records import SWALLOWED_SPAN, Parsed, closes_at_field_end, row_like
from data.reading.sniff import quote_field, split_line
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
    text: str, headers: list[str], delimiter: str, name: str, header_line: int, unterminated: bool
) -> Parsed:
    """Records by the csv module; a record that swallowed lines through an unbalanced quote is
    split back into its physical lines, each read on its own, and the quote is reported.

    ``header_line`` is the file's line just above ``text``; ``unterminated`` says the text's
    quotes are odd (its last quote never closes)."""
    width = len(headers)
    rows, starts, spans = _records(text, delimiter)
    problems: list[Problem] = []
    physical = text.split("\n")
    out_rows: list[list[str]] = []
    out_lines: list[int] = []
    for k, (fields, start, span) in enumerate(
        zip(rows, starts.tolist(), spans.tolist(), strict=True)
    ):
        last_record = k == len(rows) - 1
        swallowed = _swallowed(physical[start : start - 1 + span], span, width, delimiter)
        if span <= 1 or (
            len(fields) == width and not (last_record and unterminated) and not swallowed
        ):
            out_rows.append(fields)
            out_lines.append(start)
            continue
        opening = physical[start - 1]
        problems.append(_stray_quote(opening, headers, delimiter, name, start + header_line, span))
        for i, line in enumerate(physical[start - 1 : start - 1 + span]):
            out_rows.append(split_line(line, delimiter))
            out_lines.append(start + i)
    return _parsed(out_rows, out_lines, width, problems)


def _stray_quote(
    opening: str, headers: list[str], delimiter: str, name: str, first: int, span: int
) -> Problem:
    """The problem of a stray quote on line ``first`` (``opening``) that merged ``span`` lines."""
    width = len(headers)
    index = quote_field(opening, delimiter)
    column = headers[index] if index < width else f"(field {index + 1})"
    last = first + span - 1
    return Problem(
        name,
        first,
        column,
        opening[:200],
        f"an unbalanced quote here would merge lines {first}–{last} into one record; "
        f"each of the {span} lines was read on its own",
    )


def _parsed(rows: list[list[str]], lines: list[int], width: int, problems: list[Problem]) -> Parsed:
    """The rows padded to one width as object columns, with their field counts and blanks."""
    widths = np.fromiter(map(len, rows), np.int64, count=len(rows))
    columns = max(width, int(widths.max()) if len(widths) else width)
    padded = [r + [""] * (columns - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=list(range(columns)), dtype=object)
    blank = np.fromiter((not any(c.strip() for c in r) for r in rows), bool, len(rows))
    return Parsed(frame, widths, np.asarray(lines, dtype=np.int64), blank, problems)
