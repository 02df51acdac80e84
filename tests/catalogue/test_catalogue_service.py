"""Catalogue service: create, versions, the step-sum rule, retire, search, seed loading."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from tthc_desk.domain.enums import DocumentKind, ProcedureStatus, Role, TimeUnit
from tthc_desk.domain.errors import Conflict, Forbidden, ValidationError
from tthc_desk.services import catalogue as cat


def _birth(field: str = "Hộ tịch") -> cat.ProcedureInput:
    return cat.ProcedureInput(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        time_unit=TimeUnit.WORKING_DAYS,
        time_amount=3,
        eligible_applicants="Cá nhân",
        handling_body="UBND cấp xã",
        applicant_steps="Nộp hồ sơ",
        documents=(cat.DocumentSpec("Tờ khai đăng ký khai sinh", DocumentKind.FORM),),
        steps=(
            cat.StepSpec("Tiếp nhận", Role.CLERK, 4),
            cat.StepSpec("Thẩm định", Role.OFFICER, 16),
            cat.StepSpec("Ký", Role.LEADER, 4),
        ),
        fees=(cat.FeeSpec("Lệ phí", None, "Miễn khi đúng hạn"),),
    )


@pytest.fixture
def field_db(office_db, admin):  # type: ignore[no-untyped-def]
    cat.create_field(office_db, admin, "Hộ tịch")
    return office_db


def test_create_and_read_back(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    view = cat.create_procedure(field_db, admin, _birth())
    assert view.version == 1 and view.is_current and view.status is ProcedureStatus.ACTIVE
    again = cat.get_procedure(field_db, view.id)
    assert again.data == view.data
    assert again.data.fees[0].amount_vnd is None
    assert again.missing_parts == ()


def test_field_matched_without_diacritics(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    view = cat.create_procedure(field_db, admin, _birth(field="ho tich"))
    assert view.data.field == "Hộ tịch"


def test_unknown_field_refused(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        cat.create_procedure(field_db, admin, _birth(field="Không có"))
    assert e.value.code == "catalogue.field.unknown"


def test_steps_must_add_up(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    bad = replace(_birth(), steps=(cat.StepSpec("Tất cả", Role.OFFICER, 20),))
    with pytest.raises(ValidationError) as e:
        cat.create_procedure(field_db, admin, bad)
    assert e.value.code == "catalogue.steps.sum"
    assert e.value.params["total"] == "20" and e.value.params["expected"] == "24"


def test_same_day_is_one_working_day() -> None:
    data = replace(_birth(), time_unit=TimeUnit.SAME_DAY, time_amount=None, cutoff_minutes=900)
    data = replace(
        data, steps=(cat.StepSpec("A", Role.CLERK, 2), cat.StepSpec("B", Role.LEADER, 6))
    )
    assert [p.code for p in cat.check_procedure(data, 8.0)] == []
    half = replace(data, steps=(cat.StepSpec("Một bước", Role.OFFICER, 4),))
    assert [p.code for p in cat.check_procedure(half, 8.0)] == ["catalogue.steps.sum"]


def test_hours_unit_and_default_steps_add_up() -> None:
    for unit, amount in (
        (TimeUnit.WORKING_HOURS, 4),
        (TimeUnit.WORKING_DAYS, 0.5),
        (TimeUnit.WORKING_DAYS, 30),
        (TimeUnit.SAME_DAY, None),
    ):
        steps = cat.default_steps(unit, amount, 8.0)
        expected = cat.expected_step_hours(unit, amount, 8.0)
        assert steps and abs(sum(s.hours for s in steps) - expected) < 0.01
        assert all(s.hours > 0 for s in steps)


def test_edit_makes_a_new_version_and_keeps_the_old(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    v1 = cat.create_procedure(field_db, admin, _birth())
    new_docs = v1.data.documents + (cat.DocumentSpec("Giấy chứng sinh"),)
    v2 = cat.update_procedure(field_db, admin, v1.id, replace(v1.data, documents=new_docs))
    assert v2.id != v1.id and v2.version == 2 and v2.is_current
    old = cat.get_procedure(field_db, v1.id)
    assert not old.is_current and len(old.data.documents) == 1  # the old version is untouched
    assert len(v2.data.documents) == 2 and len(v2.data.steps) == 3  # parts copied
    assert [r.version for r in cat.procedure_versions(field_db, "1.001193")] == [2, 1]
    with pytest.raises(Conflict):
        cat.update_procedure(field_db, admin, v1.id, v1.data)
    same = cat.update_procedure(field_db, admin, v2.id, v2.data)
    assert same.id == v2.id  # nothing changed: no version 3
    with pytest.raises(ValidationError):
        cat.update_procedure(field_db, admin, v2.id, replace(v2.data, code="1.000000"))


def test_retire_and_restore(field_db, admin) -> None:  # type: ignore[no-untyped-def]
    v1 = cat.create_procedure(field_db, admin, _birth())
    with pytest.raises(ValidationError):
        cat.retire_procedure(field_db, admin, v1.id, "  ")
    gone = cat.retire_procedure(field_db, admin, v1.id, "Bãi bỏ theo QĐ 5/QĐ-UBND")
    assert gone.status is ProcedureStatus.RETIRED
    assert cat.search_procedures(field_db, "khai sinh") == []
    assert len(cat.search_procedures(field_db, "khai sinh", include_retired=True)) == 1
    with pytest.raises(Conflict):
        cat.update_procedure(field_db, admin, v1.id, v1.data)
    back = cat.restore_procedure(field_db, admin, v1.id)
    assert back.status is ProcedureStatus.ACTIVE


def test_duplicate_code_and_roles(field_db, admin, users) -> None:  # type: ignore[no-untyped-def]
    cat.create_procedure(field_db, admin, _birth())
    with pytest.raises(Conflict):
        cat.create_procedure(field_db, admin, _birth())
    with pytest.raises(Forbidden):
        cat.create_procedure(field_db, users["canbo1"].actor, replace(_birth(), code="2.1"))


def test_search_with_and_without_diacritics(catalogue_db) -> None:  # type: ignore[no-untyped-def]
    a = {r.code for r in cat.search_procedures(catalogue_db, "đăng ký khai sinh")}
    b = {r.code for r in cat.search_procedures(catalogue_db, "dang ky khai sinh")}
    c = {r.code for r in cat.search_procedures(catalogue_db, "DANG KY KHAI SINH")}
    assert a == b == c and "1.001193" in a
    assert [r.code for r in cat.search_procedures(catalogue_db, "1.001193")] == ["1.001193"]
    assert cat.count_procedures(catalogue_db, "khai sinh") == len(a)
    assert cat.search_procedures(catalogue_db, "100%_") == []  # LIKE wildcards are literal


def test_keyset_paging(catalogue_db) -> None:  # type: ignore[no-untyped-def]
    first = cat.search_procedures(catalogue_db, limit=20)
    rest = cat.search_procedures(catalogue_db, after=(first[-1].code, first[-1].id), limit=100)
    codes = [r.code for r in first + rest]
    assert len(codes) == 47 and codes == sorted(codes) and len(set(codes)) == 47


def test_seed_loader_maps_units_channels_fees(catalogue_db) -> None:  # type: ignore[no-untyped-def]
    birth = cat.get_current_by_code(catalogue_db, "1.001193").data
    assert birth.time_unit is TimeUnit.SAME_DAY and birth.cutoff_minutes == 15 * 60
    assert birth.channel_counter and birth.channel_post and birth.online_service.value == "full"
    assert birth.fees[0].amount_vnd is None  # provincial
    assert abs(sum(s.hours for s in birth.steps) - 8) < 0.01
    residence = cat.get_current_by_code(catalogue_db, "1.004222").data
    assert residence.vertical_agency == "police"
    assert residence.time_unit is TimeUnit.WORKING_DAYS and residence.time_amount == 7
    assert abs(sum(s.hours for s in residence.steps) - 56) < 0.01
    assert all(s.role is not Role.LEADER for s in residence.steps)
    stay = cat.get_current_by_code(catalogue_db, "2.001159").data  # "ngay": at once
    assert stay.time_unit is TimeUnit.SAME_DAY
    fields = {f.name: f.procedure_count for f in cat.list_fields(catalogue_db)}
    assert fields["Hộ tịch"] == 12 and sum(fields.values()) == 47
    local = [r for r in cat.search_procedures(catalogue_db, "XA-")]
    assert len(local) == 6  # the six records without a national code


def test_seed_loader_is_idempotent(catalogue_db, admin) -> None:  # type: ignore[no-untyped-def]
    from catalogue_data import real_records

    from tthc_desk.services.catalogue_seed import load_seed_procedures

    assert load_seed_procedures(catalogue_db, admin, real_records()) == 0


def test_posting_warning_after_five_working_days(catalogue_db, admin) -> None:  # type: ignore[no-untyped-def]
    from tthc_desk.services import notices

    v = cat.get_current_by_code(catalogue_db, "1.001193")
    # Decision on Monday 2 June 2025: due at the end of Monday 9 June (5 working days after).
    v2 = cat.update_procedure(
        catalogue_db, admin, v.id,
        replace(v.data, decision_no="99/QĐ-UBND", decision_date=date(2025, 6, 2)),
        now=lambda: datetime(2025, 6, 2, 9, 0),
    )  # fmt: skip

    def status(at: datetime):  # type: ignore[no-untyped-def]
        return {s.code: s for s in notices.posting_status(catalogue_db, now=lambda: at)}

    s = status(datetime(2025, 6, 9, 17, 0))["1.001193"]
    assert s.due_at == datetime(2025, 6, 9, 17, 30) and not s.overdue
    s = status(datetime(2025, 6, 10, 8, 0))["1.001193"]
    assert s.overdue and s.state == "not_posted"
    warned = notices.posting_warnings(catalogue_db, now=lambda: datetime(2025, 6, 10, 8, 0))
    assert "1.001193" in {w.code for w in warned}
    notices.record_printed(catalogue_db, admin, [v2.id], now=lambda: datetime(2025, 6, 10, 8, 0))
    assert status(datetime(2025, 6, 10, 9, 0))["1.001193"].state == "printed"
    notices.record_posted(catalogue_db, admin, [v2.id], now=lambda: datetime(2025, 6, 10, 9, 30))
    s = status(datetime(2025, 6, 11, 9, 0))["1.001193"]
    assert s.state == "posted_late" and not s.overdue
    # The posting belonged to version 2: a new decision needs a new posting.
    v3 = cat.update_procedure(
        catalogue_db, admin, v2.id,
        replace(v2.data, decision_no="120/QĐ-UBND", decision_date=date(2025, 6, 12)),
        now=lambda: datetime(2025, 6, 12, 9, 0),
    )  # fmt: skip
    s = status(datetime(2025, 6, 30, 9, 0))["1.001193"]
    assert s.procedure_id == v3.id and s.state == "not_posted" and s.overdue
    notices.record_posted(catalogue_db, admin, [v3.id], now=lambda: datetime(2025, 6, 13, 9, 0))
    assert status(datetime(2025, 6, 30, 9, 0))["1.001193"].state == "posted"
