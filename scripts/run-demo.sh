#!/usr/bin/env bash
# The first command of the README: set up, create a demo profile (once), start the desktop app on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PROFILE="${FIELDAPP_DEMO_PROFILE:-$HOME/.local/share/fieldapp/profiles/demo}"
export FIELDAPP_PASSWORD="${FIELDAPP_PASSWORD:-demo-password}"
if [ ! -f "$PROFILE/vault.db" ]; then
  echo "Creating the demo profile in $PROFILE (password: $FIELDAPP_PASSWORD) ..."
  .venv/bin/fieldapp demo "$PROFILE" --households "${FIELDAPP_DEMO_HOUSEHOLDS:-300}"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here: running the app's smoke mode on the demo profile instead of a window."
  exec .venv/bin/fieldapp --profile "$PROFILE" --smoke
fi
exec .venv/bin/fieldapp --profile "$PROFILE"
