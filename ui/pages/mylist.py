"""The resident's own list: what they added, shown clearly enough to act on, a way to take it home, and a
way to empty it.

Each card shows the name, organiser, place and street address, the next opening, the phone and the price;
the order on screen is the order on paper. "Tulosta lista" and "Vie puhelimeen" open the print and QR pages
(``navigate_requested``). The list lives only in the session: the page says plainly that it is forgotten
on "Lopeta ja tyhjennä" or when the screen is left alone.
"Tyhjennä lista" asks first, inline; the confirming button is never the default. An empty list offers a
few themes (``category_chosen``) so there is always a way forward.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _
from kiosk.views import Card
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.cardlist import AnyCard, CardList
from ui.widgets.chips import FlowLayout
from ui.widgets.common import Button, TextLabel, touch_scroll_area
from ui.widgets.themes import ThemeSuggestions


class MyListPage(Page):
    name = "mylist"
    item_opened = Signal(str)
    remove_requested = Signal(str)
    clear_requested = Signal()
    category_chosen = Signal(str)
    navigate_requested = Signal(str)

    def build(self) -> None:
        self._error = False

        self.note = TextLabel("", role="warning")
        self.note.setObjectName("list-note")
        self.body.addWidget(self.note)

        content = QWidget()
        content.setObjectName("list-content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(16)
        self.empty = TextLabel("", role="subheading")
        self.empty.setObjectName("list-empty")
        self.empty_tip = TextLabel("")
        self.empty_tip.setObjectName("list-empty-tip")
        self.themes = ThemeSuggestions(self.ctx)
        self.themes.chosen.connect(self.category_chosen)
        self.list = CardList(drop_removed=True, detailed=True, parent=self)
        self.list.opened.connect(self.item_opened)
        self.list.remove_requested.connect(self.remove_requested)
        for widget in (self.empty, self.empty_tip, self.themes):
            column.addWidget(widget)
        column.addLayout(self.list.column)
        column.addStretch(1)
        self.list_area = touch_scroll_area(content)
        self.list_area.setObjectName("list-scroll")
        self.body.addWidget(self.list_area, 1)

        take = FlowLayout(spacing=24)  # wraps at large text in a narrow column
        self.print_button = Button("", role="primary", object_name="print-list")
        self.print_button.clicked.connect(lambda: self.navigate_requested.emit("print"))
        self.phone_button = Button("", role="primary", object_name="phone-list")
        self.phone_button.clicked.connect(lambda: self.navigate_requested.emit("qr"))
        take.addWidget(self.print_button)
        take.addWidget(self.phone_button)
        self.body.addLayout(take)

        self.clear_button = Button("", object_name="clear-list")
        self.clear_button.clicked.connect(self._ask_clear)
        self.confirm = QFrame()
        self.confirm.setObjectName("clear-confirm")
        self.confirm.setProperty("role", "card")
        box = QVBoxLayout(self.confirm)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(16)
        self.confirm_question = TextLabel("", role="subheading")
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        self.confirm_yes = Button("", role="danger", object_name="confirm-clear")
        self.confirm_no = Button("", object_name="cancel-clear")
        for button in (self.confirm_yes, self.confirm_no):
            button.setAutoDefault(False)
            button.setDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.confirm_yes.clicked.connect(self._confirmed)
        self.confirm_no.clicked.connect(self._hide_confirm)
        box.addWidget(self.confirm_question)
        box.addLayout(buttons)
        self.confirm.hide()
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.confirm)

    # -- texts --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.note.setText(
            _(
                "Print the list or take it to your phone before you leave. The list is "
                "erased when you press “{restart}” or when the screen is not used for a while."
            ).format(restart=_("Finish and clear"))
        )
        self.print_button.setText(_("Print the list"))
        self.phone_button.setText(_("Take it to your phone"))
        self.clear_button.setText(_("Clear the list"))
        self.confirm_question.setText(_("Remove everything from your list?"))
        self.confirm_yes.setText(_("Yes, clear"))
        self.confirm_no.setText(_("Cancel"))
        self._render()

    @property
    def cards(self) -> dict[str, AnyCard]:
        return self.list.widgets

    def _render(self) -> None:
        count = len(self.list.cards)
        self.title.setText(_("My list ({count})").format(count=count))
        if self._error:
            self.empty.setText(_("The list could not be shown. Try again."))
        else:
            self.empty.setText(_("Your list is empty."))
        self.empty_tip.setText(_("Add items with “{button}”. Or choose a theme:").format(button=_("Add to list")))
        self.empty.setVisible(count == 0)
        self.empty_tip.setVisible(count == 0 and not self._error)
        self.themes.setVisible(count == 0 and not self._error)
        self.clear_button.setVisible(count > 0)
        self.print_button.setVisible(count > 0)
        self.phone_button.setVisible(count > 0)
        if count == 0:
            self.confirm.hide()
            self.hint.setText(_("Tap a theme to find activities."))
        else:
            self.hint.setText(_("Tap an item to see all its details."))

    # -- from the router ----------------------------------------------------------------------------
    def show_cards(self, cards: list[Card]) -> None:
        self._error = False
        cards = list(cards)
        keep_scroll = [c.id for c in cards] == [c.id for c in self.list.cards]
        position = self.list_area.verticalScrollBar().value()
        self.list.set_cards(cards, {c.id for c in cards})
        self.confirm.hide()
        self._render()
        self.list_area.verticalScrollBar().setValue(position if keep_scroll else 0)

    def mark_in_list(self, in_list: set[str]) -> None:
        """An item removed elsewhere leaves this page at once (the router reloads it when shown)."""
        self.list.mark_in_list(in_list)
        self._render()

    def show_error(self, reason: str = "") -> None:
        self._error = True
        self._render()

    # -- clearing -----------------------------------------------------------------------------------
    def _ask_clear(self) -> None:
        self.confirm.show()
        self.confirm_no.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hide_confirm(self) -> None:
        self.confirm.hide()

    def _confirmed(self) -> None:
        self.confirm.hide()
        self.clear_requested.emit()

    # -- page life ----------------------------------------------------------------------------------
    def entered(self) -> None:
        self.confirm.hide()

    def reset(self) -> None:
        self._error = False
        self.list.clear()
        self.list_area.verticalScrollBar().setValue(0)
        self._render()


def load(view: View) -> PageLoad[MyListPage]:
    """The cards of the items on the list, in the order they were added."""
    ids, lang, now, home = tuple(view.session.my_list), view.session.language, view.now, view.home
    return answer(lambda tray: reads.cards_for_ids(tray, ids, lang, now, home), MyListPage.show_cards)


SPEC = PageSpec(
    "mylist", MyListPage, load=load,
    intents=(Intent.BACK, Intent.OPEN_ITEM, Intent.REMOVE, Intent.CLEAR_LIST, Intent.THEME, Intent.NAVIGATE),
)
