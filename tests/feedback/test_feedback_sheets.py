"""The feedback results sheet and the contact notice, read back from the PDF with pypdf, through
the service and through the command line."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from tthc_desk.cli import run
from tthc_desk.persistence.models import AuditEntry
from tthc_desk.services import feedback as fbs


def _text(path: Path | str) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def _april(db, clerk, clock):  # type: ignore[no-untyped-def]
    """Three items received in April: one answered (named), one answered (anonymous), one open."""
    a = fbs.receive(db, clerk, fbs.ReceiveCommand(
        "counter", "Nguyễn Văn An", "Cán bộ hẹn trả kết quả khai sinh muộn.",
        publish_name="N.V. An", summary="Phản ánh việc hẹn trả kết quả muộn",
    ), clock.set(datetime(2026, 4, 6, 9, 0)))  # fmt: skip
    b = fbs.receive(db, clerk, fbs.ReceiveCommand(
        "phone", "Trần Thị Bình", "Đề nghị bố trí thêm ghế ngồi chờ.",
    ), clock.set(datetime(2026, 4, 8, 14, 0)))  # fmt: skip
    c = fbs.receive(db, clerk, fbs.ReceiveCommand(
        "email", "Lê Văn Cường", "Chưa rõ mức lệ phí chứng thực.",
    ), clock.set(datetime(2026, 4, 20, 8, 0)))  # fmt: skip
    fbs.answer(db, clerk, fbs.AnswerCommand(a.id, "Đã xin lỗi công dân và nhắc nhở cán bộ."),
               clock.set(datetime(2026, 4, 14, 10, 0)))  # fmt: skip
    fbs.answer(db, clerk, fbs.AnswerCommand(b.id, "Đã bố trí thêm 10 ghế tại Bộ phận Một cửa."),
               clock.set(datetime(2026, 4, 21, 15, 0)))  # fmt: skip
    return a, b, c


def test_results_sheet_lists_answered_items_with_dates(office_db, clerk, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _april(office_db, clerk, clock)
    out = tmp_path / "ket-qua.pdf"
    pdf = fbs.render_results(office_db, date(2026, 4, 1), date(2026, 4, 30), out,
                             issued_on=date(2026, 4, 30), actor=clerk)  # fmt: skip
    assert pdf.feedback_ids == (a.id, b.id) and pdf.pages >= 1
    text = _text(out)
    assert "KẾT QUẢ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ" in text
    assert "Từ ngày 01/04/2026 đến ngày 30/04/2026" in text
    assert "UBND XÃ AN SƠN" in text and "Nguyễn Đức Ngọc" in text  # the chairman signs
    # Named as agreed; the anonymous sender's name is not printed.
    assert "N.V. An" in text and "Giấu tên" in text and "Trần Thị Bình" not in text
    assert "Phản ánh việc hẹn trả kết quả muộn" in text  # the summary, not the full content
    assert "Đề nghị bố trí thêm ghế ngồi chờ." in text  # no summary: the content
    assert "Đã xin lỗi công dân và nhắc nhở cán bộ." in text
    assert "Đã bố trí thêm 10 ghế" in text
    for d in ("06/04/2026", "14/04/2026", "08/04/2026", "21/04/2026"):
        assert d in text
    assert "Chưa rõ mức lệ phí" not in text  # still open: not on the sheet
    # Publishing the printed items.
    assert fbs.publish_many(office_db, clerk, pdf.feedback_ids, clock) == 2


def test_results_sheet_for_an_empty_period(office_db, clerk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = fbs.render_results(
        office_db, date(2026, 1, 1), date(2026, 1, 31), tmp_path / "x.pdf", actor=clerk
    )
    assert pdf.feedback_ids == ()
    assert "Không có phản ánh, kiến nghị trong kỳ." in _text(pdf.path)


def test_cli_results_and_contact(office_db, clerk, clock, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _april(office_db, clerk, clock)
    db = str(office_db.engine.url.database)
    out = tmp_path / "kq.pdf"
    # the sheet names senders: refused without --user, then audited as the signed-in user
    monkeypatch.setattr("sys.stdin", open(os.devnull))
    monkeypatch.delenv("TTHC_PASSWORD", raising=False)
    assert run(["--db", db, "feedback", "results", "--from", "01/04/2026", "--to", "2026-04-30",
                "--out", str(out)]) == 1  # fmt: skip
    assert "--user" in capsys.readouterr().err and not out.exists()
    monkeypatch.setenv("TTHC_PASSWORD", "matkhau123")
    assert run(["--db", db, "feedback", "results", "--from", "01/04/2026", "--to", "2026-04-30",
                "--out", str(out), "--user", "canbo1"]) == 0  # fmt: skip
    assert "Đã in 2 phản ánh" in capsys.readouterr().out
    with office_db.session() as s:
        line = s.scalars(select(AuditEntry).where(AuditEntry.entity == "feedback_results")).one()
        assert line.user_id == clerk.user_id and line.action == "export"
        assert line.detail["rows"] == 2 and line.detail["file"] == "kq.pdf"
    assert "Đã bố trí thêm 10 ghế" in _text(out)
    contact = tmp_path / "tb.pdf"
    assert run(["--db", db, "feedback", "contact", "--out", str(contact)]) == 0
    text = _text(contact)
    assert "0220 3851 234" in text and "motcua@anson.gov.vn" in text
    assert "Thôn Đông, xã An Sơn" in text and "dichvucong.gov.vn" in text
    # A reversed period is refused with a Vietnamese sentence, exit code 1.
    assert run(["--db", db, "feedback", "results", "--from", "2026-05-01", "--to", "2026-04-01",
                "--out", str(out), "--user", "canbo1"]) == 1  # fmt: skip
    assert "Ngày bắt đầu phải trước" in capsys.readouterr().err
