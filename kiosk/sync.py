"""The sync engine: fetch every configured source, validate, build a new snapshot, swap it in atomically.

Each source runs on its own: one that fails keeps its previous items in the new snapshot and is reported
as failed, with its reason, in the sync log; the others still update. *Any* exception of a source (while
fetching, preparing or writing its items) counts as that source failing, never as a crash of the sync.
A run that fails as a whole (or is killed) leaves the published snapshot exactly as it was; every run that
changes anything, even only the sources' bookkeeping, publishes a new snapshot by an atomic rename.

Streamed: a source hands over its items a batch at a time (:class:`~kiosk.sources.base.SourceStream`, about
one page of services with the channels they need); each batch is mapped as soon as it is complete and its
rows are made and stored in the new snapshot file (a temporary file beside the published one) by a writer
process (:class:`~kiosk.cache.builder_process.ProcessBuilder`, see :data:`STREAM_WRITER`) while the next
batch is fetched and mapped here, on another core. Memory stays about a
batch, whatever the region's size. The whole build is one transaction and each source a savepoint: a source
that fails is rolled back and, when the file was started empty (every source ran in full), its old items
are copied over from the published snapshot. An incremental run starts from a copy of the published file.
Publishing is still one atomic rename at the end.

Bounds: the whole run has a deadline (``[sync] deadline_minutes``, 30 by default; a source not finished by
then fails and keeps its items), and a **shrink guard** refuses a run that would leave a source with none,
or less than half, of the items it had (from 10 up): the count is compared when the source's last batch
is stored, before anything is published; the source's part is rolled back, it keeps its old items and
fails with the reason, and the sync exits 1. ``allow_shrink`` (``hyte-kiosk sync --full --allow-shrink``)
accepts it.

Sources return :class:`~kiosk.sources.base.SourceResult` (or stream it); the engine applies the
content-area mapping and the tray policy (adult target groups, publicly funded first), and gives every
location with WGS84 coordinates its EPSG:3067 point too (distances use it), so every source is treated
alike. Adapters are built through :mod:`kiosk.sources.registry`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils

from kiosk import snapshot, statusfile, synclog
from kiosk.areas import AreaCatalogue, load_areas
from kiosk.cache import get_item, get_meta, get_source_states, set_source_state
from kiosk.cache.builder import Builder, WriteFailed
from kiosk.cache.builder_process import open_builder
from kiosk.config import Config
from kiosk.gcpolicy import fewer_collections
from kiosk.geo import wgs84_to_tm35fin
from kiosk.model import EASTING_RANGE, NORTHING_RANGE, Location, TrayItem, with_checked_changes
from kiosk.policy import TrayPolicy, admits, apply_areas
from kiosk.serialize import to_dict
from kiosk.sources.base import Batch, FetchRequest, SourceError, SourceResult, open_stream
from kiosk.sources.http import deadline_scope
from kiosk.sources.registry import Source, SourceConfig, make_source, source_kind

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Progress = Callable[[str, str], None]

SHRINK_MIN = 10  # a source with fewer items may lose up to all but one of them without a question
SHRINK_KEEP = 0.5  # a run that leaves a source less than this share of its items is refused
# who stores the batches while the next one is fetched and mapped: a writer "process" (on another core),
# a "thread" (it overlaps only I/O and SQLite's own work) or "inline" (no overlap); the snapshot is the same
STREAM_WRITER = "process"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SourceRun:
    name: str
    ok: bool
    full: bool
    upserts: int = 0
    deleted: int = 0
    skipped: int = 0
    warnings: tuple[str, ...] = ()
    requests: int = 0
    message: str | None = None
    shrink: tuple[int, int] | None = None  # (items before, items after) of a run refused by the shrink guard


@dataclass(frozen=True)
class SyncReport:
    started: datetime
    finished: datetime
    sources: tuple[SourceRun, ...]
    items: int | None
    published: bool
    snapshot: Path

    @property
    def ok(self) -> bool:
        return bool(self.sources) and all(s.ok for s in self.sources)


class SyncError(Exception):
    """The sync could not run at all (nothing configured, lock held, disk trouble)."""


def _tray_items(
    items: Sequence[TrayItem], catalogue: AreaCatalogue, policy: TrayPolicy, fetched_at: datetime
) -> tuple[list[TrayItem], set[str]]:
    """Classify into content areas and apply the tray policy; stamp the fetch time and project WGS84 points.

    Returns (kept items, ids that are not tray).
    """
    kept: list[TrayItem] = []
    dropped: set[str] = set()
    for item in items:
        item = apply_areas(item, catalogue)
        if not item.categories or not admits(item, policy):
            dropped.add(item.id)
            continue
        changes: dict[str, Any] = {}
        if item.fetched_at is None:
            changes["fetched_at"] = fetched_at
        if (locations := _projected(item.locations)) is not None:
            changes["locations"] = locations
        if changes:
            item = with_checked_changes(item, **changes)
        kept.append(item)
    return kept, dropped


def _projected(locations: tuple[Location, ...]) -> tuple[Location, ...] | None:
    """The locations, each with only WGS84 (lat, lon) also given its EPSG:3067 point when that lies in
    Finland; ``None`` when none changes (the usual case: PTV gives EPSG:3067 itself)."""
    if not any(loc.easting is None and loc.lat is not None for loc in locations):
        return None
    out = list(locations)
    for i, loc in enumerate(locations):
        if loc.easting is None and loc.lat is not None and loc.lon is not None:
            if point := _tm35fin_in_finland(loc.lat, loc.lon):
                out[i] = dataclasses.replace(loc, easting=point[0], northing=point[1])
    return tuple(out) if out != list(locations) else None


def _tm35fin_in_finland(lat: float, lon: float) -> tuple[float, float] | None:
    try:
        easting, northing = wgs84_to_tm35fin(lat, lon)
    except ValueError:  # nowhere near Finland
        return None
    if EASTING_RANGE[0] <= easting <= EASTING_RANGE[1] and NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]:
        return round(easting, 2), round(northing, 2)
    return None


def _comparable(item: TrayItem) -> dict[str, object]:
    data = to_dict(item)
    data.pop("fetched_at", None)
    return data


def _changed_only(old: sqlite_utils.Database, items: list[TrayItem]) -> list[TrayItem]:
    """Drop upserts identical to what the snapshot already holds (sources re-send a safety margin)."""
    changed = []
    for item in items:
        stored = get_item(old, item.id)
        if stored is None or _comparable(stored) != _comparable(item):
            changed.append(item)
    return changed


def _present(db: sqlite_utils.Database, ids: set[str]) -> set[str]:
    """The ids among ``ids`` that the snapshot holds (deleting absent ones is not a change)."""
    found: set[str] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r["id"] for r in db.query(f"SELECT id FROM items WHERE id IN ({marks})", chunk))  # noqa: S608
    return found


def run_sync(
    config: Config,
    client: httpx.Client,
    *,
    full: bool = False,
    clock: Clock = utcnow,
    sources: dict[str, Source] | None = None,
    catalogue: AreaCatalogue | None = None,
    progress: Progress | None = None,
    allow_shrink: bool = False,
    deadline_s: float | None = None,
) -> SyncReport:
    """Sync every configured source into ``config.data_dir``; see the module docstring.

    ``sources`` lets tests hand in adapters by name; otherwise they are built from the config.
    ``progress(source, stage)`` is told each step: ``("<name>", "fetching")`` per source, then
    ``("", "saving")`` while the new snapshot is written (called on the syncing thread).
    ``allow_shrink`` lets a run drop most of a source's items; ``deadline_s`` overrides the config's deadline.
    Raises :class:`SyncError` when nothing can run; per-source failures are in the report instead.
    """
    if not config.sources:
        raise SyncError("no sources are configured: the kiosk runs on the bundled demo tray")
    if source_kind(config.sources[0].kind).whole:  # a county's signed snapshot: fetched whole, not by items
        from kiosk.fleet.fetch import sync_snapshot

        return sync_snapshot(config, client, clock=clock, allow_shrink=allow_shrink, deadline_s=deadline_s,
                             progress=progress)
    data_dir = config.data_dir
    catalogue = catalogue or load_areas()
    started = clock()
    target = snapshot.tray_path(data_dir)
    try:
        lock = snapshot.sync_lock(data_dir)
        lock.__enter__()
    except snapshot.SyncBusy as exc:
        raise SyncError(str(exc)) from exc
    except OSError as exc:
        raise SyncError(f"cannot use the data directory {data_dir}: {exc.strerror or exc}") from exc
    plan = _Plan(
        config, client, full, clock, sources, catalogue, started, target, progress or (lambda _s, _t: None),
        allow_shrink, time.monotonic() + (config.sync_deadline_s if deadline_s is None else deadline_s),
    )  # fmt: skip
    try:
        snapshot.remove_stale_temps(data_dir)
        with fewer_collections():
            report = _run_locked(plan)
    finally:
        lock.__exit__(None, None, None)
    statusfile.write_status(config, event="sync")  # for monitoring: data age and each source's result
    return report


@dataclass
class _Plan:
    config: Config
    client: httpx.Client
    full: bool
    clock: Clock
    sources: dict[str, Source] | None
    catalogue: AreaCatalogue
    started: datetime
    target: Path
    tell: Progress
    allow_shrink: bool
    until: float  # time.monotonic() by which fetching must end


def _describe(exc: BaseException) -> str:
    """A failure in words for the log: printable, bounded, the exception's kind named."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(exc)[:300])
    return f"unexpected {type(exc).__name__}: {text}" if text else f"unexpected {type(exc).__name__}"


def _request(plan: _Plan, cfg: SourceConfig, states: dict[str, dict[str, Any]], usable: bool) -> FetchRequest:
    cursor = states.get(cfg.name, {}).get("cursor") if usable and not plan.full else None
    return FetchRequest(region=plan.config.region, cursor=cursor, full=cursor is None, areas=plan.catalogue)


def _source_count(db: sqlite_utils.Database, source: str) -> int:
    return int(db.execute("SELECT COUNT(*) FROM items WHERE source = ?", [source]).fetchone()[0])


def _shrink(before: int, after: int) -> tuple[int, int] | None:
    """(before, after) when this run would leave the source with none, or under half, of its items."""
    if before == 0 or after >= before:
        return None
    if after == 0 or (before >= SHRINK_MIN and after < before * SHRINK_KEEP):
        return before, after
    return None


class _Refused(Exception):
    def __init__(self, shrink: tuple[int, int]) -> None:
        super().__init__(shrink)
        self.shrink = shrink


@dataclass
class _Tally:
    """One source's run so far: what it wrote, the ids it dropped as not tray, duplicates of earlier sources.

    ``ids`` (the ids written) is kept only when a later source must be told apart from this one: a set of
    every id of a big region is tens of megabytes. ``first_rid`` is where this run's rows begin (rids only
    grow), which answers "written by this run?" in the new file itself."""

    keep_ids: bool = False
    first_rid: int = 0
    ids: set[str] = dataclasses.field(default_factory=set)
    written: int = 0
    dropped: set[str] = dataclasses.field(default_factory=set)
    skipped: int = 0
    duplicates: list[str] = dataclasses.field(default_factory=list)


class _Build:
    """The next snapshot, built source by source as each source's batches arrive (see the module docstring).

    ``fresh``: every source runs in full (or there is nothing usable to build on), so the file starts empty
    and a source that fails gets its old items copied over; otherwise the file starts as a copy of the
    published snapshot and each source changes its part of it.
    """

    def __init__(self, plan: _Plan, old: sqlite_utils.Database | None, fresh: bool, builder: Builder) -> None:
        self.plan = plan
        self.old = old  # the published snapshot, when it is a usable base (not the demo)
        self.fresh = fresh
        self.builder = builder
        self.fetched_at = plan.clock()
        self.runs: dict[str, SourceRun] = {}
        self.done: dict[str, SourceResult] = {}  # sources that succeeded
        self.seen: set[str] = set()  # ids written by the sources before
        self.changed = False

    def source(self, cfg: SourceConfig, request: FetchRequest) -> None:
        name, plan = cfg.name, self.plan
        if time.monotonic() >= plan.until:
            minutes = max(1, round(plan.config.sync_deadline_s / 60))
            message = f"{name}: not fetched: the sync's deadline ({minutes} min) had passed"
            self.runs[name] = SourceRun(name, ok=False, full=request.full, message=message)
            self._keep_old(name)
            return
        plan.tell(name, "fetching")
        self.builder.begin_source()
        full = request.full
        res: SourceResult | None = None
        try:
            with deadline_scope(plan.until):
                adapter = plan.sources[name] if plan.sources and name in plan.sources else make_source(cfg)
                stream = open_stream(adapter, plan.client, request)
                full = stream.full
                if self.fresh and not full and self.old is not None:
                    self.builder.carry_over(plan.target, name)  # an incremental run changes what the source had
                later = [c.name for c in plan.config.sources][-1] != name
                self.builder.mark()  # where this run's rows begin (read after its batches: no wait here)
                tally = _Tally(keep_ids=later)
                for batch in stream.batches:
                    self._take(full, batch, tally)
                res = stream.finish()
            tally.first_rid = self.builder.marked()
            self.runs[name] = self._settle(name, full, res, tally)
            self.builder.end_source()
            self.builder.wait()
        except _Refused as refused:
            before, after = refused.shrink
            message = (
                f"{name}: this run would leave {after} of its {before} items, so the old ones are kept. If that is"
                " right, run 'hyte-kiosk sync --full --allow-shrink'"
            )
            self._failed(name, SourceRun(name, ok=False, full=full, message=message, shrink=refused.shrink,
                                         requests=res.requests if res else 0))
        except SourceError as exc:
            self._failed(name, SourceRun(name, ok=False, full=full, message=str(exc)[:2000]))
            log.warning("source %s failed: %s", name, exc)
        except (httpx.HTTPError, OSError) as exc:  # a transport problem the adapter did not wrap
            self._failed(name, SourceRun(name, ok=False, full=full, message=f"{name}: {exc}"))
        except WriteFailed as exc:
            cause = exc.__cause__ or exc
            self._failed(name, SourceRun(name, ok=False, full=full, message=f"{name}: not saved: {_describe(cause)}"))
            log.warning("source %s not saved: %s", name, _describe(cause))
        except Exception as exc:  # noqa: BLE001 - one source's bug or hostile data never ends the sync
            self._failed(name, SourceRun(name, ok=False, full=full, message=f"{name}: {_describe(exc)}"))
            log.warning("source %s failed: %s", name, _describe(exc))
        else:
            assert res is not None
            self.done[name] = res
            if tally.keep_ids:
                self.seen |= tally.ids
            run = self.runs[name]
            self.changed = self.changed or full or bool(run.upserts or run.deleted)

    def _take(self, full: bool, batch: Batch, tally: _Tally) -> None:
        """Map one batch to tray items and queue them for writing."""
        plan = self.plan
        kept, dropped = _tray_items(batch, plan.catalogue, plan.config.policy, self.fetched_at)
        tally.skipped += len(dropped)
        if not full:
            tally.dropped |= dropped
            if self.old is not None:
                kept = _changed_only(self.old, kept)
        if self.seen:
            tally.duplicates += [i.id for i in kept if i.id in self.seen]
            kept = [i for i in kept if i.id not in self.seen]
        if tally.keep_ids:
            tally.ids.update(i.id for i in kept)
        tally.written += len(kept)
        self.builder.write(kept)

    def _settle(self, name: str, full: bool, res: SourceResult, tally: _Tally) -> SourceRun:
        """After the last batch: deletions, the shrink guard, the source's state (raises :class:`_Refused`)."""
        deletions = set(res.deleted) | tally.dropped
        deletions -= self.builder.written_since(deletions, tally.first_rid)  # sent again after all
        if deletions and self.old is not None:
            deletions = _present(self.old, deletions)
        if full and not self.fresh:  # what the source had and did not send again goes
            self.builder.delete_source_before(name, tally.first_rid)
        else:
            self.builder.delete(deletions)
        if self.old is not None and not self.plan.allow_shrink:
            if (shrink := _shrink(_source_count(self.old, name), self.builder.count(name))) is not None:
                raise _Refused(shrink)
        warnings = tuple(res.warnings) + tuple(f"{i}: also in an earlier source, skipped" for i in tally.duplicates)
        run = SourceRun(
            name, ok=True, full=full, upserts=tally.written, deleted=len(deletions), skipped=tally.skipped,
            warnings=warnings, requests=res.requests,
        )  # fmt: skip
        fields = _state_fields(res, run, self.fetched_at)
        self.builder.run(set_source_state, name, **fields)
        return run

    def _failed(self, name: str, run: SourceRun) -> None:
        self.runs[name] = run
        self.builder.undo_source()
        self._keep_old(name)

    def _keep_old(self, name: str) -> None:
        """A source that failed keeps what it had (already there when the file is a copy)."""
        if self.fresh and self.old is not None:
            self.builder.carry_over(self.plan.target, name)

    def finish(self) -> int:
        """Stamp, copy the states of sources that did not run, mark failures, commit; the item count."""
        plan, config, fetched_at = self.plan, self.plan.config, self.fetched_at
        runs, done = self.runs, self.done
        old_states = get_source_states(self.old) if self.old is not None and self.fresh else []

        region = (config.region.name, config.region.municipalities) if self.changed or self.fresh else None
        kept = [state for state in old_states if state["name"] not in done]
        if self.changed or self.fresh:
            plan.tell("", "saving")
        self.builder.run(_stamp, region, kept, runs, fetched_at)
        total = self.builder.count()
        self.builder.commit()
        return total


def _run_locked(plan: _Plan) -> SyncReport:
    config, target = plan.config, plan.target
    old = snapshot.open_snapshot(target)
    usable = old is not None and not snapshot.is_demo(old)
    states = {s["name"]: s for s in get_source_states(old)} if old is not None and usable else {}
    requests = {cfg.name: _request(plan, cfg, states, usable) for cfg in config.sources}
    fresh = not usable or all(r.full for r in requests.values())
    temp = snapshot.temp_path(target)
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    published = False
    items_total: int | None = None
    try:
        if not fresh:
            snapshot.copy_snapshot(target, temp)
        with contextlib.closing(open_builder(temp, STREAM_WRITER)) as builder:
            build = _Build(plan, old if usable else None, fresh, builder)
            for cfg in config.sources:
                build.source(cfg, requests[cfg.name])
            if build.done:
                items_total = build.finish()
        if build.done:
            snapshot.publish(temp, target)
            published = True
    except (WriteFailed, OSError, sqlite3.Error) as exc:  # the file itself (disk full, …): the old one stays
        cause = exc.__cause__ if isinstance(exc, WriteFailed) and exc.__cause__ else exc
        raise SyncError(f"the new snapshot could not be written ({_describe(cause)}); the old one is kept") from exc
    finally:
        if old is not None:
            old.close()
        if not published:
            for path in (temp, temp.with_name(temp.name + "-journal")):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
    finished = plan.clock()
    ordered = tuple(build.runs[c.name] for c in config.sources)
    synclog.record(
        config.data_dir,
        [
            synclog.LogEntry(
                run_started=plan.started, finished=finished, source=r.name, full=r.full, ok=r.ok,
                upserts=r.upserts, deleted=r.deleted, items=items_total, requests=r.requests,
                warnings=len(r.warnings), message=r.message,
            )
            for r in ordered
        ],
    )
    return SyncReport(plan.started, finished, ordered, items_total, published and (build.changed or not usable), target)


def _stamp(
    db: sqlite_utils.Database,
    region: tuple[str, tuple[str, ...]] | None,
    kept: list[dict[str, Any]],
    runs: dict[str, SourceRun],
    fetched_at: datetime,
) -> None:
    """The new snapshot's last touches (run by the writer, so plain arguments only): its stamp when the
    region's data changed (``region`` = name and municipalities, else ``None``), the kept states of sources
    that did not run, the failed ones marked."""
    if region is not None:
        snapshot.stamp(db, demo=False, region_name=region[0], municipalities=region[1], created_at=fetched_at)
    for state in kept:
        set_source_state(db, state["name"], **{k: v for k, v in state.items() if k != "name"})
    _mark_failed(db, runs, fetched_at)


def _mark_failed(db: sqlite_utils.Database, runs: dict[str, SourceRun], at: datetime) -> None:
    for name, run in runs.items():
        if not run.ok:
            set_source_state(db, name, last_attempt_at=at.isoformat(), status="failed", message=run.message)


def _state_fields(res: SourceResult, run: SourceRun, at: datetime) -> dict[str, object]:
    return {
        "kind": res.source,
        "cursor": res.cursor,
        "last_attempt_at": at.isoformat(),
        "last_success_at": at.isoformat(),
        "status": "ok",
        "message": None,
        "warnings": len(run.warnings),
    }


def data_age(db: sqlite_utils.Database, now: datetime) -> float | None:
    """Age of a snapshot's data in days (from its creation stamp), or ``None`` if unknown."""
    created = get_meta(db, "created_at")
    if not created:
        return None
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return None
    return (now - when).total_seconds() / 86400
