"""Two clocks after a supplement during processing (issue 10 point 2, deadlines.md §3,
index-766.md): the portal subtracts the applicant's working time during ONE request; the
appointment printed on the new receipt follows the office's rule (resume by default, or
restart). The worked example of the issue, built through the services."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pypdf import PdfReader

from tthc_desk.domain import dossier_rules as rules
from tthc_desk.domain.enums import DocumentKind, Role, TimeUnit
from tthc_desk.domain.text import fold
from tthc_desk.persistence.models import Field, Procedure, ProcessStep, RequiredDocument
from tthc_desk.services import dossiers as ds
from tthc_desk.services import index766, intake, registers, settings_store


@pytest.fixture
def five_days(office_db) -> int:  # type: ignore[no-untyped-def]
    """A procedure of 5 working days (two steps)."""
    with office_db.session() as s:
        f = Field(name="Đất đai", name_folded=fold("Đất đai"), register_book="Sổ đất đai")
        s.add(f)
        s.flush()
        p = Procedure(
            code="1.003003",
            name="Xác nhận nguồn gốc đất",
            search_key=fold("1.003003 Xác nhận nguồn gốc đất"),
            field_id=f.id,
            time_unit=TimeUnit.WORKING_DAYS,
            time_amount=5,
            handling_body="UBND xã An Sơn",
            created_at=datetime(2025, 1, 1),
        )
        p.steps.append(ProcessStep(position=1, name="Tiếp nhận", role=Role.CLERK, hours=4))
        p.steps.append(ProcessStep(position=2, name="Giải quyết", role=Role.OFFICER, hours=36))
        p.documents.append(
            RequiredDocument(position=1, name="Đơn đề nghị", kind=DocumentKind.FORM, count=1)
        )
        s.add(p)
        s.flush()
        return p.id


def pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    return " ".join(" ".join(pg.extract_text() for pg in PdfReader(str(path)).pages).split())


def _worked_example(office_db, users, clock, build, five_days):  # type: ignore[no-untyped-def]
    clerk, officer = users["canbo1"].actor, users["congchuc1"]
    clock.set(datetime(2027, 3, 1, 8, 0))  # Monday
    d = intake.receive_dossier(office_db, clerk, build.intake(five_days), now=clock).dossier
    assert d.due_at == datetime(2027, 3, 8, 8, 0)
    ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    clock.set(datetime(2027, 3, 4, 8, 0))  # Thursday: supplement asked
    ds.request_supplement(
        office_db,
        officer.actor,
        ds.SupplementCommand(d.id, "Thiếu sơ đồ thửa đất", (ds.SupplementItemInput("Sơ đồ", 1),)),
        now=clock,
    )
    clock.set(datetime(2027, 3, 8, 8, 0))  # Monday: the complete dossier back
    d = ds.receive_supplement(
        office_db, clerk, ds.SupplementReceiptCommand(d.id, (ds.DocumentInput("Sơ đồ"),)), now=clock
    )
    return d


def test_worked_example_resume_is_the_default(
    office_db, users, clock, build, five_days, tmp_path
) -> None:
    d = _worked_example(office_db, users, clock, build, five_days)
    assert d.portal_due_at == datetime(2027, 3, 10, 8, 0)  # 2 working days with the applicant
    assert d.due_at == datetime(2027, 3, 10, 8, 0)  # the law's rule: the time left runs on
    assert not d.clocks_differ
    ev = d.events[-1]
    assert ev.data["applicant_minutes"] == 16 * 60 and ev.data["rule"] == "resume"
    text = pdf_text(registers.print_form(office_db, d.id, "receipt", tmp_path / "01.pdf"))
    assert "08 giờ 00 phút, ngày 10/03/2027" in text
    clock.set(datetime(2027, 3, 12, 10, 0))  # Friday: result ready
    d = ds.result_ready(office_db, users["congchuc1"].actor, ds.ReasonCommand(d.id), now=clock)
    assert d.timeliness == "late"


def test_worked_example_restart_office_late_on_the_portal(
    office_db, users, clock, build, five_days, tmp_path
) -> None:
    settings_store.set_setting(
        office_db, users["admin"].actor, settings_store.SUPPLEMENT_RULE, "restart", clock
    )
    d = _worked_example(office_db, users, clock, build, five_days)
    assert d.due_at == datetime(2027, 3, 15, 8, 0)  # the full 5 days afresh: on the receipt
    assert d.portal_due_at == datetime(2027, 3, 10, 8, 0)  # what the portal judges by
    assert d.clocks_differ and d.clock_difference == "restart"
    text = pdf_text(registers.print_form(office_db, d.id, "receipt", tmp_path / "01.pdf"))
    assert "08 giờ 00 phút, ngày 15/03/2027" in text
    assert "ngày 10/03/2027" not in text
    # on Wednesday 10/3 at 09:00 the portal's clock is already late, the citizen's is not
    clock.set(datetime(2027, 3, 10, 9, 0))
    stand = ds.portal_clock(office_db, d.id, now=clock)
    assert stand is not None and stand.level.value == "late"
    assert ds.get_dossier(office_db, d.id, now=clock).level != "late"
    clock.set(datetime(2027, 3, 12, 10, 0))
    d = ds.result_ready(office_db, users["congchuc1"].actor, ds.ReasonCommand(d.id), now=clock)
    assert d.timeliness == "late"  # the app said "early" (due 15/3) before
    est = index766.estimate(office_db, date(2027, 3, 1), date(2027, 3, 31), now=clock)
    assert [x.code for x in est.lost_for("on_time")] == [d.code]


def test_second_supplement_is_late_on_the_portal(office_db, users, clock, build, five_days) -> None:
    d = _worked_example(office_db, users, clock, build, five_days)
    clock.set(datetime(2027, 3, 8, 9, 0))
    ds.request_supplement(
        office_db, users["canbo1"].actor,
        ds.SupplementCommand(d.id, "Thiếu chữ ký", (ds.SupplementItemInput("Đơn", 1),)),
        now=clock,
    )  # fmt: skip
    clock.set(datetime(2027, 3, 8, 10, 0))
    d = ds.receive_supplement(office_db, users["canbo1"].actor,
                              ds.SupplementReceiptCommand(d.id), now=clock)  # fmt: skip
    assert d.portal_due_at == datetime(2027, 3, 10, 8, 0)  # only ONE request is subtracted
    stand = ds.portal_clock(office_db, d.id, now=clock)
    assert stand is not None and stand.level.value == "late"
    assert d.clock_difference in (None, "supplements")


def test_clocks_after_supplement_domain() -> None:
    from tthc_desk.domain.calendar import WorkingCalendar
    from tthc_desk.domain.deadlines import ProcessingTime

    cal = WorkingCalendar()
    args = dict(
        requested_at=datetime(2027, 3, 4, 8, 0),
        returned_at=datetime(2027, 3, 8, 8, 0),
        legal_due=datetime(2027, 3, 8, 8, 0),
        portal_due=datetime(2027, 3, 8, 8, 0),
        processing_time=ProcessingTime.days(5),
    )
    c = rules.clocks_after_supplement(cal, **args)  # type: ignore[arg-type]
    assert (c.legal_due, c.portal_due, c.applicant_minutes) == (
        datetime(2027, 3, 10, 8, 0),
        datetime(2027, 3, 10, 8, 0),
        960,
    )
    c = rules.clocks_after_supplement(cal, rule=rules.SupplementRule.RESTART, **args)  # type: ignore[arg-type]
    assert c.legal_due == datetime(2027, 3, 15, 8, 0) and c.portal_due == datetime(2027, 3, 10, 8)
    # since 1/7/2025 the one-stop rules are NĐ 118/2025 (it replaced NĐ 61/2018 and 107/2021)
    assert rules.SUPPLEMENT_RULE_SOURCE.startswith("Nghị định số 118/2025/NĐ-CP ngày 09/6/2025")
    assert "Điều 19" not in rules.SUPPLEMENT_RULE_SOURCE  # NĐ 61/2018's article, not in force
    assert rules.SUPPLEMENT_RULE_LINK.startswith("https://")
    # the guiding circular with its date; the article is said to be unverified, not invented
    assert "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025" in rules.SUPPLEMENT_RULE_SOURCE
    assert "CHƯA được đối chiếu" in rules.SUPPLEMENT_RULE_SOURCE
    assert "Điều" not in rules.SUPPLEMENT_RULE_SOURCE.split("Điều, khoản")[0]


def test_dossier_window_shows_both_dates_and_why(
    qtbot, office_db, users, clock, build, five_days
) -> None:
    from tthc_desk.services import auth
    from tthc_desk.ui import dossier_dialog
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.tasks import InlineTaskRunner

    settings_store.set_setting(
        office_db, users["admin"].actor, settings_store.SUPPLEMENT_RULE, "restart", clock
    )
    d = _worked_example(office_db, users, clock, build, five_days)
    clock.set(datetime(2027, 3, 10, 9, 0))
    ctx = AppContext(
        db=office_db, runner=InlineTaskRunner(), user=users["canbo1"],
        office=auth.get_office(office_db),
    )  # fmt: skip
    dlg = dossier_dialog.DossierDialog(ctx, d.id, now=clock)
    qtbot.addWidget(dlg)
    dlg.resize(1100, 700)
    dlg.show()
    qtbot.waitExposed(dlg)
    import os

    if os.environ.get("TTHC_SHOTS"):
        dlg.grab().save(os.path.join(os.environ["TTHC_SHOTS"], "dossier-two-clocks.png"))
    text = dlg.header.text()
    assert "15/03/2027" in text  # the citizen's appointment
    assert "Hạn theo Cổng Dịch vụ công" in text and "10/03/2027" in text
    assert "tính lại đủ thời hạn" in text and "đã quá hạn theo Cổng" in text
    assert "Theo Cổng Dịch vụ công: quá 1 giờ" in dlg.clock_label.text()


def _board_row(office_db, clock, dossier_id, **query):  # type: ignore[no-untyped-def]
    page = ds.board_page(office_db, ds.BoardQuery(**query), now=clock)
    return [r for r in page.rows if r.id == dossier_id]


def test_board_warning_follows_the_portal_clock(office_db, users, clock, build, five_days) -> None:
    """The board's colour, its nearly-due / late views and the navigation badge judge by the
    portal's clock (issue 10: "The board's warning ... use the portal's clock"): an office
    that restarts the time gives the citizen 15/3, but on 10/3 09:00 the portal counts it late."""
    from tthc_desk.services.calendar import load_calendar

    settings_store.set_setting(
        office_db, users["admin"].actor, settings_store.SUPPLEMENT_RULE, "restart", clock
    )
    d = _worked_example(office_db, users, clock, build, five_days)
    cal = load_calendar(office_db)
    clock.set(datetime(2027, 3, 10, 9, 0))
    [row] = _board_row(office_db, clock, d.id)
    assert row.due_at == datetime(2027, 3, 15, 8, 0)  # the board still shows the appointment
    stand = row.standing(cal, clock())
    assert stand is not None and stand.level.value == "late" and stand.minutes_left < 0
    assert _board_row(office_db, clock, d.id, standing="attention")
    assert _board_row(office_db, clock, d.id, standing="late")
    counts = ds.attention_counts(office_db, now=clock)
    assert (counts.late, counts.nearly_due) == (1, 0)
    # on Tuesday 9/3 at 13:30 the portal's 10/3 08:00 is 4 working hours away: nearly due
    clock.set(datetime(2027, 3, 9, 14, 0))
    [row] = _board_row(office_db, clock, d.id)
    assert row.standing(cal, clock()).level.value == "nearly_due"  # type: ignore[union-attr]
    assert _board_row(office_db, clock, d.id, standing="attention")
    assert not _board_row(office_db, clock, d.id, standing="late")
    counts = ds.attention_counts(office_db, now=clock)
    assert (counts.late, counts.nearly_due) == (0, 1)


def test_board_after_an_apology_still_late_on_the_portal(
    office_db, users, clock, build, five_days
) -> None:
    """An apology moves the citizen's date; the portal keeps the first one (index-766.md)."""
    from tthc_desk.services.calendar import load_calendar

    clerk = users["canbo1"].actor
    clock.set(datetime(2027, 3, 1, 8, 0))
    d = intake.receive_dossier(office_db, clerk, build.intake(five_days), now=clock).dossier
    clock.set(datetime(2027, 3, 5, 9, 0))
    ds.apologise(
        office_db, clerk,
        ds.ApologyCommand(d.id, "Cần xác minh thêm", datetime(2027, 3, 12, 8, 0)), now=clock,
    )  # fmt: skip
    clock.set(datetime(2027, 3, 8, 9, 0))  # past the first appointment (8/3 08:00)
    [row] = _board_row(office_db, clock, d.id)
    assert row.standing(load_calendar(office_db), clock()).level.value == "late"  # type: ignore[union-attr]
    assert _board_row(office_db, clock, d.id, standing="late")
    assert ds.attention_counts(office_db, now=clock).late == 1


def test_board_second_supplement_late_on_the_portal(
    office_db, users, clock, build, five_days
) -> None:
    from tthc_desk.services.calendar import load_calendar

    d = _worked_example(office_db, users, clock, build, five_days)
    clock.set(datetime(2027, 3, 8, 9, 0))
    ds.request_supplement(
        office_db, users["canbo1"].actor,
        ds.SupplementCommand(d.id, "Thiếu chữ ký", (ds.SupplementItemInput("Đơn", 1),)),
        now=clock,
    )  # fmt: skip
    [row] = _board_row(office_db, clock, d.id)  # with the applicant: the clock stands still
    assert row.standing(load_calendar(office_db), clock()).level.value == "late"  # type: ignore[union-attr]
    assert _board_row(office_db, clock, d.id, standing="late")
    clock.set(datetime(2027, 3, 8, 10, 0))
    ds.receive_supplement(office_db, users["canbo1"].actor,
                          ds.SupplementReceiptCommand(d.id), now=clock)  # fmt: skip
    [row] = _board_row(office_db, clock, d.id)
    assert row.standing(load_calendar(office_db), clock()).level.value == "late"  # type: ignore[union-attr]
    assert _board_row(office_db, clock, d.id, standing="attention")
    assert ds.attention_counts(office_db, now=clock).late == 1


def test_board_and_window_show_both_clocks_apart_at_1366(
    qtbot, office_db, users, clock, build, five_days
) -> None:
    """Through the window: after a supplement during processing the office (restart) gives
    the citizen 15/3 while the portal judges by 10/3. The board's due column shows both,
    labelled, on its two lines, the tooltip says why; the time left follows the portal; the
    board still fits 1366 px; Enter on the row opens the dossier with both dates and why."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QApplication

    from tests.support.windows import board_at_1366
    from tthc_desk.services import auth
    from tthc_desk.ui.context import AppContext
    from tthc_desk.ui.dossier_board_model import BoardModel
    from tthc_desk.ui.table_models import WARNING_BACKGROUNDS
    from tthc_desk.ui.tasks import InlineTaskRunner

    settings_store.set_setting(
        office_db, users["admin"].actor, settings_store.SUPPLEMENT_RULE, "restart", clock
    )
    d = _worked_example(office_db, users, clock, build, five_days)
    other = intake.receive_dossier(  # a dossier whose two clocks agree
        office_db,
        users["canbo1"].actor,
        build.intake(five_days, applicant=build.applicant(personal_id=build.PID_2, birth_date="")),
        now=clock,
    ).dossier
    clock.set(datetime(2027, 3, 10, 9, 0))
    ctx = AppContext(
        db=office_db, runner=InlineTaskRunner(), user=users["canbo1"],
        office=auth.get_office(office_db),
    )  # fmt: skip
    board = board_at_1366(qtbot, ctx)
    board.now = clock
    board.apply_filters()
    qtbot.waitUntil(lambda: board.model.rowCount() == 2 and board.table.viewport().width() > 0)
    m, col = board.model, BoardModel.COLUMNS.index
    rows = {m.data(m.index(r, col("code"))): r for r in range(m.rowCount())}
    row = rows[d.code]

    def cell(name: str, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        return m.data(m.index(row, col(name)), role)

    assert cell("due") == "Hẹn 08:00 15/03\nCổng 08:00 10/03"
    tip = cell("due", Qt.ItemDataRole.ToolTipRole)
    assert "Hẹn trả (giấy hẹn của công dân): 08:00 15/03/2027" in tip
    assert "Cổng Dịch vụ công tính hạn: 08:00 10/03/2027" in tip
    assert "tính lại đủ thời hạn" in tip
    assert cell("left") == "quá 1 giờ 00 phút"  # the portal's clock, not the citizen's
    late = WARNING_BACKGROUNDS["late"]
    assert cell("due", Qt.ItemDataRole.BackgroundRole).color() == late
    # the other dossier: one date, no label, no tooltip of two clocks
    plain = m.data(m.index(rows[other.code], col("due")))
    assert plain == "08:00 15/03/2027"  # received 8/3 08:00: the same appointment, one clock
    # whole in its cell at 1366 px, and no sideways scrolling
    header, table = board.table.horizontalHeader(), board.table
    width = table.columnWidth(col("due")) - 6
    need = table.fontMetrics().boundingRect(
        QRect(0, 0, width, 1000), Qt.TextFlag.TextWordWrap, cell("due")
    )
    assert need.width() <= width and need.height() <= table.rowHeight(row)
    for name in ("code", "left", "step_left", "due", "officer", "applicant"):
        right = header.sectionViewportPosition(col(name)) + header.sectionSize(col(name))
        assert 0 <= header.sectionViewportPosition(col(name)) and right <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    import os

    if os.environ.get("TTHC_SHOTS"):
        QApplication.processEvents()
        board.window().grab().save(os.path.join(os.environ["TTHC_SHOTS"], "board-two-clocks.png"))
    # Enter on the row opens the dossier window with both dates and why they differ
    table.setFocus()
    table.setCurrentIndex(m.index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dlg = board.dialog
    assert dlg is not None and dlg.view is not None and dlg.view.id == d.id
    qtbot.waitExposed(dlg)
    text = dlg.header.text()
    assert "<b>Hạn trả:</b> 08:00 15/03/2027" in text
    assert "Hạn theo Cổng Dịch vụ công (chỉ số 766):</b> 08:00 10/03/2027" in text
    assert "tính lại đủ thời hạn" in text and "đã quá hạn theo Cổng" in text
    assert "Theo Cổng Dịch vụ công: quá 1 giờ" in dlg.clock_label.text()
    dlg.close()
    QApplication.processEvents()
