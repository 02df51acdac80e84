#!/usr/bin/env bash
# Starts a private PostgreSQL cluster on 127.0.0.1:55432 for the tests and prints its URL.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bindir" ] || exit 1
dir=${TTHC_PG_DIR:-/tmp/tthc-pg}
port=55432
run_as=""
if [ "$(id -u)" -eq 0 ]; then run_as="runuser -u postgres --"; fi
if ! $run_as "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  rm -rf "$dir"; mkdir -p "$dir"
  [ -z "$run_as" ] || chown postgres "$dir"
  $run_as "$bindir/initdb" -D "$dir" -A trust -U tthc -E UTF8 >/dev/null
  $run_as "$bindir/pg_ctl" -D "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" \
    -l "$dir/log" -w start >/dev/null
fi
echo "postgresql+psycopg2://tthc@127.0.0.1:$port/postgres"
