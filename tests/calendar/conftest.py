"""Fixtures for the calendar admin tests: a procedure of 3 working days and open dossiers."""

from __future__ import annotations

from datetime import datetime

import pytest

# Monday 2 March 2026 and the weeks around it hold no public holiday.
RECEIVED = {
    # code: (received_at, due_at printed on the receipt, state)
    # Mon 02/03 10:00 + 24 h: Mon 5.5 h, Tue 8 h (13.5), Wed 8 h (21.5), Thu 07:30 + 2.5 h.
    "A": (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 5, 10, 0), "in_progress"),
    # Mon 09/03 10:00 + 24 h, by the same count one week later: Thu 12/03 10:00.
    "B": (datetime(2026, 3, 9, 10, 0), datetime(2026, 3, 12, 10, 0), "received"),
    # Tue 03/03 09:00: Tue 6.5 h, Wed 8 h (14.5), Thu 8 h (22.5), Fri 07:30 + 1.5 h.
    "C": (datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 6, 9, 0), "received"),
    # Thu 26/02 10:00: Thu 5.5 h, Fri 8 h (13.5), Mon 8 h (21.5), Tue 07:30 + 2.5 h.
    "D": (datetime(2026, 2, 26, 10, 0), datetime(2026, 3, 3, 10, 0), "in_progress"),
    # Finished: its window holds Wed 04/03 but a closed dossier is never recomputed.
    "E": (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 5, 10, 0), "returned"),
}


@pytest.fixture
def dossiers(office_db, users):  # type: ignore[no-untyped-def]
    """``{code letter: dossier id}`` for the dossiers of ``RECEIVED``; D's running step
    (started Tue 03/03 09:00, 8 working hours: 6.5 h on Tue, then 07:30 + 1.5 h) is due
    Wed 04/03 09:00."""
    from tthc_desk.domain.enums import Channel, DossierState, TimeUnit
    from tthc_desk.persistence.models import Applicant, Dossier, Field, Procedure, StepRun

    made = datetime(2026, 2, 1, 8, 0)
    ids: dict[str, int] = {}
    with office_db.session() as s:
        field = Field(name="Hộ tịch", name_folded="ho tich")
        s.add(field)
        s.flush()
        proc = Procedure(
            code="1.001193",
            name="Đăng ký khai sinh",
            search_key="1.001193 dang ky khai sinh",
            field_id=field.id,
            time_amount=3,
            time_unit=TimeUnit.WORKING_DAYS,
            created_at=made,
        )
        s.add(proc)
        s.flush()
        for n, (letter, (received, due, state)) in enumerate(RECEIVED.items(), start=1):
            person = Applicant(
                full_name=f"Nguyễn Văn {letter}",
                name_folded=f"nguyen van {letter.lower()}",
                created_at=made,
                updated_at=made,
            )
            s.add(person)
            s.flush()
            d = Dossier(
                code=f"XANSON-260302-{n:04d}",
                procedure_id=proc.id,
                field_id=field.id,
                applicant_id=person.id,
                state=DossierState(state),
                channel=Channel.COUNTER,
                received_at=received,
                due_at=due,
                search_key=letter,
                created_at=received,
            )
            if state == "returned":
                d.finished_at = datetime(2026, 3, 4, 9, 0)
            s.add(d)
            s.flush()
            ids[letter] = d.id
            if letter == "D":
                s.add(
                    StepRun(
                        dossier_id=d.id,
                        position=1,
                        name="Thẩm định",
                        allotted_hours=8,
                        started_at=datetime(2026, 3, 3, 9, 0),
                        due_at=datetime(2026, 3, 4, 9, 0),
                    )
                )
    return ids
