"""What every schedule reader hands over: a :class:`Schedule`, the tasks of one scheduling tool's
file in one shape, whatever the tool (MS Project XML, Primavera XER / PMXML, GanttProject, and
through MPXJ ``.mpp``, MPX and GNOME Planner).

A reader only reads: it fills :data:`TASK_COLUMNS` from the file's own fields (as ISO text, the
dates exactly as the file gives them, day or day-and-time), records what it could not read as
problems naming the task and the field, and never decides what a promise is. Turning tasks into
projects and statements (baselines as promises, the current finish as the promise in force at the
status date, summaries as the group path) is :mod:`data.schedules.convert`'s one job, the same
for every format.

The bottom room of ``data.schedules``: it imports nothing of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.report import Problem

# The numbered baselines a file may carry besides its baseline (MS Project: Baseline1–10).
MAX_BASELINES = 10

# One row per task (summary tasks and WBS nodes included: ``summary`` says which). Every column
# is text ("" when the file has no value), except ``line`` (int), ``outline_level`` (int, 0 when
# unknown) and the two flags (bool).
TASK_COLUMNS: tuple[str, ...] = (
    "task_id",  # the file's own id of the task (MS Project UID, P6 task_code, GanttProject id)
    "name",
    "line",  # 1-based line of the task's record or element in the file (problems point at it)
    "outline_level",  # 1 = top; a task's parents are the nearest summaries above it, one up
    "wbs_path",  # the names of the WBS nodes / summaries above it, joined with " / "; "" when
    # the reader leaves it to the outline levels
    "schedule_project",  # the project of a multi-project file (P6: proj_short_name), else ""
    "summary",  # a summary task or WBS node, not a project of its own
    "milestone",
    "start",  # the current (planned or forecast) start
    "finish",  # the current finish: the promise in force at the status date
    "actual_start",
    "actual_finish",
    "baseline_start",  # the baseline's (MS Project: Baseline 0; P6: target_start_date)
    "baseline_finish",  # the first promise
    *(f"baseline{n}_finish" for n in range(1, MAX_BASELINES + 1)),
    # When the file records it, the day each numbered baseline was saved (MS Project's
    # BaselineN "saved on"; GanttProject's previous state's date): the date of that promise.
    *(f"baseline{n}_saved" for n in range(1, MAX_BASELINES + 1)),
    "percent_complete",  # as written ("100", "45.5"); "" when the file has none
)


@dataclass
class Schedule:
    """The tasks of one schedule file, and what the reader learnt about the file."""

    format: str  # "MS Project XML", "Primavera P6 XER", "Primavera P6 XML", "GanttProject", …
    tasks: pd.DataFrame  # TASK_COLUMNS, one row per task
    status_date: str = ""  # ISO day of the file's status / data date; "" when it has none
    problems: list[Problem] = field(default_factory=list)  # row: the task's line; column: field
    notes: list[str] = field(default_factory=list)  # what the reader decided beyond the fields
    baselines: int = 0  # how many numbered baselines (besides the baseline) the file carries
    # The file's field that gives ``percent_complete`` (problems about a completed task name it).
    percent_field: str = "percent complete"

    def __post_init__(self) -> None:
        missing = [c for c in TASK_COLUMNS if c not in self.tasks.columns]
        if missing:
            raise ValueError(f"a schedule's tasks lack the columns {missing}")


def empty_tasks(n: int = 0) -> pd.DataFrame:
    """A tasks frame of ``n`` rows with every column empty (readers fill what they find)."""
    columns: dict[str, object] = {c: [""] * n for c in TASK_COLUMNS}
    columns["line"] = [0] * n
    columns["outline_level"] = [0] * n
    columns["summary"] = [False] * n
    columns["milestone"] = [False] * n
    return pd.DataFrame(columns)


def task_problem(
    file: str,
    line: int | None,
    field_name: str | None,
    value: str | None,
    message: str,
    task_id: str | None,
) -> Problem:
    """A problem with a task: ``row`` the line of its record or element, ``column`` the field
    (``Baseline1.Finish``, ``target_end_date``), ``value`` the field's text, ``task_id`` the
    task's own id."""
    return Problem(file, line, field_name, value, message, task_id)
