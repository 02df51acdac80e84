"""Generate a five-year commune database for the board benchmarks (60,000 dossiers, ~250,000
step runs) with bulk Core ``insert()`` executemany. Ends today, so the last weeks are open.

    /work/.venv/bin/python benchmarks/gen_commune_db.py /tmp/commune5y.sqlite3
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time as _time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tthc_desk.domain.calendar import WorkingCalendar  # noqa: E402
from tthc_desk.domain.deadlines import ProcessingTime, due_at, timeliness  # noqa: E402
from tthc_desk.domain.dossier_rules import format_code  # noqa: E402
from tthc_desk.domain.enums import Role  # noqa: E402
from tthc_desk.domain.personal_id import PROVINCE_CODES  # noqa: E402
from tthc_desk.domain.text import fold  # noqa: E402
from tthc_desk.persistence.db import Database  # noqa: E402
from tthc_desk.persistence.models import (  # noqa: E402
    Applicant,
    DailySequence,
    Dossier,
    DossierEvent,
    Field,
    Procedure,
    ProcessStep,
    RequiredDocument,
    StepRun,
)
from tthc_desk.services import auth  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "resources" / "demo" / "procedures-commune.json"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hoàng", "Thu", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
    "Đức",
    "Hạnh",
]
HAMLETS = ["Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Hạ"]
# share of dossiers per field (a commune's counter: certification and civil status dominate)
FIELD_WEIGHTS = {
    "chứng thực": 45,
    "hộ tịch": 25,
    "cư trú": 12,
    "bảo trợ xã hội": 6,
    "nghĩa vụ quân sự": 3,
    "đất đai": 3,
}


def _pt(rec: dict) -> tuple[str, float | None, int | None]:
    pt = rec.get("processing_time") or {}
    unit, amount = pt.get("unit"), pt.get("amount")
    if unit in ("ngày làm việc", "ngày") and amount:
        return "working_days", float(amount), None
    if unit == "giờ" and amount:
        return "working_hours", float(amount), None
    return "same_day", None, 900


def build(path: Path, dossiers: int, years: float, seed: int) -> dict[str, float]:
    t0 = _time.perf_counter()
    rnd = random.Random(seed)
    if path.exists():
        path.unlink()
    db = Database.open(path)
    admin = auth.first_run_setup(
        db,
        auth.OfficeInput("UBND xã An Sơn", "XANSON", "Thôn Đông, xã An Sơn", "Hải Dương"),
        auth.UserInput("admin", "Trần Văn Quản", Role.ADMIN, "matkhau123", "matkhau123"),
    )
    staff = [
        ("canbo1", "Nguyễn Thị Hoa", Role.CLERK),
        ("canbo2", "Phạm Văn Khánh", Role.CLERK),
        ("tuphap", "Lê Văn Tư", Role.OFFICER),
        ("diachinh", "Đỗ Minh Tâm", Role.OFFICER),
        ("vhxh", "Bùi Thị Yến", Role.OFFICER),
        ("congan", "Hồ Quang Hải", Role.OFFICER),
        ("chutich", "Nguyễn Đức Ngọc", Role.LEADER),
    ]
    ids: dict[Role, list[int]] = {r: [] for r in Role}
    for username, name, role in staff:
        u = auth.create_user(
            db, admin.actor, auth.UserInput(username, name, role, "matkhau123", "matkhau123")
        )
        ids[role].append(u.id)
    cal = WorkingCalendar()
    end = datetime.now().replace(second=0, microsecond=0)
    start = end - timedelta(days=int(365 * years))
    records = json.loads(DATA.read_text(encoding="utf-8"))
    with db.engine.begin() as conn:
        fields: dict[str, int] = {}
        procs = []  # (id, field name, unit, amount, steps [(id, name, role, hours)])
        pid = sid = 0
        for i, rec in enumerate(records):
            fname = rec["field"]
            if fname not in fields:
                fields[fname] = len(fields) + 1
                conn.execute(
                    insert(Field),
                    [dict(id=fields[fname], name=fname, name_folded=fold(fname), active=True)],
                )
            pid += 1
            unit, amount, cutoff = _pt(rec)
            code = rec["code"] or f"9.{i:06d}"
            conn.execute(
                insert(Procedure),
                [
                    dict(
                        id=pid,
                        code=code,
                        version=1,
                        is_current=True,
                        status="active",
                        name=rec["name"],
                        search_key=fold(f"{code} {rec['name']}"),
                        field_id=fields[fname],
                        level="Cấp xã",
                        channel_counter=True,
                        channel_post=False,
                        online_service="full"
                        if any("trực tuyến" in c for c in rec["channels"])
                        else "none",
                        online_payment=False,
                        time_amount=amount,
                        time_unit=unit,
                        cutoff_minutes=cutoff,
                        result_electronic=False,
                        interagency=False,
                        certification=fname.lower() == "chứng thực",
                        created_at=start,
                    )
                ],
            )
            docs = [
                dict(
                    procedure_id=pid,
                    position=j,
                    name=d["name"],
                    kind=d["kind"],
                    count=d.get("count") or 1,
                    optional=False,
                )
                for j, d in enumerate(rec["documents"], 1)
            ]
            if docs:
                conn.execute(insert(RequiredDocument), docs)
            total = (amount or 1) * 8 if unit == "working_days" else (amount or 4)
            shape = (
                [
                    ("Tiếp nhận", Role.CLERK, 0.5),
                    ("Giải quyết", Role.OFFICER, 2),
                    ("Ký", Role.LEADER, 1),
                    ("Trả kết quả", Role.CLERK, 0.5),
                ]
                if unit == "same_day"
                else [
                    ("Tiếp nhận, chuyển hồ sơ", Role.CLERK, total / 8),
                    ("Thẩm định", Role.OFFICER, total * 4 / 8),
                    ("Trình ký", Role.OFFICER, total / 8),
                    ("Ký duyệt", Role.LEADER, total / 8),
                    ("Vào sổ, trả kết quả", Role.CLERK, total / 8),
                ]
            )
            steps = []
            for j, (name, role, hours) in enumerate(shape, 1):
                sid += 1
                steps.append((sid, name, role, hours))
                conn.execute(
                    insert(ProcessStep),
                    [
                        dict(
                            id=sid,
                            procedure_id=pid,
                            position=j,
                            name=name,
                            role=role.value,
                            hours=hours,
                        )
                    ],
                )
            procs.append((pid, fname.lower(), unit, amount, steps))
        weights = [FIELD_WEIGHTS.get(p[1], 1) for p in procs]

        applicants = []
        pids = list(PROVINCE_CODES)
        n_app = dossiers // 2
        for a in range(1, n_app + 1):
            year = rnd.randint(1940, 2006)
            number = (
                ("030" if rnd.random() < 0.8 else rnd.choice(pids))
                + str((year // 100 - 19) * 2 + rnd.randint(0, 1))
                + f"{year % 100:02d}"
                + f"{a:06d}"
            )
            name = f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
            applicants.append(
                dict(
                    id=a,
                    personal_id=number,
                    is_organisation=False,
                    full_name=name,
                    name_folded=fold(name),
                    birth_year=year,
                    address=f"{rnd.choice(HAMLETS)}, xã An Sơn",
                    phone=f"09{rnd.randint(10000000, 99999999)}",
                    created_at=start,
                    updated_at=start,
                )
            )
        for k in range(0, len(applicants), 5000):
            conn.execute(insert(Applicant), applicants[k : k + 5000])

        # dossier instants: working days spread evenly over the period
        days = [start.date() + timedelta(days=k) for k in range((end.date() - start.date()).days)]
        days = [d for d in days if cal.is_working_day(d)]
        per_day = dossiers / len(days)
        d_rows, s_rows, e_rows, seq_rows = [], [], [], []
        did = 0
        counts = {"steps": 0, "events": 0}
        carry = 0.0
        for day in days:
            carry += per_day
            n_today = int(carry)
            carry -= n_today
            if n_today == 0:
                continue
            seq_rows.append(dict(day=day, last_number=n_today))
            times = sorted(
                datetime.combine(day, datetime.min.time())
                + timedelta(minutes=rnd.choice([rnd.randint(450, 690), rnd.randint(810, 1050)]))
                for _ in range(n_today)
            )
            for n, at in enumerate(times, 1):
                if at > end:
                    break
                did += 1
                pid_, fname, unit, amount, steps = rnd.choices(procs, weights)[0]
                pt = (
                    ProcessingTime.days(amount)
                    if unit == "working_days"
                    else ProcessingTime.hours(amount)
                    if unit == "working_hours"
                    else ProcessingTime.same_day()
                )
                due = due_at(cal, at, pt)
                app = applicants[rnd.randrange(n_app)]
                code = format_code("XANSON", day, n)
                online = rnd.random() < 0.4
                # walk the steps: most on time, some late
                t = at
                officer = ids[Role.CLERK][0]
                open_state = None
                runs = []
                for pos, (ps_id, sname, role, hours) in enumerate(steps, 1):
                    who = rnd.choice(ids[role])
                    sdue = cal.add_working_hours(t, hours)
                    used = hours * (
                        rnd.uniform(0.2, 0.9) if rnd.random() > 0.08 else rnd.uniform(1.05, 1.6)
                    )
                    fin = cal.add_working_hours(t, used)
                    if fin > end:
                        open_state = "in_progress" if pos > 1 else "received"
                        runs.append((ps_id, pos, sname, who, t, sdue, None, None))
                        officer = who
                        break
                    runs.append((ps_id, pos, sname, who, t, sdue, fin, timeliness(fin, sdue).value))
                    t, officer = fin, who
                if open_state is None:
                    state, finished = "returned", t
                    judged = timeliness(finished, due).value
                    returned = cal.add_working_hours(finished, rnd.uniform(0.5, 16))
                    if returned > end:
                        state, returned = "result_ready", None
                else:
                    state, finished, judged, returned = open_state, None, None, None
                    r = rnd.random()
                    if r < 0.05:
                        state = "paused"
                    elif r < 0.09:
                        state = "supplement_requested"
                d_rows.append(
                    dict(
                        id=did,
                        code=code,
                        procedure_id=pid_,
                        field_id=fields_id(procs, pid_, fields, records),
                        applicant_id=app["id"],
                        state=state,
                        channel="online" if online else "counter",
                        own_account=(rnd.random() < 0.8) if online else None,
                        submitted_at=at - timedelta(hours=rnd.randint(1, 20)) if online else None,
                        received_at=at,
                        due_at=due,
                        finished_at=finished,
                        returned_at=returned,
                        collected_by=app["full_name"] if returned else None,
                        timeliness=judged,
                        supplement_count=1 if state == "supplement_requested" else 0,
                        pause_count=0,
                        apology_issued=False,
                        sets_count=1,
                        fee_amount=0,
                        payment_method="none",
                        result_delivery="counter",
                        result_electronic=False,
                        result_to_citizen_account=False,
                        synced_to_portal=True,
                        current_officer_id=officer,
                        received_by_id=ids[Role.CLERK][0],
                        paused_at=end if state in ("paused", "supplement_requested") else None,
                        remaining_minutes=cal.working_minutes_between(end, due)
                        if state in ("paused", "supplement_requested")
                        else None,
                        search_key=fold(
                            f"{code} {app['full_name']} {app['personal_id']} {app['phone']}"
                        ),
                        created_at=at,
                    )
                )
                e_rows.append(_ev(did, "received", at, ids[Role.CLERK][0], None, "received", "01"))
                prev = None
                for ps_id, pos, sname, who, st, sdue, fin, tl in runs:
                    s_rows.append(
                        dict(
                            dossier_id=did,
                            process_step_id=ps_id,
                            position=pos,
                            name=sname,
                            officer_id=who,
                            handed_over_by_id=prev,
                            allotted_hours=steps[pos - 1][3],
                            started_at=st,
                            due_at=sdue,
                            finished_at=fin,
                            timeliness=tl,
                        )
                    )
                    if pos > 1:
                        e_rows.append(_ev(did, "handover", st, prev, "in_progress", "in_progress"))
                    prev = who
                if finished is not None:
                    e_rows.append(_ev(did, "result_ready", finished, prev, None, "result_ready"))
                if returned is not None:
                    e_rows.append(
                        _ev(did, "returned", returned, ids[Role.CLERK][0], None, "returned")
                    )
                if len(d_rows) >= 5000:
                    _flush(conn, d_rows, s_rows, e_rows, counts)
        _flush(conn, d_rows, s_rows, e_rows, counts)
        conn.execute(insert(DailySequence), seq_rows)
    db.dispose()
    return {
        "dossiers": did,
        "step_runs": counts["steps"],
        "events": counts["events"],
        "applicants": n_app,
        "seconds": round(_time.perf_counter() - t0, 1),
        "megabytes": round(path.stat().st_size / 1e6, 1),
    }


def _ev(  # type: ignore[no-untyped-def]
    did, kind, at, user, from_state=None, to_state=None, form=None
) -> dict:  # type: ignore[type-arg]
    return dict(
        dossier_id=did,
        kind=kind,
        at=at,
        user_id=user,
        from_state=from_state,
        to_state=to_state,
        form_number=form,
    )


_FIELD_OF: dict[int, int] = {}


def fields_id(procs: list, pid: int, fields: dict[str, int], records: list) -> int:  # type: ignore[type-arg]
    if not _FIELD_OF:
        for i, rec in enumerate(records):
            _FIELD_OF[procs[i][0]] = fields[rec["field"]]
    return _FIELD_OF[pid]


def _flush(conn, d_rows: list, s_rows: list, e_rows: list, counts: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    if d_rows:
        conn.execute(insert(Dossier), d_rows)
    if s_rows:
        conn.execute(insert(StepRun), s_rows)
    if e_rows:
        conn.execute(insert(DossierEvent), e_rows)
    counts["steps"] += len(s_rows)
    counts["events"] += len(e_rows)
    d_rows.clear()
    s_rows.clear()
    e_rows.clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    ap.add_argument("--dossiers", type=int, default=60_000)
    ap.add_argument("--years", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=766)
    args = ap.parse_args()
    summary = build(args.path, args.dossiers, args.years, args.seed)
    for k, v in summary.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
