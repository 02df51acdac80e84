"""The counter's printed forms from the database: data for forms 01–07 (receipt, supplement
request, refusal, apology, stop notice, control sheet, register), their PDFs, and the register's
export (PDF or XLSX) for any period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tthc_desk.domain.enums import DossierState, Role
from tthc_desk.domain.errors import AppError, ValidationError
from tthc_desk.domain.text import fold, nfc
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import (
    Applicant,
    Dossier,
    DossierEvent,
    Field,
    OfficeProfile,
    Procedure,
    StepRun,
    User,
)
from tthc_desk.reports import data as R
from tthc_desk.services import settings_store
from tthc_desk.services.auth import office_of
from tthc_desk.services.common import Actor, Clock, audit, system_now
from tthc_desk.services.dossiers import _load, processing_time_of, record_event
from tthc_desk.services.form_numbers import next_form_number

FORM_KINDS = ("receipt", "supplement", "refusal", "apology", "stop", "control")


# ============================================================================ common parts


PAPER_SETTING = "forms.paper"  # {form kind: "A4" | "A5"}; a form not listed prints on A4


def head_of(s: Session, issued_on: date, number: str = "", kind: str = "") -> R.SheetHead:
    o = s.scalar(select(OfficeProfile))
    form_set = R.FORM_SET_2018 if o is not None and o.forms_set == "2018" else R.FORM_SET_2025
    paper = "A4"
    if kind in R.A5_FORMS:
        chosen = settings_store.read(s, PAPER_SETTING, {}) or {}
        paper = "A5" if chosen.get(kind) == "A5" else "A4"
    return R.SheetHead(office_of(s), issued_on, number, form_set, paper)  # type: ignore[arg-type]


def form_papers(db: Database) -> dict[str, str]:
    """The paper of each form that may go on A5 (the office's choice; A4 by default)."""
    with db.session() as s:
        chosen = settings_store.read(s, PAPER_SETTING, {}) or {}
    return {kind: "A5" if chosen.get(kind) == "A5" else "A4" for kind in R.A5_FORMS}


def set_form_paper(
    db: Database, actor: Actor, kind: str, paper: str, now: Clock = system_now
) -> dict[str, str]:
    """Print form ``kind`` (one of forms 01–05) on ``paper`` from now on (administrators)."""
    actor.require(Role.ADMIN)
    if kind not in R.A5_FORMS:
        raise ValidationError("forms.paper.kind", field="kind", kind=kind)
    if paper not in R.PAPERS:
        raise ValidationError("forms.paper.size", field="paper", paper=paper)
    with db.session() as s:
        chosen = dict(settings_store.read(s, PAPER_SETTING, {}) or {})
        chosen[kind] = paper
        settings_store.write(s, actor, PAPER_SETTING, chosen, now())
    return form_papers(db)


def _applicant(a: Applicant) -> R.Applicant:
    return R.Applicant(
        name=a.full_name,
        address=a.address or "",
        phone=a.phone or "",
        email=a.email or "",
        personal_id=a.personal_id or "",
    )


def _user(s: Session, user_id: int | None) -> User | None:
    return s.get(User, user_id) if user_id is not None else None


def _signer(s: Session, user_id: int | None, title: str) -> R.Signer:
    u = _user(s, user_id)
    return R.Signer(title=title, name=u.full_name if u else "")


def _last_event(d: Dossier, *kinds: str) -> DossierEvent | None:
    for e in reversed(d.events):
        if e.kind in kinds:
            return e
    return None


def _event_or_raise(d: Dossier, *kinds: str) -> DossierEvent:
    """The dossier's last event of these kinds; none means it never went that way."""
    ev = _last_event(d, *kinds)
    if ev is None:
        raise AppError("dossier.transition")
    return ev


def sheet_number(ev: DossierEvent) -> str:
    """The number the action gave its form ("03/YCBS"); older events held the form's template
    number ("04") instead, which is not a sheet number."""
    number = ev.form_number or ""
    return number if "/" in number else ""


def receipt_number(d: Dossier) -> str:
    """The number printed on the dossier's receipt (form 01)."""
    return f"{d.code}/TNHS"


def receipt_appointment(d: Dossier) -> datetime | None:
    """The appointment printed on the latest receipt (not a later apology's new date)."""
    ev = _last_event(d, "received", "supplement_received")
    data = (ev.data or {}) if ev is not None else {}
    printed = data.get("new_due_at") or data.get("due_at")
    if printed:
        return datetime.fromisoformat(str(printed))
    return d.original_due_at or d.due_at


def handling_body(catalogued: str | None, office: R.Office) -> str:
    """The body that handles this dossier: the catalogue may list every body that can handle
    the procedure ("UBND cấp xã; tổ chức hành nghề công chứng; …"); at the commune's counter
    that is the commune's People's Committee. A single named body is kept as it is."""
    text = nfc(catalogued or "").strip()
    parts = [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]
    if len(parts) != 1:
        return office.formal_name
    folded = fold(parts[0])
    if "cap xa" in folded or "xa, phuong" in folded or folded in ("ubnd xa", "uy ban nhan dan xa"):
        return office.formal_name
    return parts[0]


def competent_signer(s: Session, acted_by: int | None) -> R.Signer:
    """Who signs for the People's Committee (forms 04 and 05): the leader who acted, else the
    chairman, else a deputy ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); users with the leader role."""
    leaders = list(
        s.scalars(
            select(User).where(User.role == Role.LEADER, User.active.is_(True)).order_by(User.id)
        )
    )

    def deputy(u: User) -> bool:
        return "pho chu tich" in fold(u.title or "")

    actor = next((u for u in leaders if u.id == acted_by), None)
    chairman = next((u for u in leaders if not deputy(u)), None)
    signer = actor or chairman or (leaders[0] if leaders else None)
    if signer is not None and deputy(signer):
        return R.Signer("PHÓ CHỦ TỊCH", signer.full_name, on_behalf="KT. CHỦ TỊCH", hint="")
    return R.Signer(
        "CHỦ TỊCH", signer.full_name if signer else "", on_behalf="TM. ỦY BAN NHÂN DÂN", hint=""
    )


def control_number(d: Dossier) -> str:
    """The control sheet's number, given at its first print (reprints keep it)."""
    for e in reversed(d.events):
        if e.kind == "printed" and (e.data or {}).get("form") == "control" and e.form_number:
            return e.form_number
    return ""


def processing_time_words(p: Procedure) -> str:
    pt = processing_time_of(p)
    if pt.unit == "same_day":
        cutoff = p.cutoff_minutes if p.cutoff_minutes is not None else 900
        return R.describe_processing_time(None, "trong ngày", cutoff // 60)
    unit = "ngày làm việc" if pt.unit == "working_days" else "giờ làm việc"
    return R.describe_processing_time(pt.amount, unit)


def _dossier_parts(s: Session, dossier_id: int) -> tuple[Dossier, Procedure, Applicant]:
    d = _load(s, dossier_id)
    p = s.get(Procedure, d.procedure_id)
    a = s.get(Applicant, d.applicant_id)
    assert p is not None and a is not None
    return d, p, a


# ============================================================================ forms 01–06


def receipt_data(db: Database, dossier_id: int) -> R.ReceiptData:
    """Form 01 of the latest reception (a complete dossier after a supplement gets a new one)."""
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        ev = _last_event(d, "received", "supplement_received")
        at = ev.at if ev else (d.received_at or d.created_at)
        due = receipt_appointment(d) or at
        f = s.get(Field, d.field_id)
        note = d.note or ""
        post_address = ""
        for line in note.splitlines():
            if line.startswith("Địa chỉ nhận kết quả: "):
                post_address = line.split(": ", 1)[1]
        return R.ReceiptData(
            head=head_of(s, at.date(), receipt_number(d), "receipt"),
            dossier_code=d.code,
            applicant=_applicant(a),
            procedure_code=p.code,
            procedure_name=d.subject or p.name,
            documents=tuple(
                R.DocumentLine(r.name, r.kind.value, r.count) for r in d.received_documents
            ),
            processing_time=processing_time_words(p),
            received_at=at,
            due_at=due,
            officer=_signer(s, ev.user_id if ev else d.received_by_id, "NGƯỜI TIẾP NHẬN HỒ SƠ"),
            sets=d.sets_count or 1,
            pickup="post" if d.result_delivery.value == "post" else "counter",
            pickup_address=post_address or (a.address or ""),
            register_book=(f.register_book or "") if f else "",
            register_line=d.code.rsplit("-", 1)[-1],
        )


def supplement_request_data(db: Database, dossier_id: int) -> R.SupplementRequestData:
    """Form 02 from the latest supplement request."""
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        ev = _event_or_raise(d, "supplement_requested")
        data: dict[str, Any] = dict(ev.data or {})
        items = tuple(
            R.SupplementItem(
                name=str(i.get("name", "")),
                originals=int(i.get("originals", 0)),
                certified_copies=int(i.get("certified_copies", 0)),
                copies=int(i.get("copies", 0)),
                note=str(i.get("note", "")),
            )
            for i in data.get("items", [])
        )
        officer = _user(s, ev.user_id)
        return R.SupplementRequestData(
            head=head_of(s, ev.at.date(), sheet_number(ev), "supplement"),
            dossier_code=d.code,
            applicant=_applicant(a),
            procedure_name=p.name,
            items=items,
            reason=ev.reason or "",
            contact_name=str(data.get("contact_name") or (officer.full_name if officer else "")),
            contact_phone=str(
                data.get("contact_phone")
                or (officer.phone if officer else "")
                or office_of(s).phone  # the office's phone when the officer has none
            ),
            officer=R.Signer("NGƯỜI HƯỚNG DẪN", officer.full_name if officer else ""),
        )


def refusal_data(db: Database, dossier_id: int) -> R.RefusalData:
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        ev = _event_or_raise(d, "refused")
        return R.RefusalData(
            head=head_of(s, ev.at.date(), sheet_number(ev), "refusal"),
            applicant=_applicant(a),
            procedure_name=p.name,
            reason=ev.reason or "",
            officer=_signer(s, ev.user_id, "NGƯỜI TIẾP NHẬN HỒ SƠ"),
            dossier_code=d.code,
        )


def apology_data(db: Database, dossier_id: int) -> R.ApologyData:
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        ev = _event_or_raise(d, "apology")
        data = dict(ev.data or {})
        return R.ApologyData(
            head=head_of(s, ev.at.date(), sheet_number(ev), "apology"),
            applicant=_applicant(a),
            dossier_code=d.code,
            procedure_name=p.name,
            received_at=d.received_at or d.created_at,
            due_at=datetime.fromisoformat(str(data["previous_due_at"])),
            reason=ev.reason or "",
            new_due_at=datetime.fromisoformat(str(data["new_due_at"])),
            signer=competent_signer(s, ev.user_id),
        )


def stop_notice_data(db: Database, dossier_id: int) -> R.StopNoticeData:
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        ev = _event_or_raise(d, "stopped")
        data = dict(ev.data or {})
        return R.StopNoticeData(
            head=head_of(s, ev.at.date(), sheet_number(ev), "stop"),
            applicant=_applicant(a),
            dossier_code=d.code,
            procedure_name=p.name,
            received_at=d.received_at or d.created_at,
            reason=ev.reason or "",
            legal_basis=str(data.get("legal_basis") or ""),
            applicant_options=str(data.get("applicant_options") or ""),
            signer=competent_signer(s, ev.user_id),
        )


def control_sheet_data(db: Database, dossier_id: int) -> R.ControlSheetData:
    """Form 06: one row per handover, each with the timeliness of the step handed over."""
    with db.session() as s:
        d, p, a = _dossier_parts(s, dossier_id)
        steps: list[StepRun] = [st for st in d.steps if st.position > 0]
        rows: list[R.Handover] = []
        counter_unit = office_of(s).unit_formal  # the office's setting (NĐ 118/2025)
        for i, st in enumerate(steps):
            if st.finished_at is None:
                continue
            giver = _user(s, st.officer_id)
            nxt = steps[i + 1] if i + 1 < len(steps) else None
            receiver = _user(s, nxt.officer_id) if nxt is not None else None
            rows.append(
                R.Handover(
                    giver_name=giver.full_name if giver else "",
                    giver_unit=(giver.title or "") if giver else "",
                    receiver_name=receiver.full_name if receiver else "",
                    receiver_unit=(receiver.title or "") if receiver else counter_unit,
                    at=st.finished_at,
                    timeliness=st.timeliness,
                    note=st.name,
                )
            )
        return R.ControlSheetData(
            head=head_of(s, (d.received_at or d.created_at).date(), control_number(d)),
            dossier_code=d.code,
            applicant=_applicant(a),
            procedure_name=p.name,
            handling_body=handling_body(p.handling_body, office_of(s)),
            handovers=tuple(rows),
            receipt_number=receipt_number(d) if d.received_at is not None else "",
            received_at=d.received_at,
            due_at=receipt_appointment(d),
        )


def form_data(db: Database, dossier_id: int, kind: str) -> object:
    """The data of one form of a dossier: ``kind`` in :data:`FORM_KINDS`."""
    builders = {
        "receipt": receipt_data,
        "supplement": supplement_request_data,
        "refusal": refusal_data,
        "apology": apology_data,
        "stop": stop_notice_data,
        "control": control_sheet_data,
    }
    return builders[kind](db, dossier_id)


def render(data: object, out: Path | BinaryIO) -> None:
    """Write the PDF of a form's data with the reports' renderers."""
    from tthc_desk.reports import forms

    renderers = {
        R.ReceiptData: forms.render_receipt,
        R.SupplementRequestData: forms.render_supplement_request,
        R.RefusalData: forms.render_refusal,
        R.ApologyData: forms.render_apology,
        R.StopNoticeData: forms.render_stop_notice,
        R.ControlSheetData: forms.render_control_sheet,
        R.RegisterData: forms.render_register,
    }
    renderers[type(data)](data, out)  # type: ignore[operator]


def print_form(db: Database, dossier_id: int, kind: str, out: Path) -> Path:
    """Build and write one form of a dossier as a PDF; returns the path."""
    render(form_data(db, dossier_id, kind), out)
    return out


def reserve_copy_path(folder: Path, stem: str) -> Path:
    """A new file ``stem.pdf``, else ``stem-2.pdf``, ``stem-3.pdf`` … created empty and
    exclusively, so a reprint never overwrites an earlier copy (two prints at once included)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
        try:
            with path.open("xb"):
                return path
        except FileExistsError:
            n += 1


def print_copy(
    db: Database,
    actor: Actor,
    dossier_id: int,
    kind: str,
    folder: Path,
    now: Clock = system_now,
) -> Path:
    """Write a new printed copy of one form into ``folder`` (earlier copies stay) and write
    into the dossier's history which form was printed, when, by whom and to which file."""
    data = form_data(db, dossier_id, kind)
    if isinstance(data, R.ControlSheetData) and not data.head.number:
        with db.session() as s:  # the first print numbers the sheet; reprints keep the number
            d = _load(s, dossier_id)
            year = (d.received_at or d.created_at).year
            number = next_form_number(s, "control", year)
        data = replace(data, head=replace(data.head, number=number))
    code = getattr(data, "dossier_code", "") or str(dossier_id)
    path = reserve_copy_path(folder, f"{code}-{kind}")
    try:
        render(data, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    head = getattr(data, "head", None)
    with db.session() as s:
        d = _load(s, dossier_id)
        record_event(
            s,
            d,
            actor,
            "printed",
            now(),
            form_number=(head.number or None) if head is not None else None,
            form=kind,
            file=path.name,
        )
    return path


# ============================================================================ form 07


@dataclass(frozen=True)
class RegisterSummary:
    path: Path
    lines: int


_STATE_NOTES = {
    DossierState.REFUSED: "Từ chối",
    DossierState.WITHDRAWN: "Rút hồ sơ",
    DossierState.STOPPED: "Dừng giải quyết",
}
_RESULT_STATES = (DossierState.RESULT_READY, DossierState.RETURNED)


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ValidationError("register.period", field="period")
    return datetime.combine(date_from, time.min), datetime.combine(
        date_to + timedelta(days=1), time.min
    )


def _register_query(start: datetime, end: datetime) -> Any:
    """One query for the whole register: plain columns, the first handover by a grouped
    subquery (no ORM objects, no query per dossier)."""
    first_handover = (
        select(DossierEvent.dossier_id, func.min(DossierEvent.at).label("at"))
        .where(DossierEvent.kind == "handover")
        .group_by(DossierEvent.dossier_id)
        .subquery()
    )
    return (
        select(
            Dossier.code,
            Dossier.state,
            Dossier.apology_issued,
            Dossier.supplement_count,
            Dossier.received_at,
            Dossier.original_due_at,
            Dossier.due_at,
            Dossier.sets_count,
            Dossier.finished_at,
            Dossier.returned_at,
            Dossier.collected_by,
            Dossier.timeliness,
            Procedure.name,
            Procedure.handling_body,
            Applicant.full_name,
            Applicant.address,
            Applicant.phone,
            first_handover.c.at,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Applicant, Applicant.id == Dossier.applicant_id)
        .outerjoin(first_handover, first_handover.c.dossier_id == Dossier.id)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
        .order_by(Dossier.received_at, Dossier.id)
    )


def _register_lines(s: Session, start: datetime, end: datetime) -> Iterator[R.RegisterLine]:
    """The register's lines in order, fetched in batches as they are drawn."""
    office = office_of(s)
    bodies: dict[str | None, str] = {}
    rows = s.execute(_register_query(start, end).execution_options(yield_per=1000))
    for n, row in enumerate(rows, 1):
        (code, state, apology, supplements, received, original_due, due, sets, finished,
         returned, collected_by, timeliness, pname, body, name, address, phone, passed) = row  # fmt: skip
        notes = [_STATE_NOTES[state]] if state in _STATE_NOTES else []
        if apology:
            notes.append("Đã xin lỗi, hẹn lại")
        if supplements:
            notes.append(f"Bổ sung {supplements} lần")
        if body not in bodies:
            bodies[body] = handling_body(body, office)
        yield R.RegisterLine(
            number=n,
            dossier_code=code,
            procedure_name=pname,
            applicant_name=name,
            address=address or "",
            phone=phone or "",
            handling_body=bodies[body],
            received_at=received,
            due_at=original_due or due or received,
            sets=sets or 1,
            passed_at=passed,
            result_back_at=finished if state in _RESULT_STATES else None,
            returned_at=returned,
            returned_to=collected_by or "",
            timeliness=timeliness,
            note="; ".join(notes),
        )


def _register_head(s: Session, date_from: date, date_to: date) -> R.RegisterData:
    return R.RegisterData(
        head=head_of(s, date_to),
        period_from=date_from,
        period_to=date_to,
        lines=(),
        book=str(date_from.year),
    )


def register_data(db: Database, date_from: date, date_to: date) -> R.RegisterData:
    """Form 07: every dossier received in the period (online ones once received), in order."""
    start, end = _period(date_from, date_to)
    with db.session() as s:
        data = _register_head(s, date_from, date_to)
        return replace(data, lines=tuple(_register_lines(s, start, end)))


def export_register(
    db: Database,
    date_from: date,
    date_to: date,
    out: Path,
    actor: Actor | None = None,
    task: Any = None,
) -> RegisterSummary:
    """Write the register of a period as ``.pdf`` (form 07) or ``.xlsx``, streaming the rows
    from one query into the file (flat memory); ``task`` (the runner's) gets progress and may
    cancel (the unfinished file is removed). The register holds citizens' personal data: the
    export is audited (who, period, rows)."""
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationError("register.format", field="out", name=out.name)
    start, end = _period(date_from, date_to)
    out.parent.mkdir(parents=True, exist_ok=True)
    with db.session() as s:
        total = s.scalar(
            select(func.count()).where(Dossier.received_at >= start, Dossier.received_at < end)
        )
        data = _register_head(s, date_from, date_to)

        def on_line(done: int) -> None:
            if task is not None and (done % 200 == 0 or done == total):
                task.check()
                task.progress(done, total or 0)

        lines = _register_lines(s, start, end)
        try:
            if suffix == ".pdf":
                from tthc_desk.reports.forms import write_register_pdf

                count = write_register_pdf(data, lines, out, on_line)
            else:
                from tthc_desk.reports.register_xlsx import write_register_xlsx

                count = write_register_xlsx(data, lines, out, on_line)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    audit_export(db, actor, "register", count, out, start=str(date_from), end=str(date_to))
    return RegisterSummary(out, count)


def audit_export(
    db: Database, actor: Actor | None, what: str, rows: int, out: Path, **more: str
) -> None:
    """One audit line for an export of personal data: who, what, how many rows, where to."""
    with db.session() as s:
        audit(s, actor, "export", what, None, rows=rows, file=out.name, **more)
