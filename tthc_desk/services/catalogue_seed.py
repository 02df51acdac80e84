"""Loads procedure records shaped like ``shared/data/procedures-commune.json`` into the catalogue."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tthc_desk.domain.enums import DocumentKind, OnlineService, TimeUnit
from tthc_desk.domain.text import fold, nfc
from tthc_desk.paths import resources_dir
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Procedure
from tthc_desk.services.calendar import calendar_from_session
from tthc_desk.services.catalogue import (
    EDITORS,
    DocumentSpec,
    FeeSpec,
    ProcedureInput,
    default_steps,
    insert_procedure,
    is_conditional,
    normalise,
)
from tthc_desk.services.common import Actor, Clock, audit, system_now

#: Units of the JSON records → (the catalogue's unit, whether ``amount`` counts)
UNITS: dict[str, TimeUnit] = {
    "ngày làm việc": TimeUnit.WORKING_DAYS,
    "ngày": TimeUnit.WORKING_DAYS,
    "giờ": TimeUnit.WORKING_HOURS,
    "giờ làm việc": TimeUnit.WORKING_HOURS,
    "trong ngày": TimeUnit.SAME_DAY,
    "ngay": TimeUnit.SAME_DAY,
}

_KINDS = {k.value: k for k in DocumentKind}

#: Fields served by the commune police or the military command at the counter.
_POLICE = ("cu tru", "xuat nhap canh", "can cuoc")
_MILITARY = ("nghia vu quan su", "quan su")


def local_code(name: str, field: str) -> str:
    """A stable local code for a record without a national one: ``XA-`` + initials + hash."""
    import hashlib

    digest = hashlib.sha1(fold(f"{field}|{name}").encode()).hexdigest()[:6].upper()
    return f"XA-{digest}"


def _time(record: Mapping[str, Any]) -> tuple[TimeUnit, float | None, int | None, str | None]:
    pt = record.get("processing_time")
    if not pt:
        return TimeUnit.WORKING_DAYS, None, None, None
    unit = UNITS.get(nfc(pt.get("unit")), TimeUnit.WORKING_DAYS)
    amount = pt.get("amount")
    cutoff = pt.get("cutoff_hour")
    note = pt.get("note")
    if unit is TimeUnit.SAME_DAY:
        return unit, None, int(cutoff) * 60 if cutoff is not None else None, note
    return unit, float(amount) if amount is not None else None, None, note


def _channels(channels: Iterable[str]) -> tuple[bool, bool, OnlineService]:
    names = [fold(c) for c in channels]
    counter = any(n.startswith("truc tiep") or n == "luu dong" for n in names)
    post = any("buu chinh" in n for n in names)
    online = OnlineService.NONE
    if any("toan trinh" in n for n in names):
        online = OnlineService.FULL
    elif any(n.startswith("truc tuyen") for n in names):
        online = OnlineService.PARTIAL
    return counter, post, online


def _vertical(field: str) -> str | None:
    folded = fold(field)
    if any(k in folded for k in _POLICE):
        return "police"
    if any(k in folded for k in _MILITARY):
        return "military"
    return None


def _fee(raw: Mapping[str, Any]) -> FeeSpec:
    amount = raw.get("amount_vnd")
    notes = []
    if amount is None and raw.get("example_amount_vnd") is not None:
        scope = raw.get("example_scope") or ""
        notes.append(
            f"Ví dụ: {raw['example_amount_vnd']:,} đồng".replace(",", ".")
            + (f" ({scope})" if scope else "")
        )
    if raw.get("channel"):
        notes.append(str(raw["channel"]))
    return FeeSpec(
        item=str(raw.get("item") or "Phí, lệ phí"),
        amount_vnd=None if amount is None else int(amount),
        exemption=raw.get("exemption"),
        note="; ".join(notes) or None,
    )


def record_to_input(record: Mapping[str, Any], hours_per_day: float) -> ProcedureInput:
    """One JSON record as a catalogue entry (with default internal steps that add up)."""
    name = nfc(record["name"])
    field = nfc(record.get("field") or "Khác")
    code = nfc(record.get("code")) or local_code(name, field)
    unit, amount, cutoff, note = _time(record)
    counter, post, online = _channels(record.get("channels") or [])
    documents = tuple(
        DocumentSpec(
            name=str(d["name"]),
            kind=_KINDS.get(str(d.get("kind")), DocumentKind.ORIGINAL),
            count=int(d.get("count") or 1),
            template_name=str(d["name"]) if d.get("kind") == "form" else None,
            note=d.get("note"),
            optional=is_conditional(d.get("note"), str(d["name"])),
        )
        for d in record.get("documents") or []
    )
    portal = None
    if record.get("code") and "dichvucong.gov.vn" in str(record.get("source") or ""):
        portal = str(record["source"])
    vertical = _vertical(field)
    sources = [str(record.get("source") or "")] + [
        str(s) for s in record.get("other_sources") or []
    ]
    data = ProcedureInput(
        code=code,
        name=name,
        field=field,
        time_unit=unit,
        time_amount=amount,
        cutoff_minutes=cutoff,
        time_note=note,
        level=nfc(record.get("level")) or "Cấp xã",
        channel_counter=counter,
        channel_post=post,
        online_service=online,
        eligible_applicants="Cá nhân, tổ chức" if "ho kinh doanh" in fold(field) else "Cá nhân",
        handling_body=record.get("agency") or "UBND cấp xã",
        legal_basis=tuple(str(x) for x in record.get("legal_basis") or []),
        result_name=record.get("result"),
        result_electronic=online is OnlineService.FULL,
        vertical_agency=vertical,
        certification=fold(field).startswith("chung thuc"),
        portal_url=portal,
        source="\n".join(s for s in sources if s) or None,
        notes=record.get("notes"),
        documents=documents,
        fees=tuple(_fee(f) for f in record.get("fees") or []),
    )
    # The police or military officer at the counter decides alone: no commune leader step.
    steps = default_steps(unit, amount, hours_per_day, leader=vertical is None)
    return normalise(replace(data, steps=steps))


def load_seed_procedures(
    db: Database,
    actor: Actor,
    records: Iterable[Mapping[str, Any]],
    now: Clock = system_now,
    *,
    needs_review: bool = False,
) -> int:
    """Add every record whose code is not in the catalogue yet (fields created as needed).

    Records without a national code get a stable local code (``XA-…``); records whose
    processing time is unknown are added without internal steps and show as incomplete.
    Returns the number of procedures added. One unit of work: all or nothing.
    """
    actor.require(*EDITORS)
    added = 0
    with db.session() as s:
        hours = calendar_from_session(s).hours_per_day
        at = now()
        known = set(s.scalars(select(Procedure.code)))
        for record in records:
            data = record_to_input(record, hours)
            if data.code in known:
                continue
            row = insert_procedure(s, actor, data, at, create_field=True)
            row.needs_review = needs_review
            known.add(data.code)
            added += 1
        audit(s, actor, "seed", "procedure", None, at=at, added=added)
    return added


def shipped_catalogue_path() -> Path:
    """The commune catalogue shipped with the app (47 real procedures, each with its source)."""
    return resources_dir() / "demo" / "procedures-commune.json"


def shipped_catalogue_size() -> int:
    return len(json.loads(shipped_catalogue_path().read_text(encoding="utf-8")))


def load_shipped_catalogue(db: Database, actor: Actor, now: Clock = system_now) -> int:
    """A new office starts with the shipped commune catalogue, every procedure marked "to be
    checked against the province's publication decision" until confirmed or edited. The
    province's own list can still be imported over it (Excel)."""
    records = json.loads(shipped_catalogue_path().read_text(encoding="utf-8"))
    return load_seed_procedures(db, actor, records, now, needs_review=True)
