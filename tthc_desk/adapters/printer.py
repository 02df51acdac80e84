"""The system's print spooler: send a PDF file as it is to a named printer (CUPS ``lp``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tthc_desk.domain.errors import AppError


@dataclass(frozen=True)
class SpoolJob:
    """What to send: the file, the printer's system name, copies and an optional page range."""

    path: Path
    printer: str
    copies: int = 1
    first_page: int = 0  # 1-based; 0 = from the start
    last_page: int = 0  # 1-based; 0 = to the end
    title: str = ""


def spooler_available() -> bool:
    """True where PDFs can go to the printer natively (CUPS ``lp`` on Linux and macOS)."""
    return sys.platform != "win32" and shutil.which("lp") is not None


def lp_command(job: SpoolJob) -> list[str]:
    """The ``lp`` command line of a job (the spooler renders the PDF at the printer's
    own resolution, so nothing is rasterised in the app)."""
    cmd = ["lp", "-d", job.printer, "-n", str(max(1, job.copies))]
    if job.first_page or job.last_page:
        first = job.first_page or 1
        cmd += ["-P", f"{first}-{job.last_page}" if job.last_page else f"{first}-"]
    if job.title:
        cmd += ["-t", job.title]
    cmd.append(str(job.path))
    return cmd


def send_to_spooler(job: SpoolJob, error_code: str = "print.failed") -> str:
    """Queue the PDF on the printer; returns the spooler's answer (the job id line)."""
    try:
        done = subprocess.run(lp_command(job), capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AppError(error_code, detail=str(exc)) from exc
    if done.returncode != 0:
        raise AppError(error_code, detail=done.stderr.strip())
    return done.stdout.strip()
