"""The coordinator: moves between pages, keeps the session, and loads each page's data on the reading lane.

It knows no page by name beyond the navigation targets. Pages declare themselves (:mod:`ui.pages.spec`):
when a page is built, the router connects each intent it declares to its handler; when a page is shown,
the router asks its spec for a load job, runs it on the reading lane and lets the page show the answer.
Handlers for intents the router does not own (the staff page's sync and exit) are added by their
controller with :meth:`Router.handle`.

Answers that arrive late are dropped: every load of a page supersedes the page's earlier ones (typing
fast asks many times; only the last answer is shown), and a reset supersedes everything of the previous
session (an answer for the last resident must never reach the next one's screen).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kiosk import reads
from kiosk.i18n import _, set_language
from kiosk.query import Query
from ui.context import UiContext
from ui.lanes import Runner
from ui.pages.registry import Pages
from ui.pages.spec import Intent, Mounted, View
from ui.widgets.confirm import ConfirmOverlay
from ui.widgets.snackbar import Snackbar
from ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.tray import Tray

Handler = Callable[..., None]
Point = tuple[float, float]


class Router(QObject):
    page_changed = Signal(str)
    session_reset = Signal()

    def __init__(self, ctx: UiContext, window: KioskWindow, reads_lane: Runner[Tray],
                 apply_theme: Callable[[int, bool], None]) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.reads = reads_lane
        self._apply_theme = apply_theme
        self.history: list[str] = []
        self.current = ""
        self.item_id: str | None = None
        self.home: Point | None = None
        self.errors: list[str] = []
        self.language_hooks: list[Callable[[str], None]] = []
        self._session_gen = 0
        self._load_gen: dict[str, int] = {}
        self._handlers: dict[Intent, Handler] = {
            Intent.BACK: self.back,
            Intent.START: self.start,
            Intent.NAVIGATE: self.go,
            Intent.OPEN_ITEM: self.open_item,
            Intent.ADD: self.add_to_list,
            Intent.REMOVE: self.remove_from_list,
            Intent.THEME: self.open_category,
            Intent.QUERY: self.set_query,
            Intent.SEARCH: self.search,
            Intent.CLEAR_LIST: self.clear_list,
            Intent.REFRESH: self.reload,
        }
        self.pages = Pages(ctx, self._adopt)
        self._confirm: ConfirmOverlay | None = None  # "Finish and clear?", built when first asked
        self._snackbar: Snackbar | None = None  # "Removed from your list · Undo", built when first needed
        self._connect_bar()
        # Today's date and time in the bar, every 20 s; the first after the first paint (Babel's dates load
        # then, not before the attract screen).
        self._clock = QTimer(self)
        self._clock.setInterval(20_000)
        self._clock.timeout.connect(self._show_clock)
        QTimer.singleShot(0, self._start_clock)

    # -- wiring --------------------------------------------------------------------------------
    def handle(self, intent: Intent, handler: Handler) -> None:
        """Answer ``intent`` with ``handler`` (controllers add the intents of their pages)."""
        self._handlers[intent] = handler

    def _adopt(self, mounted: Mounted) -> None:
        """A page was just built: put it into the window and connect the intents its spec declares."""
        page = mounted.page
        self.window.stack.addWidget(page)
        for intent in mounted.intents:
            signal = getattr(page, intent.value)
            signal.connect(lambda *args, i=intent: self._dispatch(i, *args))
        page.mark_in_list(set(self.ctx.session.my_list))

    def _dispatch(self, intent: Intent, *args: object) -> None:
        handler = self._handlers.get(intent)
        if handler is None:
            self.errors.append(f"no handler for {intent.name}")
            return
        handler(*args)

    def _connect_bar(self) -> None:
        bar = self.window.bar
        bar.language_chosen.connect(self.set_language)
        bar.text_size_chosen.connect(self.set_text_size)
        bar.contrast_toggled.connect(self.set_contrast)
        bar.help_now_requested.connect(lambda: self.go("helpnow"))
        bar.home_requested.connect(lambda: self.go("home", reset_history=True))
        bar.howto_requested.connect(lambda: self.go("howto"))
        bar.restart_requested.connect(self.ask_to_finish)
        bar.list_requested.connect(lambda: self.go("mylist"))

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
        self.load(name)
        self.page_changed.emit(name)

    def back(self) -> None:
        target = self.history.pop() if self.history else "home"
        self.go(target, remember=False)

    def start(self, lang: str) -> None:
        self.set_language(lang)
        self.go("home", reset_history=True)

    def ask_to_finish(self) -> None:
        """"Lopeta ja tyhjennä" in the bar: at once when there is nothing to lose, else only after a yes."""
        if self.ctx.session.is_pristine():
            self.restart()
            return
        if self._confirm is None:
            self._confirm = ConfirmOverlay(self.window, "finish")
            self._confirm.accepted.connect(self.restart)
            self.window.resized.connect(lambda _size: self._confirm.fit() if self._confirm else None)
        self._confirm.ask(
            _("Finish and clear everything?"),
            _("Your list and your choices are erased from this screen. Nothing is kept."),
            _("No, keep going"),
            _("Yes, finish and clear"),
            text_size=self.ctx.session.text_size,
        )

    def restart(self) -> None:
        """Forget the resident at once and return to the attract screen (idle time, or a confirmed finish)."""
        if self._confirm is not None:
            self._confirm.hide()
        if self._snackbar is not None:
            self._snackbar.dismiss()
        self._session_gen += 1
        self.ctx.session.reset()
        self.item_id = None
        self.current = ""  # nothing of the last resident's page is loaded again for the next one
        for mounted in self.pages.built():
            mounted.page.reset()
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
            self.load(self.current)

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
        if self._clock.isActive():
            self._show_clock()

    def _start_clock(self) -> None:
        self._clock.start()
        self._show_clock()

    def _show_clock(self) -> None:
        from kiosk.hours import clock_text

        self.window.bar.set_clock(clock_text(self.ctx.clock(), self.ctx.session.language))

    # -- the list ------------------------------------------------------------------------------
    def add_to_list(self, item_id: str) -> None:
        self.ctx.session.add(item_id)
        self.list_changed()

    def remove_from_list(self, item_id: str) -> None:
        index = self.ctx.session.remove(item_id)
        self.list_changed()
        if self.current == "mylist":
            self.load("mylist")
        if index is not None:
            self.offer_undo(_("Removed from your list."), lambda: self._restore([(item_id, index)]))

    def clear_list(self) -> None:
        removed = list(enumerate(self.ctx.session.my_list))
        self.ctx.session.clear_list()
        self.list_changed()
        self.load(self.current)
        if removed:
            self.offer_undo(_("Your list was cleared."), lambda: self._restore([(i, n) for n, i in removed]))

    def _restore(self, items: list[tuple[str, int]]) -> None:
        """Undo a removal: the items go back to their places in the list."""
        for item_id, index in sorted(items, key=lambda pair: pair[1]):
            self.ctx.session.restore(item_id, index)
        self.list_changed()
        if self.current == "mylist":
            self.load("mylist")

    def offer_undo(self, text: str, undo: Callable[[], None]) -> None:
        if self._snackbar is None:
            self._snackbar = Snackbar(self.window)
            self.window.resized.connect(self._place_snackbar)
        session = self._session_gen

        def undo_if_same_session() -> None:
            if session == self._session_gen:
                undo()

        self._snackbar.show_message(text, _("Undo"), undo_if_same_session, self.window.stack.geometry())

    def _place_snackbar(self, _size: object = None) -> None:
        if self._snackbar is not None and self._snackbar.isVisible():
            self._snackbar.place(self.window.stack.geometry())

    def list_changed(self) -> None:
        self._sync_bar()
        in_list = set(self.ctx.session.my_list)
        for mounted in self.pages.built():
            mounted.page.mark_in_list(in_list)

    # -- what is shown -------------------------------------------------------------------------
    def open_category(self, key: str) -> None:
        self.ctx.session.query = Query(categories=(key,))
        self.go("results")

    def set_query(self, query: Query) -> None:
        self.ctx.session.query = query
        self.load("results")

    def open_item(self, item_id: str) -> None:
        self.ctx.session.scroll_positions.pop("detail", None)
        self.item_id = item_id
        self.go("detail")

    def search(self, text: str) -> None:
        self.ctx.session.search_text = text
        self.load("search")

    def reload(self) -> None:
        """Load the shown page's data again (a page asked for it)."""
        if self.current:
            self.load(self.current)

    def reload_if(self, name: str) -> None:
        """Load a page's data again if the page exists (work done elsewhere changed it)."""
        if self.pages.is_built(name):
            self.load(name)

    # -- loading -------------------------------------------------------------------------------
    def view(self) -> View:
        return View(session=self.ctx.session, config=self.ctx.config, now=self.ctx.clock(), home=self.home,
                    item_id=self.item_id)

    def load(self, name: str) -> None:
        """Ask the page's spec for its data and show the answer, unless it comes too late."""
        mounted = self.pages.mounted(name)
        job = mounted.job_for(self.view())
        if job is None:
            return
        gen = self._load_gen[name] = self._load_gen.get(name, 0) + 1
        session = self._session_gen

        def current() -> bool:
            return session == self._session_gen and gen == self._load_gen.get(name)

        def done(show: Callable[[], None]) -> None:
            if current():
                show()

        def failed(exc: BaseException) -> None:
            reason = str(exc) or type(exc).__name__
            self.errors.append(f"{name}: {reason}")
            if current():
                mounted.page.show_error(reason)

        self.reads.submit(job, done, failed)

    def load_home_point(self) -> None:
        """Find the kiosk's own place once (for distances and "nearest"); until then there is none."""
        config = self.ctx.config

        def done(point: Point | None) -> None:
            self.home = point  # the kiosk's place, not the resident's: it outlives sessions

        self.reads.submit(lambda tray: reads.home_point(tray, config), done,
                          lambda exc: self.errors.append(f"home point: {exc}"))


__all__ = ["Router"]
