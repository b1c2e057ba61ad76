"""Read delimited text and .xlsx files into string tables that remember each record's line.

The reader never writes to its input and never fetches a URL. It refuses what is not a table
from the first bytes (images, PDF, archives, gzip), reads a workbook as a workbook even when it is
named ``.csv``, and decides the rest itself on a bounded sample (pandas' sniffing splits
one-column files on letters): the encoding (BOM, strict UTF-8, UTF-16 without BOM, else cp1252 —
saying which), the delimiter, Excel's ``sep=`` line and title rows above the header.

Records are found with a vectorised quote-parity pass, so every row knows its 1-based line (header
= line 1). The cells are read by pyarrow's multi-threaded reader into categorical columns, in
pieces (progress and cancel between pieces), checked record by record against the parity pass;
a file it reads differently (ragged rows, quotes inside fields) goes to pandas' C parser, in
chunks. Every record is accounted for: rows read plus records reported unread equal the records
in the file. A stray unbalanced quote that would swallow the lines after it (pandas and the csv
module merge them silently into one record) is caught by comparing the records with the physical
lines, and the swallowed lines are read one by one and reported. Files whose quoting the parity
pass cannot follow are read by the csv module, line by line, with the same accounting.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data.distinct import per_distinct
from data.report import FileReport, LoadCancelled, LoadError, Problem

LINE_COLUMN = "__line__"  # 1-based line of each record in its file
FILE_COLUMN = "__file__"

MAX_FILE_BYTES = 2 * 1024**3
_DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 256 * 1024  # detection never looks further than this
CHUNK_ROWS = 100_000

# The csv module (detection sample, odd files) refuses fields over 128 KiB by default.
csv.field_size_limit(MAX_FILE_BYTES)

Progress = Callable[[int, int], None]  # (bytes done, bytes total) of the current file
ShouldCancel = Callable[[], bool]

# First bytes of formats that are not delimited text. A zip is looked into: an .xlsx is read.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"BZh", "a bzip2-compressed file (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document (.xls); save it as .xlsx or CSV"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class RawTable:
    """A file's records as strings: ``frame`` has the header's columns plus the line column."""

    frame: pd.DataFrame
    report: FileReport
    problems: list[Problem] = field(default_factory=list)
    mtime: float | None = None  # the file's modification time (a plan's "as exported" day)

    @property
    def headers(self) -> list[str]:
        return [c for c in self.frame.columns if c not in (LINE_COLUMN, FILE_COLUMN)]


# A scheme of two letters or more (``C:\`` is a drive): http://, file://, ftp:, javascript:…
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:(//|[^\\/])")


def _check_path(path: Path, name: str, given: str) -> os.stat_result:
    """Refuse URLs, missing files, folders and non-regular files; return the file's status."""
    if _URL.match(given) and not path.exists():
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
        # A FIFO or a device (/dev/zero) would block or never end: never opened.
        raise LoadError(f"{name}: is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_FILE_BYTES:
        raise LoadError(f"{name}: is {info.st_size / 1024**3:.1f} GiB, more than Slipline reads")
    return info


def _read_bytes(path: Path, name: str, given: str, limit: int | None = None) -> tuple[bytes, float]:
    info = _check_path(path, name, given)
    try:
        with open(path, "rb") as handle:  # read-only: input files are never written
            # read() without a size sizes its buffer from the file once (a size hint of 2 GiB
            # would be allocated and then shrunk: twice the file in peak memory).
            data = handle.read(limit) if limit else handle.read()
            return data, info.st_mtime
    except OSError as exc:
        raise LoadError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the sample's zero bytes sit on one parity only (ASCII-heavy
    UTF-16 text, as Excel and PowerShell write it without a mark)."""
    sample = sample[: 4096 & ~1]
    if len(sample) < 4:
        return None
    arr = np.frombuffer(sample, dtype=np.uint8)
    even, odd = arr[0::2] == 0, arr[1::2] == 0
    if odd.mean() > 0.3 and even.mean() < 0.02:
        return "utf-16-le"
    if even.mean() > 0.3 and odd.mean() < 0.02:
        return "utf-16-be"
    return None


@dataclass
class _Decoded:
    text: str
    encoding: str
    notes: list[str]
    bad_utf8: bool = False  # UTF-8 with invalid bytes, shown as U+FFFD and reported per cell
    utf8: bytes | None = None  # the text's own UTF-8 bytes when the file is valid UTF-8


def _decode(raw: bytes, name: str) -> _Decoded:
    """Decode by the BOM, else UTF-16 by its zero bytes, else strict UTF-8, else cp1252.

    A file that is UTF-8 with a few broken bytes stays UTF-8 (the bytes become U+FFFD and each
    cell is reported) instead of turning every accent into mojibake; a file whose non-ASCII bytes
    are mostly not UTF-8 is cp1252 (Excel's "CSV" on Western Windows), and the report says so.
    """
    for bom, encoding, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                utf8 = raw[len(bom) :] if label == "utf-8-sig" else None
                return _Decoded(raw.decode(encoding), label, [], utf8=utf8)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{name}: starts with a {label} mark but is not {label} "
                    f"(bad bytes at offset {exc.start})"
                ) from None
    utf16 = _utf16_without_bom(raw[:SAMPLE_BYTES])
    if utf16 is not None:
        try:
            return _Decoded(raw.decode(utf16), utf16, ["UTF-16 text without a byte-order mark"])
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: a binary file is refused by the NUL check below
    try:
        return _Decoded(raw.decode("utf-8"), "utf-8", [], utf8=raw)
    except UnicodeDecodeError as exc:
        first_line = raw.count(b"\n", 0, exc.start) + 1
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    # Extra bytes beyond one per character come from multi-byte sequences: valid UTF-8 text.
    multibyte = len(raw) - len(text)
    if multibyte > 0 and multibyte >= bad:
        note = (
            f"UTF-8 with {bad} invalid byte sequence(s), the first on line {first_line}; "
            "they are shown as � and reported"
        )
        return _Decoded(text, "utf-8", [note], bad_utf8=True)
    note = f"not UTF-8 (first non-UTF-8 byte on line {first_line}): read as cp1252"
    try:
        return _Decoded(raw.decode("cp1252"), "cp1252", [note])
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined (0x81, 0x8D, …): Latin-1 maps every byte.
        return _Decoded(raw.decode("latin-1"), "latin-1", [note.replace("cp1252", "latin-1")])


def _sample_records(text: str, delimiter: str, limit: int = 200) -> list[tuple[int, list[str]]]:
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


def _width(fields: list[str]) -> int:
    """Fields up to the last non-empty one (trailing empty cells do not make a column)."""
    n = len(fields)
    while n and not fields[n - 1].strip():
        n -= 1
    return n


def _choose_delimiter(text: str) -> str:
    """The candidate that splits a sample of records (quotes respected) into the most consistent
    number of fields above one (title rows above the header do not count against it); ``,``
    for a one-column file."""
    best, best_score = ",", 0.0
    for delim in _DELIMITERS:
        if delim not in text[:SAMPLE_BYTES]:
            continue
        rows = [f for _, f in _sample_records(text, delim) if _width(f)]
        counts = np.fromiter(map(len, rows), np.int64, count=len(rows))
        wide = counts[counts >= 2]
        if len(wide) == 0:
            continue
        mode = int(np.bincount(wide).argmax())
        score = float((counts == mode).mean()) + 0.001 * min(mode, 50)
        if score >= 0.5 and score > best_score:
            best, best_score = delim, score
    return best


def _header_line(records: list[tuple[int, list[str]]]) -> int:
    """The line of the header: the first non-blank record, after leading title or preamble rows
    (up to ten records at most half as wide as the table's usual row)."""
    widths = [(line, _width(f)) for line, f in records if _width(f)]
    if not widths:
        return 1
    mode = int(np.bincount(np.array([w for _, w in widths[1:] or widths])).argmax())
    for line, w in widths[:10]:
        if w >= mode or w > max(1, mode // 2):
            return line
    return widths[0][0]


def _dedupe_headers(headers: list[str]) -> list[str]:
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


def _stray_quote_in_header(
    data: bytes, header_end: int, header: list[str], delimiter: str
) -> tuple[int, list[str]] | None:
    """A header record that spans lines while its first line alone has the fields of the rows
    below it: a stray quote in the header, not a quoted line break. Returns the first line's
    end and its fields, or None."""
    first_end = data.find(b"\n") + 1
    if first_end <= 0 or header_end <= first_end:
        return None
    line = data[: first_end - 1].decode("utf-8")
    first = _split_line(line, delimiter)
    # The rows: after the header record, or (a quote that never closes swallowed them all)
    # after the first line.
    start = header_end if data[header_end:].strip() else first_end
    below = data[start : start + SAMPLE_BYTES].decode("utf-8", errors="replace")
    widths = [len(_split_line(row, delimiter)) for row in below.split("\n")[:50] if row.strip()]
    usual = max(set(widths), key=widths.count) if widths else 0
    if usual < 2:
        return None
    inside = data[first_end:header_end].decode("utf-8", errors="replace").split("\n")
    swallowed = [row for row in inside if row.strip()]
    rows_inside = bool(swallowed) and all(
        len(_split_line(row, delimiter)) == usual for row in swallowed[:50]
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


def _first_record_end(data: bytes) -> int:
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


def _row_like(delimiters: np.ndarray, width: int) -> np.ndarray:
    """Whether physical lines with these delimiter counts look like whole rows of a table of
    ``width`` columns. Two columns need exactly one delimiter (a line of text with a comma in a
    quoted note has one too, so two-column records also need several such lines: see
    ``_SWALLOWED_SPAN``)."""
    if width == 2:
        return delimiters == 1
    return delimiters >= width - 1


# A record must span more physical lines than this, per table width, before row-like
# continuation lines mark a stray quote (default 1). A quoted two-column note over two lines
# with a comma is common; a stray quote that swallowed rows usually swallows several.
_SWALLOWED_SPAN = {2: 2}


class _Segments:
    """Records of a text by quote parity: byte spans, first line, physical lines, field count.

    Every step searches the sparse positions (newlines, quotes) in the dense ones or the other
    way round so that the number of searches is the smaller count: a million records with seven
    delimiters each cost a million searches, not seven million.
    """

    def __init__(self, buf: np.ndarray, delimiter: str) -> None:
        n = len(buf)
        newlines = np.flatnonzero(buf == 10)
        quotes = np.flatnonzero(buf == 34)
        self._buf, self._delimiter, self.quotes = buf, delimiter, quotes
        self.odd_quotes = len(quotes) % 2 == 1
        if len(quotes):
            ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        else:
            ends = newlines
        if len(ends) == 0 or ends[-1] != n - 1:  # the text ends inside quotes
            ends = np.append(ends, n - 1)
        self.ends = ends
        self.starts = np.concatenate([[0], ends[:-1] + 1])
        if np.array_equal(ends, newlines):  # no record spans lines: the common case, no search
            self.lines = np.arange(1, len(ends) + 1, dtype=np.int64)
            self.spans = np.ones(len(ends), dtype=np.int64)
        else:
            first = np.searchsorted(newlines, self.starts)  # newlines before the start
            self.lines = first + 1
            self.spans = np.searchsorted(newlines, ends) - first + 1  # physical lines
        self.lengths = ends - self.starts  # bytes before the newline
        self.newlines = newlines

    @functools.cached_property
    def _delims(self) -> np.ndarray:
        return np.flatnonzero(self._buf == ord(self._delimiter))

    @functools.cached_property
    def fields(self) -> np.ndarray:
        """Fields of each record: its delimiters, minus those inside quoted stretches (between
        an opening quote and its closing one; a doubled quote inside a field opens and closes an
        empty one), plus one. Computed when asked: pyarrow checks a clean file's rows itself."""
        delims, quotes, ends = self._delims, self.quotes, self.ends
        per_record = np.diff(np.searchsorted(delims, ends, side="right"), prepend=0)
        if len(quotes):
            opens = quotes[0::2]
            closes = np.append(quotes[1::2], len(self._buf))[: len(opens)]
            inside = np.searchsorted(delims, closes) - np.searchsorted(delims, opens)
            owner = np.searchsorted(ends, opens)
            per_record = per_record - np.bincount(owner, weights=inside, minlength=len(ends))[
                : len(ends)
            ].astype(np.int64)
        return per_record + np.int64(1)

    def swallowed(self, width: int) -> np.ndarray:
        """Records whose continuation lines all look like rows (:func:`_row_like`): the mark
        of a stray quote that swallowed rows while the field count still matches."""
        out = np.zeros(len(self), dtype=bool)
        multi = self.spans > _SWALLOWED_SPAN.get(width, 1)
        if width < 2 or not multi.any():
            return out
        n_lines = len(self.newlines) + 1
        line_ends = np.append(self.newlines, np.iinfo(np.int64).max)
        per_line = np.diff(np.searchsorted(self._delims, line_ends), prepend=0)[:n_lines]
        row_like = _row_like(per_line, width)
        row_like[self.lines - 1] = True  # a record's own first line does not count
        firsts = (self.lines - 1).astype(np.int64)
        out[:] = np.minimum.reduceat(row_like, firsts) & multi
        if width == 2 and out.any():
            # A quoted note closes at its field's end; the quote that ends a stray quote's
            # stretch is usually a later field's opening quote, followed by text.
            at = np.flatnonzero(out)
            last_line = self.newlines[self.lines[at] + self.spans[at] - 3] + 1
            closing = self.quotes[
                np.minimum(np.searchsorted(self.quotes, last_line), len(self.quotes) - 1)
            ]
            after = self._buf[np.minimum(closing + 1, len(self._buf) - 1)]
            ends_field = np.isin(after, np.frombuffer(f'\n"{self._delimiter}'.encode(), np.uint8))
            out[at[ends_field | (closing < last_line)]] = False
        return out

    def __len__(self) -> int:
        return len(self.ends)


# A parsed body: cells (columns 0..n-1), each row's field count, its line in the body text and
# whether it is blank (only delimiters, spaces and quotes: not a record).
_Parsed = tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]

PIECE_BYTES = 16 * 1024 * 1024  # pyarrow reads this much at a time (progress and cancel between)


def _arrow_parse(
    data: bytes,
    seg: _Segments,
    width: int,
    delimiter: str,
    on_piece: Callable[[int], None],
    chunk_rows: int,
) -> _Parsed | None:
    """The records by pyarrow's CSV reader, as categorical columns; None when it cannot read
    them as the parity pass found them (ragged rows, quotes it reads differently).

    Why pyarrow: its reader parses on every core and dictionary-encodes each column as it goes,
    so a million rows arrive as integer codes and their distinct strings instead of a million
    Python strings per column: about twice as fast as pandas' C parser here, a fraction of the
    memory, and the ledger's per-distinct-value work (dates, statuses, trimming) needs the codes
    anyway. Records are cut into pieces of ``chunk_rows`` records (at most ``PIECE_BYTES``) on
    record boundaries, so progress and cancel are polled between pieces.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # an install without it: pandas' C parser reads instead
        return None
    rows = seg.lengths > 0  # empty lines are skipped by pyarrow, and are not records
    if not rows.any() or len(delimiter.encode()) != 1 or data[:3] == codecs.BOM_UTF8:
        return None  # pyarrow takes one-byte delimiters only, and drops a leading BOM
    # Every row must have the header's fields: pyarrow refuses a file with any other row
    # (ragged rows, extra fields), and the C parser reads those and reports them.
    names = [f"c{k}" for k in range(width)]
    longest = int(seg.lengths.max())
    options = (
        # A block must hold the longest record (pyarrow refuses a record straddling blocks).
        pacsv.ReadOptions(
            column_names=names, use_threads=True, block_size=max(1 << 20, 2 * longest + 2)
        ),
        pacsv.ParseOptions(
            delimiter=delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=True,
        ),
        pacsv.ConvertOptions(
            column_types={n: pa.dictionary(pa.int32(), pa.string()) for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,  # decoded once already
        ),
    )
    buffer = pa.py_buffer(data)
    cuts = np.union1d(
        np.searchsorted(seg.ends, np.arange(PIECE_BYTES, len(data), PIECE_BYTES)),
        np.arange(chunk_rows - 1, len(seg), chunk_rows),
    )
    starts = (seg.ends[cuts[cuts < len(seg) - 1]] + 1).tolist()
    # pyarrow drops a byte-order mark at the start of a piece: never cut in front of one.
    starts = [k for k in starts if data[k : k + 3] != codecs.BOM_UTF8]
    bounds = [0, *starts, len(data)]
    tables = []
    try:
        for begin, end in itertools.pairwise(bounds):
            piece = pa.BufferReader(buffer.slice(begin, end - begin))
            tables.append(pacsv.read_csv(piece, *options))
            on_piece(end - 1)
        table = pa.concat_tables(tables).unify_dictionaries()
    except (pa.ArrowException, ValueError):
        return None
    del tables
    if table.num_rows != int(rows.sum()):
        return None
    frame = pd.DataFrame(
        {k: _categorical(table.column(name).combine_chunks()) for k, name in enumerate(names)}
    )
    del table
    pa.default_memory_pool().release_unused()  # the pieces' buffers, back to the system
    # The same records as the parity pass, not just as many: each row's cells hold one line
    # break fewer than the lines its record spans (a quote inside a field, which pyarrow takes
    # literally and the parity pass does not, would shift them).
    if len(seg.quotes) and not (_line_breaks(frame) == seg.spans[rows] - 1).all():
        return None
    fields = np.full(len(frame), width, dtype=np.int64)
    return frame, fields, seg.lines[rows], _blank_rows(frame, delimiter)


def _line_breaks(frame: pd.DataFrame) -> np.ndarray:
    """Line breaks inside each row's cells."""
    total = np.zeros(len(frame), dtype=np.int64)
    for k in frame.columns:
        total += per_distinct(frame[k], lambda v: v.count("\n"))
    return total


def _categorical(column) -> pd.Categorical:  # column: a pyarrow DictionaryArray
    """A pyarrow dictionary column as a pandas Categorical of plain Python strings."""
    categories = pd.Index(column.dictionary.to_pylist(), dtype=object)
    codes = column.indices.to_numpy(zero_copy_only=False)
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def _blank_rows(frame: pd.DataFrame, delimiter: str) -> np.ndarray:
    """Rows whose every cell is only spaces, tabs, quotes, newlines or delimiters (the byte test
    of the C parser's path, asked of each distinct value once)."""
    filler = f' \t"\n{delimiter}'
    blank = np.ones(len(frame), dtype=bool)
    for k in frame.columns:
        if not blank.any():
            break
        cat = frame[k].array
        codes = cat.codes
        asked = np.unique(codes[blank])
        content = np.zeros(len(cat.categories), dtype=bool)
        values = cat.categories.to_numpy(dtype=object)[asked]
        content[asked] = [bool(v.strip(filler)) for v in values]
        blank &= ~content[codes]
    return blank


def _body_bytes(decoded: _Decoded, text: str, cut_chars: int, crlf: bool) -> bytes:
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


def _c_parse(
    data: bytes,
    seg: _Segments,
    width: int,
    delimiter: str,
    on_chunk: Callable[[int], None],
    chunk_rows: int,
) -> _Parsed | None:
    """The records by pandas' C parser in chunks (object columns); None when its records are
    not the parity pass's."""
    columns = max(width, int(seg.fields.max()) if len(seg) else width)
    chunks: list[pd.DataFrame] = []
    try:
        with pd.read_csv(
            io.BytesIO(data),
            sep=delimiter,
            header=None,
            names=list(range(columns)),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            quotechar='"',
            doublequote=True,
            engine="c",
            encoding="utf-8",
            chunksize=chunk_rows,
        ) as reader:
            done = 0
            for chunk in reader:
                chunks.append(chunk)
                done += len(chunk)
                if done > len(seg):
                    return None
                on_chunk(int(seg.ends[done - 1]))
    except (pd.errors.ParserError, ValueError, OverflowError):
        return None
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    if len(frame) != len(seg):
        return None
    # Cells beyond a record's parity field count must be empty, or the parser saw other fields.
    for k in range(1, columns):
        beyond = seg.fields <= k
        if beyond.any() and (frame[k].to_numpy()[beyond] != "").any():
            return None
    # Blank records: a byte lookup table, one indexing pass instead of np.isin's sort.
    is_filler = np.zeros(256, dtype=bool)
    is_filler[np.frombuffer(f'{delimiter} \t"\n'.encode(), np.uint8)] = True
    filled = ~is_filler[np.frombuffer(data, dtype=np.uint8)]
    blank = seg.lengths == 0
    blank |= ~np.logical_or.reduceat(filled, seg.starts)
    return frame, seg.fields, seg.lines, blank


def _slow_records(text: str, delimiter: str) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
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


def _split_line(line: str, delimiter: str) -> list[str]:
    """One physical line's fields, an unclosed quote ending at the end of the line."""
    return next(csv.reader([line], delimiter=delimiter, strict=False), [])


def read_preview(path: str | os.PathLike[str], rows: int = 50) -> RawTable:
    """The first ``rows`` records of a file, for the mapping dialog's preview (raises
    :class:`LoadError`). A text file is read from at most its first 256 kB; a workbook whole
    (a zip cannot be cut; the zip-bomb check bounds it). ``path`` may name one sheet of a
    workbook as the load report does: ``book.xlsx [Sheet]``."""
    name = os.fspath(path)
    sheet = None
    match = re.match(r"^(?P<file>.+) \[(?P<sheet>[^\]]+)\]$", name)
    if match and not os.path.exists(name) and os.path.exists(match["file"]):
        name, sheet = match["file"], match["sheet"]
    head, _ = _read_bytes(Path(name), name, name, limit=4)  # the same checks as a load
    tables = read_tables(name, max_bytes=None if head.startswith(_ZIP) else SAMPLE_BYTES)
    table = next((t for t in tables if sheet is None or t.report.sheet == sheet), tables[0])
    table.frame = table.frame.head(rows)
    return table


def read_table(
    path: str | os.PathLike[str],
    display_name: str | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> RawTable:
    """Read one file into a :class:`RawTable` (raises :class:`LoadError`).

    A workbook yields its first sheet; :func:`read_tables` returns every sheet that looks like
    projects or events.
    """
    return read_tables(
        path, display_name, progress=progress, should_cancel=should_cancel, chunk_rows=chunk_rows
    )[0]


def read_tables(
    path: str | os.PathLike[str],
    display_name: str | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
    max_bytes: int | None = None,
) -> list[RawTable]:
    """Read one file: a delimited text file gives one table, a workbook one per useful sheet.

    ``progress(done, total)`` is called with bytes of this file as chunks are read;
    ``should_cancel()`` is polled between chunks and raises :class:`LoadCancelled` when true.
    ``max_bytes`` reads only the first whole lines of that many bytes (a preview).
    """
    given = os.fspath(path)
    name = display_name or given
    path = Path(path)
    raw, mtime = _read_bytes(path, name, given, max_bytes)
    if max_bytes is not None and len(raw) >= max_bytes and b"\n" in raw:
        raw = raw[: raw.rindex(b"\n") + 1]  # a preview: whole lines of the first bytes
    total = len(raw)
    cancel = should_cancel or (lambda: False)

    shown = 0

    def tick(done: int) -> None:
        nonlocal shown
        if cancel():
            raise LoadCancelled(f"{name}: loading cancelled")
        # Never backwards: a fast reader that gives up is followed by a careful one from 0.
        shown = max(shown, min(done, total))
        if progress is not None:
            progress(shown, total)

    tick(0)
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise LoadError(f"{name}: is {what}, not a CSV or text table")
    if raw.startswith(_ZIP):
        from data.xlsx import read_workbook

        tables = read_workbook(raw, name)
        tick(total)
        for table in tables:
            table.mtime = mtime
        return tables
    if not raw or raw.isspace():  # (strip() would copy a big file)
        raise LoadError(f"{name}: is empty")
    decoded = _decode(raw, name)
    del raw
    table = _read_text(decoded, name, total, tick, chunk_rows)
    table.mtime = mtime
    return [table]


def _read_text(
    decoded: _Decoded, name: str, total: int, tick: Callable[[int], None], chunk_rows: int
) -> RawTable:
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
    cut_chars = 0  # characters of ``text`` above the header, dropped below
    skipped = 0
    notes = list(decoded.notes)
    newline = text.find("\n")
    first = text[: newline if newline >= 0 else None].strip().strip('"')  # split would copy
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
        cut_chars = text.index("\n") + 1 if "\n" in text else len(text)
        skipped = 1
        notes.append(f"Excel's sep={delimiter} line")
    else:
        delimiter = _choose_delimiter(text)
    sample = _sample_records(text[cut_chars : cut_chars + SAMPLE_BYTES + 1], delimiter, 40)
    header_line = _header_line(sample)
    if header_line > 1:
        cut = cut_chars
        for _ in range(header_line - 1):
            cut = text.index("\n", cut) + 1
        lines = f"line {skipped + 1}" if header_line == 2 else f"lines {skipped + 1}–"
        lines += "" if header_line == 2 else str(skipped + header_line - 1)
        notes.append(f"{lines} above the header skipped (a title or preamble)")
        cut_chars = cut
        skipped += header_line - 1
    report = FileReport(path=name, encoding=decoded.encoding, delimiter=delimiter)
    report.notes = notes
    report.header_line = skipped + 1
    data = _body_bytes(decoded, text, cut_chars, crlf)
    del text
    decoded.text = ""  # the decoded copy is not needed any more (memory)
    decoded.utf8 = None
    buf = np.frombuffer(data, dtype=np.uint8)
    header_end = _first_record_end(data)
    header_text = data[:header_end].decode("utf-8")
    header = next(csv.reader(io.StringIO(header_text), delimiter=delimiter, strict=False), [])
    problems: list[Problem] = []
    stray = _stray_quote_in_header(data, header_end, header, delimiter)
    if stray is not None:
        header_end, header = stray
    if not any(h.strip() for h in header):
        raise LoadError(f"{name}: has no header row")
    header_lines = data.count(b"\n", 0, header_end)  # a quoted line break in a header cell
    headers = _dedupe_headers(header[: max(_width(header), 1)])
    width = len(headers)
    if stray is not None:
        line = data[:header_end].decode("utf-8").rstrip("\n")
        index = _quote_field(line, delimiter)
        problems.append(
            Problem(
                name,
                skipped + 1,
                headers[index] if index < width else None,
                line[:200],
                "an unbalanced quote in the header row would merge the lines below into it; "
                "the header was read as its own line",
            )
        )
    if decoded.encoding in ("cp1252", "latin-1"):
        # Said as a file-level problem (no row): the analyst should know the guess was made.
        problems.append(Problem(name, None, None, None, decoded.notes[0]))
    # Offsets into ``data`` → bytes of the file (roughly: the encoding may differ in size).
    scale = total / max(len(data), 1)

    body_seg = _Segments(buf[header_end:], delimiter) if header_end < len(buf) else None
    # A record over several lines with the wrong field count, an unclosed last quote, or lines
    # swallowed whole: a stray quote, read line by line below. (Field counts are only computed
    # when some record spans lines.)
    multi = body_seg is not None and bool((body_seg.spans > 1).any())
    suspicious = body_seg is not None and (
        (multi and bool(((body_seg.spans > 1) & (body_seg.fields != width)).any()))
        or (body_seg.odd_quotes and int(body_seg.spans[-1]) > 1)
        or (multi and bool(body_seg.swallowed(width).any()))
    )
    on_end = lambda end: tick(int((end + header_end) * scale))  # noqa: E731
    parsed: _Parsed | None
    if body_seg is None:
        no_rows = np.zeros(0, np.int64)
        empty = pd.DataFrame({k: pd.Series(dtype=object) for k in range(width)})
        parsed = (empty, no_rows, no_rows, np.zeros(0, bool))
    elif suspicious:
        parsed = None
    else:
        body = memoryview(data)[header_end:]  # no copy of a big file
        # Rows of another width in the sample (Excel's trailing empty cells, ragged rows): pyarrow
        # would refuse the file after reading it, so the C parser reads it straight away.
        other_width = any(len(f) != width for line, f in sample if line > header_line and f)
        parsed = None
        if not other_width:
            parsed = _arrow_parse(body, body_seg, width, delimiter, on_end, chunk_rows)
        if parsed is None:
            parsed = _c_parse(body, body_seg, width, delimiter, on_end, chunk_rows)
    if parsed is not None:
        frame, fields, lines, blank = parsed
        lines = lines + header_lines  # the header's lines come first in this text
    else:
        body_text = data[header_end:].decode("utf-8")
        tick(int(header_end * scale))
        frame, fields, lines, blank, slow_problems = _slow_parse(
            body_text, headers, delimiter, name, skipped + header_lines, body_seg.odd_quotes
        )
        problems += slow_problems
        lines = lines + header_lines
        tick(total)
    rows_n = len(frame)
    lines = lines + skipped
    keep = ~blank if rows_n else np.zeros(0, bool)
    report.records = int(keep.sum())
    if report.records == 0:
        raise LoadError(f"{name}: has a header but no data rows")
    if not keep.all():
        frame = frame.loc[keep].reset_index(drop=True)
    fields, lines = fields[keep], lines[keep]
    # Ragged records: reported per row, read with the missing cells empty. Extra fields that
    # are all empty (Excel's trailing delimiters) are harmless.
    extra = np.zeros(len(frame), dtype=bool)
    for k in frame.columns[width:]:
        extra |= per_distinct(frame[k], lambda v: bool(v.strip()), bool)
    for k in np.flatnonzero((fields < width) | ((fields > width) & extra)):
        n = int(fields[k])
        # The problem names a column (the first missing or extra field), so problems without a
        # column stay exactly the records that could not be read at all.
        column = headers[n] if n < width else f"(field {width + 1})"
        value = None if n < width else str(frame.iloc[k, width])[:200]
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
    if frame.shape[1] != width:
        frame = frame.iloc[:, :width].copy()  # one block: thousands of columns stay cheap
    frame.columns = headers
    frame[LINE_COLUMN] = lines.astype(np.int64)
    frame[FILE_COLUMN] = name
    if decoded.bad_utf8:
        for header in headers:
            for k in np.flatnonzero(per_distinct(frame[header], lambda v: "\ufffd" in v, bool)):
                problems.append(
                    Problem(
                        name,
                        int(frame[LINE_COLUMN].iat[k]),
                        header,
                        str(frame[header].iat[k])[:200],
                        "invalid UTF-8 bytes in this cell (shown as �)",
                    )
                )
    report.rows = len(frame)
    tick(total)
    problems.sort(key=lambda p: p.row or 0)
    return RawTable(frame=frame, report=report, problems=problems)


def _slow_parse(
    text: str, headers: list[str], delimiter: str, name: str, header_line: int, unterminated: bool
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, list[Problem]]:
    """Records by the csv module; a record that swallowed lines through an unbalanced quote is
    split back into its physical lines, each read on its own, and the quote is reported."""
    width = len(headers)
    rows, starts, spans = _slow_records(text, delimiter)
    problems: list[Problem] = []
    physical = text.split("\n")
    out_rows: list[list[str]] = []
    out_lines: list[int] = []
    for k, (fields, start, span) in enumerate(
        zip(rows, starts.tolist(), spans.tolist(), strict=True)
    ):
        last_record = k == len(rows) - 1
        continuation = physical[start : start - 1 + span]
        counts = np.fromiter((line.count(delimiter) for line in continuation), np.int64)
        swallowed = (
            width >= 2
            and span > _SWALLOWED_SPAN.get(width, 1)
            and bool(_row_like(counts, width).all())
            and not (width == 2 and _closes_at_field_end(continuation[-1], delimiter))
        )
        if span <= 1 or (
            len(fields) == width and not (last_record and unterminated) and not swallowed
        ):
            out_rows.append(fields)
            out_lines.append(start)
            continue
        first, last = start + header_line, start + header_line + span - 1
        opening = physical[start - 1]
        index = _quote_field(opening, delimiter)
        column = headers[index] if index < width else f"(field {index + 1})"
        problems.append(
            Problem(
                name,
                first,
                column,
                opening[:200],
                f"an unbalanced quote here would merge lines {first}–{last} into one record; "
                f"each of the {span} lines was read on its own",
            )
        )
        for i, line in enumerate(physical[start - 1 : start - 1 + span]):
            out_rows.append(_split_line(line, delimiter))
            out_lines.append(start + i)
    widths = np.fromiter(map(len, out_rows), np.int64, count=len(out_rows))
    columns = max(width, int(widths.max()) if len(widths) else width)
    padded = [r + [""] * (columns - len(r)) for r in out_rows]
    frame = pd.DataFrame(padded, columns=list(range(columns)), dtype=object)
    blank = np.fromiter((not any(c.strip() for c in r) for r in out_rows), bool, len(out_rows))
    return frame, widths, np.asarray(out_lines, dtype=np.int64), blank, problems


def _closes_at_field_end(line: str, delimiter: str) -> bool:
    """Whether the first quote of a record's last line (the one that closes its multi-line
    stretch) ends a field, as a quoted note's closing quote does (see _Segments.swallowed)."""
    at = line.find('"')
    return at < 0 or line[at + 1 : at + 2] in ("", delimiter, '"')


def _quote_field(line: str, delimiter: str) -> int:
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
