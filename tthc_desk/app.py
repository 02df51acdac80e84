"""Entry point: with a subcommand, run it headless; without, start the desktop app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from tthc_desk.cli import chosen_command

    # a subcommand, or help/version: the command line (only that command's module imported)
    if chosen_command(args) or any(a in ("-h", "--help", "--version") for a in args):
        from tthc_desk.cli import run

        return run(args)
    gui = argparse.ArgumentParser(add_help=False)
    gui.add_argument("--db")
    gui.add_argument("--lang", choices=["vi", "en"])
    ns, rest = gui.parse_known_args(args)
    if rest:  # something the desktop app does not take: the command line says what is wrong
        from tthc_desk.cli import run

        return run(args)
    from tthc_desk.ui.app import run_gui

    return run_gui(db=ns.db, language=ns.lang)


if __name__ == "__main__":
    raise SystemExit(main())
