"""The installer spec builds a working app: the frozen program runs its commands end to end.

Slow (a PyInstaller build takes a minute or two), but it is the only way to see that migrations,
fonts, translations and modules imported by name at run time are all in the bundle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]')")
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [str(Path(sys.executable).parent / "pyinstaller"), "installer.spec", "--noconfirm",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=ROOT, check=True, capture_output=True, timeout=1200,
    )  # fmt: skip
    [folder] = (work / "dist").iterdir()
    exe = folder / ("TTHCDesk.exe" if sys.platform == "win32" else "TTHCDesk")
    assert exe.exists()
    return exe


def run(exe: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # TTHC_PASSWORD: the demo's password, for the commands that sign --user in
    env = {**os.environ, "TTHC_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "TTHC_PASSWORD": "matkhau123"}  # fmt: skip
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


def test_frozen_app_migrates_fills_demo_and_prints(frozen_app: Path, tmp_path: Path) -> None:
    db = tmp_path / "frozen.sqlite3"
    assert "lệnh con" in run(frozen_app, tmp_path, "--help").stdout
    demo = run(frozen_app, tmp_path, "--db", str(db), "demo", "--years", "0.01", "--per-day", "3")
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "so.pdf"
    reg = run(frozen_app, tmp_path, "--db", str(db), "register", "--from", "2020-01-01",
              "--to", "2030-12-31", "--out", str(out), "--user", "admin")  # fmt: skip
    assert reg.returncode == 0, reg.stderr
    assert out.read_bytes().startswith(b"%PDF")
    notice = run(frozen_app, tmp_path, "--db", str(db), "notice", "--out",
                 str(tmp_path / "ny.pdf"), "--field", "Chứng thực")  # fmt: skip
    assert notice.returncode == 0, notice.stderr
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "ny.pdf").pages)
    assert "NIÊM YẾT" in text.upper()
