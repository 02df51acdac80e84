"""Returning a result records the line of its procedure's paper book, suggested as the next
free line (through the dossier window, keyboard), and the reconciliation counts it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from sqlalchemy import select

from tthc_desk.domain.province import Difference
from tthc_desk.persistence.models import AuditEntry, Dossier, PaperBookEntry
from tthc_desk.services import auth, province
from tthc_desk.services import dossiers as ds
from tthc_desk.ui import dossier_dialog
from tthc_desk.ui.context import AppContext
from tthc_desk.ui.dossier_dialog import DossierDialog
from tthc_desk.ui.tasks import InlineTaskRunner

AT = datetime(2026, 3, 3, 9, 0)


def test_return_dialog_suggests_the_next_line_and_records_it(
    qtbot, counter_office, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)
    db, codes = counter_office
    admin = auth.sign_in(db, "admin", "matkhau123")
    book = province.save_book(
        db, admin.actor, province.BookInput("Sổ đăng ký cư trú", "other", "02", ("1.004194",))
    )
    with db.session() as s:
        ids = [s.scalar(select(Dossier.id).where(Dossier.code == c)) for c in codes]
    clock = lambda: AT  # noqa: E731
    province.enter_in_book(db, admin.actor, ids[0], 1, now=clock)  # line 1 already written
    ds.result_ready(db, admin.actor, ds.ReasonCommand(ids[1], ""), now=clock)

    clerk = auth.sign_in(db, "canbo1", "matkhau123")
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=clerk, office=auth.get_office(db))
    dlg = DossierDialog(ctx, ids[1], clock)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.mouseClick(dlg.buttons["returned"], Qt.MouseButton.LeftButton)
    action = dlg.action_dialog
    assert action is not None and action.book_line is not None
    assert action.book_line.value() == 2  # the next free line of this year
    form_labels = [w.text() for w in action.findChildren(type(dlg.header)) if w.text()]
    assert any("Sổ đăng ký cư trú, quyển 02, năm 2026" in t for t in form_labels)
    qtbot.keyClick(action.ok, Qt.Key.Key_Return)
    assert not action.error.isVisible(), action.error.text()
    with db.session() as s:
        entry = s.scalar(select(PaperBookEntry).where(PaperBookEntry.dossier_id == ids[1]))
        assert entry is not None and (entry.line, entry.year) == (2, 2026)
        d = s.get(Dossier, ids[1])
        assert d is not None and d.register_line == 2
    r = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    assert not r.of(Difference.NO_BOOK_LINE)
    assert [(b.name, b.app, b.paper) for b in r.by_book] == [("Sổ đăng ký cư trú", 3, 2)]

    # the printed book names citizens and their addresses: the export is audited
    out = tmp_path / "so.pdf"
    assert province.print_book(db, book.id, 2026, out, now=clock, actor=clerk.actor) == 2
    with db.session() as s:
        line = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "export", AuditEntry.entity == "paper_book"
            )
        ).one()
        assert (line.action, line.user_id) == ("export", clerk.actor.user_id)
        assert line.detail == {
            "rows": 2,
            "file": "so.pdf",
            "book": "Sổ đăng ký cư trú",
            "year": "2026",
        }


def test_a_book_is_printed_with_its_lines(qtbot, counter_office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from tthc_desk.ui.reconcile_page import ReconcilePage

    db, codes = counter_office
    admin = auth.sign_in(db, "admin", "matkhau123")
    province.save_book(
        db, admin.actor, province.BookInput("Sổ đăng ký cư trú", "other", "02", ("1.004194",))
    )
    with db.session() as s:
        ids = [s.scalar(select(Dossier.id).where(Dossier.code == c)) for c in codes]
    for line, dossier_id in enumerate(ids, 1):
        province.enter_in_book(db, admin.actor, dossier_id, line, now=lambda: AT)
    ctx = AppContext(db=db, runner=InlineTaskRunner(), user=admin, office=auth.get_office(db))
    page = ReconcilePage(ctx, now=lambda: AT)
    qtbot.addWidget(page)
    dlg = page.open_books()
    dlg.books.selectRow(0)
    assert dlg.print_button.isEnabled() and dlg.year.value() == 2026
    out = tmp_path / "so.pdf"
    dlg.print_to(out)
    assert "3 dòng" in dlg.error.text()
    reader = PdfReader(str(out))
    text = " ".join(pg.extract_text() for pg in reader.pages)
    assert "SỔ ĐĂNG KÝ CƯ TRÚ" in text and "Quyển số: 02 — Năm 2026" in text
    for code in codes:
        assert code in text  # each code whole on its line
    assert "Trần Văn Hai" in text and "Trang 1/1" in text and len(reader.pages) == 1
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_the_766_rule_software_equals_paper_uses_the_books(counter_office) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import index766

    db, codes = counter_office
    admin = auth.sign_in(db, "admin", "matkhau123")
    period = (date(2026, 3, 1), date(2026, 3, 31))
    later = datetime(2026, 4, 10, 9, 0)
    typed = index766.estimate(db, *period, now=later)
    rule = next(r for r in typed.report.rules if r.key == "registers")
    assert (rule.count, rule.total, rule.ok) == (3, None, None)  # no book: the typed count

    province.save_book(
        db, admin.actor, province.BookInput("Sổ đăng ký cư trú", "other", "02", ("1.004194",))
    )
    with db.session() as s:
        ids = [s.scalar(select(Dossier.id).where(Dossier.code == c)) for c in codes]
    clock = lambda: AT  # noqa: E731
    for i, dossier_id in enumerate(ids[:2]):
        ds.result_ready(db, admin.actor, ds.ReasonCommand(dossier_id, ""), now=clock)
        line = 1 if i == 0 else None
        ds.return_result(
            db, admin.actor, ds.ReturnCommand(dossier_id, "Chủ hồ sơ", "", line), now=clock
        )
    est = index766.estimate(db, *period, now=later)
    rule = next(r for r in est.report.rules if r.key == "registers")
    assert (rule.count, rule.total, rule.ok) == (2, 1, False)
    lost = index766.lost_records(db, est, "registers")
    assert [(x.code, x.reason, x.detail, x.dossier_id) for x in lost] == [
        (codes[1], "book.no_line", "Sổ đăng ký cư trú", ids[1])
    ]
