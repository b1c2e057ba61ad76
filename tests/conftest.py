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
