"""GanttProject's ``.gan`` files (XML): the tasks, their nesting, and the previous states.

The file: a root ``<project name=… version=…>`` holding ``<calendars>`` (``<day-types>`` with a
``<default-week sun= mon= … sat=>``, 0 = a working day, 1 = a day off; ``<date year= month=
date= type=>``: ``HOLIDAY`` a day off, ``WORKING_DAY`` a working day, no year = every year),
``<tasks>`` with nested ``<task id= name= start= duration= complete= meeting=>`` (a task holding
tasks is a summary; ``meeting="true"`` a milestone; ``start`` a day ``YYYY-MM-DD``; ``duration``
whole working days; ``complete`` percent) and ``<previous>``: the "previous states" (baselines)
saved from GanttProject, each a ``<previous-tasks name=…>`` of ``<previous-task id= start=
duration= meeting= super=>``, in the order they were saved.

What is read:

- ``finish``: GanttProject stores no finish; it is the task's last working day
  (:mod:`data.schedules.workdays`, the file's own week and holidays), the day GanttProject
  shows as the task's end. A milestone finishes on its start day.
- The first previous state is the baseline (``baseline_start``, ``baseline_finish``), the next
  ones ``baseline1_finish`` … ``baseline10_finish`` in file order; a state's tasks are matched to
  the plan's by id. A state records no day of its saving, only a name: a name that is a day
  (``2024-03-01``) is taken as that day (``baselineN_saved``).
- No status date (GanttProject has none), no actual dates (only ``complete``).
"""

from __future__ import annotations

import re

import pandas as pd

from data.report import LoadError, Problem
from data.schedules import xmltree
from data.schedules.model import MAX_BASELINES, Schedule, empty_tasks, task_problem
from data.schedules.workdays import MAX_DURATION, WorkCalendar, finishes

FORMAT = "GanttProject"

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ROOT = re.compile(rb"<project[\s>]")
# Attributes only GanttProject writes on its root (GNOME Planner's root is also <project …>).
_GAN_ATTRIBUTES = (b"view-date=", b"gantt-divider-location=", b"view-index=", b"version=")
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def recognise(head: bytes) -> bool:
    """Whether the file's first bytes are a GanttProject file: the first element is a lowercase
    ``<project`` with GanttProject's own attributes (not GNOME Planner's ``mrproject-version``)."""
    tag = xmltree.first_tag(head)
    if tag is None or not _ROOT.match(tag):
        return False
    if b"mrproject-version=" in tag or b"project-start=" in tag:
        return False
    return any(a in tag for a in _GAN_ATTRIBUTES)


def read(data: bytes, name: str) -> Schedule:
    """The tasks of a GanttProject file (module docstring); :class:`LoadError` when the bytes
    are not whole XML, refuse entities, or are not a GanttProject file after all."""
    root = xmltree.parse(data, name, "a GanttProject file")
    if root.tag != "project" or root.child("tasks") is None:
        raise LoadError(f"{name}: not a GanttProject file: no <project> with <tasks>")
    calendar = _calendar(root)
    problems: list[Problem] = []
    rows = _read_tasks(root, name, calendar, problems)
    tasks = empty_tasks(len(rows))
    for column in rows[0] if rows else ():
        tasks[column] = pd.Series([r[column] for r in rows], dtype=tasks[column].dtype)
    notes = [
        "GanttProject records no status date",
        "finish: the last working day of the task's duration (working days: "
        f"{_describe(calendar)})",
    ]
    baselines = _read_states(root, name, calendar, tasks, problems, notes)
    return Schedule(FORMAT, tasks, "", problems, notes, baselines, "complete")


def _calendar(root: xmltree.Node) -> WorkCalendar:
    """The working week and exceptions of ``<calendars>`` (Monday–Friday when absent)."""
    calendar = WorkCalendar()
    calendars = root.child("calendars")
    if calendars is None:
        return calendar
    day_types = calendars.child("day-types")
    week = day_types.child("default-week") if day_types is not None else None
    if week is not None:
        calendar.week = tuple(week.attrs.get(d, "0").strip() == "0" for d in _WEEK)
    for date in calendars.all("date"):
        kind = date.attrs.get("type", "HOLIDAY").upper()
        try:
            month, day = int(date.attrs.get("month", "")), int(date.attrs.get("date", ""))
            year = date.attrs.get("year", "").strip()
            iso = f"{int(year):04d}-{month:02d}-{day:02d}" if year else ""
            pd.Timestamp(iso or f"2000-{month:02d}-{day:02d}")  # a real day (29 Feb in 2000)
        except ValueError:
            continue
        if kind == "WORKING_DAY" and iso:
            calendar.working.add(iso)
        elif kind == "HOLIDAY" and iso:
            calendar.holidays.add(iso)
        elif kind == "HOLIDAY":
            calendar.yearly_holidays.add((month, day))
    return calendar


def _describe(calendar: WorkCalendar) -> str:
    days = [d.capitalize() for d, on in zip(_WEEK, calendar.week, strict=True) if on]
    holidays = len(calendar.holidays) + len(calendar.yearly_holidays)
    text = ", ".join(days) or "none in the week"
    if holidays:
        text += f"; {holidays} holiday{'s' if holidays != 1 else ''}"
    if calendar.working:
        text += f"; {len(calendar.working)} day(s) off declared working"
    return text


def _day(text: str) -> str | None:
    """``YYYY-M-D`` as an ISO day, or None when it is not a real day."""
    match = _DAY.match(text.strip())
    if not match:
        return None
    iso = "{:04d}-{:02d}-{:02d}".format(*(int(g) for g in match.groups()))
    try:
        pd.Timestamp(iso)
    except ValueError:
        return None
    return iso


def _length(text: str) -> int | None:
    """A duration in whole working days (0 … MAX_DURATION), or None."""
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if 0 <= value <= MAX_DURATION else None


def _read_tasks(
    root: xmltree.Node, name: str, calendar: WorkCalendar, problems: list[Problem]
) -> list[dict[str, object]]:
    """One row per ``<task>``, depth first (the file's order), with its finish worked out."""
    tasks_node = root.child("tasks")
    assert tasks_node is not None
    rows: list[dict[str, object]] = []
    stack = [(t, 1, "") for t in reversed(tasks_node.all("task"))]
    while stack:
        node, level, path = stack.pop()
        rows.append(_task_row(node, level, path, name, problems))
        children = node.all("task")
        inner = f"{path} / {rows[-1]['name']}" if path else str(rows[-1]["name"])
        stack.extend((c, level + 1, inner) for c in reversed(children))
    dated = [i for i, r in enumerate(rows) if r["start"] and r["_length"] is not None]
    ends = finishes(
        calendar,
        [str(rows[i]["start"]) for i in dated],
        [0 if rows[i]["milestone"] else int(str(rows[i]["_length"])) for i in dated],
    )
    for i, end in zip(dated, ends, strict=True):
        rows[i]["finish"] = end
        if not end:
            problems.append(_no_working_day(name, rows[i]))
    for row in rows:
        del row["_length"]
    return rows


def _task_row(
    node: xmltree.Node, level: int, path: str, name: str, problems: list[Problem]
) -> dict[str, object]:
    attrs = node.attrs
    task_id = attrs.get("id", "").strip()
    start = _day(attrs.get("start", ""))
    length = _length(attrs.get("duration", "0"))
    if start is None:
        problems.append(
            task_problem(name, node.line, "start", attrs.get("start", ""), _BAD_START, task_id)
        )
    if length is None:
        problems.append(
            task_problem(
                name, node.line, "duration", attrs.get("duration", ""), _BAD_LENGTH, task_id
            )
        )
    return {
        "task_id": task_id,
        "name": attrs.get("name", "").strip(),
        "line": node.line,
        "outline_level": level,
        "wbs_path": path,
        "summary": bool(node.all("task")),
        "milestone": attrs.get("meeting", "").strip().lower() == "true",
        "start": start or "",
        "finish": "",
        "percent_complete": attrs.get("complete", "").strip(),
        "_length": length,
    }


_BAD_START = "unreadable start (expected a day YYYY-MM-DD); the task has no dates"
_BAD_LENGTH = f"unreadable duration (expected whole working days, 0 to {MAX_DURATION:,})"


def _no_working_day(name: str, row: dict[str, object]) -> Problem:
    return task_problem(
        name,
        int(str(row["line"])),
        "duration",
        str(row["_length"]),
        "no finish: the calendar has no working day to end the task on",
        str(row["task_id"]),
    )


def _read_states(
    root: xmltree.Node,
    name: str,
    calendar: WorkCalendar,
    tasks: pd.DataFrame,
    problems: list[Problem],
    notes: list[str],
) -> int:
    """Fill the baseline columns from ``<previous>``; the number of numbered baselines."""
    previous = root.child("previous")
    states = previous.all("previous-tasks") if previous is not None else []
    if not states:
        return 0
    if len(states) > MAX_BASELINES + 1:
        notes.append(
            f"{len(states)} previous states: the first {MAX_BASELINES + 1} read (a baseline and "
            f"{MAX_BASELINES} numbered baselines), the last {len(states) - MAX_BASELINES - 1} not"
        )
        states = states[: MAX_BASELINES + 1]
    where = {tid: i for i, tid in enumerate(tasks["task_id"]) if tid}
    names = []
    for number, state in enumerate(states):
        prefix = "baseline" if number == 0 else f"baseline{number}"
        label = state.attrs.get("name", "")
        names.append(f"{label!r} → {prefix}")
        saved = _day(label) if number else None
        ends = _state_finishes(state, name, calendar, problems)
        for task_id, (start, end) in ends.items():
            if task_id not in where:
                continue
            if number == 0:
                tasks.at[where[task_id], "baseline_start"] = start
            tasks.at[where[task_id], f"{prefix}_finish"] = end
            if saved:
                tasks.at[where[task_id], f"baseline{number}_saved"] = saved
    notes.append("previous states: " + ", ".join(names))
    return len(states) - 1


def _state_finishes(
    state: xmltree.Node, name: str, calendar: WorkCalendar, problems: list[Problem]
) -> dict[str, tuple[str, str]]:
    """Task id → (start, finish) in one previous state; its unreadable tasks are problems."""
    good: list[tuple[str, str, int]] = []
    label = state.attrs.get("name", "")
    for node in state.all("previous-task"):
        attrs = node.attrs
        task_id = attrs.get("id", "").strip()
        start = _day(attrs.get("start", ""))
        length = _length(attrs.get("duration", "0"))
        if start is None or length is None:
            field_name, value = ("start", "") if start is None else ("duration", "")
            problems.append(
                task_problem(
                    name,
                    node.line,
                    f"previous state {label!r} {field_name}",
                    attrs.get(field_name, value),
                    "unreadable; this task's finish in that state is not read",
                    task_id,
                )
            )
            continue
        milestone = attrs.get("meeting", "").strip().lower() == "true"
        good.append((task_id, start, 0 if milestone else length))
    ends = finishes(calendar, [g[1] for g in good], [g[2] for g in good])
    return {g[0]: (g[1], end) for g, end in zip(good, ends, strict=True)}
