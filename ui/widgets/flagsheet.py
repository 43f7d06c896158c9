""""Tieto on vanhentunut?": the reasons to choose from, then a thank-you — over the whole window.

Two steps, each with a way on: the reasons (one large button each, and "Cancel") and the answer ("Thank
you", or that it could not be saved, with "Back to the information"). No text can be typed. The sheet only
reports the reason chosen (``chosen``) and that it was closed (``closed``); :class:`ui.flags.FlagsController`
stores the flag.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.flags import REASONS
from kiosk.i18n import N_, _
from ui.theme import heading_px
from ui.widgets.common import Button, TextLabel, touch_scroll_area
from ui.widgets.overlay import Overlay

REASON_TEXTS = {
    "closed": N_("Closed permanently"),
    "hours": N_("Wrong opening hours"),
    "address": N_("Wrong address"),
    "phone": N_("Wrong phone number"),
    "other": N_("Something else is out of date"),
}
assert tuple(REASON_TEXTS) == REASONS
TALL_PX = 1200  # a portrait kiosk screen


class FlagSheet(Overlay):
    chosen = Signal(str)  # the reason key
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "flag-sheet")
        frame = QVBoxLayout(self.dialog)
        frame.setContentsMargins(0, 0, 0, 0)
        self.content = content = QWidget()
        content.setObjectName("flag-content")
        # Large text on a short screen (1280×800, A++) needs more than the screen: the reasons scroll then.
        self.area = touch_scroll_area(content)
        frame.addWidget(self.area)
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 36, 40, 12)
        box.setSpacing(18)
        self.question = TextLabel("", role="heading")
        self.question.setObjectName("flag-question")
        self.note = TextLabel("")
        self.note.setObjectName("flag-note")
        box.addWidget(self.question)
        box.addWidget(self.note)
        box.addSpacing(6)
        self.reasons: dict[str, Button] = {}
        for key in REASONS:
            button = Button("", object_name=f"flag-reason-{key}")
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            self.reasons[key] = button
            box.addWidget(button)
        self.cancel = Button("", role="primary", object_name="flag-cancel")
        self.cancel.clicked.connect(self.close_sheet)
        self.done = Button("", role="primary", object_name="flag-done")
        self.done.clicked.connect(self.close_sheet)
        for button in (*self.reasons.values(), self.cancel, self.done):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box.addStretch(1)
        # The way back stays in sight below the scrolling part, whatever the text size.
        foot = QVBoxLayout()
        foot.setContentsMargins(40, 0, 40, 32)
        foot.addWidget(self.cancel)
        foot.addWidget(self.done)
        frame.addLayout(foot)
        self.step = "closed"

    def ask(self, *, text_size: int = 0) -> None:
        """Step one: what is out of date?"""
        self.step = "reasons"
        self._size(text_size)
        self.question.setText(_("What is out of date?"))
        self.note.setText(_("Choose one. The note goes to whoever keeps this information up to date. "
                            "Nothing about you is saved."))
        for key, button in self.reasons.items():
            button.setText(_(REASON_TEXTS[key]))
            button.show()
        self.cancel.setText(_("Cancel"))
        self.cancel.show()
        self.done.hide()
        self.open()
        self.fit()  # with the texts in place: the reasons' height
        self.area.verticalScrollBar().setValue(0)
        self.cancel.setFocus(Qt.FocusReason.OtherFocusReason)

    def answer(self, outcome: str) -> None:
        """Step two: ``saved``, ``already`` (this item was reported in this session) or ``failed``."""
        self.step = outcome
        for button in (*self.reasons.values(), self.cancel):
            button.hide()
        if outcome == "failed":
            self.question.setText(_("The note could not be saved."))
            self.note.setText(_("Please tell the staff. You can go on using the kiosk."))
        else:
            self.question.setText(_("Thank you!") if outcome == "saved" else _("You already reported this. Thank you!"))
            self.note.setText(_("The information will be checked. You can go on using the kiosk."))
        self.done.setText(_("Back to the information"))
        self.done.show()
        if not self.isVisible():
            self.open()
        self.settle()  # "Back to the information" appears where a reason was: not pressed by the same tap twice
        self.fit()
        self.area.verticalScrollBar().setValue(0)
        self.done.setFocus(Qt.FocusReason.OtherFocusReason)

    def _size(self, text_size: int) -> None:
        """The way back is the largest button — on a tall screen; on a short one it is as big as the rest."""
        parent = self.parentWidget()
        head = heading_px(text_size)
        tall = parent is None or parent.height() >= TALL_PX
        sheet = f"font-size: {head}px; min-height: {max(96, round(head * 2.2))}px;" if tall else ""
        self.cancel.setStyleSheet(sheet)
        self.done.setStyleSheet(sheet)

    def fit(self) -> None:
        super().fit()
        parent = self.parentWidget()
        if parent is None:
            return
        room = max(200, parent.height() - 48)
        self.dialog.setMaximumHeight(room)
        # The reasons take the height they need, up to what the window leaves beside the way back.
        content = self.content
        layout = content.layout()
        if layout is not None:
            layout.invalidate()  # the reasons were just shown or hidden
        width = self.dialog.width()
        need = layout.heightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
        if need < 0:
            need = content.sizeHint().height()
        foot = max(self.cancel.sizeHint().height(), self.done.sizeHint().height()) + 48
        self.area.setFixedHeight(max(120, min(need, room - foot)))

    def close_sheet(self) -> None:
        self.step = "closed"
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Escape:
            self.close_sheet()
            return
        super().keyPressEvent(event)


__all__ = ["FlagSheet", "REASON_TEXTS"]
