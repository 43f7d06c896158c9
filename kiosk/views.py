"""What the screens show, prepared by the core: plain frozen dataclasses with texts already localised.

The UI never formats dates, hours, costs or distances itself: ``kiosk.browse`` builds these views from
the cache in the resident's language, and the pages only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.model import TrayItem


@dataclass(frozen=True)
class Card:
    """One result card."""

    id: str
    name: str
    name_lang: str  # language of ``name``; differs from the chosen one when the item lacks it
    organiser: str | None
    municipality: str | None  # municipality *name* in the chosen language ("Kajaani" / "Kajana")
    nationwide: bool
    status: str | None  # "Avoinna nyt, klo 9–11" / "Seuraavan kerran ti 10.00" / None when hours are unknown
    open_now: bool | None  # None = unknown
    cost: str  # free | charged | unknown
    cost_text: str  # "Maksuton" / "Maksullinen" / "Hinta ei tiedossa"
    languages: tuple[str, ...]  # languages the service is given in (codes)
    languages_text: str  # "suomi, ruotsi" in the chosen language ("" when unknown)
    accessibility: str | None
    distance_m: float | None
    distance_text: str | None  # "2,4 km"
    categories: tuple[str, ...]
    online: bool
    programmes: tuple[str, ...]
    demo: bool = False
    other_places: int = 0  # how many other places offer the same activity (same name and organiser): one card
    phone: str | None = None  # the first phone number, so a card can be acted on without opening it
    address: str | None = None  # the first place's street address ("Terveystie 19, 87100 Kajaani")
    address_lang: str | None = None  # the street's language when it is not the chosen one


@dataclass(frozen=True)
class Facets:
    """Which filters the current result set can support: never offer a filter the data cannot answer."""

    municipalities: tuple[tuple[str, str, int], ...] = ()  # (code, name, count), home first
    free: int = 0  # items known to be free
    open_today: int = 0  # items with hours that open today
    languages: tuple[tuple[str, str, int], ...] = ()  # (code, name in chosen language, count)
    online: int = 0
    with_location: int = 0  # items with coordinates: "nearest" sort is offered only when > 0


@dataclass(frozen=True)
class CardPage:
    cards: tuple[Card, ...]
    total: int  # cards there are in all (a repeated activity is one card, see kiosk.browse)
    facets: Facets = field(default_factory=Facets)
    suggestion: str | None = None  # the corrected text when the words found nothing as typed ("Tarkoititko …?")
    more: bool = False  # more than ``total`` match: search as you type counts up to kiosk.search.COUNT_CAP ("1000+")


@dataclass(frozen=True)
class Block:
    """A block of source text after the allow-listed Markdown subset: heading, bullet, numbered or paragraph."""

    kind: str  # heading | bullet | number | para
    text: str
    number: int | None = None


@dataclass(frozen=True)
class LocationView:
    name: str | None
    address: str | None  # "Kauppakatu 12, 87100 Kajaani"
    hours: tuple[str, ...]  # one line per day or rule, localised ("ma 9.00–11.00")
    hours_note: str | None
    accessibility: str | None
    distance_text: str | None
    holidays: tuple[str, ...] = ()  # the coming holidays' hours ("Suljettu 24.–26.12.", "Juhannusaattona 10.00–14.00")
    address_lang: str | None = None  # the street's language when it is not the chosen one (a Finnish-only street)
    accessibility_details: tuple[str, ...] = ()  # PTV's accessibility sentences, a line per group
    accessibility_details_lang: str | None = None  # their language when it is not the chosen one


@dataclass(frozen=True)
class PhoneView:
    number: str
    info: str | None
    cost_text: str | None
    hours: tuple[str, ...] = ()
    sms: bool = False  # a number for text messages only


@dataclass(frozen=True)
class ProgrammeView:
    """A card or referral an item accepts (Kaikukortti, liikuntalähete) and how a resident gets it."""

    key: str
    name: str
    how: str | None


@dataclass(frozen=True)
class Detail:
    card: Card
    summary: str | None
    summary_lang: str | None
    blocks: tuple[Block, ...]  # the description
    blocks_lang: str | None
    cost_info: str | None
    locations: tuple[LocationView, ...]
    phones: tuple[PhoneView, ...]
    web: tuple[tuple[str, str], ...]  # (title, url) – shown as text; links are never followed in kiosk mode
    emails: tuple[str, ...]
    provided_by: str  # "Tiedot: Esimerkkiyhdistys ry · päivitetty 2.10.2026"
    item: TrayItem
    programmes: tuple[ProgrammeView, ...] = ()  # cards and referrals, with how to get them
    organiser_type: str | None = None  # "kunta" / "järjestö" / "yritys"…; None when the source does not say


@dataclass(frozen=True)
class Freshness:
    text: str  # "Tiedot päivitetty 3.11.2026"
    age_days: float | None
    stale: bool
    stale_text: str | None  # the warning when older than the configured number of days
    demo: bool
    demo_text: str | None  # "Esimerkkiaineisto"
