#!/usr/bin/env bash
# Set up (the first time) and open Slipline; with no files it shows the bundled sample.
# Files are taken relative to where you run this from, like any command.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
files=()
for arg in "$@"; do
  case "$arg" in
    -*|/*) files+=("$arg") ;;
    *) files+=("$PWD/$arg") ;;
  esac
done
# Set up the first time, and again only when pyproject.toml or setup.sh changed since, the
# checkout was moved (the stamp names where it was set up) or the venv's Python is gone.
stamp="$repo/.venv/.setup-window"
if [ ! -x "$repo/.venv/bin/slipline" ] || [ ! -x "$repo/.venv/bin/python" ] \
    || [ ! -e "$stamp" ] || [ "$(cat "$stamp")" != "$repo" ] \
    || [ "$repo/pyproject.toml" -nt "$stamp" ] || [ "$repo/scripts/setup.sh" -nt "$stamp" ]; then
  "$repo/scripts/setup.sh" --window
fi
exec "$repo/.venv/bin/slipline" ${files[@]+"${files[@]}"}
