"""Screen-cleaning mode: for 30 seconds every touch, click and key is ignored, and a countdown says so.

Staff start it from the staff page before wiping the screen. The layer covers the window; an application
event filter swallows input meant for any widget while it shows, so a wipe taps nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.widgets.common import TextLabel
from ui.widgets.overlay import Overlay

CLEANING_SECONDS = 30
_INPUT = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.Gesture,
    QEvent.Type.ShortcutOverride,
})


class CleaningOverlay(Overlay):
    finished = Signal()

    def __init__(self, parent: QWidget, seconds: int = CLEANING_SECONDS) -> None:
        super().__init__(parent, "cleaning")
        self.seconds = seconds
        self.left = 0
        box = QVBoxLayout(self.dialog)
        box.setContentsMargins(32, 32, 32, 32)
        self.title = TextLabel("", role="heading")
        self.countdown = TextLabel("")
        self.countdown.setObjectName("cleaning-countdown")
        box.addWidget(self.title)
        box.addWidget(self.countdown)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.left = self.seconds
        self._show_text()
        self.open()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.hide()
        self.finished.emit()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.stop()
        else:
            self._show_text()

    def _show_text(self) -> None:
        self.title.setText(_("Screen cleaning"))
        self.countdown.setText(_("Touch is off while you wipe the screen: {seconds} s left.").format(
            seconds=self.left))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        return self.active and event.type() in _INPUT


__all__ = ["CLEANING_SECONDS", "CleaningOverlay"]
