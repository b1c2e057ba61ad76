"""A schedule's tasks → Slipline's own tables: projects, and the promise statements of their
baselines, in Slipline's column names (the ledger builder maps them by name, no detection).

The rules, the same for every format:

- Each task that is not a summary (nor a WBS node) is a project. Its id is the task's own id;
  in a file of several projects whose ids collide, ``schedule_project/task_id``.
- The group path (attribute ``group_path``) is the reader's WBS path, else the names of the
  summaries above the task by outline level (the last summary seen at each shallower level),
  joined with " / ". The project of a multi-project file is the attribute ``schedule_project``.
- Start: the actual start, else the start. The baseline start is the promised duration's start.
  The actual finish is the actual end.
- The baseline's finish is the first promise; the numbered baselines 1–10 are further promises
  in number order. Each is dated by the day its baseline was saved where the file records one;
  else it is known from the task's start (or the status date, when the task starts after it),
  so that the baselines come before the current finish, in number order (statements on the same
  day keep their order). The baseline itself is dated on the earliest of these days.
- A task 100 % complete (or more) is completed, as a table's "% complete" of 100:
  its status is ``completed``, and its current finish is no promise (only the finish of an
  unfinished task is). Where the file gives it no actual finish, its slip cannot be measured
  and the load report says so (a completed project without an actual end, as for tables).
  A lower or missing percentage leaves the status to the actual finish (completed with one,
  else ongoing): P6's physical percent complete may stay under 100 on a finished activity.
- The current finish of an unfinished task is the promise in force, stated on the status date
  (the analyst's, else the file's own) or, with none, undated: current on every as-of date. It
  is the projects table's ``forecast_end``; the ledger builder turns it into that statement.

No Qt, no ledger: plain frames of text, one row per task or statement, each with the line of
its task in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.schedules.model import MAX_BASELINES, Schedule

GROUP_PATH = "group_path"
SCHEDULE_PROJECT = "schedule_project"
SEPARATOR = " / "
LINE = "line"

# The projects table's columns and their roles (the attributes are their own role).
PROJECT_MAPPING = {
    "project_id": "project_id",
    "name": "name",
    "start": "start",
    "baseline_start": "baseline_start",
    "forecast_end": "forecast_end",
    "actual_end": "actual_end",
    "status": "status",
    GROUP_PATH: GROUP_PATH,
}
STATEMENT_MAPPING = {
    "project_id": "project_id",
    "name": "name",
    "date": "date",
    "promised": "promised",
    "text": "text",
}


@dataclass
class Converted:
    """What a schedule gives the ledger: its projects, its baselines' statements, and counts."""

    projects: pd.DataFrame  # PROJECT_MAPPING's columns (+ schedule_project), and LINE
    project_mapping: dict[str, str]
    statements: pd.DataFrame  # STATEMENT_MAPPING's columns and LINE
    tasks: int = 0
    summaries: int = 0
    milestones: int = 0
    notes: list[str] = field(default_factory=list)


def group_paths(tasks: pd.DataFrame) -> list[str]:
    """Each task's group path: its WBS path, else the summaries above it by outline level."""
    above: dict[int, str] = {}
    project = None
    out = []
    for wbs, level, name, summary, owner in zip(
        tasks["wbs_path"].tolist(),
        tasks["outline_level"].tolist(),
        tasks["name"].tolist(),
        tasks["summary"].tolist(),
        tasks["schedule_project"].tolist(),
        strict=True,
    ):
        if owner != project:  # each project of a multi-project file has its own outline
            above, project = {}, owner
        level = int(level) if level else 1
        path = SEPARATOR.join(above[k] for k in sorted(above) if k < level)
        out.append(str(wbs) if wbs else path)
        above = {k: v for k, v in above.items() if k < level}
        if summary:
            above[level] = str(name)
    return out


def _ids(tasks: pd.DataFrame) -> tuple[pd.Series, bool]:
    """Task ids as project ids; prefixed by their project when a multi-project file's collide."""
    ids = tasks["task_id"].astype(str)
    owners = tasks["schedule_project"].astype(str)
    if owners.nunique() > 1 and ids.duplicated().any():
        return owners + "/" + ids, True
    return ids, False


def _texts(tasks: pd.DataFrame, column: str) -> np.ndarray:
    """A column's values as text (object array)."""
    return tasks[column].astype(str).to_numpy(dtype=object)


def _days(tasks: pd.DataFrame, column: str) -> np.ndarray:
    """A column's values as days: the ISO day of a date or date-and-time
    (``2019-03-01T08:00:00`` → ``2019-03-01``), "" where there is none."""
    values = tasks[column].astype(str).str.strip().str[:10]
    return values.to_numpy(dtype=object)


def _filled(tasks: pd.DataFrame, column: str) -> np.ndarray:
    """Where a column has a value (any true value: a non-empty text)."""
    return tasks[column].to_numpy(dtype=object).astype(bool)


def _statuses(tasks: pd.DataFrame) -> np.ndarray:
    """``completed`` where the task is 100 % complete or more, else "" (the actual finish
    decides)."""
    pct = pd.to_numeric(tasks["percent_complete"].astype(str).str.strip(), errors="coerce")
    return np.where(pct.to_numpy(dtype=float) >= 100, "completed", "").astype(object)


def _known_days(tasks: pd.DataFrame, status_day: str) -> np.ndarray:
    """The day each task's baselines without a saved date are known from: the task's start (its
    actual start, else its start, else its baseline start), or the status date when that is
    earlier."""
    start = np.full(len(tasks), "", dtype=object)
    for column in ("baseline_start", "start", "actual_start"):  # the first filled one wins
        start = np.where(_filled(tasks, column), _days(tasks, column), start)
    if status_day:
        earlier = (start == "") | (start > status_day)
        start = np.where(earlier, status_day, start)
    return start


def _statements(tasks: pd.DataFrame, ids: pd.Series, status_day: str) -> pd.DataFrame:
    """The baselines of each task as promise statements, in number order per task, built column
    by column: one block per baseline number, then put in task order."""
    known = _known_days(tasks, status_day)
    first_day = known.copy()  # the earliest of the known day and the saved days
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, str]] = []
    for number in range(1, MAX_BASELINES + 1):
        has = _filled(tasks, f"baseline{number}_finish")
        if not has.any():
            continue
        saved = np.where(has, _days(tasks, f"baseline{number}_saved"), "")
        dated = saved != ""
        first_day = np.where(dated & ((first_day == "") | (saved < first_day)), saved, first_day)
        finish = _texts(tasks, f"baseline{number}_finish")
        blocks.append((has, np.where(dated, saved, known), finish, f"baseline {number}"))
    base = (_filled(tasks, "baseline_finish"), first_day, _texts(tasks, "baseline_finish"))
    blocks.insert(0, (*base, "baseline"))
    rows = np.concatenate([np.flatnonzero(has) for has, *_ in blocks])
    order = np.argsort(rows, kind="stable")  # per task, the blocks' order
    rows = rows[order]

    def joined(values: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(values)[order] if values else np.array([], dtype=object)

    dates = joined([day[has] for has, day, _, _ in blocks])
    promised = joined([finish[has] for has, _, finish, _ in blocks])
    texts = joined([np.full(int(has.sum()), text, dtype=object) for has, _, _, text in blocks])
    columns = {
        "project_id": ids.to_numpy(dtype=object)[rows],
        "name": _texts(tasks, "name")[rows],
        "date": dates,
        "promised": promised,
        "text": texts,
        LINE: tasks["line"].to_numpy(dtype="int64")[rows],
    }
    return pd.DataFrame({k: pd.Series(v, dtype=v.dtype) for k, v in columns.items()})


def convert(schedule: Schedule, status_day: str = "") -> Converted:
    """Projects and baseline statements of ``schedule``; ``status_day`` (ISO, "" for none) is
    the status date in force (the analyst's, else the file's own)."""
    tasks = schedule.tasks.reset_index(drop=True)
    paths = group_paths(tasks)
    ids, prefixed = _ids(tasks)
    work = ~tasks["summary"].to_numpy(dtype=bool)
    actual_start = tasks["actual_start"].astype(str)
    projects = pd.DataFrame(
        {
            "project_id": ids[work].to_numpy(),
            "name": tasks.loc[work, "name"].to_numpy(),
            "start": actual_start.where(actual_start != "", tasks["start"])[work].to_numpy(),
            "baseline_start": tasks.loc[work, "baseline_start"].to_numpy(),
            "forecast_end": tasks.loc[work, "finish"].to_numpy(),
            "actual_end": tasks.loc[work, "actual_finish"].to_numpy(),
            "status": _statuses(tasks)[work],
            GROUP_PATH: pd.Series(paths, dtype=object)[work].to_numpy(),
            LINE: tasks.loc[work, "line"].to_numpy(dtype="int64"),
        },
    )
    mapping = dict(PROJECT_MAPPING)
    if (tasks["schedule_project"] != "").any():
        projects.insert(
            len(projects.columns) - 1,
            SCHEDULE_PROJECT,
            tasks.loc[work, "schedule_project"].to_numpy(),
        )
        mapping[SCHEDULE_PROJECT] = SCHEDULE_PROJECT
    statements = _statements(tasks.loc[work], ids[work], status_day)
    notes = []
    if prefixed:
        notes.append("task ids repeat across the file's projects: ids are project/task")
    return Converted(
        projects=projects,
        project_mapping=mapping,
        statements=statements,
        tasks=int(work.sum()),
        summaries=int((~work).sum()),
        milestones=int(tasks.loc[work, "milestone"].astype(bool).sum()),
        notes=notes,
    )
