#!/usr/bin/env bash
# Set up (system libraries, .venv) and run the whole test suite: ruff, mypy, then pytest,
# headless; then scripts/test-envs.sh: the suite on the oldest versions pyproject.toml allows,
# its data half without Qt installed. With arguments, only pytest with those arguments runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
if [ "$#" = 0 ]; then
  scripts/test-envs.sh
fi
