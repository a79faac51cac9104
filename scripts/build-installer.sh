#!/usr/bin/env bash
# Build the desktop bundle from a fresh clone: dist/fieldapp/fieldapp (one folder, no Python needed).
#   bash scripts/build-installer.sh                 set up (venv, fonts, translations), then build
#   FIELDAPP_BUILD_DEBUG=1 bash scripts/build-installer.sh    debug build: console, bootloader messages, no strip
#   FIELDAPP_DIST=DIR FIELDAPP_WORK=DIR ...          put the bundle / PyInstaller's work files elsewhere
#   FIELDAPP_SKIP_SETUP=1 ...                        skip scripts/setup.sh (the venv is already set up)
#   FIELDAPP_BUILD_TARBALL=1 ...                     also pack DIST/fieldapp-VERSION-linux-ARCH.tar.gz
# Adds install.sh (scripts/install-laptop.sh) to the bundle; ends with the bundle's --version and size.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${FIELDAPP_SKIP_SETUP:-0}" = "0" ]; then
  bash scripts/setup.sh
fi

DIST="${FIELDAPP_DIST:-dist}"
WORK="${FIELDAPP_WORK:-build}"
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level "${FIELDAPP_BUILD_LOG:-WARN}" \
  --distpath "$DIST" --workpath "$WORK" build_installer.spec
elapsed=$(( $(date +%s) - start ))
install -m 755 scripts/install-laptop.sh "$DIST/fieldapp/install.sh"

version=$("$DIST/fieldapp/fieldapp" --version)
echo "$version"
echo "bundle: $DIST/fieldapp ($(du -sh "$DIST/fieldapp" | cut -f1), built in ${elapsed}s)"
if [ "${FIELDAPP_BUILD_TARBALL:-0}" != "0" ]; then
  tarball="$DIST/fieldapp-${version#fieldapp }-linux-$(uname -m).tar.gz"
  tar -C "$DIST" -czf "$tarball" fieldapp
  echo "tarball: $tarball ($(du -sh "$tarball" | cut -f1))"
fi
