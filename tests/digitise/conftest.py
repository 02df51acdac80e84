"""Fixtures for digitisation: a test PKI, a SoftHSM2 token, dossiers made with the ORM, PDFs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import img2pdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.support import pki

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "resources" / "fonts" / "NotoSerif-Regular.ttf"
P12_PASSPHRASE = "mật-khẩu-số-hóa"
TOKEN_LABEL = "TTHC-SOHOA"
USER_PIN = "135790"
NOW = datetime(2025, 3, 10, 9, 30)


@dataclass(frozen=True)
class Pki:
    root: pki.Issued
    intermediate: pki.Issued
    officer: pki.Issued
    stranger: pki.Issued
    p12: Path
    stranger_p12: Path
    root_pem: Path
    root_der: Path
    passphrase: str = P12_PASSPHRASE


@pytest.fixture(scope="session")
def dpki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    base = tmp_path_factory.mktemp("dpki")
    root = pki.make_ca("Root CA Số hóa Thử nghiệm")
    inter = pki.make_ca("CA Trung gian Thử nghiệm", issuer=root)
    officer = pki.issue_officer(inter, "Lê Văn Tư", org="UBND xã An Sơn")
    stranger_root = pki.make_ca("Gốc Lạ")
    stranger = pki.issue_officer(stranger_root, "Người Ngoài", org="Nơi khác")
    p12 = base / "officer.p12"
    p12.write_bytes(pki.to_pkcs12(officer, P12_PASSPHRASE))
    stranger_p12 = base / "stranger.p12"
    stranger_p12.write_bytes(pki.to_pkcs12(stranger, P12_PASSPHRASE))
    root_pem = base / "root.pem"
    root_pem.write_bytes(root.cert_pem)
    root_der = base / "root.cer"
    root_der.write_bytes(root.cert_der)
    return Pki(root, inter, officer, stranger, p12, stranger_p12, root_pem, root_der)


@dataclass(frozen=True)
class Token:
    module: Path
    label: str
    pin: str
    officer: pki.Issued


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, dpki: Pki) -> Iterator[Token]:
    """A SoftHSM2 token with the officer's key and certificate (and the intermediate CA)."""
    module = pki.find_softhsm_module()
    if module is None or pki.find_softhsm_util() is None:
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")
    workdir = tmp_path_factory.mktemp("softhsm-digitise")
    old_conf = os.environ.get("SOFTHSM2_CONF")
    pki.init_softhsm(workdir, TOKEN_LABEL, USER_PIN)
    import pkcs11

    # The module may already be loaded by other tests with another configuration: SoftHSM2
    # reads SOFTHSM2_CONF again when it is initialised anew.
    pkcs11.lib(str(module)).reinitialize()
    officer = pki.issue_officer(dpki.intermediate, "Lê Văn Tư", org="UBND xã An Sơn")
    pki.import_to_token(
        module,
        TOKEN_LABEL,
        USER_PIN,
        officer,
        b"\x07",
        "Chu ky so",
        extra_certs=(dpki.intermediate.cert,),
    )
    yield Token(module, TOKEN_LABEL, USER_PIN, officer)
    if old_conf is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old_conf
    # Leave the module uninitialised: whoever loads it next reads their own configuration.
    lib = pkcs11.lib(str(module))
    if hasattr(lib, "finalize"):
        lib.finalize()
    else:  # pragma: no cover - older python-pkcs11
        lib.reinitialize()


def make_page(path: Path, lines: list[str], *, size=(1240, 1754), dpi: int = 150) -> Path:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), max(12, dpi // 4))
    for i, line in enumerate(lines):
        draw.text((dpi // 2, dpi // 2 + i * int(dpi / 2.5)), line, font=font, fill="black")
    image.save(path, dpi=(dpi, dpi))
    return path


@pytest.fixture(scope="session")
def scan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page A4 'scan' with text in its upper half."""
    base = tmp_path_factory.mktemp("scan-pdf")
    png = make_page(
        base / "cccd.png",
        ["CĂN CƯỚC CÔNG DÂN", "Họ và tên: NGUYỄN THỊ BÌNH", "Số: 030190001234"]
        + [f"Dòng {i}: Cộng hòa xã hội chủ nghĩa Việt Nam" for i in range(10)],
    )
    out = base / "cccd.pdf"
    out.write_bytes(img2pdf.convert([str(png)]))
    return out


@pytest.fixture
def page_image(tmp_path: Path) -> Callable[..., Path]:
    def _make(name: str, text: str = "Trang", **kw) -> Path:  # type: ignore[no-untyped-def]
        return make_page(tmp_path / name, [text], **kw)

    return _make


@dataclass(frozen=True)
class World:
    """Ids of the rows made for a test."""

    procedure_id: int
    required_ids: tuple[int, ...]
    applicant_id: int
    personal_id: str
    dossier_id: int
    dossier_code: str
    cert_procedure_id: int


@pytest.fixture
def world(office_db) -> World:  # type: ignore[no-untyped-def]
    """A procedure with two required documents, an applicant and one received dossier."""
    from tthc_desk.domain.enums import (
        Channel,
        DocumentKind,
        DossierState,
        TimeUnit,
    )
    from tthc_desk.persistence.models import (
        Applicant,
        Dossier,
        Field,
        Procedure,
        RequiredDocument,
    )

    with office_db.session() as s:
        field = Field(name="Hộ tịch", name_folded="ho tich")
        cert_field = Field(name="Chứng thực", name_folded="chung thuc")
        s.add_all([field, cert_field])
        s.flush()
        proc = Procedure(
            code="1.001193",
            name="Thủ tục đăng ký khai sinh",
            search_key="1.001193 thu tuc dang ky khai sinh",
            field_id=field.id,
            time_amount=1,
            time_unit=TimeUnit.WORKING_DAYS,
            result_name="Giấy khai sinh",
            created_at=NOW,
        )
        cert_proc = Procedure(
            code="2.000815",
            name="Chứng thực bản sao từ bản chính",
            search_key="2.000815 chung thuc ban sao tu ban chinh",
            field_id=cert_field.id,
            time_amount=1,
            time_unit=TimeUnit.WORKING_DAYS,
            certification=True,
            created_at=NOW,
        )
        s.add_all([proc, cert_proc])
        s.flush()
        req = [
            RequiredDocument(
                procedure_id=proc.id,
                position=1,
                name="Tờ khai đăng ký khai sinh",
                kind=DocumentKind.ORIGINAL,
            ),
            RequiredDocument(
                procedure_id=proc.id,
                position=2,
                name="Giấy chứng sinh",
                kind=DocumentKind.ORIGINAL,
            ),
            RequiredDocument(
                procedure_id=cert_proc.id,
                position=1,
                name="Bản chính giấy tờ cần chứng thực",
                kind=DocumentKind.ORIGINAL,
            ),
        ]
        s.add_all(req)
        applicant = Applicant(
            personal_id="030190001234",
            full_name="Nguyễn Thị Bình",
            name_folded="nguyen thi binh",
            created_at=NOW,
            updated_at=NOW,
        )
        s.add(applicant)
        s.flush()
        dossier = Dossier(
            code="XANSON-250310-0001",
            procedure_id=proc.id,
            field_id=field.id,
            applicant_id=applicant.id,
            state=DossierState.RECEIVED,
            channel=Channel.COUNTER,
            received_at=NOW,
            due_at=NOW.replace(day=11),
            search_key="xanson-250310-0001 nguyen thi binh",
            created_at=NOW,
        )
        s.add(dossier)
        s.flush()
        return World(
            proc.id,
            tuple(r.id for r in req[:2]),
            applicant.id,
            applicant.personal_id or "",
            dossier.id,
            dossier.code,
            cert_proc.id,
        )


@pytest.fixture
def new_dossier(office_db, world: World) -> Callable[..., tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Factory: another dossier of the same applicant (``procedure_id``, ``received_at``)."""
    from tthc_desk.domain.enums import Channel, DossierState
    from tthc_desk.persistence.models import Dossier, Procedure

    counter = [1]

    def _make(procedure_id: int | None = None, received_at: datetime = NOW) -> tuple[int, str]:
        counter[0] += 1
        with office_db.session() as s:
            proc = s.get(Procedure, procedure_id or world.procedure_id)
            code = f"XANSON-{received_at:%y%m%d}-{counter[0]:04d}"
            d = Dossier(
                code=code,
                procedure_id=proc.id,
                field_id=proc.field_id,
                applicant_id=world.applicant_id,
                state=DossierState.RECEIVED,
                channel=Channel.COUNTER,
                received_at=received_at,
                search_key=code.lower(),
                created_at=received_at,
            )
            s.add(d)
            s.flush()
            return d.id, code

    return _make


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


@pytest.fixture
def copy_file(tmp_path: Path) -> Callable[[Path, str], Path]:
    def _copy(src: Path, name: str) -> Path:
        dst = tmp_path / name
        shutil.copyfile(src, dst)
        return dst

    return _copy
