"""Settings → Thời hạn giữ dữ liệu cá nhân: the administrator sets the period, previews what
would be anonymised and applies it after a confirmation, by keyboard and clicks; a clerk sees
the panel but cannot use it."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import select

from tthc_desk.domain.enums import DossierState
from tthc_desk.persistence.models import Applicant, Dossier
from tthc_desk.services import dossiers, retention
from tthc_desk.services.audit_log import verify_audit_log
from tthc_desk.ui.retention_panel import RetentionDialog, RetentionPanel
from tthc_desk.ui.settings_page import SettingsPage

OLD = datetime(2014, 5, 6, 9, 0)


def _old_returned_dossier(db, procs, build, clock, users) -> str:  # type: ignore[no-untyped-def]
    from tthc_desk.services import intake

    clock.set(OLD)
    code = intake.receive_dossier(
        db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier.code
    with db.session() as s:  # test set-up: the dossier was returned in 2014
        d = s.scalars(select(Dossier).where(Dossier.code == code)).one()
        d.state = DossierState.RETURNED
        d.finished_at = d.returned_at = OLD + timedelta(days=3)
    return code


def test_admin_previews_then_anonymises(
    qtbot, office_db, make_ctx, procs, build, clock, users, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    code = _old_returned_dossier(office_db, procs, build, clock, users)
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    panel = page.findChild(RetentionPanel)
    assert panel is not None and panel.years.value() == retention.DEFAULT_YEARS

    # the period: typed, saved
    panel.years.setFocus()
    panel.years.selectAll()
    qtbot.keyClicks(panel.years, "12")
    qtbot.mouseClick(panel.save_btn, Qt.MouseButton.LeftButton)
    assert "Đã lưu thời hạn 12 năm" in panel.status.text(), panel.status.text()
    assert retention.retention_years(office_db) == 12

    # the preview: what would be anonymised, nothing changed yet
    qtbot.mouseClick(panel.preview_btn, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, RetentionDialog)
    shown = dialog.report.text()
    assert "Thời hạn 12 năm" in shown and "Người nộp sẽ được ẩn danh: 1" in shown, shown
    assert code in shown and "Chưa thay đổi gì" in shown
    assert dialog.apply_btn.isEnabled()

    # asked first: "No" changes nothing
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.apply_btn, Qt.MouseButton.LeftButton)
    with office_db.session() as s:
        assert s.scalar(select(Applicant.full_name)) == "Nguyễn Văn Đức"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.sig_applied):
        qtbot.mouseClick(dialog.apply_btn, Qt.MouseButton.LeftButton)
    assert "Đã ẩn danh 1 người nộp" in dialog.report.text()
    assert "Đã ẩn danh 1 người nộp" in panel.status.text()
    assert not dialog.apply_btn.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    with office_db.session() as s:
        a = s.scalars(select(Applicant)).one()
        assert (a.full_name, a.personal_id, a.phone) == (retention.ANONYMOUS, None, None)
    rows = dossiers.board_page(office_db, dossiers.BoardQuery(states=None, text=code)).rows
    assert [r.code for r in rows] == [code]  # still found by its code
    assert verify_audit_log(office_db).ok

    # a second preview: nothing left, the button is off
    qtbot.mouseClick(panel.preview_btn, Qt.MouseButton.LeftButton)
    assert "Không có dữ liệu nào quá thời hạn" in panel.dialog.report.text()
    assert not panel.dialog.apply_btn.isEnabled()


def test_clerk_cannot_use_the_retention_panel(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(make_ctx("canbo1"))
    qtbot.addWidget(page)
    panel = page.findChild(RetentionPanel)
    assert panel is not None
    assert not any(b.isEnabled() for b in panel.findChildren(QPushButton))
    assert "Chỉ quản trị viên" in panel.toolTip() and panel.status.isHidden()
