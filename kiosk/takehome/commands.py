"""``hyte-kiosk list-pdf``, ``qr`` and ``sheet``: the take-home outputs from the command line, for staff,
scripts and tests. They read the live snapshot (read-only) like ``show`` and write only the files named
with ``-o``. An unknown id exits 3 and names it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.command import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, CliError, Command, language
from kiosk.config import Config
from kiosk.model import TrayItem
from kiosk.takehome.document import Request, build_document

HELSINKI = ZoneInfo("Europe/Helsinki")


def _now() -> datetime:
    return datetime.now(HELSINKI)


def items_in_order(config: Config, ids: Sequence[str]) -> list[TrayItem]:
    """The items with ``ids`` in that order; the first unknown id is an error (exit 3) naming it."""
    from kiosk.cache import get_items
    from kiosk.commands import open_live

    with open_live(config) as tray:
        found = {item.id: item for item in get_items(tray.db, ids)}
    for item_id in ids:
        if item_id not in found:
            raise CliError(f"no item with id {item_id!r} (ids look like ptv:<uuid>, local:<id> or demo:0001)",
                           EXIT_NOT_FOUND)
    return [found[i] for i in ids]


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc}") from exc
    print(path)


def cmd_list_pdf(config: Config, args: argparse.Namespace) -> int:
    from kiosk.takehome.pdf import render_pdf

    lang = language(config, args.lang)
    items = items_in_order(config, args.ids)
    settings = config.takehome
    request = Request(lang=lang, meeting_point=settings.meeting_point, template=settings.public_page_template,
                      bilingual=args.bilingual, discreet=args.discreet)
    _write(args.output, render_pdf(build_document(items, request, _now()), large=args.large))
    return EXIT_OK


def qr_paths(output: Path, count: int) -> list[Path]:
    """``FILE.png`` for one code; ``FILE-1.png``, ``FILE-2.png`` … for several."""
    if count == 1:
        return [output]
    suffix = output.suffix or ".png"
    return [output.with_name(f"{output.stem}-{n}{suffix}") for n in range(1, count + 1)]


def cmd_qr(config: Config, args: argparse.Namespace) -> int:
    from kiosk.takehome.qr import png, qr_codes

    lang = language(config, args.lang)
    settings = config.takehome
    link_mode = settings.link_mode if args.mode is None else args.mode == "link"
    if link_mode and settings.public_page_template is None:
        raise CliError("--mode link needs [takehome] public_page_template in the config", EXIT_USAGE)
    items = items_in_order(config, args.ids)
    doc = build_document(items, Request(lang=lang, template=settings.public_page_template), _now())
    codes = qr_codes(doc, [i.id for i in items], link_mode=link_mode, template=settings.public_page_template)
    for code, path in zip(codes, qr_paths(args.output, len(codes)), strict=True):
        _write(path, png(code.payload))
    return EXIT_OK


def _week(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"--week {value!r}: a date such as 2026-11-23 (any day of the week)", EXIT_USAGE) from exc
    from kiosk.takehome.sheets import week_start

    return week_start(day)


def cmd_sheet(config: Config, args: argparse.Namespace) -> int:
    from kiosk.areas import load_areas
    from kiosk.commands import open_live
    from kiosk.takehome.choices import SheetChoice
    from kiosk.takehome.pdf import render_pdf
    from kiosk.takehome.sheets import sheet_items, sheet_moment, sheet_request

    keys = load_areas().keys
    for key in args.category:
        if key not in keys:
            raise CliError(f"--category {key!r}: choose one of {', '.join(keys)}", EXIT_USAGE)
    for code in args.municipality:
        if not (len(code) == 3 and code.isdigit()):
            raise CliError(f"--municipality {code!r}: a 3-digit municipality code such as 205", EXIT_USAGE)
    choice = SheetChoice(tuple(args.category), tuple(args.municipality), language(config, args.lang),
                         _week(args.week))
    now = _now()
    with open_live(config) as tray:
        items = sheet_items(tray, choice, now)
    settings = config.takehome
    request = sheet_request(choice, settings.meeting_point, settings.public_page_template)
    _write(args.output, render_pdf(build_document(items, request, sheet_moment(choice, now)), large=args.large))
    return EXIT_OK


def _list_pdf_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", metavar="ID", help="item ids, in the order they are printed")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--lang", default=None, metavar="L")
    p.add_argument("--large", action="store_true", help="20 pt body text instead of 16 pt")
    p.add_argument("--discreet", action="store_true", help="neutral titles for mental-health and substance items")
    p.add_argument("--bilingual", action="store_true", help="Finnish and Swedish")


def _qr_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png",
                   help="several codes are written as FILE-1.png, FILE-2.png …")
    p.add_argument("--mode", choices=("text", "link"), default=None,
                   help="text: the list itself; link: the public page (default: from the config)")
    p.add_argument("--lang", default=None, metavar="L")


def _sheet_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--category", action="append", required=True, metavar="KEY", help="content area (repeatable)")
    p.add_argument("--municipality", action="append", default=[], metavar="CODE", help="repeatable")
    p.add_argument("--lang", default=None, metavar="L")
    p.add_argument("--week", default=None, metavar="DATE", help="dated activities of this week only")
    p.add_argument("--large", action="store_true")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")


COMMANDS: tuple[Command, ...] = (
    Command("list-pdf", "a large-print PDF of items, as the resident's list prints", cmd_list_pdf, _list_pdf_arguments),
    Command("qr", "QR codes of items for a phone (PNG)", cmd_qr, _qr_arguments),
    Command("sheet", "a staff activity sheet (PDF) by content area and municipality", cmd_sheet, _sheet_arguments),
)
