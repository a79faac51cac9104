#!/usr/bin/env bash
# The first command of the README: set up; a demo head office on loopback (made once, started each time);
# a demo profile enrolled with it and synced (made once); the desktop app on that profile. The demo server
# stops when the app closes. Everything is local: SQLite vault, SQLite server, 127.0.0.1.
#
#   FIELDAPP_PASSWORD          the demo vault and demo users' password (default demo-password)
#   FIELDAPP_DEMO_USER         amal (researcher, default) or sara (supervisor of team jeddah-1)
#   FIELDAPP_DEMO_HOUSEHOLDS   how many demo households the demo head office holds (default 300)
#   FIELDAPP_DEMO_PROFILE, FIELDAPP_DEMO_SERVER, FIELDAPP_DEMO_PORT   where the profile and server live
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${FIELDAPP_SKIP_SETUP:-}" = "1" ] || bash scripts/setup.sh

DATA="${XDG_DATA_HOME:-$HOME/.local/share}/fieldapp"
DEMO_USER="${FIELDAPP_DEMO_USER:-amal}"
PROFILE="${FIELDAPP_DEMO_PROFILE:-$DATA/profiles/demo-$DEMO_USER}"
SERVER_DIR="${FIELDAPP_DEMO_SERVER:-$DATA/demo-server}"
PORT="${FIELDAPP_DEMO_PORT:-8750}"
URL="http://127.0.0.1:$PORT"
export FIELDAPP_PASSWORD="${FIELDAPP_PASSWORD:-demo-password}"
BIN="$PWD/.venv/bin"

server() { FIELDAPP_SERVER_DATA="$SERVER_DIR" "$BIN/fieldapp-server" "$@"; }

if "$BIN/python" -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT is taken (another demo server still running?): set FIELDAPP_DEMO_PORT to a free port." >&2
  exit 1
fi
if [ ! -f "$SERVER_DIR/.demo-ready" ]; then
  echo "Creating the demo head office in $SERVER_DIR ..."
  FIELDAPP_RECOVERY_PASSPHRASE="${FIELDAPP_RECOVERY_PASSPHRASE:-demo-recovery-passphrase}" server init
  FIELDAPP_NEW_PASSWORD="$FIELDAPP_PASSWORD" server demo --households "${FIELDAPP_DEMO_HOUSEHOLDS:-300}"
  touch "$SERVER_DIR/.demo-ready"
fi

FIELDAPP_SERVER_DATA="$SERVER_DIR" "$BIN/fieldapp-server" serve --host 127.0.0.1 --port "$PORT" &
SERVER_PID=$!  # the server process itself (a simple command), so the trap stops it
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
"$BIN/python" - "$URL" "$SERVER_PID" <<'PY'
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
for _ in range(150):
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(f"the demo server did not start (is port {url.rsplit(':', 1)[1]} taken? set FIELDAPP_DEMO_PORT)")
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=1):
            sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("the demo server did not answer within 15 s")
PY
echo "Demo head office on $URL (users amal and sara, password: $FIELDAPP_PASSWORD)"

if [ ! -f "$PROFILE/vault.db" ]; then
  echo "Enrolling the demo profile $PROFILE as $DEMO_USER ..."
  FIELDAPP_SERVER_PASSWORD="$FIELDAPP_PASSWORD" "$BIN/fieldapp" enroll "$PROFILE" --server "$URL" --user "$DEMO_USER"
fi
"$BIN/fieldapp" sync "$PROFILE" || echo "(sync did not complete: the app starts on what the profile holds)"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here: running the app's smoke mode on the demo profile instead of a window."
  "$BIN/fieldapp" --profile "$PROFILE" --smoke
else
  "$BIN/fieldapp" --profile "$PROFILE"
fi
