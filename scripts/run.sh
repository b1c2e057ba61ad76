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
# Set up the first time, and again only when pyproject.toml or setup.sh changed since.
stamp="$repo/.venv/.setup-window"
if [ ! -x "$repo/.venv/bin/slipline" ] || [ ! -e "$stamp" ] \
    || [ "$repo/pyproject.toml" -nt "$stamp" ] || [ "$repo/scripts/setup.sh" -nt "$stamp" ]; then
  "$repo/scripts/setup.sh" --window
fi
exec "$repo/.venv/bin/slipline" "${files[@]}"
