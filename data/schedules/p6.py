"""What Primavera P6's two files (XER and P6 XML) share once read: projects, WBS nodes and
activities become one tasks frame, WBS nodes first as summaries, their activities and child
nodes under them, and the WBS path of each row.

Both readers hand over the same three lists; the rules, common to both formats:

- The project node (XER's PROJWBS row with ``proj_node_flag`` Y; in P6 XML the project itself)
  is not a WBS node: its children are the top of the tree. Every other WBS node is a summary
  row whose ``task_id`` is its WBS code (the nodes' short codes from the top, joined with
  ``.``), ``wbs_path`` the names of the nodes above it and ``outline_level`` its depth.
- An activity sits one level below its WBS node, ``wbs_path`` ending with that node's name; an
  activity whose WBS node is missing (or is the project node) sits at the top of its project.
- ``schedule_project`` is the project's short name (``proj_short_name``, P6 XML ``Id``) when the
  file holds more than one project, else "".
- Dates keep the file's text, made ISO (``2019-03-01 08:00`` → ``2019-03-01T08:00``); a value
  that is not a date is reported under its field, by task, a whole column at once when more
  than a few tasks share the fault.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from data.report import Problem
from data.schedules.model import TASK_COLUMNS, empty_tasks, task_problem

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")
# Beyond this many tasks with the same unreadable field, one problem names them all.
_EACH = 10


@dataclass
class Project:
    """One project of the file (baselines not included)."""

    key: str  # proj_id / ObjectId
    short_name: str  # proj_short_name / Id
    data_date: str = ""  # ISO text as the file gives it
    line: int = 0


@dataclass
class Wbs:
    """One WBS node (the project node excluded)."""

    key: str
    parent: str  # the parent node's key ("" or a key not in the file: the top)
    name: str
    code: str  # its own short code (wbs_short_name / Code)
    project: str  # the project's key
    line: int
    seq: float = 0.0  # the order among its siblings (seq_num / SequenceNumber)


@dataclass
class Activity:
    """One activity: its TASK_COLUMNS values (text), and the WBS node and project it sits in."""

    values: dict[str, object]
    wbs: str
    project: str
    dates: dict[str, str] = field(default_factory=dict)  # the file's field name → its text


def iso(text: str) -> str:
    """The file's date text made ISO: the space between day and time becomes ``T``."""
    text = text.strip()
    if len(text) > 10 and text[10] == " ":
        return f"{text[:10]}T{text[11:]}"
    return text


def date_value(text: str) -> str:
    """The ISO text of a date field, "" when it is empty or not a date (:func:`date_problems`
    reports those)."""
    text = text.strip()
    return iso(text) if _DATE.fullmatch(text) else ""


def day(text: str) -> str:
    """The ISO day of a date text ("" when it is not a date)."""
    text = text.strip()
    return text[:10] if _DATE.fullmatch(text) else ""


def percent(value: float) -> str:
    """A percentage as text: ``25``, ``33.3``."""
    return f"{round(value, 4):g}"


def tasks_frame(
    projects: list[Project], nodes: list[Wbs], activities: list[Activity]
) -> pd.DataFrame:
    """The tasks frame: per project in file order, each WBS node followed by its activities and
    then its child nodes (by sequence number, then file order); activities outside the tree
    first."""
    by_parent: dict[str, list[Wbs]] = defaultdict(list)
    keys = {n.key for n in nodes}
    for node in sorted(nodes, key=lambda n: n.seq):
        by_parent[node.parent if node.parent in keys else f"project:{node.project}"].append(node)
    held: dict[str, list[Activity]] = defaultdict(list)
    for act in activities:
        held[act.wbs if act.wbs in keys else f"project:{act.project}"].append(act)
    several = len(projects) > 1
    names = {p.key: (p.short_name if several else "") for p in projects}
    rows: list[dict[str, object]] = []

    def visit(owner: str, path: list[str], codes: list[str], project: str) -> None:
        for act in held.get(owner, []):
            rows.append(_activity_row(act, path, names.get(project, "")))
        for node in by_parent.get(owner, []):
            here = [*codes, node.code or node.key]
            rows.append(_node_row(node, path, ".".join(here), names.get(project, "")))
            visit(node.key, [*path, node.name], here, project)

    for project in projects:
        visit(f"project:{project.key}", [], [], project.key)
    return _frame(rows)


def _activity_row(act: Activity, path: list[str], project: str) -> dict[str, object]:
    row = dict(act.values)
    row.update(outline_level=len(path) + 1, wbs_path=" / ".join(path), schedule_project=project)
    return row


def _node_row(node: Wbs, path: list[str], code: str, project: str) -> dict[str, object]:
    return {
        "task_id": code,
        "name": node.name,
        "line": node.line,
        "outline_level": len(path) + 1,
        "wbs_path": " / ".join(path),
        "schedule_project": project,
        "summary": True,
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    tasks = empty_tasks(len(rows))
    if not rows:
        return tasks
    given = pd.DataFrame.from_records(rows)
    for column in TASK_COLUMNS:
        if column in given.columns:
            default = tasks[column].iloc[0]
            filled = given[column].where(given[column].notna(), default)
            tasks[column] = filled.astype(type(default)).to_numpy()
    return tasks


def date_problems(file: str, activities: list[Activity]) -> list[Problem]:
    """Each activity's date that is not a date, by field: one problem per task while few tasks
    share the fault, one for the whole field beyond that."""
    bad: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for act in activities:
        for name, text in act.dates.items():
            if text.strip() and not _DATE.fullmatch(text.strip()):
                bad[name].append((int(str(act.values["line"])), str(act.values["task_id"]), text))
    problems = []
    for name, faults in bad.items():
        if len(faults) <= _EACH:
            problems += [
                task_problem(file, line, name, text, "not a date; left empty", task)
                for line, task, text in faults
            ]
            continue
        line, task, text = faults[0]
        message = f"{len(faults):,} tasks with a {name} that is not a date (lines {line}–"
        message += f"{faults[-1][0]}); left empty"
        problems.append(task_problem(file, line, name, text, message, task))
    return problems


def status_date(projects: list[Project]) -> tuple[str, list[str]]:
    """The file's status date: its projects' data date, the latest when they differ (said in a
    note)."""
    days = {p.short_name: day(p.data_date) for p in projects if day(p.data_date)}
    if not days:
        return "", []
    latest = max(days.values())
    if len(set(days.values())) == 1:
        return latest, []
    each = ", ".join(f"{name} {d}" for name, d in days.items())
    return latest, [f"the projects' data dates differ ({each}); the latest is the status date"]
