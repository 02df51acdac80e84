"""Where the app keeps its files: the user's data folder, logs, file store, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "TTHCDesk"


def data_dir() -> Path:
    """The per-user data folder (``TTHC_DESK_HOME`` overrides it, e.g. in tests)."""
    override = os.environ.get("TTHC_DESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    from tthc_desk.private_files import private_dir

    return private_dir(path)


def default_db_path() -> Path:
    return data_dir() / "tthc_desk.sqlite3"


def log_path() -> Path:
    from tthc_desk.private_files import private_dir

    return private_dir(data_dir() / "logs") / "tthc_desk.log"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder, in a checkout or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
