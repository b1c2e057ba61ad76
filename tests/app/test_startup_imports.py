"""The window's start-up imports: the window is built and painted before pandas is imported
(the loading thread imports it with the data), and the data layer's pandas setting holds
whichever of the two is imported first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(script: str, config: Path) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_the_main_window_imports_no_pandas(tmp_path: Path) -> None:
    script = "import app.main_window, sys; print('pandas' in sys.modules)"
    assert _python(script, tmp_path) == "False"


def test_the_window_is_built_and_painted_before_pandas_is_imported(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from PySide6 import QtWidgets\n"
        "from app.main_window import MainWindow\n"
        "app = QtWidgets.QApplication([])\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "window.timeline.grab()\n"  # a paint of the empty chart
        "app.processEvents()\n"
        "print('pandas' in sys.modules)\n"
    )
    assert _python(script, tmp_path) == "False"


def test_strings_are_python_objects_whichever_comes_first(tmp_path: Path) -> None:
    # Arrow-backed strings would use RE2 for regular expressions, not Python's re. (pandas 3
    # infers its string dtype, stored as set here; pandas 2 keeps them as objects.)
    told = "d = pd.Series(['a']).array.dtype; print(getattr(d, 'storage', str(d)))"
    after = f"import data, pandas as pd; {told}"
    before = f"import pandas as pd, data; {told}"
    assert _python(after, tmp_path) in ("python", "object")
    assert _python(before, tmp_path) in ("python", "object")


def test_the_start_up_runs_without_the_cycle_collector_until_the_data_is_shown(
    tmp_path: Path,
) -> None:
    # ``slipline`` (the window on the bundled sample): the collector is off while the window is
    # built and when the sample is shown, and on again a second later (START_UP_COLLECTION_MS).
    script = (
        "import gc, sys\n"
        "from PySide6 import QtCore, QtWidgets\n"
        "import app.main_window\n"
        "from app.cli import main\n"
        "seen = {}\n"
        "class Probe(app.main_window.MainWindow):\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        seen['built'] = gc.isenabled()\n"
        "        super().__init__(*args, **kwargs)\n"
        "        self.controller.snapshot_changed.connect(self.shown)\n"
        "    def shown(self, *_):\n"
        "        if 'shown' in seen:\n"
        "            return\n"
        "        seen['shown'] = gc.isenabled()\n"
        "        QtCore.QTimer.singleShot(300, lambda: seen.setdefault('soon', gc.isenabled()))\n"
        "        QtCore.QTimer.singleShot(2500, self.report)\n"
        "    def report(self):\n"
        "        print('collector:', seen['built'], seen['shown'], seen['soon'], gc.isenabled())\n"
        "        print('frozen:', gc.get_freeze_count() > 10_000)\n"
        "        print('rows:', self.timeline.layers.n_rows)\n"
        "        QtWidgets.QApplication.quit()\n"
        "app.main_window.MainWindow = Probe\n"
        "sys.exit(main([]))\n"
    )
    out = _python(script, tmp_path).splitlines()
    assert "rows: 16" in out
    assert "collector: False False False True" in out  # off until shown, on 1 s after
    assert "frozen: True" in out  # what start-up made before the data: the window, the modules
