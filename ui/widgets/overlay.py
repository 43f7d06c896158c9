"""A full-window dimmed layer with a centred dialog: the PIN pad and the idle countdown are built on it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget


class Overlay(QFrame):
    """A full-window dimmed layer (role "overlay") holding a centred dialog frame (role "dialog").

    :meth:`fit` follows the window's size; the dialog takes most of the width on a portrait screen and at
    most ``max_dialog_width`` on a wide one.
    """

    max_dialog_width = 900
    #: After the dialog opens or changes under the finger, its buttons ignore touch for this long: the second
    #: tap of an impatient double tap on the button that opened it must not press what appeared there
    #: (it cancelled the "outdated info" reasons at once, or could have chosen one).
    settle_ms = 400

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "overlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        self.dialog = QFrame(self)
        self.dialog.setObjectName(f"{name}-dialog")
        self.dialog.setProperty("role", "dialog")
        self.dialog.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        outer.addWidget(self.dialog, 0, Qt.AlignmentFlag.AlignCenter)
        self._settling = QTimer(self)
        self._settling.setSingleShot(True)
        self._settling.timeout.connect(lambda: self.dialog.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False))
        self.hide()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        self.dialog.setFixedWidth(max(320, min(self.max_dialog_width, parent.width() - 64)))

    def open(self) -> None:
        self.fit()
        self.raise_()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.settle()

    def settle(self) -> None:
        """Let touches through to the dialog only after :attr:`settle_ms` (a touch meanwhile lands on the dimmed
        layer, which does nothing). Keys are not held back."""
        if self.settle_ms > 0:
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            self._settling.start(self.settle_ms)

    @property
    def settling(self) -> bool:
        return self._settling.isActive()


__all__ = ["Overlay"]
