"""Microsoft Project XML (MSPDI): the file MS Project writes with File ▸ Save As ▸ XML.

Recognised by its root element ``<Project xmlns="http://schemas.microsoft.com/project">`` (after
a BOM, an XML prolog and comments). Read through defusedxml's SAX parser, with DTDs, entity
declarations and external references refused (an entity-expansion bomb or a reference to a
local file or a URL is a one-line error, never expanded, never fetched), one pass, no tree.

Read: ``Project/StatusDate`` (the status date; ``CurrentDate`` is not one), and of each
``Tasks/Task``: ``UID`` (the task id), ``Name``, ``OutlineLevel``, ``WBS`` / ``OutlineNumber``
(kept for the outline, the group path is left to the outline levels), ``Summary``,
``Milestone``, ``Start``, ``Finish``, ``ActualStart``, ``ActualFinish``, ``PercentComplete``,
and its ``Baseline`` children (``Number`` 0 is the baseline, 1–10 the numbered baselines) with
their ``Start`` and ``Finish``. The file records no day on which a numbered baseline was saved,
so ``baselineN_saved`` stays empty. The project's own summary task (``OutlineLevel`` 0) and blank
rows (``IsNull`` 1) are not tasks. Assignments, resources, calendars and timephased data are
not read. Each task's line is the line of its ``<Task>`` element.
"""

from __future__ import annotations

import re
import xml.sax
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

import defusedxml.sax
import pandas as pd
from defusedxml import DefusedXmlException

from data.report import LoadError
from data.schedules.model import (
    MAX_BASELINES,
    TASK_COLUMNS,
    Schedule,
    empty_tasks,
    task_problem,
)

FORMAT = "MS Project XML"
NAMESPACE = b"http://schemas.microsoft.com/project"

# The root element after an optional prolog, comments, processing instructions and a document
# type (recognised, so that the reader refuses it with its reason).
_ROOT = re.compile(
    rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*<(?:[A-Za-z_][\w.-]*:)?Project\b[^>]*?"
    rb"xmlns(?::[\w.-]+)?\s*=\s*[\"']http://schemas\.microsoft\.com/project[\"']",
    re.DOTALL,
)
_TASK_FIELDS = {
    "UID": "task_id",
    "Name": "name",
    "OutlineLevel": "outline_level",
    "Summary": "summary",
    "Milestone": "milestone",
    "Start": "start",
    "Finish": "finish",
    "ActualStart": "actual_start",
    "ActualFinish": "actual_finish",
    "PercentComplete": "percent_complete",
    "IsNull": "is_null",
    "WBS": "wbs",
    "OutlineNumber": "outline_number",
}
_BASELINE_FIELDS = frozenset({"Number", "Start", "Finish"})


def head_text(head: bytes) -> bytes:
    """The first bytes as ASCII-compatible text: UTF-16 decoded, a UTF-8 BOM dropped."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    if head.startswith(b"<\x00") or head.startswith(b"\x00<"):
        codec = "utf-16-le" if head.startswith(b"<\x00") else "utf-16-be"
        return head.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def recognise(head: bytes) -> bool:
    """An MSPDI file: its root is MS Project's ``Project`` element in MS Project's namespace."""
    return _ROOT.match(head_text(head)) is not None


class _Handler(ContentHandler):
    """Collects the status date and one dict per task (its fields and its baselines)."""

    def __init__(self) -> None:
        super().__init__()
        self.path: list[str] = []
        self.text: list[str] = []
        self.status_date = ""
        self.tasks: list[dict[str, str]] = []
        self.baselines: list[dict[int, tuple[str, str, int]]] = []
        self.task: dict[str, str] | None = None
        self.baseline: dict[str, str] | None = None
        self.locator: Locator | None = None
        self.saw_project = False

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    def _line(self) -> int:
        return int(self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def startElement(self, name: str, attrs: object) -> None:  # noqa: N802
        local = name.rpartition(":")[2]
        self.path.append(local)
        depth = len(self.path)
        if depth == 1:
            self.saw_project = local == "Project"
        elif depth == 3 and local == "Task" and self.path[1] == "Tasks":
            self.task = {"line": str(self._line())}
            self.tasks.append(self.task)
            self.baselines.append({})
        elif depth == 4 and local == "Baseline" and self.task is not None:
            self.baseline = {"line": str(self._line())}
        self.text = []

    def characters(self, content: str) -> None:
        self.text.append(content)

    def endElement(self, name: str) -> None:  # noqa: N802
        local = self.path.pop()
        depth = len(self.path) + 1
        if depth == 4 and self.task is not None:
            if local == "Baseline" and self.baseline is not None:
                self._keep_baseline(self.baseline)
                self.baseline = None
            elif local in _TASK_FIELDS:
                self.task[_TASK_FIELDS[local]] = "".join(self.text).strip()
        elif depth == 5 and self.baseline is not None and local in _BASELINE_FIELDS:
            self.baseline[local] = "".join(self.text).strip()
        elif depth == 3 and local == "Task":
            self.task = None
        elif depth == 2 and local == "StatusDate" and self.path == ["Project"]:
            self.status_date = "".join(self.text).strip()
        self.text = []

    def _keep_baseline(self, baseline: dict[str, str]) -> None:
        number = baseline.get("Number", "")
        if number.isdigit() and int(number) <= MAX_BASELINES:
            line = int(baseline["line"])
            self.baselines[-1][int(number)] = (
                baseline.get("Start", ""),
                baseline.get("Finish", ""),
                line,
            )


def _parse(data: bytes, name: str) -> _Handler:
    handler = _Handler()
    try:
        defusedxml.sax.parseString(
            data, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise LoadError(
            f"{name}: declares a DTD or entities (refused: an XML file from MS Project has "
            "none, and expanding them could exhaust memory or read other files)"
        ) from None
    except xml.sax.SAXParseException as exc:
        raise LoadError(
            f"{name}: is not well-formed XML at line {exc.getLineNumber()}, column "
            f"{exc.getColumnNumber()} ({exc.getMessage()}); truncated or damaged?"
        ) from None
    except (xml.sax.SAXException, LookupError, UnicodeError, ValueError) as exc:
        raise LoadError(f"{name}: cannot be read as XML ({exc})") from None
    return handler


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true")


def read(data: bytes, name: str) -> Schedule:
    """The tasks of an MSPDI file (raises :class:`LoadError` when it cannot be read at all)."""
    handler = _parse(data, name)
    if not handler.saw_project:
        raise LoadError(f"{name}: is not an MS Project XML file (its root is not a Project)")
    keep = [
        k
        for k, t in enumerate(handler.tasks)
        if not _flag(t.get("is_null", "")) and t.get("outline_level", "1") != "0"
    ]
    numbered: set[int] = set()
    problems = []
    rows = []
    for k in keep:
        task = handler.tasks[k]
        rows.append(_row(task, handler.baselines[k], numbered))
        level = task.get("outline_level", "")
        if level and not level.isdigit():
            problems.append(
                task_problem(
                    name,
                    int(task["line"]),
                    "OutlineLevel",
                    level,
                    "not a whole number; the task is placed at the top of the outline",
                    task.get("task_id"),
                )
            )
    tasks = empty_tasks(0)
    if rows:
        defaults = empty_tasks(1).iloc[0].to_dict()
        tasks = pd.DataFrame([{**defaults, **r} for r in rows], columns=list(TASK_COLUMNS))
    notes = []
    if len(handler.tasks) - len(keep):
        notes.append(
            f"{len(handler.tasks) - len(keep)} Task element(s) not read as tasks "
            "(the project's own summary task, blank rows)"
        )
    return Schedule(
        format=FORMAT,
        tasks=tasks,
        status_date=handler.status_date,
        problems=problems,
        notes=notes,
        baselines=len(numbered),
    )


def _row(
    task: dict[str, str], baselines: dict[int, tuple[str, str, int]], numbered: set[int]
) -> dict[str, object]:
    level = task.get("outline_level", "")
    row: dict[str, object] = {
        "task_id": task.get("task_id", ""),
        "name": task.get("name", ""),
        "line": int(task["line"]),
        "outline_level": int(level) if level.isdigit() else 1,
        "summary": _flag(task.get("summary", "")),
        "milestone": _flag(task.get("milestone", "")),
    }
    for column in ("start", "finish", "actual_start", "actual_finish", "percent_complete"):
        row[column] = task.get(column, "")
    for number, (start, finish, _line) in baselines.items():
        if number == 0:
            row["baseline_start"], row["baseline_finish"] = start, finish
        elif finish:
            row[f"baseline{number}_finish"] = finish
            numbered.add(number)
    return row
