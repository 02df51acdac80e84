#!/usr/bin/env bash
# Installs what the tests need (system packages, ./.venv with the test extras), starts a
# throw-away PostgreSQL for the shared-database tests, and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]" >/dev/null
export QT_QPA_PLATFORM=offscreen
# PostgreSQL on loopback, when we may start it (root on CI, or a developer with sudo).
if [ -z "${TTHC_TEST_PG_URL:-}" ] && [ -f scripts/pg-test-server.sh ]; then
  if url=$(bash scripts/pg-test-server.sh 2>/dev/null); then export TTHC_TEST_PG_URL="$url"; fi
fi
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [ $code -eq 5 ]; then
  echo "pytest: không có bài kiểm thử nào được chạy (mã 5)." >&2
  exit 1
fi
exit $code
