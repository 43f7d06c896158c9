"""A short message at the bottom of the page with one action, gone by itself after a few seconds:
"Poistettu listalta · Peru". It never takes the focus and never covers the bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ui.widgets.common import Button, TextLabel

SHOW_MS = 8000


class Snackbar(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("snackbar")
        self.setProperty("role", "snackbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 16, 12)
        row.setSpacing(24)
        self.text = TextLabel("", role="snackbar")
        self.text.setObjectName("snackbar-text")
        self.action = Button("", role="primary", object_name="snackbar-action")
        self.action.setAutoDefault(False)
        self.action.clicked.connect(self._act)
        row.addWidget(self.text, 1)
        row.addWidget(self.action)
        self._callback: Callable[[], None] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOW_MS)
        self.timer.timeout.connect(self.dismiss)
        self.hide()

    def show_message(self, text: str, action: str, callback: Callable[[], None], area: QRect) -> None:
        """Show ``text`` with a button ``action`` that calls ``callback``, along the bottom of ``area``."""
        self.text.setText(text)
        self.action.setText(action)
        self._callback = callback
        self.place(area)
        self.raise_()
        self.show()
        self.timer.start()

    def place(self, area: QRect) -> None:
        width = min(area.width() - 48, 900)
        height = max(self.sizeHint().height(), self.heightForWidth(width) if self.hasHeightForWidth() else 0)
        self.setGeometry(area.left() + (area.width() - width) // 2, area.bottom() - height - 24, width, height)

    def dismiss(self) -> None:
        self.timer.stop()
        self._callback = None
        self.hide()

    def _act(self) -> None:
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()


__all__ = ["SHOW_MS", "Snackbar"]
