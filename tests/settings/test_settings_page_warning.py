"""The "Cảnh báo hạn và số hóa" group of the Settings page (pytest-qt): the administrator saves,
others only read, a bad value is explained and nothing is saved; the OCR default reaches the
digitisation panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import func, select

from tthc_desk.domain.deadlines import WarningPolicy
from tthc_desk.persistence.models import Setting
from tthc_desk.services import settings_store as st
from tthc_desk.ui.settings_page import SettingsPage


def _stored(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Setting)) or 0


def _type(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def _save(qtbot, page: SettingsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.save_deadlines, Qt.MouseButton.LeftButton)


def test_admin_sees_the_defaults_and_saves(qtbot, office_db, make_ctx) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    assert page.findChild(object, "deadlineSettings").title() == "Cảnh báo hạn và số hóa"
    assert (page.warn_percent.text(), page.warn_hours.text()) == ("25", "4")
    assert not page.ocr_default.isChecked() and page.save_deadlines.isEnabled()
    _type(qtbot, page.warn_percent, "12,5")
    _type(qtbot, page.warn_hours, "6")
    page.ocr_default.setChecked(True)
    badges: list[tuple[str, int]] = []
    page.set_badge = lambda key, n: badges.append((key, n))  # as the main window has
    _save(qtbot, page)
    assert page.deadline_error.isHidden() and not page.deadline_saved.isHidden()
    assert badges == [("dossiers", 0)], "the nearly-due count is taken again"
    saved = st.deadline_settings(office_db)
    assert saved.policy == WarningPolicy(0.125, 6.0) and saved.ocr is True
    # A page opened afterwards shows the stored values, with a decimal comma.
    again = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(again)
    assert (again.warn_percent.text(), again.warn_hours.text()) == ("12,5", "6")
    assert again.ocr_default.isChecked()


def test_the_ocr_default_reaches_the_documents_panel(qtbot, office_db, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.documents_panel import DocumentsPanel

    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    page.ocr_default.setChecked(True)
    _save(qtbot, page)
    panel = DocumentsPanel(make_ctx("canbo1"))
    qtbot.addWidget(panel)
    assert panel.ocr is True


def test_a_clerk_only_reads(qtbot, office_db, make_ctx) -> None:  # type: ignore[no-untyped-def]
    st.save_deadline_settings(
        office_db, make_ctx("admin").actor, st.DeadlineSettingsInput("50", "2,5", True)
    )
    page = SettingsPage(make_ctx("canbo1"))
    qtbot.addWidget(page)
    assert (page.warn_percent.text(), page.warn_hours.text()) == ("50", "2,5")
    assert page.ocr_default.isChecked()
    assert page.warn_percent.isReadOnly() and page.warn_hours.isReadOnly()
    assert not page.ocr_default.isEnabled() and not page.save_deadlines.isEnabled()
    labels = [w.text() for w in page.findChildren(type(page.deadline_saved))]
    assert "Chỉ quản trị viên được thay đổi các cài đặt này." in labels


def test_bad_values_are_explained_and_nothing_is_saved(qtbot, office_db, make_ctx) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    page.ocr_default.setChecked(True)
    cases = [
        ("120", "4", "phải lớn hơn 0% và nhỏ hơn 100%"),
        ("0", "4", "phải lớn hơn 0% và nhỏ hơn 100%"),
        ("hai", "4", "«hai» không phải là một số"),
        ("25", "48", "phải từ 0 đến 40 giờ"),
        ("25", "", "Hãy nhập số giờ làm việc còn lại để cảnh báo"),
    ]
    for percent, hours, expected in cases:
        _type(qtbot, page.warn_percent, percent)
        _type(qtbot, page.warn_hours, hours)
        _save(qtbot, page)
        assert not page.deadline_error.isHidden(), percent
        assert expected in page.deadline_error.text(), page.deadline_error.text()
        assert page.deadline_saved.isHidden()
    assert _stored(office_db) == 0
    assert st.load_warning_policy(office_db) == WarningPolicy()
    # Fixing the value clears the message and saves.
    _type(qtbot, page.warn_hours, "8")
    _save(qtbot, page)
    assert page.deadline_error.isHidden()
    assert st.load_warning_policy(office_db) == WarningPolicy(0.25, 8.0)


def test_supplement_rule_setting_with_its_source(qtbot, office_db, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 point 2: the office's rule for the new receipt after a supplement; default as
    the law says, the source in the setting's help."""
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    assert page.supplement_rule.currentData() == "resume"
    assert "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025" in page.supplement_rule.toolTip()
    assert "Điều 19" not in page.supplement_rule.toolTip()
    assert "CHƯA được đối chiếu" in page.supplement_rule.toolTip()  # said, not invented
    page.supplement_rule.setFocus()
    qtbot.keyClick(page.supplement_rule, Qt.Key.Key_Down)
    assert page.supplement_rule.currentData() == "restart"
    _save(qtbot, page)
    assert st.deadline_settings(office_db).supplement_rule.value == "restart"
    with office_db.session() as s:
        assert st.supplement_rule(s).value == "restart"
