"""The anonymous statistics' controller: listens to the router and the other controllers and counts.

Nothing is kept per session: while a resident uses the kiosk, only which counters to add is held in memory
(:class:`kiosk.stats.Batch`, plus which of the once-a-session counts were already made); when the session
ends (idle time, "finish and clear", closing the kiosk) the batch is written to the statistics file in one
short transaction. Search words never reach this controller: the search page says only whether the last
search found nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from kiosk.config import Config
from kiosk.stats import Batch, StatsError, StatsStore
from ui.router import Router

log = logging.getLogger(__name__)
_NOT_A_SESSION = frozenset({"attract", "staff", "sheets"})
_ONCE = {"suggest": "assessment_completed", "qr": "qr_shown"}


class StatsController(QObject):
    def __init__(self, config: Config, router: Router, store: StatsStore | None = None) -> None:
        super().__init__(router)
        self.router = router
        self.batch = Batch(store or StatsStore.for_config(config))
        self.errors: list[str] = []
        self._active = False
        self._previous = ""
        self._seen: set[str] = set()
        self._choices: dict[str, str] = {}
        router.page_changed.connect(self._page_shown)
        router.session_reset.connect(self.flush)

    def count(self, counter: str, value: str = "") -> None:
        if self._active:
            self.batch.count(counter, value)

    def _page_shown(self, name: str) -> None:
        previous, self._previous = self._previous, name
        if previous == "search" and self._search_found_nothing():
            self.count("search_no_results")
        if not self._active and name not in _NOT_A_SESSION:
            self._active = True
            self.batch.count("sessions")
        if not self._active or name in _NOT_A_SESSION:
            return  # the attract screen after a reset shows the default settings, not the resident's
        self._settings()
        once = _ONCE.get(name)
        if once is not None and once not in self._seen:
            self._seen.add(once)
            self.count(once)
        if name == "results":
            category = self.router.ctx.session.category
            if category:
                self.count("area_opened", category)

    def _search_found_nothing(self) -> bool:
        if not self.router.pages.is_built("search"):
            return False
        return bool(getattr(self.router.pages["search"], "found_nothing", False))

    def _settings(self) -> None:
        """The language, text size and contrast in use now; the last ones of the session are counted."""
        session = self.router.ctx.session
        self._choices["language"] = session.language
        if session.text_size:
            self._choices["text_size"] = str(session.text_size)
        if session.high_contrast:
            self._choices["contrast"] = "high"

    def suggestions_added(self) -> None:
        self.count("suggestions_added")

    def list_printed(self) -> None:
        self.count("list_printed")

    def flush(self) -> None:
        """The session ended: write its counts (one transaction) and forget everything about it."""
        if self._previous == "search" and self._search_found_nothing():
            self.count("search_no_results")
        for counter, value in self._choices.items():
            self.count(counter, value)
        if self._active:
            log.info("session ended")
        self._active, self._previous = False, ""
        self._seen.clear()
        self._choices.clear()
        try:
            self.batch.flush()
        except StatsError as exc:  # statistics never stop the kiosk
            self.errors.append(str(exc))
            log.warning("statistics not written: %s", exc)
