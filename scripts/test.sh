#!/usr/bin/env bash
# The second command of the README and what CI runs: set up, start PostgreSQL, lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
eval "$(bash scripts/pg-test-server.sh start)"
trap 'bash scripts/pg-test-server.sh stop' EXIT
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check fieldapp tests bench
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
