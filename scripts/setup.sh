#!/usr/bin/env bash
# Set up Slipline from a checkout: the system libraries Qt needs (installed when missing, on
# Debian/Ubuntu, as root or with sudo), a virtual environment in .venv, and Slipline in it.
#   scripts/setup.sh            runtime only
#   scripts/setup.sh --test     with the test tools
#   scripts/setup.sh --window   also the X11 libraries a real window needs
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
window=0
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test]" ;;
    --window) window=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Offscreen Qt (tests, export) on a bare Debian; fonts so that text has glyphs.
packages=(python3 python3-venv python3-pip libegl1 libgl1 libfontconfig1 libfreetype6
          libxkbcommon0 libglib2.0-0 libdbus-1-3 fonts-dejavu-core)
# A real window under X11 (docs/hazards.md: Qt's error blames libxcb-cursor0 even when others
# are missing).
if [ "$window" = 1 ]; then
  packages+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
             libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0
             libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libxcb-glx0)
fi

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
  done
  # A Python that can already make virtual environments (pyenv, a source build) needs none of
  # Debian's pythons.
  if command -v "${PYTHON:-python3}" >/dev/null 2>&1 \
      && "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do
      case "$p" in python3|python3-venv|python3-pip) ;; *) filtered+=("$p") ;; esac
    done
    missing=("${filtered[@]}")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian/Ubuntu system; make sure Qt's libraries (${packages[*]}) are present"
fi

python=${PYTHON:-python3}
# A .venv left half-made (say, by a run before python3-venv was installed) is made again.
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
# Slipline's own modules compiled now, as an installer compiles a package's (an editable install
# leaves them to the first run, and with PYTHONDONTWRITEBYTECODE set every run compiles them
# again: about a quarter of a second of each export's start-up). Python checks each file's
# time and size, so an edited module is compiled afresh.
.venv/bin/python -m compileall -q -j 0 app data widgets >/dev/null
# scripts/run.sh starts without setting up again while this is newer than pyproject.toml and
# this script and names this checkout (a moved checkout's .venv has scripts pointing at the old
# place).
if [ "$window" = 1 ]; then
  pwd >.venv/.setup-window
fi
echo "setup: ready ($(.venv/bin/python --version), $(.venv/bin/python -c 'import PySide6; print("PySide6", PySide6.__version__)'))"
