"""The kiosk's state for staff and scripts: data age, demo or not, items, sources, minimum-area coverage,
and how Finnish words are analysed for search (Voikko, or the Snowball fallback where it is missing).

One module for ``hyte-kiosk status`` and the staff page alike: :func:`collect` reads the live snapshot
(through a :class:`~kiosk.tray.Tray`) and the sync log and returns a :class:`Status`; ``as_json()`` is the
``status --json`` contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk import __version__, snapshot, synclog
from kiosk.areas import load_areas
from kiosk.cache import counts, get_meta, get_source_states
from kiosk.config import Config
from kiosk.queryplan import index_analyser
from kiosk.stemming import finnish_analyser
from kiosk.tray import Tray


class NoTrayData(Exception):
    """Sources are configured but none has been synced yet (the kiosk shows the demo tray meanwhile)."""


@dataclass(frozen=True)
class SourceStatus:
    name: str
    kind: str
    items: int | None
    last_attempt: str | None
    last_ok: bool | None  # None: never synced
    last_message: str | None
    last_success: str | None


@dataclass(frozen=True)
class Coverage:
    """Which minimum content areas each municipality lacks (nationwide items count everywhere)."""

    minimum_areas: tuple[str, ...]
    missing: dict[str, list[str]]
    complete: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    version: str
    demo: bool
    data_dir: str
    region_name: str
    municipalities: tuple[str, ...]
    created_at: str | None
    age_days: float | None
    items: int
    by_category: dict[str, int]
    by_municipality: dict[str, int]
    nationwide: int
    sources: tuple[SourceStatus, ...]
    coverage: Coverage
    analyser: dict[str, str]  # language → the analyser of its words: fi "voikko" or "snowball" (the fallback)
    index_analyser: str  # the Finnish analyser the snapshot's search index was made with

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "demo": self.demo,
            "data_dir": self.data_dir,
            "region": {"name": self.region_name, "municipalities": list(self.municipalities)},
            "snapshot": {"created_at": self.created_at, "age_days": self.age_days},
            "items": self.items,
            "by_category": self.by_category,
            "by_municipality": self.by_municipality,
            "nationwide": self.nationwide,
            "sources": [vars(s) for s in self.sources],
            "coverage": {
                "minimum_areas": list(self.coverage.minimum_areas),
                "missing": self.coverage.missing,
                "complete": list(self.coverage.complete),
            },
            "analyser": dict(self.analyser),
            "index_analyser": {"fi": self.index_analyser},
        }


def data_age(tray: Tray, now: datetime) -> float | None:
    """Age of a snapshot's data in days (from its creation stamp), or ``None`` if unknown."""
    created = get_meta(tray.db, "created_at")
    if not created:
        return None
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return None
    if when.tzinfo is None and now.tzinfo is not None:
        when = when.replace(tzinfo=now.tzinfo)
    return (now - when).total_seconds() / 86400


def collect(config: Config, tray: Tray, now: datetime) -> Status:
    """The status of the kiosk whose live snapshot ``tray`` is. Raises :class:`NoTrayData` for a configured
    kiosk that still shows the demo tray: its status is "nothing synced yet", not the demo's figures."""
    db = tray.db
    if not config.demo and snapshot.is_demo(db):
        raise NoTrayData(f"no tray data yet in {config.data_dir}: run 'hyte-kiosk sync' first")
    numbers = counts(db)
    states = {s["name"]: s for s in get_source_states(db)}
    municipalities = tuple(config.region.municipalities) or tuple(
        m for m in (get_meta(db, "municipalities") or "").split(",") if m
    )
    minimum = load_areas().minimum_keys()
    age = data_age(tray, now)
    return Status(
        version=__version__,
        demo=snapshot.is_demo(db),
        data_dir=str(config.data_dir),
        region_name=config.region.name or get_meta(db, "region_name") or "",
        municipalities=municipalities,
        created_at=get_meta(db, "created_at"),
        age_days=round(age, 2) if age is not None else None,
        items=numbers["items"],
        by_category=numbers["by_category"],
        by_municipality=numbers["by_municipality"],
        nationwide=numbers.get("nationwide", 0),
        sources=_sources(config, states, _items_per_source(tray)),
        coverage=coverage(tray, minimum, municipalities),
        analyser={"fi": finnish_analyser(), "sv": "snowball", "en": "snowball"},
        index_analyser=index_analyser(db),
    )


def _items_per_source(tray: Tray) -> dict[str, int]:
    return {str(name): int(n) for name, n in tray.db.execute("SELECT source, COUNT(*) FROM items GROUP BY source")}


def _sources(config: Config, states: dict[str, dict[str, Any]], items: dict[str, int]) -> tuple[SourceStatus, ...]:
    log = synclog.last_per_source(config.data_dir)
    out = []
    for cfg in config.sources:
        entry = log.get(cfg.name, {})
        success = entry.get("last_success") or {}
        state = states.get(cfg.name, {})
        out.append(SourceStatus(
            name=cfg.name,
            kind=cfg.kind,
            items=items.get(cfg.name, state.get("items")),
            last_attempt=entry.get("finished"),
            last_ok=entry.get("ok"),
            last_message=entry.get("message"),
            last_success=success.get("finished") or state.get("last_success_at"),
        ))  # fmt: skip
    return tuple(out)


def coverage(tray: Tray, minimum: tuple[str, ...], municipalities: tuple[str, ...]) -> Coverage:
    """Which minimum content areas each municipality has at least one item in (nationwide items count)."""
    present: dict[str, set[str]] = {m: set() for m in municipalities}
    rows = tray.db.execute(
        "SELECT c.category, a.municipality FROM item_categories c JOIN item_areas a ON a.item_rid = c.item_rid"
    )
    for category, municipality in rows:
        if municipality in present:
            present[municipality].add(category)
    national = {r[0] for r in tray.db.execute(
        "SELECT DISTINCT c.category FROM item_categories c JOIN items i ON i.rid = c.item_rid WHERE i.nationwide = 1"
    )}  # fmt: skip
    missing = {m: [k for k in minimum if k not in have and k not in national] for m, have in present.items()}
    return Coverage(
        minimum_areas=minimum,
        missing={m: keys for m, keys in missing.items() if keys},
        complete=tuple(m for m, keys in missing.items() if not keys),
    )


__all__ = ["Coverage", "NoTrayData", "SourceStatus", "Status", "collect", "coverage", "data_age"]
