"""The files a dataset is made of: dropped folders opened, the dataset's name, recent files.

A dropped or chosen folder opens the tables and schedules directly in it, one level only (its
subfolders are not looked into: a project folder often holds archives and old versions below
it). Which of its files are read is decided by their names (:data:`READABLE`), since a folder
can hold anything; a file given by name is always tried, whatever its suffix. Hidden files,
Office lock files (``~$…``) and every other file are skipped, and the load report says so
(:func:`skipped_problems`).

Recent files are the files and folders of the datasets loaded, newest first, up to
:data:`RECENT_MAX`, kept in the user's settings under :data:`RECENT_KEY`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6 import QtCore

from data.report import Problem

# Suffixes of the tables (CSV, text, Excel) and schedules (MS Project XML and .mpp, MPX,
# Primavera P6 XER and XML, GanttProject, GNOME Planner) a folder's files are opened by.
READABLE = {".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xml", ".mpp", ".mpx", ".xer", ".gan"}
READABLE |= {".planner"}

RECENT_KEY = "files/recent"
RECENT_MAX = 10


@dataclass(frozen=True)
class Expanded:
    """What a list of dropped paths opens: ``files`` (in order, each once), the ``folders``
    they came from, and the folders' entries ``skipped`` with the reason."""

    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _skip_reason(entry: Path) -> str | None:
    if entry.name.startswith("."):
        return "a hidden file"
    if entry.name.startswith("~$"):
        return "an Office lock file"
    if entry.is_dir():
        return "a folder inside the folder (only the folder's own files are opened)"
    if not entry.is_file():
        return "not a regular file"
    if entry.suffix.lower() not in READABLE:
        return "not a table or schedule by its name"
    return None


def expand(paths: Sequence[str]) -> Expanded:
    """The files ``paths`` open: a file as it is, a folder's own readable files sorted by
    name (not its subfolders'), each file once."""
    out = Expanded()
    seen: set[str] = set()
    for path in paths:
        if not os.path.isdir(path):
            if path not in seen:
                seen.add(path)
                out.files.append(path)
            continue
        out.folders.append(path)
        for entry in sorted(Path(path).iterdir(), key=lambda e: e.name.lower()):
            reason = _skip_reason(entry)
            if reason is not None:
                out.skipped.append((str(entry), reason))
            elif str(entry) not in seen:
                seen.add(str(entry))
                out.files.append(str(entry))
    return out


def skipped_problems(expanded: Expanded) -> list[Problem]:
    """The load report's account of a folder's skipped entries (one file-level line each)."""
    return [
        Problem(path, None, None, None, f"skipped: {reason}") for path, reason in expanded.skipped
    ]


def dataset_name(loaded: Sequence[str], folders: Sequence[str]) -> str:
    """The dataset's name for the window title: its folder ("plans/") when every loaded file
    came from one dropped folder, else its first file or folder, with "+ N more" for the other
    files and folders it holds; "" when nothing is loaded."""
    units: list[str] = []
    for path in loaded:
        parent = os.path.dirname(path)
        folder = next((f for f in folders if os.path.normpath(f) == os.path.normpath(parent)), "")
        unit = f"{Path(folder).name}/" if folder else Path(path).name
        if unit not in units:
            units.append(unit)
    if not units:
        return ""
    return units[0] + (f" + {len(units) - 1} more" if len(units) > 1 else "")


class RecentFiles:
    """The files and folders opened lately, newest first, kept in ``settings``."""

    def __init__(self, settings: QtCore.QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        # (an INI file gives a one-item list back as a string)
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [str(v) for v in items if str(v)][:RECENT_MAX]

    def _store(self, paths: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, paths[:RECENT_MAX])

    def add(self, paths: Sequence[str]) -> None:
        """Put ``paths`` first (in their order), each once, the oldest beyond the limit
        dropped."""
        fresh = [os.path.abspath(p) for p in paths]
        self._store(list(dict.fromkeys(fresh + [p for p in self.paths() if p not in fresh])))

    def remove(self, paths: Sequence[str]) -> None:
        self._store([p for p in self.paths() if p not in set(paths)])

    def missing(self) -> list[str]:
        return [p for p in self.paths() if not os.path.exists(p)]
