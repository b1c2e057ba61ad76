"""Test setup: headless Qt, a throw-away home for everything a test run writes, the gui marker.

Every folder the app and Qt write to (settings, the log, caches, temporary files) is pointed at
one temporary folder made when the run starts and removed when it ends; the paths the app will
use are checked to lie inside it before any test runs. Without PySide6 the gui tests are not
collected at all, so ``pytest -m "not gui"`` runs on an install with no Qt.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
GUI_DIRS = ("widgets", "app")
HAS_QT = importlib.util.find_spec("PySide6") is not None
# Test modules that import Qt at the top, beside the gui folders (paths relative to tests/).
QT_MODULES = ("test_pyside_guard.py",)

if not HAS_QT:
    collect_ignore = [*GUI_DIRS, *QT_MODULES]

# One folder for the whole run (made here, when pytest loads this file, before any test module
# imports the app): the user's home and every per-user folder an operating system names.
HOME = Path(tempfile.mkdtemp(prefix="slipline-test-")).resolve()
FOLDERS = {
    "HOME": "",
    "USERPROFILE": "",
    "XDG_CONFIG_HOME": ".config",
    "XDG_DATA_HOME": ".local/share",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
    "APPDATA": "AppData/Roaming",
    "LOCALAPPDATA": "AppData/Local",
    "XDG_RUNTIME_DIR": "runtime",
    "TMPDIR": "tmp",
    "TEMP": "tmp",
    "TMP": "tmp",
}


def _isolate() -> None:
    for name, sub in FOLDERS.items():
        (HOME / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        os.environ[name] = str(HOME / sub)
    # Temporary files of this process (pytest's tmp_path included) go there too.
    tempfile.tempdir = str(HOME / "tmp")
    if HAS_QT:
        from PySide6 import QtCore

        QtCore.QStandardPaths.setTestModeEnabled(True)
        for scope in QtCore.QSettings.Scope:
            QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, scope, str(HOME / "ini"))


def _remove() -> None:
    # Only by the process that made it, when it exits: a process forked from this one (a
    # mutation tool's worker) must not take the folder from under its parent, and a second
    # pytest run in the same process (the module is not loaded again) still needs it.
    if os.getpid() == _MAKER:
        shutil.rmtree(HOME, ignore_errors=True)


_MAKER = os.getpid()
_isolate()
atexit.register(_remove)  # when the process ends, also when pytest stops early


# The standard locations of data written by a program (the rest are the user's own folders:
# documents, pictures, fonts, ...); StateLocation is new in Qt 6.7.
WRITTEN_LOCATIONS = {
    "AppConfigLocation",
    "AppDataLocation",
    "AppLocalDataLocation",
    "CacheLocation",
    "ConfigLocation",
    "GenericCacheLocation",
    "GenericConfigLocation",
    "GenericDataLocation",
    "GenericStateLocation",
    "RuntimeLocation",
    "StateLocation",
    "TempLocation",
}


def app_paths() -> dict[str, str]:
    """Every path the app and Qt would write the user's data to (empty without Qt)."""
    if not HAS_QT:
        return {}
    from PySide6 import QtCore

    from app.errors import log_path
    from app.mapping_store import user_settings

    where = QtCore.QStandardPaths.StandardLocation
    paths = {
        f"QStandardPaths {loc.name}": QtCore.QStandardPaths.writableLocation(loc)
        for loc in where
        if loc.name in WRITTEN_LOCATIONS
    }
    paths["log_path()"] = str(log_path())
    paths["user_settings()"] = user_settings().fileName()
    return paths


def outside(paths: dict[str, str]) -> list[str]:
    """The paths that are neither inside the run's folder nor, where Qt takes the user's folders
    from the system rather than from the environment (Windows), in Qt's test-mode folder."""
    bad = []
    for what, path in paths.items():
        resolved = Path(path).resolve() if path else HOME
        inside = resolved.is_relative_to(HOME)
        set_apart = sys.platform == "win32" and "qttest" in resolved.parts
        if not (inside or set_apart):
            bad.append(f"{what}: {path}")
    return bad


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Without pytest-qt (an install with no Qt) its settings in pyproject.toml are still known,
    # not unknown options that fail the run.
    if not pluginmanager.has_plugin("pytest-qt"):
        parser.addini("qt_api", "pytest-qt's (not installed)")
        parser.addini("qt_log_level_fail", "pytest-qt's (not installed)")
        parser.addini("qt_log_ignore", "pytest-qt's (not installed)", type="linelist")


def pytest_configure(config: pytest.Config) -> None:
    _isolate()  # again for a second run in this process (the folders are made if missing)
    paths = {"tempfile.gettempdir()": tempfile.gettempdir(), "Path.home()": str(Path.home())}
    bad = outside(paths | app_paths())
    assert not bad, f"the tests would write outside {HOME}:\n" + "\n".join(bad)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        gui = parts[0] in GUI_DIRS or parts[-1] in QT_MODULES
        if gui or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True, scope="session")
def _clipboard_emptied_at_the_end():
    """An image left on the offscreen clipboard (Copy chart's test) crashes the process as it
    exits, after every test passed (PySide6 6.6 to 6.12); the session empties it last."""
    yield
    if "PySide6" in sys.modules:
        from PySide6 import QtWidgets

        app = QtWidgets.QApplication.instance()
        if app is not None:
            QtWidgets.QApplication.clipboard().clear()


@pytest.fixture
def sample_paths() -> list[str]:
    return [str(SAMPLES / "projects.csv"), str(SAMPLES / "events.csv")]


def write_tiny(folder: Path, extra_events: str = "") -> list[str]:
    """Three projects with their statements: "late" (finished late, re-promised once), "early"
    (finished early) and "open" (unfinished, re-promised to a fuzzy window, then a delay was
    reported); ``extra_events`` adds rows to the ledger. Returns the two files' paths."""
    projects, events = folder / "p.csv", folder / "e.csv"
    projects.write_text(
        "id,name,country,start,deadline,actual finish\n"
        "late,<b>Late</b> bridge,B-land,2000-01-01,2005-12-31,2010-06-30\n"
        "early,Early tunnel,A-land,2001-01-01,2006-12-31,2004-06-30\n"
        "open,Open dam,B-land,2002-01-01,2007-12-31,\n",
        encoding="utf-8",
    )
    events.write_text(
        "project_id,event_date,event_kind,promised_date_earliest,promised_date_latest,speaker,"
        "quote\n"
        "late,2006-01-15,revised_promise,2008-12-31,2008-12-31,Mayor,Now 2008\n"
        "open,2009-03-01,revised_promise,2012-01,2012-06,Minister,First half of 2012\n"
        "open,2013-05-01,delay_reported,,,Auditor,<i>Late again</i>\n" + extra_events,
        encoding="utf-8",
    )
    return [str(projects), str(events)]
