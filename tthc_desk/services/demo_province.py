"""Demo: the commune's paper books with their lines, and the province's dossier list of the demo
period with the differences a real office meets, imported through the real service."""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from tthc_desk.domain.enums import Channel, DossierState
from tthc_desk.domain.province import STATE_AS_PROVINCE, ProvinceStatus
from tthc_desk.domain.text import fold
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Applicant, Dossier, Field, OfficeProfile, Procedure
from tthc_desk.services import province
from tthc_desk.services.common import Actor

#: (book name, kind, volume, words of the procedure names that go in it, or a field)
BOOKS = (
    ("Sổ đăng ký khai sinh", "birth", "01", ("dang ky khai sinh",), None),
    ("Sổ đăng ký kết hôn", "marriage", "01", ("dang ky ket hon",), None),
    ("Sổ đăng ký khai tử", "death", "01", ("dang ky khai tu",), None),
    ("Sổ chứng thực", "certification", "01", (), "chung thuc"),
)
HEADER = (
    "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Tổ chức, cá nhân", "Hình thức tiếp nhận",
    "Thời gian nộp", "Thời gian tiếp nhận", "Hạn giải quyết", "Thời gian hoàn thành",
    "Thời gian trả kết quả", "Tình trạng", "Cơ quan giải quyết",
)  # fmt: skip
STATUS_TEXT = {
    ProvinceStatus.SUBMITTED: "Chờ tiếp nhận",
    ProvinceStatus.PROCESSING: "Đang xử lý",
    ProvinceStatus.SUPPLEMENT: "Chờ bổ sung",
    ProvinceStatus.RESULT_READY: "Có kết quả",
    ProvinceStatus.RETURNED: "Đã trả kết quả",
    ProvinceStatus.REFUSED: "Từ chối",
    ProvinceStatus.STOPPED: "Dừng xử lý",
    ProvinceStatus.WITHDRAWN: "Rút hồ sơ",
}
CHANNEL_TEXT = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Bưu chính",
}


def _t(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def declare_books(db: Database, admin: Actor) -> dict[str, int]:
    """The office's civil-status and certification books, mapped to the catalogue."""
    with db.session() as s:
        procs = list(
            s.execute(
                select(Procedure.code, Procedure.name, Field.name)
                .join(Field, Field.id == Procedure.field_id)
                .where(Procedure.is_current.is_(True))
            )
        )
    made: dict[str, int] = {}
    for name, kind, volume, words, field in BOOKS:
        codes = tuple(
            sorted(
                {
                    code
                    for code, pname, fname in procs
                    if (field and fold(fname) == field)
                    or any(fold(pname).startswith(w) for w in words)
                }
            )
        )
        if codes:
            book = province.save_book(db, admin, province.BookInput(name, kind, volume, codes))
            made[book.name] = len(codes)
    return made


def write_lines(db: Database, admin: Actor, rng: random.Random) -> int:
    """Each returned dossier of a book's procedure gets the next line of its year, except a few
    the clerk forgot (they show on the reconciliation)."""
    books = province.list_books(db)
    codes = {c for b in books for c in b.procedure_codes}
    with db.session() as s:
        rows = list(
            s.execute(
                select(Dossier.id, Dossier.returned_at)
                .join(Procedure, Procedure.id == Dossier.procedure_id)
                .where(Dossier.state == DossierState.RETURNED, Procedure.code.in_(codes))
                .order_by(Dossier.returned_at, Dossier.id)
            )
        )
        written = 0
        next_line: dict[tuple[str, int], int] = {}
        for dossier_id, returned_at in rows:
            if rng.random() < 0.03:
                continue
            d = s.get(Dossier, dossier_id)
            assert d is not None and returned_at is not None
            book = next(b for b in books if d.procedure.code in b.procedure_codes)
            key = (book.name, returned_at.year)
            next_line[key] = next_line.get(key, 0) + 1
            province.record_line_in(s, d, admin, next_line[key], returned_at)
            written += 1
    return written


def province_rows(db: Database, rng: random.Random, now: datetime) -> list[tuple[str, ...]]:
    """The province's list of the demo period: the app's dossiers as the provincial software
    holds them, with a few not entered there, some status not updated, some received there
    late, a code typed differently, dossiers only on the province's side, and online dossiers
    submitted in the last hours that the counter has not received yet."""
    with db.session() as s:
        q = (
            select(
                Dossier.code,
                Procedure.code,
                Procedure.name,
                Applicant.full_name,
                Dossier.channel,
                Dossier.submitted_at,
                Dossier.received_at,
                Dossier.due_at,
                Dossier.finished_at,
                Dossier.returned_at,
                Dossier.state,
                Procedure.handling_body,
            )
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .order_by(Dossier.id)
        )
        dossiers = list(s.execute(q))
        office = s.scalar(select(OfficeProfile.code)) or "XA"
        online = list(
            s.execute(
                select(Procedure.code, Procedure.name, Procedure.handling_body).where(
                    Procedure.is_current.is_(True), Procedure.online_service != "none"
                )
            )
        )
    out: list[tuple[str, ...]] = []
    for code, pcode, pname, name, channel, sub, rec, due, fin, ret, state, body in dossiers:
        if rec is None and state is not DossierState.SUBMITTED_ONLINE:
            continue
        roll = rng.random()
        if roll < 0.015:
            continue  # not entered on the province's software
        status = STATE_AS_PROVINCE[state]
        if roll < 0.03 and status is ProvinceStatus.RETURNED:
            status, ret = ProvinceStatus.RESULT_READY, None  # return not recorded there
        if 0.03 <= roll < 0.04 and rec is not None:
            rec = rec + timedelta(hours=rng.choice((3, 20, 26)))  # entered there late
        if 0.04 <= roll < 0.043 and status is not ProvinceStatus.SUBMITTED:
            code = code.replace("-", ".", 1)  # the code typed differently
        out.append(
            (
                code, pcode, pname, name, CHANNEL_TEXT[channel], _t(sub), _t(rec), _t(due),
                _t(fin), _t(ret), STATUS_TEXT[status], body or "",
            )
        )  # fmt: skip
    day = now.strftime("%y%m%d")
    for i in range(3):  # on the province's side only (entered there by another office's clerk)
        pcode, pname, body = rng.choice(online)
        at = now - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 5))
        out.append(
            (
                f"{office}-{at:%y%m%d}-{900 + i:04d}", pcode, pname, "Trần Thị Mai", "Trực tiếp", "",
                _t(at), "", "", "", STATUS_TEXT[ProvinceStatus.PROCESSING], body or "",
            )
        )  # fmt: skip
    for i in range(2):  # submitted online in the last hours, not yet received at the counter
        pcode, pname, body = rng.choice(online)
        at = now - timedelta(hours=1 + i)
        out.append(
            (
                f"{office}-{day}-{950 + i:04d}", pcode, pname, ("Lê Văn Khánh", "Phạm Thị Yến")[i],
                "Trực tuyến", _t(at), "", "", "", "", STATUS_TEXT[ProvinceStatus.SUBMITTED],
                body or "",
            )
        )  # fmt: skip
    return out


def play_province(db: Database, admin: Actor, rng: random.Random, now: datetime) -> dict[str, int]:
    """Books, their lines, and the province's list imported (the reconciliation page then has
    something to show)."""
    books = declare_books(db, admin)
    lines = write_lines(db, admin, rng)
    rows = province_rows(db, rng, now)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "danh-sach-ho-so-tinh.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            writer.writerows(rows)
        preview = province.preview_province(db, path)
        report = province.apply_province(db, admin, preview, now=lambda: now)
    return {
        "province:books": len(books),
        "province:book_lines": lines,
        "province:rows": len(rows),
        "province:online_queued": len(report.online_created),
    }
