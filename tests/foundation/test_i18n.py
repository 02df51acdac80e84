"""Vietnamese first, English available: every visible string goes through Qt's translators."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tthc_desk.ui.i18n import install_translators

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools import i18n  # noqa: E402


@pytest.fixture
def english(qapp: QApplication):  # type: ignore[no-untyped-def]
    install_translators(qapp, "en")
    yield
    install_translators(qapp, "vi")


def test_every_string_in_the_code_has_an_english_translation(tmp_path: Path) -> None:
    ts = tmp_path / "check_en.ts"
    shutil.copyfile(i18n.TS_EN, ts)
    i18n.update(ts)  # extract today's tr() strings into a copy of the committed file
    missing = i18n.unfinished(ts)
    assert missing == {}, "run tools/i18n.py update/missing/apply/release"


def test_compiled_translations_are_fresh(tmp_path: Path) -> None:
    for ts in sorted(i18n.I18N.glob("*.ts")):
        out = tmp_path / ts.with_suffix(".qm").name
        subprocess.run(
            [i18n._tool("pyside6-lrelease"), str(ts), "-qm", str(out)],
            check=True,
            capture_output=True,
        )
        assert out.read_bytes() == ts.with_suffix(".qm").read_bytes(), ts.name


def test_qt_own_buttons_are_vietnamese_by_default(qapp: QApplication) -> None:
    install_translators(qapp, "vi")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in box.buttons()) == ["Hủy", "Đồng ý"]


def test_english_is_selectable(qtbot, office_db, english) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.login_dialog import LoginDialog

    dlg = LoginDialog(office_db, "UBND xã An Sơn")
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Sign in — TTHC Desk"
    dlg.submit()
    assert dlg.error.text() == "Enter a username."


def test_navigation_in_english(english) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from tthc_desk.ui.areas import AREAS

    titles = [QCoreApplication.translate("Areas", a.title) for a in AREAS]
    assert titles[:2] == ["Intake", "Dossiers"] and "Settings" in titles
