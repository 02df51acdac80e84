"""The Số hóa screens with pytest-qt: documents, preview, signing, reuse, batch cancel, inbox."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from tthc_desk.adapters.signing import Pkcs12Source
from tthc_desk.domain.enums import DocumentKind
from tthc_desk.services import auth, scan_inbox
from tthc_desk.services import documents as docs
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.digitise_page import DigitisePage
from tthc_desk.ui.tasks import InlineTaskRunner, TaskRunner

SHOTS = Path(os.environ.get("TTHC_SCREENSHOTS", "")) if os.environ.get("TTHC_SCREENSHOTS") else None


def make_ctx(office_db, users, who: str = "canbo1", runner=None) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(
        db=office_db,
        runner=runner or InlineTaskRunner(),
        user=users[who],
        office=auth.get_office(office_db),
    )


def make_page(qtbot, ctx: AppContext) -> DigitisePage:  # type: ignore[no-untyped-def]
    page = DigitisePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def shot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    out = (SHOTS or tmp_path) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(out))
    return out


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_open_dossier_import_sign_verify_and_preview(
    qtbot, office_db, users, world, scan_pdf, page_image, dpki, tmp_path
) -> None:
    docs.add_trusted(office_db, users["admin"].actor, dpki.root_pem)
    page = make_page(qtbot, make_ctx(office_db, users, "congchuc1"))
    page.code.setText(world.dossier_code.lower())
    qtbot.mouseClick(page.open_btn, Qt.MouseButton.LeftButton)
    panel = page.documents
    assert panel.dossier is not None and panel.dossier.code == world.dossier_code
    assert "Còn thiếu bản số hóa" in page.summary.text()

    # import a PDF through the dialog, typed as the first required document
    dlg = panel.import_files([scan_pdf])
    assert dlg is not None and dlg.paths() == [scan_pdf]
    dlg.fields.component.setCurrentIndex(0)
    ok(dlg)
    # two page images joined into one document, the second component
    dlg = panel.import_files(
        [
            page_image("gcs1.png", "Giấy chứng sinh - trang 1"),
            page_image("gcs2.png", "Giấy chứng sinh - trang 2"),
        ]
    )
    dlg.fields.component.setCurrentIndex(1)
    ok(dlg)
    assert [d.title for d in panel.documents] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    assert [d.pages for d in panel.documents] == [1, 2]
    assert "Đã số hóa đủ thành phần hồ sơ" in page.summary.text()

    # sign the first one through the dialog (certificate file tab)
    panel.table.selectRow(0)
    sign = panel.open_sign_dialog()
    sign.tabs.setCurrentIndex(1)
    sign.p12_path.setText(str(dpki.p12))
    sign.passphrase.setText(dpki.passphrase)
    ok(sign)
    assert sign.passphrase.text() == ""  # forgotten once used
    first = panel.documents[0]
    assert first.is_signed and panel.table.item(0, 3).text() == "Đã ký: Lê Văn Tư"

    # verify: the report says valid and that revocation was not checked
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.verify_btn, Qt.MouseButton.LeftButton)
    report = panel.verify_dialog.text.toPlainText()
    assert "Hợp lệ" in report and "Lê Văn Tư" in report
    assert "chưa kiểm tra được tình trạng thu hồi (tệp không kèm dữ liệu thu hồi" in report
    assert "Đây là thông tin, không phải lỗi của chữ ký" in report
    assert panel.table.item(0, 4).text() == "Hợp lệ"
    verify_png = (SHOTS or tmp_path) / "verify-dialog.png"
    panel.verify_dialog.grab().save(str(verify_png))
    panel.verify_dialog.close()

    # preview: thumbnails and the page, for the selected two-page document
    with qtbot.waitSignal(page.preview.sig_page_shown, timeout=10000):
        panel.table.selectRow(1)
    assert page.preview.thumbs.count() == 2
    assert not page.preview.thumbs.item(1).icon().isNull()
    assert not page.preview.page_label.pixmap().isNull()
    png = shot(page, tmp_path, "digitise-page.png")
    assert png.stat().st_size > 10_000
    with qtbot.waitSignal(page.preview.sig_page_shown, timeout=10000):
        panel.table.selectRow(0)
    shot(page, tmp_path, "digitise-signed.png")


def test_reuse_end_to_end_through_the_screens(
    qtbot, office_db, users, world, scan_pdf, new_dossier
) -> None:
    ctx = make_ctx(office_db, users)
    page = make_page(qtbot, ctx)
    # first dossier: the clerk digitises the applicant's birth certificate request form
    page.open_code(world.dossier_code)
    dlg = page.documents.import_files([scan_pdf])
    dlg.fields.component.setCurrentIndex(0)
    ok(dlg)
    assert len(page.documents.documents) == 1
    assert page.reuse.items == []  # nothing earlier to reuse for the first dossier

    # a second dossier of the same person
    _second_id, second_code = new_dossier()
    page.code.setText(second_code)
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert page.documents.dossier.code == second_code and page.documents.documents == []
    assert [d.title for d in page.reuse.items] == ["Tờ khai đăng ký khai sinh"]
    assert page.reuse.items[0].from_dossiers == (world.dossier_code,)
    with qtbot.waitSignal(page.reuse.sig_reused):
        qtbot.mouseClick(page.reuse.reuse_btn, Qt.MouseButton.LeftButton)
    (reused,) = page.documents.documents
    assert reused.reused and reused.required_document_id == world.required_ids[0]
    assert page.documents.table.item(0, 5).text() == "Dùng lại"
    assert page.reuse.items == []  # already attached: no longer offered
    from datetime import date

    stats = docs.reuse_stats(office_db, date(2025, 3, 1), date(2025, 3, 31))
    assert (stats.received, stats.reusing) == (2, 1)


def test_batch_of_50_pages_off_the_ui_thread_with_cancel(
    qtbot, office_db, users, world, tmp_path
) -> None:
    from PIL import Image

    pages = []
    for i in range(50):
        p = tmp_path / f"trang-{i:02d}.png"
        Image.new("RGB", (1654, 2339), (255, 255, 255 - i)).save(p, dpi=(200, 200))
        pages.append(p)
    runner = TaskRunner()
    ctx = make_ctx(office_db, users, runner=runner)
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.sig_dossier_opened, timeout=10000):
        page.open_code(world.dossier_code)
    panel = page.documents
    dlg = panel.import_files(pages)
    dlg.join.setChecked(False)  # one document per scanned page
    commands = dlg.commands()
    dlg.reject()
    assert len(commands) == 50

    values: list[int] = []
    panel.progress.valueChanged.connect(values.append)
    handle = panel.register(commands)
    assert not handle.done and panel.busy_row.isVisible() and not panel.import_btn.isEnabled()
    # cancel from the worker's own progress report once 20 pages are done (deterministic)
    handle.sig_progress.connect(
        lambda done, _t: handle.cancel() if done >= 20 else None, Qt.ConnectionType.DirectConnection
    )
    with qtbot.waitSignal(handle.sig_failed, timeout=120000) as blocker:
        pass
    assert blocker.args[0].code == "task.cancelled"
    qtbot.waitUntil(lambda: not panel.busy_row.isVisible())
    assert values and 0 < max(values) < 50  # the bar moved, on the UI thread
    assert panel.progress.maximum() == 50
    assert "Đã hủy" in panel.error.text()
    assert docs.dossier_documents(office_db, world.dossier_id).documents == ()
    from sqlalchemy import func, select

    from tthc_desk.persistence.models import DigitalDocument, DossierAttachment

    with office_db.session() as s:
        assert s.scalar(select(func.count(DigitalDocument.id))) == 0
        assert s.scalar(select(func.count(DossierAttachment.id))) == 0

    # the same batch again, to the end
    with qtbot.waitSignal(panel.sig_documents_changed, timeout=180000):
        handle = panel.register(commands)
        with qtbot.waitSignal(handle.sig_finished, timeout=180000):
            pass
    assert len(panel.documents) == 50
    runner.wait()


def test_store_check_and_trust_panels(
    qtbot, office_db, users, world, scan_pdf, dpki, tmp_path
) -> None:
    view = docs.register_document(
        office_db, users["canbo1"].actor, docs.RegisterCommand(world.dossier_id, (scan_pdf,))
    )
    page = make_page(qtbot, make_ctx(office_db, users, "admin"))
    page.tabs.setCurrentWidget(page.store_check)
    qtbot.mouseClick(page.store_check.check_btn, Qt.MouseButton.LeftButton)
    assert "tất cả đầy đủ và nguyên vẹn" in page.store_check.summary.text()
    path = docs.document_file(office_db, view.id)
    path.write_bytes(path.read_bytes() + b"\n% changed later\n")
    qtbot.mouseClick(page.store_check.check_btn, Qt.MouseButton.LeftButton)
    assert "1 tệp bị thay đổi" in page.store_check.summary.text()
    assert page.store_check.table.item(0, 0).text() == "Bị thay đổi"
    assert page.store_check.table.item(0, 2).text() == world.dossier_code
    shot(page, tmp_path, "store-check.png")

    page.tabs.setCurrentWidget(page.trust)
    assert page.trust.add_btn.isEnabled()
    page.trust.add(dpki.root_pem)
    assert page.trust.table.rowCount() == 1
    assert "Root CA Số hóa Thử nghiệm" in page.trust.table.item(0, 0).text()
    page.trust.remove(page.trust.rows[0].id)
    assert page.trust.table.rowCount() == 0
    # a clerk sees the list but cannot change it
    clerk_page = make_page(qtbot, make_ctx(office_db, users, "canbo1"))
    assert not clerk_page.trust.add_btn.isEnabled()


def test_scan_folder_inbox_attaches_to_open_dossier(
    qtbot, office_db, users, world, scan_pdf, tmp_path
) -> None:
    folder = tmp_path / "may-quet"
    folder.mkdir()
    scan_inbox.set_scan_folder(office_db, users["admin"].actor, folder)
    page = make_page(qtbot, make_ctx(office_db, users))
    page.inbox.settle_seconds = 0.0
    page.inbox.watch(folder, background=False)
    shutil.copyfile(scan_pdf, folder / "SCAN0001.pdf")
    (folder / "SCAN0002.pdf.tmp").write_bytes(b"%PDF-1.4 half")
    page.inbox.refresh()
    page.inbox.refresh()
    assert [f.name for f in page.inbox.files] == ["SCAN0001.pdf"]
    assert page.tabs.tabText(1) == "Tệp quét chờ xử lý (1)"
    page.tabs.setCurrentWidget(page.inbox)
    shot(page, tmp_path, "inbox.png")
    # no dossier open yet: it says so
    assert page.inbox.attach_selected() is None
    assert "Hãy mở hồ sơ" in page.inbox.error.text()
    page.open_code(world.dossier_code)
    dlg = page.inbox.attach_selected()
    dlg.fields.component.setCurrentIndex(1)
    with qtbot.waitSignal(page.inbox.sig_attached):
        ok(dlg)
    assert page.inbox.files == [] and page.tabs.tabText(1) == "Tệp quét chờ xử lý"
    assert [d.title for d in page.documents.documents] == ["Giấy chứng sinh"]
    assert (folder / scan_inbox.DONE_FOLDER / "SCAN0001.pdf").exists()


def test_drop_files_opens_the_import_dialog(qtbot, office_db, users, world, scan_pdf) -> None:
    page = make_page(qtbot, make_ctx(office_db, users))
    page.open_code(world.dossier_code)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan_pdf)), QUrl.fromLocalFile("/tmp/ghi-chu.txt")])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.documents.dropEvent(event)
    from tthc_desk.ui.digitise_dialogs import ImportDialog

    (dialog,) = page.documents.findChildren(ImportDialog)
    assert dialog.paths() == [scan_pdf]  # the text file was left out


def test_certified_copy_from_the_panel(
    qtbot, office_db, users, world, scan_pdf, dpki, new_dossier, tmp_path
) -> None:
    _id, code = new_dossier(procedure_id=world.cert_procedure_id)
    page = make_page(qtbot, make_ctx(office_db, users, "congchuc1"))
    page.open_code(code)
    dlg = page.documents.import_files([scan_pdf])
    dlg.fields.kind.setCurrentIndex(list(DocumentKind).index(DocumentKind.ORIGINAL))
    ok(dlg)
    panel = page.documents
    panel.table.selectRow(0)
    assert panel.certify_btn.isEnabled()
    panel.certify(panel.current_id(), Pkcs12Source(dpki.p12, dpki.passphrase))
    titles = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert any("số chứng thực 1/" in t for t in titles)
    row = next(r for r, t in enumerate(titles) if "số chứng thực" in t)
    with qtbot.waitSignal(page.preview.sig_page_shown, timeout=10000):
        panel.table.selectRow(row)
    shot(page, tmp_path, "certified-copy.png")


@pytest.mark.sane
def test_scan_dialog_through_sane_test_backend(qtbot, office_db, users, world, tmp_path) -> None:
    from tthc_desk.adapters import scanning

    if shutil.which("scanimage") is None:
        pytest.skip("scanimage is not installed (apt-get install sane-utils)")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n", encoding="ascii")
    page = make_page(qtbot, make_ctx(office_db, users))
    page.open_code(world.dossier_code)
    page.documents.scanner = scanning.SaneScanner(env={"SANE_CONFIG_DIR": str(conf)})
    dlg = page.documents.open_scan_dialog()
    devices = [dlg.device.itemData(i) for i in range(dlg.device.count())]
    if "test:0" not in devices:
        pytest.skip("SANE test backend (libsane1) not available")
    dlg.device.setCurrentIndex(devices.index("test:0"))
    dlg.pages.setValue(2)
    dlg.resolution.setCurrentIndex(0)  # 150 dpi
    dlg.mode.setCurrentIndex(1)  # grey
    dlg.fields.component.setCurrentIndex(1)
    with qtbot.waitSignal(page.documents.sig_task_finished) as blocker:
        ok(dlg)
    assert blocker.args[0] == "scan" and not isinstance(blocker.args[1], Exception)
    (doc,) = page.documents.documents
    assert doc.title == "Giấy chứng sinh" and doc.pages == 2


def test_preview_follows_the_dossier_that_is_opened(
    qtbot, office_db, users, world, scan_pdf, page_image, new_dossier
) -> None:
    # Regression: opening a second dossier kept the first dossier's page in the preview,
    # because row 0 was "selected again" and Qt emitted no selection change.
    page = make_page(qtbot, make_ctx(office_db, users))
    page.open_code(world.dossier_code)
    dlg = page.documents.import_files([scan_pdf])
    dlg.fields.component.setCurrentIndex(0)
    ok(dlg)
    _id, second = new_dossier()
    page.open_code(second)
    dlg = page.documents.import_files(
        [page_image("a.png", "Trang một"), page_image("b.png", "Trang hai")]
    )
    dlg.fields.component.setCurrentIndex(1)
    ok(dlg)
    qtbot.waitUntil(lambda: page.preview.pages == 2, timeout=10000)
    page.open_code(world.dossier_code)
    qtbot.waitUntil(lambda: page.preview.pages == 1, timeout=10000)
    assert page.preview.path is not None
    assert page.documents.current().pages == 1
