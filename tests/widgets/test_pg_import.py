"""pyqtgraph imported through ``widgets`` creates only the Qt classes used, and its mirror
modules still hand out PySide6's own classes (widgets/pg_import.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6 import QtCore, QtGui, QtWidgets
modules = (QtCore, QtGui, QtWidgets)
listed = sum(len(dir(module)) for module in modules)
# PySide6 6.6 creates every class as it is imported: nothing to spare there.
lazy = sum(len(module.__dict__) for module in modules) < listed / 2
{first}
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore as pg_core, QtGui as pg_gui, QtWidgets as pg_widgets
created = sum(len(module.__dict__) for module in modules)
# A class nothing had used, asked of a mirror: PySide6's own (and dir() is whole again).
same = pg_core.QJsonDocument is QtCore.QJsonDocument and pg_gui.QColor is QtGui.QColor
same = same and pg_widgets.QGraphicsView is QtWidgets.QGraphicsView
listed_after = "QJsonParseError" in dir(QtCore)
app = QtWidgets.QApplication([])
plot = pg.PlotWidget()
plot.plot([0, 1, 2], [2, 0, 1])
plot.resize(200, 100)
image = plot.grab().toImage()
print(created < listed / 2 or not lazy, same, listed_after, image.width() > 0)
"""


def run_python(code: str) -> str:
    """What ``code`` prints, run by a fresh interpreter in the repository (offscreen Qt)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _run(first: str) -> str:
    return run_python(SCRIPT.format(first=first))


def test_pyqtgraph_through_widgets_creates_only_the_classes_it_uses() -> None:
    # Fewer than half of PySide6's names are created (where it creates them when first used);
    # every mirror's name is PySide6's object; pyqtgraph draws a plot.
    assert _run("import widgets") == "True True True True"


def test_the_window_imports_pyqtgraph_through_widgets() -> None:
    assert _run("import app.main_window") == "True True True True"


def test_the_mirrors_stand_aside_when_pyqtgraph_will_bind_another_qt(monkeypatch) -> None:
    # pyqtgraph takes PYQTGRAPH_QT_LIB, else a binding already imported, before PySide6: the
    # mirrors of PySide6's modules would then hand it the wrong classes.
    import types

    from widgets import pg_import

    monkeypatch.delenv("PYQTGRAPH_QT_LIB", raising=False)
    assert pg_import._pyside6_chosen()
    monkeypatch.setitem(sys.modules, "PyQt6", types.ModuleType("PyQt6"))
    assert not pg_import._pyside6_chosen()
    monkeypatch.delitem(sys.modules, "PyQt6")
    monkeypatch.setenv("PYQTGRAPH_QT_LIB", "PyQt5")
    assert not pg_import._pyside6_chosen()
    # Asked then, the finder lets pyqtgraph.Qt be found the usual way (and leaves the path).
    finder = pg_import._QtFinder()
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    assert finder.find_spec("pyqtgraph.Qt") is None and finder not in sys.meta_path
