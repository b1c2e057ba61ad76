"""PySide6's test of every imported module (does its source name PySide6?) answered from the
loader's source by widgets/pg_import.py: the same answers as PySide's own, installed whether
PySide6 is imported before or after ``widgets``."""

from __future__ import annotations

from tests.widgets.test_pg_import import run_python

SCRIPT = """
import sys, types
{first}
import pyqtgraph, pandas, app.main_window, app.export, data.load
feature = sys.modules["shibokensupport.feature"]
quick = feature._mod_uses_pyside
original = quick.__closure__[0].cell_contents
assert getattr(quick, "quicker", False) and not getattr(original, "quicker", False)
import PySide6
assert not type(PySide6.__loader__).__module__.startswith("widgets")  # (its own loader)
differ = [name for name, module in list(sys.modules.items())
          if isinstance(module, types.ModuleType) and quick(module) != original(module)]
uses = sum(1 for module in list(sys.modules.values())
           if isinstance(module, types.ModuleType) and quick(module))
print(len(sys.modules) > 500, differ, uses > 20, quick(sys.modules["app.loader"]),
      quick(sys.modules["json"]), quick(sys.modules["numpy.linalg._umath_linalg"]))
"""


def _run(first: str) -> str:
    return run_python(SCRIPT.format(first=first))


def test_the_quicker_check_answers_as_pysides_own_with_widgets_imported_first() -> None:
    # app.loader names PySide6 in its source; json does not; an extension module has none.
    assert _run("import widgets\nimport PySide6.QtWidgets") == "True [] True True False False"


def test_the_quicker_check_is_installed_when_pyside6_came_first() -> None:
    assert _run("import PySide6.QtWidgets\nimport widgets") == "True [] True True False False"
