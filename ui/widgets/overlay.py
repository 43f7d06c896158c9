"""A full-window dimmed layer with a centred dialog: the PIN pad and the idle countdown are built on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget


class Overlay(QFrame):
    """A full-window dimmed layer (role "overlay") holding a centred dialog frame (role "dialog").

    :meth:`fit` follows the window's size; the dialog takes most of the width on a portrait screen and at
    most ``max_dialog_width`` on a wide one.
    """

    max_dialog_width = 900

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


__all__ = ["Overlay"]
