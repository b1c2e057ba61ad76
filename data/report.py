"""The load report: what was detected in each file, the counts, and every problem and conflict."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class LoadError(Exception):
    """A file could not be loaded at all; the message names the file and says why."""


@dataclass
class Problem:
    """One thing wrong in a file: a cell (row and column) or a whole record (no column)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str


@dataclass
class Conflict:
    """Two sources disagree on a project's field; ``used`` is the value Slipline uses."""

    project_id: str
    field: str
    values: list[str]
    used: str


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


@dataclass
class LoadReport:
    """Everything a load found; ``to_json`` is the ``slipline inspect --json`` contract."""

    files: list[FileReport] = field(default_factory=list)
    projects: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object of DESIGN §6."""
        files = []
        for report in self.files:
            entry = {k: v for k, v in asdict(report).items() if k not in ("records", "error")}
            if report.error is not None:
                entry["error"] = report.error
            files.append(entry)
        return {
            "files": files,
            "projects": self.projects,
            "events": self.events,
            "problems": [asdict(p) for p in self.problems],
            "conflicts": [asdict(c) for c in self.conflicts],
        }

    def summary(self) -> str:
        """A few human-readable lines (the text form of ``slipline inspect``)."""
        lines = []
        for f in self.files:
            if f.error is not None:
                lines.append(f"{f.path}: not loaded: {f.error}")
                continue
            lines.append(
                f"{f.path}: {f.format}, {f.encoding}, delimiter {f.delimiter!r}, {f.rows} rows"
            )
            mapped = ", ".join(f"{h} → {r}" for h, r in f.mapping.items())
            lines.append(f"  columns: {mapped}")
        lines.append(f"{self.projects} projects, {self.events} events")
        lines.append(f"{len(self.problems)} problems, {len(self.conflicts)} conflicts")
        for p in self.problems:
            where = f"row {p.row}" if p.row is not None else "file"
            col = f", column {p.column!r}" if p.column else ""
            val = f": {p.value!r}" if p.value not in (None, "") else ""
            lines.append(f"  {p.file}, {where}{col}{val}: {p.message}")
        for c in self.conflicts:
            lines.append(
                f"  conflict {c.project_id}.{c.field}: {' vs '.join(c.values)} (using {c.used})"
            )
        return "\n".join(lines)
