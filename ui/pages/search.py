"""Search by word: a large field, the kiosk's own keyboard, and results as you type.

The page emits ``search_changed(text)`` shortly after each change (a short debounce so a burst of key
presses asks once); the router runs the search on the reading lane and the page shows the answer
(:meth:`SearchPage.show_results`).
Results for a text that is no longer in the field are ignored. With no hits the page never leaves the
resident at a dead end: it suggests a shorter word and offers a few themes (``category_chosen``).

Portrait: field, results, keyboard at the bottom. Landscape (when the page is wide enough for both):
field on top, results on the left and the keyboard on the right, so results stay visible while typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk import reads
from kiosk.i18n import N_, _
from kiosk.query import Query
from kiosk.views import Card, CardPage
from ui.pages.base import Page
from ui.pages.spec import Intent, PageLoad, PageSpec, View, answer
from ui.theme import body_px
from ui.widgets.cardlist import AnyCard, CardList
from ui.widgets.chips import FlowLayout
from ui.widgets.common import Button, TextLabel, clear_layout, set_role, touch_scroll_area
from ui.widgets.keyboard import MIN_WIDTH as KEYBOARD_MIN_WIDTH
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.themes import ThemeSuggestions

DEBOUNCE_MS = 60
# Shown as buttons on the empty search page; each translation lists words that find something there.
POPULAR_WORDS = N_("gym, choir, yoga, swimming, peer support, food aid")
SHOWN = 20  # cards per answer while typing
MIN_RESULTS_WIDTH = 560  # below this beside the keyboard, the keyboard goes under the results
KEYBOARD_MAX_SIDE_WIDTH = 900
RESULTS_MIN_HEIGHT = 100  # small screens (1280×800) at A++: "Valmis" hides the keyboard to see more
QWIDGETSIZE_MAX = (1 << 24) - 1


class SearchPage(Page):
    name = "search"
    search_changed = Signal(str)
    item_opened = Signal(str)
    add_requested = Signal(str)
    remove_requested = Signal(str)
    category_chosen = Signal(str)

    def build(self) -> None:
        self._state = "start"  # start | results | none | error
        self._text = ""  # the text whose results are shown
        self._cards: tuple[Card, ...] = ()
        self._total = 0
        self._more = False  # more than _total match (the count stops at kiosk.search.COUNT_CAP)
        self._side_by_side: bool | None = None
        self._compact = False

        self.field = QLineEdit()
        self.field.setObjectName("search-field")
        self.field.setMaxLength(80)
        self.field.setClearButtonEnabled(False)
        # The kiosk draws its own keyboard: never ask the platform to open one.
        self.field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self._emit_query)
        self.field.installEventFilter(self)
        self.show_keyboard_button = Button("", object_name="show-keyboard")
        self.show_keyboard_button.clicked.connect(lambda: self.set_keyboard_visible(True))
        self.show_keyboard_button.hide()
        field_row = QHBoxLayout()
        field_row.setSpacing(16)
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.show_keyboard_button)
        self.body.addLayout(field_row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_query)

        content = QWidget()
        content.setObjectName("search-results")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(16)
        self.status = TextLabel("", role="subheading")
        self.status.setObjectName("search-status")
        self.tip = TextLabel("")
        self.tip.setObjectName("search-tip")
        self.suggestion = Button("", role="primary", object_name="search-suggestion")
        self.suggestion.clicked.connect(self._take_suggestion)
        self.suggestion.hide()
        self._suggested: str | None = None
        self.popular = QWidget()
        self.popular.setObjectName("popular-words")
        self.popular_flow = FlowLayout(self.popular, spacing=12)
        self.popular_buttons: list[Button] = []
        self.themes = ThemeSuggestions(self.ctx)
        self.themes.chosen.connect(self.category_chosen)
        self.list = CardList(parent=self)
        self.list.opened.connect(self.item_opened)
        self.list.add_requested.connect(self.add_requested)
        self.list.remove_requested.connect(self.remove_requested)
        self.more = TextLabel("", role="small")
        self.more.setObjectName("search-more")
        for widget in (self.status, self.suggestion, self.popular, self.tip, self.themes):
            column.addWidget(widget)
        column.addLayout(self.list.column)
        column.addWidget(self.more)
        column.addStretch(1)
        self.results_area = touch_scroll_area(content)
        self.results_area.setObjectName("search-scroll")
        self.results_area.setMinimumHeight(RESULTS_MIN_HEIGHT)

        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.field)
        self.keyboard.done.connect(lambda: self.set_keyboard_visible(False))
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(16)
        self.split.addWidget(self.results_area, 1)
        self.split.addWidget(self.keyboard, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(self.split, 1)

    # -- texts --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Search by word"))
        self.field.setPlaceholderText(_("Type a word here"))
        self.field.setAccessibleName(_("Search words"))
        self.show_keyboard_button.setText("⌨ " + _("Keyboard"))
        self.show_keyboard_button.set_accessible(_("Show the keyboard"))
        self._render_state()

    def _render_state(self) -> None:
        state, shown = self._state, len(self._cards)
        texts = {
            "start": (_("Type a word, for example “gym” or “choir”."), ""),
            "results": (
                (_("Results: {count}+") if self._more else _("Results: {count}")).format(count=self._total), ""
            ),
            "none": (
                _("No results for “{text}”.").format(text=self._text.strip()),
                _("Try a shorter word or check the spelling. Or choose a theme:"),
            ),
            "error": (_("The search did not work. Try again."), ""),
        }
        if state == "start":
            texts["start"] = (texts["start"][0], _("Or choose a theme:"))
        status, tip = texts[state]
        self.status.setText(status)
        self.tip.setText(tip)
        self.tip.setVisible(bool(tip))
        self.themes.setVisible(state in ("none", "start"))
        self._fill_popular(state == "start")
        if self._suggested and state == "results":
            self.suggestion.setText(_("Did you mean “{word}”?").format(word=self._suggested))
        self.suggestion.setVisible(bool(self._suggested) and state == "results")
        more = state == "results" and (self._more or self._total > shown)
        self.more.setText(
            _("Showing the first {shown}. Add a word to narrow the search.").format(shown=shown) if more else ""
        )
        self.more.setVisible(more)
        if state == "results":
            self.hint.setText(_("Tap a result to see more. Type more to narrow the search."))
        elif state == "none":
            self.hint.setText(_("Change the word, or tap a theme to browse it."))
        else:
            self.hint.setText(_("Type with the keys on the screen. Results appear as you type."))

    # -- typing -------------------------------------------------------------------------------------
    def _text_changed(self, _text: str) -> None:
        self._timer.start()

    def _emit_query(self) -> None:
        self._timer.stop()
        self.search_changed.emit(self.field.text())

    def set_keyboard_visible(self, visible: bool) -> None:
        self.keyboard.setVisible(visible)
        self.show_keyboard_button.setVisible(not visible)
        if visible:
            self.field.setFocus()
        self._fit_results()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self.field and event.type() == QEvent.Type.MouseButtonPress and self.keyboard.isHidden():
            self.set_keyboard_visible(True)
        return False

    # -- from the router ----------------------------------------------------------------------------
    @property
    def cards(self) -> dict[str, AnyCard]:
        return self.list.widgets

    @property
    def found_nothing(self) -> bool:
        """The last search found nothing (the anonymous statistics count it, never the words)."""
        return self._state == "none"

    def show_answer(self, answer: tuple[str, CardPage | None]) -> None:
        self.show_results(*answer, set(self.ctx.session.my_list))

    def show_results(self, text: str, page: CardPage | None, in_list: set[str]) -> None:
        if text != self.field.text():
            return  # an older search: the resident has typed on since
        if page is None or not text.strip():
            self._set_cards(text, (), 0, in_list)
            self._state, self._suggested, self._more = "start", None, False
        else:
            self._set_cards(text, page.cards, page.total, in_list)
            self._more = page.more
            self._state = "results" if page.cards else "none"
            self._suggested = page.suggestion
        self._render_state()

    def _take_suggestion(self) -> None:
        """"Tarkoititko kuntosali?": the corrected words go into the field (and are searched as typed ones)."""
        if self._suggested:
            self.field.setText(self._suggested)
            self._emit_query()

    def _fill_popular(self, shown: bool) -> None:
        """Words people often look for, as buttons, so the empty page is a way forward (each finds something
        on the demo tray: tests/test_examples.py)."""
        words = [w.strip() for w in _(POPULAR_WORDS).split(",") if w.strip()] if shown else []
        if [b.text() for b in self.popular_buttons] != words:
            clear_layout(self.popular_flow)
            self.popular_buttons = []
            for word in words:
                button = Button(word, object_name=f"popular-{len(self.popular_buttons)}")
                button.setProperty("role", "chip")
                button.clicked.connect(lambda _c=False, w=word: self._take_word(w))
                self.popular_flow.addWidget(button)
                self.popular_buttons.append(button)
        self.popular.setVisible(bool(words))

    def _take_word(self, word: str) -> None:
        self.field.setText(word)
        self._emit_query()

    def _set_cards(self, text: str, cards: tuple[Card, ...], total: int, in_list: set[str]) -> None:
        same = text == self._text and cards == self._cards
        self._text, self._total = text, total
        if same:  # the same results again (back from a detail): keep the cards and the scroll position
            self.mark_in_list(in_list)
            return
        self._cards = cards
        self.list.set_cards(cards, in_list)
        self.results_area.verticalScrollBar().setValue(0)

    def mark_in_list(self, in_list: set[str]) -> None:
        self.list.mark_in_list(in_list)

    def show_error(self, reason: str = "") -> None:
        self._state = "error"
        self._render_state()

    # -- page life ----------------------------------------------------------------------------------
    def entered(self) -> None:
        if not self.field.text():
            self.set_keyboard_visible(True)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        self._timer.stop()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self._text, self._state = "", "start"
        self._set_cards("", (), 0, set())
        self.set_keyboard_visible(True)
        self._render_state()

    # -- layout -------------------------------------------------------------------------------------
    def _fit_results(self) -> None:
        """A short screen with the keyboard open: two-line result cards and a results strip tall enough for the
        count and the first of them, so the keyboard never covers the first results."""
        brief = self._compact and not self.keyboard.isHidden()
        self.list.set_brief(brief)
        self.field.setStyleSheet("min-height: 58px;" if self._compact else "")
        set_role(self.status, "small" if brief else "subheading")
        body = body_px(self.ctx.session.text_size)
        self.results_area.setMinimumHeight(round(body * 4.2) if brief else RESULTS_MIN_HEIGHT)

    def relayout(self) -> None:
        self._arrange(self.width(), self.height())

    def _arrange(self, width: int, height: int) -> None:
        """Keyboard beside the results when both fit (landscape), else below them; results always show."""
        room = width - 64 - self.split.spacing()
        compact = height < 900  # 1280×800: touch-high keys, thinner margins, a shorter results strip
        self.keyboard.set_compact(compact)
        outer = self.layout()
        if outer is not None:
            outer.setContentsMargins(32, 8 if compact else 24, 32, 8 if compact else 16)
        side = width > height and room >= KEYBOARD_MIN_WIDTH + MIN_RESULTS_WIDTH
        self._compact = compact and not side
        self._fit_results()
        if side:
            self.keyboard.setFixedWidth(max(KEYBOARD_MIN_WIDTH, min(room // 2, KEYBOARD_MAX_SIDE_WIDTH)))
        if side == self._side_by_side:
            return
        self._side_by_side = side
        if side:
            self.split.setDirection(QBoxLayout.Direction.LeftToRight)
        else:
            self.split.setDirection(QBoxLayout.Direction.TopToBottom)
            self.keyboard.setMinimumWidth(KEYBOARD_MIN_WIDTH)
            self.keyboard.setMaximumWidth(QWIDGETSIZE_MAX)


def load(view: View) -> PageLoad[SearchPage]:
    """The first cards for the words typed, and how many match in all (no words: nothing to show)."""
    text, lang, now, home = view.session.search_text, view.session.language, view.now, view.home
    if not text.strip():
        return answer(lambda _tray: (text, None), SearchPage.show_answer)
    query = Query(text=text)
    return answer(lambda tray: (text, reads.cards(tray, query, lang, now, home, limit=SHOWN, facets=False)),
                  SearchPage.show_answer)


SPEC = PageSpec(
    "search", SearchPage, load=load,
    intents=(Intent.BACK, Intent.SEARCH, Intent.OPEN_ITEM, Intent.ADD, Intent.REMOVE, Intent.THEME),
)
