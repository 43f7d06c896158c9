"""Idle and reset: after ``kiosk.idle_timeout_s`` without a touch, a countdown overlay; at zero the session
is forgotten and the attract screen returns.

An application-wide event filter restarts the idle timer on every touch, click, wheel or key. The overlay
asks "Are you still there?" with a large "Continue" that is *not* a default button (Enter does nothing by
accident: the overlay itself holds the focus) and a smaller "Finish and clear now". Both timers are plain
``QTimer``s; tests call :meth:`IdleWatcher.on_idle`, :meth:`IdleWatcher.tick` and :meth:`IdleWatcher.expire`
or shorten the intervals — nobody sleeps.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSizePolicy, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.i18n import _
from ui.router import Router
from ui.theme import body_px, heading_px
from ui.widgets.common import Button, TextLabel
from ui.widgets.overlay import Overlay

COUNTDOWN_S = 20
# Pages where someone may be reading a number while dialling: a much longer quiet time before the countdown
# (the session is still forgotten in the end: a help page left open must not keep a resident's list).
LONG_IDLE_S: dict[str, int] = {"helpnow": 15 * 60, "support": 15 * 60}
INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.Wheel,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
})  # fmt: skip


class IdleOverlay(Overlay):
    """The full-window countdown. It only reports what was chosen; :class:`IdleWatcher` decides."""

    continue_requested = Signal()
    restart_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "idle-overlay")
        self.seconds = COUNTDOWN_S

        box = QVBoxLayout(self.dialog)
        box.setContentsMargins(40, 36, 40, 36)
        box.setSpacing(24)
        self.question = TextLabel("", role="heading")
        self.question.setObjectName("idle-question")
        self.countdown = TextLabel("")
        self.countdown.setObjectName("idle-countdown")
        self.note = TextLabel("", role="hint")
        self.keep = Button("", role="primary", object_name="idle-continue")
        self.restart = Button("", object_name="idle-restart")
        for b in (self.keep, self.restart):
            b.setAutoDefault(False)
            b.setDefault(False)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.keep.clicked.connect(self.continue_requested)
        self.restart.clicked.connect(self.restart_requested)
        for w in (self.question, self.countdown, self.note):
            box.addWidget(w)
        box.addSpacing(8)
        box.addWidget(self.keep)
        box.addWidget(self.restart)
        self.retranslate()

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.retranslate()

    def apply_size(self, text_size: int) -> None:
        """"Continue" is the largest thing on the screen, whatever the text size."""
        head = heading_px(text_size)
        self.keep.setStyleSheet(f"font-size: {head}px;")
        self.keep.setMinimumHeight(max(128, head * 3))
        self.countdown.setStyleSheet(f"font-size: {round(body_px(text_size) * 1.25)}px;")

    def retranslate(self) -> None:
        self.question.setText(_("Are you still there?"))
        if self.seconds == 1:
            self.countdown.setText(_("Starting over in 1 second."))
        else:
            self.countdown.setText(_("Starting over in {seconds} seconds.").format(seconds=self.seconds))
        self.note.setText(_("Everything you chose here will be cleared. Touch Continue to keep going."))
        self.keep.setText(_("Continue"))
        self.restart.setText(_("Finish and clear now"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class IdleWatcher(QObject):
    """Watches for input everywhere; shows the countdown after the idle time; resets the kiosk at zero."""

    countdown_started = Signal()
    expired = Signal()

    def __init__(self, config: Config, router: Router, *, timeout_s: float | None = None,
                 countdown_s: int = COUNTDOWN_S) -> None:
        super().__init__(router.window)
        self.router = router
        self.session = router.ctx.session
        self.countdown_s = countdown_s
        self.remaining = countdown_s
        timeout = config.kiosk.idle_timeout_s if timeout_s is None else timeout_s
        self.timeout_ms = int(timeout * 1000)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(int(timeout * 1000))
        self.idle_timer.timeout.connect(self.on_idle)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.tick)
        window = router.window
        self.overlay = IdleOverlay(window)
        self.overlay.continue_requested.connect(self.keep_going)
        self.overlay.restart_requested.connect(self.expire)
        window.overlay = self.overlay
        window.resized.connect(self._fit)
        router.page_changed.connect(self._page_changed)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.idle_timer.start()

    # -- state ---------------------------------------------------------------------------------
    @property
    def counting(self) -> bool:
        return self.overlay.isVisible()

    def on_idle(self) -> None:
        """The idle time has passed: on the attract screen nothing to forget, elsewhere the countdown."""
        if self.router.current == "attract" or self.counting:
            return
        self.remaining = self.countdown_s
        self.overlay.set_seconds(self.remaining)
        self.overlay.apply_size(self.session.text_size)
        self.overlay.open()
        self.tick_timer.start()
        self.countdown_started.emit()

    def tick(self) -> None:
        if not self.counting:
            self.tick_timer.stop()
            return
        self.remaining -= 1
        if self.remaining <= 0:
            self.expire()
        else:
            self.overlay.set_seconds(self.remaining)

    def keep_going(self) -> None:
        """"Continue": the resident is still here; nothing is lost."""
        self.tick_timer.stop()
        self.overlay.hide()
        self.idle_timer.start()

    def expire(self) -> None:
        """Zero (or "Finish and clear now"): forget the session and show the attract screen."""
        self.tick_timer.stop()
        self.overlay.hide()
        self.router.restart()
        self.idle_timer.start()
        self.expired.emit()

    def _page_changed(self, name: str) -> None:
        if name == "attract" and self.counting:
            self.tick_timer.stop()
            self.overlay.hide()
        interval = max(self.timeout_ms, LONG_IDLE_S.get(name, 0) * 1000)
        if interval != self.idle_timer.interval():
            self.idle_timer.setInterval(interval)
            if not self.counting:
                self.idle_timer.start()

    def _fit(self, _size: QSize | None = None) -> None:
        self.overlay.fit()

    # -- input everywhere ----------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() in INPUT_EVENTS and not self.counting:
            self.idle_timer.start()  # restarts the full interval
        return False


    def uninstall(self) -> None:
        """Stop the timers and remove the application-wide event filter (the kiosk is closing)."""
        self.idle_timer.stop()
        self.tick_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


__all__ = ["IdleOverlay", "IdleWatcher", "COUNTDOWN_S"]
