"""The attract screen: what a person walking up to the kiosk sees first.

A friendly logo, "Kosketa aloittaaksesi · Rör för att börja · Touch to start" in all three languages at once
(never translated), and one large button per language, each named in itself. A touch anywhere starts in
the default language; a language button starts in that language. The freshness line ("Tiedot päivitetty
3.11.2026", a warning when stale, "Esimerkkiaineisto" on demo data) is the page's data.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QSpacerItem

from kiosk import reads
from kiosk.i18n import NATIVE_NAMES
from kiosk.views import Freshness
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.theme import heading_px
from ui.widgets.common import Button, TextLabel, is_tap
from ui.widgets.freshness import FreshnessBox
from ui.widgets.picture import LOGO, Picture

TOUCH_TO_START = ("Kosketa aloittaaksesi", "Rör för att börja", "Touch to start")
# What the kiosk is for, one line per language (the attract screen speaks all three at once).
WHAT_IT_IS = (
    "Liikuntaa, kulttuuria, tukea ja apua lähelläsi",
    "Motion, kultur, stöd och hjälp nära dig",
    "Activities, support and help near you",
)
CHOOSE_LANGUAGE = "Valitse kieli · Välj språk · Choose language"


class AttractPage(Page):
    name = "attract"
    show_back = False
    start_requested = Signal(str)  # language code
    _display: tuple[int, bool] | None = None

    def build(self) -> None:
        self.title.setVisible(False)
        self._press: QPoint | None = None
        self.body.addStretch(2)
        self.logo = Picture(LOGO, 280)
        self.logo.setObjectName("logo")
        self.body.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignHCenter)
        self._gaps = (QSpacerItem(0, 24), QSpacerItem(0, 40))
        self.body.addSpacerItem(self._gaps[0])
        self.what_labels: list[TextLabel] = []
        for i, text in enumerate(WHAT_IT_IS):
            label = TextLabel(text, role="subheading")
            label.setObjectName(f"what-it-is-{i}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.what_labels.append(label)
            self.body.addWidget(label)
        self.body.addSpacing(16)
        self.touch_labels: list[TextLabel] = []
        for i, text in enumerate(TOUCH_TO_START):
            label = TextLabel(text, role="heading")
            label.setObjectName(f"touch-to-start-{i}")
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.touch_labels.append(label)
            self.body.addWidget(label)
        self.body.addSpacerItem(self._gaps[1])
        # The page's "what to do next" sentence sits just above the language buttons here.
        outer = self.layout()
        assert outer is not None
        outer.removeWidget(self.hint)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.body.addWidget(self.hint)
        row = QHBoxLayout()
        row.setSpacing(20)
        row.addStretch(1)
        self.language_buttons: dict[str, Button] = {}
        for lang in self.ctx.config.languages:
            button = Button(NATIVE_NAMES.get(lang, lang), role="primary", object_name=f"lang-start-{lang}")
            button.setMinimumWidth(240)
            button.clicked.connect(lambda _c=False, code=lang: self.start_requested.emit(code))
            self.language_buttons[lang] = button
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(3)
        self.freshness = FreshnessBox()
        self.freshness.set_alignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.freshness)

    def retranslate(self) -> None:
        # Nothing here follows the chosen language: the attract screen speaks all three at once.
        super().retranslate()
        self.hint.setText(CHOOSE_LANGUAGE)
        for lang, button in self.language_buttons.items():
            button.set_accessible(NATIVE_NAMES.get(lang, lang))
        self.setAccessibleName(" · ".join(TOUCH_TO_START))
        self.setAccessibleDescription(" · ".join(WHAT_IT_IS))

    def show_freshness(self, f: Freshness) -> None:
        self.freshness.show_freshness(f)

    @property
    def default_language(self) -> str:
        return self.ctx.config.default_language

    # -- sizes follow the text size and the screen -----------------------------------------------
    def restyle(self) -> None:
        """Larger than headings; more compact on landscape screens (1920×1080, 1280×800) so nothing is squeezed."""
        compact = 0 < self.height() < 1200
        heading = heading_px(self.ctx.session.text_size)
        px = (round(heading * 0.85) if self.height() < 900 else heading) if compact else round(heading * 1.25)
        if (px, compact) == self._display:
            return
        self._display = (px, compact)
        for label in self.touch_labels:
            label.setStyleSheet(f"font-size: {px}px; font-weight: bold;")
        for label in self.what_labels:
            label.setStyleSheet(f"font-size: {round(px * 0.7)}px;")
        for button in self.language_buttons.values():
            button.setStyleSheet(f"font-size: {heading}px; min-height: {round(px * 1.4)}px; padding: 6px 24px;")
        self.body.setSpacing(8 if compact else 16)
        for gap, height in zip(self._gaps, (0, 8) if compact else (24, 40), strict=True):
            gap.changeSize(0, height)
        self.body.invalidate()

    def relayout(self) -> None:
        size = max(80, min(360, self.width() // 3, self.height() // (9 if self.height() < 900 else 6)))
        if size != self.logo.width():
            self.logo.set_size(size)
        self.restyle()

    # -- a touch anywhere starts in the default language ------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        start, self._press = self._press, None
        if is_tap(start, event, self.rect()):
            self.start_requested.emit(self.default_language)
            return
        super().mouseReleaseEvent(event)

    def reset(self) -> None:
        self._press = None


def load(view: View) -> PageLoad[AttractPage]:
    """How old the data is."""
    now, stale, lang = view.now, view.config.kiosk.stale_after_days, view.session.language
    return answer(lambda tray: reads.freshness(tray, now, stale, lang), AttractPage.show_freshness)


SPEC = PageSpec("attract", AttractPage, intents=(Intent.START,), load=load)
