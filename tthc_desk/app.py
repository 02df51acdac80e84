"""Entry point: with a subcommand, run it headless; without, start the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from tthc_desk.cli import build_parser

    parser = build_parser()
    ns, _rest = parser.parse_known_args(args)
    if (
        _rest
        or getattr(ns, "command", None)
        or any(a in ("-h", "--help", "--version") for a in args)
    ):
        from tthc_desk.cli import run

        return run(args)
    from tthc_desk.ui.app import run_gui

    return run_gui(db=ns.db, language=ns.lang)


if __name__ == "__main__":
    raise SystemExit(main())
