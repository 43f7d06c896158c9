"""The core's ``hyte-kiosk`` commands: ``sync``, ``status``, ``search``, ``show``, ``hash-pin``, and the take-home
outputs ``list-pdf``, ``qr`` and ``sheet`` (:mod:`kiosk.takehome.commands`).

Each is a :class:`~kiosk.command.Command` in :data:`COMMANDS`; ``run`` and ``screenshot`` need Qt and are
declared by the UI (``ui.commands``). Reading commands answer from the live snapshot (the one rule in
:func:`kiosk.snapshot.live_path`), opened read-only.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import httpx

from kiosk import __version__, snapshot, staffpin
from kiosk.areas import load_areas
from kiosk.assessment.commands import COMMANDS as ASSESSMENT_COMMANDS
from kiosk.cache import get_item
from kiosk.command import (
    EXIT_FAILED,
    EXIT_NO_DATA,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    Command,
    language,
    print_json,
)
from kiosk.config import Config
from kiosk.doctor import COMMANDS as DOCTOR_COMMANDS
from kiosk.flags import COMMANDS as FLAGS_COMMANDS
from kiosk.fleet.commands import COMMANDS as FLEET_COMMANDS
from kiosk.model import TrayItem, pick
from kiosk.query import Query
from kiosk.search import search, suggestion
from kiosk.serialize import to_dict
from kiosk.stats import COMMANDS as STATS_COMMANDS
from kiosk.status import collect
from kiosk.sync import SyncError, run_sync
from kiosk.takehome.commands import COMMANDS as TAKEHOME_COMMANDS
from kiosk.tray import SnapshotOutdated, Tray, open_tray

log = logging.getLogger(__name__)


def open_live(config: Config) -> Tray:
    """The live snapshot, read-only. A configured kiosk that has never synced has nothing to answer from
    (the kiosk shows the demo tray meanwhile; the CLI says so and exits 4)."""
    configured = not config.demo
    try:
        path = snapshot.ensure_live(config.data_dir, configured=configured)
    except OSError as exc:
        raise CliError(f"cannot use the data directory {config.data_dir}: {exc}", EXIT_FAILED) from exc
    if configured and path == snapshot.demo_path(config.data_dir):
        raise CliError(f"no tray data yet in {config.data_dir}: run 'hyte-kiosk sync' first", EXIT_NO_DATA)
    try:
        return open_tray(path)
    except SnapshotOutdated:
        snapshot.upgrade(path)
        return open_tray(path)


# --- hash-pin --------------------------------------------------------------------------------------


def _read_pin(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def cmd_hash_pin(config: Config, args: argparse.Namespace) -> int:
    """Read a staff PIN and print the config line with its salted hash (the PIN itself is never printed)."""
    pin = _read_pin("Staff PIN (4–8 digits): ")
    if not staffpin.valid_pin(pin):
        raise CliError("a staff PIN is 4–8 digits (0–9)", EXIT_USAGE)
    if sys.stdin.isatty() and _read_pin("The same PIN again: ") != pin:
        raise CliError("the two PINs differ; nothing was printed", EXIT_USAGE)
    print("# Put this line in the [kiosk] table of the config:", file=sys.stderr)
    print(f'staff_pin_hash = "{staffpin.hash_pin(pin)}"')
    return EXIT_OK


# --- sync ------------------------------------------------------------------------------------------


def cmd_sync(config: Config, args: argparse.Namespace) -> int:
    if config.demo:
        raise CliError(
            "no sources are configured, so there is nothing to sync: the kiosk shows the bundled demo tray. "
            "Add [[sources]] to the config (see docs/configuration.md).",
            EXIT_USAGE,
        )
    timeout = max((s.timeout_s for s in config.sources), default=30.0)
    with httpx.Client(timeout=httpx.Timeout(timeout), verify=True, follow_redirects=False,
                      headers={"User-Agent": f"hyte-kiosk/{__version__}"}) as client:
        try:
            report = run_sync(config, client, full=args.full, allow_shrink=args.allow_shrink)
        except SyncError as exc:
            raise CliError(f"sync failed: {exc}") from exc
    for run in report.sources:
        mode = "full" if run.full else "incremental"
        log.info("sync %s: %s (%s), %d new or changed, %d removed, %d warnings", run.name,
                 "ok" if run.ok else "failed", mode, run.upserts, run.deleted, len(run.warnings))
        if run.ok:
            print(f"{run.name}: ok ({mode}) — {run.upserts} new or changed, {run.deleted} removed,"
                  f" {run.skipped} outside the tray, {len(run.warnings)} warnings, {run.requests} requests")
            for warning in run.warnings[:10]:
                print(f"  warning: {warning}")
            if len(run.warnings) > 10:
                print(f"  … and {len(run.warnings) - 10} more warnings")
        else:
            print(f"{run.name}: FAILED ({mode}) — {run.message}", file=sys.stderr)
    if report.items is not None:
        state = "new snapshot published" if report.published else "no changes"
        print(f"{report.items} items in the tray ({state}).")
    if not report.ok:
        print("The previous data is kept for the sources that failed.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# --- status ----------------------------------------------------------------------------------------


def status_data(config: Config, now: datetime | None = None) -> dict[str, Any]:
    """``status --json``: see :mod:`kiosk.status`."""
    with open_live(config) as tray:
        return collect(config, tray, now or datetime.now(UTC)).as_json()


def cmd_status(config: Config, args: argparse.Namespace) -> int:
    data = status_data(config)
    if getattr(args, "json", False):
        print_json(data)
        return EXIT_OK
    catalogue = load_areas()
    lang = config.default_language
    if data["demo"]:
        print("DEMO DATA (esimerkkiaineisto): no sources are configured; the kiosk shows the bundled example tray.")
    region = data["region"]
    print(f"Region: {region['name'] or '—'} ({', '.join(region['municipalities']) or 'no municipalities'})")
    age = data["snapshot"]["age_days"]
    print(f"Snapshot: {data['snapshot']['created_at'] or 'unknown'}"
          + (f" ({age:.1f} days old)" if age is not None else ""))
    print(f"Items: {data['items']} (nationwide: {data['nationwide']})")
    print("By content area:")
    for area in catalogue.areas:
        print(f"  {area.key:<14} {data['by_category'].get(area.key, 0):>6}  {catalogue.name(area.key, lang)}")
    print("By municipality:")
    for code, n in sorted(data["by_municipality"].items()):
        print(f"  {code} {n:>6}")
    for src in data["sources"]:
        state = "ok" if src["last_ok"] else ("FAILED" if src["last_ok"] is False else "never synced")
        print(f"Source {src['name']} ({src['kind']}): {state}; last success {src['last_success'] or '—'}"
              + (f"; {src['last_message']}" if src["last_message"] else ""))
    print(_analyser_line(data))
    missing = data["coverage"]["missing"]
    if missing:
        print("Minimum content areas missing:")
        for code, keys in sorted(missing.items()):
            print(f"  {code}: {', '.join(keys)}")
    else:
        print("Every municipality has all minimum content areas.")
    return EXIT_OK


def _analyser_line(data: dict[str, Any]) -> str:
    used, indexed = data["analyser"]["fi"], data["index_analyser"]["fi"]
    if used == "voikko":
        line = "Finnish search: Voikko (base forms and compound parts)"
    else:
        line = ("Finnish search: Snowball stemmer only (fallback: Voikko is not installed;"
                " run scripts/setup or install libvoikko1 and voikko-fi)")
    if indexed != used:
        line += f"; the snapshot was indexed with {indexed.capitalize()}, the next sync re-indexes it"
    return line


# --- search and show -------------------------------------------------------------------------------


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    catalogue = load_areas()
    for key in args.category:
        if key not in catalogue.keys:
            raise CliError(f"--category {key!r}: choose one of {', '.join(catalogue.keys)}", EXIT_USAGE)
    for code in args.municipality:
        if not (len(code) == 3 and code.isdigit()):
            raise CliError(f"--municipality {code!r}: a 3-digit municipality code such as 205", EXIT_USAGE)
    if args.limit < 1:
        raise CliError("--limit must be at least 1", EXIT_USAGE)
    lang = language(config, args.lang)
    query = Query(
        text=args.text, categories=tuple(args.category), municipalities=tuple(args.municipality),
        free=args.free, given_in=tuple(args.given_in), online=args.online,
    )
    with open_live(config) as tray:
        hits = search(tray, query, lang=lang, limit=args.limit)
        corrected = suggestion(tray, query, lang)
    if args.json:
        print_json([
            {
                "id": h.id, "name": h.name, "name_lang": h.name_lang, "summary": h.summary,
                "categories": list(h.categories), "municipalities": list(h.municipalities),
                "free": h.cost == "free", "cost": h.cost, "organisation": h.organisation,
            }
            for h in hits
        ])
        return EXIT_OK
    if not hits:
        print("No matches. Try a shorter word, or browse by content area: " + ", ".join(catalogue.keys))
        return EXIT_OK
    if corrected:
        print(f"Nothing found for {args.text!r}; showing {corrected!r} instead.")
    for h in hits:
        cost = {"free": "free", "charged": "charged"}.get(h.cost, "cost unknown")
        print(f"{h.id:<40} {h.name}  [{', '.join(h.categories)}] {' '.join(h.municipalities)} · {cost}")
    return EXIT_OK


def show_data(item: TrayItem, lang: str) -> dict[str, Any]:
    data = to_dict(item)
    name = pick(item.names, lang)
    summary = pick(item.summaries, lang)
    description = pick(item.descriptions, lang)
    data["name"] = name[1] if name else None
    data["name_lang"] = name[0] if name else None
    data["summary"] = summary[1] if summary else None
    data["description"] = description[1] if description else None
    data["free"] = item.cost == "free"
    data["municipalities"] = list(item.municipalities)
    data.setdefault("locations", [])
    data.setdefault("phones", [])
    return data


def cmd_show(config: Config, args: argparse.Namespace) -> int:
    lang = language(config, args.lang)
    with open_live(config) as tray:
        item = get_item(tray.db, args.id)
    if item is None:
        raise CliError(f"no item with id {args.id!r} (ids look like ptv:<uuid>, local:<id> or demo:0001)",
                       EXIT_NOT_FOUND)
    data = show_data(item, lang)
    if args.json:
        print_json(data)
        return EXIT_OK
    print(data["name"])
    if item.organisation and (org := pick(item.organisation.names, lang)):
        print(f"  {org[1]}")
    print(f"  id: {item.id} · areas: {', '.join(item.categories)} · cost: {item.cost}")
    if data["summary"]:
        print(f"\n{data['summary']}")
    if data["description"]:
        print(f"\n{data['description']}")
    for loc in item.locations:
        street = pick(loc.street, lang)
        where = ", ".join(p for p in (street[1] if street else None, loc.postal_code, loc.municipality) if p)
        print(f"\nAddress: {where}")
        if loc.easting is not None:
            print(f"  EPSG:3067 E {loc.easting:.0f} N {loc.northing:.0f}")
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for rule in loc.hours:
            print(f"  {days[rule.weekday]} {rule.opens}–{rule.closes}" + (" (booking)" if rule.kind == "reservation" else ""))
    for phone in item.phones:
        print(f"Phone: {phone.number}")
    for link in item.web:
        print(f"Web: {link.url}")
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    return EXIT_OK


# --- the commands and their options ---------------------------------------------------------------


def _sync_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--full", action="store_true", help="full reconciliation instead of an incremental run")
    p.add_argument("--allow-shrink", action="store_true",
                   help="accept a run that drops most (or all) of a source's items; refused otherwise")


def _status_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _search_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", nargs="?", default="", help="words to look for (empty: browse with filters)")
    p.add_argument("--category", action="append", default=[], metavar="KEY", help="content area (repeatable)")
    p.add_argument("--municipality", action="append", default=[], metavar="CODE", help="municipality code (repeatable)")
    p.add_argument("--free", action="store_true", help="only items known to be free")
    p.add_argument("--online", action="store_true", help="only items usable by phone or online")
    p.add_argument("--given-in", action="append", default=[], metavar="L", help="service language (repeatable)")
    p.add_argument("--lang", default=None, metavar="L", help="language of the names shown")
    p.add_argument("--limit", type=int, default=20, metavar="N")
    p.add_argument("--json", action="store_true")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument("--lang", default=None, metavar="L")
    p.add_argument("--json", action="store_true")


COMMANDS: tuple[Command, ...] = (
    Command("sync", "fetch the configured sources into the cache", cmd_sync, _sync_arguments),
    Command("status", "snapshot age, sources, item counts, coverage", cmd_status, _status_arguments),
    Command("search", "search the tray", cmd_search, _search_arguments),
    Command("show", "one item in full", cmd_show, _show_arguments),
    Command("hash-pin", "read a staff PIN (4–8 digits) and print its hash for the config", cmd_hash_pin),
    *ASSESSMENT_COMMANDS,
    *TAKEHOME_COMMANDS,
    *STATS_COMMANDS,
    *FLEET_COMMANDS,
    *DOCTOR_COMMANDS,
    *FLAGS_COMMANDS,
)

__all__ = ["COMMANDS", "open_live", "show_data", "status_data"]
