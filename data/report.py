"""The load report: what was detected in each file, the counts, and every problem and conflict."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class LoadError(Exception):
    """A file could not be loaded at all; the message names the file and says why."""


class LoadCancelled(Exception):  # noqa: N818 (an outcome, not an error)
    """The caller asked to stop (``should_cancel`` returned true); nothing is returned."""


@dataclass
class Problem:
    """One thing wrong in a file: a cell (row and column) or a whole record (no column)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    task_id: str | None = None  # the task of a schedule file (MS Project, P6, GanttProject)

    def describe(self) -> str:
        """One line: ``file, row 3, column 'event_date': 'soonish': unreadable date``."""
        where = f"row {self.row}" if self.row is not None else "file"
        column = f", column {self.column!r}" if self.column else ""
        value = f": {self.value!r}" if self.value not in (None, "") else ""
        return f"{self.file}, {where}{column}{value}: {self.message}"


@dataclass
class Conflict:
    """Two sources disagree on a project's field; ``used`` is the value Slipline uses."""

    project_id: str
    field: str
    values: list[str]
    used: str


@dataclass
class Reading:
    """How one value of a date column was read: the cell as written, its interval as text
    ("Q3 2014" → "Jul 2014 – Sep 2014"), and the interval's bounds as ISO dates."""

    value: str
    reading: str
    earliest: str
    latest: str


@dataclass
class FileReport:
    """What was detected in one input file and how many of its records were read."""

    path: str
    format: str = "unknown"
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    records: int = 0  # data records in the file: rows read + records unread
    error: str | None = None  # set when the whole file could not be loaded
    # Roles a table of this layout needs that no header provided, or that several headers claim
    # ("name or project_id", "date"): the window asks with the mapping dialog; the command line
    # reports a file-level problem. Empty when the mapping is complete.
    unresolved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what detection decided beyond the fields
    header_line: int = 1  # the header's line in the file (title rows and sep= lines above it)
    sheet: str | None = None  # the workbook sheet, for .xlsx files
    mapping_source: str = "automatic"  # or "chosen" when the caller passed a mapping
    # "day-first" or "month-first" when chosen for numeric dates like 03/04/2013; empty: each
    # date column's order is decided from its values (and reported when they do not decide).
    date_order: str = ""
    # A few values of each date column read (by header, in the order the columns were read):
    # what the analyst checks before publishing (``data.ledger.readings``).
    readings: dict[str, list[Reading]] = field(default_factory=dict)
    # Not in the JSON report: the file's header set (what a remembered mapping is keyed by),
    # and whether a date column's numeric dates did not decide their day/month order.
    headers: list[str] = field(default_factory=list)
    date_order_unclear: bool = False
    # The file's status date (ISO; empty: none) — the analyst's, else its own, else a
    # history's latest report date; its notes say which (``data.ledger.status``).
    status_date: str = ""
    schedule: bool = False  # a scheduling tool's file (its tasks, not a table); not in the JSON
    # What the reading of a report-date column said of it as a whole (a fiscal year assumed):
    # reported as problems once the table is known to be a history. Not in the JSON.
    report_date_messages: list[str] = field(default_factory=list)


# FileReport fields that the JSON report leaves out (or writes only when set).
_NOT_IN_JSON = (
    "error",
    "sheet",
    "mapping_source",
    "headers",
    "date_order_unclear",
    "status_date",
    "schedule",
    "report_date_messages",
)


@dataclass
class LoadReport:
    """Everything a load found; ``to_json`` is the ``slipline inspect --json`` contract."""

    files: list[FileReport] = field(default_factory=list)
    projects: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # The default as-of date (ISO): the latest of the files' status dates when every loaded file
    # has one; empty: today. ``as_of_reason`` says which, for the report.
    as_of: str = ""
    as_of_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object of ``slipline inspect --json`` (docs/contracts.md)."""
        files = []
        for report in self.files:
            entry = {k: v for k, v in asdict(report).items() if k not in _NOT_IN_JSON}
            if report.sheet is not None:
                entry["sheet"] = report.sheet
            if report.error is not None:
                entry["error"] = report.error
            files.append(entry)
        return {
            "files": files,
            "projects": self.projects,
            "events": self.events,
            "problems": [_problem_json(p) for p in self.problems],
            "conflicts": [asdict(c) for c in self.conflicts],
        }

    def summary(self, *, readings: bool = True) -> str:
        """A few human-readable lines (the text form of ``slipline inspect``); ``readings``:
        with a few values of each date column beside how each was read."""
        lines = []
        for f in self.files:
            if f.error is not None:
                lines.append(f"{f.path}: not loaded: {f.error}")
                continue
            sheet = f" (sheet {f.sheet})" if f.sheet else ""
            if f.schedule:  # tasks, not a table
                lines.append(f"{f.path}: {f.format}, {f.rows} tasks")
            else:
                lines.append(
                    f"{f.path}{sheet}: {f.format}, {f.encoding}, delimiter {f.delimiter!r}, "
                    f"{f.rows} rows"
                )
                mapped = ", ".join(f"{h} → {r}" for h, r in f.mapping.items())
                lines.append(f"  columns: {mapped}")
            if f.date_order:
                lines.append(f"  dates like 03/04/2013 read {f.date_order} (chosen)")
            for note in f.notes:
                lines.append(f"  note: {note}")
            if f.unresolved:
                lines.append(f"  unresolved: {', '.join(f.unresolved)}")
            for header, read in f.readings.items() if readings else ():
                lines.append(f"  dates in {header!r} read as:")
                lines.extend(f"    {r.value} → {r.reading}" for r in read)
        lines.append(f"{self.projects} projects, {self.events} events")
        if self.as_of_reason:
            lines.append(f"default as-of: {self.as_of or 'today'} ({self.as_of_reason})")
        lines.append(f"{len(self.problems)} problems, {len(self.conflicts)} conflicts")
        lines.extend(f"  {p.describe()}" for p in self.problems)
        for c in self.conflicts:
            lines.append(
                f"  conflict {c.project_id}.{c.field}: {' vs '.join(c.values)} (using {c.used})"
            )
        return "\n".join(lines)


def _problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as JSON: file, row, column, value, message, and ``task_id`` only for a task of
    a schedule file (the contract's fields stay as they were for tables)."""
    entry = asdict(problem)
    if entry["task_id"] is None:
        del entry["task_id"]
    return entry
