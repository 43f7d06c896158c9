"""Assembles the kiosk: the application, the theme, the window, the two lanes of work, the router with its
pages, the idle watcher and the staff controller.

``Kiosk`` is used the same way by ``hyte-kiosk run``, by ``hyte-kiosk screenshot`` and by the tests.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QInputDevice
from PySide6.QtWidgets import QApplication

from kiosk import snapshot
from kiosk.config import Config
from kiosk.i18n import set_language
from kiosk.schedule import timing
from kiosk.session import Session
from kiosk.statusfile import write_status
from ui.assessment import AssessmentController
from ui.context import UiContext, local_now
from ui.flags import FlagsController
from ui.focusmode import FocusMode
from ui.idle import IdleWatcher
from ui.lanes import InlineLane, Nothing, Runner, ThreadLane
from ui.pages.registry import Pages
from ui.router import Router
from ui.schedule import BETWEEN_RESIDENTS, ScheduledJob
from ui.staff import StaffController
from ui.stats import StatsController
from ui.takehome import TakeHomeController
from ui.theme import FONT_FAMILY, stylesheet
from ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.tray import Follower, Tray


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or ["hyte-kiosk"])
    assert isinstance(app, QApplication)
    app.setApplicationName("hyte-kiosk")
    app.setFont(QFont(FONT_FAMILY, 18))
    return app


class _LiveTray:
    """The reading lane's resource: the tray of the live snapshot (see :func:`kiosk.snapshot.live_path`),
    opened on the lane's own thread on first use — sqlite-utils loads there, after the first paint.

    While a resident is mid-session the tray is *held*: a snapshot a sync publishes meanwhile is followed
    only once the kiosk is between residents again (attract or staff screens), so one resident never sees
    the list change under their finger."""

    def __init__(self, config: Config) -> None:
        self._data_dir = config.data_dir
        self._configured = not config.demo
        self._follower: Follower | None = None
        self._tray: Tray | None = None
        self._tray_key: tuple[int, int] | None = None  # the file behind the tray the lane reads
        self._held = threading.Event()
        self._made = threading.Lock()  # the reading and the job lane may both ask for the demo tray at start
        self._ensured = False

    def path(self) -> Path:
        return snapshot.live_path(self._data_dir, configured=self._configured)

    def _key(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path())
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns

    def hold(self, held: bool) -> bool:
        """Hold the tray (a session runs) or follow the live snapshot again; called on the GUI thread.

        Returns True when released while the lane still reads an older snapshot than the live one: what
        is shown should be loaded again."""
        if held:
            self._held.set()
            return False
        self._held.clear()
        return self._tray is not None and self._key() != self._tray_key

    def ensure(self) -> None:
        """Build (or check) the demo tray when it is the live one — once, whichever lane asks first; the other
        waits here (the data folder's sync lock does not wait: it refuses a second holder)."""
        with self._made:
            if not self._ensured:
                snapshot.ensure_live(self._data_dir, configured=self._configured)
                self._ensured = True

    def get(self) -> Tray:
        if self._follower is None:
            # The demo tray is built (or checked) here, on the lane, not before the window is painted: the
            # check alone loads sqlite-utils and the schema (about 0.1 s); a first boot builds the demo.
            self.ensure()
            from kiosk.tray import Follower

            self._follower = Follower(self.path)
        if self._tray is None or not self._held.is_set():
            self._tray = self._follower.get()
            self._tray_key = self._key()
        return self._tray

    def close(self) -> None:
        if self._follower is not None:
            self._follower.close()


class Kiosk:
    def __init__(self, config: Config, *, kiosk_mode: bool = False, synchronous: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.app = application()
        self.config = config
        self.session = Session(default_language=config.default_language)
        self.ctx = UiContext(config=config, session=self.session, clock=clock or local_now)
        self._qt_translator: QTranslator | None = None
        self._sheet = ""
        self._closed = False
        live = _LiveTray(config)  # the demo tray, what shows until a first sync, is made on its first use
        self.reads: Runner[Tray] = InlineLane(live) if synchronous else ThreadLane("kiosk-reads", live)
        self.jobs: Runner[None] = InlineLane(Nothing()) if synchronous else ThreadLane("kiosk-jobs", Nothing())
        set_language(self.session.language)
        self.window = KioskWindow(kiosk_mode=kiosk_mode)
        self.router = Router(self.ctx, self.window, self.reads, self.apply_theme)
        self._live = live
        self.router.page_changed.connect(self._follow_between_residents)
        self.router.language_hooks.append(self.install_qt_translation)
        self.idle = IdleWatcher(config, self.router)
        self.staff = StaffController(config, self.router, self.jobs, close_kiosk=self.close)
        self.assessment = AssessmentController(self.router)
        self.takehome = TakeHomeController(config, self.router, self.reads, self.jobs, clock=self.ctx.clock)
        self.takehome.answers = self.assessment.answers_picture  # the picture of the answers, when any
        self.takehome.has_answers = self.assessment.has_answers
        self.staff.printing = lambda: (self.takehome.backend, self.takehome.spool)  # the printer test page
        self.stats = StatsController(config, self.router)
        self.assessment.added_all_hooks.append(self.stats.suggestions_added)
        self.takehome.list_printed.connect(self.stats.list_printed)
        self.flags = FlagsController(config, self.router, self.jobs)
        self.schedule = ScheduledJob(config, self.router, self.jobs, timing(config))
        self.focus_mode = FocusMode(self.window, self._restyle)
        self.apply_theme(0, False)
        self.router.set_language(self.session.language)
        self.router.load_home_point()
        self.router.go("attract", reset_history=True)
        self.jobs.submit(lambda _n: self._started(config, live), lambda _path: None)  # for monitoring
        self.schedule.start()

    @staticmethod
    def _started(config: Config, live: _LiveTray) -> Path | None:
        """The status file's "start" (on the job lane). A first boot's demo tray may still be in the making
        on the reading lane: waiting for it makes the status say what the screen shows."""
        live.ensure()
        return write_status(config, event="start")

    def _follow_between_residents(self, page: str) -> None:
        """A resident's session holds the tray; between residents the live snapshot is followed again."""
        if self._live.hold(page not in BETWEEN_RESIDENTS):
            self.router.reload()  # a sync published meanwhile: its data (and date) on the screen now

    @property
    def pages(self) -> Pages:
        return self.router.pages

    def apply_theme(self, text_size: int, high_contrast: bool) -> None:
        sheet = stylesheet(text_size, high_contrast)
        if sheet != self._sheet:  # re-polishing every widget is costly: only when something changed
            self._sheet = sheet
            # On the window, not the application: only this kiosk's widgets are re-polished.
            self.window.setStyleSheet(sheet)

    def _restyle(self) -> None:
        """Apply the same style sheet again (a window property its selectors read has changed)."""
        self.window.setStyleSheet("")
        self.window.setStyleSheet(self._sheet)

    def install_qt_translation(self, lang: str) -> None:
        """Qt's own strings (standard buttons) in the chosen language, from qtbase_<lang>.qm."""
        if self._qt_translator is not None:
            self.app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        translator = QTranslator(self.app)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(lang), "qtbase", "_", directory):
            self.app.installTranslator(translator)
            self._qt_translator = translator

    def show(self, *, windowed: bool, size: tuple[int, int] | None) -> None:
        if size:
            self.window.resize(*size)
        if windowed or not self.window.kiosk_mode:
            if not size:
                self.window.resize(1080 // 2, 1920 // 2)
            self.window.show()
        else:
            if has_touch_screen():  # a finger needs no pointer; a stray cursor only confuses
                self.app.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self.window.showFullScreen()

    def close(self) -> None:
        """Remove the application-wide event filters, let the window close and stop both lanes."""
        if self._closed:
            return
        self._closed = True
        self.stats.flush()  # the session in progress is counted, nothing of it is kept
        self.schedule.stop()
        self.idle.uninstall()
        self.staff.uninstall()
        self.focus_mode.uninstall()
        self.window.allow_close = True
        self.window.close()
        self.reads.stop()
        self.jobs.stop()
        self.takehome.close()
        self.window.deleteLater()


def has_touch_screen() -> bool:
    return any(d.type() == QInputDevice.DeviceType.TouchScreen for d in QInputDevice.devices())


def run(config: Config, *, windowed: bool, size: tuple[int, int] | None) -> int:
    app = application()
    kiosk = Kiosk(config, kiosk_mode=not windowed)
    kiosk.show(windowed=windowed, size=size)
    code = app.exec()
    kiosk.reads.stop()
    kiosk.jobs.stop()
    return int(code)
