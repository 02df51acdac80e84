# Installs TTHC Desk in .venv and starts it. -Demo fills a new database with the demo commune.
param([switch]$Demo)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3 -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e .
if ($Demo) {
  $db = .venv\Scripts\python.exe -c "from tthc_desk.paths import default_db_path; print(default_db_path())"
  if (-not (Test-Path $db)) { .venv\Scripts\python.exe main.py --db $db demo }
}
.venv\Scripts\python.exe main.py
