"""Which schedule reader reads a file: every reader, with its recogniser, in the order they are
asked (before delimited text; a recogniser sees the file's first :data:`HEAD_BYTES` bytes).

Each reader module exposes ``recognise(head: bytes) -> bool`` (from the content, never the
file's name: a BOM, an XML prolog and comments before the root element are tolerated) and
``read(data: bytes, name: str) -> Schedule`` (raises ``LoadError`` when nothing can be read).
A reader whose module is not installed in this build is left out (its format then reads as
text, or is named by :mod:`data.reading.files`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from data.schedules import mspdi
from data.schedules.model import Schedule

HEAD_BYTES = 4096


@dataclass(frozen=True)
class ScheduleFormat:
    """One scheduling tool's file format."""

    name: str
    recognise: Callable[[bytes], bool]
    read: Callable[[bytes, str], Schedule]


def _optional(module: str) -> ModuleType | None:
    """A reader module of ``data.schedules`` when this build has it."""
    try:
        return importlib.import_module(f"data.schedules.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"data.schedules.{module}":
            raise
        return None


# The other readers (other modules of this package), in the order they are asked: (module,
# its recogniser, the format's name). MPX and GNOME Planner files are read through MPXJ, like
# ``.mpp`` (recognised from its OLE2 directory by data.reading.files, read by :func:`mpp`).
_OTHERS = (
    ("xer", "recognise", "Primavera P6 XER"),
    ("pmxml", "recognise", "Primavera P6 XML"),
    ("gan", "recognise", "GanttProject"),
    ("mpxj", "recognise_mpx", "MPX"),
    ("mpxj", "recognise_planner", "GNOME Planner"),
)


def _formats() -> tuple[ScheduleFormat, ...]:
    found = [ScheduleFormat(mspdi.FORMAT, mspdi.recognise, mspdi.read)]
    for module, recogniser, name in _OTHERS:
        reader = _optional(module)
        if reader is not None and hasattr(reader, recogniser):
            found.append(ScheduleFormat(name, getattr(reader, recogniser), reader.read))
    return tuple(found)


SCHEDULE_FORMATS: tuple[ScheduleFormat, ...] = _formats()


def schedule_format_of(head: bytes) -> ScheduleFormat | None:
    """The schedule format of a file starting with ``head`` (None: not a schedule)."""
    head = head[:HEAD_BYTES]
    return next((f for f in SCHEDULE_FORMATS if f.recognise(head)), None)


MPP = "a Microsoft Project file (.mpp)"
MPP_WAY_OUT = (
    "save it as XML from Microsoft Project (File ▸ Save As ▸ XML), "
    "or install slipline[mpp] with a Java runtime"
)


def mpp() -> Callable[[bytes, str], Schedule] | None:
    """The reader of binary ``.mpp`` files: MPXJ's, when it is installed with a Java runtime."""
    bridge = _optional("mpxj")
    if bridge is None or not bridge.available():
        return None
    read: Callable[[bytes, str], Schedule] = bridge.read
    return read
