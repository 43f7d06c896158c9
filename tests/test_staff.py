"""Staff entry and the staff page: the hidden gesture, the PIN and its lock-out, exit, and "Update data now"
running on the worker while the screen stays alive."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.demo import load_demo
from kiosk.staffpin import hash_pin
from tests.sync_helpers import local_rows, write_config, write_local
from tests.ui_support import FIXED_NOW, demo_config, find, make_kiosk
from ui.staff import ARMED_S, HOLD_S

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


def corner(kiosk) -> QPoint:  # type: ignore[no-untyped-def]
    return QPoint(kiosk.window.width() - 20, 20)


def touch(kiosk, qtbot, pos, clock=None, hold=0.0):  # type: ignore[no-untyped-def]
    """One touch at ``pos`` (window coordinates), held ``hold`` seconds on the fake clock."""
    target = kiosk.window.childAt(pos) or kiosk.window
    local = target.mapFrom(kiosk.window, pos)
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=local)
    if clock is not None:
        clock.now += hold
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=local)
    if clock is not None:
        clock.now += 0.3


def staff_gesture(kiosk, qtbot, clock):  # type: ignore[no-untyped-def]
    """Hold the top-right corner three seconds, then tap it twice."""
    touch(kiosk, qtbot, corner(kiosk), clock, hold=HOLD_S + 0.1)
    touch(kiosk, qtbot, corner(kiosk), clock)
    touch(kiosk, qtbot, corner(kiosk), clock)


def corner_taps(kiosk, qtbot, clock=None):  # type: ignore[no-untyped-def]
    staff_gesture(kiosk, qtbot, clock or kiosk.staff.clock)


def enter(kiosk, qtbot, pin):
    for digit in pin:
        qtbot.mouseClick(find(kiosk.staff.pinpad, f"pin-{digit}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(kiosk.staff.pinpad, "pin-ok"), Qt.MouseButton.LeftButton)


def test_hold_and_two_taps_in_the_top_right_corner_open_the_pin_pad_on_any_page(kiosk, qtbot, clock):
    for page in ("home", "browse", "results", "attract"):
        if page == "results":
            kiosk.router.open_category("sports")
        else:
            kiosk.router.go(page)
        touch(kiosk, qtbot, corner(kiosk), clock, hold=HOLD_S + 0.1)
        touch(kiosk, qtbot, corner(kiosk), clock)
        assert not kiosk.staff.pinpad.isVisible()
        touch(kiosk, qtbot, corner(kiosk), clock)
        assert kiosk.staff.pinpad.isVisible(), page
        assert kiosk.staff.pinpad.geometry() == kiosk.window.rect()
        qtbot.mouseClick(find(kiosk.staff.pinpad, "pin-cancel"), Qt.MouseButton.LeftButton)
        assert not kiosk.staff.pinpad.isVisible()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1280, 800)])
def test_no_control_sits_in_the_gesture_corner_on_any_page(kiosk, qtbot, size):
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLineEdit

    from ui.staff import ZONE_PX

    kiosk.window.resize(*size)
    for name in kiosk.pages:
        if name == "results":
            kiosk.router.open_category("sports")
        elif name == "detail":
            kiosk.router.open_item("demo:0001")
        else:
            kiosk.router.go(name)
        for text_size in (0, 2):
            kiosk.router.set_text_size(text_size)
            qtbot.wait(1)
            for dx in range(0, ZONE_PX, 12):
                for dy in range(0, ZONE_PX, 12):
                    widget = kiosk.window.childAt(QPoint(size[0] - 1 - dx, dy))
                    while widget is not None and not isinstance(widget, QAbstractButton | QLineEdit | QAbstractScrollArea):
                        widget = widget.parentWidget()
                    assert widget is None, f"{name} at {size}, size {text_size}: {widget.objectName()}"


def test_back_taps_and_stray_taps_never_open_the_pin_pad(kiosk, qtbot, clock):
    kiosk.router.open_category("sports")
    kiosk.router.open_item("demo:0001")
    back = QPoint(40, 40)
    for _ in range(12):  # an impatient resident: Back, Back, Back … fast and slow, long presses too
        touch(kiosk, qtbot, back, clock, hold=0.05)
        touch(kiosk, qtbot, back, clock, hold=HOLD_S + 1)
    assert not kiosk.staff.pinpad.isVisible()
    for _ in range(10):  # taps in the corner without the long hold first
        touch(kiosk, qtbot, corner(kiosk), clock)
    assert not kiosk.staff.pinpad.isVisible()


def test_a_touch_elsewhere_or_slow_taps_break_the_gesture_off(kiosk, qtbot, clock):
    touch(kiosk, qtbot, corner(kiosk), clock, hold=HOLD_S + 0.1)
    touch(kiosk, qtbot, QPoint(300, 300), clock)
    touch(kiosk, qtbot, corner(kiosk), clock)
    touch(kiosk, qtbot, corner(kiosk), clock)
    assert not kiosk.staff.pinpad.isVisible(), "a touch elsewhere starts over"
    touch(kiosk, qtbot, corner(kiosk), clock, hold=HOLD_S + 0.1)
    touch(kiosk, qtbot, corner(kiosk), clock)
    clock.now += ARMED_S + 1
    touch(kiosk, qtbot, corner(kiosk), clock)
    assert not kiosk.staff.pinpad.isVisible(), "too slow"
    touch(kiosk, qtbot, corner(kiosk), clock, hold=HOLD_S - 1)
    touch(kiosk, qtbot, corner(kiosk), clock)
    touch(kiosk, qtbot, corner(kiosk), clock)
    assert not kiosk.staff.pinpad.isVisible(), "the first touch was not held long enough"


def test_the_keyboard_shortcut_opens_the_pin_pad(kiosk, qtbot):
    from PySide6.QtGui import QKeySequence

    sequence = QKeySequence("Ctrl+Alt+Shift+S")
    combo = sequence[0]
    qtbot.keyClick(kiosk.window, combo.key(), combo.keyboardModifiers())
    assert kiosk.staff.pinpad.isVisible()


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
    assert f"Items: {len(load_demo().items)}" in page.freshness.text()
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
    fake = FakeClock()
    k.staff.use_clock(fake)
    corner_taps(k, qtbot, fake)
    pad = k.staff.pinpad
    assert pad.isVisible() and "not set up" in pad.message.text()
    assert "staff_pin_hash" not in pad.message.text() and "hash-pin" not in pad.message.text(), "no config words"
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


def test_an_update_refused_by_the_shrink_guard_says_so_in_finnish(qtbot, local_config, tmp_path):
    from kiosk.sync import run_sync

    kiosk = make_kiosk(qtbot, local_config)
    kiosk.router.start("fi")
    assert run_sync(local_config, None).ok  # type: ignore[arg-type]  # the local source needs no client
    write_local(tmp_path / "local.json", local_rows(2))
    kiosk.staff.sync_job = lambda cfg: run_sync(cfg, None)  # type: ignore[arg-type]
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    qtbot.mouseClick(find(page, "staff-sync"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.syncing, timeout=10000)
    assert "olisi jättänyt 12 kohteesta vain 2" in page.result.text()
    assert "--allow-shrink" in page.result.text()
    kiosk.close()


def test_cleaning_mode_ignores_touch_for_30_seconds_with_a_countdown(qtbot, kiosk):
    from ui.pages.spec import Intent
    from ui.widgets.cleaning import CLEANING_SECONDS

    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    taps = []
    page.sync_button.clicked.connect(lambda: taps.append(1))
    kiosk.router._dispatch(Intent.CLEAN)
    cleaning = kiosk.staff.cleaning
    assert cleaning.isVisible() and cleaning.active and CLEANING_SECONDS == 30
    assert "30" in cleaning.countdown.text()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.sync_button, Qt.Key.Key_Space)
    assert taps == []
    for _ in range(CLEANING_SECONDS - 1):
        cleaning._tick()
    assert "1 s" in cleaning.countdown.text() and cleaning.active
    cleaning._tick()
    assert not cleaning.active and not cleaning.isVisible()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert taps == [1]


def test_statistics_are_saved_to_a_usb_stick_else_the_data_folder(qtbot, kiosk, tmp_path):
    from kiosk.stats import StatsStore
    from ui.pages.spec import Intent

    StatsStore(kiosk.config.data_dir).add("sessions", n=3)
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    kiosk.staff.media_roots = (tmp_path / "no-media",)
    kiosk.router._dispatch(Intent.EXPORT_STATS)
    qtbot.waitUntil(lambda: "exports" in page.stats_result.text())
    saved = next((kiosk.config.data_dir / "exports").glob("hyte-kiosk-statistics-*.csv"))
    assert "<5" in saved.read_text(encoding="utf-8")
    stick = tmp_path / "media" / "kiosk" / "STICK"
    stick.mkdir(parents=True)
    kiosk.staff.media_roots = (tmp_path / "media",)
    kiosk.router._dispatch(Intent.EXPORT_STATS)
    qtbot.waitUntil(lambda: "STICK" in page.stats_result.text())
    assert list(stick.glob("hyte-kiosk-statistics-*.csv"))


def test_outdated_info_flags_are_saved_from_the_tools_tab_once_each(qtbot, kiosk, tmp_path):
    """Tools → "Save the outdated-info flags": the waiting flags go to a USB stick as CSV and are marked
    saved, so a second press has nothing new; a stick that cannot be written says why on the page."""
    from kiosk.flags import REASONS, FlagStore

    store = FlagStore.for_config(kiosk.config)
    store.add("ptv:abc-1", "ptv", REASONS[0])
    store.add("ptv:abc-2", "ptv", REASONS[1])
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    page.show_tab("tools")
    _action, button, result = page.action_buttons["export-flags"]
    stick = tmp_path / "media" / "kiosk" / "STICK"
    stick.mkdir(parents=True)
    kiosk.staff.media_roots = (tmp_path / "media",)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "STICK" in result.text())
    assert "2" in result.text() and result.property("role") != "warning"
    saved = next(stick.glob("hyte-kiosk-flags-*.csv")).read_text(encoding="utf-8")
    assert "ptv:abc-1" in saved and "ptv:abc-2" in saved
    assert store.counts()["waiting"] == 0
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No new flags" in result.text())
    assert len(list(stick.glob("hyte-kiosk-flags-*.csv"))) == 1
    store.add("ptv:abc-3", "ptv", REASONS[2])
    kiosk.staff.media_roots = (tmp_path / "no-media",)  # no stick: the data folder's exports
    kiosk.config.data_dir.joinpath("exports").write_text("a file where the folder should be", encoding="utf-8")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be saved" in result.text())
    assert result.property("role") == "warning"
    assert store.counts()["waiting"] == 1  # still waiting for the next try


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_tool_fits_the_smallest_screen_at_the_largest_text(kiosk, qtbot, lang):
    """A push button does not wrap its label: on 1280×800 at A++ each tool's whole label must fit the Tools
    tab, or its right edge (and part of its words) is cut off."""
    kiosk.window.resize(1280, 800)
    kiosk.router.set_language(lang)
    kiosk.router.set_text_size(2)
    kiosk.router.go("staff")
    page = kiosk.pages["staff"]
    page.show_tab("tools")
    qtbot.wait(1)
    room = page.panels["tools"].viewport().width()
    buttons = [page.sheets_button, page.stats_button, page.clean_button,
               *(button for _a, button, _r in page.action_buttons.values())]
    for button in buttons:
        assert button.minimumSizeHint().width() <= room, f"{lang}: {button.text()!r} needs more than {room} px"
