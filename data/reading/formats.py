"""Which reader reads a file: its kind is recognised from its content, never from its name (a
workbook renamed ``.csv`` is read as a workbook), after the file checks and the refusal of what
is not a table. The entry points :func:`read_tables` and :func:`read_table` live here.

A new kind of input (a scheduling tool's own format: MS Project XML, Primavera XER, a
GanttProject file) is one more :class:`Format` in ``FORMATS``, above delimited text, with a
recogniser of its first bytes and a reader from a :class:`Source` to tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.reading.delimited import read_text
from data.reading.files import ole_kind, read_bytes, refuse_non_tables
from data.reading.table import (
    CHUNK_ROWS,
    LINE_COLUMN,
    Progress,
    RawTable,
    ShouldCancel,
    Source,
    Ticker,
    UsefulSheet,
)
from data.reading.workbook import is_zip, read_workbook
from data.report import FileReport, LoadError
from data.schedules.formats import MPP, MPP_WAY_OUT, mpp, schedule_format_of
from data.schedules.model import Schedule

HEAD_BYTES = 64  # the first bytes a recogniser is shown (more when they exist)
SCHEDULE_HEAD_BYTES = 4096  # a schedule's recognisers look past an XML prolog and comments


@dataclass(frozen=True)
class Format:
    """One kind of input file."""

    name: str
    recognise: Callable[[bytes], bool]  # from the file's first ``head_bytes`` bytes
    read: Callable[[Source], list[RawTable]]  # raises LoadError; ticks its progress to the end
    head_bytes: int = HEAD_BYTES


def _any_text(head: bytes) -> bool:
    return True


def _is_schedule(head: bytes) -> bool:
    return schedule_format_of(head) is not None


def schedule_table(schedule: Schedule, name: str) -> RawTable:
    """A schedule as the table the ledger builder takes: no cells (the builder converts the
    tasks, ``data.schedules.convert``), the report naming the format and counting the tasks."""
    tasks = schedule.tasks
    report = FileReport(
        path=name, format=schedule.format, rows=len(tasks), records=len(tasks), schedule=True
    )
    summaries = int(tasks["summary"].sum())
    milestones = int((tasks["milestone"] & ~tasks["summary"]).sum())
    report.notes.append(
        f"{schedule.format}: {_count(len(tasks), 'task')} ({_count(summaries, 'summary')}, "
        f"{_count(milestones, 'milestone')}), {_count(schedule.baselines, 'numbered baseline')}"
        f" besides the baseline; status date {schedule.status_date[:10] or 'none in the file'}"
    )
    report.notes.extend(schedule.notes)
    frame = pd.DataFrame({LINE_COLUMN: pd.Series([], dtype="int64")})
    return RawTable(frame=frame, report=report, problems=list(schedule.problems), schedule=schedule)


def _count(n: int, noun: str) -> str:
    """ "1 task", "2 tasks", "3 summaries": a count and its noun."""
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _read_schedule(source: Source) -> list[RawTable]:
    data = source.take()
    found = schedule_format_of(data[:SCHEDULE_HEAD_BYTES])
    if found is not None:
        schedule = found.read(data, source.name)
    else:  # an OLE2 file with MS Project's streams (data.reading.files.ole_kind)
        reader = mpp()
        if reader is None:
            raise LoadError(f"{source.name}: is {MPP}; {MPP_WAY_OUT}")
        schedule = reader(data, source.name)
    del data
    source.tick.finish()
    return [schedule_table(schedule, source.name)]


_XML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml|!--|!DOCTYPE|[A-Za-z_][\w.:-]*[\s>/])")


def _is_xml(head: bytes) -> bool:
    """An XML document (UTF-8 or, from its BOM, UTF-16): never a delimited table."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore")[:200].encode("utf-8", errors="ignore")
    if _XML.match(head) is None:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") or b"</" in head


def _refuse_xml(source: Source) -> list[RawTable]:
    raise LoadError(
        f"{source.name}: is an XML or HTML document, not a schedule Slipline reads "
        "(MS Project XML, Primavera P6 XML, GanttProject); not a CSV or text table"
    )


# Asked in order; the first that recognises a file reads it. Delimited text takes the rest.
# Schedule files come first: an MS Project XML file is never read as a one-column text table.
FORMATS = (
    Format("schedule", _is_schedule, _read_schedule, SCHEDULE_HEAD_BYTES),
    Format("other XML", _is_xml, _refuse_xml, SCHEDULE_HEAD_BYTES),
    Format("xlsx workbook", is_zip, read_workbook),
    Format("delimited text", _any_text, read_text),
)


def format_of(head: bytes) -> Format:
    """The format that reads a file starting with ``head``."""
    return next(f for f in FORMATS if f.recognise(head[: f.head_bytes]))


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
    (``useful_sheet(table)`` says which; default: every sheet with data).

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
    reader = _read_schedule if ole_kind(source.data) == "mpp" else format_of(source.data).read
    tables = reader(source)
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
