"""pyqtgraph imported without creating every Qt class.

pyqtgraph keeps its own "mirror" modules of QtCore, QtGui and QtWidgets (``pyqtgraph.Qt.QtCore``
…) and, as ``pyqtgraph.Qt`` is imported, copies every name of PySide6's modules into them.
PySide6 creates a class when it is first used, and that copy uses all of them (some 700): a few
tenths of a second of every start-up and export. :func:`install`, called before pyqtgraph is
imported, gives pyqtgraph mirrors that look a name up in PySide6's module when it is asked for,
and, while ``pyqtgraph.Qt`` runs, lets ``dir()`` of PySide6's modules list only the classes
already created, so the copy creates none. Whatever pyqtgraph or Slipline asks of a mirror is
PySide6's own object, as before; nothing changes once pyqtgraph is imported.

PySide6 itself, once imported, asks of every module imported after it whether its source names
PySide6 (for its opt-in ``__feature__`` switches), through ``inspect.getsource``, whose search
of the loaded modules grows with their number: about a quarter of a second of the window's
start-up (some 700 modules: pyqtgraph, pandas, Slipline's). :func:`install` has the same
question answered from the source the module's loader gives, the same text (and PySide's own
test where a loader gives none).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import types

_NAMES = ("QtCore", "QtGui", "QtWidgets")
_DUNDERS = ("__version__", "__version_info__")  # (the module's own __file__ and such stay its)


def install() -> None:
    """Have pyqtgraph imported so, unless it is imported already or told to use another Qt.
    Costs nothing until PySide6 or pyqtgraph is imported."""
    _quicker_feature_check()
    if "pyqtgraph" in sys.modules or not _pyside6_chosen():
        return
    if not any(isinstance(finder, _QtFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QtFinder())


def _quicker_feature_check() -> None:
    """PySide6's test of each imported module (``_mod_uses_pyside``, in its ``feature``
    module) answered from the loader's source; now if PySide6 is imported, else as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:
        if "PySide6" not in sys.modules and not any(
            isinstance(finder, _PySideFinder) for finder in sys.meta_path
        ):
            sys.meta_path.insert(0, _PySideFinder())
        return
    original = getattr(feature, "_mod_uses_pyside", None)
    if callable(original) and not getattr(original, "quicker", False):
        feature._mod_uses_pyside = _uses_pyside(original)  # type: ignore[attr-defined]


def _uses_pyside(original):
    def uses_pyside(module: types.ModuleType) -> bool:
        """Whether ``module``'s source names PySide6 (PySide's own test on the same text)."""
        get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
        try:
            source = None if get_source is None else get_source(module.__name__)
        except Exception:  # (its loader cannot give it: PySide's own test decides)
            source = None
        return original(module) if source is None else "PySide6" in source

    uses_pyside.quicker = True  # type: ignore[attr-defined]
    return uses_pyside


class _PySideFinder(importlib.abc.MetaPathFinder):
    """Finds ``PySide6`` as the path finder does and, once it has run, makes its test of
    each imported module quicker (:func:`_quicker_feature_check`)."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname != "PySide6":
            return None
        sys.meta_path.remove(self)  # (once)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenLoader(spec.loader, _quicker_feature_check)
        return spec


class _ThenLoader(importlib.abc.Loader):
    """A loader that runs ``then()`` after the module it loads has run."""

    def __init__(self, loader, then) -> None:
        self.loader, self.then = loader, then

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__loader__ = self.loader  # (the module's own, as before)
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        self.then()


def _pyside6_chosen() -> bool:
    """Whether pyqtgraph will bind PySide6: it is not told otherwise, and takes an already
    imported binding first (PyQt6, PyQt5 or PySide2 would then be the one)."""
    if os.environ.get("PYQTGRAPH_QT_LIB", "PySide6") != "PySide6":
        return False
    return not any(name in sys.modules for name in ("PyQt6", "PyQt5", "PySide2"))


def _mirror(name: str, source: types.ModuleType) -> types.ModuleType:
    mirror = types.ModuleType(name)

    def look_up(attribute: str) -> object:  # (a module's __getattr__: names not set on it)
        if attribute.startswith("__") and attribute not in _DUNDERS:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        value = getattr(source, attribute)
        mirror.__dict__[attribute] = value  # (kept: asked again, it is a plain attribute)
        return value

    mirror.__dict__["__getattr__"] = look_up
    return mirror


class _QtFinder(importlib.abc.MetaPathFinder):
    """Finds ``pyqtgraph.Qt`` as the path finder does, puts the mirrors in place and has it
    run with the short ``dir()``."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname != "pyqtgraph.Qt":
            return None
        sys.meta_path.remove(self)  # (once)
        if not _pyside6_chosen():
            return None  # (pyqtgraph imported as it is)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        from PySide6 import QtCore, QtGui, QtWidgets

        sources = (QtCore, QtGui, QtWidgets)
        for name, source in zip(_NAMES, sources, strict=True):
            sys.modules.setdefault(f"{fullname}.{name}", _mirror(f"{fullname}.{name}", source))
        spec.loader = _ShortDirLoader(spec.loader, sources)
        return spec


class _ShortDirLoader(importlib.abc.Loader):
    def __init__(self, loader, sources: tuple[types.ModuleType, ...]) -> None:
        self.loader, self.sources = loader, sources

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        saved = [source.__dict__.get("__dir__") for source in self.sources]
        for source in self.sources:
            source.__dict__["__dir__"] = _created_names(source)
        try:
            self.loader.exec_module(module)
        finally:
            for source, before in zip(self.sources, saved, strict=True):
                if before is None:
                    del source.__dict__["__dir__"]
                else:
                    source.__dict__["__dir__"] = before


def _created_names(source: types.ModuleType):
    return lambda: list(source.__dict__)
