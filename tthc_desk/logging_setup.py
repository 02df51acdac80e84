"""Logging to a rotating file in the data folder; libraries' tracebacks never reach the user."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from tthc_desk.paths import log_path
from tthc_desk.private_files import make_private

#: 9- or 12-digit personal IDs (CMND / CCCD) and Vietnamese phone numbers (0xx or +84, with
#: optional spaces, dots or dashes between groups): masked in every log line (Decree 13/2023).
_PERSONAL = re.compile(
    r"(?<![\d])(?:\+?84|0)(?:[ .-]?\d){8,10}(?![\d])"
    r"|(?<![\d])\d{12}(?![\d])|(?<![\d])\d{9}(?![\d])"
)


def mask_personal(text: str) -> str:
    """Replace personal IDs and phone numbers in ``text`` by ``***`` plus their last 2 digits."""

    def hide(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        return "***" + digits[-2:]

    return _PERSONAL.sub(hide, text)


class PersonalDataFilter(logging.Filter):
    """Masks personal IDs and phone numbers in the message and in any traceback text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal(record.stack_info)
        return True


_handler: logging.handlers.RotatingFileHandler | None = None


def configure_logging(level: int = logging.INFO) -> None:
    """Send the app's and libraries' logs to ``logs/tthc_desk.log`` in the data folder.

    Calling it again is cheap; when the data folder has changed (another ``--db`` home, or a
    test's private folder) the file handler follows it.
    """
    global _handler
    target = log_path()
    root = logging.getLogger()
    if _handler is not None:
        if Path(_handler.baseFilename) == target.resolve():
            return
        root.removeHandler(_handler)
        _handler.close()
    _handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _handler.addFilter(PersonalDataFilter())
    make_private(target)
    root.setLevel(level)
    root.addHandler(_handler)
    logging.captureWarnings(True)
