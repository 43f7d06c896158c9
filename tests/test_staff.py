"""Staff entry and the staff page: the hidden gesture, the PIN and its lock-out, exit, and "Update data now"
running on the worker while the screen stays alive."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.staffpin import hash_pin
from tests.sync_helpers import local_rows, write_config, write_local
from tests.ui_support import FIXED_NOW, demo_config, find, make_kiosk

PIN = "2468"


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot, tmp_path, tmp_path_factory, pin_hash, clock):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory, staff_pin_hash=pin_hash))
    k.staff.use_clock(clock)
    k.router.start("en")
    yield k
    k.close()


CORNER = QPoint(12, 12)


def corner_taps(kiosk, qtbot, n=5, pos=CORNER):
    for _ in range(n):
        target = kiosk.window.childAt(pos) or kiosk.window
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(kiosk.window, pos))


def enter(kiosk, qtbot, pin):
    for digit in pin:
        qtbot.mouseClick(find(kiosk.staff.pinpad, f"pin-{digit}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.staff.pinpad, "pin-ok"), Qt.MouseButton.LeftButton)


def test_five_taps_in_the_top_left_corner_open_the_pin_pad_on_any_page(kiosk, qtbot):
    for page in ("home", "browse", "attract"):
        kiosk.router.go(page)
        corner_taps(kiosk, qtbot, 4)
        assert not kiosk.staff.pinpad.isVisible()
        corner_taps(kiosk, qtbot, 1)
        assert kiosk.staff.pinpad.isVisible(), page
        assert kiosk.staff.pinpad.geometry() == kiosk.window.rect()
        qtbot.mouseClick(find(kiosk.staff.pinpad, "pin-cancel"), Qt.MouseButton.LeftButton)
        assert not kiosk.staff.pinpad.isVisible()


def test_taps_outside_the_corner_or_too_slow_open_nothing(kiosk, qtbot, clock):
    corner_taps(kiosk, qtbot, 5, pos=QPoint(300, 300))
    assert not kiosk.staff.pinpad.isVisible()
    corner_taps(kiosk, qtbot, 4)
    clock.now += 4.5
    corner_taps(kiosk, qtbot, 1)
    assert not kiosk.staff.pinpad.isVisible()


def test_the_pin_shows_as_dots_and_backspace_removes_a_digit(kiosk, qtbot):
    kiosk.staff.open_pinpad()
    pad = kiosk.staff.pinpad
    for digit in "135":
        qtbot.mouseClick(find(pad, f"pin-{digit}"), Qt.MouseButton.LeftButton)
    assert pad.dots.text().count("●") == 3 and "1" not in pad.dots.text()
    qtbot.mouseClick(find(pad, "pin-back"), Qt.MouseButton.LeftButton)
    assert pad.pin == "13"
    assert find(pad, "pin-back").accessibleName() == "Delete the last digit"


def test_the_right_pin_opens_the_staff_page_with_the_data_status(kiosk, qtbot):
    kiosk.router.go("browse")
    corner_taps(kiosk, qtbot)
    enter(kiosk, qtbot, PIN)
    assert not kiosk.staff.pinpad.isVisible()
    assert kiosk.router.current == "staff"
    page = kiosk.pages["staff"]
    assert "Items: 360" in page.freshness.text()
    assert page.demo_note.isVisibleTo(page) and "demo" in page.sources_text.text()
    assert not page.sync_button.isVisibleTo(page), "nothing to sync on demo data"
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "browse"


def test_five_wrong_pins_lock_entry_with_a_message_until_the_clock_moves(kiosk, qtbot, clock):
    kiosk.staff.open_pinpad()
    pad = kiosk.staff.pinpad
    for attempt in range(4):
        enter(kiosk, qtbot, "1111")
        assert f"Tries left: {4 - attempt}" in pad.message.text()
    enter(kiosk, qtbot, "1111")
    assert "locked" in pad.message.text() and "5 minutes" in pad.message.text()
    assert not pad.keys["1"].isVisibleTo(pad), "no keys to press while locked"
    kiosk.staff.check(PIN)
    assert kiosk.router.current != "staff", "even the right PIN waits out the lock"
    qtbot.mouseClick(find(pad, "pin-cancel"), Qt.MouseButton.LeftButton)
    kiosk.staff.open_pinpad()
    assert "locked" in pad.message.text(), "closing and reopening the pad does not lift the lock"
    clock.now += 240
    kiosk.staff.refresh_lock()
    assert "1 minute" in pad.message.text()
    clock.now += 60
    kiosk.staff.refresh_lock()
    assert pad.keys["1"].isVisibleTo(pad) and "locked" not in pad.message.text()
    enter(kiosk, qtbot, PIN)
    assert kiosk.router.current == "staff"


def test_without_a_pin_hash_staff_entry_says_it_is_not_set_up(qtbot, tmp_path, tmp_path_factory):
    k = make_kiosk(qtbot, demo_config(tmp_path, tmp_path_factory))
    k.router.start("en")
    corner_taps(k, qtbot)
    pad = k.staff.pinpad
    assert pad.isVisible() and "not set up" in pad.message.text()
    assert not pad.keys["ok"].isVisibleTo(pad) and pad.cancel.isVisibleTo(pad)
    k.staff.check("0000")
    assert k.router.current == "home"
    k.close()


def test_idle_reset_closes_an_open_pin_pad(kiosk, qtbot):
    kiosk.staff.open_pinpad()
    kiosk.staff.pinpad.press("1")
    kiosk.router.restart()
    assert not kiosk.staff.pinpad.isVisible() and kiosk.staff.pinpad.pin == ""


def test_close_the_kiosk_lets_the_window_close_and_quits(kiosk, qtbot):
    quits: list[int] = []
    kiosk.staff.quit_app = lambda: quits.append(1)
    kiosk.router.go("staff")
    qtbot.mouseClick(find(kiosk.window, "staff-exit"), Qt.MouseButton.LeftButton)
    assert quits == [1]
    assert kiosk.window.allow_close and not kiosk.window.isVisible()


@pytest.fixture
def local_config(tmp_path):
    from kiosk.config import load_config

    local = write_local(tmp_path / "local.json", local_rows(12))
    return load_config(write_config(tmp_path, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n'), env={})


def test_update_now_runs_on_the_worker_with_progress_and_a_live_screen(qtbot, local_config):
    from ui.app import Kiosk

    kiosk = Kiosk(local_config, synchronous=False, clock=lambda: FIXED_NOW)  # the real worker thread
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    entry, page = kiosk.staff, kiosk.pages["staff"]
    release, started = threading.Event(), threading.Event()
    real_job = entry.sync_job

    def slow_sync(cfg):
        started.set()
        assert release.wait(10)
        return real_job(cfg)

    entry.sync_job = slow_sync
    kiosk.router.start("en")
    kiosk.router.go("staff")
    qtbot.waitUntil(lambda: "no tray data yet" in page.freshness.text(), timeout=5000)
    name = local_config.sources[0].name
    assert f"{name} (local)" in page.sources_text.text() and page.sync_button.isVisibleTo(page)
    page._clock.setInterval(20)  # the elapsed-time counter, sped up
    qtbot.mouseClick(find(page, "staff-sync"), Qt.MouseButton.LeftButton)
    assert started.wait(5)
    # The sync is blocked on the worker; the GUI thread keeps running: the busy bar shows, the stage
    # counter moves and a click still works.
    assert page.progress.isVisibleTo(page) and not page.sync_button.isVisibleTo(page)
    assert "Fetching data from" in page.stage.text()
    qtbot.waitUntil(lambda: "0:00" not in page.stage.text(), timeout=3000)
    qtbot.mouseClick(find(kiosk.window.bar, "help-now"), Qt.MouseButton.LeftButton)
    assert kiosk.router.current == "helpnow"
    kiosk.router.go("staff")
    release.set()
    qtbot.waitUntil(lambda: not page.syncing, timeout=10000)
    assert page._stage == ("", "saving")  # the engine told the page each step: this source, then saving
    assert not page.progress.isVisibleTo(page) and page.sync_button.isVisibleTo(page)
    assert f"{name}: 12 new or changed, 0 removed." in page.result.text()
    assert "12 items on the screen now." in page.result.text()
    qtbot.waitUntil(lambda: "Items: 12" in page.freshness.text(), timeout=5000)
    assert f"{name}: OK" in page.sources_text.text()
    kiosk.close()


def test_a_failed_update_says_the_previous_data_is_kept(qtbot, local_config):
    from kiosk.sync import SyncError

    kiosk = make_kiosk(qtbot, local_config)
    kiosk.router.start("en")

    def broken(_cfg):
        raise SyncError("another sync is running")

    kiosk.staff.sync_job = broken
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    qtbot.mouseClick(find(page, "staff-sync"), Qt.MouseButton.LeftButton)
    assert not page.syncing and page.sync_button.isVisibleTo(page)
    assert "The update failed. The previous data is kept. another sync is running" in page.result.text()
    kiosk.close()
