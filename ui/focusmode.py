"""A focus ring for keyboards only: taps never leave a ring on a button (it looks pressed), Tab does show it.

Watches input application-wide: a navigation key (Tab, arrows, Enter, Space) switches the kiosk window's
``keyboard`` property on, a touch or a mouse press switches it off; the style sheet draws focus rings only
under ``QWidget#KioskWindow[keyboard="true"]``. A switch re-applies the style sheet, so it happens only when
the kind of input changes, not on every key.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

NAVIGATION_KEYS = frozenset({
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space,
})  # fmt: skip
POINTER = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})


class FocusMode(QObject):
    def __init__(self, window: QWidget, restyle: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self._restyle = restyle
        window.setProperty("keyboard", False)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    @property
    def keyboard(self) -> bool:
        return bool(self.window.property("keyboard"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if kind == QEvent.Type.KeyPress and not self.keyboard:
            assert isinstance(event, QKeyEvent)
            if event.key() in NAVIGATION_KEYS:
                self._switch(True)
        elif kind in POINTER and self.keyboard:
            self._switch(False)
        return False

    def _switch(self, keyboard: bool) -> None:
        self.window.setProperty("keyboard", keyboard)
        self._restyle()

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


__all__ = ["FocusMode"]
