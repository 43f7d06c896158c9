"""The sync engine: fetch every configured source, validate, build a new snapshot, swap it in atomically.

Each source runs on its own: one that fails keeps its previous items in the new snapshot and is reported
as failed, with its reason, in the sync log; the others still update. *Any* exception of a source (while
fetching, preparing or writing its items) counts as that source failing, never as a crash of the sync.
A run that fails as a whole (or is killed) leaves the published snapshot exactly as it was; every run that
changes anything, even only the sources' bookkeeping, publishes a new snapshot by an atomic rename.

Bounds: the whole run has a deadline (``[sync] deadline_minutes``, 30 by default; a source not finished by
then fails and keeps its items), and a **shrink guard** refuses a run that would leave a source with none,
or less than half, of the items it had (from 10 up): the source keeps its old items and fails with the
reason, and the sync exits 1. ``allow_shrink`` (``hyte-kiosk sync --full --allow-shrink``) accepts it.

Sources return :class:`~kiosk.sources.base.SourceResult`; the engine applies the content-area mapping and
the tray policy (adult target groups, publicly funded first), and gives every location with WGS84
coordinates its EPSG:3067 point too (distances use it), so every source is treated alike. Adapters are
built through :mod:`kiosk.sources.registry`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
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
from kiosk.cache import (
    delete_items,
    delete_source_items_except,
    get_item,
    get_meta,
    get_source_states,
    open_cache,
    set_source_state,
    write_items,
)
from kiosk.config import Config
from kiosk.gcpolicy import fewer_collections
from kiosk.geo import wgs84_to_tm35fin
from kiosk.model import EASTING_RANGE, NORTHING_RANGE, Location, TrayItem, with_checked_changes
from kiosk.policy import TrayPolicy, admits, apply_areas
from kiosk.serialize import to_dict
from kiosk.sources.base import FetchRequest, SourceError, SourceResult
from kiosk.sources.http import deadline_scope
from kiosk.sources.registry import Source, make_source

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Progress = Callable[[str, str], None]

SHRINK_MIN = 10  # a source with fewer items may lose up to all but one of them without a question
SHRINK_KEEP = 0.5  # a run that leaves a source less than this share of its items is refused


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


def _source_item_ids(db: sqlite_utils.Database, source: str) -> list[str]:
    return [row["id"] for row in db.query("SELECT id FROM items WHERE source = ?", [source])]


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


def _fetch_all(plan: _Plan, old: sqlite_utils.Database | None, old_is_demo: bool) -> tuple[
    dict[str, SourceResult], dict[str, SourceRun]
]:
    """Each source's result, or its failure (any exception, or the deadline) as a failed run."""
    states = {s["name"]: s for s in get_source_states(old)} if old is not None else {}
    results: dict[str, SourceResult] = {}
    runs: dict[str, SourceRun] = {}
    minutes = max(1, round(plan.config.sync_deadline_s / 60))
    for cfg in plan.config.sources:
        cursor = None if (plan.full or old is None or old_is_demo) else states.get(cfg.name, {}).get("cursor")
        request = FetchRequest(region=plan.config.region, cursor=cursor, full=cursor is None, areas=plan.catalogue)
        if time.monotonic() >= plan.until:
            message = f"{cfg.name}: not fetched: the sync's deadline ({minutes} min) had passed"
            runs[cfg.name] = SourceRun(cfg.name, ok=False, full=request.full, message=message)
            continue
        plan.tell(cfg.name, "fetching")
        try:
            adapter = plan.sources[cfg.name] if plan.sources and cfg.name in plan.sources else make_source(cfg)
            with deadline_scope(plan.until):
                results[cfg.name] = adapter.fetch(plan.client, request)
        except SourceError as exc:
            runs[cfg.name] = SourceRun(cfg.name, ok=False, full=request.full, message=str(exc)[:2000])
            log.warning("source %s failed: %s", cfg.name, exc)
        except (httpx.HTTPError, OSError) as exc:  # a transport problem the adapter did not wrap
            runs[cfg.name] = SourceRun(cfg.name, ok=False, full=request.full, message=f"{cfg.name}: {exc}")
        except Exception as exc:  # noqa: BLE001 - one source's bug or hostile data never ends the sync
            runs[cfg.name] = SourceRun(cfg.name, ok=False, full=request.full, message=f"{cfg.name}: {_describe(exc)}")
            log.warning("source %s failed: %s", cfg.name, _describe(exc))
    return results, runs


def _source_count(db: sqlite_utils.Database, source: str) -> int:
    return int(db.execute("SELECT COUNT(*) FROM items WHERE source = ?", [source]).fetchone()[0])


def _shrink(old: sqlite_utils.Database, name: str, res: SourceResult, kept: list[TrayItem], deletions: set[str]) -> (
    tuple[int, int] | None
):
    """(before, after) when this run would leave the source with none, or under half, of its items."""
    before = _source_count(old, name)
    if res.full:
        after = len(kept)
    else:
        after = before - len(deletions) + len({i.id for i in kept} - _present(old, {i.id for i in kept}))
    if before == 0 or after >= before:
        return None
    if after == 0 or (before >= SHRINK_MIN and after < before * SHRINK_KEEP):
        return before, after
    return None


def _prepare(
    plan: _Plan, old: sqlite_utils.Database | None, old_is_demo: bool, name: str, res: SourceResult,
    fetched_at: datetime, seen_ids: set[str],
) -> tuple[tuple[list[TrayItem], set[str]], SourceRun]:  # fmt: skip
    """One source's items to write and ids to delete, with its report line (raises on a refused shrink)."""
    kept, dropped = _tray_items(res.items, plan.catalogue, plan.config.policy, fetched_at)
    usable_old = old is not None and not old_is_demo
    if not res.full and usable_old and old is not None:
        kept = _changed_only(old, kept)
    duplicates = [i.id for i in kept if i.id in seen_ids]
    kept = [i for i in kept if i.id not in seen_ids]
    warnings = tuple(res.warnings) + tuple(f"{i}: also in an earlier source, skipped" for i in duplicates)
    deletions = set(res.deleted) | (dropped if not res.full else set())
    if deletions and usable_old and old is not None:
        deletions = _present(old, deletions)
    if usable_old and old is not None and not plan.allow_shrink:
        if (shrink := _shrink(old, name, res, kept, deletions)) is not None:
            raise _Refused(shrink)
    run = SourceRun(
        name, ok=True, full=res.full, upserts=len(kept), deleted=len(deletions), skipped=len(dropped),
        warnings=warnings, requests=res.requests,
    )  # fmt: skip
    return (kept, deletions), run


class _Refused(Exception):
    def __init__(self, shrink: tuple[int, int]) -> None:
        super().__init__(shrink)
        self.shrink = shrink


def _prepare_all(
    plan: _Plan, old: sqlite_utils.Database | None, old_is_demo: bool, results: dict[str, SourceResult],
    runs: dict[str, SourceRun], fetched_at: datetime,
) -> dict[str, tuple[list[TrayItem], set[str]]]:  # fmt: skip
    prepared: dict[str, tuple[list[TrayItem], set[str]]] = {}
    seen_ids: set[str] = set()
    for cfg in plan.config.sources:
        name = cfg.name
        if (res := results.get(name)) is None:
            continue
        try:
            prepared[name], runs[name] = _prepare(plan, old, old_is_demo, name, res, fetched_at, seen_ids)
        except _Refused as refused:
            before, after = refused.shrink
            message = (
                f"{name}: this run would leave {after} of its {before} items, so the old ones are kept. If that is"
                " right, run 'hyte-kiosk sync --full --allow-shrink'"
            )
            runs[name] = SourceRun(name, ok=False, full=res.full, message=message, shrink=refused.shrink,
                                   requests=res.requests)
            continue
        except Exception as exc:  # noqa: BLE001 - see _fetch_all
            runs[name] = SourceRun(name, ok=False, full=res.full, message=f"{name}: {_describe(exc)}")
            continue
        seen_ids.update(i.id for i in prepared[name][0])
    for name in [n for n in results if n not in prepared]:
        del results[name]
    return prepared


def _run_locked(plan: _Plan) -> SyncReport:
    config, target = plan.config, plan.target
    old = snapshot.open_snapshot(target)
    old_is_demo = old is not None and snapshot.is_demo(old)
    results, runs = _fetch_all(plan, old, old_is_demo)
    fetched_at = plan.clock()
    prepared = _prepare_all(plan, old, old_is_demo, results, runs, fetched_at)

    changed = any(results[n].full or kept or dels for n, (kept, dels) in prepared.items())
    published = False
    items_total: int | None = None
    if prepared and (changed or old is None or old_is_demo):
        plan.tell("", "saving")
        items_total = _build_and_publish(config, old, old_is_demo, results, prepared, runs, fetched_at, target)
        published = True
    elif old is not None and prepared:
        # Nothing changed: only the sources' bookkeeping moves on, published like any other change.
        items_total = int(old.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        old.close()
        old = None
        _publish_bookkeeping(target, results, runs, fetched_at)
    if old is not None:
        old.close()

    finished = plan.clock()
    ordered = tuple(runs[c.name] for c in config.sources)
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
    return SyncReport(plan.started, finished, ordered, items_total, published, target)


def _publish_bookkeeping(
    target: Path, results: dict[str, SourceResult], runs: dict[str, SourceRun], fetched_at: datetime
) -> None:
    """The no-change path: the same snapshot with the sources' cursors and states moved on, swapped in
    atomically like a full publish (a kill leaves the old file; readers never meet a hot journal)."""
    temp = snapshot.temp_path(target)
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    snapshot.copy_snapshot(target, temp)
    db = open_cache(temp)
    try:
        with db.conn:
            for name, res in results.items():
                set_source_state(db, name, **_state_fields(res, runs[name], fetched_at))
            _mark_failed(db, runs, fetched_at)
    finally:
        db.close()
    snapshot.publish(temp, target)


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


def _carry_over(db: sqlite_utils.Database, old: sqlite_utils.Database, name: str) -> None:
    """A failed source keeps what it had: its items copied from the old snapshot."""
    write_items(db, [item for i in _source_item_ids(old, name) if (item := get_item(old, i)) is not None])


def _write_source(
    db: sqlite_utils.Database, name: str, res: SourceResult, part: tuple[list[TrayItem], set[str]],
    run: SourceRun, fresh: bool, fetched_at: datetime,
) -> None:  # fmt: skip
    kept, deletions = part
    if res.full and not fresh:
        delete_source_items_except(db, name, {i.id for i in kept})
    elif deletions:
        delete_items(db, deletions)
    write_items(db, kept)
    set_source_state(db, name, **_state_fields(res, run, fetched_at))


def _build_and_publish(
    config: Config,
    old: sqlite_utils.Database | None,
    old_is_demo: bool,
    results: dict[str, SourceResult],
    prepared: dict[str, tuple[list[TrayItem], set[str]]],
    runs: dict[str, SourceRun],
    fetched_at: datetime,
    target: Path,
) -> int:
    temp = snapshot.temp_path(target)
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    everything_full = all(name in results and results[name].full for name in (c.name for c in config.sources))
    fresh = old is None or old_is_demo or everything_full
    if not fresh:
        snapshot.copy_snapshot(target, temp)
    db = open_cache(temp)
    carry = old if (fresh and old is not None and not old_is_demo) else None
    try:
        with db.conn:
            for cfg in config.sources:
                name = cfg.name
                if name in prepared:
                    try:
                        with db.atomic():  # a savepoint: a source that cannot be written leaves no trace
                            _write_source(db, name, results[name], prepared[name], runs[name], fresh, fetched_at)
                        continue
                    except Exception as exc:  # noqa: BLE001 - see _fetch_all
                        runs[name] = SourceRun(name, ok=False, full=results[name].full,
                                               message=f"{name}: not saved: {_describe(exc)}")
                if carry is not None:
                    _carry_over(db, carry, name)
            snapshot.stamp(
                db, demo=False, region_name=config.region.name, municipalities=config.region.municipalities,
                created_at=fetched_at,
            )
            if old is not None and not old_is_demo:
                for state in get_source_states(old):
                    if state["name"] not in prepared:
                        set_source_state(db, state["name"], **{k: v for k, v in state.items() if k != "name"})
            _mark_failed(db, runs, fetched_at)
        total = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    finally:
        db.close()
    snapshot.publish(temp, target)
    return total


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
