"""Ratings: the queue of returned dossiers not yet rated, recording through ``dossiers.rate``, and
the statistics of a period (by level, field, officer; share rated against 100%)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from feedback_helpers import make_dossier, make_procedure
from sqlalchemy import func, select

from tthc_desk.domain.enums import DossierState
from tthc_desk.domain.errors import Conflict, ValidationError
from tthc_desk.persistence.db import Database
from tthc_desk.persistence.models import Rating
from tthc_desk.services import demo, ratings


@pytest.fixture
def rated_db(office_db, users):  # type: ignore[no-untyped-def]
    """Six dossiers: five returned in April 2026 (three rated), one returned in May, one still in
    progress; officers Lê Văn Tư (congchuc1) and Nguyễn Đức Ngọc (chutich)."""
    tu, ngoc = users["congchuc1"].id, users["chutich"].id
    ht = make_procedure(office_db, "1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
    ct = make_procedure(office_db, "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực")
    ids = {
        "a": make_dossier(office_db, ht, "Nguyễn Văn An", datetime(2026, 4, 6, 9), (tu, ngoc),
                          "very_satisfied"),
        "b": make_dossier(office_db, ht, "Trần Thị Bình", datetime(2026, 4, 8, 9), (tu,),
                          "not_satisfied", "Phải chờ lâu, cán bộ hướng dẫn chưa rõ."),
        "c": make_dossier(office_db, ct, "Lê Văn Cường", datetime(2026, 4, 10, 9), (ngoc,),
                          "satisfied"),
        "d": make_dossier(office_db, ct, "Phạm Thị Dung", datetime(2026, 4, 20, 15), (ngoc,)),
        "e": make_dossier(office_db, ht, "Đỗ Văn Em", datetime(2026, 4, 30, 8), (tu,)),
        "f": make_dossier(office_db, ht, "Hoàng Văn Phúc", datetime(2026, 5, 4, 8), (tu,)),
        "g": make_dossier(office_db, ht, "Vũ Thị Giang", None, (tu,),
                          state=DossierState.IN_PROGRESS),
    }  # fmt: skip
    return office_db, ids


def test_queue_lists_returned_unrated_newest_first(rated_db) -> None:  # type: ignore[no-untyped-def]
    db, ids = rated_db
    rows = ratings.queue(db)
    assert [r.dossier_id for r in rows] == [ids["f"], ids["e"], ids["d"]]
    assert rows[1].applicant == "Đỗ Văn Em" and rows[1].officers == "Lê Văn Tư"
    assert rows[2].field == "Chứng thực" and rows[2].returned_at == datetime(2026, 4, 20, 15)
    # Search without diacritics, by name or code.
    assert [r.dossier_id for r in ratings.queue(db, "do van em")] == [ids["e"]]


def test_rate_by_level_reuses_dossiers_rate(rated_db, clerk) -> None:  # type: ignore[no-untyped-def]
    db, ids = rated_db
    at = datetime(2026, 5, 4, 9, 0)
    done = ratings.rate(db, clerk, ids["d"], "not_satisfied", "  Chờ  lâu ", lambda: at)
    assert (done.level, done.comment, done.rated_at) == ("not_satisfied", "Chờ lâu", at)
    assert [r.dossier_id for r in ratings.queue(db)] == [ids["f"], ids["e"]]
    with pytest.raises(Conflict, match="rating.exists"):
        ratings.rate(db, clerk, ids["d"], "satisfied")
    with pytest.raises(Conflict, match="rating.not_returned"):
        ratings.rate(db, clerk, ids["g"], "satisfied")
    with pytest.raises(ValidationError, match="rating.level"):
        ratings.rate(db, clerk, ids["e"], "5 sao")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 4


def test_statistics_of_april(rated_db) -> None:  # type: ignore[no-untyped-def]
    db, ids = rated_db
    st = ratings.statistics(db, date(2026, 4, 1), date(2026, 4, 30))
    t = st.total
    assert (t.returned, t.rated, t.very_satisfied, t.satisfied, t.not_satisfied) == (5, 3, 1, 1, 1)
    assert t.rated_share == pytest.approx(0.6) and not st.target_met
    assert t.satisfied_share == pytest.approx(2 / 3)
    # Fields sorted as Vietnamese readers expect (Chứng thực before Hộ tịch).
    assert [(f.name, f.returned, f.rated, f.not_satisfied) for f in st.by_field] == [
        ("Chứng thực", 2, 1, 0),
        ("Hộ tịch", 3, 2, 1),
    ]
    # A dossier counts for every officer who worked one of its steps.
    assert [(o.name, o.returned, o.rated) for o in st.by_officer] == [
        ("Lê Văn Tư", 3, 2),
        ("Nguyễn Đức Ngọc", 3, 2),
    ]
    [bad] = st.not_satisfied
    assert bad.dossier_id == ids["b"] and bad.comment.startswith("Phải chờ lâu")
    assert bad.officers == "Lê Văn Tư"
    may = ratings.statistics(db, date(2026, 5, 1), date(2026, 5, 31))
    assert may.total.returned == 1 and may.total.rated_share == 0.0
    empty = ratings.statistics(db, date(2025, 1, 1), date(2025, 1, 31))
    assert empty.total.returned == 0 and empty.total.rated_share == 1.0 and empty.target_met
    with pytest.raises(ValidationError, match="ratings.period"):
        ratings.statistics(db, date(2026, 5, 1), date(2026, 4, 1))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    demo.build_demo(db, years=0.03, per_day=10, today=datetime(2026, 11, 20, 10, 0))
    return db


def test_demo_commune_queue_and_stats_agree(demo_db: Database) -> None:
    from tthc_desk.persistence.models import Dossier

    with demo_db.session() as s:
        returned = s.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.state == DossierState.RETURNED)
        )
        rated = s.scalar(select(func.count()).select_from(Rating))
    queue = ratings.queue(demo_db)
    assert returned and len(queue) == returned - rated
    st = ratings.statistics(demo_db, date(2026, 1, 1), date(2026, 12, 31))
    assert st.total.returned == returned and st.total.rated == rated
    assert st.total.unrated == len(queue)
    assert sum(f.returned for f in st.by_field) == returned
    assert st.by_officer and all(o.returned <= returned for o in st.by_officer)
