#!/bin/sh
# Install, update or remove the fieldapp desktop bundle on a Linux laptop. The build copies this script into
# the bundle as fieldapp/install.sh; run it from the unpacked folder:
#   sudo ./fieldapp/install.sh                 /opt/fieldapp, /usr/local/bin/fieldapp, menu entry and icon
#   sudo ./fieldapp/install.sh --uninstall     removes those again
#   PREFIX=/opt BINDIR=/usr/local/bin DATADIR=/usr/share ./fieldapp/install.sh   (other locations)
# Profiles (the researchers' vaults in their home folders) are never touched, by install or uninstall.
set -eu

SRC=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-/opt}
BINDIR=${BINDIR:-/usr/local/bin}
DATADIR=${DATADIR:-/usr/share}
DEST="$PREFIX/fieldapp"
ICON="$DATADIR/icons/hicolor/256x256/apps/fieldapp.png"
DESKTOP="$DATADIR/applications/fieldapp.desktop"

case "$DEST" in
  /*/fieldapp) ;;
  *) echo "install.sh: PREFIX must be an absolute path (got '$PREFIX')" >&2; exit 2 ;;
esac

refresh_menu() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATADIR/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$DATADIR/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$DEST"
  [ -L "$BINDIR/fieldapp" ] && rm -f "$BINDIR/fieldapp"
  rm -f "$DESKTOP" "$ICON"
  refresh_menu
  echo "fieldapp removed (profiles in the users' home folders are kept)"
  exit 0
fi

[ -x "$SRC/fieldapp" ] && [ -d "$SRC/_internal" ] || { echo "install.sh: run it from the unpacked fieldapp folder" >&2; exit 2; }

if [ "$SRC" != "$DEST" ]; then
  # Copy beside the old version, then swap, so a failed copy leaves the installed app as it was.
  mkdir -p "$PREFIX"
  rm -rf "$DEST.new" "$DEST.old"
  cp -a "$SRC" "$DEST.new"
  [ -d "$DEST" ] && mv "$DEST" "$DEST.old"
  mv "$DEST.new" "$DEST"
  rm -rf "$DEST.old"
fi

mkdir -p "$BINDIR" "$(dirname "$ICON")" "$(dirname "$DESKTOP")"
ln -sf "$DEST/fieldapp" "$BINDIR/fieldapp"
cp "$DEST/_internal/resources/icons/fieldapp.png" "$ICON"
cat > "$DESKTOP" <<EOF
[Desktop Entry]
Type=Application
Name=fieldapp
Name[ar]=البحث الاجتماعي الميداني
Comment=Household assessments, offline first
Comment[ar]=استمارات البحث الاجتماعي للأسر، تعمل دون اتصال
Exec="$DEST/fieldapp"
Icon=fieldapp
Terminal=false
Categories=Office;
EOF
refresh_menu
"$DEST/fieldapp" --version
echo "installed in $DEST (command: $BINDIR/fieldapp)"
