"""Every word of the 766 guide reaches the screen through the translator."""

from __future__ import annotations

from tthc_desk.domain import index766 as ix
from tthc_desk.ui.index766_titles import TITLES, guide_text


def test_every_guide_title_is_marked_for_translation() -> None:
    guide = ix.GUIDE
    titles = {g.title for g in guide.groups} | {r.title for r in guide.rules}
    for c in guide.criteria:
        titles |= {c.title} | {p.title for p in c.parts}
    assert titles - set(TITLES) == set()


def test_guide_titles_in_english(qapp) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.ui.i18n import install_translators

    install_translators(qapp, "en")
    try:
        assert guide_text("Mức độ hài lòng") == "Satisfaction"
    finally:
        install_translators(qapp, "vi")
    assert guide_text("Mức độ hài lòng") == "Mức độ hài lòng"
