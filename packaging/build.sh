#!/usr/bin/env bash
# Builds the one-folder bundle on Linux with PyInstaller (packaging/emudesk.spec): DIST/emudesk holds
# `emudesk` (the window), `emudesk-cli` (the commands) and _internal/ (Python, Qt, psycopg with its
# libpq, fonts, translations, templates, seed plans, migrations, icons).
#   packaging/build.sh                              dist/emudesk, work files in build/
#   packaging/build.sh --dist DIR --work DIR        elsewhere (tests/packaging builds into a tmp dir)
# With PYTHON set, that interpreter builds (it must have emudesk and pyinstaller installed, as the
# `dev` or `bundle` extras bring); otherwise .venv does, created or completed first.
# Prints the bundle's folder on the last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/dist"
work="$root/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  # What `pip install` cannot bring: Qt's system libraries, which the bundle collects from here,
  # and binutils, which PyInstaller runs.
  scripts/install-system-deps.sh bundle
  if ! .venv/bin/python -c 'import PyInstaller, emudesk' 2>/dev/null; then
    scripts/setup-venv.sh bundle
  fi
  python=.venv/bin/python
fi

version="$("$python" -c 'from importlib.metadata import version; print(version("emudesk"))')"
echo "build.sh: emudesk $version into $dist/emudesk" >&2
# No --clean: the work folder holds only this spec's files, and PyInstaller's own cache keeps
# nothing for a Linux build; a fresh --work (as the test gives) starts from nothing anyway.
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
  packaging/emudesk.spec
test -x "$dist/emudesk/emudesk" && test -x "$dist/emudesk/emudesk-cli"
echo "$dist/emudesk"
