#!/usr/bin/env bash
# README command 2 (and CI): install what tests need, then lint, check the types and the layers and run
# the whole suite on SQLite and on a throwaway PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh test
scripts/setup-venv.sh dev
export QT_QPA_PLATFORM=offscreen
export EMUDESK_REQUIRE_PG=1
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy emudesk
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest -n 2 --dist loadgroup --max-worker-restart=0 --hypothesis-profile=emudesk-ci "$@"
