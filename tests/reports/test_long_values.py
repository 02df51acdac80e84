"""A long value never breaks a sheet: receipts, the register, the feedback results sheet and
the notices are drawn with 2,000 characters in every text field (words, and one unbroken
"word" as a pasted link would be) and still give a readable PDF; what does not fit a cell is
wrapped and then shortened with "…"."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tthc_desk.reports import forms, notices


def value(length: int, kind: str) -> str:
    if kind == "words":
        return ("Nguyễn Thị Hồng Nhung xã An Sơn " * 100)[:length]
    return ("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-chi-tiet.html?ma=1.00" * 40)[:length]


#: Not free text: enum values, generated codes and links (a QR code), the sheet's heading.
SKIP = {"kind", "timeliness", "dossier_code", "code", "url_template", "portal_url", "head"}
#: Free text the services let grow to 2,000 characters and more (a note, an address, an answer,
#: a document's or a procedure's name as the catalogue has it); names and titles stop at 500.
LONG = {
    "note", "address", "summary", "answer", "sender", "procedure_name", "handling_body",
    "returned_to", "publication_decision", "processing_time", "name",
}  # fmt: skip
PEOPLE = {"applicant", "officer", "signer", "handovers"}  # their names stop at 200


def stretch(data: Any, text: str, only: set[str] | None = None, inside: str = "") -> Any:
    """``data`` with its text fields (in nested data and tuples) replaced by ``text``."""
    if isinstance(data, str):
        return text if data else data
    if isinstance(data, tuple):
        return tuple(stretch(v, text, only, inside) for v in data)
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        changes = {}
        for f in dataclasses.fields(data):
            if not f.init or f.name in SKIP or (only is not None and inside in PEOPLE):
                continue
            current = getattr(data, f.name)
            if isinstance(current, str) and only is not None and f.name not in only:
                continue
            changes[f.name] = stretch(current, text, only, f.name)
        return dataclasses.replace(data, **changes)
    return data


SHEETS = [
    ("receipt", forms.render_receipt),
    ("supplement", forms.render_supplement_request),
    ("refusal", forms.render_refusal),
    ("apology", forms.render_apology),
    ("stop_notice", forms.render_stop_notice),
    ("control_sheet", forms.render_control_sheet),
    ("register", forms.render_register),
    ("notice", notices.render_notice),
    ("procedure_list", notices.render_procedure_list),
    ("feedback_contact", notices.render_feedback_contact),
    ("feedback_results", notices.render_feedback_results),
]


def _render(render, data: Any, out: Path) -> str:  # type: ignore[no-untyped-def]
    render(data, out)
    reader = PdfReader(str(out))
    assert 1 <= len(reader.pages) <= 400
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("kind", ["words", "unbroken"])
@pytest.mark.parametrize(("fixture", "render"), SHEETS, ids=[s[0] for s in SHEETS])
def test_every_text_field_at_200_characters(
    request, fixture: str, render, kind: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = stretch(request.getfixturevalue(fixture), value(200, kind))
    assert _render(render, data, tmp_path / f"{fixture}.pdf").strip()


@pytest.mark.parametrize("kind", ["words", "unbroken"])
@pytest.mark.parametrize(("fixture", "render"), SHEETS, ids=[s[0] for s in SHEETS])
def test_a_2000_character_value_is_wrapped_then_shortened(
    request, fixture: str, render, kind: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = stretch(request.getfixturevalue(fixture), value(2000, kind), only=LONG)
    text = _render(render, data, tmp_path / f"{fixture}.pdf")
    assert text.strip()
    if fixture in ("register", "feedback_results"):  # a table row may not outgrow a page
        assert "…" in text
