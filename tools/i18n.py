"""Translation upkeep: extract tr() strings into the .ts files, list and fill missing English
translations, and compile .qm files (the app loads resources/i18n/*.qm).

    python tools/i18n.py update          # run pyside6-lupdate over tthc_desk/ → tthc_desk_en.ts
    python tools/i18n.py missing > m.json  # {context: {vietnamese source: ""}} still untranslated
    python tools/i18n.py apply m.json    # write the filled-in English back into the .ts
    python tools/i18n.py release         # pyside6-lrelease → .qm
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
TS_EN = I18N / "tthc_desk_en.ts"
TS_QT_VI = I18N / "qtbase_vi.ts"


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tthc_desk").rglob("*.py")
        if "migrations" not in p.parts
    )


def update(ts: Path = TS_EN) -> None:
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "vi",
            "-target-language",
            "en",
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
    )


def unfinished(ts: Path = TS_EN) -> dict[str, dict[str, str]]:
    tree = ET.parse(ts)
    out: dict[str, dict[str, str]] = {}
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if msg.get("numerus") == "yes" and tr is not None:
                forms = [f.text or "" for f in tr.iter("numerusform")]
                if tr.get("type") in ("vanished", "obsolete"):
                    continue
                if tr.get("type") == "unfinished" or not all(f.strip() for f in forms):
                    # English has two forms: ["one", "other"], each with %n
                    out.setdefault(name, {})[msg.findtext("source") or ""] = ["", ""]  # type: ignore[assignment]
                continue
            if (
                tr is None
                or tr.get("type") in ("unfinished", "vanished", "obsolete")
                or not (tr.text or "").strip()
            ):
                if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                    continue
                out.setdefault(name, {})[msg.findtext("source") or ""] = ""
    return out


def apply(path: Path, ts: Path = TS_EN) -> int:
    filled: dict[str, dict[str, str | list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    tree = ET.parse(ts)
    n = 0
    for ctx in tree.getroot().iter("context"):
        table = filled.get(ctx.findtext("name") or "", {})
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            value = table.get(src)
            if value:
                tr = msg.find("translation")
                if tr is None:
                    tr = ET.SubElement(msg, "translation")
                if isinstance(value, list):  # numerus forms (%n): one, other
                    for old in list(tr):
                        tr.remove(old)
                    tr.text = None
                    for form in value:
                        ET.SubElement(tr, "numerusform").text = form
                else:
                    tr.text = value
                tr.attrib.pop("type", None)
                n += 1
    ET.indent(tree)
    with ts.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
    return n


def release() -> None:
    for ts in sorted(I18N.glob("*.ts")):
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            check=True,
            capture_output=True,
        )


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "help"
    if cmd == "update":
        update()
    elif cmd == "missing":
        json.dump(unfinished(), sys.stdout, ensure_ascii=False, indent=1)
    elif cmd == "apply":
        print(apply(Path(argv[1])), "translations written")
    elif cmd == "release":
        release()
    else:
        print(__doc__)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
