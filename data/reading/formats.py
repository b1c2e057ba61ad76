"""Which reader reads a file: its kind is recognised from its content, never from its name (a
workbook renamed ``.csv`` is read as a workbook), after the file checks and the refusal of what
is not a table. The entry points :func:`read_tables` and :func:`read_table` live here.

A new kind of input (a scheduling tool's own format: MS Project XML, Primavera XER, a
GanttProject file) is one more :class:`Format` in ``FORMATS``, above delimited text, with a
recogniser of its first bytes and a reader from a :class:`Source` to tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from data.reading.delimited import read_text
from data.reading.files import read_bytes, refuse_non_tables
from data.reading.table import (
    CHUNK_ROWS,
    Progress,
    RawTable,
    ShouldCancel,
    Source,
    Ticker,
    UsefulSheet,
)
from data.reading.workbook import is_zip, read_workbook

HEAD_BYTES = 64  # the first bytes a recogniser is shown (more when they exist)


@dataclass(frozen=True)
class Format:
    """One kind of input file."""

    name: str
    recognise: Callable[[bytes], bool]  # from the file's first HEAD_BYTES bytes
    read: Callable[[Source], list[RawTable]]  # raises LoadError; ticks its progress to the end


def _any_text(head: bytes) -> bool:
    return True


# Asked in order; the first that recognises a file reads it. Delimited text takes the rest.
FORMATS = (
    Format("xlsx workbook", is_zip, read_workbook),
    Format("delimited text", _any_text, read_text),
)


def format_of(head: bytes) -> Format:
    """The format that reads a file starting with ``head``."""
    return next(f for f in FORMATS if f.recognise(head[:HEAD_BYTES]))


def read_tables(
    path: str | os.PathLike[str],
    display_name: str | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
    useful_sheet: UsefulSheet | None = None,
) -> list[RawTable]:
    """Read one file: a delimited text file gives one table, a workbook one per useful sheet
    (``useful_sheet(headers)`` says which; default: every sheet with data).

    ``progress(done, total)`` is called with bytes of this file as chunks are read;
    ``should_cancel()`` is polled between chunks and raises :class:`LoadCancelled` when true.
    """
    given = os.fspath(path)
    name = display_name or given
    raw, mtime = read_bytes(Path(path), name, given)
    tick = Ticker(name, len(raw), progress, should_cancel)
    tick(0)
    refuse_non_tables(raw, name)
    source = Source(name, raw, tick, chunk_rows, useful_sheet)
    del raw  # the reader takes the bytes from the source and frees them when done
    tables = format_of(source.data).read(source)
    for table in tables:
        table.mtime = mtime
    return tables


def read_table(
    path: str | os.PathLike[str],
    display_name: str | None = None,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> RawTable:
    """Read one file into a :class:`RawTable` (raises :class:`LoadError`).

    A workbook yields its first sheet with data; :func:`read_tables` returns every sheet its
    ``useful_sheet`` accepts (the load reads the sheets that look like projects or events).
    """
    return read_tables(
        path, display_name, progress=progress, should_cancel=should_cancel, chunk_rows=chunk_rows
    )[0]
