"""Files holding personal data are private to the user: 0600 files and 0700 folders on POSIX,
an access list granting only the current user on Windows.

On Windows, POSIX modes mean nothing; the data folder usually lives in the user's profile
(``%LOCALAPPDATA%``), but the administrator may put the database, the store or the backups
elsewhere (``D:\\TTHC``, a USB disk). There a folder is given an access list of the current user
alone, inherited by everything created in it, with the system's own tool::

    icacls <folder> /inheritance:r /grant:r DOMAIN\\user:(OI)(CI)F

(``/inheritance:r`` drops the permissions inherited from the parent folder, ``/grant:r``
replaces the user's; a file gets ``user:F``). No extra dependency (pywin32) is needed.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"
WINDOWS = os.name == "nt"

log = logging.getLogger(__name__)


def restrict_umask() -> None:
    """Every file the process creates from now on is private (log, database, store, backups)."""
    if POSIX:
        os.umask(0o077)


def windows_user(env: dict[str, str] | os._Environ[str] | None = None) -> str:
    """The current Windows account as icacls names it: ``DOMAIN\\user`` (or ``user``)."""
    e = os.environ if env is None else env
    user = e.get("USERNAME", "")
    domain = e.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain and user else user


def windows_acl_command(path: Path | str, user: str, is_dir: bool) -> list[str]:
    """The icacls command that leaves ``path`` to ``user`` alone (full control; a folder's
    permission inherited by the files and folders created in it)."""
    grant = f"{user}:(OI)(CI)F" if is_dir else f"{user}:F"
    return ["icacls", str(path), "/inheritance:r", "/grant:r", grant, "/Q"]


def _restrict_windows(p: Path) -> None:
    user = windows_user()
    if not user:
        return
    try:
        done = subprocess.run(
            windows_acl_command(p, user, p.is_dir()),
            capture_output=True,
            timeout=60,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError):
        log.warning("Could not restrict the access list of a data file (icacls unavailable)")
        return
    if done.returncode != 0:  # not ours (a shared folder): its owner decides
        log.warning("icacls refused to restrict a data file (exit %s)", done.returncode)


def make_private(path: Path | str) -> Path:
    """Give an existing file 0600 (a folder 0700), on Windows an access list of the current
    user alone; a missing path is left alone."""
    p = Path(path)
    if not p.exists():
        return p
    if POSIX:
        try:
            os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)
        except PermissionError:  # not ours (a shared folder): its owner decides
            pass
    elif WINDOWS:
        _restrict_windows(p)
    return p


def private_dir(path: Path | str) -> Path:
    """Create ``path`` (and parents) if needed and make the folder itself private."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    return make_private(p)


def private_tree(root: Path | str) -> None:
    """Make a folder and everything under it private (a backup, the document store).

    On Windows the folder's access list is inherited by what is in it: one call is enough."""
    base = Path(root)
    make_private(base)
    if base.is_dir() and POSIX:
        for p in base.rglob("*"):
            make_private(p)
