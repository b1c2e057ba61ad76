"""Microsoft Project XML (MSPDI): the file MS Project writes with File ▸ Save As ▸ XML.

Recognised by its root element ``<Project xmlns="http://schemas.microsoft.com/project">`` (after
a BOM, an XML prolog and comments). Its prolog is read by expat through defusedxml's parser, with
DTDs, entity declarations and external references refused (an entity-expansion bomb or a
reference to a local file or a URL is a one-line error, never expanded, never fetched; a DTD can
only come before the root element). The file is then read as an element tree built in C, each
task's line found from the bytes; a file where that cannot tell the lines (UTF-16, comments or
CDATA after the prolog, ``Task`` elements that are no tasks) is read by handlers set on the
guarded expat parser instead, one pass, no tree. Namespaces are resolved (an undeclared prefix
is not well-formed).

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

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser
from xml.parsers import expat
from xml.parsers.expat import XMLParserType

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

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


@dataclass
class _Found:
    """What the file holds: the status date and one dict per task (its fields and its line),
    with its baselines (number → start, finish)."""

    status_date: str = ""
    tasks: list[dict[str, str]] = field(default_factory=list)
    baselines: list[dict[int, tuple[str, str]]] = field(default_factory=list)
    saw_project: bool = False


def _local(name: str) -> str:
    """An element's local name (expat gives ``namespace}local`` for a namespaced one)."""
    return name.rpartition("}")[2]


def _collect(parser: XMLParserType, found: _Found) -> None:
    """Sets ``parser``'s element and text handlers so that parsing fills ``found``: one pass,
    no tree, the text kept only for the fields read."""
    names: dict[str, str] = {}
    depth = 0
    text: list[str] = []
    second = ""  # the element at depth 2 being read (Tasks, StatusDate, …)
    task: dict[str, str] | None = None
    baseline: dict[str, str] | None = None

    def start(name: str, _attributes: object) -> None:
        nonlocal depth, second, task, baseline
        depth += 1
        local = names.get(name) or names.setdefault(name, _local(name))
        if depth == 1:
            found.saw_project = local == "Project"
        elif depth == 2:
            second = local
        elif depth == 3 and local == "Task" and second == "Tasks":
            task = {"line": str(parser.CurrentLineNumber)}
            found.tasks.append(task)
            found.baselines.append({})
        elif depth == 4 and local == "Baseline" and task is not None:
            baseline = {}
        text.clear()

    def end(name: str) -> None:
        nonlocal depth, task, baseline
        local = names[name]
        if depth == 4 and task is not None:
            if local == "Baseline" and baseline is not None:
                _keep_baseline(found.baselines[-1], baseline)
                baseline = None
            elif local in _TASK_FIELDS:
                task[_TASK_FIELDS[local]] = "".join(text).strip()
        elif depth == 5 and baseline is not None and local in _BASELINE_FIELDS:
            baseline[local] = "".join(text).strip()
        elif depth == 3 and local == "Task":
            task = None
        elif depth == 2 and local == "StatusDate" and found.saw_project:
            found.status_date = "".join(text).strip()
        depth -= 1
        text.clear()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append


def _keep_baseline(kept: dict[int, tuple[str, str]], baseline: dict[str, str]) -> None:
    number = baseline.get("Number", "")
    if number.isdigit() and int(number) <= MAX_BASELINES:
        kept[int(number)] = (baseline.get("Start", ""), baseline.get("Finish", ""))


_TASK_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Task[\s/>]")
_PLAIN_TASK_TAG = re.compile(rb"<Task[\s/>]")
_OTHER_MARKUP = (b"<!--", b"<![CDATA[", b"<?")  # where "<Task" could be no element


def _tree(data: bytes) -> _Found | None:
    """The file read as an element tree built in C, each task's line found from the bytes;
    None when the lines cannot be told that way: a file that is not ASCII-compatible (UTF-16),
    with comments, CDATA sections or processing instructions after its prolog, or with other
    ``Task`` elements than the tasks."""
    root = _ROOT.match(data)
    if root is None or any(data.find(m, root.end()) >= 0 for m in _OTHER_MARKUP):
        return None
    collecting = gc.isenabled()
    gc.disable()  # half a million elements, none of them garbage: no collection while built
    try:
        parser = XMLParser(target=TreeBuilder())
        parser.feed(data)
        found = _walk(parser.close())
    finally:
        if collecting:
            gc.enable()
    # (a Task without a prefix, the usual case, is found by its first bytes alone: faster)
    tags = _TASK_TAG if b":Task" in data else _PLAIN_TASK_TAG
    starts = [m.start() for m in tags.finditer(data, root.end())]
    if len(starts) != len(found.tasks):
        return None
    for task, line in zip(found.tasks, _lines(data, starts), strict=True):
        task["line"] = str(line)
    return found


def _lines(data: bytes, offsets: list[int]) -> list[int]:
    """The 1-based line of each byte offset (a line ends at LF, CR LF or a lone CR)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    cr = np.flatnonzero(codes == 13)
    lone = cr[(cr + 1 >= len(codes)) | (codes[np.minimum(cr + 1, len(codes) - 1)] != 10)]
    breaks = np.sort(np.concatenate([np.flatnonzero(codes == 10), lone]))
    lines: list[int] = (np.searchsorted(breaks, np.asarray(offsets, dtype=np.int64)) + 1).tolist()
    return lines


_BASELINE = "Baseline"


def _walk(root: Element) -> _Found:
    """The status date, the tasks and their baselines of a file's tree (an element's text is
    the text after its last child, as the handlers of :func:`_collect` read it)."""
    keys: dict[str, str] = {}  # an element's tag → the task field it is, "" when none

    def key(tag: str) -> str:
        local = _local(tag)
        return keys.setdefault(
            tag, _BASELINE if local == _BASELINE else _TASK_FIELDS.get(local, "")
        )

    found = _Found(saw_project=_local(root.tag) == "Project")
    for second in root:
        kind = _local(second.tag)
        if kind == "StatusDate" and found.saw_project:
            found.status_date = _text(second)
        elif kind == "Tasks":
            for element in second:
                if _local(element.tag) == "Task":
                    found.tasks.append(_task(element, keys, key, found.baselines))
    return found


def _task(
    element: Element,
    keys: dict[str, str],
    key: Callable[[str], str],
    baselines: list[dict[int, tuple[str, str]]],
) -> dict[str, str]:
    task: dict[str, str] = {}
    kept: dict[int, tuple[str, str]] = {}
    for item in element:
        field_name = keys.get(item.tag)
        if field_name is None:
            field_name = key(item.tag)
        if not field_name:
            continue
        if field_name is _BASELINE:
            baseline = {}
            for part in item:
                local = _local(part.tag)
                if local in _BASELINE_FIELDS:
                    baseline[local] = _text(part)
            _keep_baseline(kept, baseline)
        else:
            task[field_name] = ((item[-1].tail if len(item) else item.text) or "").strip()
    baselines.append(kept)
    return task


def _text(element: Element) -> str:
    return ((element[-1].tail if len(element) else element.text) or "").strip()


class _Root(Exception):  # noqa: N818 (no error: the parse stops there)
    """The prolog was read up to the root element."""


def _parse(data: bytes, name: str) -> _Found:
    try:
        # defusedxml's parser refuses DTDs, entity declarations and external references on its
        # expat parser. A DTD (where entities are declared) only ever comes before the root
        # element: the prolog is read through it first, then the whole file once more, by the
        # element tree's expat in C when the file allows (see :func:`_tree`), else by the
        # handlers set on the guarded expat parser itself.
        _guarded(lambda *_: _raise_root()).Parse(data, True)
    except _Root:
        pass
    except DefusedXmlException:
        raise LoadError(
            f"{name}: declares a DTD or entities (refused: an XML file from MS Project has "
            "none, and expanding them could exhaust memory or read other files)"
        ) from None
    except (expat.ExpatError, LookupError, UnicodeError, ValueError) as exc:
        raise _error(name, exc) from None
    try:
        found = _tree(data)
        if found is None:
            found = _Found()
            parser = _guarded(None)
            _collect(parser, found)
            parser.Parse(data, True)
    except DefusedXmlException:  # (the prolog was read: never happens)
        raise LoadError(f"{name}: declares a DTD or entities (refused)") from None
    except (expat.ExpatError, ParseError, LookupError, UnicodeError, ValueError) as exc:
        raise _error(name, exc) from None
    return found


def _raise_root() -> None:
    raise _Root


def _guarded(start: Callable[..., None] | None) -> XMLParserType:
    """An expat parser with defusedxml's guards (DTDs, entities, external references refused)."""
    guarded = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser: XMLParserType = guarded.parser
    parser.DefaultHandlerExpand = parser.CommentHandler = parser.ProcessingInstructionHandler = None
    parser.StartElementHandler = start
    return parser


def _error(name: str, exc: Exception) -> LoadError:
    if isinstance(exc, (expat.ExpatError, ParseError)):
        line, column = exc.position if isinstance(exc, ParseError) else (exc.lineno, exc.offset)
        return LoadError(
            f"{name}: is not well-formed XML at line {line}, column {column} "
            f"({expat.ErrorString(exc.code)}); truncated or damaged?"
        )
    return LoadError(f"{name}: cannot be read as XML ({exc})")


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true")


def read(data: bytes, name: str) -> Schedule:
    """The tasks of an MSPDI file (raises :class:`LoadError` when it cannot be read at all)."""
    found = _parse(data, name)
    if not found.saw_project:
        raise LoadError(f"{name}: is not an MS Project XML file (its root is not a Project)")
    keep = [
        k
        for k, t in enumerate(found.tasks)
        if not _flag(t.get("is_null", "")) and t.get("outline_level", "1") != "0"
    ]
    tasks = [found.tasks[k] for k in keep]
    problems = [
        task_problem(
            name,
            int(task["line"]),
            "OutlineLevel",
            level,
            "not a whole number; the task is placed at the top of the outline",
            task.get("task_id"),
        )
        for task in tasks
        if (level := task.get("outline_level", "")) and not level.isdigit()
    ]
    frame, numbered = _frame(tasks, [found.baselines[k] for k in keep])
    notes = []
    if len(found.tasks) - len(keep):
        notes.append(
            f"{len(found.tasks) - len(keep)} Task element(s) not read as tasks "
            "(the project's own summary task, blank rows)"
        )
    return Schedule(
        format=FORMAT,
        tasks=frame,
        status_date=found.status_date,
        problems=problems,
        notes=notes,
        baselines=len(numbered),
        percent_field="PercentComplete",
    )


def _frame(
    tasks: list[dict[str, str]], baselines: list[dict[int, tuple[str, str]]]
) -> tuple[pd.DataFrame, set[int]]:
    """The tasks frame, built column by column, and the numbers of the numbered baselines with
    a finish."""
    if not tasks:
        return empty_tasks(0), set()
    n = len(tasks)
    columns: dict[str, list[object]] = {c: [""] * n for c in TASK_COLUMNS}
    for column in ("task_id", "name", "start", "finish", "actual_start", "actual_finish"):
        columns[column] = [t.get(column, "") for t in tasks]
    columns["percent_complete"] = [t.get("percent_complete", "") for t in tasks]
    columns["line"] = [int(t["line"]) for t in tasks]
    levels = [t.get("outline_level", "") for t in tasks]
    columns["outline_level"] = [int(v) if v.isdigit() else 1 for v in levels]
    columns["summary"] = [_flag(t.get("summary", "")) for t in tasks]
    columns["milestone"] = [_flag(t.get("milestone", "")) for t in tasks]
    numbered: set[int] = set()
    for row, kept in enumerate(baselines):
        for number, (start, finish) in kept.items():
            if number == 0:
                columns["baseline_start"][row] = start
                columns["baseline_finish"][row] = finish
            elif finish:
                columns[f"baseline{number}_finish"][row] = finish
                numbered.add(number)
    return pd.DataFrame(columns, columns=list(TASK_COLUMNS)), numbered
