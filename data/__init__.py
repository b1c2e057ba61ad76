"""Slipline's data layer: pure pandas and numpy, no Qt (a test enforces it).

Importing ``data`` does not import pandas: the window imports what it needs before its first
paint (``data.query``'s sorts, ``data.days``) without it, and the loading thread imports the
rest. pyarrow is installed for reading (data/reading/); with it, pandas would back every string
Series with Arrow, whose regular expressions are RE2, not Python's, while the date grammar
(data/dates/) and the column matching are written and tested for Python's ``re``. So strings
are stored as Python objects, set here when pandas is already imported, else as soon as pandas
has been imported (whoever imports it, before any of this layer's work can use it).
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import Any


def _python_strings(pandas: Any) -> None:
    pandas.set_option("mode.string_storage", "python")


class _AfterPandas:  # a meta path finder: find_spec is all it needs (importlib.abc costs time)
    """Finds pandas as the path finder would, and sets the option once it has executed."""

    found = False

    def find_spec(
        self, name: str, path: Any = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "pandas" or self.found:
            return None
        spec = PathFinder.find_spec(name, path)
        self.found = spec is not None
        if spec is not None and spec.loader is not None:
            loader = spec.loader
            execute = loader.exec_module

            def exec_module(module: ModuleType) -> None:
                execute(module)
                _python_strings(module)

            loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if "pandas" in sys.modules:
    _python_strings(sys.modules["pandas"])
elif not any(isinstance(f, _AfterPandas) for f in sys.meta_path):
    sys.meta_path.insert(0, _AfterPandas())
