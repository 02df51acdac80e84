#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages TTHC Desk needs: Qt's X libraries and fonts for the app;
# with "test", also what the test suite uses for real (SoftHSM2, SANE, poppler, zbar,
# Tesseract, Xvfb, PostgreSQL). Skips apt when everything is already there.
set -euo pipefail
want_tests=${1:-}
pkgs=(python3 python3-venv python3-pip
      libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxcb-randr0
      libxcb-render-util0 libxcb-shape0 libxcb-image0 libxcb-xkb1 libxrender1
      fonts-liberation2 fonts-noto-core fonts-dejavu-core sane-utils libsane1)
if [ "$want_tests" = "test" ]; then
  pkgs+=(softhsm2 opensc poppler-utils qpdf zbar-tools tesseract-ocr tesseract-ocr-vie xvfb
         xauth postgresql)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Không có apt-get: hãy tự cài các gói sau: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
