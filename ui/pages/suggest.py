"""Suggestions from the self-assessment: a handful of local activities grouped by theme, each saying why.

Each card carries its reasons as chips ("Koska kaipaat seuraa", "Maksuton", "Lähellä: Kajaani", "Avoinna
tänään", "Kaikukortilla"). "Lisää kaikki listalle" puts them all on the resident's list. Below: what the
resident said (a picture and the same in words — what was said, not a score), the region's social and
health contact channels and "Kysy henkilökunnalta", always. With wishes that find nothing, the page says so
and offers the same without the wishes: never a dead end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.assessment.answers import Preferences
from kiosk.assessment.recommend import Recommendation
from kiosk.i18n import _
from kiosk.views import Card as CardView
from ui.pages.base import Page
from ui.pages.helpnow import ContactTile
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.card import ResultCard
from ui.widgets.chips import FlowLayout
from ui.widgets.common import Button, Card, TextLabel, clear_layout, set_role, touch_scroll_area
from ui.widgets.wheel import AnswerWheel

if TYPE_CHECKING:
    from kiosk.tray import Tray

SIDE_BY_SIDE_MIN_PX = 1000  # the picture beside its words when the page is this wide


class SuggestPage(Page):
    name = "suggest"
    item_opened = Signal(str)
    add_requested = Signal(str)
    remove_requested = Signal(str)
    add_all_requested = Signal(list)
    navigate_requested = Signal(str)
    preferences_changed = Signal(object)
    assessment_restart_requested = Signal()

    def build(self) -> None:
        content = QWidget()
        content.setObjectName("suggest-content")
        self.box = box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(18)
        self.intro = TextLabel("")
        self.intro.setObjectName("suggest-intro")
        box.addWidget(self.intro)
        actions = QWidget()  # wraps at large text instead of running off the page
        actions.setObjectName("suggest-actions")
        row = FlowLayout(actions, spacing=16)
        self.add_all = Button("", role="primary", object_name="suggest-add-all")
        self.add_all.clicked.connect(self._add_all)
        self.change = Button("", object_name="suggest-change")
        self.change.clicked.connect(lambda: self.navigate_requested.emit("assess"))
        row.addWidget(self.add_all)
        row.addWidget(self.change)
        box.addWidget(actions)
        self.empty = TextLabel("")
        self.empty.setObjectName("suggest-empty")
        self.widen = Button("", role="primary", object_name="suggest-widen")
        self.widen.clicked.connect(lambda: self.preferences_changed.emit(Preferences()))
        box.addWidget(self.empty)
        box.addWidget(self.widen, 0, Qt.AlignmentFlag.AlignLeft)
        self.groups_box = QVBoxLayout()
        self.groups_box.setSpacing(16)
        box.addLayout(self.groups_box)
        self._said_section(box)
        self._contact_section(box)
        box.addStretch(1)
        self.scroll_area = touch_scroll_area(content)
        self.scroll_area.setObjectName("suggest-scroll")
        self.body.addWidget(self.scroll_area, 1)
        self.cards: list[ResultCard] = []
        self.tiles: list[ContactTile] = []
        self.rec: Recommendation | None = None
        self.in_list: set[str] = set()

    def _said_section(self, box: QVBoxLayout) -> None:
        self.said_heading = TextLabel("", role="subheading")
        self.said_heading.setObjectName("said-heading")
        box.addSpacing(12)
        box.addWidget(self.said_heading)
        self.said_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.said_row.setSpacing(28)
        self.wheel = AnswerWheel()
        self.said_row.addWidget(self.wheel, 0, Qt.AlignmentFlag.AlignTop)
        self.said_words = QVBoxLayout()
        self.said_words.setSpacing(6)
        self.said_row.addLayout(self.said_words, 1)
        box.addLayout(self.said_row)
        self.said_note = TextLabel("", role="small")
        box.addWidget(self.said_note)

    def _contact_section(self, box: QVBoxLayout) -> None:
        self.contacts_heading = TextLabel("", role="subheading")
        self.contacts_heading.setObjectName("suggest-contacts-heading")
        box.addSpacing(12)
        box.addWidget(self.contacts_heading)
        self.contacts_box = QVBoxLayout()
        self.contacts_box.setSpacing(16)
        box.addLayout(self.contacts_box)
        self.staff = Card()
        self.staff.setObjectName("ask-staff")
        staff_box = QVBoxLayout(self.staff)
        staff_box.setContentsMargins(24, 16, 24, 16)
        self.staff_title = TextLabel("", role="subheading")
        self.staff_text = TextLabel("")
        staff_box.addWidget(self.staff_title)
        staff_box.addWidget(self.staff_text)
        box.addWidget(self.staff)
        self.again = Button("", object_name="suggest-again")
        self.again.clicked.connect(self.assessment_restart_requested)
        box.addWidget(self.again, 0, Qt.AlignmentFlag.AlignLeft)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Suggestions for you"))
        self.intro.setText(_("These fit your answers. Tap one to read more."))
        self.add_all.setText("+ " + _("Add all to my list"))
        self.change.setText(_("Change my answers"))
        self.empty.setText(_("Nothing was found with these wishes."))
        self.widen.setText(_("Show without the wishes"))
        self.said_heading.setText(_("What you told us"))
        self.said_note.setText(_("The further a slice reaches, the more you wished for something there. "
                                 "It is not a score. Your answers are not saved."))
        self.contacts_heading.setText(_("Social and health services in your area"))
        self.staff_title.setText(_("Ask the staff"))
        self.staff_text.setText(_("The staff and volunteers here are happy to help you find the right place."))
        self.again.setText(_("Answer again from the start"))
        self.hint.setText(_("Tap a card to read more, or add it to your list."))

    # -- data ----------------------------------------------------------------------------------
    def show_recommendation(self, rec: Recommendation) -> None:
        self.rec = rec
        clear_layout(self.groups_box)
        self.cards = []
        for group in rec.groups:
            heading = TextLabel(group.name, role="subheading")
            heading.setObjectName(f"group-{group.area}")
            self.groups_box.addWidget(heading)
            for suggestion in group.suggestions:
                card = ResultCard(suggestion.card, suggestion.id in self.in_list,
                                  reasons=tuple(r.text for r in suggestion.reasons))
                card.opened.connect(self.item_opened)
                card.add_requested.connect(self.add_requested)
                card.remove_requested.connect(self.remove_requested)
                self.groups_box.addWidget(card)
                self.cards.append(card)
        found = bool(rec.groups)
        self.intro.setVisible(found)
        self.add_all.setVisible(found)
        self.empty.setVisible(not found)
        self.widen.setVisible(not found and rec.narrowed)
        self._show_said(rec)
        self._update_add_all()

    def _show_said(self, rec: Recommendation) -> None:
        clear_layout(self.said_words)
        self.wheel.set_said(rec.said, self.ctx.session.high_contrast)
        for number, said in enumerate(rec.said, 1):
            words = said.answer or _("(no answer)")
            label = TextLabel(f"{number}. {said.name}: {words}")
            label.setObjectName(f"said-{said.domain}")
            self.said_words.addWidget(label)
        for widget in (self.said_heading, self.said_note):
            widget.setVisible(bool(rec.said))

    def show_contact_cards(self, cards: list[CardView]) -> None:
        clear_layout(self.contacts_box)
        self.tiles = []
        for card in cards[:4]:
            tile = ContactTile(card)
            tile.clicked.connect(lambda _c=False, item_id=card.id: self.item_opened.emit(item_id))
            self.contacts_box.addWidget(tile)
            self.tiles.append(tile)
        self.contacts_heading.setVisible(bool(self.tiles))

    def _add_all(self) -> None:
        if self.rec is not None:
            self.add_all_requested.emit([s.id for s in self.rec.suggestions])

    def _update_add_all(self) -> None:
        ids = [s.id for s in self.rec.suggestions] if self.rec else []
        all_in = bool(ids) and all(i in self.in_list for i in ids)
        self.add_all.setEnabled(not all_in)
        role = "" if all_in else "primary"  # a status then, drawn plainly (dim text on blue is unreadable)
        if self.add_all.property("role") != role:
            set_role(self.add_all, role)
        self.add_all.setText(("✓ " + _("All are on your list")) if all_in else "+ " + _("Add all to my list"))

    def mark_in_list(self, in_list: set[str]) -> None:
        self.in_list = set(in_list)
        for card in self.cards:
            card.set_in_list(card.item_id in in_list)
        self._update_add_all()

    def show_error(self, reason: str = "") -> None:
        clear_layout(self.groups_box)
        self.cards = []
        self.empty.setText(_("The suggestions could not be shown just now. The staff can help you."))
        self.empty.setVisible(True)

    def entered(self) -> None:
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        clear_layout(self.groups_box)
        clear_layout(self.contacts_box)
        self.cards, self.tiles, self.rec = [], [], None
        self.wheel.set_said((), False)
        self.scroll_area.verticalScrollBar().setValue(0)

    def relayout(self) -> None:
        wide = self.width() >= SIDE_BY_SIDE_MIN_PX
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.said_row.direction() != direction:
            self.said_row.setDirection(direction)


def load(view: View) -> PageLoad[SuggestPage]:
    """The suggestions for the session's answers, with the region's contact channels."""
    answers, lang, now, home = view.session.answers, view.session.language, view.now, view.home

    def job(tray: Tray) -> tuple[Recommendation, list[CardView]]:
        rec = reads.recommendation(tray, answers, lang, now, home)
        ids = [c.item_id for c in rec.contacts if c.item_id]
        return rec, reads.cards_for_ids(tray, ids, lang, now, home)

    return answer(job, _show)


def _show(page: SuggestPage, value: tuple[Recommendation, list[CardView]]) -> None:
    rec, contact_cards = value
    page.show_recommendation(rec)
    page.show_contact_cards(contact_cards)


SPEC = PageSpec(
    "suggest", SuggestPage,
    intents=(Intent.BACK, Intent.OPEN_ITEM, Intent.ADD, Intent.REMOVE, Intent.ADD_ALL, Intent.NAVIGATE,
             Intent.PREFERENCES, Intent.RESTART_ASSESSMENT),
    load=load,
)
