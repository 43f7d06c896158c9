"""Print the resident's list: a few plain choices, one large "Tulosta" button, and what happened.

Choices: larger text, Finnish and Swedish, "no topic names" (discreet titles for mental-wellbeing and
substance items), and — only when the self-assessment has answers to give — the picture of the answers.
"Tulosta" emits ``print_requested(ListOptions)``; :class:`ui.takehome.TakeHomeController` makes the PDF and
prints it on the long-job lane and tells the page how it went (``print_started``, ``print_done``,
``print_failed``). A problem never loses the list: the message says so and offers the phone instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.takehome.choices import ListOptions
from ui.pages.base import Page
from ui.pages.spec import Intent, PageSpec
from ui.widgets.chips import Chip
from ui.widgets.common import Button, TextLabel, touch_scroll_area

IDLE, BUSY, DONE, FAILED = "idle", "busy", "done", "failed"


class PrintPage(Page):
    name = "print"
    print_requested = Signal(object)  # ListOptions
    navigate_requested = Signal(str)

    def build(self) -> None:
        self._state = IDLE
        self._problem = ""
        self._answers_available = False
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 8, 0)
        col.setSpacing(20)
        self.intro = TextLabel("", role="subheading")
        col.addWidget(self.intro)
        self.large = Chip("", "print-large")
        self.bilingual = Chip("", "print-bilingual")
        self.discreet = Chip("", "print-discreet")
        self.answers = Chip("", "print-answers")
        self.discreet_note = TextLabel("", role="small")
        for widget in (self.large, self.bilingual, self.discreet, self.discreet_note, self.answers):
            if widget is self.discreet_note:
                col.addWidget(widget)  # wraps across the page's width
            else:
                col.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        self.answers.hide()
        self.print_button = Button("", role="primary", object_name="print-now")
        self.print_button.clicked.connect(self._print)
        col.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = TextLabel("", role="subheading")
        self.status.setObjectName("print-status")
        col.addWidget(self.status)
        after = QHBoxLayout()
        after.setSpacing(24)
        self.done_button = Button("", role="primary", object_name="print-done")
        self.done_button.clicked.connect(lambda: self.navigate_requested.emit("mylist"))
        self.phone_button = Button("", object_name="print-to-phone")
        self.phone_button.clicked.connect(lambda: self.navigate_requested.emit("qr"))
        after.addWidget(self.done_button)
        after.addWidget(self.phone_button)
        after.addStretch(1)
        col.addLayout(after)
        col.addStretch(1)
        self.body.addWidget(touch_scroll_area(content), 1)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Print the list"))
        self.intro.setText(_("Choose how the paper looks, then touch “{button}”.").format(button=_("Print")))
        self.large.set_label(_("Larger text"))
        self.bilingual.set_label(_("In Finnish and Swedish"))
        self.discreet.set_label(_("No topic names on the paper"))
        self.discreet_note.setText(_("Some activities are then called only “{word}”. The times, places and "
                                     "phone numbers stay.").format(word=_("Meeting")))
        self.answers.set_label(_("Add a picture of my answers"))
        self.print_button.setText(_("Print"))
        self.done_button.setText(_("Done"))
        self.phone_button.setText(_("Take it to your phone"))
        self._show_state()

    def _show_state(self) -> None:
        texts = {
            IDLE: "",
            BUSY: _("Printing… Please wait a moment."),
            DONE: _("Done! Take the paper from the printer."),
            FAILED: self._problem,
        }
        self.status.setText(texts[self._state])
        self.status.setProperty("role", "warning" if self._state == FAILED else "subheading")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setVisible(self._state != IDLE)
        self.print_button.setEnabled(self._state != BUSY)
        self.done_button.setVisible(self._state == DONE)
        self.phone_button.setVisible(self._state == FAILED)
        self.hint.setText(_("Nothing of your list stays on this screen after you finish."))

    # -- asked by the resident -----------------------------------------------------------------
    def options(self) -> ListOptions:
        return ListOptions(large=self.large.isChecked(), bilingual=self.bilingual.isChecked(),
                           discreet=self.discreet.isChecked(),
                           with_answers=self._answers_available and self.answers.isChecked())

    def _print(self) -> None:
        if self._state != BUSY:
            self.print_requested.emit(self.options())

    # -- from the controller -------------------------------------------------------------------
    def set_answers_available(self, available: bool) -> None:
        self._answers_available = available
        self.answers.setVisible(available)

    def print_started(self) -> None:
        self._state = BUSY
        self._show_state()

    def print_done(self) -> None:
        self._state = DONE
        self._show_state()

    def print_failed(self, message: str) -> None:
        self._state, self._problem = FAILED, message
        self._show_state()

    @property
    def state(self) -> str:
        return self._state

    # -- page life -----------------------------------------------------------------------------
    def entered(self) -> None:
        if self._state != BUSY:
            self._state = IDLE
            self._show_state()

    def reset(self) -> None:
        self._state, self._problem = IDLE, ""
        for chip in (self.large, self.bilingual, self.discreet, self.answers):
            chip.setChecked(False)
        self.set_answers_available(False)
        self._show_state()


SPEC = PageSpec("print", PrintPage, intents=(Intent.BACK, Intent.PRINT, Intent.NAVIGATE))
