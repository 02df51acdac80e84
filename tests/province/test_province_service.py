"""Import of the province's dossier list (two vendor layouts, a TCVN3 CSV), idempotent
re-import, a later export that updates, online dossiers brought into the queue, and the
reconciliation of a data set with one planted difference of every kind."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from tthc_desk.domain.enums import DossierState, Role
from tthc_desk.domain.province import Difference
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Dossier, ProvinceRecord
from tthc_desk.services import auth, province
from tthc_desk.services.catalogue_import import unicode_to_tcvn3
from tthc_desk.services.dossiers import DocumentInput
from tthc_desk.services.intake import ApplicantInput, IntakeCommand, receive_dossier


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


IGATE = [
    "STT", "Số hồ sơ", "Mã thủ tục hành chính", "Tên thủ tục hành chính", "Chủ hồ sơ",
    "Hình thức nộp", "Ngày nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành",
    "Ngày trả kết quả", "Trạng thái", "Đơn vị xử lý",
]  # fmt: skip
MOTCUA = [
    "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Tổ chức, cá nhân", "Hình thức tiếp nhận",
    "Thời gian nộp", "Thời gian tiếp nhận", "Hạn giải quyết", "Thời gian hoàn thành",
    "Thời gian trả kết quả", "Tình trạng", "Cơ quan giải quyết",
]  # fmt: skip


def _ids(db: Database) -> dict[str, int]:
    with db.session() as s:
        from tthc_desk.persistence.models import Procedure

        return {p.code: p.id for p in s.scalars(select(Procedure))}


def _clerk(db: Database):  # type: ignore[no-untyped-def]
    return auth.sign_in(db, "canbo1", "matkhau123").actor


def _receive(db: Database, code: str, name: str, at: datetime, on_the_spot: bool = False) -> str:
    cmd = IntakeCommand(
        procedure_id=_ids(db)[code],
        applicant=ApplicantInput(full_name=name, is_organisation=True),
        documents=(DocumentInput("Tờ khai", "form"),),
        return_now=on_the_spot,
        collected_by=name if on_the_spot else "",
    )
    return receive_dossier(db, _clerk(db), cmd, now=Clock(at)).dossier.code


def _row(code, proc, name, channel, submitted, received, finished, returned, status):  # type: ignore[no-untyped-def]
    t = lambda v: v.strftime("%d/%m/%Y %H:%M") if v else ""  # noqa: E731
    return [
        code,
        proc,
        "",
        name,
        channel,
        t(submitted),
        t(received),
        "",
        t(finished),
        t(returned),
        status,
        "UBND xã An Sơn",
    ]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _xlsx_igate(path: Path, rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỒ SƠ"])  # a title line above the header, as exports have
    ws.append(IGATE)
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    wb.save(path)
    return path


@pytest.fixture
def planted(pdb: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Dossiers of the app and a province export with one difference of every kind."""
    db = pdb
    day = datetime(2026, 3, 2)
    at = lambda h, m=0, d=day: d.replace(hour=h, minute=m)  # noqa: E731
    admin = auth.sign_in(db, "admin", "matkhau123").actor
    province.save_book(
        db, admin, province.BookInput("Sổ đăng ký khai sinh", "birth", "01", ("1.001193",))
    )
    c = {
        "ok": _receive(db, "1.001193", "Lê Văn An", at(8), on_the_spot=True),
        "app_only": _receive(db, "1.004194", "Trần Văn Hai", at(9)),
        "status": _receive(db, "1.004194", "Hoàng Văn Ba", at(9, 30)),
        "late": _receive(db, "1.004194", "Đỗ Thị Bốn", at(10)),
        "returned": _receive(db, "2.000908", "Vũ Văn Năm", at(10, 30), on_the_spot=True),
        "doubtful": _receive(db, "1.004194", "Bùi Thị Sáu", at(11)),
        "no_line": _receive(db, "1.001193", "Phạm Thị Bảy", at(14), on_the_spot=True),
    }
    with db.session() as s:
        ok_id = s.scalar(select(Dossier.id).where(Dossier.code == c["ok"]))
    province.enter_in_book(db, _clerk(db), ok_id, 1, now=Clock(at(8, 5)))
    rows = [
        _row(c["ok"], "1.001193", "Lê Văn An", "Trực tiếp", None, at(8), at(8), at(8), "Đã trả kết quả"),
        _row(c["status"], "1.004194", "Hoàng Văn Ba", "Trực tiếp", None, at(9, 30), at(15), None, "Có kết quả"),
        _row(c["late"], "1.004194", "Đỗ Thị Bốn", "Trực tiếp", None, at(14), None, None, "Đang xử lý"),
        _row(c["returned"], "2.000908", "Vũ Văn Năm", "Trực tiếp", None, at(10, 30), at(10, 30),
             at(8, 0, datetime(2026, 3, 3)), "Đã trả kết quả"),
        _row("000.00.25.H23-260302-9999", "1.004194", "Bùi Thị Sáu", "Trực tiếp", None, at(11), None, None, "Đang xử lý"),
        _row(c["no_line"], "1.001193", "Phạm Thị Bảy", "Trực tiếp", None, at(14), at(14), at(14), "Đã trả kết quả"),
        _row("XANSON-260302-0777", "2.000908", "Lý Văn Bảy", "Trực tiếp", None, at(15), at(15), at(15), "Đã trả kết quả"),
        _row("XANSON-260303-0901", "1.004194", "Mai Thị Tám", "Trực tuyến", datetime(2026, 3, 3, 7), None, None, None, "Chờ tiếp nhận"),
    ]  # fmt: skip
    return db, c, rows, tmp_path


def test_two_layouts_and_a_legacy_csv_are_read(pdb: Database, tmp_path: Path) -> None:
    rows = [
        _row("XANSON-260302-0001", "1.004194", "Nguyễn Thị Đào", "Trực tuyến",
             datetime(2026, 3, 2, 7), datetime(2026, 3, 2, 8), None, None, "Đang xử lý"),
    ]  # fmt: skip
    x = province.preview_province(pdb, _xlsx_igate(tmp_path / "igate.xlsx", rows))
    assert x.layout == "igate" and x.count("new") == 1
    r = x.rows[0].row
    assert (
        r is not None
        and r.applicant == "Nguyễn Thị Đào"
        and r.received_at == datetime(2026, 3, 2, 8)
    )
    assert r.channel is not None and r.channel.value == "online"

    m = province.preview_province(pdb, _csv(tmp_path / "motcua.csv", MOTCUA, rows))
    assert m.layout == "motcua" and m.rows[0].row == r.__class__(**{**r.__dict__, "number": 2})

    legacy = tmp_path / "tcvn3.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([MOTCUA, rows[0]])
    text = buf.getvalue()
    legacy.write_bytes(unicode_to_tcvn3(text).encode("latin-1"))
    t = province.preview_province(pdb, legacy)
    assert t.encoding == "tcvn3"
    assert t.rows[0].row is not None and t.rows[0].row.applicant == "Nguyễn Thị Đào"


def test_bad_rows_are_refused_one_by_one(pdb: Database, tmp_path: Path) -> None:
    rows = [
        _row("XANSON-260302-0001", "1.004194", "A", "Trực tiếp", None, datetime(2026, 3, 2, 8), None, None, "Đang xử lý"),
        _row("XANSON-260302-0002", "1.004194", "B", "Trực tiếp", None, None, None, None, "Đang xử lý"),
        _row("XANSON-260302-0003", "1.004194", "C", "Trực tiếp", None, datetime(2026, 3, 2, 8), None, None, "??"),
        _row("XANSON-260302-0001", "1.004194", "A", "Trực tiếp", None, datetime(2026, 3, 2, 8), None, None, "Đang xử lý"),
        _row("=HYPERLINK(\"x\")", "1.004194", "D", "Trực tiếp", None, datetime(2026, 3, 2, 8), None, None, "Đang xử lý"),
    ]  # fmt: skip
    rows[1][6] = "31/02/2026 08:00"
    p = province.preview_province(pdb, _csv(tmp_path / "bad.csv", MOTCUA, rows))
    codes = [[x.code for x in r.problems] for r in p.rows]
    assert [r.action for r in p.rows] == ["new", "refused", "refused", "refused", "refused"]
    assert codes[1] == ["province.time.format"]
    assert codes[2] == ["province.status.unknown"]
    assert codes[3] == ["province.code.twice"]
    assert "province.code.format" in codes[4]


def test_reimport_is_idempotent_and_a_later_export_updates_with_history(planted) -> None:  # type: ignore[no-untyped-def]
    db, c, rows, tmp = planted
    clerk = _clerk(db)
    first = province.apply_province(
        db, clerk, province.preview_province(db, _csv(tmp / "a.csv", MOTCUA, rows))
    )
    assert (first.new, first.updated, first.refused) == (8, 0, 0)
    assert first.online_created == ("XANSON-260303-0901",)
    again = province.preview_province(db, _csv(tmp / "b.csv", MOTCUA, rows))
    assert again.count("unchanged") == 8 and again.count("new") == again.count("update") == 0
    second = province.apply_province(db, clerk, again)
    assert (second.new, second.updated, second.online_created) == (0, 0, ())

    later = [list(r) for r in rows]
    later[1][9] = "03/03/2026 09:00"  # the status dossier was returned on the province's side
    later[1][10] = "Đã trả kết quả"
    third = province.apply_province(
        db, clerk, province.preview_province(db, _csv(tmp / "c.csv", MOTCUA, later))
    )
    assert (third.new, third.updated) == (0, 1)
    with db.session() as s:
        rec = s.scalar(select(ProvinceRecord).where(ProvinceRecord.code == c["status"]))
        assert rec is not None and rec.status == "returned"
        assert rec.history is not None and len(rec.history) == 1
        assert rec.history[0]["status"] == "result_ready" and rec.history[0]["returned_at"] is None
        assert s.scalar(
            select(ProvinceRecord.id).where(ProvinceRecord.code == "XANSON-260303-0901")
        )


def test_online_dossier_from_the_list_waits_with_the_portal_clock(planted) -> None:  # type: ignore[no-untyped-def]
    db, _c, rows, tmp = planted
    province.apply_province(
        db, _clerk(db), province.preview_province(db, _csv(tmp / "a.csv", MOTCUA, rows))
    )
    with db.session() as s:
        d = s.scalar(select(Dossier).where(Dossier.code == "XANSON-260303-0901"))
        assert d is not None and d.state is DossierState.SUBMITTED_ONLINE
        assert d.submitted_at == datetime(2026, 3, 3, 7)
        # 8 working hours from the first working moment (07:30): 11:30 + 4 h after lunch
        assert d.reception_due_at == datetime(2026, 3, 3, 17, 30)


def test_every_planted_difference_is_found_exactly_once(planted) -> None:  # type: ignore[no-untyped-def]
    db, c, rows, tmp = planted
    province.apply_province(
        db, _clerk(db), province.preview_province(db, _csv(tmp / "a.csv", MOTCUA, rows))
    )
    r = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    found = {k: [f.code for f in r.of(k)] for k in Difference}
    assert found == {
        Difference.APP_ONLY: [c["app_only"]],
        Difference.PROVINCE_ONLY: ["XANSON-260302-0777"],
        Difference.STATUS: [c["status"]],
        Difference.RECEIVED_LATE: [c["late"]],
        Difference.RETURNED_TIME: [c["returned"]],
        Difference.NO_BOOK_LINE: [c["no_line"]],
        Difference.DOUBTFUL: [c["doubtful"]],
    }
    assert (r.app_total, r.province_total) == (8, 8)
    fields = {row.name: (row.app, row.province) for row in r.by_field}
    assert fields == {"Hộ tịch": (2, 2), "Cư trú": (5, 4), "Chứng thực": (1, 2)}
    assert [(b.name, b.app, b.province, b.paper) for b in r.by_book] == [
        ("Sổ đăng ký khai sinh", 2, 2, 1)
    ]

    # A person decides the doubtful pair: it is the same dossier; the difference goes away.
    doubt = r.of(Difference.DOUBTFUL)[0]
    assert doubt.record_id is not None
    province.decide_match(db, _clerk(db), doubt.record_id, doubt.dossier_id)
    after = province.reconcile(db, date(2026, 3, 1), date(2026, 3, 31))
    assert not after.of(Difference.DOUBTFUL) and len(after.findings) == 6


def test_book_lines_are_suggested_and_unique(planted) -> None:  # type: ignore[no-untyped-def]
    db, c, _rows, _tmp = planted
    with db.session() as s:
        no_line = s.scalar(select(Dossier.id).where(Dossier.code == c["no_line"]))
        other = s.scalar(select(Dossier.id).where(Dossier.code == c["status"]))
    assert no_line is not None and other is not None
    at = Clock(datetime(2026, 3, 2, 16))
    hint = province.book_line_for(db, no_line, now=at)
    assert hint is not None and (hint.line, hint.recorded) == (2, False)
    from tthc_desk.domain.errors import Conflict, ValidationError

    with pytest.raises(Conflict):
        province.enter_in_book(db, _clerk(db), no_line, 1, now=at)
    done = province.enter_in_book(db, _clerk(db), no_line, 2, now=at)
    assert (done.line, done.recorded) == (2, True)
    assert province.book_line_for(db, other, now=at) is None  # its procedure has no book
    with pytest.raises(ValidationError):
        province.enter_in_book(db, _clerk(db), other, 1, now=at)


def test_a_clerk_may_not_declare_books(pdb: Database) -> None:
    from tthc_desk.domain.errors import Forbidden

    with pytest.raises(Forbidden):
        province.save_book(pdb, _clerk(pdb), province.BookInput("Sổ chứng thực", "certification"))
    assert Role.CLERK  # the clerk keeps lines, the administrator declares books
