"""A scheduling tool's file (MS Project XML, Primavera P6, GanttProject…) into the ledger's
rows: its tasks converted (:mod:`data.schedules.convert`: projects, the baselines as promise
statements, the summaries as the group path), then read like any table, by their own column
names — never detected, never asked in the mapping dialog.

The current finish of an unfinished task stays the projects table's ``forecast_end``: the
builder makes it the promise in force, stated on the status date (``data.ledger.merge``,
``forecast_promises``), after the baselines, even though the task has statements of its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.ledger.cells import Checkpoint
from data.ledger.merge import fill_missing_ids
from data.ledger.status import StatusDate, iso_day, read_status_date
from data.ledger.tables import events_from, projects_from
from data.reading import LINE_COLUMN, RawTable
from data.schedules.convert import LINE, STATEMENT_MAPPING, convert


def own_status(raw: RawTable) -> StatusDate | None:
    """A schedule's own status date (MS Project ``StatusDate``, P6 data date), if it has one."""
    text = raw.schedule.status_date if raw.schedule is not None else ""
    day = read_status_date(text[:10]) if text else None
    return None if day is None else StatusDate(day, text, "file")


def schedule_rows(
    raw: RawTable,
    status: StatusDate | None,
    fiscal_start: int | None,
    checkpoint: Checkpoint,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects and statements of one schedule file; ``status`` is its status date in
    force (None: none, the current finishes are undated)."""
    assert raw.schedule is not None
    day = iso_day(status.day) if status is not None else ""
    converted = convert(raw.schedule, day)
    raw.report.notes.extend(converted.notes)
    summaries = converted.summaries
    if summaries:
        raw.report.notes.append(
            f"{summaries} summary task(s) became the grouping (attribute group_path), "
            f"{converted.tasks} task(s) are projects"
        )
    tables = []
    for frame, mapping, make in (
        (converted.projects, converted.project_mapping, projects_from),
        (converted.statements, STATEMENT_MAPPING, events_from),
    ):
        table = RawTable(
            frame=frame.rename(columns={LINE: LINE_COLUMN}),
            report=raw.report,
            problems=raw.problems,
        )
        rows = make(
            table,
            mapping,
            raw.problems,
            dayfirst=False,
            fiscal_start=fiscal_start,
            checkpoint=checkpoint,
        )
        tables.append(fill_missing_ids(rows, table, "task"))
    raw.report.rows = len(raw.schedule.tasks)  # (tasks read: the ids filled never drop any)
    _task_ids(raw)
    return tables[0], tables[1]


def _task_ids(raw: RawTable) -> None:
    """Problems found on a task's line name the task (a reader's own problems already do)."""
    assert raw.schedule is not None
    tasks = raw.schedule.tasks
    by_line = dict(zip(tasks["line"].tolist(), tasks["task_id"].tolist(), strict=True))
    if len(by_line) != len(tasks):  # several tasks on one line (a file without line breaks)
        return
    for problem in raw.problems:
        if problem.task_id is None and problem.row in by_line:
            problem.task_id = str(by_line[problem.row])


def day_of(status: StatusDate | None) -> np.datetime64 | None:
    return None if status is None else status.day
