"""What the commands of the command line share: exit codes, usage errors and messages, the
files (default: the bundled sample), the as-of and status dates as given, the cycle collector
and the clipboard around a run. Imports pandas and Qt only inside the functions that need them
(the window starts without pandas)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_NO_DATES = "nothing loaded carries a readable date (no start, end, statement or promised date)"


def _files(names: list[str]) -> list[str]:
    if names:
        return names
    from resources import sample_paths

    return [str(p) for p in sample_paths()]


def _as_of(text: str | None):
    """The as-of date as datetime64, or None when ``text`` cannot be read (usage error)."""
    import numpy as np
    import pandas as pd

    from data.dates import parse_dates
    from data.metrics import today

    if text is None:
        return today()
    parsed = parse_dates(pd.Series([text]))
    latest = parsed["latest"].iloc[0]
    if pd.isna(latest):
        return None
    # A fuzzy as-of date ("2013") means everything known by the end of that period.
    return np.datetime64(latest, "s")


def _none_yet(as_of) -> str:
    return (
        f"no project exists yet as of {as_of.astype('datetime64[D]')} (before every start "
        "and every dated statement)"
    )


def _unreadable_as_of(text: str) -> str:
    return f"--as-of {text!r} is not a date I can read (try 2013-11-01)"


class _UsageError(Exception):
    """Bad usage found while exporting: one line on stderr, exit code 2."""


def _fail(message: str, command: str = "export") -> None:
    print(f"slipline {command}: {message}", file=sys.stderr)


def _status_date(args: argparse.Namespace):
    """``--status-date`` as a day (None: not given); raises _UsageError when unreadable."""
    if args.status_date is None:
        return None
    from data.ledger.status import read_status_date

    day = read_status_date(args.status_date)
    if day is None:
        raise _UsageError(f"--status-date {args.status_date!r} is not a date I can read")
    return day


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection within (``slipline export``): an export makes next to no
    cycles (some nine hundred objects in a PDF of 10,000 projects, its memory the same
    without), and the collector's passes over the objects its imports and tables make cost
    it about a tenth of a second (in a PDF's second process, copies of the memory pages they
    touch too). A collector that was on is on again after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def release_clipboard_offscreen(app) -> None:
    """Without a display (the offscreen platform) the clipboard is emptied as the application
    quits: an image left on the offscreen clipboard (Copy chart) crashes the process at exit
    (PySide6 6.6 to 6.12; a real display's clipboard hands it to the system and is left alone)."""
    if app.platformName() == "offscreen":
        from PySide6 import QtWidgets

        app.aboutToQuit.connect(lambda: QtWidgets.QApplication.clipboard().clear())


START_UP_COLLECTION_MS = 1000  # the collector on again this long after the first data is shown


def cycles_collected_once_shown(controller) -> None:
    """Python's cycle collector, off since ``slipline`` started (``gc.disable``), on again
    ``START_UP_COLLECTION_MS`` after the first data is shown, or after the first load failed,
    was cancelled or asked for the analyst's mapping (or a minute, whichever comes first).

    Until the sample is drawn the process imports Qt, pyqtgraph, pandas and pyarrow and reads
    the files: some three hundred collections passing over the hundreds of thousands of objects
    the imports make, ~40 ms of the ~1 s to the sample drawn, for next to no cycles (as in
    ``no_cycle_collection``). The one collection of what start-up allocated then runs a second
    after the rows are painted, not on the way to them.

    Called once the window is painted, before any file is read: what exists then (Qt's and
    pyqtgraph's modules and the window, some fifty thousand objects that live as long as the
    process) is frozen (``gc.freeze``), so that no later full collection passes over it again
    (~25 ms a full collection). The data read after is not frozen: its cycles stay collected."""
    from PySide6 import QtCore

    gc.freeze()

    started: list[bool] = []

    def on_again(*_args: object) -> None:
        if not started:
            started.append(True)
            QtCore.QTimer.singleShot(START_UP_COLLECTION_MS, gc.enable)

    for signal in (
        controller.snapshot_changed,
        controller.load_failed,
        controller.load_cancelled,
        controller.mapping_needed,
    ):
        signal.connect(on_again)
    QtCore.QTimer.singleShot(60_000, gc.enable)
