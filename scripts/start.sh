#!/usr/bin/env bash
# Installs TTHC Desk in ./.venv (with the system libraries Qt needs) and starts it.
# Pass --demo to fill a new database with the demo commune first; other arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e . >/dev/null
args=()
demo=0
for a in "$@"; do
  if [ "$a" = "--demo" ]; then demo=1; else args+=("$a"); fi
done
if [ $demo -eq 1 ]; then
  db=$(.venv/bin/python -c "from tthc_desk.paths import default_db_path; print(default_db_path())")
  if [ ! -e "$db" ]; then
    .venv/bin/python main.py --db "$db" demo
  else
    echo "Đã có cơ sở dữ liệu $db: không tạo dữ liệu mẫu đè lên."
  fi
fi
exec .venv/bin/python main.py "${args[@]}"
