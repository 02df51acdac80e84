"""Files holding personal data are private to the user: 0600 files and 0700 folders on POSIX.

On Windows the data folder lives in the user's profile (``%LOCALAPPDATA%``), whose ACL already
grants only that user (plus SYSTEM and administrators); POSIX modes mean nothing there, so the
calls below leave the file alone instead of clearing its read-only bit or inherited ACL.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def restrict_umask() -> None:
    """Every file the process creates from now on is private (log, database, store, backups)."""
    if POSIX:
        os.umask(0o077)


def make_private(path: Path | str) -> Path:
    """Give an existing file 0600 (a folder 0700); a missing path is left alone."""
    p = Path(path)
    if POSIX and p.exists():
        try:
            os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)
        except PermissionError:  # not ours (a shared folder): its owner decides
            pass
    return p


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and parents) if needed and make the folder itself private."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    return make_private(p)


def private_tree(root: Path | str) -> None:
    """Make a folder and everything under it private (a backup, the document store)."""
    base = Path(root)
    make_private(base)
    if base.is_dir():
        for p in base.rglob("*"):
            make_private(p)
