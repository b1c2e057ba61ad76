"""The house stays one others can move into: rooms small enough to know, no import cycles, the
import rules of docs/architecture.md held by import-linter, and a repository that stands alone
(no citation of documents outside it)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "widgets", "data")
MODULE_LINES = 420  # "about 400": a module over this is split by job
FUNCTION_LINES = 60  # a function's body, its docstring not counted


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    first = body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and isinstance(first.value.value, str):
        if len(body) == 1:
            return 0
        first = body[1]
    return (node.end_lineno or first.lineno) - first.lineno + 1


def test_every_module_is_small_enough_to_know() -> None:
    big = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert big == {}


def test_every_function_is_short() -> None:
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and (n := _body_lines(node)) > FUNCTION_LINES:
                long.append(f"{name}.{node.name}: {n} lines")
    assert long == []


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, wherever in the file (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            # "from package import module" imports the module; "from module import name" the module.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(path, name, set(modules)) for name, path in modules.items()}
    # A package's __init__ re-exporting its rooms is not a cycle with them.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    cycles, state = [], dict.fromkeys(graph, 0)

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state[target] == 1:
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif state[target] == 0:
                visit(target, [*stack, target])
        state[node] = 2

    for name in sorted(graph):
        if state[name] == 0:
            visit(name, [name])
    assert cycles == []


def test_import_rules_hold() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): app above widgets above data,
    data free of Qt, the rooms of data/ in their layers."""
    command = Path(sys.executable).parent / "lint-imports"  # the test extras install it
    result = subprocess.run(
        [str(command), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Documents that live outside the repository (spelled in two pieces, so that this file does not
# cite them itself).
OUTSIDE = ("DESIGN" + " §", "BAD" + "_INPUTS", "../" + "shared", "DESIGN" + ".md")
CHECKED = ("*.py", "*.md", "*.toml", "*.sh", "*.txt", "*.cfg", "*.ini")
NOT_CHECKED = (".venv", ".venv-mutation", "mutants", ".git", "build", "dist", "golden")


def test_the_repository_stands_alone() -> None:
    """Code, tests, scripts and docs cite no document outside the repository: the rules they
    rely on are written into docstrings and docs/ (data files and source URLs aside)."""
    offenders = []
    for pattern in CHECKED:
        for path in ROOT.rglob(pattern):
            relative = path.relative_to(ROOT)
            if any(part in NOT_CHECKED or part.endswith(".egg-info") for part in relative.parts):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{relative}: {word!r}" for word in OUTSIDE if word in text]
    assert offenders == []


def test_every_package_is_installed() -> None:
    """A package missing from pyproject's list works in a checkout and is absent from an
    install."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for package in (*PACKAGES, "resources")
        for init in (ROOT / package).rglob("__init__.py")
    }
    assert found <= listed
