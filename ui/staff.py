"""Staff: the hidden gesture, the PIN pad, and the staff page's actions ("Update data now", "Close the
kiosk", the printer test page, changing the PIN, the settings editor, statistics and screen cleaning). An
ordinary controller: it answers the staff page's intents through the router and runs the sync, the test
print and the config writes on the long-job lane, so residents' screens never wait for them.

The gesture (:class:`CornerGesture`): hold a finger for three seconds in the top-right corner of the window
(96 × 96 px, where no control sits on any page), lift it, then tap the same corner twice within four
seconds. Impatient taps on "Back" (top left) or anywhere else can never make it; a touch anywhere else
breaks it off. Keyboards: Ctrl+Alt+Shift+S. Touches are only watched, never swallowed. The PIN is checked
against ``kiosk.staff_pin_hash`` by :class:`kiosk.staffpin.PinGuard` (five wrong PINs lock entry for five
minutes, then ten, twenty… up to an hour; counted in the data directory, so a restart does not reset it).
The clock is injectable, so tests never wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__, stats
from kiosk.config import Config
from kiosk.i18n import N_, _
from kiosk.staffpin import PinGuard
from ui.lanes import Runner
from ui.pages.spec import Intent
from ui.pinchange import PinChange
from ui.router import Router
from ui.widgets.cleaning import CleaningOverlay
from ui.widgets.pinpad import PinPad

if TYPE_CHECKING:  # httpx and the sync engine load only when staff use them: a faster kiosk start
    from kiosk.sync import SyncReport
    from kiosk.takehome.printing import Backend, Printed
    from kiosk.takehome.spool import Spool
    from ui.pages.staff import StaffPage

ZONE_PX = 96
HOLD_S = 3.0
FOLLOW_TAPS = 2
ARMED_S = 4.0
SHORTCUT = "Ctrl+Alt+Shift+S"
# Residents may see this: no configuration words (docs/configuration.md tells staff about staff_pin_hash).
NOT_SET_UP = N_("Staff entry is not set up on this kiosk.")
# The printer test page's problems, worded for staff (residents see kiosk.takehome.printing.PROBLEM_TEXTS).
TEST_PRINT_PROBLEMS = {
    "no_printer": N_("No printer was found. Check that the printer is on and connected; the county's IT can "
                     "check it with hyte-kiosk doctor."),
    "offline": N_("The printer is not answering (off, offline or stopped). Check its power and cable, then try "
                  "again."),
    "out_of_paper": N_("The printer is out of paper or jammed. Add paper, then try again."),
}
NO_CONFIG_FILE = N_("There is no config file on this kiosk, so nothing can be saved.")


class CornerGesture:
    """Hold ≥ ``HOLD_S`` in the corner, lift, then ``FOLLOW_TAPS`` taps there within ``ARMED_S`` seconds.

    Fed with each press and release (time, whether it was inside the corner); ``release`` says when the
    gesture is complete. A touch outside the corner, a short first touch or a slow follow-up starts over.
    """

    def __init__(self) -> None:
        self._down_at: float | None = None
        self._armed_until: float | None = None
        self._taps = 0

    def reset(self) -> None:
        self._down_at, self._armed_until, self._taps = None, None, 0

    def press(self, now: float, in_zone: bool) -> None:
        if not in_zone:
            self.reset()
            return
        if self._armed_until is not None and now > self._armed_until:
            self.reset()
        self._down_at = now

    def release(self, now: float, in_zone: bool) -> bool:
        down, self._down_at = self._down_at, None
        if down is None or not in_zone:
            return False
        if self._armed_until is not None:
            self._taps += 1
            if self._taps >= FOLLOW_TAPS:
                self.reset()
                return True
            return False
        if now - down >= HOLD_S:
            self._armed_until, self._taps = now + ARMED_S, 0
        return False

SyncJob = Callable[[Config], "SyncReport"]


def sync_with_client(config: Config, progress: Callable[[str, str], None] | None = None) -> SyncReport:
    """The long-job lane's job for "Update data now": the same client settings as ``hyte-kiosk sync``."""
    import httpx

    from kiosk.sync import run_sync

    timeout = max((s.timeout_s for s in config.sources), default=30.0)
    with httpx.Client(timeout=httpx.Timeout(timeout), verify=True, follow_redirects=False,
                      headers={"User-Agent": f"hyte-kiosk/{__version__}"}) as client:
        return run_sync(config, client, progress=progress)


class StaffController(QObject):
    # Emitted on the long-job lane by the sync engine; Qt queues it to the staff page on the GUI thread.
    sync_progress = Signal(str, str)

    def __init__(self, config: Config, router: Router, jobs: Runner[None], *,
                 clock: Callable[[], float] = time.monotonic, quit_app: Callable[[], None] | None = None,
                 close_kiosk: Callable[[], None] | None = None) -> None:
        super().__init__(router.window)
        self.config = config
        self.router = router
        self.window = router.window
        self.jobs = jobs
        self.clock = clock
        self.quit_app = quit_app or QApplication.quit
        self.close_kiosk = close_kiosk or (lambda: None)
        self.pin_hash = config.kiosk.staff_pin_hash  # changed at once when staff change the PIN
        self.guard = self._guard(clock)
        self.sync_job: SyncJob = lambda cfg: sync_with_client(cfg, self.sync_progress.emit)
        self.gesture = CornerGesture()
        self._last_event: tuple[int, int, int, int] | None = None
        self._pinpad: PinPad | None = None  # built on the first staff gesture, not at start-up
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self.refresh_lock)
        self._page_wired = False
        router.handle(Intent.SYNC, self.sync_now)
        router.handle(Intent.EXIT, self.exit_kiosk)
        router.handle(Intent.CLEAN, self.clean_screen)
        router.handle(Intent.EXPORT_STATS, self.export_stats)
        router.handle(Intent.STAFF_ACTION, self.run_action)
        router.handle(Intent.SAVE_SETTINGS, self.save_settings)
        # The Tools tab's actions (ui.pages.staff.ACTIONS): key → what it does.
        self.actions: dict[str, Callable[[], None]] = {"print-test": self.print_test_page,
                                                       "change-pin": self.change_pin,
                                                       "export-flags": self.export_flags}
        # The take-home printer and its spool (set by the kiosk; None: no printing here).
        self.printing: Callable[[], tuple[Backend, Spool]] | None = None
        self.pin_change = PinChange(self.window, lambda: self.guard, self._write_pin,
                                    lambda text, ok: self.page.show_action_result("change-pin", text, ok=ok))
        self.media_roots: tuple[Path, ...] = stats.MEDIA_ROOTS
        self._cleaning: CleaningOverlay | None = None
        router.session_reset.connect(self.close_pinpad)
        router.session_reset.connect(self.pin_change.close)  # an idle reset drops a half-typed new PIN
        self.window.resized.connect(self._fit)
        self._shortcut = QShortcut(QKeySequence(SHORTCUT), self.window)
        self._shortcut.activated.connect(self.open_pinpad)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def cleaning(self) -> CleaningOverlay:
        if self._cleaning is None:
            self._cleaning = CleaningOverlay(self.window)
        return self._cleaning

    def export_stats(self) -> None:
        """Save the anonymous statistics (counts below 5 as "<5") to a USB stick, else the data folder."""
        from ui.pages.staff import StaffPage

        config, roots = self.config, self.media_roots
        page = self.router.pages["staff"]
        assert isinstance(page, StaffPage)

        def job(_nothing: None) -> Path:
            store = stats.StatsStore.for_config(config)
            return stats.export_to_folder(store, stats.export_folder(config.data_dir, roots))

        self.jobs.submit(job, lambda path: page.show_stats_saved(str(path)),
                         lambda exc: page.show_stats_failed(str(exc)))

    def export_flags(self) -> None:
        """Save the "outdated info" flags not saved before to a USB stick, else the data folder, for whoever
        maintains the source records; they are marked saved, so the next save has only the new ones."""
        from kiosk.flags import FlagStore, export_to_folder

        config, roots, page = self.config, self.media_roots, self.page
        page.show_action_result("export-flags", _("Saving the flags…"), ok=True)

        def job(_nothing: None) -> tuple[Path, int] | None:
            store = FlagStore.for_config(config)
            if not store.not_exported():
                return None
            return export_to_folder(store, stats.export_folder(config.data_dir, roots),
                                    config.region.home_municipality)

        def done(saved: tuple[Path, int] | None) -> None:
            if saved is None:
                page.show_action_result("export-flags", _("No new flags to save."), ok=True)
            else:
                path, count = saved
                page.show_action_result("export-flags", _("Flags saved: {count}. File: {path}").format(
                    count=count, path=str(path)), ok=True)

        self.jobs.submit(job, done, lambda exc: page.show_action_result(
            "export-flags", _("The flags could not be saved: {reason}").format(reason=str(exc)), ok=False))

    def clean_screen(self) -> None:
        """Touch is ignored for 30 s with a countdown, while staff wipe the screen."""
        self.cleaning.start()

    @property
    def pinpad(self) -> PinPad:
        if self._pinpad is None:
            self._pinpad = PinPad(self.window)
            self._pinpad.submitted.connect(self.check)
            self._pinpad.cancelled.connect(self.close_pinpad)
            self._pinpad.fit()
        return self._pinpad

    @property
    def page(self) -> StaffPage:
        from ui.pages.staff import StaffPage

        page = self.router.pages["staff"]
        assert isinstance(page, StaffPage)
        if not self._page_wired:
            self._page_wired = True
            self.sync_progress.connect(page.sync_stage)
        return page

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Tests: a clock they move by hand (for the tap window and the lock-out)."""
        self.clock = clock
        self.guard = self._guard(clock)

    def _guard(self, clock: Callable[[], float]) -> PinGuard:
        """The PIN guard; its count outlives a restart, so it runs on wall-clock time (tests pass their clock)."""
        from kiosk.staffpin import GUARD_FILE

        return PinGuard(self.pin_hash, time.time if clock is time.monotonic else clock,
                        state_path=self.config.data_dir / GUARD_FILE)

    # -- the hidden gesture --------------------------------------------------------------------
    def zone(self) -> QRect:
        """The top-right corner of the window, where no control sits on any page."""
        return QRect(self.window.width() - ZONE_PX, 0, ZONE_PX, ZONE_PX)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease) and isinstance(obj, QWidget):
            assert isinstance(event, QMouseEvent)
            if obj.window() is self.window:
                pos = self.window.mapFromGlobal(event.globalPosition().toPoint())
                key = (int(kind.value), event.timestamp(), pos.x(), pos.y())
                if key != self._last_event:  # the same event is delivered again to each parent
                    self._last_event = key
                    self._touch(kind == QEvent.Type.MouseButtonPress, self.zone().contains(pos))
        return False

    def _touch(self, pressed: bool, in_zone: bool) -> None:
        if pressed:
            self.gesture.press(self.clock(), in_zone)
        elif self.gesture.release(self.clock(), in_zone):
            self.open_pinpad()

    # -- the PIN pad ---------------------------------------------------------------------------
    def open_pinpad(self) -> None:
        self.pinpad.open()
        self.refresh_lock(fresh=True)
        self._lock_timer.start()

    def close_pinpad(self) -> None:
        self._lock_timer.stop()
        if self._pinpad is not None:
            self._pinpad.clear()
            self._pinpad.hide()

    def refresh_lock(self, *, fresh: bool = False) -> None:
        """The message and whether the keys work: not set up, locked (with minutes left) or ready.

        Called every second while the pad is open, so the lock-out ends on screen by itself."""
        if not self.guard.configured:
            self.pinpad.set_message(_(NOT_SET_UP), warning=True)
            self.pinpad.set_keys_enabled(False)
        elif self.guard.locked():
            self.pinpad.set_message(self._locked_text(), warning=True)
            self.pinpad.set_keys_enabled(False)
        elif fresh or not self.pinpad.keys_enabled:
            self.pinpad.set_message(_("Type the staff PIN and touch OK."))
            self.pinpad.set_keys_enabled(True)

    def _locked_text(self) -> str:
        minutes = max(1, math.ceil(self.guard.seconds_left() / 60))
        if minutes == 1:
            return _("Too many wrong PINs. Staff entry is locked. Try again in 1 minute.")
        return _("Too many wrong PINs. Staff entry is locked. Try again in {minutes} minutes.").format(minutes=minutes)

    def check(self, pin: str) -> None:
        outcome = self.guard.try_pin(pin)
        if outcome == "ok":
            self.close_pinpad()
            self.router.go("staff")
        elif outcome == "wrong":
            left = self.guard.max_failures - self.guard.failures
            self.pinpad.set_message(_("Wrong PIN. Tries left: {count}.").format(count=left), warning=True)
        else:
            self.refresh_lock()

    def _fit(self, _size: QSize | None = None) -> None:
        if self._pinpad is not None:
            self._pinpad.fit()

    # -- the staff page's actions --------------------------------------------------------------
    def sync_now(self) -> None:
        page = self.page
        if page.syncing or self.config.demo:
            return
        page.sync_started(len(self.config.sources))
        job, config = self.sync_job, self.config
        self.jobs.submit(lambda _nothing: job(config), self._synced, self._sync_failed)

    def _synced(self, report: SyncReport) -> None:
        lines = []
        for run in report.sources:
            if run.ok:
                lines.append((_("{name}: {new} new or changed, {removed} removed.").format(
                    name=run.name, new=run.upserts, removed=run.deleted), True))
            elif run.shrink is not None:
                lines.append((_("{name}: this update would have left {after} of {before} items, so the previous "
                                "data is kept. If that is right, run: hyte-kiosk sync --full --allow-shrink").format(
                    name=run.name, after=run.shrink[1], before=run.shrink[0]), False))
            else:
                lines.append((_("{name}: failed. {reason}").format(name=run.name, reason=run.message or ""), False))
        if report.items is not None:
            lines.append((_("{count} items on the screen now.").format(count=report.items), True))
        self.page.show_sync_result(lines)
        self.router.reload_if("staff")

    def _sync_failed(self, exc: BaseException) -> None:
        from kiosk.sync import SyncError

        reason = str(exc) if isinstance(exc, SyncError) else f"{type(exc).__name__}: {exc}"
        self.page.show_sync_result([(_("The update failed. The previous data is kept. {reason}").format(
            reason=reason), False)])
        self.router.reload_if("staff")

    # -- the Tools tab and the settings ---------------------------------------------------------
    def run_action(self, key: str) -> None:
        action = self.actions.get(key)
        if action is not None:
            action()

    def print_test_page(self) -> None:
        """One test sheet through the take-home printer, with a clear result under the button."""
        page = self.page
        if self.printing is None:
            page.show_action_result("print-test", _(TEST_PRINT_PROBLEMS["no_printer"]), ok=False)
            return
        backend, spool = self.printing()
        config, now = self.config, self.router.ctx.clock()
        page.show_action_result("print-test", _("Printing the test page…"), ok=True)

        def job(_nothing: None) -> Printed:
            from kiosk.statusfile import printing_recorded
            from kiosk.takehome.printing import print_pdf
            from kiosk.takehome.testpage import render_test_page

            pdf = render_test_page(now=now, settings=config.takehome, backend=backend.name)
            return printing_recorded(config, "test", backend.name,
                                     lambda: print_pdf(pdf, backend, spool, title=_("Printer test page")))

        def done(printed: Printed) -> None:
            page.show_action_result("print-test", _(
                "The test page went to the printer ({backend}: {reference}). Check that it came out with the "
                "frame on all four sides.").format(backend=printed.backend, reference=printed.reference), ok=True)

        self.jobs.submit(job, done, lambda exc: page.show_action_result("print-test", self._print_problem(exc),
                                                                         ok=False))

    @staticmethod
    def _print_problem(exc: BaseException) -> str:
        from kiosk.takehome.printing import PrintError

        if isinstance(exc, PrintError) and exc.problem in TEST_PRINT_PROBLEMS:
            return _(TEST_PRINT_PROBLEMS[exc.problem])
        detail = exc.detail if isinstance(exc, PrintError) else f"{type(exc).__name__}: {exc}"
        return _("Printing did not work: {reason}").format(reason=detail)

    def change_pin(self) -> None:
        if self.config.path is None:
            self.page.show_action_result("change-pin", _(NO_CONFIG_FILE), ok=False)
            return
        self.pin_change.start()

    def _write_pin(self, new_pin: str) -> None:
        from kiosk.settingsfile import change_pin

        path = self.config.path
        assert path is not None
        page = self.page
        page.show_action_result("change-pin", _("Saving the new PIN…"), ok=True)

        def done(stored: str) -> None:
            self.pin_hash = stored
            self.guard = self._guard(self.clock)
            page.show_action_result("change-pin", _("The PIN is changed. Use the new PIN from now on."), ok=True)

        def failed(exc: BaseException) -> None:
            page.show_action_result("change-pin", _("The new PIN could not be saved: {reason}. The old PIN still "
                                                    "works.").format(reason=exc), ok=False)

        self.jobs.submit(lambda _nothing: change_pin(path, new_pin), done, failed)

    def save_settings(self, changes: dict[str, object]) -> None:
        """Check and write the settings editor's changes (the file is unchanged when they are refused)."""
        from kiosk.settingsfile import safe_values, write_changes

        panel = self.page.settings
        path = self.config.path
        if path is None:
            panel.show_refused(_(NO_CONFIG_FILE))
            return

        def failed(exc: BaseException) -> None:
            panel.show_refused(str(exc))

        self.jobs.submit(lambda _nothing: safe_values(write_changes(path, changes)), panel.show_saved, failed)

    def exit_kiosk(self) -> None:
        """"Close the kiosk": let the window close, stop the lanes and quit."""
        self.close_kiosk()
        self.quit_app()

    def uninstall(self) -> None:
        """Remove the application-wide event filter (the kiosk is closing)."""
        self._lock_timer.stop()
        self.pin_change.close()
        self._shortcut.setEnabled(False)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


__all__ = ["ARMED_S", "CornerGesture", "FOLLOW_TAPS", "HOLD_S", "StaffController", "ZONE_PX", "sync_with_client"]
