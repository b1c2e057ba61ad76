#!/usr/bin/env bash
# Set up (if needed) and open Slipline; with no files it shows the bundled sample.
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
"$repo/scripts/setup.sh" --window
exec "$repo/.venv/bin/slipline" "${files[@]}"
