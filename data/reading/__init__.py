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
in the file. Records follow RFC 4180 whenever they are well-formed (a quoted cell over lines
that each look like a row is kept and reported as a possible stray quote); a malformed quote
that would swallow the lines after it (pandas and the csv module merge them silently into one
record) is caught, and the swallowed lines are read one by one and reported. Files whose
quoting the parity pass cannot follow are read by the csv module, line by line, with the same
accounting.

The rooms, each importing only those above it:

- ``table``: the string table (:class:`RawTable`), its limits, progress and cancel;
- ``files``: the file checks (URLs, missing files, folders, devices, size), the bytes read-only,
  and the first bytes of what is not a table;
- ``encoding``: the bytes decoded, and which encoding that was;
- ``sniff``: detection on a sample: ``sep=`` line, delimiter, header line, header names;
- ``records``: the quote-parity pass;
- ``parsers``: pyarrow's reader and pandas' C parser, each checked against the parity pass;
- ``recovery``: the csv module's line-by-line reading of a stray quote's lines;
- ``delimited``: the text reader, step by step;
- ``workbook``: the .xlsx reader;
- ``formats``: a file's kind recognised from its content and handed to that kind's reader (the
  place for further formats), and the entry points.
"""

from data.reading.formats import FORMATS, Format, read_table, read_tables
from data.reading.table import (
    CHUNK_ROWS,
    FILE_COLUMN,
    LINE_COLUMN,
    MAX_FILE_BYTES,
    SAMPLE_BYTES,
    Progress,
    RawTable,
    ShouldCancel,
)

__all__ = [
    "CHUNK_ROWS",
    "FILE_COLUMN",
    "FORMATS",
    "LINE_COLUMN",
    "MAX_FILE_BYTES",
    "SAMPLE_BYTES",
    "Format",
    "Progress",
    "RawTable",
    "ShouldCancel",
    "read_table",
    "read_tables",
]
