"""Loading files into a ledger, with progress and cancel: read every file, then map its tables.

Work is counted in bytes-sized units: reading weighs each file's size, mapping weighs it again
(split between its tables), and the mapping of a table moves the bar a little at each column,
so a big file's progress never stands still. ``should_cancel`` is polled between chunks, tables
and columns; when it returns true, :class:`data.report.LoadCancelled` is raised and nothing is
returned. A file that cannot be read is reported and the others still load.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from data.heap import return_big_blocks
from data.ledger.build import Recall, build_ledger
from data.ledger.mapping import ChosenMapping, detect_layout
from data.ledger.model import Ledger
from data.ledger.shapes import is_sideways
from data.reading import CHUNK_ROWS, Progress, RawTable, ShouldCancel, read_tables
from data.report import FileReport, LoadCancelled, LoadError, LoadReport, Problem


class _Progress:
    """Work done and to do, reported through ``progress`` and checked against ``cancel``."""

    def __init__(self, total: int, progress: Progress | None, cancel: ShouldCancel) -> None:
        self.total, self.done = max(total, 1), 0
        self._progress, self._cancel = progress, cancel
        self.weights: dict[int, int] = {}  # id(table) → its share of the mapping's work
        self.tables: list[RawTable] = []
        self.mapped = 0  # tables mapped so far; checkpoints inside the next one move the bar
        self.polls = 0

    def step(self, extra: int = 0) -> None:
        if self._cancel():
            raise LoadCancelled("loading cancelled")
        if self._progress is not None:
            self._progress(min(self.done + extra, self.total), self.total)

    def after_table(self, raw: RawTable) -> None:
        # mapped: its cells are in the ledger now (memory); a copy, as a slice would keep them
        raw.frame = raw.frame.iloc[:0].copy()
        self.done += self.weights.get(id(raw), 0)
        self.mapped, self.polls = self.mapped + 1, 0
        self.step()

    def checkpoint(self) -> None:
        self.polls += 1
        table = self.tables[self.mapped] if self.mapped < len(self.tables) else None
        weight = self.weights.get(id(table), 0) if table is not None else 0
        self.step(weight * min(self.polls, 8) // 10)  # a table polls about eight times


def load_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    mappings: Mapping[str, ChosenMapping] | None = None,
    recall: Recall | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    chunk_rows: int = CHUNK_ROWS,
    date_order: str | None = None,
    fiscal_start: int | None = None,
    status_date: np.datetime64 | None = None,
) -> Ledger:
    """Read and merge files; a file that cannot be read is reported, the others still load.

    ``mappings`` maps a path (as given) to a :class:`ChosenMapping` (from the mapping dialog);
    ``recall(headers)`` may return a remembered one for a table's header set. ``progress(done,
    total)`` reports work done; ``should_cancel()`` is polled between chunks, tables and
    columns. ``date_order`` ("day-first" or "month-first") reads numeric dates such as
    03/04/2013 in every file whose mapping does not choose its own order (default: decided per
    column from its values). ``fiscal_start`` (1–12) is the month a fiscal year begins in (FY2018,
    ``2010-11`` in a fiscal column); None: none was chosen, April is assumed and fiscal readings
    are marked uncertain (:mod:`data.dates.fiscal`). ``status_date`` dates the statements taken
    from tables that have no report date, over each file's own (``data.ledger.status``).
    """
    return_big_blocks()
    report = LoadReport()
    sizes = [_size(p) for p in paths]
    work = _Progress(2 * sum(sizes), progress, should_cancel or (lambda: False))
    work.step()
    for path, size in zip(paths, sizes, strict=True):
        read = _read(path, size, work, report, should_cancel, chunk_rows)
        for raw in read:
            work.weights[id(raw)] = size // max(len(read), 1)
        work.tables.extend(read)
        work.done += size
        work.step()
    chosen = {str(k): v for k, v in (mappings or {}).items()}
    ledger = build_ledger(
        work.tables,
        report,
        chosen,
        work.after_table,
        work.checkpoint,
        date_order,
        recall,
        fiscal_start,
        status_date,
    )
    work.done = work.total
    work.step()
    return ledger


def _read(
    path: str | os.PathLike[str],
    size: int,
    work: _Progress,
    report: LoadReport,
    should_cancel: ShouldCancel | None,
    chunk_rows: int,
) -> list[RawTable]:
    """One file's tables; a file that cannot be read is reported (no tables)."""
    name = str(path)
    try:
        return read_tables(
            path,
            name,
            progress=lambda d, _t: work.step(min(d, size)),
            should_cancel=should_cancel,
            chunk_rows=chunk_rows,
            useful_sheet=_projects_or_events,
        )
    except LoadError as exc:
        report.files.append(FileReport(path=name, error=str(exc)))
        report.problems.append(Problem(name, None, None, None, str(exc)))
        return []


def _projects_or_events(table: RawTable) -> bool:
    """A workbook's sheet is read when its headers look like projects or events, or when it is
    a projects table stored sideways (one project per column)."""
    return detect_layout(table.headers) != "unknown" or is_sideways(table)


def _size(path: str | os.PathLike[str]) -> int:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return 0
    return info.st_size if os.path.isfile(path) else 0
