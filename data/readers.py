"""Read delimited text files into string tables that remember each record's line in its file.

The reader never writes to its input and never fetches a URL. It decides the encoding and the
delimiter itself (pandas' sniffing splits one-column files on letters), finds record boundaries
with a vectorised quote-parity pass so every row knows its 1-based line (header = line 1), and
accounts for every record: rows read plus records reported unread equal the records in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data.report import FileReport, LoadError, Problem

LINE_COLUMN = "__line__"  # 1-based line of each record in its file
FILE_COLUMN = "__file__"

MAX_FILE_BYTES = 2 * 1024**3
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 256 * 1024

# First bytes of formats that are not delimited text.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (an .xlsx workbook is one)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


@dataclass
class RawTable:
    """A file's records as strings: ``frame`` has the header's columns plus the line column."""

    frame: pd.DataFrame
    report: FileReport
    problems: list[Problem] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c for c in self.frame.columns if c not in (LINE_COLUMN, FILE_COLUMN)]


_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def _read_bytes(path: Path, name: str) -> bytes:
    if _URL.match(name) and not path.exists():
        raise LoadError(
            f"{name}: looks like a URL; Slipline opens local files only and fetches nothing"
        )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{name}: no such file") from None
    except OSError as exc:
        raise LoadError(f"{name}: cannot be opened ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{name}: is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise LoadError(f"{name}: is {info.st_size / 1024**3:.1f} GiB, more than Slipline reads")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise LoadError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _decode(raw: bytes, name: str) -> tuple[str, str, list[Problem]]:
    """Decode by the BOM, else as strict UTF-8, else as cp1252 (saying where UTF-8 broke)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{name}: starts with a {encoding} mark but is not {encoding} "
                    f"(bad bytes at offset {exc.start})"
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = Problem(
            name,
            line,
            None,
            None,
            f"not valid UTF-8 (byte offset {exc.start}); the file was read as cp1252",
        )
        return raw.decode("cp1252", errors="replace"), "cp1252", [problem]


def _choose_delimiter(text: str) -> str:
    """The candidate that splits a sample of records (quotes respected) into the most consistent
    number of fields above one; ``,`` for a one-column file."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", 0.0
    for delim in _DELIMITERS:
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if r][:200]
        if not rows:
            continue
        counts = np.fromiter(map(len, rows), np.int64, count=len(rows))
        mode = int(np.bincount(counts).argmax())
        if mode < 2:
            continue
        score = float((counts == mode).mean()) + 0.001 * min(mode, 50)
        if score > best_score:
            best, best_score = delim, score
    return best


def _record_start_lines(text: str) -> np.ndarray:
    """1-based line of every record start, found by quote parity (vectorised)."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    if len(newlines) == 0:
        return np.array([1], dtype=np.int64)
    quotes_before = np.cumsum(data == 34)[newlines]
    ends = np.flatnonzero(quotes_before % 2 == 0)  # indices into newlines
    starts = np.concatenate([[1], ends + 2]).astype(np.int64)
    if newlines[-1] == len(data) - 1 and len(ends) and ends[-1] == len(newlines) - 1:
        starts = starts[:-1]  # the text ends with a newline: no record after it
    return starts


def _dedupe_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, header in enumerate(headers):
        name = header.strip().replace("\ufeff", "") or f"column {i + 1}"
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        out.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
    return out


def read_table(path: str | os.PathLike[str], display_name: str | None = None) -> RawTable:
    """Read one delimited file into a :class:`RawTable` (raises :class:`LoadError`)."""
    name = display_name or os.fspath(path)
    path = Path(path)
    raw = _read_bytes(path, name)
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise LoadError(f"{name}: is {what}, not a CSV or text table")
    if not raw.strip():
        raise LoadError(f"{name}: is empty")
    text, encoding, problems = _decode(raw, name)
    if "\x00" in text[:_SNIFF_CHARS]:
        raise LoadError(f"{name}: contains NUL bytes: a binary file, not a CSV or text table")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    skipped = 0
    first = text.split("\n", 1)[0]
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skipped = 1
    else:
        delimiter = _choose_delimiter(text)
    report = FileReport(path=name, encoding=encoding, delimiter=delimiter)

    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=False))
    lines = _record_start_lines(text)
    if len(lines) != len(rows):  # quotes the parity pass cannot follow: count line by line
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
        starts, previous = [], 0
        for _row in reader:
            starts.append(previous + 1)
            previous = reader.line_num
        lines = np.asarray(starts, dtype=np.int64)
    lines = lines + skipped
    nonblank = np.fromiter(
        (len(r) > 0 and any(c.strip() for c in r) for r in rows), bool, count=len(rows)
    )
    rows = [r for r, keep in zip(rows, nonblank, strict=True) if keep]
    lines = lines[nonblank]
    if not rows:
        raise LoadError(f"{name}: has no header row")
    headers = _dedupe_headers(rows[0])
    body, body_lines = rows[1:], lines[1:]
    report.records = len(body)
    if not body:
        raise LoadError(f"{name}: has a header but no data rows")

    width = len(headers)
    lengths = np.fromiter(map(len, body), np.int64, count=len(body))
    for k in np.flatnonzero(lengths != width):
        n = int(lengths[k])
        extra = body[k][width:]
        if n > width and not any(c.strip() for c in extra):
            body[k] = body[k][:width]  # trailing empty fields: harmless
            continue
        # The problem names a column (the first missing or extra field), so problems without a
        # column stay exactly the records that could not be read at all.
        column = headers[n] if n < width else f"(field {width + 1})"
        problems.append(
            Problem(
                name,
                int(body_lines[k]),
                column,
                None,
                f"{n} fields where the header has {width}; "
                + ("the extra fields were ignored" if n > width else "the missing cells are empty"),
            )
        )
        body[k] = (body[k] + [""] * width)[:width]
    frame = pd.DataFrame(body, columns=headers, dtype=object)
    frame[LINE_COLUMN] = body_lines
    frame[FILE_COLUMN] = name
    report.rows = len(frame)
    return RawTable(frame=frame, report=report, problems=problems)
