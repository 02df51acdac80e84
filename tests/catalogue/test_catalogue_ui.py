"""Catalogue and notice screens driven by pytest-qt: create, edit, retire, search, import, print."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_data import realistic_inputs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDoubleSpinBox, QTableWidgetItem

from tthc_desk.domain.enums import ProcedureStatus, Role
from tthc_desk.services import auth
from tthc_desk.services import catalogue as cat
from tthc_desk.services import catalogue_import as ci
from tthc_desk.ui.catalogue_editor import ProcedureDialog
from tthc_desk.ui.catalogue_page import CataloguePage
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.notices_page import NoticesPage
from tthc_desk.ui.tasks import InlineTaskRunner


def _ctx(db, user) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))


@pytest.fixture
def page(qtbot, catalogue_db, users):  # type: ignore[no-untyped-def]
    p = CataloguePage(_ctx(catalogue_db, users["admin"]))
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    return p


def test_models_pass_the_model_tester(qtmodeltester, page) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    from tthc_desk.ui.catalogue_import_dialog import ImportPreviewModel
    from tthc_desk.ui.notices_page import PostingModel

    preview = ImportPreviewModel()
    preview.set_rows(
        [ci.RowResult(2, "1.1", "A", "refused", (ci.Problem("catalogue.name.empty"),))]
    )
    qtmodeltester.check(preview)
    postings = PostingModel()
    from tthc_desk.services import notices

    postings.set_rows(notices.posting_status(page.ctx.db))
    qtmodeltester.check(postings)


def test_search_without_diacritics(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() == 47
    page.search.setText("dang ky khai sinh")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    codes = {r.code for r in page.model.rows}
    page.search.setText("đăng ký khai sinh")
    qtbot.waitUntil(lambda: {r.code for r in page.model.rows} == codes)
    assert "1.001193" in codes
    assert page.count_label.text() == "4 thủ tục"
    assert page.current is not None and "Thành phần hồ sơ" in page.detail.toPlainText()


def _fill_new(dlg: ProcedureDialog) -> None:
    dlg.code.setText("9.000001")
    dlg.name.setText("Xác nhận hộ gia đình làm nông nghiệp")
    dlg.field.setCurrentIndex(dlg.field.findText("Bảo trợ xã hội"))
    dlg.eligible.setText("Cá nhân")
    dlg.handling_body.setText("UBND cấp xã")
    dlg.applicant_steps.setPlainText("Nộp hồ sơ\nNhận kết quả")
    dlg.documents.add_btn.click()
    dlg.documents.table.setItem(0, 0, QTableWidgetItem("Giấy đề nghị xác nhận"))
    dlg.unit.setCurrentIndex(0)  # working days
    dlg.amount.setValue(2)


def test_create_with_wrong_steps_then_fix(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[ProcedureDialog] = []

    def run(dlg: ProcedureDialog) -> int:
        dialogs.append(dlg)
        _fill_new(dlg)
        dlg.steps.add_btn.click()  # one step of 1 hour: does not add up to 16
        dlg.steps.table.setItem(0, 0, QTableWidgetItem("Thẩm định"))
        dlg.submit()
        assert not dlg.error.isHidden() and "16" in dlg.error.text()
        assert dlg.tabs.currentIndex() == 2  # the steps tab is shown
        assert "color: #b00020" in dlg.sum_label.styleSheet()
        qtbot.mouseClick(
            dlg.findChild(type(dlg.steps.add_btn), "autoSteps"), Qt.MouseButton.LeftButton
        )
        assert "color: #1b5e20" in dlg.sum_label.styleSheet()
        dlg.submit()
        return QDialog.DialogCode.Accepted if dlg.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ProcedureDialog, "exec", run)
    page.add_btn.click()
    saved = dialogs[0].saved
    assert saved is not None and saved.version == 1
    assert abs(sum(s.hours for s in saved.data.steps) - 16) < 0.01
    assert page.current is not None and page.current.code == "9.000001"


def test_edit_makes_new_version(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page.search.setText("1.001193")
    qtbot.waitUntil(lambda: page.current is not None and page.current.code == "1.001193")
    old_id = page.current.id

    def run(dlg: ProcedureDialog) -> int:
        assert "phiên bản 2" in dlg.windowTitle()
        assert dlg.code.isReadOnly()
        dlg.decision_no.setText("250/QĐ-UBND")
        dlg.fees.add_btn.click()
        dlg.fees.table.setItem(dlg.fees.table.rowCount() - 1, 0, QTableWidgetItem("Phí bản sao"))
        dlg.fees.table.setItem(dlg.fees.table.rowCount() - 1, 1, QTableWidgetItem("8.000"))
        dlg.submit()
        assert dlg.saved is not None, dlg.error.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ProcedureDialog, "exec", run)
    page.edit_btn.click()
    qtbot.waitUntil(lambda: page.current is not None and page.current.version == 2)
    assert page.current.data.fees[-1].amount_vnd == 8000
    assert not cat.get_procedure(page.ctx.db, old_id).is_current
    assert page.model.rows[0].version == 2


def test_retire_hides_and_restore(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.search.setText("1.000656")
    qtbot.waitUntil(lambda: page.current is not None and page.current.code == "1.000656")
    page.retire_with_reason("")
    assert page.error.isVisible()  # a reason is required
    page.retire_with_reason("Bãi bỏ theo Quyết định 12/QĐ-UBND")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.include_retired.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.current is not None and page.current.status is ProcedureStatus.RETIRED
    assert page.restore_btn.isEnabled() and not page.edit_btn.isEnabled()
    assert "Đã ngừng áp dụng" in page.detail.toPlainText()


def test_clerk_cannot_edit(qtbot, catalogue_db, users) -> None:  # type: ignore[no-untyped-def]
    p = CataloguePage(_ctx(catalogue_db, users["canbo1"]))
    qtbot.addWidget(p)
    assert not p.add_btn.isEnabled() and not p.edit_btn.isEnabled()
    assert not p.import_btn.isEnabled() and p.export_btn.isEnabled()
    assert users["canbo1"].role is Role.CLERK


def test_import_with_errors(qtbot, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    records = realistic_inputs()
    sheet = ci.write_xlsx(
        tmp_path / "tinh.xlsx",
        records,
        {0: {"steps": "A | Công chức | 3"}, 1: {"name": ci.unicode_to_vni("Đăng ký kết hôn")}},
    )
    dlg = page.open_import()
    qtbot.addWidget(dlg)
    dlg.path.setText(str(sheet))
    dlg.create_fields.setChecked(True)
    dlg.run_preview()
    assert dlg.model.rowCount() == len(records)
    first = dlg.model.index(0, 3).data()
    assert first == "Từ chối"
    assert "cộng lại 3 giờ" in dlg.model.index(0, 4).data()
    assert "VNI" in dlg.model.index(1, 4).data()
    assert "1 dòng bị từ chối" in dlg.summary.text()
    assert cat.get_current_by_code(page.ctx.db, "1.001193").version == 1  # nothing saved yet
    assert dlg.apply_btn.isEnabled()
    dlg.run_apply()
    assert dlg.report is not None and len(dlg.report.added) == 15
    assert "Đã lưu: 15 thủ tục thêm mới" in dlg.summary.text()
    dlg.accept()
    qtbot.waitUntil(lambda: page.count_label.text() == "62 thủ tục")


def test_notice_preview_save_print_and_posting(qtbot, catalogue_db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    p = NoticesPage(_ctx(catalogue_db, users["canbo1"]))
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    assert p.fields.count() == 12
    for i in range(p.fields.count()):
        if p.fields.item(i).text().startswith("Chứng thực"):
            p.fields.item(i).setCheckState(Qt.CheckState.Checked)
    p.with_contact.setChecked(True)
    p.build_preview()
    assert p.pdf is not None and len(p.pdf.procedure_ids) == 8
    assert p.thumbs.count() == p.pdf.pages == len(p.images)
    assert p.page_label.pixmap() is not None and not p.page_label.pixmap().isNull()
    assert "Trang 1/" in p.page_info.text()
    p.thumbs.setCurrentRow(1)
    assert "Trang 2/" in p.page_info.text()
    target = tmp_path / "niem-yet.pdf"
    p.save_pdf(str(target))
    assert len(PdfReader(target).pages) == p.pdf.pages
    printed = {r.procedure_id for r in p.posting_model.rows if r.state == "printed"}
    assert printed == set(p.pdf.procedure_ids)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    p.print_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == p.pdf.pages
    # mark the first two rows of the record as posted
    p.tabs.setCurrentIndex(1)
    p.posting.selectRow(0)
    first = p.posting_model.rows[0].procedure_id
    p.mark_selected_posted()
    state = {r.procedure_id: r.state for r in p.posting_model.rows}
    assert state[first] == "posted"
    assert "Niêm yết đúng hạn: 1/47" in p.warning.text()


def test_editor_spinboxes_use_vietnamese_decimals(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    dlg = ProcedureDialog(page.ctx, page.fields, None, 8.0, page)
    qtbot.addWidget(dlg)
    dlg.amount.setValue(2.5)
    assert dlg.amount.text() == "2,5"
    dlg._auto_steps()
    hours = dlg.steps.table.cellWidget(0, 2)
    assert isinstance(hours, QDoubleSpinBox)
    assert isinstance(dlg.steps.table.cellWidget(0, 1), QComboBox)


def test_editing_a_procedure_keeps_its_conditional_documents(qtbot, catalogue_db, users) -> None:  # type: ignore[no-untyped-def]
    """Issue 9: the editor dropped the "needed only sometimes" mark, so after an edit the
    divorce papers and the authorisation letter were ticked at intake again."""
    ctx = _ctx(catalogue_db, users["admin"])
    pid = next(p.id for p in cat.search_procedures(catalogue_db, "1.004873"))
    before = cat.get_procedure(catalogue_db, pid)
    flags = {d.name: d.optional for d in before.data.documents}
    assert flags["Văn bản ủy quyền"] and not flags[before.data.documents[0].name]
    dlg = ProcedureDialog(ctx, cat.list_fields(catalogue_db), before)
    qtbot.addWidget(dlg)
    dlg.name.setText(before.name + " (sửa)")
    data = dlg.value()
    assert {d.name: d.optional for d in data.documents} == flags
    after = cat.update_procedure(catalogue_db, users["admin"].actor, pid, data)
    assert {d.name: d.optional for d in after.data.documents} == flags


def test_a_document_marked_needed_only_sometimes_in_the_editor(qtbot, catalogue_db, users) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(catalogue_db, users["admin"])
    pid = next(p.id for p in cat.search_procedures(catalogue_db, "1.004873"))
    dlg = ProcedureDialog(ctx, cat.list_fields(catalogue_db), cat.get_procedure(catalogue_db, pid))
    qtbot.addWidget(dlg)
    t = dlg.documents.table
    assert t.horizontalHeaderItem(5).text() == "Khi cần"
    assert t.item(0, 5).checkState() == Qt.CheckState.Unchecked  # the form: always
    t.item(0, 5).setCheckState(Qt.CheckState.Checked)
    assert dlg.value().documents[0].optional
