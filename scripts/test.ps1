# Installs the test requirements in .venv and runs the whole suite (exit code 5 = no tests ran).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3 -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e ".[test]"
$env:QT_QPA_PLATFORM = "offscreen"
.venv\Scripts\python.exe -m pytest
if ($LASTEXITCODE -eq 5) { exit 1 }
exit $LASTEXITCODE
