"""Adapters stay plain Python: no Qt, no SQLAlchemy, a one-line docstring, listed error codes."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

MODULES = ["pdfdocs", "store", "signing", "scanning"]
ROOT = Path(__file__).resolve().parents[2] / "tthc_desk" / "adapters"


@pytest.mark.parametrize("name", MODULES)
def test_no_qt_or_sqlalchemy(name: str) -> None:
    tree = ast.parse((ROOT / f"{name}.py").read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"PySide6", "PyQt5", "PyQt6", "sqlalchemy", "alembic"}
    doc = ast.get_docstring(tree)
    assert doc and "\n" not in doc.strip()


@pytest.mark.parametrize("name", MODULES)
def test_error_codes_are_dotted_and_unique(name: str) -> None:
    module = importlib.import_module(f"tthc_desk.adapters.{name}")
    codes = module.ERROR_CODES
    assert len(codes) == len(set(codes))
    assert all("." in code and code == code.lower() for code in codes)
