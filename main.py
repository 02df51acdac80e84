"""Start TTHC Desk: ``python main.py`` opens the app; ``python main.py --help`` lists commands."""

from tthc_desk.app import main

if __name__ == "__main__":
    raise SystemExit(main())
