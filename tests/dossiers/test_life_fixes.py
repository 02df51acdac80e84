"""Issue 9 point 4, a dossier's life as the clerk sees it: form 02 prints what was typed, the
documents brought as a supplement join the dossier and the new receipt, conditional documents are
not ticked for the clerk, the handover goes to the next step's officer, the rating is chosen by
the applicant and shown on the dossier."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from test_gui_life import make_ctx  # type: ignore[import-not-found]

from tests.support.keyboard import Keyboard, activate
from tthc_desk.domain.enums import Role
from tthc_desk.services import auth, registers
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake as intake_svc
from tthc_desk.services.catalogue import is_conditional
from tthc_desk.services.catalogue_seed import load_seed_procedures
from tthc_desk.ui import dossier_dialog
from tthc_desk.ui.intake_page import IntakePage

SHIPPED = Path(__file__).parents[2] / "resources" / "demo" / "procedures-commune.json"


@pytest.fixture(autouse=True)
def _no_viewer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dossier_dialog, "OPEN_PRINTS", False)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def key(qtbot, keycode, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """One key to whatever has the keyboard focus, as a real keyboard would."""
    Keyboard(qtbot).key(keycode, modifier)


def typed(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Text into the focused field: ASCII key by key, Vietnamese as an input method commits it."""
    Keyboard(qtbot).type(text)


def open_dossier(qtbot, ctx, clock, code):  # type: ignore[no-untyped-def]
    """The dossier's window, as the board opens it (any state: straight by its id)."""
    dlg = dossier_dialog.DossierDialog(ctx, ds.find_by_code(ctx.db, code), clock)
    qtbot.addWidget(dlg)
    printed: list[Path] = []
    dlg.sig_printed.connect(printed.append)
    return dlg, printed


def start(qtbot, dlg, action: str):  # type: ignore[no-untyped-def]
    activate(qtbot, dlg)
    dlg.start_action(action)
    a = dlg.action_dialog
    assert a is not None
    activate(qtbot, a)
    return a


# ----------------------------------------------------------------------------- form 02


def test_form_02_prints_each_item_as_typed_and_what_to_complete(
    qtbot, office_db, users, procs, clock, build
) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.marriage), now=clock
    ).dossier
    dlg, printed = open_dossier(qtbot, ctx, clock, d.code)
    a = start(qtbot, dlg, "supplement_requested")
    a.items.name.setFocus()
    typed(qtbot, "Giấy chứng nhận kết hôn")
    key(qtbot, Qt.Key.Key_Tab)  # originals: none
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "2")  # two certified copies
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Bản sao do cơ quan hộ tịch cấp")
    key(qtbot, Qt.Key.Key_Return)  # adds the line, does not send the request
    assert a.isVisible() and a.items.table.rowCount() == 1
    assert a.items.name.hasFocus()
    typed(qtbot, "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "1")
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "Ký, ghi rõ họ tên người yêu cầu")
    key(qtbot, Qt.Key.Key_Return)
    a.reason.setFocus()
    typed(qtbot, "Người yêu cầu đã kết hôn, cần giấy tờ chứng minh")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not a.isVisible(), a.error.text()

    data = registers.supplement_request_data(office_db, d.id)
    assert [(i.name, i.originals, i.certified_copies, i.copies, i.note) for i in data.items] == [
        ("Giấy chứng nhận kết hôn", 0, 2, 0, "Bản sao do cơ quan hộ tịch cấp"),
        (
            "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
            1,
            0,
            0,
            "Ký, ghi rõ họ tên người yêu cầu",
        ),
    ]
    assert printed and printed[-1].name.endswith("supplement.pdf")
    text = pdf_text(printed[-1])
    assert "Giấy chứng nhận kết hôn 02 Bản sao do cơ quan hộ tịch cấp" in text
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân 01 Ký, ghi rõ họ tên" in text
    assert "Người yêu cầu đã kết hôn, cần giấy tờ chứng minh" in text


def test_supplement_items_line_by_line_remove_and_the_typed_line_counts(
    qtbot, office_db, users, procs, clock, build
) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.marriage), now=clock
    ).dossier
    dlg, _printed = open_dossier(qtbot, ctx, clock, d.code)
    a = start(qtbot, dlg, "supplement_requested")
    a.items.name.setFocus()
    typed(qtbot, "Sai tên")
    key(qtbot, Qt.Key.Key_Return)
    a.items.table.setFocus()
    a.items.table.selectRow(0)
    key(qtbot, Qt.Key.Key_Delete)
    assert a.items.table.rowCount() == 0
    a.items.name.setFocus()
    typed(qtbot, "Giấy tờ tùy thân")  # typed, not added with Enter: still asked for
    a.reason.setFocus()
    typed(qtbot, "Thiếu giấy tờ tùy thân")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not a.isVisible(), a.error.text()
    data = registers.supplement_request_data(office_db, d.id)
    assert [i.name for i in data.items] == ["Giấy tờ tùy thân"]


# ----------------------------------------------------------------------------- supplement received


def test_documents_brought_join_the_dossier_and_the_new_receipt(
    qtbot, office_db, users, procs, clock, build
) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.marriage), now=clock
    ).dossier
    ds.request_supplement(
        office_db,
        ctx.actor,
        ds.SupplementCommand(
            d.id,
            "Thiếu giấy tờ",
            (
                ds.SupplementItemInput("Giấy chứng nhận kết hôn", certified_copies=2),
                ds.SupplementItemInput("Giấy xác nhận cư trú", originals=1),
            ),
        ),
        clock,
    )
    clock.set(datetime(2026, 3, 4, 9, 0))
    dlg, printed = open_dossier(qtbot, ctx, clock, d.code)
    a = start(qtbot, dlg, "supplement_received")
    assert a.brought is not None and a.brought.list.count() == 2
    # the applicant brought the first, not the second, and something else
    a.brought.list.setFocus()
    a.brought.list.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Space)
    a.brought.other.setFocus()
    typed(qtbot, "Sổ hộ khẩu (bản chụp)")
    key(qtbot, Qt.Key.Key_Return)
    assert a.brought.list.count() == 3 and a.isVisible()
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not a.isVisible(), a.error.text()

    view = dlg.view
    assert view is not None
    assert [(x.name, x.kind, x.count) for x in view.documents][-2:] == [
        ("Giấy chứng nhận kết hôn", "certified_copy", 2),
        ("Sổ hộ khẩu (bản chụp)", "original", 1),
    ]
    shown = [dlg.documents.item(i, 0).text() for i in range(dlg.documents.rowCount())]
    assert "Giấy chứng nhận kết hôn" in shown and "Giấy xác nhận cư trú" not in shown
    assert printed and printed[-1].name.endswith("receipt.pdf")
    text = pdf_text(printed[-1])
    assert "Giấy chứng nhận kết hôn" in text and "Sổ hộ khẩu (bản chụp)" in text
    assert "Giấy xác nhận cư trú" not in text


# ----------------------------------------------------------------------------- conditional documents


def test_shipped_conditional_documents_are_not_ticked_at_intake(
    qtbot, office_db, users, clock
) -> None:
    records = json.loads(SHIPPED.read_text(encoding="utf-8"))
    load_seed_procedures(office_db, users["admin"].actor, records)
    page = IntakePage(make_ctx(office_db, users))
    page.now = clock
    qtbot.addWidget(page)
    qtbot.keyClicks(page.proc_search, "1.004873")
    qtbot.keyClick(page.proc_search, Qt.Key.Key_Return)
    assert page.procedure is not None and page.procedure.code == "1.004873"
    ticks = {
        page.documents.item(i).text(): page.documents.item(i).checkState() == Qt.CheckState.Checked
        for i in range(page.documents.count())
    }
    divorce = next(k for k in ticks if k.startswith("Giấy tờ chứng minh việc ly hôn"))
    authorisation = next(k for k in ticks if k.startswith("Văn bản ủy quyền"))
    form = next(k for k in ticks if k.startswith("Tờ khai cấp Giấy xác nhận"))
    assert not ticks[divorce] and not ticks[authorisation]
    assert "(nếu có)" in divorce and "(nếu có)" in authorisation
    assert ticks[form]
    page.personal_id.setText(build_pid())
    page.full_name.setText("Nguyễn Văn Đức")
    page.save()
    assert page.error.isHidden(), page.error.text()
    names = [x.name for x in page.last_result.dossier.documents]
    assert not any(
        n.startswith(("Giấy tờ chứng minh việc ly hôn", "Văn bản ủy quyền")) for n in names
    )


def build_pid() -> str:
    return "030085001234"


@pytest.mark.parametrize(
    ("note", "name", "conditional"),
    [
        ("khi áp dụng", "Giấy tờ chứng minh việc ly hôn", True),
        ("khi ủy quyền", "Văn bản ủy quyền", True),
        (None, "Văn bản ủy quyền", True),
        ("chỉ khi mang thai hộ", "Văn bản xác nhận của cơ sở y tế", True),
        ("không phải nộp nếu khai thác được từ CSDL", "Giấy tờ chứng minh chỗ ở hợp pháp", True),
        (None, "Giấy tờ liên quan đến việc sử dụng đất (nếu có)", True),
        ("xuất trình để đối chiếu", "Hộ chiếu/CMND/thẻ Căn cước", False),
        (None, "Tờ khai đăng ký khai tử (theo mẫu)", False),
        (
            "nếu chỉ mang bản chính thì cơ quan chụp",
            "Bản chính giấy tờ làm cơ sở chứng thực",
            False,
        ),
        ("nếu không có: thư từ, phim ảnh", "Chứng cứ chứng minh quan hệ cha, mẹ, con", False),
    ],
)
def test_conditional_documents_of_the_catalogue(note, name, conditional) -> None:  # type: ignore[no-untyped-def]
    assert is_conditional(note, name) is conditional


# ----------------------------------------------------------------------------- handover


def _add_user(db, users, username: str, name: str, role: Role) -> None:  # type: ignore[no-untyped-def]
    auth.create_user(
        db,
        users["admin"].actor,
        auth.UserInput(username, name, role, "matkhau123", "matkhau123", ""),
    )


def test_handover_defaults_to_the_next_steps_officer_and_never_lists_yourself(
    qtbot, office_db, users, procs, clock, build
) -> None:
    # alphabetically first, and of the wrong role for the step that follows the counter's
    _add_user(office_db, users, "phochutich", "Bùi Văn An", Role.LEADER)
    users = {u.username: u for u in auth.list_users(office_db)}
    clerk = make_ctx(office_db, users, "canbo1")
    d = intake_svc.receive_dossier(
        office_db, clerk.actor, build.intake(procs.marriage), now=clock
    ).dossier
    dlg, _ = open_dossier(qtbot, clerk, clock, d.code)
    a = start(qtbot, dlg, "handover")
    listed = [a.officer.itemText(i) for i in range(a.officer.count())]
    assert not any(t.startswith("Nguyễn Thị Hoa") for t in listed)  # the clerk herself
    assert a.officer.currentText().startswith("Lê Văn Tư")  # step 2 is the officer's
    assert "Thẩm định, trình ký" in a.next_step.text()
    key(qtbot, Qt.Key.Key_Return)  # Enter takes the default
    assert not a.isVisible(), a.error.text()
    assert dlg.view.current_officer_name == "Lê Văn Tư"

    # the officer hands on to the leader's step: the first leader, then whoever signed before
    officer = make_ctx(office_db, users, "congchuc1")
    dlg2, _ = open_dossier(qtbot, officer, clock, d.code)
    a = start(qtbot, dlg2, "handover")
    assert a.officer.currentText().startswith("Bùi Văn An")
    a.officer.setCurrentIndex(a.officer.findText("Nguyễn Đức Ngọc", Qt.MatchFlag.MatchStartsWith))
    key(qtbot, Qt.Key.Key_Return)
    assert dlg2.view.current_officer_name == "Nguyễn Đức Ngọc"

    d2 = intake_svc.receive_dossier(
        office_db,
        clerk.actor,
        build.intake(
            procs.marriage, applicant=build.applicant(personal_id=build.PID_2, birth_date="")
        ),
        now=clock,
    ).dossier
    ds.handover(office_db, clerk.actor, ds.HandoverCommand(d2.id, users["congchuc1"].id), clock)
    options = ds.handover_options(office_db, officer.actor, d2.id)
    assert options.step_role is Role.LEADER
    assert options.default_id == users["chutich"].id  # signed this step last time


def test_handover_after_a_supplement_goes_back_to_who_worked_the_step(
    office_db, users, procs, clock, build
) -> None:
    _add_user(office_db, users, "congchuc2", "Đỗ Thị Mai", Role.OFFICER)
    users = {u.username: u for u in auth.list_users(office_db)}
    clerk = users["canbo1"].actor
    d = intake_svc.receive_dossier(
        office_db, clerk, build.intake(procs.marriage), now=clock
    ).dossier
    ds.handover(office_db, clerk, ds.HandoverCommand(d.id, users["congchuc2"].id), clock)
    ds.request_supplement(
        office_db,
        users["congchuc2"].actor,
        ds.SupplementCommand(d.id, "Thiếu", (ds.SupplementItemInput("Tờ khai", originals=1),)),
        clock,
    )
    # meanwhile another dossier's step 2 went to the other officer
    other = intake_svc.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.marriage, applicant=build.applicant(personal_id=build.PID_2, birth_date="")
        ),
        now=clock,
    ).dossier
    ds.handover(office_db, clerk, ds.HandoverCommand(other.id, users["congchuc1"].id), clock)
    ds.receive_supplement(office_db, clerk, ds.SupplementReceiptCommand(d.id), clock)
    options = ds.handover_options(office_db, clerk, d.id)
    assert options.default_id == users["congchuc2"].id
    assert users["canbo1"].id not in {c.id for c in options.candidates}


# ----------------------------------------------------------------------------- rating


def test_rating_is_chosen_by_the_applicant_and_shown_on_the_dossier(
    qtbot, office_db, users, procs, clock, build
) -> None:
    ctx = make_ctx(office_db, users)
    d = intake_svc.receive_dossier(
        office_db, ctx.actor, build.intake(procs.birth), now=clock
    ).dossier
    ds.result_ready(office_db, ctx.actor, ds.ReasonCommand(d.id), clock)
    ds.return_result(office_db, ctx.actor, ds.ReturnCommand(d.id, "Nguyễn Văn Đức"), clock)
    dlg, _ = open_dossier(qtbot, ctx, clock, d.code)
    a = start(qtbot, dlg, "rate")
    assert a.level.currentIndex() == -1 and a.level.currentText() == ""
    a.level.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # nothing chosen: refused with a message
    assert a.isVisible() and a.error.text() == "Hãy chọn mức độ hài lòng."
    assert ds.get_dossier(office_db, d.id, clock).rating is None
    typed(qtbot, "H")  # keyboard search in the list: "Hài lòng"
    assert a.level.currentText() == "Hài lòng"
    key(qtbot, Qt.Key.Key_Return)
    assert not a.isVisible(), a.error.text()
    assert "Đánh giá của người nộp:</b> Hài lòng" in dlg.header.text()
    assert "rate" not in dlg.buttons
    rated = [dlg.events.item(i, 3).text() for i in range(dlg.events.rowCount())]
    assert rated[-1] == "Hài lòng"


def test_an_office_of_one_hands_over_to_itself(office_db, users, procs, clock, build) -> None:
    from sqlalchemy import update

    from tthc_desk.persistence.models import User

    admin = users["admin"]
    with office_db.session() as s:  # everyone else has left the office
        s.execute(update(User).where(User.id != admin.id).values(active=False))
    d = intake_svc.receive_dossier(
        office_db, admin.actor, build.intake(procs.marriage), now=clock
    ).dossier
    options = ds.handover_options(office_db, admin.actor, d.id)
    assert [c.id for c in options.candidates] == [admin.id]


def test_the_counters_last_step_goes_back_to_the_clerk_who_received_it(
    office_db, users, procs, clock, build
) -> None:
    _add_user(office_db, users, "canbo0", "An Thị Bích", Role.CLERK)  # alphabetically first
    users = {u.username: u for u in auth.list_users(office_db)}
    hoa, tu, ngoc = users["canbo1"], users["congchuc1"], users["chutich"]
    d = intake_svc.receive_dossier(
        office_db, hoa.actor, build.intake(procs.marriage), now=clock
    ).dossier
    ds.handover(office_db, hoa.actor, ds.HandoverCommand(d.id, tu.id), clock)
    ds.handover(office_db, tu.actor, ds.HandoverCommand(d.id, ngoc.id), clock)
    options = ds.handover_options(office_db, ngoc.actor, d.id)
    assert options.step_role is Role.CLERK and options.default_id == hoa.id
