#!/usr/bin/env bash
# Installs the Debian packages emudesk needs, only those missing.
#   scripts/install-system-deps.sh run    Qt's runtime libraries and fonts (to open the window)
#   scripts/install-system-deps.sh bundle the above plus binutils (PyInstaller's objdump and objcopy:
#                                          packaging/build.sh)
#   scripts/install-system-deps.sh test   run and bundle plus PostgreSQL, poppler-utils, LibreOffice Calc
#                                          and Writer and Liberation fonts (Times metrics: .docx read-back
#                                          tests), Tesseract with Vietnamese data (the plan reader's OCR test)
# Needs root or sudo when something is missing; does nothing on non-Debian systems.
set -euo pipefail
profile="${1:-run}"

run_pkgs=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1
)
bundle_pkgs=(binutils)
test_pkgs=(postgresql poppler-utils libreoffice-calc-nogui libreoffice-writer-nogui fonts-liberation2
  tesseract-ocr tesseract-ocr-vie)

pkgs=("${run_pkgs[@]}")
if [ "$profile" = "bundle" ] || [ "$profile" = "test" ]; then pkgs+=("${bundle_pkgs[@]}"); fi
if [ "$profile" = "test" ]; then pkgs+=("${test_pkgs[@]}"); fi

# Debian's own python3 needs the venv module as a package; pyenv/other builds carry it.
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  pkgs+=("python3-venv")
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-like system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "install-system-deps: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
