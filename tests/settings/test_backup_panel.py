"""Settings → Backups: the administrator chooses the folder, backs up now, and restores after
seeing what the backup holds; a clerk sees the panel but cannot use it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import func, select

from tthc_desk.persistence.models import Dossier
from tthc_desk.ui.backup_panel import BackupPanel, RestoreDialog
from tthc_desk.ui.settings_page import SettingsPage


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Dossier)) or 0


def test_backup_now_then_restore(
    qtbot, office_db, make_ctx, procs, build, clock, users, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import intake

    clerk = users["canbo1"].actor
    intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock)
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    panel = page.findChild(BackupPanel)
    assert panel is not None and "Chưa chọn thư mục" in panel.status.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    qtbot.keyClicks(panel.folder, str(usb))
    panel.keep.setValue(5)
    qtbot.mouseClick(panel.save_btn, Qt.MouseButton.LeftButton)
    assert "Chưa có bản sao lưu" in panel.status.text()
    qtbot.mouseClick(panel.now_btn, Qt.MouseButton.LeftButton)
    assert "Đã sao lưu vào" in panel.status.text(), panel.status.text()
    (backup,) = [p for p in usb.iterdir()]

    # a dossier received after the backup: the restore takes it away
    intake.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.marriage, applicant=build.applicant(personal_id=build.PID_2, birth_date="1990")
        ),
        now=clock,
    )
    assert _count(office_db) == 2
    qtbot.mouseClick(panel.restore_btn, Qt.MouseButton.LeftButton)
    dialog = panel.restore_dialog
    assert isinstance(dialog, RestoreDialog)
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path))  # not a backup: refused, cannot go on
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert "không phải bản sao lưu đầy đủ" in dialog.summary.text()
    assert not dialog.ok.isEnabled()
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(backup))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    shown = dialog.summary.text()
    assert "Hồ sơ: 1;" in shown and "Hồ sơ mới nhất: XANSON-" in shown, shown
    assert dialog.ok.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.sig_restored) as restored:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert restored.args[0].replaced.exists()
    assert _count(office_db) == 1  # the engine reopens the restored file


def test_clerk_cannot_use_the_backup_panel(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(make_ctx("canbo1"))
    qtbot.addWidget(page)
    panel = page.findChild(BackupPanel)
    assert panel is not None
    assert not any(b.isEnabled() for b in panel.findChildren(QPushButton))
