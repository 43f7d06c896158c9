"""Cards and detail views of tray items, in the resident's language (see :mod:`kiosk.views`).

Two ways in: :func:`build_card` / :func:`build_detail` from a whole :class:`TrayItem` (read with
``kiosk.cache.get_items`` only for the cards on screen), and :class:`Facts` — the few fields that
filtering, facets and sorting need (municipalities, languages, cost, hours, coordinates) — read with
SQL from the link tables and the stored locations for every item of a result set without rebuilding
whole items. Both derive hours and coordinates the same way (:func:`rules_of`, :func:`points_of`), so a
card never contradicts the filter that found it.

A snapshot never changes once published, so facts, items and cards are remembered per snapshot handle
(:class:`Memo`, kept on the :class:`~kiosk.tray.Tray`, so the memory goes with the connection).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from babel import Locale
from sqlite_utils import Database

from kiosk import hours, markup
from kiosk.cache import get_items, get_meta
from kiosk.geo import Point, distance_text, nearest_m
from kiosk.hours import tr
from kiosk.i18n import N_
from kiosk.model import OpeningRule, TrayItem, ValidationError, pick
from kiosk.places import load_places
from kiosk.programmes import load_programmes, programmes_of
from kiosk.views import Block, Card, Detail, LocationView, PhoneView, ProgrammeView

if TYPE_CHECKING:
    from kiosk.tray import Tray

T = TypeVar("T")
COST_TEXTS = {"free": N_("Free"), "charged": N_("Costs money"), "unknown": N_("Price not known")}
# Organisation.type as the detail page names it ("other" is not named)
ORG_TYPE_TEXTS = {
    "municipality": N_("municipality"),
    "county": N_("regional organisation"),
    "ngo": N_("association or organisation"),
    "state": N_("state"),
    "company": N_("company"),
}


# --- small pieces ---------------------------------------------------------------------------------


def rules_of(locations: Sequence[Any]) -> tuple[OpeningRule, ...]:
    """The hours a card shows: those of the first location that has any."""
    for loc in locations:
        if loc.hours:
            return tuple(loc.hours)
    return ()


def points_of(locations: Sequence[Any]) -> tuple[Point, ...]:
    return tuple((loc.easting, loc.northing) for loc in locations if loc.easting is not None and loc.northing is not None)


def card_municipality(item: TrayItem) -> str | None:
    """The code a card names: the first location's municipality, else the first area; nationwide → None."""
    if item.nationwide:
        return None
    for loc in item.locations:
        if loc.municipality:
            return loc.municipality
    return item.areas[0] if item.areas else None


_LOCALES: dict[str, Locale] = {}


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in ``lang`` from Babel's CLDR data: "ruotsi" / "svenska" / "Swedish"."""
    locale = _LOCALES.get(lang)
    if locale is None:
        locale = _LOCALES[lang] = Locale.parse(lang if lang in ("fi", "sv", "en") else "en")
    return str(locale.languages.get(code, code))


def languages_text(codes: Iterable[str], lang: str) -> str:
    return ", ".join(language_name(code, lang) for code in codes)


def cost_text(cost: str, lang: str) -> str:
    return tr(lang, COST_TEXTS.get(cost, COST_TEXTS["unknown"]))


def _text(texts: dict[str, str], lang: str) -> str | None:
    found = pick(texts, lang)
    return found[1] if found else None


def _lang_of(texts: dict[str, str], lang: str) -> str | None:
    """The language of the text :func:`_text` picks (``None`` when there is none)."""
    found = pick(texts, lang)
    return found[0] if found else None


# --- cards ----------------------------------------------------------------------------------------


def build_card(item: TrayItem, lang: str, now: datetime, home: Point | None) -> Card:
    name_lang, name = pick(item.names, lang) or (lang, item.id)
    org = _text(item.organisation.names, lang) if item.organisation else None
    code = card_municipality(item)
    state = hours.status(rules_of(item.locations), now, lang, starts_at=item.starts_at, ends_at=item.ends_at)
    distance = nearest_m(home, points_of(item.locations))
    accessibility = _text(item.locations[0].accessibility, lang) if item.locations else None
    return Card(
        id=item.id,
        name=name,
        name_lang=name_lang,
        organiser=org,
        municipality=load_places().name(code, lang) if code else None,
        nationwide=item.nationwide,
        status=state.text,
        open_now=state.open_now,
        cost=item.cost,
        cost_text=cost_text(item.cost, lang),
        languages=item.languages,
        languages_text=languages_text(item.languages, lang),
        accessibility=accessibility,
        distance_m=distance,
        distance_text=distance_text(distance, lang),
        categories=item.categories,
        online=item.online,
        programmes=programmes_of(item),
        phone=next((p.number for p in item.phones if p.kind != "sms"), None),
        address=address_text(item.locations[0], lang) if item.locations else None,
        address_lang=street_language(item.locations[0], lang) if item.locations else None,
        demo=item.demo,
    )


def _local_date(moment: datetime, now: datetime) -> date:
    return moment.astimezone(now.tzinfo).date() if now.tzinfo and moment.tzinfo else moment.date()


def provided_by(item: TrayItem, lang: str, now: datetime) -> str:
    """"Tiedot: Esimerkkiyhdistys ry · päivitetty 2.10.2026", saying plainly what is not known."""
    org = _text(item.organisation.names, lang) if item.organisation else None
    updated = hours.long_date(_local_date(item.modified, now), lang) if item.modified else None
    if org and updated:
        return tr(lang, N_("Information: {organisation} · updated {date}"), organisation=org, date=updated)
    if org:
        return tr(lang, N_("Information: {organisation} · update date not known"), organisation=org)
    if updated:
        return tr(lang, N_("Information provider not known · updated {date}"), date=updated)
    return tr(lang, N_("Information provider and update date not known"))


STREET_LANGUAGES = ("fi", "sv")  # the languages Finnish streets are named in


def street_language(loc: Any, lang: str) -> str | None:
    """The language of the street shown when Finnish streets have names in ``lang`` but this one has none in it
    (a street only in Finnish on a Swedish screen): the views mark it. ``None`` otherwise — English screens show
    the Finnish or Swedish name as it is, there being no English street names."""
    if lang not in STREET_LANGUAGES:
        return None
    shown = _lang_of(loc.street, lang)
    return shown if shown is not None and shown != lang else None


def address_text(loc: Any, lang: str) -> str | None:
    street = _text(loc.street, lang)
    town = " ".join(p for p in (loc.postal_code, _text(loc.post_office, lang)) if p)
    return ", ".join(p for p in (street, town) if p) or None


def _phone_cost(charge: str, info: str | None, lang: str) -> str | None:
    if charge == "free":
        return tr(lang, N_("Free call"))
    if info:
        return info
    if charge == "charged":
        return tr(lang, N_("Call charges apply"))
    return None


def without_summary(blocks: tuple[Block, ...], summary: str | None) -> tuple[Block, ...]:
    """The description without the summary it repeats: many records begin their description with the summary
    sentence, and the detail page would show it twice (as the lead and as the first paragraph)."""
    if not summary or not blocks or blocks[0].kind != "para":
        return blocks
    first, lead = " ".join(blocks[0].text.split()), " ".join(summary.split())
    if first in lead:  # the paragraph says nothing the summary has not said
        return blocks[1:]
    if not first.startswith(lead):
        return blocks
    rest = first[len(lead):].strip()
    return ((Block("para", rest),) if rest else ()) + blocks[1:]


def build_detail(item: TrayItem, lang: str, now: datetime, home: Point | None = None) -> Detail:
    summary = pick(item.summaries, lang)
    description = pick(item.descriptions, lang)
    today = now.date()
    locations = tuple(
        LocationView(
            name=_text(loc.names, lang),
            address=address_text(loc, lang),
            hours=hours.weekly_lines(loc.hours, lang, today),
            hours_note=_text(loc.hours_notes, lang),
            accessibility=_text(loc.accessibility, lang),
            distance_text=distance_text(nearest_m(home, points_of((loc,))), lang),
            holidays=hours.holiday_lines(loc.hours, lang, today),
            address_lang=street_language(loc, lang),
            accessibility_details=tuple((_text(loc.accessibility_details, lang) or "").splitlines()),
            accessibility_details_lang=a_lang if (a_lang := _lang_of(loc.accessibility_details, lang)) != lang else None,
        )
        for loc in item.locations
    )
    phones = tuple(
        PhoneView(
            number=phone.number,
            info=_text(phone.info, lang),
            cost_text=_phone_cost(phone.charge, _text(phone.charge_info, lang), lang),
            hours=hours.weekly_lines(phone.hours, lang, today),
            sms=phone.kind == "sms",
        )
        for phone in item.phones
    )
    card = build_card(item, lang, now, home)
    catalogue = load_programmes()
    badges = tuple(
        ProgrammeView(key, catalogue.name(key, lang), p.how(lang) if (p := catalogue.get(key)) else None)
        for key in card.programmes
    )
    return Detail(
        card=card,
        summary=summary[1] if summary else None,
        summary_lang=summary[0] if summary else None,
        blocks=without_summary(markup.parse(description[1]), summary[1] if summary else None) if description else (),
        blocks_lang=description[0] if description else None,
        cost_info=_text(item.cost_info, lang),
        locations=locations,
        phones=phones,
        web=tuple((link.title or link.url, link.url) for link in item.web),
        emails=item.emails,
        provided_by=provided_by(item, lang, now),
        item=item,
        programmes=badges,
        organiser_type=tr(lang, ORG_TYPE_TEXTS[org.type]) if (org := item.organisation) and org.type in ORG_TYPE_TEXTS else None,
    )


# --- facts for whole result sets, remembered per snapshot ----------------------------------------


@dataclass(frozen=True)
class Facts:
    id: str
    municipalities: frozenset[str]  # areas and locations' municipalities (as item_areas)
    nationwide: bool
    languages: tuple[str, ...]
    cost: str
    online: bool
    rules: tuple[OpeningRule, ...]
    points: tuple[Point, ...]
    starts_at: datetime | None
    ends_at: datetime | None


@dataclass(frozen=True)
class _Loc:
    municipality: str | None
    easting: float | None
    northing: float | None
    hours: tuple[OpeningRule, ...]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _rule(raw: dict[str, Any]) -> OpeningRule | None:
    try:
        return OpeningRule(
            weekday=raw["weekday"], opens=raw["opens"], closes=raw["closes"], kind=raw.get("kind", "open"),
            valid_from=_date(raw.get("valid_from")), valid_to=_date(raw.get("valid_to")),
            weeks=raw.get("weeks"), holiday=raw.get("holiday"),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, ValidationError):
        return None


def _locations(text: str | None) -> tuple[_Loc, ...]:
    """The stored locations (``TrayItem`` serialised form) reduced to what filters need."""
    out = []
    for raw in json.loads(text) if text else ():
        if not isinstance(raw, dict):
            continue
        rules = tuple(r for r in (_rule(h) for h in raw.get("hours", ()) if isinstance(h, dict)) if r is not None)
        e, n = raw.get("easting"), raw.get("northing")
        if isinstance(e, int | float) and isinstance(n, int | float):
            out.append(_Loc(raw.get("municipality"), float(e), float(n), rules))
        else:
            out.append(_Loc(raw.get("municipality"), None, None, rules))
    return tuple(out)


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


_IDS = "(SELECT value FROM json_each(?))"
MAX_FACTS = 20_000  # about 30 MB at most; one result set is at most 1 000 items
MAX_ITEMS = 600
MAX_CARDS = 5_000


class Memo:
    """What is remembered about one snapshot: facts of result sets, whole items for the cards on screen, and
    cards and "open today" answers of the current minute. Bounded (``MAX_*``); forgotten at once when the
    connection shows another snapshot or was written to (tests write into the trays they read)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[Any, ...] | None = None
        self.facts: dict[str, Facts] = {}
        self.items: OrderedDict[str, TrayItem] = OrderedDict()
        self.today_at: datetime | None = None
        self.today: dict[str, bool] = {}
        self.cards: dict[tuple[str, str, Point | None], Card] = {}  # for the minute ``today_at``
        self.area_counts: dict[str, dict[str, int]] = {}  # per language: activities per content area
        self.lists: OrderedDict[Any, Any] = OrderedDict()  # other pure answers about the snapshot (remember())

    def use(self, db: Database) -> None:
        """Forget everything when ``db`` is another snapshot (or was written to) since the last call."""
        file = db.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db.conn)}"
        top = db.execute("SELECT max(rowid) FROM items").fetchone()[0]
        key = (file, get_meta(db, "created_at"), top, db.conn.total_changes)
        if key != self.key:
            self.key, self.facts, self.items, self.today, self.cards = key, {}, OrderedDict(), {}, {}
            self.area_counts, self.lists = {}, OrderedDict()

    def minute(self, now: datetime) -> datetime:
        """Start a new minute: what depends on the time (open today, card statuses) is computed afresh."""
        minute = now.replace(second=0, microsecond=0)
        if self.today_at != minute:
            self.today_at, self.today, self.cards = minute, {}, {}
        return minute


MAX_LISTS = 256


def remember(tray: Tray, key: Any, compute: Callable[[], T]) -> T:
    """``compute()`` once per snapshot for ``key`` (a pure answer, such as one search's hits); the last
    :data:`MAX_LISTS` answers are kept."""
    memo = tray.memo
    with memo.lock:
        memo.use(tray.db)
        if key in memo.lists:
            memo.lists.move_to_end(key)
            return memo.lists[key]  # type: ignore[no-any-return]
    value = compute()
    with memo.lock:
        memo.lists[key] = value
        while len(memo.lists) > MAX_LISTS:
            memo.lists.popitem(last=False)
    return value


def facts_for(tray: Tray, ids: Sequence[str]) -> dict[str, Facts]:
    """Facts of the items with ``ids`` (unknown ids are left out), remembered for the snapshot."""
    db, memo = tray.db, tray.memo
    with memo.lock:
        memo.use(db)
        missing = [i for i in dict.fromkeys(ids) if i not in memo.facts]
        if missing:
            if len(memo.facts) + len(missing) > MAX_FACTS:
                memo.facts.clear()
            memo.facts.update(_read_facts(db, missing))
        return {i: memo.facts[i] for i in ids if i in memo.facts}


def _read_facts(db: Database, ids: list[str]) -> dict[str, Facts]:
    param = [json.dumps(ids)]
    areas: dict[str, set[str]] = {}
    link = "SELECT i.id, l.{0} FROM items AS i JOIN {1} AS l ON l.item_rid = i.rid WHERE i.id IN " + _IDS  # noqa: S608 - constants
    for item_id, code in db.execute(link.format("municipality", "item_areas"), param):
        areas.setdefault(item_id, set()).add(code)
    langs: dict[str, list[str]] = {}
    for item_id, code in db.execute(link.format("language", "item_languages"), param):
        langs.setdefault(item_id, []).append(code)
    rows = db.execute(
        "SELECT id, cost, online, nationwide, starts_at, ends_at, json_extract(data, '$.locations'),"  # noqa: S608
        f" json_extract(data, '$.languages') FROM items WHERE id IN {_IDS}",
        param,
    )
    out: dict[str, Facts] = {}
    for item_id, cost, online, nationwide, starts, ends, locs_json, langs_json in rows:
        locs = _locations(locs_json)
        ordered = json.loads(langs_json) if langs_json else []  # the item's own order, when stored
        codes = [c for c in ordered if c in langs.get(item_id, ())] or sorted(langs.get(item_id, ()))
        out[item_id] = Facts(
            id=item_id,
            municipalities=frozenset(areas.get(item_id, ())),
            nationwide=bool(nationwide),
            languages=tuple(codes),
            cost=cost,
            online=bool(online),
            rules=rules_of(locs),
            points=points_of(locs),
            starts_at=_dt(starts),
            ends_at=_dt(ends),
        )
    return out


def points_for(tray: Tray, ids: Sequence[str]) -> dict[str, tuple[Point, ...]]:
    """The places (EPSG:3067) of many items, read in SQLite without building their facts: enough to order a
    large candidate set by distance before the few nearest get their whole facts."""
    out: dict[str, list[Point]] = {i: [] for i in ids}
    rows = tray.db.execute(
        "SELECT i.id, json_extract(l.value, '$.easting'), json_extract(l.value, '$.northing')"  # noqa: S608
        f" FROM items i, json_each(i.data, '$.locations') l WHERE i.id IN {_IDS}",
        [json.dumps(list(ids))],
    )
    for item_id, east, north in rows:
        if isinstance(east, int | float) and isinstance(north, int | float):
            out[item_id].append((float(east), float(north)))
    return {i: tuple(points) for i, points in out.items()}


def open_today(tray: Tray, f: Facts, now: datetime) -> bool:
    """Whether the item is open now or later today; unknown hours are *not* open (remembered per minute)."""
    memo = tray.memo
    with memo.lock:
        minute = memo.minute(now)
        state = memo.today.get(f.id)
    if state is None:
        state = hours.open_today(f.rules, minute, f.starts_at, f.ends_at) is True
        with memo.lock:
            if memo.today_at == minute:
                memo.today[f.id] = state
    return state


def cards_for(tray: Tray, ids: Sequence[str], lang: str, now: datetime, home: Point | None) -> list[Card]:
    """Cards in the order of ``ids`` (unknown ids skipped); a card built this minute is reused as it is."""
    db, memo = tray.db, tray.memo
    with memo.lock:
        memo.use(db)
        minute = memo.minute(now)
        known = {i: c for i in ids if (c := memo.cards.get((i, lang, home))) is not None}
    missing = [i for i in ids if i not in known]
    if missing:
        built = {item.id: build_card(item, lang, minute, home) for item in items_for(tray, missing)}
        with memo.lock:
            if memo.today_at == minute:
                if len(memo.cards) > MAX_CARDS:
                    memo.cards.clear()
                memo.cards.update(((i, lang, home), c) for i, c in built.items())
        known.update(built)
    return [known[i] for i in ids if i in known]


def items_for(tray: Tray, ids: Sequence[str]) -> list[TrayItem]:
    """Whole items for the cards on screen (``get_items``), the most recently shown ones remembered."""
    db, memo = tray.db, tray.memo
    with memo.lock:
        memo.use(db)
        missing = [i for i in dict.fromkeys(ids) if i not in memo.items]
        for item in get_items(db, missing) if missing else ():
            memo.items[item.id] = item
        found = [memo.items[i] for i in ids if i in memo.items]
        for item in found:
            memo.items.move_to_end(item.id)
        while len(memo.items) > max(MAX_ITEMS, len(found)):
            memo.items.popitem(last=False)
        return found
