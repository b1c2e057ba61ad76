"""scripts/oldest.txt, the versions scripts/test-envs.sh proves, pins every dependency of
pyproject.toml (the test tools included) at exactly its declared minimum."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _release(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".")]
    while parts and parts[-1] == 0:  # 6.6 and 6.6.0 are one version
        parts.pop()
    return tuple(parts)


def test_oldest_pins_are_the_declared_minimums() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minimums: dict[str, set[tuple[int, ...]]] = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()
        if name in ("ruff", "mypy", "pandas-stubs"):
            # pinned exactly: they check the code in the main environment, never imported by
            # the tests, so the oldest environment does without them
            assert "==" in requirement, f"{requirement}: a checker is pinned exactly"
            continue
        lower = re.search(r">=\s*([0-9.]+)", requirement)
        assert lower, f"{requirement}: no declared minimum"
        minimums.setdefault(name, set()).add(_release(lower.group(1)))
    pins = {}
    for line in (ROOT / "scripts" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = _release(version.strip())
    assert set(pins) == set(minimums)
    for name, version in pins.items():
        assert minimums[name] == {version}, f"{name}: pinned {version}, declared {minimums[name]}"
