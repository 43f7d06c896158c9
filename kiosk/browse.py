"""What the screens ask of the tray: result cards with facets, details, counts, freshness, the home point.

Every function takes the :class:`~kiosk.tray.Tray` to read and, where it lists items, one
:class:`~kiosk.query.Query`. ``list_cards`` is called as the resident types, so it is built for speed:
:func:`kiosk.search.search` finds the matches of the text and the theme (in relevance order); the toggle
filters, the facets and the sorting then work on small per-item facts read with SQL from the link tables
(remembered per snapshot, :mod:`kiosk.cards`); and only the cards on screen are read whole.

Facets count the result set *before the facet's own filter*: with "free" on, the language chips still
count what choosing each language would give, and the "free" chip can be turned off again. A filter that
the data cannot answer is never a match: an item with unknown hours is not "open today", an item with an
unknown price is not "free".
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from kiosk import cards as cardmod
from kiosk import hours
from kiosk.cache import get_meta
from kiosk.cards import Facts
from kiosk.config import Config
from kiosk.geo import Point, centroid, nearest_m
from kiosk.hours import tr
from kiosk.i18n import N_
from kiosk.places import load_places
from kiosk.query import Query
from kiosk.search import SearchHit, count, search
from kiosk.tray import Tray
from kiosk.views import Card, CardPage, Detail, Facets, Freshness

BASE_LIMIT = 1000  # matches of text and theme considered for facets and sorting (search's own maximum)
CONTACT_LIMIT = 30
FIRST_LANGUAGES = ("fi", "sv", "en")


# --- collation ------------------------------------------------------------------------------------

# Finnish and Swedish alphabets end … x y z å ä ö; ü sorts as y, æ as ä, ø as ö; other accents are ignored.
_LAST = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, str]:
    """A sort key for names in Finnish/Swedish alphabet order, without the system's locale.

    Letters and digits count (punctuation and quotes are skipped), case is ignored, and the name itself
    breaks ties so that the order is stable.
    """
    folded = unicodedata.normalize("NFC", name.casefold())
    out = []
    for ch in folded:
        if ch in _LAST:
            out.append(_LAST[ch])
        elif ch.isascii():
            if ch.isalnum() or ch == " ":
                out.append(ch)
        elif ch.isalnum():
            out.append(unicodedata.normalize("NFD", ch)[0])
        elif ch.isspace():
            out.append(" ")
    return (" ".join("".join(out).split()), folded)


# --- list_cards -----------------------------------------------------------------------------------


def _home_code(tray: Tray, home: Point | None) -> str | None:
    code = get_meta(tray.db, "home_municipality")
    if code:
        return code
    return load_places().nearest(home) if home is not None else None


def _base(tray: Tray, query: Query, lang: str) -> list[SearchHit]:
    """Matches of the text and the theme: relevance order for text, name order (by search) otherwise."""
    return search(tray, Query(text=query.text, categories=query.categories), lang, limit=BASE_LIMIT)


class _Filters:
    """The active filters as predicates over facts; ``without(name)`` leaves one out for its facet."""

    def __init__(self, tray: Tray, query: Query, now: datetime) -> None:
        munis, langs = frozenset(query.municipalities), frozenset(query.given_in)
        self.tray, self.now = tray, now
        self.checks: dict[str, Callable[[Facts], bool]] = {}
        nationwide = query.include_nationwide
        if munis:
            self.checks["municipality"] = lambda f: (nationwide and f.nationwide) or not munis.isdisjoint(f.municipalities)
        if query.free:
            self.checks["free"] = lambda f: f.cost == "free"
        if langs:
            self.checks["language"] = lambda f: not langs.isdisjoint(f.languages)
        if query.online:
            self.checks["online"] = lambda f: f.online
        if query.open_today:
            self.checks["today"] = self.open_today

    def open_today(self, f: Facts) -> bool:
        return cardmod.open_today(self.tray, f, self.now)

    def passes(self, f: Facts, without: str | None = None) -> bool:
        return all(check(f) for name, check in self.checks.items() if name != without)


def _facets(facts: Sequence[Facts], flt: _Filters, query: Query, lang: str, home_code: str | None,
            matched: Sequence[Facts]) -> Facets:
    places = load_places()
    munis: Counter[str] = Counter()
    nationwide = 0
    langs: Counter[str] = Counter()
    free = online = today = 0
    for f in facts:
        if flt.passes(f, "municipality"):
            if f.nationwide:  # offered in every municipality: each chip would find it
                nationwide += 1
                for code in f.municipalities:
                    munis[code] += 0
            else:
                munis.update(f.municipalities)
        if flt.passes(f, "language"):
            langs.update(f.languages)
        free += f.cost == "free" and flt.passes(f, "free")
        online += f.online and flt.passes(f, "online")
        today += flt.passes(f, "today") and flt.open_today(f)
    for code in query.municipalities:
        munis.setdefault(code, 0)
    for code in query.given_in:
        langs.setdefault(code, 0)
    muni_rows = [(code, places.name(code, lang), n + nationwide) for code, n in munis.items()]
    muni_rows.sort(key=lambda row: (row[0] != home_code, name_key(row[1]), row[0]))
    lang_rows = [(code, cardmod.language_name(code, lang), n) for code, n in langs.items()]
    lang_rows.sort(key=lambda row: (_lang_rank(row[0]), -row[2], name_key(row[1])))
    return Facets(
        municipalities=tuple(muni_rows),
        free=free,
        open_today=today,
        languages=tuple(lang_rows),
        online=online,
        with_location=sum(1 for f in matched if f.points),
    )


def _lang_rank(code: str) -> int:
    return FIRST_LANGUAGES.index(code) if code in FIRST_LANGUAGES else len(FIRST_LANGUAGES)


def list_cards(tray: Tray, query: Query, lang: str, now: datetime, home: Point | None, *, limit: int = 200,
               facets: bool = True) -> CardPage:
    """The cards of one result list, the number of all matches, and the facets (see the module docstring).

    ``facets=False`` (the search page needs no chips) builds only the cards shown.
    """
    if not facets and query.text.strip() and query.sort == "relevance" and not query.open_today:
        return _typed(tray, query, lang, now, home, limit)
    hits = _base(tray, query, lang)
    by_id = cardmod.facts_for(tray, [h.id for h in hits])
    facts = [by_id[h.id] for h in hits if h.id in by_id]
    flt = _Filters(tray, query, now)
    matched = [f for f in facts if flt.passes(f)]
    found = _facets(facts, flt, query, lang, _home_code(tray, home), matched)
    names = {h.id: h.name for h in hits}
    order: list[Any]
    if query.sort == "nearest":
        dist = {f.id: nearest_m(home, f.points) for f in matched}
        order = sorted(matched, key=lambda f: (dist[f.id] is None, dist[f.id] or 0.0, name_key(names[f.id])))
    elif query.sort == "name" or not query.text.strip():
        order = sorted(matched, key=lambda f: name_key(names[f.id]))
    else:
        order = matched  # search's relevance order
    total = len(matched)
    if len(hits) >= BASE_LIMIT and not query.open_today:  # more matches than were read: count them all
        total = count(tray, query)
    shown = [f.id for f in order[: max(0, limit)]]
    return CardPage(cards=tuple(cardmod.cards_for(tray, shown, lang, now, home)), total=total, facets=found)


def _typed(tray: Tray, query: Query, lang: str, now: datetime, home: Point | None, limit: int) -> CardPage:
    """Search as you type: the first ``limit`` hits in relevance order and the count, nothing more."""
    limit = max(1, limit)
    hits = search(tray, query, lang, limit=limit)
    total = len(hits) if len(hits) < limit else count(tray, query)
    return CardPage(cards=tuple(cardmod.cards_for(tray, [h.id for h in hits], lang, now, home)), total=total)


# --- other views ----------------------------------------------------------------------------------


def cards_for_ids(tray: Tray, ids: Sequence[str], lang: str, now: datetime, home: Point | None) -> list[Card]:
    """Cards in the order of ``ids``; ids no longer in the tray are skipped."""
    return cardmod.cards_for(tray, ids, lang, now, home)


def item_detail(tray: Tray, item_id: str, lang: str, now: datetime, home: Point | None = None) -> Detail | None:
    items = cardmod.items_for(tray, [item_id])
    return cardmod.build_detail(items[0], lang, now, home) if items else None


def area_counts(tray: Tray) -> dict[str, int]:
    """Items per content area."""
    rows = tray.db.execute("SELECT category, count(*) FROM item_categories GROUP BY category").fetchall()
    return {str(key): int(n) for key, n in rows}


def contact_cards(tray: Tray, lang: str, now: datetime, home: Point | None) -> list[Card]:
    """Social and health contact channels (the ``contact`` area): home municipality first, then nearest."""
    hits = search(tray, Query(categories=("contact",)), lang, limit=BASE_LIMIT)
    facts = cardmod.facts_for(tray, [h.id for h in hits])
    home_code = _home_code(tray, home)
    names = {h.id: h.name for h in hits}

    def rank(f: Facts) -> tuple[Any, ...]:
        d = nearest_m(home, f.points)
        return (home_code not in f.municipalities, not f.nationwide, d is None, d or 0.0, name_key(names[f.id]))

    chosen = sorted(facts.values(), key=rank)[:CONTACT_LIMIT]
    return cards_for_ids(tray, [f.id for f in chosen], lang, now, home)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def freshness(tray: Tray, now: datetime, stale_days: int, lang: str) -> Freshness:
    """"Tiedot päivitetty 3.11.2026", a warning when older than ``stale_days``, and the demo notice."""
    db = tray.db
    demo = get_meta(db, "demo") == "1"
    keys = ("data_date", "created_at") if demo else ("created_at", "data_date")
    created = next((t for t in (_parse_time(get_meta(db, k)) for k in keys) if t is not None), None)
    demo_text = tr(lang, N_("Example data")) if demo else None
    stale_warning = tr(lang, N_("The information may be out of date."))
    if created is None:
        return Freshness(tr(lang, N_("Update date not known")), None, True, stale_warning, demo, demo_text)
    if created.tzinfo is None and now.tzinfo is not None:
        created = created.replace(tzinfo=now.tzinfo)
    age = max(0.0, (now - created).total_seconds() / 86400.0)
    day = created.astimezone(now.tzinfo).date() if now.tzinfo else created.date()
    text = tr(lang, N_("Information updated {date}"), date=hours.long_date(day, lang))
    stale = age > stale_days
    return Freshness(text, age, stale, stale_warning if stale else None, demo, demo_text)


def home_point(tray: Tray, config: Config) -> Point | None:
    """The kiosk's own location: configured, else its home municipality's centre, else its items' mean."""
    db = tray.db
    settings = config.kiosk
    if settings.location_easting is not None and settings.location_northing is not None:
        return (float(settings.location_easting), float(settings.location_northing))
    code = config.region.home_municipality or get_meta(db, "home_municipality")
    if not code:
        return None
    centre = load_places().centre(code)
    if centre is not None:
        return centre
    ids = [r[0] for r in db.execute("SELECT item_id FROM item_areas WHERE municipality = ?", (code,))]
    points = [p for f in cardmod.facts_for(tray, ids).values() for p in f.points]
    return centroid(points)
