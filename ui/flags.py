""""Tieto on vanhentunut?" on the detail page: the controller that asks for a reason and queues the flag.

The detail page emits ``flag_requested(item id, source)``; this controller opens the
:class:`~ui.widgets.flagsheet.FlagSheet`, and when a reason is chosen writes the flag on the long-job lane
(:class:`kiosk.flags.FlagStore`: the day, the item, its source and the reason — nothing about the
session). Which items were reported is remembered in memory for the session only, so a second tap thanks
again instead of counting twice; a reset forgets it and closes the sheet.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSize

from kiosk.config import Config
from kiosk.flags import FlagStore
from ui.lanes import Runner
from ui.pages.spec import Intent
from ui.router import Router
from ui.widgets.flagsheet import FlagSheet

log = logging.getLogger(__name__)


class FlagsController(QObject):
    def __init__(self, config: Config, router: Router, jobs: Runner[None], store: FlagStore | None = None) -> None:
        super().__init__(router)
        self.router = router
        self.jobs = jobs
        self.store = store or FlagStore.for_config(config)
        self.reported: set[str] = set()
        self.errors: list[str] = []
        self._item: tuple[str, str] | None = None
        self._sheet: FlagSheet | None = None  # built the first time someone reports
        router.handle(Intent.FLAG, self.ask)
        router.session_reset.connect(self.forget)
        router.window.resized.connect(self._fit)

    @property
    def sheet(self) -> FlagSheet:
        if self._sheet is None:
            self._sheet = FlagSheet(self.router.window)
            self._sheet.chosen.connect(self.report)
            self._sheet.closed.connect(self._closed)
        return self._sheet

    def ask(self, item_id: str, source: str) -> None:
        """"Tieto on vanhentunut?" was tapped: the reasons, or a thank-you when already reported."""
        self._item = (item_id, source)
        if item_id in self.reported:
            self.sheet.answer("already")
            return
        self.sheet.ask(text_size=self.router.ctx.session.text_size)

    def report(self, reason: str) -> None:
        if self._item is None:
            return
        item_id, source = self._item
        self.reported.add(item_id)
        store = self.store

        def job(_nothing: None) -> None:
            store.add(item_id, source, reason)

        self.sheet.answer("saved")  # at once: the write is a few milliseconds, and its failure says so
        self.jobs.submit(job, lambda _none: None, lambda exc: self._failed(item_id, exc))

    def _failed(self, item_id: str, exc: BaseException) -> None:
        self.reported.discard(item_id)  # it may be reported again
        self.errors.append(str(exc))
        log.warning("flag not saved: %s", type(exc).__name__)
        if self._sheet is not None and self._sheet.isVisible():
            self._sheet.answer("failed")

    def _closed(self) -> None:
        self._item = None

    def forget(self) -> None:
        """The session ended: close the sheet and forget which items were reported."""
        self.reported.clear()
        self._item = None
        if self._sheet is not None:
            self._sheet.hide()
            self._sheet.step = "closed"

    def _fit(self, _size: QSize | None = None) -> None:
        if self._sheet is not None and self._sheet.isVisible():
            self._sheet.fit()


__all__ = ["FlagsController"]
