"""The CLI's commands, each ``cmd_<name>(config, args) -> exit code``; ``kiosk.cli`` parses and dispatches."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import sqlite_utils

from kiosk import __version__, snapshot, staffpin, synclog
from kiosk.areas import load_areas
from kiosk.cache import counts, get_item, get_meta, get_source_states
from kiosk.cli import EXIT_FAILED, EXIT_NO_DATA, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, CliError, print_json
from kiosk.config import Config
from kiosk.model import TrayItem, pick
from kiosk.search import SearchQuery, search
from kiosk.serialize import to_dict
from kiosk.sync import SyncError, data_age, run_sync


def open_active(config: Config) -> sqlite_utils.Database:
    """The snapshot the kiosk shows (the demo tray when nothing is configured)."""
    try:
        path = snapshot.active_path(config.data_dir, demo=config.demo)
    except OSError as exc:
        raise CliError(f"cannot use the data directory {config.data_dir}: {exc}", EXIT_FAILED) from exc
    db = snapshot.open_snapshot(path)
    if db is None:
        raise CliError(f"no tray data yet in {config.data_dir}: run 'hyte-kiosk sync' first", EXIT_NO_DATA)
    return db


def _lang(config: Config, requested: str | None) -> str:
    lang = requested or config.default_language
    if lang not in config.languages and lang not in ("fi", "sv", "en"):
        raise CliError(f"--lang {lang!r}: choose one of {', '.join(config.languages)}", EXIT_USAGE)
    return lang


# --- run, screenshot, hash-pin ----------------------------------------------------------------------

NO_DISPLAY = (
    "No display: run on the kiosk screen, or use `hyte-kiosk screenshot` to render pages to PNG "
    "(no DISPLAY or WAYLAND_DISPLAY is set, and QT_QPA_PLATFORM is not set)."
)


def has_display(env: Mapping[str, str] | None = None) -> bool:
    """True when Qt has somewhere to draw: an X or Wayland display, or a platform chosen explicitly."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and platform != "xcb":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def parse_size(text: str | None) -> tuple[int, int] | None:
    """``"1080x1920"`` → ``(1080, 1920)``; ``None`` stays ``None``."""
    if text is None:
        return None
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise CliError(f"--size {text!r}: give width x height in pixels, e.g. 1080x1920", EXIT_USAGE)
    size = int(width), int(height)
    if not (320 <= size[0] <= 8192 and 320 <= size[1] <= 8192):
        raise CliError(f"--size {text!r}: each side must be 320–8192 pixels", EXIT_USAGE)
    return size


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    """The kiosk UI: full screen unless ``--windowed``."""
    size = parse_size(args.size)
    if not has_display():
        raise CliError(NO_DISPLAY, EXIT_USAGE)
    from ui.app import run  # Qt only from here on

    return run(config, windowed=args.windowed, size=size)


def cmd_screenshot(config: Config, args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    assert size is not None
    lang = _lang(config, args.lang)
    from ui.screenshot import PAGE_NAMES, render  # Qt only from here on

    if args.page not in PAGE_NAMES:
        raise CliError(f"--page {args.page!r}: choose one of {', '.join(PAGE_NAMES)}", EXIT_USAGE)
    out = render(config, page=args.page, lang=lang, size=size, high_contrast=args.contrast == "high",
                            text_size=args.text_size - 1, output=args.output)
    print(out)
    return EXIT_OK


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
            report = run_sync(config, client, full=args.full)
        except SyncError as exc:
            raise CliError(f"sync failed: {exc}") from exc
    for run in report.sources:
        mode = "full" if run.full else "incremental"
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
    now = now or datetime.now(UTC)
    catalogue = load_areas()
    db = open_active(config)
    try:
        numbers = counts(db)
        demo = snapshot.is_demo(db)
        created = get_meta(db, "created_at")
        age = data_age(db, now)
        states = {s["name"]: s for s in get_source_states(db)}
        municipalities = tuple(config.region.municipalities) or tuple(
            m for m in (get_meta(db, "municipalities") or "").split(",") if m
        )
        region_name = config.region.name or get_meta(db, "region_name") or ""
        coverage = _coverage(db, tuple(a.key for a in catalogue.areas if a.minimum), municipalities)
    finally:
        db.close()
    log = synclog.last_per_source(config.data_dir)
    sources = []
    for cfg in config.sources:
        entry = log.get(cfg.name, {})
        success = entry.get("last_success") or {}
        sources.append({
            "name": cfg.name,
            "kind": cfg.kind,
            "items": states.get(cfg.name, {}).get("items"),
            "last_attempt": entry.get("finished"),
            "last_ok": entry.get("ok"),
            "last_message": entry.get("message"),
            "last_success": success.get("finished") or states.get(cfg.name, {}).get("last_success_at"),
        })
    return {
        "version": __version__,
        "demo": demo,
        "data_dir": str(config.data_dir),
        "region": {"name": region_name, "municipalities": list(municipalities)},
        "snapshot": {"created_at": created, "age_days": round(age, 2) if age is not None else None},
        "items": numbers["items"],
        "by_category": numbers["by_category"],
        "by_municipality": numbers["by_municipality"],
        "nationwide": numbers.get("nationwide", 0),
        "sources": sources,
        "coverage": coverage,
    }


def _coverage(db: sqlite_utils.Database, minimum: tuple[str, ...], municipalities: tuple[str, ...]) -> dict[str, Any]:
    """Which minimum content areas each municipality has at least one item in (nationwide items count)."""
    present: dict[str, set[str]] = {m: set() for m in municipalities}
    rows = db.query(
        "SELECT c.category AS category, a.municipality AS municipality FROM item_categories c"
        " JOIN item_areas a ON a.item_id = c.item_id"
    )
    for row in rows:
        if row["municipality"] in present:
            present[row["municipality"]].add(row["category"])
    national = {r["category"] for r in db.query(
        "SELECT DISTINCT c.category AS category FROM item_categories c JOIN items i ON i.id = c.item_id"
        " WHERE i.nationwide = 1"
    )}
    missing = {m: [k for k in minimum if k not in have and k not in national] for m, have in present.items()}
    return {
        "minimum_areas": list(minimum),
        "missing": {m: keys for m, keys in missing.items() if keys},
        "complete": [m for m, keys in missing.items() if not keys],
    }


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
    missing = data["coverage"]["missing"]
    if missing:
        print("Minimum content areas missing:")
        for code, keys in sorted(missing.items()):
            print(f"  {code}: {', '.join(keys)}")
    else:
        print("Every municipality has all minimum content areas.")
    return EXIT_OK


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
    lang = _lang(config, args.lang)
    query = SearchQuery(
        text=args.text, categories=tuple(args.category), municipalities=tuple(args.municipality),
        free=args.free, given_in=tuple(args.given_in), online=args.online, limit=args.limit,
    )
    db = open_active(config)
    try:
        hits = search(db, query, lang=lang)
    finally:
        db.close()
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
    lang = _lang(config, args.lang)
    db = open_active(config)
    try:
        item = get_item(db, args.id)
    finally:
        db.close()
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


__all__ = [
    "cmd_run", "cmd_screenshot", "cmd_hash_pin", "cmd_sync", "cmd_status", "cmd_search", "cmd_show",
    "has_display", "parse_size", "status_data", "show_data",
]
