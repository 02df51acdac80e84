"""Getting pages in: direct scanning (SANE on Linux, WIA on Windows) and a watched scan folder."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from tthc_desk.adapters import pdfdocs
from tthc_desk.domain.errors import AppError

__all__ = [
    "ACCEPTED_SUFFIXES",
    "ERROR_CODES",
    "JUNK_SUFFIXES",
    "FolderWatcher",
    "SaneScanner",
    "ScanDevice",
    "ScanSettings",
    "Scanner",
    "WiaScanner",
    "get_scanner",
    "scan_to_pdf",
    "sniff_kind",
]

ERROR_CODES: tuple[str, ...] = (
    "scan.sane_missing",  # scanimage is not installed (apt-get install sane-utils)
    "scan.device_not_found",  # params: device
    "scan.device_busy",  # params: device
    "scan.mode_unsupported",  # params: device, mode
    "scan.no_pages",  # the feeder was empty
    "scan.failed",  # params: device, detail
    "scan.unsupported_platform",  # params: platform
    "scan.wia_unavailable",  # WIA/comtypes missing on this Windows PC; params: detail
    "watch.folder_missing",  # params: folder
    "watch.misnamed",  # params: name, kind, expected (content and extension disagree)
    "task.cancelled",
    # from images_to_pdf in scan_to_pdf
    "pdf.image_invalid",
    "io.disk_full",
    "io.write_failed",
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Mode = Literal["Color", "Gray", "Lineart"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanDevice:
    """A scanner the system offers. ``name`` is what :meth:`Scanner.scan` takes."""

    name: str
    vendor: str = ""
    model: str = ""
    kind: str = ""


@dataclass(frozen=True)
class ScanSettings:
    """How to scan. ``pages=None`` scans until the document feeder is empty.

    ``options`` are extra backend options passed as ``--name=value`` (e.g. brightness).
    """

    resolution: int = 300
    mode: Mode = "Color"
    pages: int | None = 1
    fmt: Literal["png", "tiff"] = "png"
    source: str | None = None  # e.g. "Flatbed", "ADF"; None keeps the device default
    options: Mapping[str, str] = field(default_factory=dict)


class Scanner(Protocol):
    """A scanner interface behind which SANE (Linux) and WIA (Windows) sit."""

    def list_devices(self) -> list[ScanDevice]: ...

    def scan(
        self,
        device: str,
        out_dir: Path,
        settings: ScanSettings,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Path]: ...


# --- SANE ---------------------------------------------------------------------------------------

# Names backends use for the three modes, in order of preference.
_MODE_NAMES: dict[str, tuple[str, ...]] = {
    "Color": ("Color", "24bit Color", "Colour", "color"),
    "Gray": ("Gray", "Grayscale", "True Gray", "gray"),
    "Lineart": ("Lineart", "Binary", "Black & White", "BW", "lineart", "Halftone"),
}
_OPTION_LINE = re.compile(r"^\s+--?([\w-]+)\s+(.*?)\s*(?:\[(.*)\])?\s*$")


class SaneScanner:
    """Scans through SANE's ``scanimage`` (a subprocess, so a stuck driver cannot hang the app).

    ``env`` adds environment variables (e.g. ``SANE_CONFIG_DIR``). Cancel terminates the
    process and removes the pages of the unfinished batch.
    """

    def __init__(
        self,
        scanimage: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        page_timeout: float = 300.0,
    ) -> None:
        self._exe = scanimage
        self._env = dict(env or {})
        self.page_timeout = page_timeout
        self._options: dict[str, dict[str, list[str]]] = {}

    def _scanimage(self) -> str:
        exe = shutil.which(self._exe) if self._exe else shutil.which("scanimage")
        if exe is None:
            raise AppError("scan.sane_missing")
        return exe

    def _run_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self._env)
        return env

    def list_devices(self) -> list[ScanDevice]:
        """Devices from ``scanimage -L`` (network scanners may take a few seconds)."""
        result = subprocess.run(
            [self._scanimage(), "-f", "%d\t%v\t%m\t%t%n"],
            capture_output=True,
            text=True,
            timeout=60,
            env=self._run_env(),
            check=False,
        )
        devices = []
        for line in result.stdout.splitlines():
            parts = line.split("\t")
            if parts and parts[0].strip():
                parts += [""] * (4 - len(parts))
                devices.append(ScanDevice(*(p.strip() for p in parts[:4])))
        return devices

    def device_options(self, device: str) -> dict[str, list[str]]:
        """Choices of the device's list options (``mode``, ``source``, ``depth``…), cached."""
        if device not in self._options:
            result = subprocess.run(
                [self._scanimage(), "-d", device, "-A"],
                capture_output=True,
                text=True,
                timeout=60,
                env=self._run_env(),
                check=False,
            )
            if result.returncode != 0:
                raise self._error(device, result.stderr)
            options: dict[str, list[str]] = {}
            for line in result.stdout.splitlines():
                match = _OPTION_LINE.match(line)
                if match and "|" in match.group(2):
                    options[match.group(1)] = [v.strip() for v in match.group(2).split("|")]
            self._options[device] = options
        return self._options[device]

    def _mode_args(self, device: str, mode: str) -> list[str]:
        options = self.device_options(device)
        offered = options.get("mode")
        if not offered:
            return []
        for name in _MODE_NAMES.get(mode, (mode,)):
            if name in offered:
                return ["--mode", name]
        if mode == "Lineart" and "1" in options.get("depth", []):
            for name in _MODE_NAMES["Gray"]:
                if name in offered:
                    return ["--mode", name, "--depth", "1"]  # e.g. SANE's test backend
        raise AppError("scan.mode_unsupported", device=device, mode=mode)

    @staticmethod
    def _error(device: str, stderr: str) -> AppError:
        text = stderr.lower()
        if "busy" in text:
            return AppError("scan.device_busy", device=device)
        if "open of device" in text or "no sane devices" in text or "invalid argument" in text:
            return AppError("scan.device_not_found", device=device)
        if "out of documents" in text or "no docs" in text:
            return AppError("scan.no_pages")
        return AppError("scan.failed", device=device, detail=stderr.strip()[-500:])

    def scan(
        self,
        device: str,
        out_dir: Path,
        settings: ScanSettings,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Path]:
        """Scan ``settings.pages`` pages into ``out_dir`` (one image per page), in page order."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        ext = "png" if settings.fmt == "png" else "tif"
        prefix = f"scan-{uuid.uuid4().hex[:8]}-"
        args = [
            self._scanimage(),
            "-d",
            device,
            f"--format={settings.fmt}",
            f"--batch={out_dir / (prefix + '%04d.' + ext)}",
            "--batch-start=1",
            "--batch-print",
            "--resolution",
            str(int(settings.resolution)),
            *self._mode_args(device, settings.mode),
        ]
        if settings.pages is not None:
            args.append(f"--batch-count={int(settings.pages)}")
        if settings.source:
            args += ["--source", settings.source]
        for name, value in settings.options.items():
            args.append(f"--{name}={value}")
        total = settings.pages or 0

        def created() -> list[Path]:
            return sorted(out_dir.glob(f"{prefix}*.{ext}"))

        def remove_all() -> None:  # pages and scanimage's unfinished "*.part" file
            for path in out_dir.glob(f"{prefix}*"):
                path.unlink(missing_ok=True)

        proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self._run_env(),
            start_new_session=sys.platform != "win32",
        )
        lines: queue.Queue[str | None] = queue.Queue()
        err_chunks: list[str] = []

        def pump_stdout() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line.strip())
            lines.put(None)

        def pump_stderr() -> None:
            assert proc.stderr is not None
            err_chunks.append(proc.stderr.read())

        threads = [
            threading.Thread(target=pump_stdout, daemon=True),
            threading.Thread(target=pump_stderr, daemon=True),
        ]
        for t in threads:
            t.start()
        done = 0
        last_activity = time.monotonic()
        try:
            while True:
                if cancelled is not None and cancelled():
                    raise AppError("task.cancelled")
                try:
                    line = lines.get(timeout=0.1)
                except queue.Empty:
                    if time.monotonic() - last_activity > self.page_timeout:
                        raise AppError("scan.failed", device=device, detail="timeout") from None
                    continue
                if line is None:
                    break
                if line:
                    done += 1
                    last_activity = time.monotonic()
                    if progress:
                        progress(done, max(total, done))
            proc.wait(timeout=30)
            for t in threads:
                t.join(timeout=5)
        except BaseException:
            _terminate(proc)
            remove_all()
            raise
        pages = created()
        stderr = "".join(err_chunks)
        if proc.returncode != 0 and not (pages and settings.pages is None):
            remove_all()
            raise self._error(device, stderr)
        if not pages:
            raise AppError("scan.no_pages")
        return pages


def _terminate(proc: subprocess.Popen[str]) -> None:
    """Stop scanimage: SIGTERM (it cancels the scan cleanly), then kill."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, OSError):
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, OSError):
            proc.kill()
        proc.wait(timeout=5)


# --- WIA (Windows) ------------------------------------------------------------------------------


#: WIA 2.0 constants (wiadef.h): image formats, property ids and values, error codes.
WIA_FORMATS = {
    "png": "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}",
    "tiff": "{B96B3CB1-0728-11D3-9D7B-0000F81EF32E}",
}
WIA_SCANNER_DEVICE = 1
WIA_PROP_INTENT = 6146  # WIA_IPS_CUR_INTENT: 1 colour, 2 greyscale, 4 text (black and white)
WIA_PROP_XRES = 6147
WIA_PROP_YRES = 6148
WIA_PROP_HANDLING = 3088  # WIA_DPS_DOCUMENT_HANDLING_SELECT: 1 feeder, 2 flatbed
WIA_PROP_PAGES = 3096  # WIA_DPS_PAGES
WIA_INTENTS = {"Color": 1, "Gray": 2, "Lineart": 4}
WIA_ERROR_PAPER_EMPTY = 0x80210003
WIA_ERROR_BUSY = 0x80210006
WIA_ERROR_OFFLINE = 0x80210005

ComFactory = Callable[[str], object]


def _com_factory() -> ComFactory:
    try:
        from comtypes.client import CreateObject  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - Windows only
        raise AppError("scan.wia_unavailable") from None
    return lambda progid: CreateObject(progid)


def _hresult(exc: BaseException) -> int:
    code = getattr(exc, "hresult", None)
    if code is None and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
    return int(code or 0) & 0xFFFFFFFF


def _set_property(item: object, prop_id: int, value: int) -> bool:
    """Set a WIA property when the device has it; a device without it keeps its default."""
    for prop in item.Properties:  # type: ignore[attr-defined]
        if int(prop.PropertyID) == prop_id:
            prop.Value = value
            return True
    return False


class WiaScanner:
    """Windows scanning through WIA 2.0 automation (``WIA.DeviceManager``, via comtypes).

    Each page is transferred as PNG (or TIFF) like :class:`SaneScanner`, so the rest of the
    path (lossless PDF, registration) is the same. Resolution, colour intent and the feeder
    are set through the item's properties when the device offers them. ``com_factory`` makes
    the COM objects; tests hand in a stand-in, since WIA exists only on Windows.
    """

    def __init__(self, platform: str | None = None, com_factory: ComFactory | None = None) -> None:
        self.platform = platform or sys.platform
        self._factory = com_factory

    def _manager(self) -> object:
        if self._factory is None:
            if self.platform != "win32":
                raise AppError("scan.unsupported_platform", platform=self.platform)
            self._factory = _com_factory()
        try:
            return self._factory("WIA.DeviceManager")
        except AppError:
            raise
        except Exception as exc:  # noqa: BLE001 - COM errors come in many types
            raise AppError("scan.wia_unavailable", detail=str(exc)) from exc

    def _infos(self) -> list[object]:
        manager = self._manager()
        return [i for i in manager.DeviceInfos  # type: ignore[attr-defined]
                if int(i.Type) == WIA_SCANNER_DEVICE]  # fmt: skip

    @staticmethod
    def _prop(info: object, name: str) -> str:
        try:
            return str(info.Properties(name).Value)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            return ""

    def list_devices(self) -> list[ScanDevice]:
        return [ScanDevice(name=str(i.DeviceID), vendor=self._prop(i, "Manufacturer"),  # type: ignore[attr-defined]
                           model=self._prop(i, "Name"), kind="wia")
                for i in self._infos()]  # fmt: skip

    def scan(
        self,
        device: str,
        out_dir: Path,
        settings: ScanSettings,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> list[Path]:
        info = next((i for i in self._infos() if str(i.DeviceID) == device), None)  # type: ignore[attr-defined]
        if info is None:
            raise AppError("scan.device_not_found", device=device)
        if settings.mode not in WIA_INTENTS:
            raise AppError("scan.mode_unsupported", device=device, mode=settings.mode)
        try:
            connected = info.Connect()  # type: ignore[attr-defined]
            item = connected.Items(1)
        except Exception as exc:  # noqa: BLE001
            code = _hresult(exc)
            if code in (WIA_ERROR_BUSY, WIA_ERROR_OFFLINE):
                raise AppError("scan.device_busy", device=device) from exc
            raise AppError("scan.failed", device=device, detail=str(exc)) from exc
        _set_property(item, WIA_PROP_INTENT, WIA_INTENTS[settings.mode])
        _set_property(item, WIA_PROP_XRES, settings.resolution)
        _set_property(item, WIA_PROP_YRES, settings.resolution)
        feeder = settings.pages is None or (settings.source or "").lower() in ("adf", "feeder")
        if feeder:
            _set_property(connected, WIA_PROP_HANDLING, 1)
            _set_property(connected, WIA_PROP_PAGES, 1)
        fmt = WIA_FORMATS[settings.fmt]
        out_dir.mkdir(parents=True, exist_ok=True)
        batch = uuid.uuid4().hex[:8]
        pages: list[Path] = []
        total = settings.pages or 0
        try:
            while settings.pages is None or len(pages) < settings.pages:
                if cancelled is not None and cancelled():
                    raise AppError("task.cancelled")
                try:
                    image = item.Transfer(fmt)
                except Exception as exc:  # noqa: BLE001
                    if _hresult(exc) == WIA_ERROR_PAPER_EMPTY:
                        break  # the feeder is empty: the batch is complete
                    raise AppError("scan.failed", device=device, detail=str(exc)) from exc
                path = out_dir / f"wia-{batch}-{len(pages) + 1:03d}.{settings.fmt}"
                image.SaveFile(str(path))
                pages.append(path)
                if progress is not None:
                    progress(len(pages), total)
        except BaseException:
            for page in pages:  # a cancelled or failed batch leaves nothing behind
                page.unlink(missing_ok=True)
            raise
        if not pages:
            raise AppError("scan.no_pages", device=device)
        return pages


def get_scanner(platform: str | None = None) -> Scanner:
    """The system's scanner interface: WIA on Windows, SANE elsewhere (Linux, macOS)."""
    platform = platform or sys.platform
    if platform == "win32":
        return WiaScanner(platform)
    return SaneScanner()


def scan_to_pdf(
    scanner: Scanner,
    device: str,
    out: Path | str,
    settings: ScanSettings,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Scan pages and join them losslessly into one PDF at ``out`` (page size from the DPI)."""
    with tempfile.TemporaryDirectory(prefix="tthc-scan-") as tmp:
        pages = scanner.scan(device, Path(tmp), settings, progress=progress, cancelled=cancelled)
        return pdfdocs.images_to_pdf(pages, out, dpi=settings.resolution, cancelled=cancelled)


# --- scan-to-folder -------------------------------------------------------------------------------

ACCEPTED_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
}
JUNK_SUFFIXES = frozenset(
    {".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".lock", ".bak"}
)


def sniff_kind(head: bytes) -> str | None:
    """File kind from its first bytes: ``pdf``, ``jpeg``, ``png``, ``tiff`` or ``None``."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    return None


def _is_junk_name(name: str) -> bool:
    lower = name.lower()
    if lower.startswith(("~$", ".", "~")) or lower.endswith("~"):
        return True
    suffix = Path(lower).suffix
    return suffix in JUNK_SUFFIXES or suffix not in ACCEPTED_SUFFIXES


def _looks_complete(path: Path, kind: str) -> bool:
    """The file's own end marker is there (a scanner may pause mid-file longer than settle)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if kind == "pdf":
        # a linearized ("fast web view") PDF has an %%EOF after its first page too: its
        # linearization dictionary says how long the whole file is
        with path.open("rb") as fh:
            head = fh.read(2048)
        length = linearized_length(head)
        if length is not None and size < length:
            return False
        return b"%%EOF" in tail
    if kind == "png":
        return b"IEND\xaeB`\x82" in tail[-64:]
    if kind == "jpeg":
        return b"\xff\xd9" in tail[-64:]
    from PIL import Image

    try:
        with Image.open(path) as im:
            im.verify()
    except Exception:
        return False
    return True


def linearized_length(head: bytes) -> int | None:
    """The whole file's length (``/L``) from a linearized PDF's first object, else None."""
    import re

    match = re.search(rb"/Linearized\s[^>]*?/L\s+(\d+)", head[:2048], re.S)
    return int(match.group(1)) if match else None


def _locked_by_writer(path: Path) -> bool:
    """On Windows a scanner's share still writing holds the file open without sharing."""
    if sys.platform != "win32":
        return False
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except PermissionError:
        return True
    except OSError:
        return False
    os.close(fd)
    return False


@dataclass
class _Entry:
    signature: tuple[int, int]
    since: float
    handled: tuple[int, int] | None = None


class FolderWatcher:
    """Report each new scan in ``folder`` once, when it is complete.

    A file is ready when its size and mtime have not changed for ``settle_seconds``, its content
    matches its extension (PDF/JPEG/PNG/TIFF) and its end marker is there. Temp and junk files
    (``~$x``, ``.tmp``, zero bytes, other types, wrong content) are ignored. ``watchdog`` wakes
    the watcher on file events; a polling loop (every ``poll_interval``) covers network shares
    where events do not arrive. ``on_ready`` runs on the watcher's thread: a Qt caller must
    forward it to the UI thread by a signal. A file changed after it was reported is reported
    again once it settles.
    """

    def __init__(
        self,
        folder: Path | str,
        on_ready: Callable[[Path], None],
        settle_seconds: float = 2.0,
        *,
        on_rejected: Callable[[Path, str, dict[str, str]], None] | None = None,
        poll_interval: float | None = None,
        include_existing: bool = True,
        use_watchdog: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = Path(folder)
        self.on_ready = on_ready
        self.on_rejected = on_rejected
        self.settle_seconds = settle_seconds
        self.poll_interval = poll_interval or max(0.2, min(1.0, settle_seconds / 2))
        self.include_existing = include_existing
        self.use_watchdog = use_watchdog
        self._clock = clock
        self._entries: dict[Path, _Entry] = {}
        self._lock = threading.Lock()
        self._first_poll = True
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: object | None = None

    # -- one pass --------------------------------------------------------------------------

    def poll_once(self) -> list[Path]:
        """Look at the folder once; call ``on_ready`` for files that became ready; return them."""
        ready: list[Path] = []
        rejected: list[tuple[Path, str]] = []
        now = self._clock()
        with self._lock:
            try:
                entries = list(os.scandir(self.folder))
            except FileNotFoundError as exc:
                raise AppError("watch.folder_missing", folder=str(self.folder)) from exc
            except OSError as exc:  # share offline: keep state, try again next time
                log.info("cannot list %s: %s", self.folder, exc)
                return []
            present: set[Path] = set()
            for item in entries:
                if _is_junk_name(item.name):
                    continue
                try:
                    if not item.is_file():
                        continue
                    st = item.stat()
                except OSError:
                    continue
                path = Path(item.path)
                present.add(path)
                signature = (st.st_size, st.st_mtime_ns)
                entry = self._entries.get(path)
                if entry is None:
                    entry = _Entry(signature, now)
                    if self._first_poll and not self.include_existing:
                        entry.handled = signature
                    self._entries[path] = entry
                    continue
                if entry.signature != signature:
                    entry.signature, entry.since = signature, now
                    continue
                if entry.handled == signature or now - entry.since < self.settle_seconds:
                    continue
                if st.st_size == 0:
                    continue  # an empty placeholder: wait for content
                verdict = self._judge(path)
                if verdict == "wait":
                    continue
                entry.handled = signature
                if verdict == "ready":
                    ready.append(path)
                else:
                    log.info("ignored %s in scan folder: %s", path.name, verdict)
                    rejected.append((path, verdict))
            for gone in set(self._entries) - present:
                del self._entries[gone]
            self._first_poll = False
        for path in ready:
            try:
                self.on_ready(path)
            except Exception:
                log.exception("scan folder callback failed for %s", path)
        for path, verdict in rejected:
            if self.on_rejected is None:
                continue
            kind, _, expected = verdict.partition(" not ")
            try:
                self.on_rejected(
                    path,
                    "watch.misnamed",
                    {
                        "name": path.name,
                        "kind": kind.removeprefix("content is ").rstrip(","),
                        "expected": expected,
                    },
                )
            except Exception:
                log.exception("scan folder callback failed for %s", path)
        return ready

    @staticmethod
    def _judge(path: Path) -> str:
        """``ready``, ``wait`` (not finished) or a reason to ignore the file."""
        expected = ACCEPTED_SUFFIXES[path.suffix.lower()]
        try:
            with path.open("rb") as fh:
                head = fh.read(1024)
            kind = sniff_kind(head)
            if kind != expected:
                return f"content is {kind or 'unknown'}, not {expected}"
            if _locked_by_writer(path) or not _looks_complete(path, kind):
                return "wait"
        except OSError:
            return "wait"
        return "ready"

    # -- background ------------------------------------------------------------------------

    def start(self) -> None:
        """Watch in the background (watchdog events + polling) until :meth:`stop`."""
        if self._thread is not None:
            return
        if not self.folder.is_dir():
            raise AppError("watch.folder_missing", folder=str(self.folder))
        self._stop.clear()
        if self.use_watchdog:
            self._observer = self._start_observer()
        self._thread = threading.Thread(target=self._run, name="scan-folder", daemon=True)
        self._thread.start()

    def _start_observer(self) -> object | None:
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            wake = self._wake

            class _Wake(FileSystemEventHandler):
                def on_any_event(self, event: object) -> None:
                    wake.set()

            observer = Observer()
            observer.schedule(_Wake(), str(self.folder), recursive=False)
            observer.daemon = True
            observer.start()
            return observer
        except Exception as exc:  # inotify limits, unsupported share: polling still works
            log.warning("watchdog unavailable for %s, polling only: %s", self.folder, exc)
            return None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except AppError as exc:
                log.warning("scan folder: %s", exc.code)
            except Exception:
                log.exception("scan folder poll failed")
            self._wake.wait(self.poll_interval)
            self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._observer is not None:
            with contextlib.suppress(Exception):
                self._observer.stop()  # type: ignore[attr-defined]
                self._observer.join(timeout=5)  # type: ignore[attr-defined]
            self._observer = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FolderWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
