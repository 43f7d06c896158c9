"""The kiosk's own scheduled job: sync, send the outdated-info flags, push yesterday's statistics.

``[sync] interval_hours`` (0 = off) makes the running kiosk sync itself every so many hours on its long-job
lane, instead of the systemd timer (use one or the other). Offline is normal: a round that fails is logged
quietly and tried again after :func:`retry_delay` — 5 minutes, then 10, 20… never more than an hour and
never more than the interval — while the kiosk keeps showing the snapshot it has.

With ``[flags] post_url`` or ``[stats] matomo_url`` configured the job runs even when the sync is left to
the timer (every :data:`POST_ONLY_HOURS` hours), to send what waits. Each part of a round runs even when
another failed; :class:`RoundReport` says what happened. This module is the core's half: the UI's
:class:`ui.schedule.ScheduledJob` times the rounds and runs them on the long-job lane.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kiosk.config import Config

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

FIRST_RETRY_S = 5 * 60.0
MAX_RETRY_S = 60 * 60.0
POST_ONLY_HOURS = 6
START_DELAY_S = 2 * 60.0  # the first round, a little after the kiosk has started


@dataclass(frozen=True)
class Timing:
    """How the job is timed (seconds). Tests inject short ones; the kiosk uses :func:`timing`."""

    interval_s: float
    first_retry_s: float = FIRST_RETRY_S
    max_retry_s: float = MAX_RETRY_S
    start_delay_s: float = START_DELAY_S


def timing(config: Config) -> Timing | None:
    """The job's timing from the config, or None when there is nothing to schedule."""
    if config.sync_interval_hours and not config.demo:
        return Timing(config.sync_interval_hours * 3600.0)
    out = config.outbound
    if out.flags_post_url or out.matomo_url:
        return Timing(POST_ONLY_HOURS * 3600.0)
    return None


def retry_delay(failures: int, t: Timing) -> float:
    """After ``failures`` failed rounds in a row: the interval when none, else a doubling, capped delay."""
    if failures <= 0:
        return t.interval_s
    delay = t.first_retry_s * 2.0 ** min(failures - 1, 30)
    return min(delay, t.max_retry_s, t.interval_s)


@dataclass
class RoundReport:
    """What one round did. ``published``: a new snapshot was swapped in (the screens may follow it)."""

    synced: bool | None = None  # None: the sync is not this job's
    published: bool = False
    items: int | None = None
    flags_posted: int = 0
    stats_days: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def make_client(config: Config) -> httpx.Client:
    """The HTTP client of a round: the same settings as ``hyte-kiosk sync``."""
    import httpx

    from kiosk import __version__

    timeout = max((s.timeout_s for s in config.sources), default=30.0)
    return httpx.Client(timeout=httpx.Timeout(timeout), verify=True, follow_redirects=False,
                        headers={"User-Agent": f"hyte-kiosk/{__version__}"})


def _sync(config: Config, client: httpx.Client, report: RoundReport) -> None:
    from kiosk.sync import SyncError, run_sync

    try:
        result = run_sync(config, client)
    except (SyncError, OSError) as exc:  # nothing could run (another sync holds the lock, a full disk)
        report.synced = False
        report.problems.append(f"sync: {exc}")
        return
    report.synced = result.ok
    report.published = result.published
    report.items = result.items
    if not result.ok:
        report.problems.extend(f"sync: {run.name}: {run.message or 'failed'}" for run in result.sources if not run.ok)


def _flags(config: Config, client: httpx.Client, report: RoundReport) -> None:
    from kiosk.flags import FlagError, FlagStore, post_pending

    url = config.outbound.flags_post_url
    if not url:
        return
    try:
        report.flags_posted = post_pending(FlagStore.for_config(config), client, url,
                                           config.region.home_municipality)
    except FlagError as exc:
        report.problems.append(str(exc))


def _stats(config: Config, client: httpx.Client, report: RoundReport, today: date) -> None:
    from kiosk.matomo import MatomoError, push

    try:
        report.stats_days = push(config, client, today)
    except MatomoError as exc:
        report.problems.append(str(exc))


def run_round(config: Config, client: httpx.Client | None = None, *, today: date | None = None,
              client_factory: Callable[[Config], httpx.Client] = make_client) -> RoundReport:
    """One round of the scheduled job; never raises for a network or server failure (see the report)."""
    report = RoundReport()
    own = client is None
    http = client_factory(config) if client is None else client
    try:
        if config.sync_interval_hours and not config.demo:
            _sync(config, http, report)
        _flags(config, http, report)
        _stats(config, http, report, today or date.today())
    finally:
        if own:
            http.close()
    if report.ok:
        log.info("scheduled round done: published=%s flags_posted=%d stats_days=%d",
                 report.published, report.flags_posted, len(report.stats_days))
    else:  # offline is normal: a quiet line, and the next try comes by itself
        log.info("scheduled round incomplete, tried again later: %s", "; ".join(report.problems))
    return report


__all__ = ["RoundReport", "Timing", "make_client", "retry_delay", "run_round", "timing"]
