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


class _ComError(Exception):
    """Like comtypes.COMError: the HRESULT is the first argument."""


class _Prop:
    def __init__(self, pid: int, value: object) -> None:
        self.PropertyID, self.Value = pid, value


class _Named:
    def __init__(self, value: str) -> None:
        self.Value = value


class _FakeWia:
    """A stand-in for WIA 2.0 automation (Windows only): a feeder holding ``sheets`` pages."""

    def __init__(self, sheets: int) -> None:
        self.sheets = sheets
        self.item_props = [
            _Prop(scanning.WIA_PROP_INTENT, 0),
            _Prop(scanning.WIA_PROP_XRES, 0),
            _Prop(scanning.WIA_PROP_YRES, 0),
        ]
        self.device_props = [
            _Prop(scanning.WIA_PROP_HANDLING, 2),
            _Prop(scanning.WIA_PROP_PAGES, 0),
        ]
        fake = self

        class Image:
            def SaveFile(self, path: str) -> None:  # noqa: N802 - COM name
                from PIL import Image as PILImage

                PILImage.new("L", (40, 60), 255).save(path)

        class Item:
            Properties = fake.item_props

            def Transfer(self, fmt: str) -> Image:  # noqa: N802
                assert fmt == scanning.WIA_FORMATS["png"]
                if fake.sheets == 0:
                    raise _ComError(scanning.WIA_ERROR_PAPER_EMPTY - (1 << 32), "paper empty")
                fake.sheets -= 1
                return Image()

        class Device:
            Properties = fake.device_props

            def Items(self, n: int) -> Item:  # noqa: N802
                return Item()

        class Info:
            Type = scanning.WIA_SCANNER_DEVICE
            DeviceID = "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000"

            def Properties(self, name: str) -> _Named:  # noqa: N802
                return _Named({"Name": "Canon DR-C225", "Manufacturer": "Canon"}[name])

            def Connect(self) -> Device:  # noqa: N802
                return Device()

        class Manager:
            DeviceInfos = [Info()]

        self.manager = Manager()

    def __call__(self, progid: str) -> object:
        assert progid == "WIA.DeviceManager"
        return self.manager


def test_wia_scans_the_feeder_until_empty(tmp_path: Path) -> None:
    # WIA exists only on Windows; its COM objects are stood in for, the logic is ours.
    fake = _FakeWia(sheets=3)
    wia = scanning.WiaScanner(platform="win32", com_factory=fake)
    [device] = wia.list_devices()
    assert (device.vendor, device.model, device.kind) == ("Canon", "Canon DR-C225", "wia")
    seen: list[tuple[int, int]] = []
    pages = wia.scan(device.name, tmp_path, scanning.ScanSettings(resolution=200, mode="Gray",
                     pages=None), progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    assert [p.name[-7:] for p in pages] == ["001.png", "002.png", "003.png"]
    assert seen == [(1, 0), (2, 0), (3, 0)]
    props = {p.PropertyID: p.Value for p in fake.item_props + fake.device_props}
    assert props[scanning.WIA_PROP_XRES] == props[scanning.WIA_PROP_YRES] == 200
    assert props[scanning.WIA_PROP_INTENT] == 2  # greyscale
    assert props[scanning.WIA_PROP_HANDLING] == 1  # feeder


def test_wia_cancel_and_errors(tmp_path: Path) -> None:
    fake = _FakeWia(sheets=5)
    wia = scanning.WiaScanner(platform="win32", com_factory=fake)
    name = wia.list_devices()[0].name
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(AppError) as exc:
        wia.scan(name, tmp_path, scanning.ScanSettings(pages=None), cancelled=cancel_after_two)
    assert exc.value.code == "task.cancelled"
    assert list(tmp_path.iterdir()) == []  # the cancelled batch left nothing behind
    with pytest.raises(AppError) as exc:
        wia.scan("no-such-device", tmp_path, scanning.ScanSettings())
    assert exc.value.code == "scan.device_not_found"
    with pytest.raises(AppError) as exc:
        scanning.WiaScanner(platform="win32", com_factory=_FakeWia(0)).scan(
            name, tmp_path, scanning.ScanSettings(pages=None)
        )
    assert exc.value.code == "scan.no_pages"


def test_platform_choice() -> None:
    with pytest.raises(AppError) as exc:
        scanning.WiaScanner(platform="linux").list_devices()
    assert exc.value.code == "scan.unsupported_platform"
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


def test_misnamed_jpeg_is_reported_and_a_linearized_pdf_waits_until_complete(
    tmp_path: Path, sample_pdf: Path, text_image
) -> None:
    from pypdf import PdfWriter

    from tthc_desk.adapters import pdfdocs
    from tthc_desk.domain.errors import AppError

    folder = tmp_path / "scans"
    folder.mkdir()
    clock = FakeClock()
    reported: list[str] = []
    rejected: list[tuple[str, str, dict[str, str]]] = []
    watcher = scanning.FolderWatcher(
        folder,
        lambda p: reported.append(p.name),
        settle_seconds=2.0,
        clock=clock,
        on_rejected=lambda p, code, params: rejected.append((p.name, code, params)),
    )
    png = text_image(tmp_path / "x.png", ["Trang 1"], size=(200, 100), dpi=100)
    Image.open(png).convert("RGB").save(folder / "SCAN0007.pdf", format="JPEG")  # misnamed
    # a linearized PDF (qpdf --linearize) cut right after its first part's %%EOF
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    import subprocess

    big = tmp_path / "big.pdf"
    w = PdfWriter(clone_from=str(sample_pdf))
    w.append(str(sample_pdf))
    w.write(str(big))
    linear = tmp_path / "linear.pdf"
    subprocess.run(["qpdf", "--linearize", str(big), str(linear)], check=True)
    data = linear.read_bytes()
    first_eof = data.index(b"%%EOF") + len(b"%%EOF\n")
    assert scanning.linearized_length(data[:2048]) == len(data) > first_eof
    (folder / "fast-web.pdf").write_bytes(data[:first_eof])
    with pytest.raises(AppError) as err:
        pdfdocs.inspect_pdf(folder / "fast-web.pdf")
    assert err.value.code == "pdf.truncated"

    watcher.poll_once()
    clock.now += 2.5
    watcher.poll_once()
    assert reported == []  # neither the JPEG named .pdf nor the half linearized PDF
    assert rejected == [
        (
            "SCAN0007.pdf",
            "watch.misnamed",
            {"name": "SCAN0007.pdf", "kind": "jpeg", "expected": "pdf"},
        )
    ]
    (folder / "fast-web.pdf").write_bytes(data)
    watcher.poll_once()
    clock.now += 2.5
    watcher.poll_once()
    assert reported == ["fast-web.pdf"]
    assert len(rejected) == 1  # reported once
