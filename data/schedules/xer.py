"""Primavera P6 XER files: tab-separated tables, read into a :class:`Schedule`.

The file: an ``ERMHDR`` first line (version, export day, …), then tables, each a ``%T`` line
naming it, a ``%F`` line naming its fields and ``%R`` records, the file closed by ``%E``. A field
that starts with a double quote is quoted (``""`` inside is one quote). Text is UTF-8 when it
decodes as UTF-8, else cp1252 (P6 on Western Windows), said in a note.

Three tables are read; every other table and every unknown field is ignored:

- ``PROJECT``: ``proj_id``, ``proj_short_name`` (the project's name in a multi-project file),
  ``last_recalc_date`` (the data date: the status date), ``sum_base_proj_id`` (the project
  baseline).
- ``PROJWBS``: ``wbs_id``, ``parent_wbs_id``, ``wbs_name``, ``wbs_short_name``, ``proj_id``,
  ``seq_num``, ``proj_node_flag`` (Y: the project node, not a WBS node of its own).
- ``TASK``: ``task_code`` (the activity id users see: the task's id; ``task_id`` is the file's
  internal key), ``task_name``, ``wbs_id``, ``proj_id``, ``task_type`` (``TT_Mile`` and
  ``TT_FinMile`` milestones, ``TT_WBS`` a WBS summary), actual ``act_start_date`` /
  ``act_end_date``; the current finish the actual end, else ``reend_date``, else
  ``early_end_date``; the current start the actual start, else ``restart_date``,
  ``target_start_date``, ``early_start_date``; the baseline ``target_start_date`` /
  ``target_end_date``; percent complete by ``complete_pct_type`` (physical
  ``phys_complete_pct``; duration from ``remain_drtn_hr_cnt`` of ``target_drtn_hr_cnt``;
  units from ``act_work_qty`` and ``remain_work_qty``; 100 when ``status_code`` is ``TK_Complete``).

A project whose ``sum_base_proj_id`` names another project of the same file takes its baseline
from that project (its planned dates, matched by ``task_code``); the baseline project is not a
project of its own. When the baseline is not in the file, the project's own planned dates stand
for it (as P6 shows them for "<Current Project>"), said in a note.

Records whose field count differs from their ``%F`` line are read and reported once per table
and count, never once per line: fewer fields (trailing empty fields left out) are read as empty,
in a note; extra fields are ignored, a problem; a missing ``TASK``
table is a :class:`LoadError`; a file cut before its ``%E`` line keeps the tasks read, with a
problem.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from data.report import LoadError, Problem
from data.schedules import p6
from data.schedules.model import Schedule, task_problem

FORMAT = "Primavera P6 XER"
_USED = ("PROJECT", "PROJWBS", "TASK")
_DATES = (
    "act_start_date",
    "act_end_date",
    "restart_date",
    "reend_date",
    "early_start_date",
    "early_end_date",
    "target_start_date",
    "target_end_date",
)


def recognise(head: bytes) -> bool:
    """An XER file: its first line starts with ``ERMHDR`` (after a byte-order mark)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"ERMHDR") and head[6:7] in (b"\t", b"\r", b"\n", b"")


@dataclass
class _Table:
    name: str
    line: int
    fields: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    orphans: list[tuple[int, list[str]]] = field(default_factory=list)  # %R before any %F


@dataclass
class _File:
    header: list[str]
    tables: dict[str, _Table]
    ended: bool  # the %E line was reached
    last: int  # the last line read
    strays: list[int]  # lines inside a read table that are no record
    short: list[str] = field(default_factory=list)  # notes on records with fewer fields


def read(data: bytes, name: str) -> Schedule:
    """The tasks of an XER file (see the module's docstring for the fields read)."""
    text, encoding = _decode(data)
    if not text.lstrip("\ufeff \r\n\t").startswith("ERMHDR"):
        raise LoadError(f"{name}: not a Primavera P6 XER file (its first line is not ERMHDR)")
    xer = _split(text)
    if "TASK" not in xer.tables:
        raise LoadError(
            f"{name}: a Primavera P6 XER file without a TASK table (no activities); "
            "export the project again with its activities"
        )
    problems = _shape_problems(name, xer)
    tables = {t: _records(xer.tables[t]) if t in xer.tables else [] for t in _USED}
    notes = [f"read as {encoding}", *xer.short]
    if len(xer.header) > 1:
        notes.append(
            f"XER version {xer.header[1]}" + (f" of {xer.header[2]}" * (len(xer.header) > 2))
        )
    projects, baselines, more = _projects(tables["PROJECT"], tables["TASK"])
    notes += more
    nodes = [] if not tables["PROJWBS"] else _wbs(tables["PROJWBS"])
    if "PROJWBS" not in xer.tables:
        notes.append("no PROJWBS table: the tasks have no WBS path")
    activities, task_problems = _activities(name, tables["TASK"], projects, baselines)
    problems += task_problems + p6.date_problems(name, activities)
    status, status_notes = p6.status_date(projects)
    return Schedule(
        format=FORMAT,
        tasks=p6.tasks_frame(projects, nodes, activities),
        status_date=status,
        problems=problems,
        notes=notes + status_notes,
    )


def _decode(data: bytes) -> tuple[str, str]:
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252 (the file is not UTF-8)"


def _fields(rest: str) -> list[str]:
    values = rest.split("\t")
    if '"' not in rest:
        return values
    out = []
    for v in values:
        if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
            v = v[1:-1].replace('""', '"')
        out.append(v)
    return out


def _split(text: str) -> _File:
    tables: dict[str, _Table] = {}
    header: list[str] = []
    table: _Table | None = None
    strays: list[int] = []
    last = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        last = number if line.strip() else last
        tag, _, rest = line.partition("\t")
        if tag == "%R":
            if table is not None:
                (table.rows if table.fields else table.orphans).append((number, _fields(rest)))
        elif tag == "%T":
            title = rest.strip().upper()
            table = _Table(title, number) if title in _USED and title not in tables else None
            if table is not None:
                tables[title] = table
        elif tag == "%F":
            if table is not None:
                table.fields = [f.strip().lower() for f in rest.split("\t")]
        elif tag == "%E":
            return _File(header, tables, True, number, strays)
        elif tag == "ERMHDR" and not header:
            header = line.split("\t")
        elif line.strip() and table is not None:
            strays.append(number)
    return _File(header, tables, False, last, strays)


def _shape_problems(file: str, xer: _File) -> list[Problem]:
    problems = []
    for table in xer.tables.values():
        n = len(table.fields)
        by_count: dict[int, list[int]] = defaultdict(list)
        for line, values in table.rows:
            if len(values) != n:
                by_count[len(values)].append(line)
        for count, lines in sorted(by_count.items()):
            records = f"{len(lines):,} record{'s' * (len(lines) > 1)} with {count} fields"
            message = f"table {table.name}: {records} where the %F line names {n} ({_lines(lines)})"
            if count < n:  # trailing empty fields left out: read as empty, as P6 does
                xer.short.append(f"{message}; the missing fields read as empty")
            else:
                message += f"; the fields beyond the {n}th ignored"
                problems.append(task_problem(file, lines[0], None, None, message, None))
        if table.orphans:
            message = f"table {table.name}: {len(table.orphans):,} records before its %F line "
            message += f"({_lines([at for at, _ in table.orphans])}); skipped"
            problems.append(task_problem(file, table.orphans[0][0], None, None, message, None))
    if xer.strays:
        message = f"{len(xer.strays):,} lines that are no XER record (%T, %F, %R or %E) "
        message += f"({_lines(xer.strays)}); ignored"
        problems.append(task_problem(file, xer.strays[0], None, None, message, None))
    if not xer.ended:
        message = f"the file ends at line {xer.last:,} without its %E line: cut short? "
        message += "the records before it were read"
        problems.append(task_problem(file, xer.last, None, None, message, None))
    return problems


def _lines(lines: list[int]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    return f"lines {lines[0]}–{lines[-1]}"


def _records(table: _Table) -> list[tuple[int, dict[str, str]]]:
    fields = table.fields
    return [(line, dict(zip(fields, values, strict=False))) for line, values in table.rows]


def _projects(
    rows: list[tuple[int, dict[str, str]]], tasks: list[tuple[int, dict[str, str]]]
) -> tuple[list[p6.Project], dict[str, str], list[str]]:
    """The projects (baselines left out), each project's baseline project in the file, notes."""
    if not rows:
        keys = dict.fromkeys(d.get("proj_id", "") for _, d in tasks)
        note = "no PROJECT table: no data date; the projects are named by their proj_id"
        return [p6.Project(k, k) for k in keys], {}, [note]
    known = {d.get("proj_id", ""): d for _, d in rows}
    baselines: dict[str, str] = {}
    notes = []
    for _, d in rows:
        key, base = d.get("proj_id", ""), d.get("sum_base_proj_id", "").strip()
        if base and base != key and base in known:
            baselines[key] = base
            other = known[base].get("proj_short_name", base)
            notes.append(
                f"project {d.get('proj_short_name', key)}: the baseline is project {other} "
                "of the file (its planned dates, by task_code)"
            )
        elif base and base != key:
            notes.append(
                f"project {d.get('proj_short_name', key)}: its project baseline (proj_id "
                f"{base}) is not in the file; its planned dates stand for the baseline"
            )
    projects = [
        p6.Project(
            d.get("proj_id", ""), d.get("proj_short_name", ""), d.get("last_recalc_date", ""), line
        )
        for line, d in rows
        if d.get("proj_id", "") not in baselines.values()
    ]
    return projects, baselines, notes


def _wbs(rows: list[tuple[int, dict[str, str]]]) -> list[p6.Wbs]:
    nodes = []
    for line, d in rows:
        if d.get("proj_node_flag", "").upper() == "Y":
            continue
        try:
            seq = float(d.get("seq_num", "") or 0)
        except ValueError:
            seq = 0.0
        nodes.append(
            p6.Wbs(
                key=d.get("wbs_id", ""),
                parent=d.get("parent_wbs_id", ""),
                name=d.get("wbs_name", ""),
                code=d.get("wbs_short_name", ""),
                project=d.get("proj_id", ""),
                line=line,
                seq=seq,
            )
        )
    return nodes


def _activities(
    file: str,
    rows: list[tuple[int, dict[str, str]]],
    projects: list[p6.Project],
    baselines: dict[str, str],
) -> tuple[list[p6.Activity], list[Problem]]:
    keys = {p.key for p in projects}
    planned: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for _, d in rows:
        if d.get("proj_id", "") in baselines.values():
            planned[d.get("proj_id", "")][d.get("task_code", "")] = d
    activities, problems = [], []
    for line, d in rows:
        project = d.get("proj_id", "")
        if project not in keys:
            continue
        code = d.get("task_code", "").strip()
        if not code:
            code = d.get("task_id", "")
            message = f"no task_code; the record's task_id {code} stands for it"
            problems.append(task_problem(file, line, "task_code", "", message, code))
        base = planned[baselines[project]].get(code, {}) if project in baselines else d
        activities.append(_activity(line, code, d, base))
    return activities, problems


def _activity(line: int, code: str, d: dict[str, str], base: dict[str, str]) -> p6.Activity:
    def first(*names: str) -> str:
        return next((v for n in names if (v := p6.date_value(d.get(n, "")))), "")

    kind = d.get("task_type", "")
    values: dict[str, object] = {
        "task_id": code,
        "name": d.get("task_name", ""),
        "line": line,
        "summary": kind == "TT_WBS",
        "milestone": kind in ("TT_Mile", "TT_FinMile"),
        "start": first("act_start_date", "restart_date", "target_start_date", "early_start_date"),
        "finish": first("act_end_date", "reend_date", "early_end_date"),
        "actual_start": first("act_start_date"),
        "actual_finish": first("act_end_date"),
        "baseline_start": p6.date_value(base.get("target_start_date", "")),
        "baseline_finish": p6.date_value(base.get("target_end_date", "")),
        "percent_complete": _percent(d),
    }
    dates = {n: d[n] for n in _DATES if d.get(n, "")}
    return p6.Activity(values, d.get("wbs_id", ""), d.get("proj_id", ""), dates)


def _percent(d: dict[str, str]) -> str:
    """Percent complete as P6 shows it for the activity's percent complete type."""
    if d.get("status_code", "") == "TK_Complete":
        return "100"
    kind = d.get("complete_pct_type", "")
    try:
        if kind == "CP_Drtn":
            total = float(d.get("target_drtn_hr_cnt", "") or "nan")
            remaining = float(d.get("remain_drtn_hr_cnt", "") or "nan")
            done = 100 * (total - remaining) / total if total > 0 else float("nan")
            return p6.percent(done) if math.isfinite(done) else ""
        if kind == "CP_Units":
            done = float(d.get("act_work_qty", "") or 0)
            total = done + float(d.get("remain_work_qty", "") or 0)
            return p6.percent(100 * done / total) if total > 0 else ""
        return p6.percent(float(d["phys_complete_pct"])) if d.get("phys_complete_pct") else ""
    except ValueError:
        return ""
