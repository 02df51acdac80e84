"""The "Đối chiếu" page driven as a clerk would (pytest-qt, real SQLite file, keyboard): import
the province's export through its dialog, see the counts and the differences, open a dossier
from a difference with Enter, decide a doubtful pair."""

from __future__ import annotations

import csv
import os
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tthc_desk.services import auth
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.reconcile_page import ReconcilePage
from tthc_desk.ui.tasks import InlineTaskRunner

SHOTS = Path(os.environ["TTHC_SHOTS"]) if os.environ.get("TTHC_SHOTS") else None
NOW = datetime(2026, 3, 20, 9, 0)


def _export(path: Path, codes: list[str]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Mã hồ sơ", "Mã TTHC", "Tổ chức, cá nhân", "Thời gian tiếp nhận", "Tình trạng"])
        w.writerow([codes[0], "1.004194", "Trần Văn Hai", "02/03/2026 08:00", "Đang xử lý"])
        w.writerow([codes[1], "1.004194", "Hoàng Văn Ba", "02/03/2026 09:00", "Đã trả kết quả"])
        w.writerow(
            [
                "000.00.25.H23-260302-0042",
                "1.004194",
                "Bùi Thị Sáu",
                "02/03/2026 10:00",
                "Đang xử lý",
            ]
        )
        w.writerow(["XANSON-260302-0777", "1.004194", "Lý Văn Bảy", "02/03/2026 15:00", "ngày ?"])
    return path


def _texts(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_clerk_imports_the_list_and_works_through_the_differences(
    qtbot, counter_office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, codes = counter_office
    clerk = auth.sign_in(db, "canbo1", "matkhau123")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=clerk, office=auth.get_office(db))
    page = ReconcilePage(ctx, now=lambda: NOW)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    assert page.period() == (date(2026, 3, 1), date(2026, 3, 31))
    assert "Phần mềm của xã: 3 hồ sơ; hệ thống của tỉnh: 0 hồ sơ" in page.summary.text()

    dlg = page.import_file(_export(tmp_path / "tinh.csv", codes))
    assert dlg.columns["code"].currentText() == "Mã hồ sơ"
    assert "3 hồ sơ mới" in dlg.summary.text() and "1 dòng bị từ chối" in dlg.summary.text()
    assert _texts(dlg.rows, 2) == ["Thêm mới", "Thêm mới", "Thêm mới", "Bị từ chối"]
    assert "Không hiểu trạng thái «ngày ?»" in dlg.rows.item(3, 3).text()
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # Enter imports
    assert not dlg.isVisible()

    assert "Phần mềm của xã: 3 hồ sơ; hệ thống của tỉnh: 3 hồ sơ" in page.summary.text()
    assert _texts(page.fields, 0) == ["Cư trú"]
    assert _texts(page.findings, 0) == [
        "Trạng thái khác nhau",
        "Có thể là cùng một hồ sơ nhưng khác mã",
    ]
    assert page.findings.item(0, 2).text() == "Đang giải quyết"
    assert page.findings.item(0, 3).text() == "Đã trả kết quả"

    # Enter on a difference opens its dossier.
    page.findings.setFocus()
    page.findings.selectRow(0)
    qtbot.keyClick(page.findings, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog.isVisible() and codes[1] in dialog.header.text()
    dialog.close()

    # The doubtful pair: the clerk confirms it is the same dossier, and it leaves the list.
    page.findings.selectRow(1)
    assert page.same_button.isEnabled()
    qtbot.mouseClick(page.same_button, Qt.MouseButton.LeftButton)
    assert _texts(page.findings, 0) == ["Trạng thái khác nhau"]
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SHOTS / "reconcile-clerk.png"))

    # The column mapping that read the file is kept for the next export.
    from tthc_desk.services import province

    assert province.get_mapping(db)["code"] == "Mã hồ sơ"
    pdf = tmp_path / "r.pdf"
    page.save(pdf)
    assert pdf.stat().st_size > 1000
    QApplication.processEvents()
    # the report names citizens: the export is audited with who, the period and the lines
    from sqlalchemy import select

    from tthc_desk.persistence.models import AuditEntry

    with db.session() as s:
        line = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "export", AuditEntry.entity == "reconciliation"
            )
        ).one()
    assert line.user_id == ctx.actor.user_id and line.detail["file"] == "r.pdf"
    assert line.detail["rows"] >= 1 and line.detail["start"] <= line.detail["end"]


def test_administrator_declares_a_book_and_the_page_counts_it(qtbot, counter_office) -> None:  # type: ignore[no-untyped-def]
    db, _codes = counter_office
    admin = auth.sign_in(db, "admin", "matkhau123")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=admin, office=auth.get_office(db))
    page = ReconcilePage(ctx, now=lambda: NOW)
    qtbot.addWidget(page)
    dlg = page.open_books()
    assert dlg.save_button.isEnabled()
    dlg.name.setFocus()
    dlg.name.insert("Sổ đăng ký cư trú")  # Vietnamese arrives as one commit, as from an IME
    dlg.procedures.setFocus()
    dlg.procedures.setCurrentRow(0)
    qtbot.keyClick(dlg.procedures, Qt.Key.Key_Space)  # tick 1.004194
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.error.isVisible(), dlg.error.text()
    assert _texts(dlg.books, 0) == ["Sổ đăng ký cư trú"] and _texts(dlg.books, 3) == ["1"]
    dlg.close()
    assert _texts(page.books, 0) == ["Sổ đăng ký cư trú"]
    assert _texts(page.books, 1) == ["3"] and _texts(page.books, 3) == ["0"]

    clerk = auth.sign_in(db, "canbo1", "matkhau123")
    cctx = AppContext(db=db, runner=InlineTaskRunner(), user=clerk, office=auth.get_office(db))
    other = ReconcilePage(cctx, now=lambda: NOW)
    qtbot.addWidget(other)
    read_only = other.open_books()
    assert not read_only.save_button.isEnabled() and not read_only.name.isEnabled()
    assert _texts(read_only.books, 0) == ["Sổ đăng ký cư trú"]


def test_clerk_picks_a_column_by_keyboard_sees_its_sample_and_rereads(
    qtbot, counter_office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, codes = counter_office
    clerk = auth.sign_in(db, "canbo1", "matkhau123")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=clerk, office=auth.get_office(db))
    page = ReconcilePage(ctx, now=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    path = tmp_path / "tinh.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)  # the reception time is in a column no ready layout knows
        w.writerow(["Mã hồ sơ", "Trạng thái", "Ngày nộp", "Thời điểm nhận thực tế"])
        for code, hour in zip(codes, (8, 9, 10), strict=True):
            w.writerow([code, "Đang xử lý", "01/03/2026 20:00", f"02/03/2026 {hour:02d}:30"])
    dlg = page.import_file(path)
    assert dlg.columns["received_at"].currentIndex() == 0  # (không có)
    assert dlg.samples["received_at"].text() == ""
    assert dlg.samples["code"].text() == f"Ví dụ: {codes[0]}"
    assert dlg.samples["submitted_at"].text() == "Ví dụ: 01/03/2026 20:00"

    box = dlg.columns["received_at"]
    box.setFocus()
    for _ in range(4):  # (không có) → Mã hồ sơ → Trạng thái → Ngày nộp → Thời điểm nhận…
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "Thời điểm nhận thực tế"
    assert dlg.samples["received_at"].text() == "Ví dụ: 02/03/2026 08:30"
    qtbot.keyClick(box, Qt.Key.Key_Up)  # one too far back: the sample follows
    assert dlg.samples["received_at"].text() == "Ví dụ: 01/03/2026 20:00"
    qtbot.keyClick(box, Qt.Key.Key_Down)

    dlg.reread.setFocus()
    qtbot.keyClick(dlg.reread, Qt.Key.Key_Space)
    assert dlg.preview is not None and dlg.preview.layout == "saved"
    assert dlg.columns["received_at"].currentText() == "Thời điểm nhận thực tế"
    assert dlg.samples["received_at"].text() == "Ví dụ: 02/03/2026 08:30"
    first = dlg.preview.rows[0].row
    assert first is not None and first.received_at == datetime(2026, 3, 2, 8, 30)
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    from tthc_desk.services import province

    assert province.get_mapping(db)["received_at"] == "Thời điểm nhận thực tế"
    # The app received them at 08:00, 09:00, 10:00: each is 30 minutes late on the province's side.
    r = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    assert [f.kind.value for f in r.findings] == ["received_late"] * 3
