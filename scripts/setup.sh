#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for fieldapp: system packages (Qt's libraries, the Amiri font,
# poppler, PostgreSQL for the server tests, Xvfb), a venv with the project, fonts and translations.
# Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev
  fonts-hosny-amiri poppler-utils
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 libx11-xcb1
  postgresql xvfb xauth
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
# A venv left half-made (an interrupted run) has no pip: start it again.
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.fieldapp-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q -e ".[server,dev]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import fieldapp, PySide6, reportlab, fastapi" 
  touch "$stamp"
fi

# Fonts are copied from the system package, never committed (OFL, Debian fonts-hosny-amiri).
mkdir -p resources/fonts
for f in Amiri-Regular.ttf Amiri-Bold.ttf; do
  src=$(find /usr/share/fonts -name "$f" 2>/dev/null | head -n 1)
  [ -n "$src" ] && cp -u "$src" resources/fonts/
done

# Qt Linguist translations: .ts (committed) → .qm (built here).
if compgen -G "resources/i18n/*.ts" >/dev/null; then
  for ts in resources/i18n/*.ts; do
    qm="${ts%.ts}.qm"
    if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
      .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
    fi
  done
fi
echo "fieldapp is set up in $(pwd)/.venv"
