"""Files created private (Decree 13/2023): 0600/0700 on POSIX, the current user's own access
list on Windows (icacls; its command line is checked here, the real call on Windows only)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tthc_desk import private_files as pf


def test_icacls_command_for_a_folder_and_a_file() -> None:
    folder = Path("D:/TTHC/kho tệp")
    assert pf.windows_acl_command(folder, "XAANSON\\motcua", True) == [
        "icacls",
        str(folder),
        "/inheritance:r",
        "/grant:r",
        "XAANSON\\motcua:(OI)(CI)F",
        "/Q",
    ]
    assert pf.windows_acl_command("D:/TTHC/tthc.sqlite3", "motcua", False)[-2:] == [
        "motcua:F",
        "/Q",
    ]


def test_the_windows_account_is_domain_and_user() -> None:
    assert pf.windows_user({"USERNAME": "motcua", "USERDOMAIN": "UBND-ANSON"}) == (
        "UBND-ANSON\\motcua"
    )
    assert pf.windows_user({"USERNAME": "motcua"}) == "motcua"
    assert pf.windows_user({}) == ""


@pytest.mark.skipif(not pf.POSIX, reason="POSIX modes")
def test_posix_modes_are_set(tmp_path: Path) -> None:
    before = os.umask(0o022)  # as a shell would leave it
    try:
        folder = pf.private_dir(tmp_path / "du-lieu" / "kho")
        f = folder / "a.pdf"
        f.write_bytes(b"%PDF")
        os.chmod(f, 0o644)
        sub = folder / "ab"
        sub.mkdir(mode=0o755)
        os.chmod(sub, 0o755)
        pf.private_tree(folder)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(sub.stat().st_mode) == 0o700
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    finally:
        os.umask(before)


@pytest.mark.skipif(not pf.WINDOWS, reason="the real access list is checked on Windows")
def test_windows_folder_is_left_to_the_current_user(tmp_path: Path) -> None:  # pragma: no cover
    folder = pf.private_dir(tmp_path / "du-lieu")
    (folder / "a.txt").write_text("x")
    shown = subprocess.run(
        ["icacls", str(folder)], capture_output=True, text=True, check=True
    ).stdout
    user = pf.windows_user()
    lines = [ln for ln in shown.splitlines()[:-2] if ln.strip()]
    assert all(user.lower() in ln.lower() for ln in lines), shown
    assert "(I)" not in shown  # nothing inherited from the parent folder
