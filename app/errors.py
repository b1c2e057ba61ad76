"""Unexpected errors in the window: logged in full, shown once in a dialog, and the app goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore

log = logging.getLogger("slipline")


def log_path() -> Path:
    """Where the window writes its log (the details of unexpected errors)."""
    folder = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.AppLocalDataLocation
    )
    return Path(folder or Path.home() / ".slipline") / "slipline.log"


def setup_logging() -> Path | None:
    """Send warnings and errors to the log file; returns its path (None if it cannot be made)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class ErrorReporter:
    """A ``sys.excepthook`` for the GUI: an exception in a slot or paint is logged with its
    traceback and shown in one error dialog; the event loop carries on."""

    def __init__(self, show: Callable[[str, str], None], log_file: Path | None = None) -> None:
        self._show = show
        self._log_file = log_file
        self._busy = False
        self.count = 0

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.count += 1
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if self._busy:  # an error while showing the dialog: logged only, never a cascade
            return
        self._busy = True
        try:
            where = f"\n\nDetails are in {self._log_file}." if self._log_file else ""
            self._show(
                "Unexpected error",
                f"Slipline hit an unexpected error and carried on:\n"
                f"{kind.__name__}: {error}{where}",
            )
        finally:
            self._busy = False

    def install(self) -> None:
        sys.excepthook = self
