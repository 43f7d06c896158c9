"""One result card: what an activity is, where, when, at what cost, in which languages — and "add to my list".

Used by the results page, the search page and the resident's list. A tap anywhere on the card opens the
item (``opened``). "+ Lisää omalle listalle" adds it; once it is there the card says so ("✓ Listalla", a
status, not a button) and offers removing as an action of its own ("Poista listalta"), which the router
lets the resident undo. Every text from the data is shown in plain-text labels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import _, current_language
from kiosk.views import Card as CardView
from ui.icons import IconMark
from ui.widgets.chips import FlowLayout
from ui.widgets.common import Button, Card, TextLabel, is_tap


def language_marker(text_lang: str | None, chosen: str) -> str:
    """A marker such as (suomeksi) / (på finska) / (in Finnish) when a text is not in the chosen language."""
    if not text_lang or text_lang == chosen:
        return ""
    return {
        "fi": _("(in Finnish)"),
        "sv": _("(in Swedish)"),
        "en": _("(in English)"),
    }.get(text_lang, _("(in another language)"))


def reveal(root: QWidget) -> None:
    """Show at once the widgets just added under ``root`` (unless hidden on purpose).

    Qt shows a widget added to a visible parent only on the next turn of the event loop; pages that are
    refilled while on screen call this so a screenshot or a test sees the new content straight away.
    """
    for widget in root.findChildren(QWidget):
        if not (widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)):
            widget.setVisible(True)


class TapCard(Card):
    """A card that opens its item: a tap anywhere on it (not a drag that scrolls) emits ``opened``; a language
    change calls ``retranslate``."""

    opened = Signal(str)

    def __init__(self, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self._press: QPoint | None = None

    def retranslate(self) -> None:
        """Set the card's texts (subclasses)."""

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        start, self._press = self._press, None
        if is_tap(start, event, self.rect()):
            self.opened.emit(self.item_id)
        super().mouseReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ResultCard(TapCard):
    """One result. Only the lines the item has are built (a list may hold a couple of hundred cards)."""

    add_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, card: CardView, in_list: bool, parent: QWidget | None = None, *,
                 detailed: bool = False, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(card.id, parent)
        self.card = card
        self._in_list = in_list
        self.setObjectName(f"card-{card.id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._box = box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(12)
        self.name = TextLabel(card.name, role="subheading")
        self.name.setObjectName("card-name")
        chevron = TextLabel("›", role="subheading")
        chevron.setAccessibleName("")
        top.addWidget(self.name, 1)
        top.addWidget(chevron, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)
        self.marks: TextLabel | None = None  # "(suomeksi) · Esimerkki"
        if card.demo or card.name_lang != current_language():
            self.marks = self._add_label("", "card-marks", "small")
        if card.organiser:
            self._add_label(card.organiser, "card-organiser", "small")
        if reasons:  # why it was suggested: "Koska kaipaat seuraa", "Maksuton", "Lähellä: Kajaani"
            chips = FlowLayout(spacing=10)
            for index, reason in enumerate(reasons):
                chip = TextLabel(reason, role="reason")
                chip.setObjectName(f"reason-{card.id}-{index}")
                chip.setWordWrap(False)
                chips.addWidget(chip)
            box.addLayout(chips)
        self.lines: dict[str, TextLabel] = {}
        self._line("place", "location", "")
        if detailed and card.address:  # "My list": enough to act on without opening the item
            marker = language_marker(card.address_lang, current_language())  # a street only in Finnish
            self._line("address", "location", f"{card.address} {marker}" if marker else card.address)
        self._line("status", "clock", "")
        if detailed and card.phone:
            self._line("phone", "phone", card.phone)
        self._line("cost", "free", card.cost_text)
        if card.languages_text:
            self._line("languages", "language", card.languages_text)
        if card.online:
            self._line("online", "phone", "")
        if card.accessibility:
            self._line("accessibility", "accessible", card.accessibility)
        if card.other_places:
            self._line("other-places", "location", "")

        # Where "+ Add" was, "✓ On your list" appears: a second, impatient tap lands on a status, not on
        # "Remove", which comes after it. The row wraps when the card is narrow (large text, a side column).
        bottom = FlowLayout(spacing=16)
        self.on_list = TextLabel("", role="badge")
        self.on_list.setObjectName(f"onlist-{card.id}")
        self.on_list.setWordWrap(False)
        self.remove_button = Button("", object_name=f"remove-{card.id}")
        self.remove_button.clicked.connect(self._remove)
        self.add_button = Button("", object_name=f"add-{card.id}")
        self.add_button.clicked.connect(self._add)
        for widget in (self.on_list, self.remove_button, self.add_button):
            bottom.addWidget(widget)
        box.addLayout(bottom)
        self.retranslate()

    def _add_label(self, text: str, name: str, role: str | None) -> TextLabel:
        label = TextLabel(text, role=role)
        label.setObjectName(name)
        self._box.addWidget(label)
        return label

    def _line(self, key: str, icon: str, text: str) -> None:
        """A pictogram and a wrapped plain-text line."""
        row = QHBoxLayout()
        row.setSpacing(12)
        label = TextLabel(text)
        label.setObjectName(f"card-{key}")
        row.addWidget(IconMark(icon), 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        self._box.addLayout(row)
        self.lines[key] = label

    # -- state ---------------------------------------------------------------------------------
    @property
    def in_list(self) -> bool:
        return self._in_list

    def set_in_list(self, in_list: bool) -> None:
        """Show whether the item is on the list (the status and the remove action, or the add button)."""
        self._in_list = in_list
        self.on_list.setText("✓ " + _("On your list"))
        self.add_button.setText("+ " + _("Add to list"))  # short: a card may stand in a narrow column
        self.add_button.set_accessible(_("Add to my list: {name}").format(name=self.card.name))
        self.remove_button.setText(_("Remove from list"))
        self.remove_button.set_accessible(_("Remove from my list: {name}").format(name=self.card.name))
        self.on_list.setVisible(in_list)
        self.remove_button.setVisible(in_list)
        self.add_button.setVisible(not in_list)

    def _add(self) -> None:
        self.set_in_list(True)
        self.add_requested.emit(self.item_id)

    def _remove(self) -> None:
        self.set_in_list(False)
        self.remove_requested.emit(self.item_id)

    def retranslate(self) -> None:
        c = self.card
        if self.marks is not None:
            marks = [language_marker(c.name_lang, current_language()), _("Example") if c.demo else ""]
            self.marks.setText(" · ".join(m for m in marks if m))
        self.lines["place"].setText(place_text(c))
        self.lines["status"].setText(c.status or _("Opening hours not known"))
        if "online" in self.lines:
            self.lines["online"].setText(_("By phone or online"))
        if "other-places" in self.lines:
            self.lines["other-places"].setText(
                _("Also in 1 other place") if c.other_places == 1
                else _("Also in {count} other places").format(count=c.other_places))
        self.setAccessibleName(c.name)
        self.setAccessibleDescription(_("Tap to read more."))
        self.set_in_list(self._in_list)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.opened.emit(self.item_id)
            return
        super().keyPressEvent(event)




def place_text(c: CardView) -> str:
    """ "Kajaani · 2,4 km", "Koko maa", or "Paikka ei tiedossa"."""
    place = _("Whole country") if c.nationwide else (c.municipality or "")
    if c.distance_text:
        place = f"{place} · {c.distance_text}" if place else c.distance_text
    return place or _("Place not known")


class BriefCard(TapCard):
    """A result in two lines — its name, then where — for a short screen while the keyboard is
    open, so the first results stay in sight above the keys. A tap opens the item (where it can be added);
    it has the card's signals so a card list can hold either kind."""

    add_requested = Signal(str)  # never emitted: a brief card has no list button
    remove_requested = Signal(str)

    def __init__(self, card: CardView, in_list: bool, parent: QWidget | None = None) -> None:
        super().__init__(card.id, parent)
        self.card, self._in_list = card, in_list
        self.setObjectName(f"card-{card.id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 8, 16, 8)
        box.setSpacing(2)
        self.name = TextLabel(card.name, role="subheading")
        self.name.setObjectName("card-name")
        self.line = TextLabel("", role="small")
        self.line.setObjectName("card-line")
        for label in (self.name, self.line):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(label)
        self.retranslate()

    @property
    def in_list(self) -> bool:
        return self._in_list

    def set_in_list(self, in_list: bool) -> None:
        self._in_list = in_list
        self.retranslate()

    def retranslate(self) -> None:
        parts = [("✓ " + _("On your list")) if self._in_list else "", place_text(self.card)]
        self.line.setText(" · ".join(p for p in parts if p))
        self.setAccessibleName(self.card.name)
        self.setAccessibleDescription(_("Tap to read more."))

