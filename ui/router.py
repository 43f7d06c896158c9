"""The coordinator: moves between pages, keeps the session, and talks to the core through the worker.

Pages emit intents (signals); the router answers by asking the worker for data and calling the page's
``show_*`` methods with the result on the GUI thread. Results that arrive after the resident has moved on
(an older search, a previous session) are dropped by generation counters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from kiosk.i18n import set_language
from kiosk.session import Filters
from ui.context import UiContext
from ui.pages.base import Page
from ui.window import KioskWindow


class _LazyBrowse:
    """``kiosk.browse`` (and with it sqlite-utils) is imported on first use, usually on the worker thread,
    so the attract screen appears sooner."""

    def __getattr__(self, name: str) -> Any:
        import kiosk.browse

        return getattr(kiosk.browse, name)


browse = _LazyBrowse()


class Router(QObject):
    page_changed = Signal(str)
    session_reset = Signal()
    theme_changed = Signal()

    def __init__(self, ctx: UiContext, window: KioskWindow, runner: Any, pages: dict[str, Page],
                 apply_theme: Callable[[int, bool], None]) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.runner = runner
        self.pages = pages
        self._apply_theme = apply_theme
        self.history: list[str] = []
        self.current = ""
        self._search_gen = 0
        self._session_gen = 0
        self.errors: list[str] = []
        self.language_hooks: list[Callable[[str], None]] = []
        self._connect()
        on_create = getattr(pages, "on_create", False)
        if on_create is None:  # a PageSet: pages join the window as they are first used
            pages.on_create = self._adopt  # type: ignore[attr-defined]
            for page in pages.built():  # type: ignore[attr-defined]
                self._adopt(page.name, page)
        else:
            for name, page in pages.items():
                self._adopt(name, page)

    # -- wiring --------------------------------------------------------------------------------
    def _adopt(self, name: str, page: Page) -> None:
        """Put a (new) page into the window and connect what it can ask for."""
        self.window.stack.addWidget(page)
        page.back_requested.connect(self.back)
        for signal_name, handler in (
            ("item_opened", self.open_item),
            ("add_requested", self.add_to_list),
            ("remove_requested", self.remove_from_list),
            ("category_chosen", self.open_category),
        ):
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(handler)
        extra: Any = page
        if name == "attract":
            extra.start_requested.connect(self.start)
        elif name == "home":
            extra.browse_requested.connect(lambda: self.go("browse"))
            extra.search_requested.connect(lambda: self.go("search"))
        elif name == "results":
            extra.filters_changed.connect(self.set_filters)
        elif name == "search":
            extra.query_changed.connect(self.search)
        elif name == "mylist":
            extra.clear_requested.connect(self.clear_list)
        mark = getattr(page, "mark_in_list", None)
        if mark is not None and self.ctx.session.my_list:
            mark(set(self.ctx.session.my_list))

    def _connect(self) -> None:
        bar = self.window.bar
        bar.language_chosen.connect(self.set_language)
        bar.text_size_chosen.connect(self.set_text_size)
        bar.contrast_toggled.connect(self.set_contrast)
        bar.help_now_requested.connect(lambda: self.go("helpnow"))
        bar.home_requested.connect(lambda: self.go("home", reset_history=True))
        bar.howto_requested.connect(lambda: self.go("howto"))
        bar.restart_requested.connect(self.restart)
        bar.list_requested.connect(lambda: self.go("mylist"))

    def _built(self) -> list[Page]:
        built = getattr(self.pages, "built", None)
        return list(built()) if built is not None else list(self.pages.values())

    # -- navigation ----------------------------------------------------------------------------
    def go(self, name: str, *, reset_history: bool = False, remember: bool = True) -> None:
        page = self.pages[name]
        if reset_history:
            self.history.clear()
        elif remember and self.current and self.current != name:
            self.history.append(self.current)
        self.current = name
        self.window.stack.setCurrentWidget(page)
        self.window.set_bar_visible(name != "attract")
        self._sync_bar()
        page.entered()
        self._load(name)
        self.page_changed.emit(name)

    def back(self) -> None:
        target = self.history.pop() if self.history else "home"
        self.go(target, remember=False)

    def start(self, lang: str) -> None:
        self.set_language(lang)
        self.go("home", reset_history=True)

    def restart(self) -> None:
        """"Aloita alusta": forget the resident at once and return to the attract screen."""
        self._session_gen += 1
        self._search_gen += 1
        self.ctx.session.reset()
        for page in self._built():
            page.reset()
        self.set_language(self.ctx.session.language)
        self._apply_theme(self.ctx.session.text_size, self.ctx.session.high_contrast)
        self.history.clear()
        self.go("attract", reset_history=True)
        self.session_reset.emit()

    # -- session settings ----------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.ctx.session.language = lang
        set_language(lang)
        for hook in self.language_hooks:
            hook(lang)
        QCoreApplication.sendEvent(self.window, QEvent(QEvent.Type.LanguageChange))
        self._sync_bar()
        if self.current:
            self._load(self.current)

    def set_text_size(self, size: int) -> None:
        self.ctx.session.text_size = size
        self._apply_theme(size, self.ctx.session.high_contrast)
        self._sync_bar()

    def set_contrast(self, on: bool) -> None:
        self.ctx.session.high_contrast = on
        self._apply_theme(self.ctx.session.text_size, on)
        self._sync_bar()

    def _sync_bar(self) -> None:
        s = self.ctx.session
        self.window.bar.sync_state(s.language, s.text_size, s.high_contrast, len(s.my_list))

    # -- the list ------------------------------------------------------------------------------
    def add_to_list(self, item_id: str) -> None:
        self.ctx.session.add(item_id)
        self._sync_bar()
        self._refresh_list_marks()

    def remove_from_list(self, item_id: str) -> None:
        self.ctx.session.remove(item_id)
        self._sync_bar()
        self._refresh_list_marks()
        if self.current == "mylist":
            self._load("mylist")

    def clear_list(self) -> None:
        self.ctx.session.clear_list()
        self._sync_bar()
        self._load(self.current)

    def _refresh_list_marks(self) -> None:
        in_list = set(self.ctx.session.my_list)
        for page in self._built():
            mark = getattr(page, "mark_in_list", None)
            if mark is not None:
                mark(in_list)

    # -- data ----------------------------------------------------------------------------------
    def open_category(self, key: str) -> None:
        self.ctx.session.category = key
        self.ctx.session.filters = Filters(municipalities=self._home_filter())
        self.go("results")

    def _home_filter(self) -> tuple[str, ...]:
        return ()

    def set_filters(self, filters: Filters) -> None:
        self.ctx.session.filters = filters
        self._load("results")

    def open_item(self, item_id: str) -> None:
        self.ctx.session.scroll_positions.pop("detail", None)
        self._detail_id = item_id
        self.go("detail")

    def search(self, text: str) -> None:
        self.ctx.session.search_text = text
        self._search_gen += 1
        gen = self._search_gen
        query = browse.BrowseQuery(text=text, limit=20, facets=False)
        lang, now, home = self.ctx.session.language, self.ctx.clock(), self._home_point

        def done(page: Any) -> None:
            if gen == self._search_gen:
                self.pages["search"].show_results(text, page, set(self.ctx.session.my_list))  # type: ignore[attr-defined]

        if not text.strip():
            self.pages["search"].show_results("", None, set(self.ctx.session.my_list))  # type: ignore[attr-defined]
            return
        self._submit(lambda db: browse.list_cards(db, query, lang, now, home), done)

    _detail_id: str | None = None
    _home_point: tuple[float, float] | None = None

    def _submit(self, job: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        gen = self._session_gen

        def deliver(value: Any) -> None:
            if gen == self._session_gen:
                done(value)

        self.runner.submit(job, deliver, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.errors.append(f"{type(exc).__name__}: {exc}")
        show_error = getattr(self.pages.get(self.current), "show_error", None)
        if show_error is not None:
            show_error()

    def load_home_point(self) -> None:
        config = self.ctx.config

        def done(point: Any) -> None:
            self._home_point = point

        self._submit(lambda db: browse.home_point(db, config), done)

    def _load(self, name: str) -> None:
        s = self.ctx.session
        lang, now, home, in_list = s.language, self.ctx.clock(), self._home_point, set(s.my_list)
        page: Any = self.pages[name]
        stale_days = self.ctx.config.kiosk.stale_after_days
        if name in ("attract", "home"):
            self._submit(lambda db: browse.freshness(db, now, stale_days, lang), page.show_freshness)
        elif name == "browse":
            self._submit(browse.area_counts, page.show_counts)
        elif name == "results":
            f = s.filters
            query = browse.BrowseQuery(
                category=s.category, municipalities=f.municipalities, free=f.free, open_today=f.open_today,
                given_in=f.given_in, online=f.online, sort=f.sort,
            )
            self._submit(lambda db: browse.list_cards(db, query, lang, now, home),
                         lambda result: page.show_cards(s.category, f, result, in_list))
        elif name == "detail" and self._detail_id:
            item_id = self._detail_id
            self._submit(lambda db: browse.item_detail(db, item_id, lang, now, home),
                         lambda detail: page.show_detail(detail, item_id in set(s.my_list)))
        elif name == "mylist":
            ids = list(s.my_list)
            self._submit(lambda db: browse.cards_for_ids(db, ids, lang, now, home), page.show_cards)
        elif name == "helpnow":
            self._submit(lambda db: browse.contact_cards(db, lang, now, home), page.show_contacts)
        elif name == "search" and s.search_text:
            self.search(s.search_text)
