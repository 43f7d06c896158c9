"""Support first, gently: shown before the suggestions when the resident said things have been very hard.

A few warm words, 112, the crisis lines (those answering in the resident's language first) and the region's
social and health contact channels, all with their numbers on screen; "Vastauksesi eivät tallennu"; then
"Näytä ehdotukset". Nothing is asked here, and nothing about self-harm or violence is ever asked. The
numbers come from the help-now content and work offline; the idle countdown waits as long as on the help
page, since someone may be dialling.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout

from kiosk import reads
from kiosk.helpnow import HelpNow
from kiosk.i18n import _
from ui.pages.helpnow import HelpNowPage
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.common import Button, TextLabel


class SupportPage(HelpNowPage):
    name = "support"
    navigate_requested = Signal(str)

    def build(self) -> None:
        super().build()
        self.intro = TextLabel("", role="subheading")
        self.intro.setObjectName("support-intro")
        self.words = TextLabel("")
        self.words.setObjectName("support-words")
        self.content_box.insertWidget(0, self.intro)
        self.content_box.insertWidget(1, self.words)
        self.not_saved = TextLabel("", role="small")
        self.not_saved.setObjectName("support-not-saved")
        self.content_box.insertWidget(self.content_box.count() - 1, self.not_saved)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.to_suggestions = Button("", role="primary", object_name="support-suggestions")
        self.to_suggestions.clicked.connect(lambda: self.navigate_requested.emit("suggest"))
        row.addStretch(1)
        row.addWidget(self.to_suggestions, 0, Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(row)

    def set_content(self, helpnow: HelpNow) -> None:
        """112 and the crisis lines: someone to talk to now (the advice lines stay on the help page)."""
        super().set_content(HelpNow(tuple(line for line in helpnow.lines if line.kind != "advice")))

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Thank you for telling us"))
        self.intro.setText(_("It sounds like things have been hard. You do not have to cope alone."))
        self.words.setText(_("You can call and talk to someone. You do not have to give your name. "
                             "If you are in danger, call 112."))
        self.not_saved.setText(_("Your answers are not saved. They are erased when you finish."))
        self.to_suggestions.setText(_("Show the suggestions") + " →")
        self.hint.setText(_("Call from your own phone, or ask the staff here to call for you."))


def load(view: View) -> PageLoad[SupportPage]:
    """The region's social and health contact channels (the numbers themselves need no data)."""
    lang, now, home = view.session.language, view.now, view.home
    return answer(lambda tray: reads.contacts(tray, lang, now, home), SupportPage.show_contacts)


SPEC = PageSpec("support", SupportPage, intents=(Intent.BACK, Intent.OPEN_ITEM, Intent.NAVIGATE), load=load)
