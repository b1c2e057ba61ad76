"""data/ imports no Qt: checked in the source and in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "app", "widgets")


def test_data_sources_import_no_qt() -> None:
    offenders = []
    for path in sorted(DATA.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_data_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(DATA.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in DATA.rglob("*.py")
    )
    assert {"data", "data.dates.column", "data.ledger.build", "data.load"} <= set(modules)
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN[:5]!r}]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=DATA.parent, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
