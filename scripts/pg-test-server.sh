#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the server tests; prints its SQLAlchemy URL.
# Usage: eval "$(scripts/pg-test-server.sh start)"  → exports FIELDAPP_TEST_PG_URL
#        scripts/pg-test-server.sh stop
set -euo pipefail
PGDIR="${FIELDAPP_PG_DIR:-/tmp/fieldapp-pg}"
PORT="${FIELDAPP_PG_PORT:-55432}"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "echo 'PostgreSQL is not installed' >&2"; exit 0; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
      mkdir -p "$PGDIR"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
      as_pg "$BIN/initdb" -D "$PGDIR" -U postgres -A trust --no-sync >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='fieldapp_test'" | grep -q 1 \
      || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres fieldapp_test
    echo "export FIELDAPP_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/fieldapp_test"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
