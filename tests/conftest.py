"""Test setup: headless Qt before any QApplication exists, isolated settings, the gui marker."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Settings written by the window under test go to a throw-away folder, never the user's.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="slipline-test-config-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
GUI_DIRS = ("widgets", "app")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts[0] in GUI_DIRS or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


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
