"""A dossier's life through the services: intake to return, online reception clock, pause over a
holiday, supplement and restart, refusal, apology, a late step in an on-time dossier."""

from __future__ import annotations

from datetime import datetime

import pytest

from tthc_desk.domain.enums import Channel, PaymentMethod
from tthc_desk.domain.enums import DossierState as S
from tthc_desk.domain.errors import Conflict, ValidationError
from tthc_desk.services import dossiers as ds
from tthc_desk.services import intake, settings_store


def _actors(users):  # type: ignore[no-untyped-def]
    return users["canbo1"].actor, users["congchuc1"], users["chutich"]


def test_counter_intake_to_return(office_db, users, procs, clock, build) -> None:
    clerk, officer, leader = _actors(users)
    res = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock)
    d = res.dossier
    assert res.print_receipt
    assert d.code == "XANSON-260302-0001"
    assert d.state is S.RECEIVED
    assert d.received_at == datetime(2026, 3, 2, 10, 0)
    assert d.due_at == datetime(2026, 3, 5, 10, 0)  # 3 working days (deadlines.md §5)
    assert [st.name for st in d.steps] == ["Tiếp nhận, chuyển hồ sơ"]
    assert d.steps[0].due_at == datetime(2026, 3, 2, 16, 0)  # 4 h with the lunch break
    assert d.applicant_name == "Nguyễn Văn Đức" and d.phone == "0912345678"

    clock.set(datetime(2026, 3, 2, 14, 0))
    d = ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    assert d.state is S.IN_PROGRESS and d.current_officer_name == "Lê Văn Tư"
    assert d.steps[0].timeliness == "on_time"
    assert d.steps[1].due_at == datetime(2026, 3, 4, 8, 0)  # 12 h from Mon 14:00
    clock.set(datetime(2026, 3, 3, 16, 0))
    d = ds.handover(office_db, officer.actor, ds.HandoverCommand(d.id, leader.id), now=clock)
    assert d.steps[1].timeliness == "early"
    clock.set(datetime(2026, 3, 4, 8, 0))
    d = ds.handover(
        office_db, leader.actor, ds.HandoverCommand(d.id, users["canbo1"].id), now=clock
    )
    clock.set(datetime(2026, 3, 4, 9, 0))
    d = ds.result_ready(office_db, clerk, ds.ReasonCommand(d.id), now=clock)
    assert d.state is S.RESULT_READY and d.timeliness == "early"
    clock.set(datetime(2026, 3, 5, 8, 0))
    d = ds.return_result(office_db, clerk, ds.ReturnCommand(d.id, "Nguyễn Văn Đức"), now=clock)
    assert d.state is S.RETURNED and d.collected_by == "Nguyễn Văn Đức"
    assert d.returned_at == datetime(2026, 3, 5, 8, 0)
    kinds = [e.kind for e in d.events]
    assert kinds == ["received", "handover", "handover", "handover", "result_ready", "returned"]
    assert all(e.user_name for e in d.events)
    d = ds.rate(office_db, clerk, ds.RatingCommand(d.id, "very_satisfied"), now=clock)
    assert d.rating == "very_satisfied"
    with pytest.raises(Conflict):
        ds.rate(office_db, clerk, ds.RatingCommand(d.id, "satisfied"), now=clock)

    # the sequence goes on the same day and restarts the next
    d2 = intake.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.certify,
            applicant=build.applicant(
                personal_id=build.PID_2, full_name="Trần Thị Mai", birth_date="1990"
            ),
            fee_amount=2000,
            payment_method=PaymentMethod.CASH,
        ),
        now=clock,
    ).dossier
    assert d2.code == "XANSON-260305-0001"


def test_same_day_returned_on_the_spot(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    clock.set(datetime(2026, 3, 2, 9, 0))
    res = intake.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.certify, fee_amount=2000, payment_method=PaymentMethod.CASH, return_now=True
        ),
        now=clock,
    )
    assert not res.print_receipt
    d = res.dossier
    assert d.state is S.RETURNED and d.timeliness == "on_time"
    assert d.due_at == datetime(2026, 3, 2, 17, 30)
    assert d.collected_by == "Nguyễn Văn Đức"
    with pytest.raises(ValidationError) as err:  # a 3-day procedure cannot be returned at once
        intake.receive_dossier(
            office_db,
            clerk,
            build.intake(
                procs.marriage,
                return_now=True,
                applicant=build.applicant(personal_id=build.PID_2, birth_date=""),
            ),
            now=clock,
        )
    assert err.value.code == "intake.return_now.not_same_day"


@pytest.mark.parametrize(
    ("received_at", "verdict"),
    [
        (datetime(2026, 3, 2, 17, 0), "early"),  # its 7th working hour: in time (due next day)
        (datetime(2026, 3, 3, 9, 0), "late"),  # its 9th working hour
    ],
)
def test_online_reception_clock(
    office_db, users, procs, clock, build, received_at, verdict
) -> None:
    clerk = users["canbo1"].actor
    clock.set(datetime(2026, 3, 2, 8, 30))
    cmd = build.intake(
        procs.residence,
        channel=Channel.ONLINE,
        submitted_at=datetime(2026, 3, 2, 8, 0),
        own_account=True,
        receive_now=False,
        documents=(),
    )
    d = intake.receive_dossier(office_db, clerk, cmd, now=clock).dossier
    assert d.state is S.SUBMITTED_ONLINE
    assert d.reception_due_at == datetime(2026, 3, 3, 8, 0)  # 8 working hours
    assert d.current_step is not None and d.current_step.name == ds.ONLINE_RECEPTION_STEP
    with pytest.raises(Conflict):  # never cancelled by the counter
        ds.refuse(office_db, clerk, ds.ReasonCommand(d.id, "Không đủ điều kiện"), now=clock)
    clock.set(received_at)
    d = ds.receive_online(office_db, clerk, d.id, now=clock)
    assert d.state is S.RECEIVED
    assert d.reception_timeliness == verdict
    assert d.steps[0].timeliness == verdict
    assert d.received_at == received_at
    assert d.due_at == ds_due(received_at)


def ds_due(at: datetime) -> datetime:
    from tthc_desk.domain.calendar import WorkingCalendar

    return WorkingCalendar().add_working_days(at, 2)


def test_online_answered_with_supplement_in_time(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    clock.set(datetime(2026, 3, 2, 8, 30))
    cmd = build.intake(
        procs.residence,
        channel=Channel.ONLINE,
        submitted_at=datetime(2026, 3, 2, 8, 0),
        receive_now=False,
        documents=(),
    )
    d = intake.receive_dossier(office_db, clerk, cmd, now=clock).dossier
    clock.set(datetime(2026, 3, 2, 16, 0))
    d = ds.request_supplement(
        office_db,
        clerk,
        ds.SupplementCommand(d.id, "Thiếu giấy tờ", (ds.SupplementItemInput("Tờ khai", 1),)),
        now=clock,
    )
    assert d.state is S.SUPPLEMENT_REQUESTED and d.reception_timeliness == "early"


def test_pause_across_the_holiday(office_db, users, procs, clock, build) -> None:
    clerk, officer, _leader = _actors(users)
    clock.set(datetime(2026, 4, 28, 8, 30))  # Tuesday; 27/4 was the Hùng Kings' day off
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    assert d.due_at == datetime(2026, 5, 5, 8, 30)  # 30/4, 1/5 and the weekend skipped
    clock.set(datetime(2026, 4, 28, 9, 30))
    d = ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    clock.set(datetime(2026, 4, 29, 13, 30))
    with pytest.raises(ValidationError) as err:
        ds.pause(office_db, officer.actor, ds.ReasonCommand(d.id, "  "), now=clock)
    assert err.value.code == "dossier.reason.empty"
    d = ds.pause(office_db, officer.actor, ds.ReasonCommand(d.id, "Chờ xác minh"), now=clock)
    assert d.state is S.PAUSED
    assert d.minutes_left == 13 * 60  # 4 h on 29/4, 8 h on 4/5, 1 h on 5/5
    step = d.current_step
    assert step is not None and step.paused
    step_left = step.minutes_left
    clock.set(datetime(2026, 5, 4, 7, 30))  # resumed after 30/4–1/5 and the weekend
    d = ds.resume(
        office_db, officer.actor, ds.ReasonCommand(d.id, "Đã có kết quả xác minh"), now=clock
    )
    assert d.state is S.IN_PROGRESS
    assert d.due_at == datetime(2026, 5, 5, 14, 30)
    assert d.minutes_left == 13 * 60
    assert d.current_step is not None and d.current_step.minutes_left == step_left
    assert [e.kind for e in d.events][-2:] == ["paused", "resumed"]


def test_supplement_request_and_restart(office_db, users, procs, clock, build) -> None:
    clerk, officer, _ = _actors(users)
    # the office counts the full time afresh (its setting; the law's default is "resume")
    settings_store.set_setting(
        office_db, users["admin"].actor, settings_store.SUPPLEMENT_RULE, "restart"
    )
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    clock.set(datetime(2026, 3, 2, 14, 0))
    d = ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    clock.set(datetime(2026, 3, 3, 9, 0))
    with pytest.raises(ValidationError) as err:
        ds.request_supplement(
            office_db, officer.actor, ds.SupplementCommand(d.id, "Thiếu"), now=clock
        )
    assert err.value.code == "dossier.supplement.items"
    d = ds.request_supplement(
        office_db,
        officer.actor,
        ds.SupplementCommand(
            d.id,
            "Tờ khai thiếu chữ ký",
            (ds.SupplementItemInput("Tờ khai có chữ ký", originals=1),),
            contact_name="Lê Văn Tư",
            contact_phone="0912000111",
        ),
        now=clock,
    )
    assert d.state is S.SUPPLEMENT_REQUESTED and d.supplement_count == 1
    assert d.current_step is None
    clock.set(datetime(2026, 3, 9, 10, 0))  # back the next Monday
    d = ds.receive_supplement(
        office_db,
        clerk,
        ds.SupplementReceiptCommand(d.id, (ds.DocumentInput("Tờ khai có chữ ký", "form"),)),
        now=clock,
    )
    assert d.state is S.RECEIVED
    assert d.due_at == datetime(2026, 3, 12, 10, 0)  # the full 3 days afresh
    assert d.received_at == datetime(2026, 3, 2, 10, 0)  # the first intake stays
    ev = d.events[-1]
    assert ev.kind == "supplement_received" and ev.data["restart"] is True
    assert d.current_step is not None and d.current_step.started_at == clock.at
    assert len(d.documents) == 3
    # the portal only adds the applicant's 5 working days: due Thu 5/3 10:00 + 41 h
    assert d.portal_due_at == datetime(2026, 3, 11, 11, 0) and d.clock_difference == "restart"
    clock.set(datetime(2026, 3, 11, 10, 0))
    d = ds.result_ready(office_db, clerk, ds.ReasonCommand(d.id), now=clock)
    assert d.timeliness == "on_time"  # judged on the portal's clock


def test_second_supplement_request_counts_late(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    item = (ds.SupplementItemInput("Giấy tờ", copies=1),)
    for day in (3, 4):
        clock.set(datetime(2026, 3, day, 8, 0))
        ds.request_supplement(
            office_db, clerk, ds.SupplementCommand(d.id, "Thiếu", item), now=clock
        )
        clock.set(datetime(2026, 3, day, 9, 0))
        d = ds.receive_supplement(office_db, clerk, ds.SupplementReceiptCommand(d.id), now=clock)
    clock.set(datetime(2026, 3, 4, 10, 0))
    d = ds.result_ready(office_db, clerk, ds.ReasonCommand(d.id), now=clock)
    assert d.supplement_count == 2 and d.timeliness == "late"


def test_refusal(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    with pytest.raises(ValidationError) as err:
        ds.refuse(office_db, clerk, ds.ReasonCommand(d.id, ""), now=clock)
    assert err.value.code == "dossier.refusal.reason"
    clock.set(datetime(2026, 3, 2, 11, 0))
    d = ds.refuse(
        office_db, clerk, ds.ReasonCommand(d.id, "Người yêu cầu không thuộc đối tượng"), now=clock
    )
    assert d.state is S.REFUSED and d.finished_at == clock.at and d.timeliness == "early"
    assert d.events[-1].reason == "Người yêu cầu không thuộc đối tượng"
    assert d.actions == ()
    with pytest.raises(Conflict):
        ds.handover(office_db, clerk, ds.HandoverCommand(d.id, users["congchuc1"].id), now=clock)


def test_stop_and_withdrawal(office_db, users, procs, clock, build) -> None:
    clerk = users["canbo1"].actor
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    d = ds.stop(office_db, clerk, ds.StopCommand(d.id, "Có tranh chấp", "Điều 10"), now=clock)
    assert d.state is S.STOPPED
    clock.set(datetime(2026, 3, 2, 10, 30))
    d2 = intake.receive_dossier(
        office_db,
        clerk,
        build.intake(
            procs.birth, applicant=build.applicant(personal_id=build.PID_2, birth_date="")
        ),
        now=clock,
    ).dossier
    d2 = ds.withdraw(office_db, clerk, ds.ReasonCommand(d2.id, "Công dân xin rút"), now=clock)
    assert d2.state is S.WITHDRAWN and d2.code == "XANSON-260302-0002"


def test_late_dossier_with_its_apology(office_db, users, procs, clock, build) -> None:
    clerk, officer, _ = _actors(users)
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    clock.set(datetime(2026, 3, 3, 17, 0))
    assert ds.apology_reminders(office_db, now=clock) == []
    clock.set(datetime(2026, 3, 4, 8, 0))  # the working day before the due day (by date)
    assert [r[1] for r in ds.apology_reminders(office_db, now=clock)] == [d.code]
    clock.set(datetime(2026, 3, 4, 10, 30))
    assert ds.get_dossier(office_db, d.id, now=clock).apology_owed
    with pytest.raises(ValidationError) as err:
        ds.apologise(
            office_db,
            officer.actor,
            ds.ApologyCommand(d.id, "Chờ xác minh", datetime(2026, 3, 5, 9, 0)),
            now=clock,
        )
    assert err.value.code == "dossier.apology.new_date"
    d = ds.apologise(
        office_db,
        officer.actor,
        ds.ApologyCommand(
            d.id, "Cần xác minh thêm tại nơi cư trú trước", datetime(2026, 3, 10, 16, 0)
        ),
        now=clock,
    )
    assert d.apology_issued and d.original_due_at == datetime(2026, 3, 5, 10, 0)
    assert d.due_at == datetime(2026, 3, 10, 16, 0)
    # issued on Wed 4/3, the working day before the due day: in time by date
    assert d.events[-1].kind == "apology" and d.events[-1].data["issued_in_time"] is True
    assert "apology" not in d.actions
    with pytest.raises(Conflict) as err2:  # only once
        ds.apologise(
            office_db,
            officer.actor,
            ds.ApologyCommand(d.id, "Lần hai", datetime(2026, 3, 12, 16, 0)),
            now=clock,
        )
    assert err2.value.code == "dossier.apology.once"
    assert ds.apology_reminders(office_db, now=clock) == []
    clock.set(datetime(2026, 3, 9, 15, 0))  # before the new date, after the first one
    d = ds.result_ready(office_db, officer.actor, ds.ReasonCommand(d.id), now=clock)
    assert d.timeliness == "late"  # the apology does not make it on time


def test_step_late_dossier_on_time(office_db, users, procs, clock, build) -> None:
    clerk, officer, leader = _actors(users)
    d = intake.receive_dossier(office_db, clerk, build.intake(procs.marriage), now=clock).dossier
    clock.set(datetime(2026, 3, 2, 11, 0))
    d = ds.handover(office_db, clerk, ds.HandoverCommand(d.id, officer.id), now=clock)
    step_due = d.steps[1].due_at
    assert step_due == datetime(2026, 3, 3, 17, 0)
    clock.set(datetime(2026, 3, 4, 8, 0))  # the officer hands over late
    d = ds.handover(office_db, officer.actor, ds.HandoverCommand(d.id, leader.id), now=clock)
    clock.set(datetime(2026, 3, 4, 9, 0))
    d = ds.result_ready(office_db, leader.actor, ds.ReasonCommand(d.id), now=clock)
    assert [st.timeliness for st in d.steps] == ["on_time", "late", "on_time"]
    assert d.timeliness == "early"  # due 5/3 10:00


@pytest.mark.parametrize(
    ("delivery", "own_account", "electronic", "to_account"),
    [
        ("counter", None, False, False),  # paper result handed over at the counter
        ("online", True, True, True),  # sent to the applicant's own portal account
        ("online", False, True, False),  # filed from someone else's account: not theirs
    ],
)
def test_result_returned_online_counts_for_the_citizens_account(
    office_db, users, procs, clock, build, delivery, own_account, electronic, to_account
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from tthc_desk.domain.enums import ResultDelivery
    from tthc_desk.persistence.models import Dossier

    clerk = users["canbo1"].actor
    online = own_account is not None
    cmd = build.intake(
        procs.residence,
        result_delivery=ResultDelivery(delivery),
        channel=Channel.ONLINE if online else Channel.COUNTER,
        submitted_at=datetime(2026, 3, 2, 9, 0) if online else None,
        own_account=own_account,
    )
    d = intake.receive_dossier(office_db, clerk, cmd, now=clock).dossier
    clock.set(datetime(2026, 3, 3, 9, 0))
    ds.result_ready(office_db, clerk, ds.ReasonCommand(d.id), now=clock)
    ds.return_result(office_db, clerk, ds.ReturnCommand(d.id, "Nguyễn Văn Đức"), now=clock)
    with office_db.session() as s:
        row = s.scalars(select(Dossier).where(Dossier.id == d.id)).one()
        assert (row.result_electronic, row.result_to_citizen_account) == (electronic, to_account)
