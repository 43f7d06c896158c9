"""A column of result cards: the list on the results, search and "My list" pages, built in one place.

``set_cards(cards, in_list)`` shows a new list (keeping nothing of the old one); with a ``batch`` size only
that many cards are built at first and a "Show more (n)" button builds the next batch — a card is some
fifteen widgets, and a theme may hold hundreds of items. The list passes on what the resident asked of a
card (``opened``, ``add_requested``, ``remove_requested``) and shows which cards are on the list.

The page puts ``column`` (a layout, not a widget of its own) and, with batches, ``more`` where it wants
them: a widget between the page's column and the cards made Qt lay every card out twice per answer
(measured: 40 % more layout events, about 10 ms more per keystroke while searching).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout

from kiosk.i18n import _
from kiosk.views import Card
from ui.widgets.card import BriefCard, ResultCard
from ui.widgets.common import Button, clear_layout

AnyCard = ResultCard | BriefCard


class CardList(QObject):
    opened = Signal(str)
    add_requested = Signal(str)
    remove_requested = Signal(str)
    grown = Signal()  # "Show more" built more cards

    def __init__(self, *, batch: int | None = None, spacing: int = 16, drop_removed: bool = False,
                 detailed: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detailed = detailed  # "My list": address and phone on each card
        self.batch = batch
        self.drop_removed = drop_removed  # "My list": a card leaves as soon as its item leaves the list
        self.cards: tuple[Card, ...] = ()
        self.widgets: dict[str, AnyCard] = {}
        self.brief = False  # two-line cards (a short screen with the keyboard open)
        self._in_list: set[str] = set()
        self.column = QVBoxLayout()
        self.column.setSpacing(spacing)
        self.more = Button("", object_name="show-more")
        self.more.clicked.connect(self.show_more)
        self.more.setVisible(False)

    @property
    def shown(self) -> int:
        return len(self.widgets)

    def set_cards(self, cards: Sequence[Card], in_list: set[str], *, at_least: int = 0) -> None:
        """Show ``cards`` (the first batch of them, or ``at_least`` when more were open before)."""
        self.cards = tuple(cards)
        self._in_list = set(in_list)
        clear_layout(self.column)
        self.widgets = {}
        first = len(self.cards) if self.batch is None else max(self.batch, at_least)
        self._build(first)

    def _build(self, count: int) -> None:
        start = len(self.widgets)
        for card in self.cards[start : start + count]:
            widget: AnyCard = (BriefCard(card, card.id in self._in_list) if self.brief
                               else ResultCard(card, card.id in self._in_list, detailed=self.detailed))
            widget.opened.connect(self.opened)
            widget.add_requested.connect(self.add_requested)
            widget.remove_requested.connect(self.remove_requested)
            self.column.addWidget(widget)
            self.widgets[card.id] = widget
        rest = len(self.cards) - len(self.widgets)
        self.more.setText(_("Show more ({count})").format(count=rest))
        self.more.setVisible(rest > 0)

    def set_brief(self, brief: bool) -> None:
        """Switch between full and two-line cards (the same cards, built again)."""
        if brief != self.brief:
            self.brief = brief
            shown = self.shown
            self.set_cards(self.cards, self._in_list, at_least=shown)

    def show_more(self) -> None:
        self._build(self.batch or len(self.cards))
        self.grown.emit()  # the page shows the new cards at once (ui.widgets.card.reveal)

    def mark_in_list(self, in_list: set[str]) -> None:
        self._in_list = set(in_list)
        if self.drop_removed:
            for item_id in [i for i in self.widgets if i not in in_list]:
                widget = self.widgets.pop(item_id)
                widget.setParent(None)
                widget.deleteLater()
            self.cards = tuple(c for c in self.cards if c.id in in_list)
        for item_id, widget in self.widgets.items():
            widget.set_in_list(item_id in in_list)

    def clear(self) -> None:
        self.set_cards((), set())


__all__ = ["AnyCard", "CardList"]
