""" "Tarvitsen apua nyt": 112 first and very large, then crisis and advice lines with their hours, then the
region's social and health contact channels. Works offline and with an empty cache: the numbers come from
the content file ``kiosk/content/helpnow.toml``; the contact cards (``show_contacts``) are a bonus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.helpnow import HelpLine, HelpNow
from kiosk.i18n import _, current_language, language_name
from kiosk.views import Card as CardView
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.theme import heading_px, palette
from ui.widgets.card import language_marker
from ui.widgets.common import Button, Card, LayoutButton, TextLabel, clear_layout, touch_scroll_area

NARROW_PX = 760


class LineCard(Card):
    """One number: name, the number in large digits, when it answers, and when to call."""

    def __init__(self, line: HelpLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setObjectName(f"line-{line.key}")
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(6)
        self.name = TextLabel("", role="subheading")
        self.phone = TextLabel(line.phone, role="phone")
        self.phone.setObjectName(f"phone-{line.key}")
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hours = TextLabel("", role="small")
        self.languages = TextLabel("", role="small")
        self.languages.setObjectName(f"languages-{line.key}")
        self.text = TextLabel("")
        for widget in (self.name, self.phone, self.hours, self.languages, self.text):
            box.addWidget(widget)

    def retranslate(self, lang: str) -> None:
        self.name.setText(self.line.name(lang))
        self.hours.setText(self.line.hours_text(lang))
        self.languages.setText(answers_in(self.line, lang))
        self.text.setText(self.line.text(lang))


def answers_in(line: HelpLine, lang: str) -> str:
    """ "Vastataan: suomeksi, ruotsiksi" — so nobody calls a line that cannot understand them."""
    names = ", ".join(language_name(code, lang) for code in line.languages)
    return _("Answers in: {languages}").format(languages=names) if names else ""


class EmergencyCard(Card):
    """112, very large, with its gentle sentence."""

    def __init__(self, line: HelpLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setObjectName("emergency")
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        row.setContentsMargins(28, 20, 28, 20)
        row.setSpacing(32)
        self.phone = TextLabel(line.phone)
        self.phone.setObjectName("phone-emergency")
        row.addWidget(self.phone, 0, Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setSpacing(6)
        self.name = TextLabel("", role="subheading")
        self.text = TextLabel("")
        self.hours = TextLabel("", role="small")
        self.languages = TextLabel("", role="small")
        for widget in (self.name, self.text, self.hours, self.languages):
            texts.addWidget(widget)
        row.addLayout(texts, 1)

    def retranslate(self, lang: str) -> None:
        self.name.setText(self.line.name(lang))
        self.text.setText(self.line.text(lang))
        self.hours.setText(self.line.hours_text(lang))
        self.languages.setText(answers_in(self.line, lang))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        """On a narrow page the sentence goes below the number instead of beside it."""
        narrow = event.size().width() < NARROW_PX
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.row.direction() != direction:
            self.row.setDirection(direction)
        super().resizeEvent(event)

    def restyle(self, text_size: int, high_contrast: bool) -> None:
        colour = palette(high_contrast).danger
        self.phone.setStyleSheet(
            f"font-size: {round(heading_px(text_size) * 2)}px; font-weight: bold; color: {colour};"
        )
        self.setStyleSheet(f"QFrame#emergency {{ border: 4px solid {colour}; }}")


class ContactTile(LayoutButton):
    """A social or health contact channel from the tray: a tap opens its details (phones, address)."""

    def __init__(self, card: CardView, parent: QWidget | None = None) -> None:
        super().__init__(QVBoxLayout(), f"contact-{card.id}", parent)
        self.card = card
        self.box.setContentsMargins(24, 16, 24, 16)
        self.box.setSpacing(4)
        self.name = TextLabel(card.name, role="subheading")
        self.marker = TextLabel("", role="small")
        place = " · ".join(t for t in (card.municipality, card.status) if t)
        self.place = TextLabel(place, role="small")
        self.place.setVisible(bool(place))
        # the number is on the tile itself: nobody in need should have to tap again to find it
        self.phone = TextLabel(card.phone or "", role="phone")
        self.phone.setObjectName(f"contact-phone-{card.id}")
        self.phone.setWordWrap(False)
        self.phone.setVisible(bool(card.phone))
        for label in (self.name, self.marker, self.phone, self.place):
            self.add_label(label)
        self.retranslate()

    def retranslate(self) -> None:
        marker = language_marker(self.card.name_lang, current_language())
        self.marker.setText(marker)
        self.marker.setVisible(bool(marker))
        self.set_accessible(self.card.name)
        self.setAccessibleDescription(_("Touch to see all phone numbers and the address."))


FIRST_CONTACTS = 6  # a short list first; "Show all" reveals the rest


class HelpNowPage(Page):
    name = "helpnow"
    item_opened = Signal(str)
    _style_key: tuple[int, bool] | None = None

    def build(self) -> None:
        content = QWidget()
        content.setObjectName("helpnow-content")
        self.content_box = QVBoxLayout(content)
        self.content_box.setContentsMargins(0, 0, 8, 0)
        self.content_box.setSpacing(16)
        self.scroll_area = touch_scroll_area(content)
        self.scroll_area.setObjectName("helpnow-scroll")
        self.body.addWidget(self.scroll_area, 1)
        self.lines_box = QVBoxLayout()
        self.lines_box.setSpacing(16)
        self.content_box.addLayout(self.lines_box)
        self.contacts_heading = TextLabel("", role="subheading")
        self.contacts_heading.setObjectName("contacts-heading")
        self.staff_note = TextLabel("")
        self.staff_note.setObjectName("staff-note")
        self.contacts_box = QVBoxLayout()
        self.contacts_box.setSpacing(16)
        self.content_box.addSpacing(16)
        self.content_box.addWidget(self.contacts_heading)
        self.content_box.addWidget(self.staff_note)
        self.content_box.addLayout(self.contacts_box)
        self.more = Button("", object_name="contacts-more")
        self.more.clicked.connect(self.show_all_contacts)
        self.more.setVisible(False)
        self.content_box.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.content_box.addStretch(1)
        self.contacts: list[ContactTile] = []
        self.emergency: EmergencyCard | None = None
        self.set_content(self.ctx.helpnow)

    def set_content(self, helpnow: HelpNow) -> None:
        """Show these numbers (the bundled file by default): 112, then crisis lines, then advice lines."""
        clear_layout(self.lines_box)
        self.helpnow = helpnow
        self.emergency = EmergencyCard(helpnow.emergency)
        self.lines_box.addWidget(self.emergency)
        self.sections: list[tuple[TextLabel, str]] = []
        self.line_cards: list[LineCard] = []
        self.section_cards: dict[str, list[LineCard]] = {}
        for kind, heading in (("crisis", "crisis-heading"), ("advice", "advice-heading")):
            lines = helpnow.of_kind(kind)
            if not lines:
                continue
            label = TextLabel("", role="subheading")
            label.setObjectName(heading)
            self.lines_box.addSpacing(8)
            self.lines_box.addWidget(label)
            self.sections.append((label, kind))
            for line in lines:
                card = LineCard(line)
                self.line_cards.append(card)
                self.section_cards.setdefault(kind, []).append(card)
                self.lines_box.addWidget(card)
        self._style_key = None
        if self._ready:
            self.restyle()
            self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        lang = current_language()
        self.title.setText(_("I need help now"))
        self.hint.setText(_("Call from your own phone, or ask the staff here to call for you."))
        if self.emergency is not None:
            self.emergency.retranslate(lang)
        for card in self.line_cards:
            card.retranslate(lang)
        for label, kind in self.sections:
            label.setText(_("Someone to talk to") if kind == "crisis" else _("Advice by phone"))
            self._answering_first(label, kind, lang)
        self.contacts_heading.setText(_("Social and health services in your area"))
        self.staff_note.setText(_("The staff here can help you get in touch."))
        for tile in self.contacts:
            tile.retranslate()
        self.more.setText(_("Show all ({count})").format(count=len(self.contacts)))

    def _answering_first(self, label: TextLabel, kind: str, lang: str) -> None:
        """Within a section, the lines that answer in the resident's language come first."""
        cards = self.section_cards.get(kind, [])
        ordered = sorted(cards, key=lambda card: lang not in card.line.languages)
        at = self.lines_box.indexOf(label) + 1
        for offset, card in enumerate(ordered):
            if self.lines_box.indexOf(card) != at + offset:
                self.lines_box.removeWidget(card)
                self.lines_box.insertWidget(at + offset, card)

    def show_contacts(self, cards: list[CardView] | tuple[CardView, ...] | None) -> None:
        """The region's social and health contact channels (the tray's ``contact`` area); may be empty."""
        clear_layout(self.contacts_box)
        self.contacts = []
        for index, card in enumerate(cards or ()):
            tile = ContactTile(card)
            tile.clicked.connect(lambda _c=False, item_id=card.id: self.item_opened.emit(item_id))
            self.contacts.append(tile)
            self.contacts_box.addWidget(tile)
            tile.setHidden(index >= FIRST_CONTACTS)
        self.contacts_heading.setVisible(bool(self.contacts))
        self.more.setText(_("Show all ({count})").format(count=len(self.contacts)))
        self.more.setVisible(len(self.contacts) > FIRST_CONTACTS)

    def show_all_contacts(self) -> None:
        for tile in self.contacts:
            tile.setVisible(True)
        self.more.setVisible(False)

    def show_error(self, reason: str = "") -> None:
        """The cache could not be read: the numbers from the content file still stand."""
        self.show_contacts([])

    def entered(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def restyle(self) -> None:
        key = (self.ctx.session.text_size, self.ctx.session.high_contrast)
        if key != self._style_key and self.emergency is not None:
            self._style_key = key
            self.emergency.restyle(*key)


def load(view: View) -> PageLoad[HelpNowPage]:
    """The region's social and health contact channels from the tray (the numbers need no data)."""
    lang, now, home = view.session.language, view.now, view.home
    return answer(lambda tray: reads.contacts(tray, lang, now, home), HelpNowPage.show_contacts)


SPEC = PageSpec("helpnow", HelpNowPage, intents=(Intent.BACK, Intent.OPEN_ITEM), load=load)
