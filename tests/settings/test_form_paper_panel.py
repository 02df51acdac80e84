"""The paper of forms 01–05 on the Settings page (issue 10: "forms 01–05 on A5 if the office
chooses"): the administrator chooses A5 for the receipt with the keyboard and saves; the next
receipt printed is an A5 PDF (read back with pypdf); others only read the choice."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from tthc_desk.services import intake, registers
from tthc_desk.ui.settings_page import SettingsPage


def _size(path) -> list[int]:  # type: ignore[no-untyped-def]
    return [round(float(v)) for v in PdfReader(str(path)).pages[0].mediabox.upper_right]


def test_admin_chooses_a5_and_the_receipt_prints_on_a5(  # type: ignore[no-untyped-def]
    qtbot, office_db, users, procs, build, clock, make_ctx, tmp_path
) -> None:
    d = intake.receive_dossier(
        office_db, users["canbo1"].actor, build.intake(procs.marriage), now=clock
    ).dossier
    assert _size(registers.print_form(office_db, d.id, "receipt", tmp_path / "a4.pdf")) == [
        595,
        842,
    ]
    page = SettingsPage(make_ctx("admin"))
    qtbot.addWidget(page)
    panel = page.form_paper
    assert panel.label == "In khổ A5 các mẫu:"
    box = panel.boxes["receipt"]
    assert box.text() == "01" and "Mẫu 01" in box.toolTip()
    assert not box.isChecked() and box.isEnabled() and panel.paper("receipt") == "A4"
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # tick: A5
    assert panel.paper("receipt") == "A5"
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert panel.error.isHidden() and not panel.saved.isHidden()
    assert registers.form_papers(office_db)["receipt"] == "A5"
    assert registers.form_papers(office_db)["supplement"] == "A4"
    out = registers.print_form(office_db, d.id, "receipt", tmp_path / "a5.pdf")
    assert _size(out) == [420, 595]  # A5 portrait: 148 × 210 mm
    # a page opened later shows the choice; a clerk sees it but cannot change it
    clerk_page = SettingsPage(make_ctx("canbo1"))
    qtbot.addWidget(clerk_page)
    assert clerk_page.form_paper.paper("receipt") == "A5"
    assert not clerk_page.form_paper.boxes["receipt"].isEnabled()
    assert not clerk_page.form_paper.save.isEnabled()
