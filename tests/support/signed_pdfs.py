"""Signed PDFs for tests: a form, a field changed later, a damaged signature, a signature
made outside the app (pyHanko directly, e.g. with SHA-1 or a not-yet-valid certificate)."""

from __future__ import annotations

import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.support.pki import Issued


def form_pdf(out: Path, field: str = "le_phi", value: str = "50000") -> Path:
    """A one-page PDF with one text field."""
    c = canvas.Canvas(str(out), pagesize=A4)
    c.drawString(72, 800, "GIAY CHUNG NHAN")
    c.acroForm.textfield(name=field, value=value, x=72, y=700, width=200, height=20)
    c.save()
    return out


def change_field(src: Path, dst: Path, name: str, value: str) -> None:
    """What anyone can do to a signed PDF: pypdf's incremental writer fills a field anew."""
    writer = PdfWriter(str(src), incremental=True)
    writer.update_page_form_field_values(writer.pages[0], {name: value}, auto_regenerate=False)
    with dst.open("wb") as fh:
        writer.write(fh)


def break_last_signature(path: Path, out: Path) -> None:
    """Overwrite the CMS of the last signature with bytes that are not DER (pdfsig still reads
    the first signature)."""
    data = bytearray(path.read_bytes())
    starts = [m.start() for m in re.finditer(rb"/Contents\s*<", bytes(data))]
    at = data.index(b"<", starts[-1]) + 1
    data[at : at + 40] = b"3082FFFF" + b"00" * 8 + b"DEADBEEFDEADBEEF"  # same length
    out.write_bytes(bytes(data))


def sign_with_pyhanko(src: Path, dst: Path, issued: Issued, md: str = "sha256") -> None:
    """A signature made outside the app (pyHanko directly, no checks of ours)."""
    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(
        signing_cert=ax509.Certificate.load(issued.cert_der),
        signing_key=akeys.PrivateKeyInfo.load(issued.key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [
                ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                for c in issued.chain
            ]
        ),
    )
    with src.open("rb") as fh, dst.open("wb") as out:
        signers.sign_pdf(
            IncrementalPdfFileWriter(fh),
            signers.PdfSignatureMetadata(field_name="Ngoai", md_algorithm=md),
            signer=signer,
            output=out,
        )


def add_note(src: Path, dst: Path, text: str) -> None:
    """A sticky note (a /Text annotation) added by pypdf's incremental writer, as a PDF viewer
    would add a comment."""
    from pypdf.annotations import Text

    writer = PdfWriter(str(src), incremental=True)
    writer.add_annotation(0, Text(text=text, rect=(400, 700, 420, 720)))
    with dst.open("wb") as fh:
        writer.write(fh)


def stamp_over(src: Path, dst: Path, text: str) -> None:
    """New page content drawn over the signed page (a later revision that changes what is
    shown, not a form field or an annotation)."""
    import io

    from pypdf import PdfReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 760, text)
    c.save()
    overlay = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    writer = PdfWriter(str(src), incremental=True)
    writer.pages[0].merge_page(overlay)
    with dst.open("wb") as fh:
        writer.write(fh)
