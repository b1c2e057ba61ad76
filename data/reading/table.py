"""What every reader hands over and is handed: the string table, its limits, progress and cancel.

The bottom room of ``data.reading``: it imports nothing of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from data.report import FileReport, LoadCancelled, Problem
from data.schedules.model import Schedule

LINE_COLUMN = "__line__"  # 1-based line of each record in its file
FILE_COLUMN = "__file__"

MAX_FILE_BYTES = 2 * 1024**3
SAMPLE_BYTES = 256 * 1024  # detection never looks further than this
CHUNK_ROWS = 100_000

Progress = Callable[[int, int], None]  # (bytes done, bytes total) of the current file
ShouldCancel = Callable[[], bool]


@dataclass
class RawTable:
    """A file's records as strings: ``frame`` has the header's columns plus the line column."""

    frame: pd.DataFrame
    report: FileReport
    problems: list[Problem] = field(default_factory=list)
    mtime: float | None = None  # the file's modification time (never a statement's date)
    # The title rows above the header, as text ("Capital projects, as at 31 March 2023"): where
    # a file may give its own status date.
    preamble: list[str] = field(default_factory=list)
    # A scheduling tool's file (MS Project XML, P6, GanttProject…): its tasks, which the ledger
    # builder converts (``data.schedules.convert``); ``frame`` is then empty.
    schedule: Schedule | None = None

    @property
    def headers(self) -> list[str]:
        return [c for c in self.frame.columns if c not in (LINE_COLUMN, FILE_COLUMN)]


class Ticker:
    """Progress and cancel of one file: ``tick(done)`` polls the cancel (raising
    :class:`LoadCancelled`) and reports ``done`` of ``total`` bytes."""

    def __init__(
        self,
        name: str,
        total: int,
        progress: Progress | None = None,
        should_cancel: ShouldCancel | None = None,
    ) -> None:
        self.name, self.total = name, total
        self._progress, self._should_cancel = progress, should_cancel
        self._shown = 0

    def __call__(self, done: int) -> None:
        if self._should_cancel is not None and self._should_cancel():
            raise LoadCancelled(f"{self.name}: loading cancelled")
        # Never backwards: a fast reader that gives up is followed by a careful one from 0.
        self._shown = max(self._shown, min(done, self.total))
        if self._progress is not None:
            self._progress(self._shown, self.total)

    def finish(self) -> None:
        """The whole file is done."""
        self(self.total)


# Whether a workbook's sheet is worth reading, from the sheet itself (its headers, or its first
# column when the table is stored sideways).
UsefulSheet = Callable[["RawTable"], bool]


@dataclass
class Source:
    """One file's bytes on their way to the reader of its kind."""

    name: str  # as the report names the file
    data: bytes
    tick: Ticker
    chunk_rows: int = CHUNK_ROWS
    # Which of a workbook's sheets with data to read (by their headers): the caller knows what
    # a table of its own looks like; None reads every sheet with data.
    useful_sheet: UsefulSheet | None = None

    def take(self) -> bytes:
        """The bytes, handed over: the source forgets them, so a reader that decodes or cuts
        them can free them (a big file is not held twice)."""
        data, self.data = self.data, b""
        return data
