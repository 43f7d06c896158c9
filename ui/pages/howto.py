"""How to use ("Näin käytät / Så här använder du / How to use"): five pictures, one short sentence each.

Reachable from the bar on every screen. The pictures (``assets/howto/*.svg``) carry the meaning together
with the words, never alone; the steps scroll by finger when the text is large.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui.pages.base import Page
from ui.pages.spec import Intent, PageSpec
from ui.widgets.common import Card, TextLabel, touch_scroll_area
from ui.widgets.picture import ASSETS, Picture

STEPS: tuple[tuple[str, str], ...] = (
    ("touch", N_("Tap the screen lightly with one finger.")),
    ("themes", N_("Tap a theme to see what is on offer.")),
    ("card", N_("Tap a card to read more.")),
    ("list", N_("Add what interests you to your list.")),
    ("help", N_("The red button “I need help now” helps at once.")),
)
PICTURE_PX = 132


class Step(Card):
    """One step: its number and picture on the left, its sentence on the right."""

    def __init__(self, number: int, picture: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"step-{picture}")
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 24, 16)
        row.setSpacing(24)
        self.number = TextLabel(f"{number}.", role="subheading")
        self.number.setAccessibleName("")
        self.number.setFixedWidth(56)
        self.picture = Picture(ASSETS / "howto" / f"{picture}.svg", PICTURE_PX)
        self.sentence = TextLabel("", role="subheading")
        self.sentence.setObjectName(f"step-text-{picture}")
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.sentence, 1)


class HowToPage(Page):
    name = "howto"

    def build(self) -> None:
        content = QWidget()
        content.setObjectName("howto-content")
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(16)
        self.steps: list[Step] = []
        for number, (picture, _text) in enumerate(STEPS, start=1):
            step = Step(number, picture)
            self.steps.append(step)
            box.addWidget(step)
        self.start_over = TextLabel("")
        self.start_over.setObjectName("howto-start-over")
        box.addSpacing(8)
        box.addWidget(self.start_over)
        box.addStretch(1)
        self.scroll_area = touch_scroll_area(content)
        self.scroll_area.setObjectName("howto-scroll")
        self.body.addWidget(self.scroll_area, 1)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("How to use"))
        for step, (_picture, text) in zip(self.steps, STEPS, strict=True):
            step.sentence.setText(_(text))
            step.setAccessibleName(_(text))
        self.start_over.setText("✕ " + _("“Finish and clear” forgets everything you did here."))
        self.hint.setText(_("Tap “Back” when you are ready."))

    def entered(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)


SPEC = PageSpec("howto", HowToPage, intents=(Intent.BACK,))
