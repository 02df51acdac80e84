"""Demo data: a realistic commune (office, officers, catalogue, a year of dossiers in every state).

Everything goes through the same services the screens use, with a simulated clock, so the demo's
events, step runs, deadlines and timeliness are what the app itself would have recorded.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from tthc_desk.domain.calendar import WorkingCalendar
from tthc_desk.domain.enums import Channel, PaymentMethod, ResultDelivery, Role
from tthc_desk.domain.errors import AppError, Conflict
from tthc_desk.paths import resources_dir
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Dossier
from tthc_desk.services import auth, catalogue, dossiers, intake
from tthc_desk.services.calendar import load_calendar
from tthc_desk.services.catalogue_seed import load_seed_procedures
from tthc_desk.services.demo_feedback import play_feedback
from tthc_desk.services.demo_files import Applicant, Digitiser, certificates_folder, workdir
from tthc_desk.services.demo_province import play_province

Progress = Callable[[int, int], None]

#: A fictitious commune in the province as it is after the 2025 reorganisation: from 1/7/2025
#: tỉnh Hải Dương and thành phố Hải Phòng form the new thành phố Hải Phòng (Nghị quyết
#: 202/2025/QH15, 12/6/2025, https://vanban.chinhphu.vn/?pageid=27160&docid=214089) and the
#: district level is abolished (Luật Tổ chức chính quyền địa phương 2025): an address is
#: "thôn …, xã …, thành phố Hải Phòng". The identifier code is an illustration of the
#: QCVN 102:2016/BTTTT shape, not a code the city issued.
OFFICE = auth.OfficeInput(
    name="UBND xã An Sơn",
    code="XANSON",
    address="Thôn Đông, xã An Sơn, thành phố Hải Phòng",
    province="Hải Phòng",
    place_name="An Sơn",
    phone="0220 3851 234",
    email="motcua.anson@haiphong.gov.vn",
    counter_unit=auth.COUNTER_UNIT_CENTRE,
)

#: username, full name, role, title, fields whose officer step they take ("*" = any)
STAFF: tuple[tuple[str, str, Role, str, tuple[str, ...]], ...] = (
    ("admin", "Trần Văn Quản", Role.ADMIN, "Quản trị hệ thống", ()),
    ("canbo1", "Nguyễn Thị Hoa", Role.CLERK, "Công chức Văn phòng - Thống kê", ()),
    ("canbo2", "Phạm Minh Tuấn", Role.CLERK, "Công chức Văn phòng - Thống kê", ()),
    (
        "tuphap1",
        "Lê Văn Tư",
        Role.OFFICER,
        "Công chức Tư pháp - Hộ tịch",
        ("hộ tịch", "chứng thực", "nuôi con nuôi"),
    ),
    (
        "tuphap2",
        "Đỗ Thị Lan",
        Role.OFFICER,
        "Công chức Tư pháp - Hộ tịch",
        ("hộ tịch", "chứng thực"),
    ),
    (
        "diachinh",
        "Vũ Đức Thắng",
        Role.OFFICER,
        "Công chức Địa chính - Xây dựng",
        ("đất đai", "hộ kinh doanh"),
    ),
    (
        "vhxh",
        "Hoàng Thị Mai",
        Role.OFFICER,
        "Công chức Văn hóa - Xã hội",
        ("bảo trợ xã hội", "giảm nghèo", "văn hóa", "lao động"),
    ),
    ("congan", "Đặng Quốc Huy", Role.OFFICER, "Công an xã", ("cư trú", "xuất nhập cảnh")),
    ("quansu", "Bùi Văn Hùng", Role.OFFICER, "Chỉ huy trưởng Quân sự xã", ("nghĩa vụ quân sự",)),
    ("chutich", "Nguyễn Đức Ngọc", Role.LEADER, "Chủ tịch UBND xã", ()),
    ("phochutich", "Trịnh Thị Thu", Role.LEADER, "Phó Chủ tịch UBND xã", ()),
)

#: relative frequency of each field at a commune counter (civil status and certification lead)
FIELD_WEIGHTS = {
    "chứng thực": 40,
    "hộ tịch": 30,
    "cư trú": 12,
    "bảo trợ xã hội": 5,
    "nghĩa vụ quân sự": 3,
    "đất đai": 3,
    "văn hóa": 2,
    "hộ kinh doanh": 2,
    "giảm nghèo": 1,
    "nuôi con nuôi": 0.3,
    "xuất nhập cảnh": 1,
}

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đoàn",
    "Phan",
    "Mạc",
    "Tạ",
)
MIDDLE_M = ("Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Công", "Xuân", "Đình", "Mạnh")
MIDDLE_F = ("Thị", "Thu", "Ngọc", "Thanh", "Phương", "Hồng", "Thị Kim", "Mai", "Bích", "Diệu")
GIVEN_M = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quang",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
)
GIVEN_F = (
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Uyên",
    "Yến",
)
HAMLETS = (
    "Thôn Đông",
    "Thôn Đoài",
    "Thôn Nam",
    "Thôn Bắc",
    "Thôn Trung",
    "Thôn Chùa",
    "Thôn Cầu",
    "Thôn Mới",
)
PROVINCE_CODES = ("030", "030", "030", "030", "001", "031", "034", "036", "022", "079")


@dataclass
class _Person:
    name: str
    personal_id: str
    birth_year: int
    gender: str
    address: str
    phone: str


def _person(rng: random.Random, used: set[str]) -> _Person:
    male = rng.random() < 0.5
    year = rng.randint(1950, 2006)
    century_digit = (0 if year < 2000 else 2) + (0 if male else 1)
    while True:
        pid = (
            f"{rng.choice(PROVINCE_CODES)}{century_digit}{year % 100:02d}"
            f"{rng.randint(0, 999999):06d}"
        )
        if pid not in used:
            used.add(pid)
            break
    name = " ".join(
        (
            rng.choice(SURNAMES),
            rng.choice(MIDDLE_M if male else MIDDLE_F),
            rng.choice(GIVEN_M if male else GIVEN_F),
        )
    )
    return _Person(
        name,
        pid,
        year,
        "Nam" if male else "Nữ",
        f"{rng.choice(HAMLETS)}, xã An Sơn, thành phố Hải Phòng",
        "0" + rng.choice("389753") + "".join(str(rng.randint(0, 9)) for _ in range(8)),
    )


def _field_key(name: str) -> str:
    from tthc_desk.domain.text import fold

    folded = fold(name)
    for key in FIELD_WEIGHTS:
        if fold(key) in folded:
            return key
    return folded


class _Simulator:
    """Plays one dossier's life through the services, at simulated instants."""

    def __init__(
        self,
        db: Database,
        cal: WorkingCalendar,
        rng: random.Random,
        users: dict[str, auth.UserView],
        today: datetime,
    ) -> None:
        self.db, self.cal, self.rng, self.users, self.today = db, cal, rng, users, today
        self.counts: dict[str, int] = {}
        self._procedures: dict[int, catalogue.ProcedureView] = {}
        self.files: Digitiser | None = None  # digitisation, signatures, reuse (files on)
        self.late: list[tuple[datetime, str]] = []  # (received, code) of dossiers that ran late
        self.by_field: dict[str, list[auth.UserView]] = {}
        for username, _n, role, _t, fields in STAFF:
            if role is Role.OFFICER:
                for f in fields:
                    self.by_field.setdefault(f, []).append(users[username])
        self.clerks = [users["canbo1"], users["canbo2"]]
        self.leaders = [users["chutich"], users["phochutich"]]

    def officer_for(self, field: str, role: str) -> auth.UserView:
        if role == Role.LEADER.value:
            return self.rng.choice(self.leaders)
        if role == Role.CLERK.value:
            return self.rng.choice(self.clerks)
        return self.rng.choice(self.by_field.get(_field_key(field)) or [self.users["tuphap1"]])

    def procedure(self, procedure_id: int) -> catalogue.ProcedureView:
        if procedure_id not in self._procedures:
            self._procedures[procedure_id] = catalogue.get_procedure(self.db, procedure_id)
        return self._procedures[procedure_id]

    def steps_of(self, procedure_id: int) -> tuple[catalogue.StepSpec, ...]:
        return self.procedure(procedure_id).data.steps

    def result_name(self, procedure_id: int) -> str:
        return self.procedure(procedure_id).data.result_name or ""

    def digitise(self, step: str, *args: object, **kwargs: object) -> None:
        """One digitisation step (``intake`` or ``result``); a refusal is counted, the dossier's
        story goes on."""
        if self.files is None:
            return
        try:
            getattr(self.files, step)(*args, **kwargs)
        except AppError as exc:
            self.count(f"skipped_files:{exc.code}")

    def later(self, at: datetime, hours: float) -> datetime:
        # A handful of minutes of jitter, on the working calendar.
        return self.cal.add_working_minutes(at, max(1, int(hours * 60)))

    def count(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def play(self, proc: intake.ProcedureChoice, person: _Person, at: datetime) -> None:
        rng = self.rng
        clerk = rng.choice(self.clerks)
        online = proc.online and rng.random() < 0.38
        channel = (
            Channel.ONLINE if online else (Channel.POST if rng.random() < 0.03 else Channel.COUNTER)
        )
        docs = tuple(
            dossiers.DocumentInput(d.name, d.kind, d.count, d.id)
            for d in proc.documents
            if not d.optional
        )
        fee = proc.fee_total
        payment = PaymentMethod.NONE
        if fee:
            if online:
                payment = PaymentMethod.ONLINE if rng.random() < 0.6 else PaymentMethod.CASH
            else:  # at the counter: cash, a bank transfer, or the portal's payment QR code
                pick = rng.random()
                payment = (
                    PaymentMethod.ONLINE
                    if pick < 0.12
                    else PaymentMethod.TRANSFER
                    if pick < 0.27
                    else PaymentMethod.CASH
                )
        own_account = (rng.random() < 0.85) if online else None
        delivery = ResultDelivery.POST if channel is Channel.POST else ResultDelivery.COUNTER
        if own_account and rng.random() < 0.5:
            delivery = ResultDelivery.ONLINE  # the result goes to the applicant's portal account
        cmd = intake.IntakeCommand(
            procedure_id=proc.id,
            applicant=intake.ApplicantInput(
                person.name,
                person.personal_id,
                str(person.birth_year),
                person.gender,
                person.address,
                person.phone,
            ),
            documents=docs,
            channel=channel,
            fee_amount=fee,
            payment_method=payment,
            result_delivery=delivery,
            submitted_at=at if online else None,
            own_account=own_account,
            receive_now=False if online else True,
            confirm_duplicate=True,
        )
        actor = clerk.actor
        result = intake.receive_dossier(self.db, actor, cmd, now=lambda: at)
        d = result.dossier
        self.count("received")
        who = Applicant(person.name, person.personal_id, person.address)
        if not online:
            self.digitise("intake", d, proc, who, at, clerk)
        t = at
        if online:
            # Most online dossiers are received within the 8 working hours; some are not.
            t = self.later(
                at, rng.choice((0.5, 1, 2, 3, 5, 7)) if rng.random() < 0.9 else rng.uniform(8.5, 14)
            )
            if t > self.today:
                self.count("waiting_online")
                return
            if rng.random() < 0.05:
                dossiers.request_supplement(
                    self.db,
                    actor,
                    dossiers.SupplementCommand(
                        d.id,
                        "Thiếu bản sao giấy tờ tùy thân có chứng thực",
                        (
                            dossiers.SupplementItemInput(
                                "Bản sao CCCD có chứng thực", certified_copies=1
                            ),
                        ),
                    ),
                    now=lambda: t,
                )
                self.count("supplement_requested")
                return
            d = dossiers.receive_online(self.db, actor, d.id, now=lambda: t)
        self._process(d, t, proc, who)

    def _process(
        self, d: dossiers.DossierView, t: datetime, proc: intake.ProcedureChoice, who: Applicant
    ) -> None:
        rng = self.rng
        fate = rng.random()
        if fate < 0.015:
            self._do(
                dossiers.refuse,
                dossiers.ReasonCommand(d.id, "Không thuộc thẩm quyền giải quyết của UBND xã"),
                self.later(t, 0.3),
                "refused",
            )
            return
        if fate < 0.025:
            self._do(
                dossiers.withdraw,
                dossiers.ReasonCommand(d.id, "Người nộp xin rút hồ sơ"),
                self.later(t, rng.uniform(1, 8)),
                "withdrawn",
            )
            return
        if fate < 0.03:
            self._do(
                dossiers.stop,
                dossiers.StopCommand(
                    d.id,
                    "Người nộp không bổ sung giấy tờ chứng minh quan hệ theo yêu cầu",
                    "Điều 37 Luật Hộ tịch 2014",
                    "Nộp lại hồ sơ khi có đủ giấy tờ",
                ),
                self.later(t, rng.uniform(2, 12)),
                "stopped",
            )
            return
        slow = fate > 0.95  # this dossier runs late overall
        planned = self.steps_of(proc.id)
        current = d
        for i, step in enumerate(planned):
            allotted = step.hours or 1
            share = rng.uniform(0.2, 0.9)
            if slow or rng.random() < 0.04:
                share = rng.uniform(1.05, 1.6)  # a late step
            t_next = self.later(t, allotted * share)
            if i == 0 and 0.03 <= fate < 0.05:
                t_pause = self.later(t, allotted * 0.3)
                if t_pause > self.today:
                    self.count("in_progress")
                    return
                current = self._do(
                    dossiers.pause,
                    dossiers.ReasonCommand(d.id, "Chờ xác minh thông tin tại cơ quan khác"),
                    t_pause,
                    "paused",
                )
                t_resume = self.later(t_pause, rng.uniform(4, 24))
                if t_resume > self.today:
                    return
                current = self._do(
                    dossiers.resume,
                    dossiers.ReasonCommand(d.id, "Đã có kết quả xác minh"),
                    t_resume,
                    None,
                )
                t_next = self.later(t_resume, allotted * share)
            if t_next > self.today:
                self.count("in_progress")
                return
            if slow and current.apology_owed and not current.apology_issued and current.due_at:
                new_due = self.cal.add_working_days(current.due_at, 2)
                current = self._do(
                    dossiers.apologise,
                    dossiers.ApologyCommand(
                        d.id, "Hồ sơ cần xác minh thêm nguồn gốc giấy tờ", new_due
                    ),
                    t,
                    "apology",
                )
                self.late.append((t, d.code))
            t = t_next
            if i + 1 < len(planned):
                officer = self.officer_for(proc.field_name, planned[i + 1].role.value)
                current = self._do(
                    dossiers.handover, dossiers.HandoverCommand(d.id, officer.id), t, None
                )
        t_ready = self.later(t, 0.1)
        if t_ready > self.today:
            self.count("in_progress")
            return
        electronic = d.result_delivery == ResultDelivery.ONLINE.value
        self.digitise("result", d, proc, who, t_ready, electronic=electronic)
        self._do(dossiers.result_ready, dossiers.ReasonCommand(d.id, ""), t_ready, "result_ready")
        t_return = t_ready + timedelta(hours=rng.choice((1, 3, 20, 26, 50)))
        t_return = self.cal.next_working_moment(t_return)
        note = ""
        if electronic:  # sent to the portal account as soon as it is signed
            t_return = self.later(t_ready, 0.2)
            note = "Trả kết quả điện tử vào tài khoản Cổng Dịch vụ công của người nộp"
        if t_return > self.today:
            return
        current = self._do(
            dossiers.return_result,
            dossiers.ReturnCommand(d.id, d.applicant_name, note),
            t_return,
            "returned",
        )
        if rng.random() < 0.9:
            level = rng.choices(("very_satisfied", "satisfied", "not_satisfied"), (60, 37, 3))[0]
            self._do(dossiers.rate, dossiers.RatingCommand(d.id, level), t_return, "rated")

    def _do(
        self, fn: Callable[..., dossiers.DossierView], cmd: object, at: datetime, key: str | None
    ) -> dossiers.DossierView:
        view = fn(self.db, self.rng.choice(self.clerks).actor, cmd, now=lambda: at)
        if key:
            self.count(key)
        return view


def build_demo(
    db: Database,
    *,
    years: float = 1.0,
    per_day: float = 12.0,
    seed: int = 766,
    password: str = "matkhau123",
    today: datetime | None = None,
    progress: Progress | None = None,
    files: bool = True,
) -> dict[str, int]:
    """Fill a NEW database with the demo commune; refuses a database that has dossiers.

    With ``files`` (the default) most counter dossiers also get their papers digitised as small
    PDFs in the store beside the database, some signed with demo certificates (written beside
    the database, see :func:`demo_files.certificates_folder`), a few electronic certified copies
    and reuse of earlier documents; without, the same dossiers and no files.
    """
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Dossier)):
            raise Conflict("demo.not_empty")
    rng = random.Random(seed)
    now = (today or datetime.now()).replace(second=0, microsecond=0)
    if auth.needs_setup(db):
        admin_row = STAFF[0]
        auth.first_run_setup(
            db,
            OFFICE,
            auth.UserInput(
                admin_row[0], admin_row[1], Role.ADMIN, password, password, admin_row[3]
            ),
        )
    admin = auth.sign_in(db, "admin", password)
    existing = {u.username for u in auth.list_users(db)}
    for username, name, role, title, _fields in STAFF:
        if username not in existing:
            auth.create_user(
                db, admin.actor, auth.UserInput(username, name, role, password, password, title)
            )
    users = {u.username: u for u in auth.list_users(db)}
    records = json.loads(
        (resources_dir() / "demo" / "procedures-commune.json").read_text(encoding="utf-8")
    )
    load_seed_procedures(db, admin.actor, records)

    procs = [p for p in intake.list_procedures(db) if p.documents]
    weights = [
        FIELD_WEIGHTS.get(_field_key(p.field_name), 0.5)
        / max(1, sum(1 for q in procs if _field_key(q.field_name) == _field_key(p.field_name)))
        for p in procs
    ]
    cal = load_calendar(db)
    sim = _Simulator(db, cal, rng, users, now)
    start = now - timedelta(days=int(365 * years))
    with workdir() as scratch:
        if files:
            sim.files = Digitiser(
                db,
                random.Random(seed * 7919 + 1),  # its own stream: dossiers stay as without files
                users,
                now,
                Path(scratch),
                sim.result_name,
                OFFICE.place_name,
            )
            sim.files.setup(admin.actor, certificates_folder(db), password, start, start)
        summary = _play(sim, cal, rng, procs, weights, start, now, per_day, progress)
    if sim.files is not None:
        summary.update(sorted(sim.files.counts.items()))
    fb = play_feedback(db, cal, random.Random(seed * 7919 + 2), users, start, now, sim.late)
    summary.update(sorted((f"feedback:{k}", v) for k, v in fb.items()))
    prov = play_province(db, admin.actor, random.Random(seed * 7919 + 3), now)
    summary.update(sorted(prov.items()))
    return summary


def _play(
    sim: _Simulator,
    cal: WorkingCalendar,
    rng: random.Random,
    procs: list[intake.ProcedureChoice],
    weights: list[float],
    start: datetime,
    now: datetime,
    per_day: float,
    progress: Progress | None,
) -> dict[str, int]:
    """Plan every intake of the period and play each dossier's story in time order."""
    people: list[_Person] = []
    used: set[str] = set()

    # Plan every intake first, in time order, so the daily sequences follow the clock.
    plan: list[tuple[datetime, intake.ProcedureChoice, _Person]] = []
    day = start.date()
    while day <= now.date():
        if cal.is_working_day(day):
            for _ in range(_poisson(rng, per_day)):
                minute = rng.randint(0, int(cal.hours_per_day * 60) - 1)
                at = cal.add_working_minutes(
                    cal.next_working_moment(datetime.combine(day, datetime.min.time())), minute
                )
                if at > now:
                    continue
                if people and rng.random() < 0.3:
                    person = rng.choice(people)  # a returning applicant
                else:
                    person = _person(rng, used)
                    people.append(person)
                plan.append((at, rng.choices(procs, weights)[0], person))
        day += timedelta(days=1)
    plan.sort(key=lambda x: x[0])
    total = len(plan)
    if sim.files is not None:
        sim.files.sign_from([at for at, _p, _q in plan])
    for i, (at, proc, person) in enumerate(plan, 1):
        try:
            sim.play(proc, person, at)
        except AppError as exc:  # a rule refused this story: count it and go on
            sim.count(f"skipped:{exc.code}")
        if progress and (i % 25 == 0 or i == total):
            progress(i, total)
    _todays_queue(sim, procs, people or [_person(rng, used)], now)
    summary = {
        "procedures": len(procs),
        "users": len(sim.users),
        "applicants": len(people),
        "dossiers": sum(1 for _ in plan),
    }
    summary.update(sorted(sim.counts.items()))
    return summary


def _todays_queue(
    sim: _Simulator, procs: list[intake.ProcedureChoice], people: list[_Person], now: datetime
) -> None:
    """Leave the counter as a clerk finds it in the morning: online dossiers waiting for
    reception, one just received, one paused."""
    cal, rng = sim.cal, sim.rng
    online = [p for p in procs if p.online] or procs
    for hours_ago in (1.5, 5, 7.5):
        at = cal.add_working_minutes(cal.next_working_moment(now), -int(hours_ago * 60))
        cmd = intake.IntakeCommand(
            procedure_id=rng.choice(online).id,
            applicant=_applicant(rng.choice(people)),
            channel=Channel.ONLINE,
            submitted_at=at,
            own_account=True,
            receive_now=False,
            confirm_duplicate=True,
        )
        intake.receive_dossier(sim.db, sim.clerks[0].actor, cmd, now=lambda at=at: at)
        sim.count("waiting_online")
    at = cal.add_working_minutes(cal.next_working_moment(now), -30)
    for paused in (False, True):
        proc = rng.choice([p for p in procs if not p.same_day] or procs)
        person = rng.choice(people)
        cmd = intake.IntakeCommand(
            procedure_id=proc.id,
            applicant=_applicant(person),
            documents=tuple(
                dossiers.DocumentInput(d.name, d.kind, d.count, d.id)
                for d in proc.documents
                if not d.optional
            ),
            confirm_duplicate=True,
        )
        d = intake.receive_dossier(sim.db, sim.clerks[0].actor, cmd, now=lambda: at).dossier
        who = Applicant(person.name, person.personal_id, person.address)
        sim.digitise("intake", d, proc, who, at, sim.clerks[0])
        if paused:
            sim._do(
                dossiers.pause,
                dossiers.ReasonCommand(d.id, "Chờ kết quả xác minh của Công an xã"),
                at,
                "paused",
            )


def _applicant(person: _Person) -> intake.ApplicantInput:
    return intake.ApplicantInput(
        person.name,
        person.personal_id,
        str(person.birth_year),
        person.gender,
        person.address,
        person.phone,
    )


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; fine for the small means of a commune counter.
    import math

    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
