"""The results of a theme: filter chips, sort buttons and a touch-scrolled list of result cards.

Only filters the data can answer are offered (the facets say how many items are known to be free, open
today, given in a language, reachable by phone or online, or have a place on the map); a chip that is on
stays visible so it can always be turned off. Choosing a chip emits ``query_changed`` with the new
:class:`~kiosk.query.Query`; the router loads the list and the page shows it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import _
from kiosk.query import Query, toggled
from kiosk.views import CardPage, Facets
from ui.pages.base import SHORT_PAGE_PX, Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.widgets.card import reveal
from ui.widgets.cardlist import AnyCard, CardList
from ui.widgets.chips import Chip, ChipGroup
from ui.widgets.common import Button, TextLabel, touch_scroll_area


@dataclass(frozen=True)
class ChipSpec:
    key: str  # "free", "mun-205", "sort-name" (the chip's objectName is "chip-<key>")
    text: str
    checked: bool
    query: Query  # what tapping it asks for
    available: bool = True  # False: shown before for this theme, would find nothing now (kept in its place)


MUNICIPALITY_CHIPS = (8, 6, 4)  # shown before "Muut kunnat", by text size A, A+, A++
BATCH = 12  # cards built at a time; "Show more" builds the next ones


class ResultsPage(Page):
    name = "results"
    query_changed = Signal(object)  # the new Query
    item_opened = Signal(str)
    add_requested = Signal(str)
    remove_requested = Signal(str)

    def build(self) -> None:
        self.query = Query()
        self.result: CardPage | None = None
        self._more_open = False
        self._chips_for: tuple[str, ...] | None = None  # the theme whose chips _seen remembers
        self._seen: dict[str, dict[str, ChipSpec]] = {}
        self._shown_key: tuple[object, ...] | None = None
        self.content = content = QWidget()
        content.setObjectName("results-content")
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 12, 16)
        box.setSpacing(20)
        self.panel = QWidget()
        self.panel.setObjectName("filters")
        panel_box = QVBoxLayout(self.panel)
        panel_box.setContentsMargins(0, 0, 0, 0)
        panel_box.setSpacing(20)
        self.groups: dict[str, ChipGroup] = {}
        for key in ("municipality", "only", "language", "sort"):
            group = ChipGroup(f"group-{key}")
            self.groups[key] = group
            panel_box.addWidget(group)
        panel_box.addStretch(1)
        self.content_box = box
        # Short screens and large text: the filters fold behind one "Rajaa" button so a card shows.
        self.filter_toggle = Button("", object_name="filter-toggle")
        self.filter_toggle.clicked.connect(self._toggle_filters)
        self.filter_toggle.setVisible(False)
        self._compact = False
        self._filters_open = False
        box.addWidget(self.filter_toggle)
        box.addWidget(self.panel)
        self.note = TextLabel("", role="small")
        self.note.setObjectName("results-note")
        box.addWidget(self.note)
        self.empty = QWidget()
        self.empty.setObjectName("empty")
        empty_box = QVBoxLayout(self.empty)
        empty_box.setContentsMargins(0, 24, 0, 24)
        empty_box.setSpacing(20)
        self.empty_text = TextLabel("", role="subheading")
        self.empty_text.setObjectName("empty-text")
        self.clear_button = Button("", role="primary", object_name="clear-filters")
        self.clear_button.clicked.connect(self._clear_filters)
        self.empty_back = Button("", object_name="empty-back")
        self.empty_back.clicked.connect(self.back_requested)
        empty_box.addWidget(self.empty_text)
        empty_box.addWidget(self.clear_button)
        empty_box.addWidget(self.empty_back)
        self.empty.setVisible(False)
        box.addWidget(self.empty)
        self.list = CardList(batch=BATCH, spacing=20, parent=self)
        self.list.opened.connect(self.item_opened)
        self.list.add_requested.connect(self.add_requested)
        self.list.remove_requested.connect(self.remove_requested)
        self.list.grown.connect(self._grown)
        box.addLayout(self.list.column)
        box.addWidget(self.list.more)
        box.addStretch(1)
        self.area = touch_scroll_area(content)
        self.area.setObjectName("results-scroll")
        # landscape: the filters stay in their own column on the left while the cards scroll
        self.side = touch_scroll_area(QWidget())
        self.side.setObjectName("filters-scroll")
        self.side.setVisible(False)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.side)
        row.addWidget(self.area, 1)
        self.body.addLayout(row, 1)
        self._wide = False

    # -- portrait or landscape -----------------------------------------------------------------
    def _arrange(self) -> None:
        wide = self.width() > self.height() and self.width() >= 1200
        if wide != self._wide:
            self._wide = wide
            if wide:
                self.content_box.removeWidget(self.panel)
                self.side.setWidget(self.panel)  # the placeholder widget is deleted
            else:
                self.side.takeWidget()
                self.panel.setAutoFillBackground(False)  # QScrollArea.setWidget turned it on
                self.content_box.insertWidget(1, self.panel)
            self.side.setVisible(wide)
            self.panel.show()
        if wide:
            self._fit_side()

    def _fit_side(self) -> None:
        """The filter column: about a third of the width, wider when a chip would not fit (at most half)."""
        widest = max((chip.sizeHint().width() for g in self.groups.values() for chip in g.chips), default=0)
        width = min(self.width() // 2, max(self.width() * 34 // 100, widest + 48))
        if width != self.side.width():
            self.side.setFixedWidth(width)

    def relayout(self) -> None:
        self._arrange()
        self._fold_filters()

    def _fold_filters(self) -> None:
        """On a short screen (1280×800) the filters fold behind "Rajaa", so a whole card shows. Decided by the
        screen, not by the chips, so the panel never folds away while the resident is choosing."""
        compact = not self._wide and 0 < self.height() < SHORT_PAGE_PX
        self._compact = compact
        self.filter_toggle.setVisible(compact and self.result is not None)
        self.filter_toggle.setStyleSheet("min-height: 50px; padding: 4px 16px;" if compact else "")
        self.content_box.setSpacing(8 if compact else 20)
        if not self._wide:
            self.panel.setVisible(not compact or self._filters_open)
        self._toggle_text()

    def _toggle_filters(self) -> None:
        self._filters_open = not self._filters_open
        self._fold_filters()
        reveal(self.panel)
        self.area.verticalScrollBar().setValue(0)

    def _toggle_text(self) -> None:
        q = self.query
        active = len(q.municipalities) + len(q.given_in) + sum((q.free, q.open_today, q.online))
        if self._filters_open:
            total = self.result.total if self.result is not None else 0
            self.filter_toggle.setText("✓ " + _("Done – show {count}").format(count=total))
        elif active:
            self.filter_toggle.setText("☰ " + _("Filter ({count} on)").format(count=active))
        else:
            self.filter_toggle.setText("☰ " + _("Filter"))

    def retranslate(self) -> None:
        super().retranslate()
        self.hint.setText(_("Tap an activity to read more. Narrow the list with the round buttons."))
        labels = {
            "municipality": _("Municipality"),
            "only": _("Show only"),
            "language": _("Language"),
            "sort": _("Sort by"),
        }
        for key, group in self.groups.items():
            group.label.setText(labels[key])
        self.clear_button.setText(_("Remove the filters"))
        self.empty_back.setText("← " + _("Choose another theme"))
        self._set_title()
        if self.result is not None:
            self._fill_chips(self.result.facets)
            self._set_empty_and_note()

    # -- what the router calls -----------------------------------------------------------------
    @property
    def cards(self) -> dict[str, AnyCard]:
        """The cards built so far, by item id."""
        return self.list.widgets

    def show_answer(self, answer: tuple[Query, CardPage]) -> None:
        self.show_cards(*answer, set(self.ctx.session.my_list))

    def show_cards(self, query: Query, page: CardPage, in_list: set[str]) -> None:
        keep_scroll = query == self.query and self.result is not None
        position = self.area.verticalScrollBar().value() if keep_scroll else 0
        shown = self.list.shown if keep_scroll else 0
        self.query, self.result = query, page
        self._set_title()
        self._fill_chips(page.facets)
        self.list.set_cards(page.cards, in_list, at_least=shown)
        self._set_empty_and_note()
        reveal(self.content)
        reveal(self.panel)
        if self._wide:
            self._fit_side()
        self._fold_filters()
        self.content.adjustSize()
        self.area.verticalScrollBar().setValue(position)

    def _grown(self) -> None:
        self._set_empty_and_note()
        reveal(self.content)

    def mark_in_list(self, in_list: set[str]) -> None:
        self.list.mark_in_list(in_list)

    def show_error(self, reason: str = "") -> None:
        self.note.setText(_("The list could not be loaded. Go back and try again."))
        self.note.setVisible(True)

    def reset(self) -> None:
        self.query, self.result = Query(), None
        self._more_open = False
        self._chips_for, self._seen = None, {}
        self._filters_open = False
        self.filter_toggle.setVisible(False)
        self.list.clear()
        for group in self.groups.values():
            group.clear()
            group.setVisible(False)
        self.empty.setVisible(False)
        self.note.setText("")
        self._set_title()
        self.area.verticalScrollBar().setValue(0)
        self.side.verticalScrollBar().setValue(0)

    # -- texts ---------------------------------------------------------------------------------
    def _set_title(self) -> None:
        if self.query.category:
            name = self.ctx.areas.name(self.query.category, self.ctx.session.language)
        else:
            name = _("All activities")
        self.title.setText(f"{name} ({self.result.total})" if self.result is not None else name)

    def _set_empty_and_note(self) -> None:
        page = self.result
        if page is None:
            return
        empty = page.total == 0 or not page.cards
        self.empty.setVisible(empty)
        active = self.query.active()
        if active:
            self.empty_text.setText(_("Nothing matches these choices. Remove the filters to see more."))
        else:
            self.empty_text.setText(_("There are no activities in this theme yet. Go back and choose another theme."))
        self.clear_button.setVisible(active)
        self.empty_back.setVisible(not active)
        if empty:
            self.hint.setText(
                _("Tap “Remove the filters” to see more.") if active else _("Tap Back to choose another theme.")
            )
        else:
            self.hint.setText(_("Tap an activity to read more. Narrow the list with the round buttons."))
        shown = self.list.shown
        if not empty and page.total > shown and not self._compact:
            self.note.setText(
                _("Showing {shown} of {total}. Narrow the list with the round buttons.").format(
                    shown=shown, total=page.total
                )
            )
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    # -- chips ---------------------------------------------------------------------------------
    def _fill_chips(self, facets: Facets) -> None:
        """The chips the data can answer, each group in a stable order: a chip once shown for this theme keeps
        its place (disabled when it would find nothing), so nothing moves under the resident's finger."""
        if self.query.categories != self._chips_for:
            self._chips_for, self._seen = self.query.categories, {}
        for key, specs in (
            ("municipality", self._municipality_chips(facets)),
            ("only", self._only_chips(facets)),
            ("language", self._language_chips(facets)),
            ("sort", self._sort_chips(facets)),
        ):
            self._place(key, specs)
        self._municipality_more()
        has_cards = self.result is not None and self.result.total > 0
        for key, group in self.groups.items():
            enough = len(group.chips) > (1 if key == "sort" else 0)
            group.setVisible(enough and (has_cards or key != "sort"))

    def _place(self, group_key: str, specs: list[ChipSpec]) -> None:
        group = self.groups[group_key]
        group.clear()
        seen = self._seen.setdefault(group_key, {})
        fresh = {spec.key: spec for spec in specs}
        for key, old in list(seen.items()):
            if key not in fresh:  # shown before for this theme: stays, but finds nothing now
                seen[key] = ChipSpec(old.key, old.text, False, old.query, available=False)
        for spec in specs:
            seen[spec.key] = spec
        for spec in seen.values():
            chip = self._chip(spec.text, spec.key, spec.checked, spec.query)
            chip.setEnabled(spec.available or spec.checked)
            group.add(chip)

    def _municipality_chips(self, facets: Facets) -> list[ChipSpec]:
        f = self.query
        rows = [(code, name) for code, name, count in facets.municipalities if count > 0 or code in f.municipalities]
        rows += [(code, code) for code in f.municipalities if code not in {c for c, _n in rows}]
        return [ChipSpec(f"mun-{code}", name, code in f.municipalities,
                         replace(f, municipalities=toggled(f.municipalities, code))) for code, name in rows]

    def _municipality_more(self) -> None:
        """Only the first few municipalities (home first) until "Muut kunnat (n)" is tapped."""
        group, f = self.groups["municipality"], self.query
        shown = MUNICIPALITY_CHIPS[max(0, min(self.ctx.session.text_size, 2))]
        for i, chip in enumerate(group.chips):
            code = chip.objectName().removeprefix("chip-mun-")
            chip.setVisible(i < shown or self._more_open or code in f.municipalities)
        hidden = sum(1 for chip in group.chips if chip.isHidden())
        if hidden > 0 and not self._more_open:
            more = group.add(Button(_("Other municipalities ({count})").format(count=hidden), object_name="more-mun"))
            more.setProperty("role", "chip")
            more.clicked.connect(self._open_more)

    def _only_chips(self, facets: Facets) -> list[ChipSpec]:
        f = self.query
        specs = []
        if facets.free > 0 or f.free:
            specs.append(ChipSpec("free", _("Free of charge"), f.free, replace(f, free=not f.free)))
        if facets.open_today > 0 or f.open_today:
            specs.append(ChipSpec("open-today", _("Open today"), f.open_today, replace(f, open_today=not f.open_today)))
        if facets.online > 0 or f.online:
            specs.append(ChipSpec("online", _("By phone or online"), f.online, replace(f, online=not f.online)))
        return specs

    def _language_chips(self, facets: Facets) -> list[ChipSpec]:
        f = self.query
        rows = [(code, name, count) for code, name, count in facets.languages]
        rows += [(code, code, 0) for code in f.given_in if code not in {c for c, _n, _k in rows}]
        return [ChipSpec(f"lang-{code}", name, code in f.given_in, replace(f, given_in=toggled(f.given_in, code)))
                for code, name, count in rows if count > 0 or code in f.given_in]

    def _sort_chips(self, facets: Facets) -> list[ChipSpec]:
        """Without words to match, "relevance" means nearest first: no chip says "Osuvuus"."""
        f = self.query
        nearest = f.sort == "nearest" or (f.sort == "relevance" and not f.text.strip())
        specs = []
        if f.text.strip():
            specs.append(ChipSpec("sort-relevance", _("Best match"), f.sort == "relevance", replace(f, sort="relevance")))
        if facets.with_location > 0 or f.sort == "nearest":
            specs.append(ChipSpec("sort-nearest", _("Nearest"), nearest, replace(f, sort="nearest")))
        specs.append(ChipSpec("sort-name", _("Name"), f.sort == "name", replace(f, sort="name")))
        return specs

    def _chip(self, text: str, key: str, checked: bool, new_query: Query) -> Chip:
        chip = Chip(text, key, checked)
        chip.clicked.connect(lambda _c=False, q=new_query: self.query_changed.emit(q))
        return chip

    def _open_more(self) -> None:
        self._more_open = True
        if self.result is not None:
            self._fill_chips(self.result.facets)
            reveal(self.groups["municipality"])
            if self._wide:
                self._fit_side()

    def _clear_filters(self) -> None:
        self.query_changed.emit(self.query.without_filters())


def load(view: View) -> PageLoad[ResultsPage]:
    """The theme's list as the session's query asks for it: cards, their number and the facets."""
    query, lang, now, home = view.session.query, view.session.language, view.now, view.home
    return answer(lambda tray: (query, reads.cards(tray, query, lang, now, home)), ResultsPage.show_answer)


SPEC = PageSpec(
    "results", ResultsPage, load=load,
    intents=(Intent.BACK, Intent.QUERY, Intent.OPEN_ITEM, Intent.ADD, Intent.REMOVE),
)
