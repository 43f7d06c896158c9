"""How a page declares itself: its class, the intents it emits and the data it shows.

Each page module ends with one ``SPEC = PageSpec(...)``; :mod:`ui.pages.registry` lists the modules. The
router reads the specs and does the rest generically: it connects each declared intent (a signal of the
page, named by :class:`Intent`) to its handler, and when the page is shown it asks the spec's ``load``
for a job, runs it on the reading lane and hands the answer to the page on the GUI thread.

``load(view)`` runs on the GUI thread: it reads what it needs from the :class:`View` *now* (the session
changes while a job runs) and returns ``answer(job, show)``: ``job(tray)`` runs on the reading lane and
calls only core functions (:mod:`kiosk.reads`); ``show(page, value)`` is the page's own method. mypy
checks that the two agree; past :func:`answer` only "a job that yields a call showing the page" remains,
so the router needs no knowledge of any page's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from kiosk.config import Config
from kiosk.session import Session
from ui.context import UiContext
from ui.pages.base import Page

if TYPE_CHECKING:  # sqlite-utils loads on the reading lane, after the first paint
    from kiosk.tray import Tray

P = TypeVar("P", bound=Page)
T = TypeVar("T")
Point = tuple[float, float]


class Intent(StrEnum):
    """What a page can ask for: each value is the name of the page's signal that says it."""

    BACK = "back_requested"  # ()
    START = "start_requested"  # (language code)
    NAVIGATE = "navigate_requested"  # (page name)
    OPEN_ITEM = "item_opened"  # (item id)
    ADD = "add_requested"  # (item id)
    REMOVE = "remove_requested"  # (item id)
    THEME = "category_chosen"  # (content-area key)
    QUERY = "query_changed"  # (Query): the results page's filters and order
    SEARCH = "search_changed"  # (text): the search page's words
    CLEAR_LIST = "clear_requested"  # ()
    REFRESH = "refresh_requested"  # (): load the page's data again
    SYNC = "sync_requested"  # (): staff, "Update data now"
    EXIT = "exit_requested"  # (): staff, "Close the kiosk"
    EXPORT_STATS = "export_stats_requested"  # (): staff, "Save the statistics"
    CLEAN = "clean_requested"  # (): staff, "Clean the screen" (touch ignored 30 s)
    STAFF_ACTION = "action_requested"  # (action key): staff, one of the staff page's tools (ui.pages.staff.ACTIONS)
    SAVE_SETTINGS = "settings_save_requested"  # ({key path: value}): staff, the settings editor's changes
    ANSWER = "answer_chosen"  # (question id, [option ids]): self-assessment; [] = "I'd rather not answer"
    STEP = "step_requested"  # (step index): self-assessment, "Previous" or a step to return to
    PREFERENCES = "preferences_changed"  # (Preferences): self-assessment's practical wishes
    SUGGEST = "suggestions_requested"  # (): "Show suggestions now"
    HELPER = "helper_toggled"  # (bool): the volunteer's conversation prompts on or off
    ADD_ALL = "add_all_requested"  # ([item ids]): "Add all to my list"
    RESTART_ASSESSMENT = "assessment_restart_requested"  # (): answer again from the start
    PRINT = "print_requested"  # (PrintChoice): print the resident's list
    PREVIEW_SHEET = "preview_requested"  # (SheetChoice): staff, show what an activity sheet will hold
    PRINT_SHEET = "sheet_print_requested"  # (SheetChoice, copies): staff, print an activity sheet
    SAVE_SHEET = "sheet_save_requested"  # (SheetChoice): staff, save an activity sheet as PDF
    FLAG = "flag_requested"  # (item id, source): "Tieto on vanhentunut?" on the detail page


@dataclass(frozen=True)
class View:
    """What a page's data may depend on, as the router sees it when it loads the page."""

    session: Session
    config: Config
    now: datetime
    home: Point | None  # the kiosk's own place (EPSG:3067), once known
    item_id: str | None  # the item the detail page is about


# A job for the reading lane that yields the call that shows its answer on one page.
PageLoad = Callable[["Tray"], Callable[[P], None]]
Job = Callable[["Tray"], Callable[[], None]]


def answer(job: Callable[[Tray], T], show: Callable[[P, T], None]) -> PageLoad[P]:
    """Pair a core call (run on the reading lane) with the page method that shows its value."""

    def run(tray: Tray) -> Callable[[P], None]:
        value = job(tray)
        return lambda page: show(page, value)

    return run


@dataclass(frozen=True)
class Mounted:
    """A built page with its spec's intents and a way to make its load job for a view."""

    name: str
    page: Page
    intents: tuple[Intent, ...]
    job_for: Callable[[View], Job | None]


@dataclass(frozen=True)
class PageSpec(Generic[P]):
    name: str
    page: type[P]
    intents: tuple[Intent, ...] = ()
    load: Callable[[View], PageLoad[P] | None] | None = field(default=None)

    def mount(self, ctx: UiContext) -> Mounted:
        page = self.page(ctx)
        loader = self.load

        def job_for(view: View) -> Job | None:
            made = loader(view) if loader is not None else None
            if made is None:
                return None

            def job(tray: Tray) -> Callable[[], None]:
                show = made(tray)
                return lambda: show(page)

            return job

        return Mounted(self.name, page, self.intents, job_for)


__all__ = ["Intent", "Job", "Mounted", "PageLoad", "PageSpec", "View", "answer"]
