"""Take it home, on the kiosk: the controller that answers the print page and the staff sheet page.

It reads the items on the reading lane, makes the PDF and prints (or saves) it on the long-job lane, so a
resident's screen never waits for it, and tells the page how it went. Temporary files live in one
:class:`~kiosk.takehome.spool.Spool`: removed after each job and whenever a session ends. Answers that come
back after a reset are dropped, like the router's.

The self-assessment (a separate page) gives the picture of the answers through :attr:`answers`: a callable
returning ``(png_bytes_or_None, words)`` for the current session, or ``None`` when there is nothing to
offer. The print page shows "Add a picture of my answers" only then, and the PDF holds them only when the
resident ticks it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk import reads
from kiosk.config import Config
from kiosk.i18n import _
from kiosk.takehome.choices import ListOptions, SheetChoice
from ui.lanes import Runner
from ui.pages.spec import Intent
from ui.router import Router

if TYPE_CHECKING:  # reportlab and the printing backends load when first used
    from kiosk.model import TrayItem
    from kiosk.takehome.printing import Backend, Printed
    from kiosk.takehome.spool import Spool
    from kiosk.tray import Tray
    from ui.pages.printout import PrintPage
    from ui.pages.sheets import SheetsPage

Answers = tuple[bytes | None, tuple[str, ...]]


class TakeHomeController(QObject):
    list_printed = Signal()  # the resident's list went to the printer (the anonymous statistics count it)

    def __init__(self, config: Config, router: Router, reads_lane: Runner[Tray], jobs: Runner[None], *,
                 clock: Callable[[], datetime], spool_parent: Path | None = None) -> None:
        super().__init__(router)
        self.config = config
        self.router = router
        self.reads = reads_lane
        self.jobs = jobs
        self.clock = clock
        self.spool_parent = spool_parent
        self._spool: Spool | None = None
        self._backend: Backend | None = None
        self._generation = 0
        self.answers: Callable[[], Answers | None] = lambda: None
        # whether there is a picture to offer, without drawing it (the print page asks each time it is shown)
        self.has_answers: Callable[[], bool] = lambda: self.answers() is not None
        router.handle(Intent.PRINT, self.print_list)
        router.handle(Intent.PREVIEW_SHEET, self.preview_sheet)
        router.handle(Intent.PRINT_SHEET, self.print_sheet)
        router.handle(Intent.SAVE_SHEET, self.save_sheet)
        router.session_reset.connect(self.session_ended)
        router.page_changed.connect(self._page_shown)

    # -- what the controller owns --------------------------------------------------------------
    @property
    def spool(self) -> Spool:
        if self._spool is None:
            from kiosk.takehome.spool import Spool

            self._spool = Spool(self.spool_parent)
        return self._spool

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            from kiosk.takehome.printing import make_backend

            self._backend = make_backend(self.config.takehome)
        return self._backend

    def use_backend(self, backend: Backend) -> None:
        """Tests and staff tools: print through this backend."""
        self._backend = backend

    def session_ended(self) -> None:
        self._generation += 1
        if self._spool is not None:
            self._spool.clear()

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def _page_shown(self, name: str) -> None:
        if name == "print":
            self._print_page().set_answers_available(self.has_answers())

    def _print_page(self) -> PrintPage:
        from ui.pages.printout import PrintPage

        page = self.router.pages["print"]
        assert isinstance(page, PrintPage)
        return page

    def _sheets_page(self) -> SheetsPage:
        from ui.pages.sheets import SheetsPage

        page = self.router.pages["sheets"]
        assert isinstance(page, SheetsPage)
        return page

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    # -- the resident's list -------------------------------------------------------------------
    def print_list(self, options: ListOptions) -> None:
        page = self._print_page()
        session = self.router.ctx.session
        ids, lang, now = tuple(session.my_list), session.language, self.clock()
        answers = self.answers() if options.with_answers else None
        config, backend, spool = self.config, self.backend, self.spool
        settings = config.takehome
        generation = self._generation
        page.print_started()

        def render_and_print(items: list[TrayItem]) -> None:
            from kiosk.statusfile import printing_recorded
            from kiosk.takehome.pdf import render_list
            from kiosk.takehome.printing import print_pdf

            picture, words = answers if answers is not None else (None, ())

            def job(_nothing: None) -> Printed:
                pdf = render_list(items, lang=lang, now=now, settings=settings, options=options,
                                  answers_picture=picture, answers_words=words)
                return printing_recorded(config, "list", backend.name,  # the status file: time and result only
                                         lambda: print_pdf(pdf, backend, spool, title=_("My list")))

            self.jobs.submit(job, lambda _done: self._printed(generation), lambda exc: self._failed(generation, exc))

        self.reads.submit(lambda tray: reads.items_for_ids(tray, ids), render_and_print,
                          lambda exc: self._failed(generation, exc))

    def _printed(self, generation: int) -> None:
        self.list_printed.emit()
        if self._current(generation):
            self._print_page().print_done()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if self._current(generation):
            self._print_page().print_failed(problem_text(exc))

    # -- staff activity sheets -----------------------------------------------------------------
    def _sheet_job(self, choice: SheetChoice, then: Callable[[bytes, list[str]], None],
                   failed: Callable[[BaseException], None]) -> None:
        """Find the sheet's items (reading lane), then render it (long-job lane)."""
        now, settings = self.clock(), self.config.takehome

        def render(items: list[TrayItem]) -> None:
            from kiosk.takehome.document import build_document
            from kiosk.takehome.pdf import render_pdf
            from kiosk.takehome.sheets import describe, sheet_moment, sheet_request

            request = sheet_request(choice, settings.meeting_point, settings.public_page_template)

            def job(_nothing: None) -> tuple[bytes, list[str]]:
                pdf = render_pdf(build_document(items, request, sheet_moment(choice, now)))
                return pdf, describe(items, choice.lang)

            self.jobs.submit(job, lambda made: then(*made), failed)

        self.reads.submit(lambda tray: reads.sheet_items(tray, choice, now), render, failed)

    def preview_sheet(self, choice: SheetChoice) -> None:
        page = self._sheets_page()
        page.busy(_("Making the sheet…"))

        def show(pdf: bytes, names: list[str]) -> None:
            from kiosk.takehome.preview import first_page_png

            page.show_preview(names, pages_of(pdf), first_page_png(pdf))

        self._sheet_job(choice, show, lambda exc: page.show_result(problem_text(exc), ok=False))

    def print_sheet(self, choice: SheetChoice, copies: int) -> None:
        page = self._sheets_page()
        page.busy(_("Printing…"))
        backend, spool = self.backend, self.spool

        def send(pdf: bytes, _names: list[str]) -> None:
            from kiosk.statusfile import printing_recorded
            from kiosk.takehome.printing import print_pdf

            config = self.config
            self.jobs.submit(lambda _n: printing_recorded(config, "sheet", backend.name, lambda: print_pdf(
                                 pdf, backend, spool, copies=copies, title=_("Activities"))),
                             lambda done: page.show_result(_("Sent to the printer: {count} copies.").format(
                                 count=done.copies), ok=True),
                             lambda exc: page.show_result(problem_text(exc), ok=False))

        self._sheet_job(choice, send, lambda exc: page.show_result(problem_text(exc), ok=False))

    def save_sheet(self, choice: SheetChoice) -> None:
        from kiosk.takehome.printing import FolderBackend

        page = self._sheets_page()
        folder = self.config.takehome.print_folder or self.config.data_dir / "sheets"
        backend, spool = FolderBackend(folder), self.spool

        def save(pdf: bytes, _names: list[str]) -> None:
            from kiosk.takehome.printing import print_pdf

            self.jobs.submit(lambda _n: print_pdf(pdf, backend, spool, title=_("Activities")),
                             lambda done: page.show_result(_("Saved: {path}").format(path=done.reference), ok=True),
                             lambda exc: page.show_result(problem_text(exc), ok=False))

        page.busy(_("Saving…"))
        self._sheet_job(choice, save, lambda exc: page.show_result(problem_text(exc), ok=False))


def pages_of(pdf: bytes) -> int:
    from kiosk.takehome.pdf import page_count

    return page_count(pdf)


def problem_text(exc: BaseException) -> str:
    """A print problem in the resident's language; anything unexpected as "Printing did not work"."""
    from kiosk.takehome.printing import FAILED, PROBLEM_TEXTS, PrintError

    problem = exc.problem if isinstance(exc, PrintError) else FAILED
    return _(PROBLEM_TEXTS.get(problem, PROBLEM_TEXTS[FAILED]))


__all__ = ["Answers", "TakeHomeController", "problem_text"]
