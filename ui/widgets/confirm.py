"""A question over the whole window before something that cannot be undone ("Finish and clear?").

The safe answer ("No, keep going") is the large primary button and holds the focus; the destructive one is
smaller, red, and never the default, so a stray tap or Enter keeps everything. It only reports the answer
(``accepted`` / ``declined``); whoever asked decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ui.theme import heading_px
from ui.widgets.common import Button, TextLabel
from ui.widgets.overlay import Overlay


class ConfirmOverlay(Overlay):
    accepted = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent, name)
        box = QVBoxLayout(self.dialog)
        box.setContentsMargins(40, 36, 40, 36)
        box.setSpacing(24)
        self.question = TextLabel("", role="heading")
        self.question.setObjectName(f"{name}-question")
        self.note = TextLabel("")
        self.note.setObjectName(f"{name}-note")
        self.keep = Button("", role="primary", object_name=f"{name}-no")
        self.proceed = Button("", role="danger", object_name=f"{name}-yes")
        for button in (self.keep, self.proceed):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.keep.clicked.connect(self._no)
        self.proceed.clicked.connect(self._yes)
        box.addWidget(self.question)
        box.addWidget(self.note)
        box.addSpacing(8)
        box.addWidget(self.keep)
        box.addWidget(self.proceed)

    def ask(self, question: str, note: str, keep: str, proceed: str, *, text_size: int = 0) -> None:
        head = heading_px(text_size)  # the safe answer is the largest thing on the screen
        self.keep.setStyleSheet(f"font-size: {head}px; min-height: {max(128, round(head * 2.6))}px;")
        self.question.setText(question)
        self.note.setText(note)
        self.keep.setText(keep)
        self.proceed.setText(proceed)
        self.open()
        self.keep.setFocus(Qt.FocusReason.OtherFocusReason)

    def _no(self) -> None:
        self.hide()
        self.declined.emit()

    def _yes(self) -> None:
        self.hide()
        self.accepted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Escape:
            self._no()
            return
        super().keyPressEvent(event)


__all__ = ["ConfirmOverlay"]
