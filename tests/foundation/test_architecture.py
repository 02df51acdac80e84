"""The layer rules: domain is pure; ui never reaches into persistence; reports/adapters stay low."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tthc_desk"

# layer -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "PySide6",
        "shiboken6",
        "sqlalchemy",
        "alembic",
        "reportlab",
        "pyhanko",
        "tthc_desk.persistence",
        "tthc_desk.services",
        "tthc_desk.ui",
        "tthc_desk.reports",
        "tthc_desk.adapters",
        "openpyxl",
    ),
    "persistence": (
        "PySide6",
        "tthc_desk.services",
        "tthc_desk.ui",
        "tthc_desk.reports",
        "tthc_desk.adapters",
    ),
    "services": ("PySide6", "tthc_desk.ui"),
    "reports": (
        "PySide6",
        "sqlalchemy",
        "tthc_desk.persistence",
        "tthc_desk.services",
        "tthc_desk.ui",
    ),
    "adapters": (
        "PySide6",
        "sqlalchemy",
        "tthc_desk.persistence",
        "tthc_desk.services",
        "tthc_desk.ui",
    ),
    "ui": ("tthc_desk.persistence", "sqlalchemy", "alembic"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            for bad in FORBIDDEN[layer]:
                if name == bad or name.startswith(bad + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downward(layer: str) -> None:
    assert violations(layer) == []


def test_rule_catches_a_forbidden_import(tmp_path: Path) -> None:
    # The checker itself must see both import forms, or the test above proves nothing.
    sample = tmp_path / "x.py"
    sample.write_text("import PySide6.QtCore\nfrom sqlalchemy.orm import Session\n")
    assert imported_modules(sample) == {"PySide6.QtCore", "sqlalchemy.orm"}


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE.parent))
        for p in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in p.parts
        and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []
