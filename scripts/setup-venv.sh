#!/usr/bin/env bash
# Creates .venv (Python 3.11+) and installs emudesk into it; EXTRAS selects optional dependencies.
#   scripts/setup-venv.sh          the app
#   scripts/setup-venv.sh dev      the app plus test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "emudesk needs Python 3.11 or newer (found $("$python" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
spec="."
if [ -n "$extras" ]; then spec=".[$extras]"; fi
.venv/bin/python -m pip install --quiet -e "$spec"
