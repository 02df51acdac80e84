"""Subcommands of the command line, one module each, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
from datetime import date, datetime


def date_arg(text: str) -> date:
    """A date given on the command line: 2026-03-31 or 31/03/2026."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {text} (dạng 2026-03-31 hoặc 31/03/2026)")
