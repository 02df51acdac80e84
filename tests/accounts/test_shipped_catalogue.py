"""A new office starts with the shipped commune catalogue: each procedure carries its sources and
the mark "cần đối chiếu với quyết định công bố của tỉnh" until confirmed or edited."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from tthc_desk.persistence.db import Database
from tthc_desk.services import catalogue as cat
from tthc_desk.services.catalogue_seed import load_shipped_catalogue, shipped_catalogue_size
from tthc_desk.ui.catalogue_page import CataloguePage


def test_shipped_catalogue_is_loaded_marked_with_sources(office_db: Database, users) -> None:  # type: ignore[no-untyped-def]
    admin = users["admin"].actor
    assert load_shipped_catalogue(office_db, admin) == shipped_catalogue_size() == 47
    birth = cat.get_current_by_code(office_db, "1.001193")
    assert birth.needs_review
    assert birth.data.source and "http" in birth.data.source
    # Confirmed: the mark goes; edited: the new version has no mark either.
    assert not cat.confirm_procedure(office_db, admin, birth.id).needs_review
    death = cat.get_current_by_code(office_db, "1.000656")
    edited = cat.update_procedure(
        office_db, admin, death.id, replace(death.data, notes="Đã đối chiếu QĐ của tỉnh")
    )
    assert edited.version == 2 and not edited.needs_review
    # Loading again adds nothing (the codes are there).
    assert load_shipped_catalogue(office_db, admin) == 0


def test_catalogue_page_shows_the_mark_and_confirms(
    qtbot, office_db: Database, users, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    load_shipped_catalogue(office_db, users["admin"].actor)
    page = CataloguePage(make_ctx("admin"))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.search.setFocus()
    qtbot.keyClicks(page.search, "1.001193")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.current is not None)
    assert page.model.index(0, 5).data() == "Cần đối chiếu"
    # the tooltip has the cell's whole text (elided in a narrow column), then the mark
    assert (
        page.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
        == "Đăng ký khai sinh\nCần đối chiếu với quyết định công bố của tỉnh"
    )
    text = page.detail.toPlainText()
    assert "Cần đối chiếu với quyết định công bố của tỉnh." in text
    assert "Nguồn:" in text
    assert page.confirm_btn.isEnabled()
    page.confirm_btn.setFocus()
    qtbot.keyClick(page.confirm_btn, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.current is not None and not page.current.needs_review)
    assert page.model.index(0, 5).data() == ""
    assert not page.confirm_btn.isEnabled()
    assert "Cần đối chiếu" not in page.detail.toPlainText()

    clerk_page = CataloguePage(make_ctx("canbo1"))
    qtbot.addWidget(clerk_page)
    assert not clerk_page.confirm_btn.isEnabled()
