"""Fixtures for adapter tests: a test PKI, PKCS#12 files, a SoftHSM2 token, sample PDFs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.support import pki

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "NotoSerif-Regular.ttf"
P12_PASSPHRASE = "mật-khẩu-123"
TOKEN_LABEL = "TTHC-TOKEN"
USER_PIN = "246810"


@dataclass(frozen=True)
class PkiSet:
    root: pki.Issued
    intermediate: pki.Issued
    officer: pki.Issued  # issued by the intermediate
    stranger_root: pki.Issued
    stranger: pki.Issued  # outside the office's trust
    p12: Path
    stranger_p12: Path
    passphrase: str = P12_PASSPHRASE


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> PkiSet:
    base = tmp_path_factory.mktemp("pki")
    root = pki.make_ca("TTHC Test Root CA")
    inter = pki.make_ca("TTHC Test Issuing CA", issuer=root)
    officer = pki.issue_officer(inter, "Nguyễn Văn An")
    stranger_root = pki.make_ca("Unknown Root")
    stranger = pki.issue_officer(stranger_root, "Lê Thị Lạ", org="Nơi khác")
    p12 = base / "officer.p12"
    p12.write_bytes(pki.to_pkcs12(officer, P12_PASSPHRASE))
    stranger_p12 = base / "stranger.p12"
    stranger_p12.write_bytes(pki.to_pkcs12(stranger, P12_PASSPHRASE))
    return PkiSet(root, inter, officer, stranger_root, stranger, p12, stranger_p12)


@dataclass(frozen=True)
class SoftToken:
    module: Path
    label: str
    pin: str
    renewed: pki.Issued  # the current certificate (key id 02)
    old: pki.Issued  # an older certificate of the same officer (key id 01), same label


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory, test_pki: PkiSet) -> Iterator[SoftToken]:
    """A SoftHSM2 token holding TWO certificates of the same officer under the same label."""
    module = pki.find_softhsm_module()
    if module is None or pki.find_softhsm_util() is None:
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")
    workdir = tmp_path_factory.mktemp("softhsm")
    old_conf = os.environ.get("SOFTHSM2_CONF")
    pki.init_softhsm(workdir, TOKEN_LABEL, USER_PIN)
    old = pki.issue_officer(test_pki.intermediate, "Nguyễn Văn An", days=400)
    renewed = pki.issue_officer(test_pki.intermediate, "Nguyễn Văn An", days=800)
    for issued, key_id in ((old, b"\x01"), (renewed, b"\x02")):
        # Same label on both, as some Vietnamese tokens do: the picker must not rely on labels.
        pki.import_to_token(
            module,
            TOKEN_LABEL,
            USER_PIN,
            issued,
            key_id,
            "Chu ky so",
            extra_certs=(test_pki.intermediate.cert,) if key_id == b"\x01" else (),
        )
    yield SoftToken(module, TOKEN_LABEL, USER_PIN, renewed, old)
    if old_conf is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old_conf


def make_text_image(
    path: Path, lines: list[str], *, size: tuple[int, int] = (1240, 1754), dpi: int = 150
) -> Path:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), max(12, dpi // 4))
    for i, line in enumerate(lines):
        draw.text((dpi // 2, dpi // 2 + i * int(dpi / 2.5)), line, font=font, fill="black")
    image.save(path, dpi=(dpi, dpi))
    return path


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One A4 page at 150 dpi with Vietnamese text on its upper half (free space below)."""
    base = tmp_path_factory.mktemp("pdfs")
    png = make_text_image(
        base / "page.png",
        [f"Dòng {i}: Cộng hòa xã hội chủ nghĩa Việt Nam" for i in range(18)],
    )
    out = base / "sample.pdf"
    out.write_bytes(img2pdf.convert([str(png)]))
    return out


@pytest.fixture(scope="session")
def full_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page full of text down to the bottom: no room for a stamp."""
    base = tmp_path_factory.mktemp("pdfs-full")
    png = make_text_image(
        base / "full.png",
        [f"Dòng {i}: Độc lập - Tự do - Hạnh phúc, hồ sơ số {i:03d}" for i in range(52)],
        dpi=150,
    )
    out = base / "full.pdf"
    out.write_bytes(img2pdf.convert([str(png)]))
    return out


@pytest.fixture
def text_image():
    """Factory: ``text_image(path, lines, size=..., dpi=...)`` draws Vietnamese text in a PNG."""
    return make_text_image


@pytest.fixture
def copy_of(tmp_path: Path):
    def _copy(src: Path, name: str | None = None) -> Path:
        dst = tmp_path / (name or src.name)
        shutil.copyfile(src, dst)
        return dst

    return _copy
