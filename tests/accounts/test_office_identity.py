"""The office's identity: the electronic identifier code (QCVN 102:2016/BTTTT) is the first part
of new dossier codes, the counter's unit (Nghị định 118/2025) is printed under the office."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.accounts.gui import type_text
from tthc_desk.domain.enums import Role
from tthc_desk.domain.errors import AppError
from tthc_desk.persistence.db import Database
from tthc_desk.services import auth, intake, registers
from tthc_desk.services.catalogue_seed import load_shipped_catalogue
from tthc_desk.services.dossiers import DocumentInput

NEW_OFFICE = auth.OfficeInput(
    "UBND xã Vĩnh Bảo",
    "",
    "Thị trấn Vĩnh Bảo cũ, xã Vĩnh Bảo",
    "Hải Phòng",
    identifier="000.00.25.H26",
)


def admin_input() -> auth.UserInput:
    return auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123")


@pytest.mark.parametrize(
    "value", ["000.00.25.H23", "001.12.05.H26", " 000.00.25.h23 ", "A01.B2.0C.G09"]
)
def test_identifier_shape_accepted(value: str) -> None:
    assert auth.check_identifier(value) == value.strip().upper()


@pytest.mark.parametrize("value", ["H23.12.05", "000.00.25", "000-00-25-H23", "000.00.25.H2"])
def test_identifier_shape_refused(value: str) -> None:
    with pytest.raises(AppError) as err:
        auth.check_identifier(value)
    assert err.value.code == "office.identifier.format"


def test_new_office_codes_start_with_the_identifier_and_sheets_print_the_centre(
    db: Database, tmp_path: Path
) -> None:
    admin = auth.first_run_setup(db, NEW_OFFICE, admin_input())
    office = auth.get_office(db)
    assert office is not None
    assert (office.code, office.identifier_code) == ("000.00.25.H26", "000.00.25.H26")
    assert office.counter_unit == "Trung tâm Phục vụ hành chính công"
    assert load_shipped_catalogue(db, admin.actor) == 47
    birth = next(p for p in intake.list_procedures(db) if p.code == "1.001193")
    result = intake.receive_dossier(
        db,
        admin.actor,
        intake.IntakeCommand(
            procedure_id=birth.id,
            applicant=intake.ApplicantInput(
                full_name="Nguyễn Văn Đức",
                personal_id="031085001234",
                birth_date="12/05/1985",
                address="Thôn 3, xã Vĩnh Bảo, thành phố Hải Phòng",
                phone="0912 345 678",
            ),
            documents=(DocumentInput("Tờ khai", "form"),),
        ),
        now=lambda: datetime(2026, 12, 7, 9, 0),
    )
    code = result.dossier.code
    assert code == "000.00.25.H26-261207-0001"
    out = registers.print_form(db, result.dossier.id, "receipt", tmp_path / "receipt.pdf")
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in text
    assert "BỘ PHẬN MỘT CỬA" not in text
    assert code in text


def test_existing_office_keeps_its_code_and_unit_until_changed(
    office_db: Database, users, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    office = auth.get_office(office_db)
    assert office is not None and office.identifier_code is None
    assert office.dossier_prefix == "XANSON"
    admin = users["admin"].actor
    changed = auth.update_office(
        office_db,
        admin,
        auth.OfficeInput(
            office.name,
            office.code,
            office.address,
            office.province,
            identifier="000.00.25.h23",
            counter_unit="Bộ phận Một cửa",
        ),
    )
    assert changed.dossier_prefix == "000.00.25.H23"
    assert changed.counter_unit == "Bộ phận Một cửa"
    with pytest.raises(AppError) as err:
        auth.update_office(
            office_db,
            admin,
            auth.OfficeInput(
                office.name,
                office.code,
                office.address,
                office.province,
                "",
                "",
                "",
                identifier="H23.12.05",
            ),  # fmt: skip
        )
    assert err.value.code == "office.identifier.format"


def test_settings_check_the_identifier_as_it_is_typed(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.settings_page import SettingsPage

    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    assert "XANSON" in page.identifier_check.text()  # not set yet: the old code is used
    page.office_identifier.setFocus()
    type_text(qtbot, page.office_identifier, "H23.12.05")
    assert "không đúng dạng" in page.identifier_check.text()
    page.office_identifier.clear()
    type_text(qtbot, page.office_identifier, "000.00.25.H23")
    assert page.identifier_check.text() == "Đúng dạng. Mã hồ sơ mới: 000.00.25.H23-YYMMDD-0001"
    assert "QCVN 102:2016" in page.office_identifier.toolTip()
    assert "XANSON" in page.office_code.toolTip()
    page.counter_unit.setCurrentText("Trung tâm Phục vụ hành chính công")
    page._save_office()
    office = auth.get_office(page.ctx.db)
    assert office is not None and office.identifier_code == "000.00.25.H23"
    assert office.counter_unit == "Trung tâm Phục vụ hành chính công"


def _insert(conn, table: str, **values: object) -> int:  # type: ignore[no-untyped-def]
    """A row with ``values`` and a plain value in every other NOT NULL column."""
    from sqlalchemy import text

    for _cid, name, kind, notnull, default, pk in conn.execute(
        text(f"PRAGMA table_info({table})")
    ).fetchall():
        if notnull and default is None and not pk and name not in values:
            kind = kind.upper()
            values[name] = (
                0 if "INT" in kind or "BOOL" in kind or "FLOAT" in kind
                else "2024-01-02 08:00:00" if "DATE" in kind
                else "active" if name == "status"
                else "working_days" if name == "time_unit"
                else "none" if name == "online_service"
                else "original" if name == "kind"
                else name
            )  # fmt: skip
    cols = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({marks})"), values)
    return int(conn.execute(text("SELECT last_insert_rowid()")).scalar())


def test_an_office_with_procedures_and_documents_upgrades_in_place(tmp_path: Path) -> None:
    """Migration 0010 adds columns in place: a populated database (procedures referenced by
    documents) upgrades, keeps its rows and prints "Bộ phận Một cửa" as before."""
    from alembic import command
    from sqlalchemy import text

    from tthc_desk.persistence.db import alembic_config, make_engine

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        _insert(conn, "office_profile", name="UBND xã An Sơn", code="XANSON", place_name="An Sơn")
        field = _insert(conn, "fields", name="Hộ tịch")
        proc = _insert(conn, "procedures", code="1.001193", name="Đăng ký khai sinh",
                       field_id=field, is_current=1, version=1)  # fmt: skip
        _insert(conn, "required_documents", procedure_id=proc, name="Tờ khai")
    engine.dispose()

    db = Database.open(path)
    try:
        office = auth.get_office(db)
        assert office is not None
        assert (office.code, office.identifier_code, office.counter_unit) == (
            "XANSON",
            None,
            "Bộ phận Một cửa",
        )
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT needs_review FROM procedures")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM required_documents")).scalar() == 1
    finally:
        db.dispose()


def test_sign_in_shows_the_offices_counter_unit(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from tthc_desk.ui.login_dialog import LoginDialog

    auth.first_run_setup(db, NEW_OFFICE, admin_input())
    office = auth.get_office(db)
    assert office is not None
    dlg = LoginDialog(db, office.name, counter_unit=office.counter_unit)
    qtbot.addWidget(dlg)
    texts = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert "UBND xã Vĩnh Bảo" in texts and "Trung tâm Phục vụ hành chính công" in texts
    assert "Bộ phận Một cửa" not in texts


def test_counter_unit_saved_in_settings_renames_the_intake_choices_at_once(  # type: ignore[no-untyped-def]
    qtbot, office_db: Database, make_ctx
) -> None:
    """The intake page names the office's own counter (NĐ 118/2025: since 1/7/2025 the
    "Trung tâm Phục vụ hành chính công"); switching back to "Bộ phận Một cửa" in Cài đặt
    renames the channel and delivery choices without a restart."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from tthc_desk.ui.main_window import MainWindow

    ctx = make_ctx("admin")
    office = auth.get_office(office_db)
    assert office is not None
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    intake_page = window.pages["intake"]
    unit = office.counter_unit
    assert intake_page.channel.itemText(0) == f"Trực tiếp tại {unit}"
    assert intake_page.delivery.itemText(0) == f"Tại {unit}"

    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Cài đặt
    settings = window.pages["settings"]
    combo = settings.counter_unit
    combo.setFocus()
    other = "Bộ phận Một cửa" if unit != "Bộ phận Một cửa" else "Trung tâm Phục vụ hành chính công"
    while combo.currentText() != other:  # the keyboard walks the two choices
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)
    save = settings.findChild(QPushButton, "saveOffice")
    save.setFocus()
    qtbot.keyClick(save, Qt.Key.Key_Space)

    assert auth.get_office(office_db).counter_unit == other  # type: ignore[union-attr]
    assert intake_page.channel.itemText(0) == f"Trực tiếp tại {other}"
    assert intake_page.delivery.itemText(0) == f"Tại {other}"
