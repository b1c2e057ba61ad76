"""Detection on a bounded sample of records, quotes respected: Excel's ``sep=`` line, the
delimiter, the header's line below title rows, the header's own record (a stray quote in it
included) and its names, deduplicated.

pandas' sniffing is not used: it splits one-column files on letters.
"""

from __future__ import annotations

import csv
import functools
import io
import re

import numpy as np

from data.reading.table import MAX_FILE_BYTES, SAMPLE_BYTES

DELIMITERS = (",", ";", "\t", "|")

# The csv module (detection sample, odd files) refuses fields over 128 KiB by default.
csv.field_size_limit(MAX_FILE_BYTES)


def sep_line(text: str) -> str | None:
    """The delimiter named by Excel's ``sep=;`` first line, or None."""
    newline = text.find("\n")
    first = text[: newline if newline >= 0 else None].strip().strip('"')  # split would copy
    if first.lower().startswith("sep=") and len(first) == 5:
        return first[4]
    return None


def sample_records(text: str, delimiter: str, limit: int = 200) -> list[tuple[int, list[str]]]:
    """(start line, fields) of the first records of a sample, quotes respected."""
    sample = text[:SAMPLE_BYTES]
    if len(text) > SAMPLE_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, strict=False)
    out, previous = [], 0
    try:
        for fields in reader:
            out.append((previous + 1, fields))
            previous = reader.line_num
            if len(out) >= limit:
                break
    except csv.Error:  # a field larger than the csv module's limit: the sample says enough
        pass
    return out


def filled_width(fields: list[str]) -> int:
    """Fields up to the last non-empty one (trailing empty cells do not make a column)."""
    n = len(fields)
    while n and not fields[n - 1].strip():
        n -= 1
    return n


def choose_delimiter(text: str) -> str:
    """The candidate that splits a sample of records (quotes respected) into the most consistent
    number of fields above one (title rows above the header do not count against it); ``,``
    for a one-column file. Between two near-equal candidates, one whose reading of the sample
    is well-formed RFC 4180 wins over one that leaves a quote open (``0,";;"`` then ``,``: the
    ``;`` reading swallows the rest into one quoted field) or finds quotes inside unquoted
    fields (``0;","`` then ``;",0"``: two records of two fields with ``;``, one of three with
    ``,``, its first field ``0;"``)."""
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        if delim not in text[:SAMPLE_BYTES]:
            continue
        rows = [f for _, f in sample_records(text, delim) if filled_width(f)]
        counts = np.fromiter(map(len, rows), np.int64, count=len(rows))
        wide = counts[counts >= 2]
        if len(wide) == 0:
            continue
        mode = int(np.bincount(wide).argmax())
        score = float((counts == mode).mean()) + 0.001 * min(mode, 50)
        if not _sample_well_formed(text, delim):
            score -= 0.005  # a tie-break only: a file with a real stray quote keeps its delimiter
        if score >= 0.5 and score > best_score:
            best, best_score = delim, score
    return best


def _sample_well_formed(text: str, delimiter: str) -> bool:
    """Whether the sample's whole lines are RFC 4180 records with ``delimiter``: every field
    either quoted (quotes inside doubled, closing at the field's end) or free of quotes. A quote
    inside an unquoted field (``0;"`` read with ``,``) or one that never closes makes it not."""
    sample = text[:SAMPLE_BYTES]
    if '"' not in sample:  # every field free of quotes: well-formed, without the regex's pass
        return True
    if len(text) > SAMPLE_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    return _records_pattern(delimiter).fullmatch(sample) is not None


@functools.cache
def _records_pattern(delimiter: str) -> re.Pattern[str]:
    """Records of RFC 4180 fields separated by ``delimiter``, each record ending in a line end
    (the last may not). Linear: a quoted field's end is unambiguous."""
    d = re.escape(delimiter)
    field = f'(?:"(?:[^"]|"")*"|[^"{d}\r\n]*)'
    record = f"{field}(?:{d}{field})*"
    return re.compile(f"(?:{record}(?:\r?\n|\r))*(?:{record})?")


def find_header_line(records: list[tuple[int, list[str]]]) -> int:
    """The line of the header: the first non-blank record, after leading title or preamble rows
    (up to ten records at most half as wide as the table's usual row)."""
    widths = [(line, filled_width(f)) for line, f in records if filled_width(f)]
    if not widths:
        return 1
    mode = int(np.bincount(np.array([w for _, w in widths[1:] or widths])).argmax())
    for line, w in widths[:10]:
        if w >= mode or w > max(1, mode // 2):
            return line
    return widths[0][0]


def dedupe_headers(headers: list[str]) -> list[str]:
    """Blank headers get a name, duplicates (ignoring case and outer spaces) a number."""
    seen: dict[str, int] = {}
    out = []
    for i, header in enumerate(headers):
        name = header.replace("\ufeff", "").strip() or f"column {i + 1}"
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        while seen[key] > 1 and f"{name} ({seen[key]})".lower() in seen:
            seen[key] += 1
        out.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
        if seen[key] > 1:
            seen[out[-1].lower()] = 1
    return out


def split_line(line: str, delimiter: str) -> list[str]:
    """One physical line's fields, an unclosed quote ending at the end of the line."""
    return next(csv.reader([line], delimiter=delimiter, strict=False), [])


def well_formed(record: str, delimiter: str) -> bool:
    """Whether ``record`` (a record's text, over one or more lines) is one well-formed RFC 4180
    record: every quote that opens a field closes at a field's end (before a delimiter, a line
    end or the text's end), with doubled quotes inside. A quote that never closes, or one that
    closes with text after it in the same field, makes it malformed."""
    try:
        rows = list(csv.reader(io.StringIO(record), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return len(rows) == 1


def first_record_end(data: bytes) -> int:
    """Offset just past the first record (the header): its first newline outside quotes."""
    pos, quotes = 0, 0
    while True:
        newline = data.find(b"\n", pos)
        if newline < 0:
            return len(data)
        quotes += data.count(b'"', pos, newline)
        if quotes % 2 == 0:
            return newline + 1
        pos = newline + 1


def header_record(data: bytes, delimiter: str) -> tuple[int, list[str]]:
    """The first record of UTF-8 text (the header): the offset just past it and its fields."""
    end = first_record_end(data)
    text = data[:end].decode("utf-8")
    return end, next(csv.reader(io.StringIO(text), delimiter=delimiter, strict=False), [])


def stray_quote_in_header(
    data: bytes, header_end: int, header: list[str], delimiter: str
) -> tuple[int, list[str]] | None:
    """A header record that spans lines while its first line alone has the fields of the rows
    below it: a stray quote in the header, not a quoted line break. Returns the first line's
    end and its fields, or None."""
    first_end = data.find(b"\n") + 1
    if first_end <= 0 or header_end <= first_end:
        return None
    line = data[: first_end - 1].decode("utf-8")
    first = split_line(line, delimiter)
    # The rows: after the header record, or (a quote that never closes swallowed them all)
    # after the first line.
    start = header_end if data[header_end:].strip() else first_end
    below = data[start : start + SAMPLE_BYTES].decode("utf-8", errors="replace")
    widths = [len(split_line(row, delimiter)) for row in below.split("\n")[:50] if row.strip()]
    usual = max(set(widths), key=widths.count) if widths else 0
    if usual < 2:
        return None
    inside = data[first_end:header_end].decode("utf-8", errors="replace").split("\n")
    swallowed = [row for row in inside if row.strip()]
    rows_inside = bool(swallowed) and all(
        len(split_line(row, delimiter)) == usual for row in swallowed[:50]
    )
    if len(first) != usual:
        # The stray quote hides the delimiters after it: split the line on every delimiter.
        first = [cell.strip().strip('"') for cell in line.split(delimiter)]
    # A quoted header cell over several lines closes at the end of its field; a stray quote
    # that swallowed rows does not (it runs to the file's end, or to some later quote).
    closed = data[:header_end].rstrip(b"\n").endswith(b'"')
    if len(first) == usual and (len(header) != usual or (rows_inside and not closed)):
        return first_end, first
    return None


def quote_field(line: str, delimiter: str) -> int:
    """0-based index of the field where a quote opens and is not closed on ``line`` (else 0)."""
    inside, field_no, at_start, opened = False, 0, True, 0
    for ch in line:
        if ch == '"' and (inside or at_start):
            inside = not inside
            opened = field_no
        elif ch == delimiter and not inside:
            field_no += 1
            at_start = True
            continue
        at_start = False
    return opened if inside else 0
