#!/usr/bin/env bash
# Set up (if needed) and open Slipline; with no files it shows the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --window
exec .venv/bin/slipline "$@"
