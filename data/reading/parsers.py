"""The fast readers of a delimited body: pyarrow's multi-threaded reader, else pandas' C parser.
Each is checked against the parity pass (:class:`Segments`) and gives up (returns None) when
its records are not the parity pass's; the caller then tries the next, slower one."""

from __future__ import annotations

import codecs
import io
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from data.distinct import per_distinct
from data.reading.records import Parsed, Segments

if TYPE_CHECKING:
    import pyarrow as pa

PIECE_BYTES = 16 * 1024 * 1024  # pyarrow reads this much at a time (progress and cancel between)


def arrow_parse(
    data: bytes | memoryview,
    seg: Segments,
    width: int,
    delimiter: str,
    on_piece: Callable[[int], None],
    chunk_rows: int,
) -> Parsed | None:
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
    except ImportError:  # an install without it: pandas' C parser reads instead
        return None
    rows = seg.lengths > 0  # empty lines are skipped by pyarrow, and are not records
    if not rows.any() or len(delimiter.encode()) != 1 or data[:3] == codecs.BOM_UTF8:
        return None  # pyarrow takes one-byte delimiters only, and drops a leading BOM
    # Every row must have the header's fields: pyarrow refuses a file with any other row
    # (ragged rows, extra fields), and the C parser reads those and reports them.
    names = [f"c{k}" for k in range(width)]
    options = _arrow_options(names, delimiter, int(seg.lengths.max()))
    table = _read_pieces(data, _piece_starts(data, seg, chunk_rows), options, on_piece)
    if table is None or table.num_rows != int(rows.sum()):
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
    return Parsed(frame, fields, seg.lines[rows], _blank_rows(frame, delimiter))


def _arrow_options(names: list[str], delimiter: str, longest: int) -> tuple[Any, Any, Any]:
    """pyarrow's read, parse and convert options: every column dictionary-encoded strings,
    nothing read as null, quotes as the csv module reads them."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return (
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


def _piece_starts(data: bytes | memoryview, seg: Segments, chunk_rows: int) -> list[int]:
    """Offsets where pieces after the first start: record boundaries every ``chunk_rows``
    records and every ``PIECE_BYTES`` bytes."""
    cuts = np.union1d(
        np.searchsorted(seg.ends, np.arange(PIECE_BYTES, len(data), PIECE_BYTES)),
        np.arange(chunk_rows - 1, len(seg), chunk_rows),
    )
    starts = (seg.ends[cuts[cuts < len(seg) - 1]] + 1).tolist()
    # pyarrow drops a byte-order mark at the start of a piece: never cut in front of one.
    return [k for k in starts if data[k : k + 3] != codecs.BOM_UTF8]


def _read_pieces(
    data: bytes | memoryview,
    starts: list[int],
    options: tuple[Any, Any, Any],
    on_piece: Callable[[int], None],
) -> pa.Table | None:
    """One pyarrow table of the pieces (dictionaries unified), or None when pyarrow refuses."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    buffer = pa.py_buffer(data)
    tables = []
    try:
        for begin, end in itertools.pairwise([0, *starts, len(data)]):
            piece = pa.BufferReader(buffer.slice(begin, end - begin))
            tables.append(pacsv.read_csv(piece, *options))
            on_piece(end - 1)
        return pa.concat_tables(tables).unify_dictionaries()
    except (pa.ArrowException, ValueError):
        return None


def _line_breaks(frame: pd.DataFrame) -> np.ndarray:
    """Line breaks inside each row's cells."""
    total = np.zeros(len(frame), dtype=np.int64)
    for k in frame.columns:
        total += per_distinct(frame[k], lambda v: v.count("\n"))
    return total


def _categorical(column: pa.DictionaryArray) -> pd.Categorical:
    """A pyarrow dictionary column as a pandas Categorical of plain Python strings (an object
    array of them: an Index made from a list of a hundred thousand names costs several times
    the conversion itself)."""
    categories = pd.Index(column.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    codes = column.indices.to_numpy(zero_copy_only=False)
    dtype: pd.CategoricalDtype[object] = pd.CategoricalDtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _blank_rows(frame: pd.DataFrame, delimiter: str) -> np.ndarray:
    """Rows whose every cell is only spaces, tabs, quotes, newlines or delimiters (the byte test
    of the C parser's path, asked of each distinct value once). The columns of fewest distinct
    values are asked first: a row is blank only if all its cells are, so the order changes
    nothing but the work, and a column of a few kinds or statuses settles nearly every row
    before a column of a hundred thousand ids or names is asked about the few rows left."""
    filler = f' \t"\n{delimiter}'
    blank = np.ones(len(frame), dtype=bool)
    arrays = [frame[k].array for k in frame.columns]
    for cat in sorted(arrays, key=lambda c: len(c.categories)):
        if not blank.any():
            break
        codes = cat.codes
        used = np.zeros(len(cat.categories), dtype=bool)
        used[codes[blank]] = True  # (a sorted unique without the sort)
        asked = np.flatnonzero(used)
        content = np.zeros(len(cat.categories), dtype=bool)
        values = cat.categories.to_numpy(dtype=object)[asked]
        content[asked] = [bool(v.strip(filler)) for v in values]
        blank &= ~content[codes]
    return blank


def c_parse(
    data: bytes | memoryview,
    seg: Segments,
    width: int,
    delimiter: str,
    on_chunk: Callable[[int], None],
    chunk_rows: int,
) -> Parsed | None:
    """The records by pandas' C parser in chunks (object columns); None when its records are
    not the parity pass's."""
    columns = max(width, int(seg.fields.max()) if len(seg) else width)
    frame = _c_read(data, columns, delimiter, seg, on_chunk, chunk_rows)
    if frame is None or len(frame) != len(seg):
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
    return Parsed(frame, seg.fields, seg.lines, blank)


def _c_read(
    data: bytes | memoryview,
    columns: int,
    delimiter: str,
    seg: Segments,
    on_chunk: Callable[[int], None],
    chunk_rows: int,
) -> pd.DataFrame | None:
    """Every cell as a string in ``columns`` columns, read in chunks of ``chunk_rows`` records;
    None when the parser fails or finds more records than the parity pass."""
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
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
