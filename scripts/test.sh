#!/usr/bin/env bash
# Set up (system libraries, .venv) and run the whole test suite: ruff, mypy, then pytest,
# headless; then scripts/test-envs.sh: the suite on the oldest versions pyproject.toml allows,
# its data half without Qt installed. With arguments, only pytest with those arguments runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# .mpp, MPX and Planner files go through MPXJ (the optional extra slipline[mpp]), which needs Java:
# installed when a java is present, so its tests run; without it they are skipped, not failed.
if command -v java >/dev/null 2>&1; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,mpp]" \
    || echo "test: slipline[mpp] could not be installed; its tests are skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
if [ "$#" = 0 ]; then
  scripts/test-envs.sh
fi
