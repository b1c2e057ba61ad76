"""Primavera P6 XML files (PMXML: root ``<APIBusinessObjects>`` in an Oracle Primavera
namespace), read into a :class:`Schedule`.

Parsed through ``defusedxml``: a document type (DTD), an entity declaration (the entity-expansion
bomb) or an external entity is refused with a :class:`LoadError`, and nothing is ever fetched. The
file is streamed, keeping only the fields read, with the line of each element. Text is decoded as
the XML declaration says; a file declared (or taken as) UTF-8 that is not is read as cp1252, said
in a note.

Read, every other element ignored:

- ``Project``: ``ObjectId``, ``Id`` (the project's name in a multi-project file), ``DataDate``
  (the status date), ``CurrentBaselineProjectObjectId`` (the project baseline).
- ``BaselineProject`` (the baselines chosen at export): ``ObjectId``,
  ``OriginalProjectObjectId``, ``LastBaselineUpdateDate`` (else ``CreateDate``): the day it was
  saved. A project's baseline is its project baseline's activities' planned dates (matched by
  ``Id``); when that baseline is not in the file, the project's own ``PlannedStartDate`` /
  ``PlannedFinishDate`` (as P6 shows them for "<Current Project>"). Its other baselines in the
  file are its numbered baselines, by the day they were saved.
- ``WBS``: ``ObjectId``, ``ParentObjectId``, ``Name``, ``Code``, ``ProjectObjectId``,
  ``SequenceNumber``.
- ``Activity``: ``Id`` (the task's id), ``Name``, ``WBSObjectId``, ``ProjectObjectId``, ``Type``
  (``Start Milestone`` / ``Finish Milestone``: milestones; ``WBS Summary``: a summary),
  ``ActualStartDate``, ``ActualFinishDate``; the current finish the actual finish, else
  ``RemainingEarlyFinishDate``, else ``FinishDate``; the current start the actual start, else
  ``StartDate``, else ``PlannedStartDate``; ``PercentComplete`` (a fraction: 0.25 is 25 %).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers.expat import ExpatError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from data.report import LoadError
from data.schedules import p6
from data.schedules.model import MAX_BASELINES, Schedule

FORMAT = "Primavera P6 XML"
_ROOT = "APIBusinessObjects"
_PROJECTS = ("Project", "BaselineProject")
_RECORDS = ("WBS", "Activity")
_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_DATES = (
    "ActualStartDate",
    "ActualFinishDate",
    "RemainingEarlyFinishDate",
    "FinishDate",
    "StartDate",
    "PlannedStartDate",
    "PlannedFinishDate",
)
_PROLOG = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*\s*<([\w.:-]+)", re.S)
_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")


def recognise(head: bytes) -> bool:
    """A P6 XML file: its root element (after a byte-order mark, the prolog and comments) is
    ``APIBusinessObjects``, with or without a namespace prefix."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    match = _PROLOG.match(head.removeprefix(b"\xef\xbb\xbf"))
    return match is not None and match.group(2).split(b":")[-1] == _ROOT.encode()


@dataclass
class _Record:
    kind: str
    line: int
    owner: _Record | None  # the Project / BaselineProject it sits in
    fields: dict[str, str] = field(default_factory=dict)


class _Collector:
    """A parser target keeping the project, WBS and activity elements' own fields."""

    def __init__(self) -> None:
        self.expat: object = None  # the parser, for the line of each element
        self.root = ""
        self.records: list[_Record] = []
        self._stack: list[tuple[str, _Record | None]] = []
        self._text: list[str] = []
        self._nil = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        depth = len(self._stack)
        record = None
        if depth == 0:
            self.root = local
        elif (depth == 1 and local in _PROJECTS + _RECORDS) or (
            depth == 2 and local in _RECORDS and self._stack[1][0] in _PROJECTS
        ):
            owner = self._stack[1][1] if depth == 2 else None
            record = _Record(local, int(getattr(self.expat, "CurrentLineNumber", 0)), owner)
            self.records.append(record)
        self._stack.append((local, record))
        self._text = []
        self._nil = attrib.get(_NIL) == "true"

    def data(self, text: str) -> None:
        self._text.append(text)

    def end(self, tag: str) -> None:
        local, _ = self._stack.pop()
        parent = self._stack[-1][1] if self._stack else None
        if parent is not None:
            parent.fields[local] = "" if self._nil else "".join(self._text).strip()
        self._text = []
        self._nil = False

    def close(self) -> None:
        return None


def read(data: bytes, name: str) -> Schedule:
    """The tasks of a P6 XML file (see the module's docstring for the fields read)."""
    collector, notes = _parse(data, name)
    if collector.root != _ROOT:
        raise LoadError(f"{name}: not a Primavera P6 XML file (its root is <{collector.root}>)")
    kinds: dict[str, list[_Record]] = {k: [] for k in _PROJECTS + _RECORDS}
    for record in collector.records:
        kinds[record.kind].append(record)
    if not kinds["Activity"]:
        raise LoadError(f"{name}: a Primavera P6 XML file without activities; nothing to read")
    projects = [
        p6.Project(
            r.fields.get("ObjectId", ""),
            r.fields.get("Id", ""),
            r.fields.get("DataDate", ""),
            r.line,
        )
        for r in kinds["Project"]
    ]
    if not projects:
        keys = dict.fromkeys(_project_of(r) for r in kinds["Activity"])
        projects = [p6.Project(k, k) for k in keys]
        notes.append("no Project element: no data date; the projects are named by their ObjectId")
    plans, more = _baselines(kinds["Project"], kinds["BaselineProject"], kinds["Activity"])
    activities = [_activity(r, plans.get(_project_of(r), [])) for r in kinds["Activity"]]
    activities = [a for a in activities if a.project in {p.key for p in projects}]
    status, status_notes = p6.status_date(projects)
    return Schedule(
        format=FORMAT,
        tasks=p6.tasks_frame(projects, [_wbs(r) for r in kinds["WBS"]], activities),
        status_date=status,
        problems=p6.date_problems(name, activities),
        notes=notes + more + status_notes,
        baselines=max((len(v) - 1 for v in plans.values()), default=0),
        percent_field="PercentComplete",
    )


def _parse(data: bytes, name: str) -> tuple[_Collector, list[str]]:
    collector = _Collector()
    override, notes = None, []
    declared = _ENCODING.match(data[:400].lstrip(b"\xef\xbb\xbf \r\n\t"))
    utf8 = not declared or declared.group(1).lower() in (b"utf-8", b"utf8")
    if utf8 and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            override = "cp1252"
            notes.append("read as cp1252: the file is not the UTF-8 it says it is")
    parser = DefusedXMLParser(
        target=collector, encoding=override, forbid_dtd=True, forbid_entities=True
    )
    collector.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        parser.close()
    # ElementTree's ParseError is a SyntaxError: defusedxml 0.7.0 raises the one of its own copy
    # of the module (another class than xml.etree's), 0.7.1 xml.etree's own.
    except (SyntaxError, ExpatError) as error:
        line, column = getattr(error, "position", (getattr(error, "lineno", 0), 0))
        column = getattr(error, "offset", column)
        raise LoadError(
            f"{name}: not well-formed XML at line {line}, column {column} (cut short?): {error}"
        ) from None
    except DTDForbidden:
        raise LoadError(f"{name}: the XML declares a document type (DTD); refused") from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        message = "the XML declares entities (an entity-expansion bomb or an external entity)"
        raise LoadError(f"{name}: {message}; refused") from None
    except LookupError as error:
        raise LoadError(f"{name}: an XML encoding Slipline cannot read ({error})") from None
    return collector, notes


def _project_of(record: _Record) -> str:
    own = record.fields.get("ProjectObjectId", "")
    return own or (record.owner.fields.get("ObjectId", "") if record.owner else "")


def _baselines(
    projects: list[_Record], saved: list[_Record], activities: list[_Record]
) -> tuple[dict[str, list[tuple[dict[str, _Record], str]]], list[str]]:
    """Per project: its baselines in the file as (activities by Id, day saved), the project
    baseline first (an empty map when it is not in the file), then the others by day saved."""
    by_project: dict[str, dict[str, _Record]] = {}
    for act in activities:
        by_project.setdefault(_project_of(act), {})[act.fields.get("Id", "")] = act
    plans, notes = {}, []
    for project in projects:
        key = project.fields.get("ObjectId", "")
        current = project.fields.get("CurrentBaselineProjectObjectId", "")
        mine = [b for b in saved if b.fields.get("OriginalProjectObjectId", "") == key]
        mine += [b for b in saved if b.fields.get("ObjectId", "") == current and b not in mine]
        first = [b for b in mine if b.fields.get("ObjectId", "") == current]
        others = sorted((b for b in mine if b not in first), key=_saved)[:MAX_BASELINES]
        if current and not first:
            notes.append(
                f"project {project.fields.get('Id', key)}: its project baseline (ObjectId "
                f"{current}) is not in the file; its planned dates stand for the baseline"
            )
        plan = [(by_project.get(b.fields.get("ObjectId", ""), {}), _saved(b)) for b in first]
        plans[key] = (plan or [({}, "")]) + [
            (by_project.get(b.fields.get("ObjectId", ""), {}), _saved(b)) for b in others
        ]
    return plans, notes


def _saved(record: _Record) -> str:
    f = record.fields
    return p6.day(f.get("LastBaselineUpdateDate", "") or f.get("CreateDate", ""))


def _wbs(record: _Record) -> p6.Wbs:
    f = record.fields
    try:
        seq = float(f.get("SequenceNumber", "") or 0)
    except ValueError:
        seq = 0.0
    project = _project_of(record)
    parent = f.get("ParentObjectId", "")
    return p6.Wbs(
        f.get("ObjectId", ""),
        parent,
        f.get("Name", ""),
        f.get("Code", ""),
        project,
        record.line,
        seq,
    )


def _activity(record: _Record, plans: list[tuple[dict[str, _Record], str]]) -> p6.Activity:
    f = record.fields

    def first(*names: str) -> str:
        return next((v for n in names if (v := p6.date_value(f.get(n, "")))), "")

    code = f.get("Id", "")
    base = plans[0][0].get(code) if plans and plans[0][0] else record
    kind = f.get("Type", "")
    values: dict[str, object] = {
        "task_id": code,
        "name": f.get("Name", ""),
        "line": record.line,
        "summary": kind == "WBS Summary",
        "milestone": kind in ("Start Milestone", "Finish Milestone"),
        "start": first("ActualStartDate", "StartDate", "PlannedStartDate"),
        "finish": first("ActualFinishDate", "RemainingEarlyFinishDate", "FinishDate"),
        "actual_start": first("ActualStartDate"),
        "actual_finish": first("ActualFinishDate"),
        "baseline_start": p6.date_value(base.fields.get("PlannedStartDate", "")) if base else "",
        "baseline_finish": p6.date_value(base.fields.get("PlannedFinishDate", "")) if base else "",
        "percent_complete": _percent(f.get("PercentComplete", "")),
    }
    for n, (acts, day) in enumerate(plans[1:], 1):
        other = acts.get(code)
        values[f"baseline{n}_finish"] = (
            p6.date_value(other.fields.get("PlannedFinishDate", "")) if other else ""
        )
        values[f"baseline{n}_saved"] = day
    dates = {n: f[n] for n in _DATES if f.get(n, "")}
    return p6.Activity(values, f.get("WBSObjectId", ""), _project_of(record), dates)


def _percent(text: str) -> str:
    try:
        return p6.percent(100 * float(text)) if text.strip() else ""
    except ValueError:
        return ""
