"""Microsoft Project ``.mpp``, MPX and GNOME Planner files, read through MPXJ (the field's
reader, in Java) when the optional extra ``slipline[mpp]`` (PyPI ``mpxj``, ``JPype1``) and a Java
runtime are installed. Nothing here starts Java until such a file is read; the default install
needs none of it, and without it :func:`read` says so in one line.

What is read, from MPXJ's tasks (its project summary task, outline level 0, and blank rows left
out): ``getUniqueID`` (task_id), ``getName``, ``getID`` (``line``: the task's row in Microsoft
Project, as MPXJ gives no place in the file), ``getOutlineLevel``, ``getSummary``,
``getMilestone``, ``getStart``, ``getFinish``, ``getActualStart``, ``getActualFinish``,
``getBaselineStart``, ``getBaselineFinish``, ``getBaselineFinish(n)`` for 1–10,
``getPercentageComplete``; the project's ``getStatusDate`` and ``getBaselineDate(n)`` (the day
baseline ``n`` was saved). ``wbs_path``: the names of the summaries above a task.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shutil
import tempfile
import threading
from typing import Any

import pandas as pd

from data.report import LoadError
from data.schedules import ole2, xmltree
from data.schedules.model import MAX_BASELINES, Schedule, empty_tasks

WAY_OUT = "save it as XML from Microsoft Project, or install slipline[mpp] with a Java runtime"
_MPX = re.compile(rb"^MPX[,;\t|:]")
_LOCK = threading.Lock()


def available() -> bool:
    """Whether MPXJ can be used: ``mpxj`` and ``jpype`` importable and a ``java`` on the PATH
    (or ``JAVA_HOME`` set). Cheap: nothing is imported and no Java is started."""
    return (
        importlib.util.find_spec("mpxj") is not None
        and importlib.util.find_spec("jpype") is not None
        and (shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME")))
    )


def recognise_mpx(head: bytes) -> bool:
    """An MPX file: ``MPX`` and the file's separator (``,``, or ``;`` and others) first."""
    return bool(_MPX.match(head.removeprefix(b"\xef\xbb\xbf")))


def recognise_planner(head: bytes) -> bool:
    """A GNOME Planner file: a root ``<project`` carrying ``mrproject-version``."""
    tag = xmltree.first_tag(head)
    return tag is not None and tag.startswith(b"<project") and b"mrproject-version=" in tag


def recognise(head: bytes) -> bool:
    """An MPX or GNOME Planner file (a ``.mpp`` needs the whole file: :func:`is_mpp`)."""
    return recognise_mpx(head) or recognise_planner(head)


def is_mpp(data: bytes) -> bool:
    """A Microsoft Project ``.mpp``: an OLE2 file with Project's storage or task stream."""
    return ole2.is_mpp(data)


def recognise_mpp(head: bytes, data: bytes) -> bool:
    """:func:`is_mpp`, for a caller holding the head and the bytes."""
    return head.startswith(ole2.MAGIC) and is_mpp(data)


def format_of(data: bytes) -> str:
    """The format's name for the load report."""
    if recognise_mpx(data[:4096]):
        return "MPX"
    if recognise_planner(data[:4096]):
        return "GNOME Planner"
    return "Microsoft Project (.mpp)"


def read(data: bytes, name: str) -> Schedule:
    """The tasks of a ``.mpp``, MPX or GNOME Planner file through MPXJ; :class:`LoadError` when
    the extra is missing (naming the format and the way out) or MPXJ cannot read the file."""
    kind = format_of(data)
    if not available():
        raise LoadError(f"{name}: a {kind} file, which Slipline reads through MPXJ: {WAY_OUT}")
    project = _read_project(data, name, kind)
    rows = _rows(project)
    tasks = empty_tasks(len(rows))
    for column in rows[0] if rows else ():
        tasks[column] = pd.Series([r[column] for r in rows], dtype=tasks[column].dtype)
    properties = project.getProjectProperties()
    status = _iso(properties.getStatusDate())[:10]
    numbered = [
        n for n in range(1, MAX_BASELINES + 1) if (tasks[f"baseline{n}_finish"] != "").any()
    ]
    for n in numbered:
        saved = _iso(properties.getBaselineDate(n))[:10]
        if saved:
            tasks.loc[tasks[f"baseline{n}_finish"] != "", f"baseline{n}_saved"] = saved
    version = _mpxj_version()
    notes = [f"read through MPXJ {version}"]
    if not status:
        notes.append(f"the {kind} file records no status date")
    return Schedule(kind, tasks, status, [], notes, max(numbered, default=0))


def _read_project(data: bytes, name: str, kind: str) -> Any:
    """MPXJ's ProjectFile for the bytes, in one call (the JVM is started once per process)."""
    import jpype
    import jpype.imports

    importlib.import_module("mpxj")  # PyPI's mpxj: puts its jars on the JVM's class path
    with _LOCK:
        if not jpype.isJVMStarted():
            jpype.startJVM("-Dlog4j2.StatusLogger.level=OFF", convertStrings=False)
    from org.mpxj.mpp import MPPReader  # type: ignore[import-not-found]
    from org.mpxj.mpx import MPXReader  # type: ignore[import-not-found]
    from org.mpxj.planner import PlannerReader  # type: ignore[import-not-found]

    # The reader of the format recognised here (MPXJ's UniversalProjectReader declines files
    # shorter than its look-ahead, as a small MPX file is).
    reader = {"MPX": MPXReader, "GNOME Planner": PlannerReader}.get(kind, MPPReader)()
    suffix = {"MPX": ".mpx", "GNOME Planner": ".planner"}.get(kind, ".mpp")
    with tempfile.TemporaryDirectory(prefix="slipline-mpxj-") as folder:
        path = os.path.join(folder, "schedule" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            project = reader.read(path)
        except jpype.JException as error:
            raise LoadError(f"{name}: MPXJ could not read this {kind} file: {error}") from error
    if project is None:
        raise LoadError(f"{name}: MPXJ read no schedule from this {kind} file")
    return project


def _rows(project: Any) -> list[dict[str, object]]:
    """One row per task, in MPXJ's order (the file's), with the summaries' names above it."""
    rows: list[dict[str, object]] = []
    above: list[str] = []
    for task in project.getTasks():
        level = int(task.getOutlineLevel() or 0)
        if level == 0 or bool(task.getNull()):
            continue
        name = str(task.getName() or "").strip()
        del above[level - 1 :]
        row: dict[str, object] = {
            "task_id": str(task.getUniqueID() or ""),
            "name": name,
            "line": int(task.getID() or 0),
            "outline_level": level,
            "wbs_path": " / ".join(above),
            "summary": bool(task.getSummary()),
            "milestone": bool(task.getMilestone()),
            "start": _iso(task.getStart()),
            "finish": _iso(task.getFinish()),
            "actual_start": _iso(task.getActualStart()),
            "actual_finish": _iso(task.getActualFinish()),
            "baseline_start": _iso(task.getBaselineStart()),
            "baseline_finish": _iso(task.getBaselineFinish()),
            "percent_complete": _number(task.getPercentageComplete()),
        }
        for n in range(1, MAX_BASELINES + 1):
            row[f"baseline{n}_finish"] = _iso(task.getBaselineFinish(n))
        above.extend([""] * (level - 1 - len(above)))
        above.append(name)
        rows.append(row)
    return rows


def _iso(value: Any) -> str:
    """A Java LocalDateTime as ISO text with seconds (``2015-02-09T08:00:00``); "" for null."""
    if value is None:
        return ""
    text = str(value.toString())
    return text + ":00" if len(text) == 16 else text


def _number(value: Any) -> str:
    """A Java Number as text ("45", "45.5"); "" for null."""
    if value is None:
        return ""
    return f"{float(value.doubleValue()):g}"


def _mpxj_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mpxj")
    except PackageNotFoundError:
        return "(version unknown)"
