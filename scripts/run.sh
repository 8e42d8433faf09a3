#!/usr/bin/env bash
# README command 1: install what is missing, then open emudesk on its demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh run
scripts/setup-venv.sh
exec .venv/bin/emudesk --demo "$@"
