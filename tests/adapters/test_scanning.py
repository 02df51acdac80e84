"""Direct scanning through SANE's test backend, and the scan-to-folder watcher."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from tthc_desk.adapters import pdfdocs, scanning
from tthc_desk.domain.errors import AppError

# --- SANE -------------------------------------------------------------------------------------


@pytest.fixture
def sane(tmp_path: Path) -> scanning.SaneScanner:
    """A SaneScanner that sees SANE's ``test`` backend, without editing /etc/sane.d/dll.conf.

    SANE_CONFIG_DIR points at a folder whose dll.conf enables only ``test``.
    """
    if shutil.which("scanimage") is None:
        pytest.skip("scanimage is not installed (apt-get install sane-utils)")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n", encoding="ascii")
    scanner = scanning.SaneScanner(env={"SANE_CONFIG_DIR": str(conf)})
    if not any(d.name.startswith("test:") for d in scanner.list_devices()):
        pytest.skip("SANE test backend (libsane1) not available")
    return scanner


@pytest.mark.sane
def test_list_devices(sane: scanning.SaneScanner) -> None:
    devices = sane.list_devices()
    assert scanning.ScanDevice("test:0", "Noname", "frontend-tester", "virtual device") in devices
    assert "Gray" in sane.device_options("test:0")["mode"]


@pytest.mark.sane
def test_scan_two_pages_into_one_pdf(sane: scanning.SaneScanner, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    out = tmp_path / "scan.pdf"
    settings = scanning.ScanSettings(
        resolution=100, mode="Color", pages=2, options={"test-picture": "Color pattern"}
    )
    scanning.scan_to_pdf(sane, "test:0", out, settings, progress=lambda d, t: calls.append((d, t)))
    info = pdfdocs.inspect_pdf(out)
    assert info.pages == 2 and not info.encrypted
    assert calls[-2:] == [(1, 2), (2, 2)] or calls[:2] == [(1, 2), (2, 2)]
    # page size follows the scan: the test device scans 80 x 100 mm
    w, h, _ = pdfdocs.page_sizes(out)[0]
    assert abs(w - 80 / 25.4 * 72) < 3 and abs(h - 100 / 25.4 * 72) < 3
    png = pdfdocs.render_page(out, 1, 120)
    assert png.startswith(b"\x89PNG")


@pytest.mark.sane
@pytest.mark.parametrize("mode,pil_mode", [("Gray", "L"), ("Lineart", "1"), ("Color", "RGB")])
def test_modes(sane: scanning.SaneScanner, tmp_path: Path, mode: str, pil_mode: str) -> None:
    pages = sane.scan(
        "test:0", tmp_path, scanning.ScanSettings(resolution=50, mode=mode, pages=1, fmt="png")
    )
    assert len(pages) == 1
    with Image.open(pages[0]) as im:
        assert im.mode == pil_mode


@pytest.mark.sane
def test_tiff_batch(sane: scanning.SaneScanner, tmp_path: Path) -> None:
    pages = sane.scan(
        "test:1", tmp_path, scanning.ScanSettings(resolution=50, mode="Gray", pages=3, fmt="tiff")
    )
    assert [p.suffix for p in pages] == [".tif"] * 3
    out = pdfdocs.images_to_pdf(pages, tmp_path / "t.pdf", dpi=50)
    assert pdfdocs.inspect_pdf(out).pages == 3


@pytest.mark.sane
def test_cancel_stops_scan_and_leaves_nothing(sane: scanning.SaneScanner, tmp_path: Path) -> None:
    out_dir = tmp_path / "pages"
    started = time.monotonic()
    settings = scanning.ScanSettings(
        resolution=300,
        mode="Color",
        pages=5,
        # slow the virtual scanner down: 100 ms after each buffer
        options={"read-delay": "yes", "read-delay-duration": "100000"},
    )
    with pytest.raises(AppError) as exc:
        sane.scan("test:0", out_dir, settings, cancelled=lambda: time.monotonic() - started > 0.5)
    assert exc.value.code == "task.cancelled"
    assert time.monotonic() - started < 8
    assert list(out_dir.iterdir()) == []


@pytest.mark.sane
def test_unknown_device(sane: scanning.SaneScanner, tmp_path: Path) -> None:
    with pytest.raises(AppError) as exc:
        sane.scan("nosuch:0", tmp_path, scanning.ScanSettings(resolution=50))
    assert exc.value.code == "scan.device_not_found"


def test_missing_scanimage(tmp_path: Path) -> None:
    scanner = scanning.SaneScanner(scanimage=str(tmp_path / "no-scanimage"))
    with pytest.raises(AppError) as exc:
        scanner.list_devices()
    assert exc.value.code == "scan.sane_missing"


def test_wia_stub_and_platform_choice(tmp_path: Path) -> None:
    with pytest.raises(AppError) as exc:
        scanning.WiaScanner(platform="linux").list_devices()
    assert exc.value.code == "scan.unsupported_platform"
    with pytest.raises(AppError) as exc:
        scanning.WiaScanner(platform="win32").scan("x", tmp_path, scanning.ScanSettings())
    assert exc.value.code == "scan.wia_not_implemented"
    assert isinstance(scanning.get_scanner("win32"), scanning.WiaScanner)
    assert isinstance(scanning.get_scanner("linux"), scanning.SaneScanner)


# --- scan-to-folder ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_slowly_written_file_is_reported_once_after_it_is_complete(
    tmp_path: Path, sample_pdf: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    reported: list[tuple[Path, int, float]] = []
    watcher = scanning.FolderWatcher(
        folder,
        lambda p: reported.append((p, p.stat().st_size, time.monotonic())),
        settle_seconds=0.6,
        use_watchdog=False,
    )
    data = sample_pdf.read_bytes()
    target = folder / "SCAN0001.pdf"
    finished = threading.Event()
    finished_at: list[float] = []

    def writer() -> None:
        chunk = len(data) // 8 + 1
        with target.open("wb") as fh:
            for i in range(0, len(data), chunk):
                fh.write(data[i : i + chunk])
                fh.flush()
                finished_at[:] = [time.monotonic()]
                time.sleep(0.15)
        finished.set()

    thread = threading.Thread(target=writer)
    thread.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not reported:
        watcher.poll_once()
        time.sleep(0.05)
    thread.join()
    end = time.monotonic() + 1.0
    while time.monotonic() < end:  # keep polling: no second report
        watcher.poll_once()
        time.sleep(0.05)

    assert len(reported) == 1
    path, size, when = reported[0]
    assert path == target and size == len(data)
    # reported only after the last chunk landed and the file then stayed still for settle
    assert finished.is_set() and when >= finished_at[0] + 0.6 - 0.01


def test_junk_is_ignored_and_good_files_reported(
    tmp_path: Path, sample_pdf: Path, text_image
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    clock = FakeClock()
    reported: list[str] = []
    watcher = scanning.FolderWatcher(
        folder, lambda p: reported.append(p.name), settle_seconds=2.0, clock=clock
    )
    shutil.copyfile(sample_pdf, folder / "good.pdf")
    png = text_image(tmp_path / "x.png", ["Trang 1"], size=(200, 100), dpi=100)
    Image.open(png).convert("RGB").save(folder / "photo.jpg", quality=90)
    shutil.copyfile(png, folder / "page.PNG")
    shutil.copyfile(sample_pdf, folder / "~$good.pdf")
    shutil.copyfile(sample_pdf, folder / "good.pdf.tmp")
    shutil.copyfile(sample_pdf, folder / ".hidden.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.txt").write_text("not a scan", encoding="utf-8")
    shutil.copyfile(png, folder / "fake.pdf")  # PNG bytes under a .pdf name
    (folder / "half.pdf").write_bytes(sample_pdf.read_bytes()[:5000])  # no %%EOF yet
    (folder / "sub").mkdir()

    assert watcher.poll_once() == []  # first sight: not settled yet
    clock.now += 1.0
    assert watcher.poll_once() == []
    clock.now += 1.5
    watcher.poll_once()
    assert sorted(reported) == ["good.pdf", "page.PNG", "photo.jpg"]
    clock.now += 10
    watcher.poll_once()
    assert sorted(reported) == ["good.pdf", "page.PNG", "photo.jpg"]  # once each

    # the half-written PDF is completed later: now it is reported
    shutil.copyfile(sample_pdf, folder / "half.pdf")
    watcher.poll_once()
    clock.now += 2.5
    watcher.poll_once()
    assert sorted(reported) == ["good.pdf", "half.pdf", "page.PNG", "photo.jpg"]


def test_existing_files_can_be_skipped(tmp_path: Path, sample_pdf: Path) -> None:
    clock = FakeClock()
    reported: list[str] = []
    shutil.copyfile(sample_pdf, tmp_path / "old.pdf")
    watcher = scanning.FolderWatcher(
        tmp_path, lambda p: reported.append(p.name), include_existing=False, clock=clock
    )
    watcher.poll_once()
    shutil.copyfile(sample_pdf, tmp_path / "new.pdf")
    watcher.poll_once()
    clock.now += 5
    watcher.poll_once()
    assert reported == ["new.pdf"]


def test_background_watch_with_watchdog(tmp_path: Path, sample_pdf: Path) -> None:
    got = threading.Event()
    reported: list[Path] = []

    def on_ready(path: Path) -> None:
        reported.append(path)
        got.set()

    with scanning.FolderWatcher(tmp_path, on_ready, settle_seconds=0.3):
        time.sleep(0.1)
        shutil.copyfile(sample_pdf, tmp_path / "incoming.pdf")
        assert got.wait(5)
    assert reported == [tmp_path / "incoming.pdf"]


def test_missing_folder(tmp_path: Path) -> None:
    watcher = scanning.FolderWatcher(tmp_path / "absent", lambda p: None)
    with pytest.raises(AppError) as exc:
        watcher.poll_once()
    assert exc.value.code == "watch.folder_missing"
    with pytest.raises(AppError):
        watcher.start()


def test_error_codes_listed() -> None:
    import re

    source = Path(scanning.__file__).read_text(encoding="utf-8")
    raised = set(re.findall(r'AppError\(\s*"([a-z0-9_.]+)"', source))
    assert raised <= set(scanning.ERROR_CODES)
