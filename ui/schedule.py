"""The scheduled job's timer: a round (:func:`kiosk.schedule.run_round`) on the long-job lane every
``[sync] interval_hours``, sooner again with backoff after a failure.

Offline is normal: a failed round changes nothing on the screen (the kiosk keeps its snapshot); the next
try waits 5 min, 10, 20… up to an hour. When a round publishes a new snapshot, the reading lane follows it
only between residents (:class:`ui.app.Kiosk` holds the tray while a session runs and loads the screen
again when the session ends); if the attract screen is showing, its "Tiedot päivitetty" line is loaded
again at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.config import Config
from kiosk.schedule import Timing, retry_delay
from ui.lanes import Runner
from ui.router import Router

if TYPE_CHECKING:
    from kiosk.schedule import RoundReport

log = logging.getLogger(__name__)
RoundJob = Callable[[Config], "RoundReport"]
BETWEEN_RESIDENTS = frozenset({"attract", "staff", "sheets"})  # pages where no resident is mid-session


def run_round(config: Config) -> RoundReport:
    """The lane's job: one round with its own HTTP client (httpx loads here, not at start-up)."""
    from kiosk.schedule import run_round as core_round

    return core_round(config)


class ScheduledJob(QObject):
    round_finished = Signal(object)  # the RoundReport, on the GUI thread

    def __init__(self, config: Config, router: Router, jobs: Runner[None], timing: Timing | None, *,
                 job: RoundJob = run_round) -> None:
        super().__init__(router)
        self.config = config
        self.router = router
        self.jobs = jobs
        self.timing = timing
        self.job = job
        self.failures = 0
        self.rounds = 0
        self.running = False
        self.next_delay_s: float | None = None
        self.last: RoundReport | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_now)

    def start(self) -> None:
        """Schedule the first round (a little after start-up); nothing when there is nothing to schedule."""
        if self.timing is not None:
            self._schedule(self.timing.start_delay_s)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _schedule(self, seconds: float) -> None:
        self.next_delay_s = seconds
        self._timer.start(max(0, round(seconds * 1000)))

    def run_now(self) -> None:
        """Run one round on the long-job lane (skipped while one is running)."""
        if self.running:
            return
        self.running = True
        config, job = self.config, self.job
        self.jobs.submit(lambda _nothing: job(config), self._done, self._failed)

    def _done(self, report: RoundReport) -> None:
        self.running = False
        self.rounds += 1
        self.last = report
        self.failures = 0 if report.ok else self.failures + 1
        if report.published and self.router.current in BETWEEN_RESIDENTS:
            self.router.reload()  # the date of the new data on the attract screen now; mid-session: later
        self._next()
        self.round_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        """Something unexpected: counted as a failed round, logged, tried again later like any."""
        from kiosk.schedule import RoundReport

        log.warning("scheduled round failed: %s", type(exc).__name__)
        self._done(RoundReport(problems=[f"{type(exc).__name__}: {exc}"]))

    def _next(self) -> None:
        if self.timing is not None:
            self._schedule(retry_delay(self.failures, self.timing))


__all__ = ["BETWEEN_RESIDENTS", "ScheduledJob", "run_round"]
