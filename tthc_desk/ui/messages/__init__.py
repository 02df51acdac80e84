"""Turns coded errors into Vietnamese sentences (translated through Qt); one table per area."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

from tthc_desk.domain.errors import AppError
from tthc_desk.paths import log_path
from tthc_desk.ui.messages import core

log = logging.getLogger(__name__)

#: code -> (translation context, source sentence with {named} placeholders)
_TABLES: dict[str, tuple[str, str]] = {}


def register(context: str, table: dict[str, str]) -> None:
    """Add an area's code → sentence table (sentences marked with ``QT_TRANSLATE_NOOP``)."""
    for code, text in table.items():
        _TABLES[code] = (context, text)


register("Messages", core.MESSAGES)


def _load_area_tables() -> None:
    import importlib
    import pkgutil

    import tthc_desk.ui.messages as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name == "core":
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        table = getattr(module, "MESSAGES", None)
        if isinstance(table, dict):
            register(getattr(module, "CONTEXT", "Messages"), table)


_load_area_tables()


def known_codes() -> set[str]:
    return set(_TABLES)


def describe(error: BaseException) -> str:
    """A Vietnamese sentence saying what went wrong and what to do."""
    if isinstance(error, AppError):
        entry = _TABLES.get(error.code)
        if entry is None:
            log.warning("No message for error code %s", error.code)
            entry = _TABLES["error.unknown_code"]
            params: dict[str, Any] = {"code": error.code}
        else:
            params = dict(error.params)
        text = QCoreApplication.translate(entry[0], entry[1])
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    if isinstance(error, OSError) and getattr(error, "errno", None) == 28:
        return describe(AppError("os.disk_full"))
    if "database or disk is full" in str(error).lower():  # SQLite, through any wrapper
        return describe(AppError("os.disk_full"))
    context, text = _TABLES["error.unexpected"]
    return QCoreApplication.translate(context, text).format(log=str(log_path()))
