#!/usr/bin/env bash
# The environments beside the main one (scripts/test.sh runs this after the whole suite), in a
# fresh .venv-oldest on Python 3.11 with every dependency at the oldest version pyproject.toml
# allows (scripts/oldest.txt):
#   1. without Qt (no PySide6, pyqtgraph, pytest-qt): `pytest -m "not gui"` runs and passes;
#   2. then the oldest PySide6 and pyqtgraph added: `pytest -m gui`.
# Together the two runs are the whole suite on the declared minimums.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON_OLDEST:-python3.11}
venv=.venv-oldest
if ! "$python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  # CI (.ci/run) requires the proof; a developer's machine without 3.11 is told, not failed.
  if [ "${SLIPLINE_REQUIRE_OLDEST:-0}" = 1 ]; then
    echo "test-envs: needs Python 3.11 (the oldest pyproject.toml allows) as $python;" \
         "set PYTHON_OLDEST" >&2
    exit 2
  fi
  echo "test-envs: SKIPPED: no Python 3.11 as $python (set PYTHON_OLDEST), so the oldest" \
       "versions were not tried" >&2
  exit 0
fi
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check -c scripts/oldest.txt)

start=$SECONDS
rm -rf "$venv"
"$python" -m venv "$venv"
"${pip[@]}" pandas numpy python-calamine pyarrow defusedxml pytest hypothesis import-linter
"${pip[@]}" --no-deps -e .
if "$venv/bin/python" -c 'import PySide6' 2>/dev/null; then
  echo "test-envs: PySide6 is installed in $venv, which should have no Qt" >&2
  exit 1
fi
echo "test-envs: oldest versions, no Qt: set up in $((SECONDS - start)) s"

step=$SECONDS
"$venv/bin/python" -m pytest -m "not gui" -q
echo "test-envs: oldest versions, no Qt: pytest -m \"not gui\" in $((SECONDS - step)) s"

step=$SECONDS
"${pip[@]}" PySide6-Essentials pyqtgraph pytest-qt pypdf
QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest -m gui -q
echo "test-envs: oldest versions with Qt: pytest -m gui in $((SECONDS - step)) s (with the install)"
"$venv/bin/python" -m pip list --format=freeze 2>/dev/null \
  | grep -iE '^(pyside6-essentials|pyqtgraph|pandas|numpy|python-calamine|pyarrow)==' \
  | tr '\n' ' '
echo
echo "test-envs: done in $((SECONDS - start)) s"
