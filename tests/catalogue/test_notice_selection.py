"""Notices for chosen procedures: ``notice --code`` and the Niêm yết page's procedure picker."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from tthc_desk.cli import run
from tthc_desk.services import auth, notices
from tthc_desk.services import catalogue as cat
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.notices_page import NoticesPage
from tthc_desk.ui.tasks import InlineTaskRunner

#: national codes (1.001193) and the local codes of procedures without one (XA-…)
CODE = re.compile(r"(?<![\d.])\d\.\d{6}(?!\d)|\bXA-[\w.-]+")


def _codes_in(path: Path) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return CODE.findall(text)


def _ctx(db, user) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(db=db, runner=InlineTaskRunner(), user=user, office=auth.get_office(db))


# --------------------------------------------------------------------------- command line


def test_cli_codes_print_exactly_those(tmp_path: Path, catalogue_db, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    db = str(catalogue_db.file_path)
    out = tmp_path / "chon.pdf"
    args = ["--db", db, "notice", "--out", str(out), "--code", "1.001193", "--code", "2.001019"]
    record = ["--code", "1.001193", "--record", "--user", "canbo1"]
    assert run([*args, *record]) == 0  # a repeated code prints once
    said = capsys.readouterr().out
    assert "(2 thủ tục)" in said and "Đã ghi nhận ngày in" in said
    codes = _codes_in(out)
    assert sorted(codes) == ["1.001193", "2.001019"]
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Chứng thực di chúc" in text and "Đăng ký kết hôn" not in text
    printed = {r.code for r in notices.posting_status(catalogue_db) if r.state == "printed"}
    assert printed == {"1.001193", "2.001019"}

    # with the one-page list: the notices of the two, then every procedure once more
    assert run([*args, "--list"]) == 0
    capsys.readouterr()
    codes = _codes_in(out)
    assert codes.count("1.001193") == 2 and codes.count("1.000894") == 1


def test_cli_unknown_or_retired_code(tmp_path: Path, catalogue_db, admin, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(catalogue_db.file_path)
    out = tmp_path / "x.pdf"
    base = ["--db", db, "notice", "--out", str(out), "--code", "1.001193"]
    assert run([*base, "--code", "9.999999", "--code", "1.00119"]) == 1
    err = capsys.readouterr().err
    assert "Không có thủ tục đang áp dụng nào mang mã «9.999999, 1.00119»" in err
    assert not out.exists()

    retired = cat.get_current_by_code(catalogue_db, "1.000656")
    cat.retire_procedure(catalogue_db, admin, retired.id, "Bãi bỏ theo quyết định mới")
    assert run([*base, "--code", "1.000656"]) == 1
    assert "Thủ tục mã «1.000656» đã ngừng áp dụng" in capsys.readouterr().err

    assert run([*base, "--field", "Hộ tịch"]) == 1
    assert "--field (theo lĩnh vực) hoặc --code" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- the page


@pytest.fixture
def overdue_codes(catalogue_db, admin) -> list[str]:  # type: ignore[no-untyped-def]
    """Three procedures changed by a publication decision a month ago, never reposted."""
    codes = ["1.004222", "1.000894", "2.000815"]
    for code in codes:
        view = cat.get_current_by_code(catalogue_db, code)
        data = replace(
            view.data, decision_no="15/QĐ-UBND", decision_date=date.today() - timedelta(days=30)
        )
        cat.update_procedure(catalogue_db, admin, view.id, data)
    return codes


@pytest.fixture
def page(qtbot, catalogue_db, users, overdue_codes):  # type: ignore[no-untyped-def]
    p = NoticesPage(_ctx(catalogue_db, users["canbo1"]))
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    return p


def _listed(page: NoticesPage) -> list[str]:
    return [page.picker.list.item(i).text() for i in range(page.picker.list.count())]


def _search_and_tick(qtbot, page: NoticesPage, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    picker = page.picker
    picker.search.clear()
    qtbot.keyClicks(picker.search, text)
    qtbot.waitUntil(lambda: _listed(page) and all(code in t for t in _listed(page)[:1]))
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # down to the list, first row current
    assert picker.list.currentRow() == 0
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # tick it


def test_choose_two_by_searching_preview_save_and_record(  # type: ignore[no-untyped-def]
    qtbot, page, catalogue_db, tmp_path: Path
) -> None:
    assert page.stack.currentIndex() == 0  # by field, as before
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.by_procedure.isChecked() and page.stack.currentWidget() is page.picker
    qtbot.waitUntil(lambda: page.picker.list.count() == 47)

    _search_and_tick(qtbot, page, "dang ky khai tu", "1.000656")
    qtbot.waitUntil(lambda: page.picker.count_label.text() == "Đã chọn 1 thủ tục")
    _search_and_tick(qtbot, page, "chung thuc di chuc", "2.001019")
    assert page.picker.count_label.text() == "Đã chọn 2 thủ tục"
    # the same search with diacritics lists the same procedure, still ticked
    page.picker.search.setText("chứng thực di chúc")
    qtbot.waitUntil(lambda: len(_listed(page)) == 1 and "2.001019" in _listed(page)[0])
    assert page.picker.list.item(0).checkState() == Qt.CheckState.Checked

    page.build_preview()
    ids = set(page.picker.ids())
    assert page.pdf is not None and set(page.pdf.procedure_ids) == ids and len(ids) == 2
    assert page.thumbs.count() == page.pdf.pages >= 2
    assert "2 thủ tục" in page.page_info.text()

    page.picker.only_chosen.setChecked(True)
    page.picker.search.clear()
    qtbot.waitUntil(lambda: len(_listed(page)) == 2)
    page.resize(1280, 800)
    assert page.grab().save(str(tmp_path / "notice-selection.png"))  # looked at by the developer

    target = tmp_path / "hai-thu-tuc.pdf"
    page.save_pdf(str(target))
    assert sorted(_codes_in(target)) == ["1.000656", "2.001019"]
    printed = {r.procedure_id for r in page.posting_model.rows if r.state == "printed"}
    assert printed == ids

    # changing the choice makes the preview stale: nothing is saved until it is rebuilt
    page.picker.clear()
    assert not page.save_btn.isEnabled() and page.stale
    page.save_pdf(str(tmp_path / "cu.pdf"))
    assert not (tmp_path / "cu.pdf").exists() and "Xem trước" in page.error.text()
    page.build_preview()
    assert page.pdf is None or page.stale  # nothing chosen: a message, no PDF
    assert "Chưa chọn thủ tục nào" in page.error.text()


def test_choose_the_overdue_ones(qtbot, page, overdue_codes) -> None:  # type: ignore[no-untyped-def]
    overdue = {r.procedure_id for r in notices.posting_warnings(page.ctx.db)}
    assert len(overdue) == 3
    assert page.overdue_btn.isEnabled()
    assert page.overdue_btn.text() == "&Chọn các thủ tục cần niêm yết lại (3)"
    assert "Cảnh báo: 3 thủ tục" in page.warning.text()

    page.overdue_btn.click()
    assert page.by_procedure.isChecked() and set(page.picker.ids()) == overdue
    assert sorted(t.split()[0] for t in _listed(page)) == sorted(overdue_codes)
    red = page.picker.list.item(0).foreground().color().name()
    assert red == "#b00020"

    page.build_preview()
    assert page.pdf is not None and set(page.pdf.procedure_ids) == overdue
    page.tabs.setCurrentIndex(1)
    page.posting.selectAll()
    page.mark_selected_posted()  # posted today: late, but no longer overdue
    assert not page.overdue_btn.isEnabled()
    assert page.overdue_btn.text().endswith("(0)")


def test_select_all_in_field(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.by_procedure.setChecked(True)
    picker = page.picker
    assert not picker.all_in_field_btn.isEnabled()  # "all fields" is not a field
    i = next(
        i for i in range(picker.field_filter.count()) if picker.field_filter.itemText(i).startswith("Chứng thực")
    )  # fmt: skip
    picker.field_filter.setCurrentIndex(i)
    qtbot.waitUntil(lambda: picker.list.count() == 8)
    picker.search.setText("di chuc")  # the whole field is chosen, not only what is listed
    qtbot.waitUntil(lambda: picker.list.count() == 1)
    picker.all_in_field_btn.click()
    assert len(picker.ids()) == 8 and picker.count_label.text() == "Đã chọn 8 thủ tục"
    page.build_preview()
    assert page.pdf is not None and len(page.pdf.procedure_ids) == 8
