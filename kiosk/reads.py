"""The questions the kiosk's screens ask of the live snapshot: the UI's one door into the core's reading side.

Each function takes the :class:`~kiosk.tray.Tray` the reading lane holds and returns a frozen view
(:mod:`kiosk.views`) or plain values. This module is cheap to import: the modules that do the work (and
with them sqlite-utils) load on the first call, on the reading lane, not before the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.assessment.answers import Answers
    from kiosk.assessment.recommend import Recommendation
    from kiosk.config import Config
    from kiosk.model import TrayItem
    from kiosk.query import Query
    from kiosk.status import Status
    from kiosk.takehome.choices import SheetChoice
    from kiosk.takehome.qr import QrCode
    from kiosk.takehome.settings import TakeHomeSettings
    from kiosk.tray import Tray
    from kiosk.views import Card, CardPage, Detail, Freshness

Point = tuple[float, float]


def cards(tray: Tray, query: Query, lang: str, now: datetime, home: Point | None, *, limit: int = 200,
          facets: bool = True) -> CardPage:
    """A result list: cards, the number of all matches and the facets (``facets=False``: cards only)."""
    from kiosk.browse import list_cards

    return list_cards(tray, query, lang, now, home, limit=limit, facets=facets)


def cards_for_ids(tray: Tray, ids: Sequence[str], lang: str, now: datetime, home: Point | None) -> list[Card]:
    from kiosk.browse import cards_for_ids as build

    return build(tray, ids, lang, now, home)


def detail(tray: Tray, item_id: str, lang: str, now: datetime, home: Point | None) -> Detail | None:
    from kiosk.browse import item_detail

    return item_detail(tray, item_id, lang, now, home)


def area_counts(tray: Tray, lang: str) -> dict[str, int]:
    """Activities per content area, counted as the theme lists count them."""
    from kiosk.browse import area_counts as counts

    return counts(tray, lang)


def contacts(tray: Tray, lang: str, now: datetime, home: Point | None) -> list[Card]:
    from kiosk.browse import contact_cards

    return contact_cards(tray, lang, now, home)


def freshness(tray: Tray, now: datetime, stale_days: int, lang: str) -> Freshness:
    from kiosk.browse import freshness as fresh

    return fresh(tray, now, stale_days, lang)


def home_point(tray: Tray, config: Config) -> Point | None:
    from kiosk.browse import home_point as point

    return point(tray, config)


def status(tray: Tray, config: Config, now: datetime) -> Status:
    from kiosk.status import collect

    return collect(config, tray, now)


def search_ids(tray: Tray, query: Query, lang: str, limit: int) -> list[str]:
    """The ids of the first ``limit`` matches, in search order (sample data for screenshots)."""
    from kiosk.search import search_ids as ids

    return ids(tray, query, lang, limit=limit)


def items_for_ids(tray: Tray, ids: Sequence[str]) -> list[TrayItem]:
    """Whole items in the order of ``ids`` (unknown ids left out): what a take-home sheet prints."""
    from kiosk.cards import items_for

    return items_for(tray, ids)


def phone_codes(tray: Tray, ids: Sequence[str], lang: str, now: datetime,
                settings: TakeHomeSettings) -> list[tuple[QrCode, bytes]]:
    """The list's QR codes and their PNG pictures (link or text mode, as the settings say)."""
    from kiosk.cards import items_for
    from kiosk.takehome.qr import codes_for_items

    return codes_for_items(items_for(tray, ids), lang=lang, now=now, settings=settings)


def sheet_items(tray: Tray, choice: SheetChoice, now: datetime) -> list[TrayItem]:
    """The items of a staff activity sheet, in name order."""
    from kiosk.takehome.sheets import sheet_items as find

    return find(tray, choice, now)


__all__ = [
    "area_counts", "cards", "cards_for_ids", "contacts", "detail", "freshness", "home_point", "items_for_ids",
    "phone_codes", "search_ids", "sheet_items", "status",
]


def recommendation(tray: Tray, answers: Answers, lang: str, now: datetime, home: Point | None,
                   limit: int = 6) -> Recommendation:
    """Suggestions for the self-assessment's answers, with reasons and the support contacts."""
    from kiosk.assessment.pack import load_pack
    from kiosk.assessment.recommend import recommend

    return recommend(tray, load_pack(), answers, lang, now, home, limit=limit)


def places(tray: Tray, config: Config, home: Point | None, lang: str) -> list[tuple[str, str]]:
    """(code, name) of the municipalities a resident can choose: the region's, else those with activities;
    the kiosk's own first, then by name."""
    from kiosk.browse import home_code, name_key
    from kiosk.places import load_places

    codes = list(config.region.municipalities) or [
        code for (code,) in tray.db.execute("SELECT DISTINCT municipality FROM item_areas")
    ]
    own = home_code(tray, home)
    names = load_places()
    found = [(code, names.name(code, lang)) for code in codes if code]
    return sorted(found, key=lambda row: (row[0] != own, name_key(row[1])))
