"""What the screens ask of the tray: result cards with facets, details, counts, freshness, the home point.

Every function takes the :class:`~kiosk.tray.Tray` to read and, where it lists items, one
:class:`~kiosk.query.Query`. ``list_cards`` is called as the resident types, so it is built for speed:
:func:`kiosk.search.search` finds the matches of the text and the theme (in relevance order); the toggle
filters, the facets and the sorting then work on small per-item facts read with SQL from the link tables
(remembered per snapshot, :mod:`kiosk.cards`); and only the cards on screen are read whole.

Without words, a list is ordered nearest to the kiosk first (then the soonest next opening, then by name);
with words, by relevance. One activity offered at many places (the same name and organiser, case-folded) is
one card: the nearest of them, saying how many other places offer it (``Card.other_places``). The total and
every facet count cards, not items, so that a chip's number is what choosing it shows (beyond 1 000
matches, which are not all read, the total counts items). Search as you type (``facets=False``) lists the
items themselves, in relevance order.

Facets count the result set *before the facet's own filter*: with "free" on, the language chips still
count what choosing each language would give, and the "free" chip can be turned off again. A filter that
the data cannot answer is never a match: an item with unknown hours is not "open today", an item with an
unknown price is not "free".
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from kiosk import cards as cardmod
from kiosk import hours
from kiosk.cache import get_meta
from kiosk.cards import Facts
from kiosk.config import Config
from kiosk.geo import Point, centroid, nearest_m
from kiosk.hours import tr
from kiosk.i18n import N_
from kiosk.model import pick
from kiosk.places import load_places
from kiosk.query import Query
from kiosk.search import COUNT_CAP, SearchHit, count, search, search_ids, suggestion
from kiosk.tray import Tray
from kiosk.views import Card, CardPage, Detail, Facets, Freshness

BASE_LIMIT = 1000  # matches of text and theme considered for facets and sorting (search's own maximum)
CONTACT_LIMIT = 30
CONTACT_READ = 200  # contact channels read in the home municipality before ranking
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


def home_code(tray: Tray, home: Point | None) -> str | None:
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
            matched: Sequence[Facts], group: dict[str, Any]) -> Facets:
    """The chips' counts, in cards: a repeated activity (one ``group`` key) counts once per chip."""
    places = load_places()
    munis: dict[str, set[Any]] = {}
    nationwide: set[Any] = set()
    langs: dict[str, set[Any]] = {}
    free: set[Any] = set()
    online: set[Any] = set()
    today: set[Any] = set()
    for f in facts:
        key = group[f.id]
        if flt.passes(f, "municipality"):
            if f.nationwide:  # offered in every municipality: each chip would find it
                nationwide.add(key)
            for code in f.municipalities:
                munis.setdefault(code, set()).add(key)
        if flt.passes(f, "language"):
            for code in f.languages:
                langs.setdefault(code, set()).add(key)
        if f.cost == "free" and flt.passes(f, "free"):
            free.add(key)
        if f.online and flt.passes(f, "online"):
            online.add(key)
        if flt.passes(f, "today") and flt.open_today(f):
            today.add(key)
    for code in query.municipalities:
        munis.setdefault(code, set())
    for code in query.given_in:
        langs.setdefault(code, set())
    muni_rows = [(code, places.name(code, lang), len(keys | nationwide)) for code, keys in munis.items()]
    muni_rows.sort(key=lambda row: (row[0] != home_code, name_key(row[1]), row[0]))
    lang_rows = [(code, cardmod.language_name(code, lang), len(keys)) for code, keys in langs.items()]
    lang_rows.sort(key=lambda row: (_lang_rank(row[0]), -row[2], name_key(row[1])))
    return Facets(
        municipalities=tuple(muni_rows),
        free=len(free),
        open_today=len(today),
        languages=tuple(lang_rows),
        online=len(online),
        with_location=len({group[f.id] for f in matched if f.points}),
    )


def _lang_rank(code: str) -> int:
    return FIRST_LANGUAGES.index(code) if code in FIRST_LANGUAGES else len(FIRST_LANGUAGES)


def list_cards(tray: Tray, query: Query, lang: str, now: datetime, home: Point | None, *, limit: int = 200,
               facets: bool = True) -> CardPage:
    """The cards of one result list, the number of cards in all, and the facets (see the module docstring).

    ``facets=False`` (the search page needs no chips) builds only the cards shown.
    """
    if not facets and query.text.strip() and query.sort == "relevance" and not query.open_today:
        return _typed(tray, query, lang, now, home, limit)
    hits = _base(tray, query, lang)
    by_id = cardmod.facts_for(tray, [h.id for h in hits])
    facts = [by_id[h.id] for h in hits if h.id in by_id]
    group = {h.id: (h.name.casefold(), (h.organisation or "").casefold()) for h in hits}
    flt = _Filters(tray, query, now)
    matched = [f for f in facts if flt.passes(f)]
    found = _facets(facts, flt, query, lang, home_code(tray, home), matched, group)
    names = {h.id: h.name for h in hits}
    dist = {f.id: nearest_m(home, f.points) for f in matched}
    order: list[Facts]
    if query.sort == "nearest" or (query.sort == "relevance" and not query.text.strip()):
        order = _nearest_first(matched, dist, names, now)
    elif query.sort == "name":
        order = sorted(matched, key=lambda f: name_key(names[f.id]))
    else:
        order = matched  # search's relevance order
    cards = _grouped(order, group, dist)
    total = len(cards)
    if len(hits) >= BASE_LIMIT and not query.open_today:  # more matches than were read: count them all (items)
        total = count(tray, query, lang)
    shown = cards[: max(0, limit)]
    built = cardmod.cards_for(tray, [f.id for f, _ in shown], lang, now, home)
    others = {f.id: n for f, n in shown}
    return CardPage(
        cards=tuple(replace(c, other_places=others[c.id]) if others.get(c.id) else c for c in built),
        total=total,
        facets=found,
        suggestion=suggestion(tray, query, lang),
    )


def _nearest_first(matched: Sequence[Facts], dist: dict[str, float | None], names: dict[str, str],
                   now: datetime) -> list[Facts]:
    """Nearest to the kiosk first (items without a place last), then the soonest next opening, then by name.

    The next opening decides between items at the same distance (the activities of one place, or items with
    no place), and is worked out only for those.
    """
    def near(f: Facts) -> tuple[bool, float]:
        d = dist[f.id]
        return (d is None, d or 0.0)

    shared = Counter(near(f) for f in matched)
    never = datetime.max.replace(tzinfo=now.tzinfo)

    def key(f: Facts) -> tuple[Any, ...]:
        soonest = next_opening(f, now) if shared[near(f)] > 1 else None
        return (*near(f), soonest or never, name_key(names[f.id]))

    return sorted(matched, key=key)


def next_opening(f: Facts, now: datetime) -> datetime | None:
    """When the item is next open (``now`` when it is open now), within two weeks; an event's start."""
    if f.rules:
        ivs = hours.intervals(f.rules, now.date() - timedelta(days=1), now.date() + timedelta(days=14), now.tzinfo)
        return next((max(iv.start, now) for iv in ivs if iv.kind == "open" and iv.end > now), None)
    if f.starts_at is not None and (f.ends_at or f.starts_at) > now:
        return max(f.starts_at, now)
    return None


def _grouped(order: Sequence[Facts], group: dict[str, Any], dist: dict[str, float | None]) -> list[tuple[Facts, int]]:
    """One card per activity: items with the same name and organiser (case-folded) become the card of the
    nearest of them, at the place of the group's first item in ``order``, with how many others there are."""
    members: dict[Any, list[Facts]] = {}
    for f in order:
        members.setdefault(group[f.id], []).append(f)
    out = []
    for same in members.values():
        nearest = min(same, key=lambda f: (dist[f.id] is None, dist[f.id] or 0.0)) if len(same) > 1 else same[0]
        out.append((nearest, len(same) - 1))
    return out


def _typed(tray: Tray, query: Query, lang: str, now: datetime, home: Point | None, limit: int) -> CardPage:
    """Search as you type: the first ``limit`` hits in relevance order and the count, nothing more (items are
    not grouped here: that needs every match)."""
    limit = max(1, limit)
    ids = search_ids(tray, query, lang, limit=limit)
    cap = max(COUNT_CAP, limit)  # counted up to here only: beyond it the page says "1000+" (CardPage.more)
    total = len(ids) if len(ids) < limit else count(tray, query, lang, cap=cap)
    cards = tuple(cardmod.cards_for(tray, ids, lang, now, home))
    return CardPage(cards=cards, total=min(total, cap), more=total > cap, suggestion=suggestion(tray, query, lang))


# --- other views ----------------------------------------------------------------------------------


def cards_for_ids(tray: Tray, ids: Sequence[str], lang: str, now: datetime, home: Point | None) -> list[Card]:
    """Cards in the order of ``ids``; ids no longer in the tray are skipped."""
    return cardmod.cards_for(tray, ids, lang, now, home)


def item_detail(tray: Tray, item_id: str, lang: str, now: datetime, home: Point | None = None) -> Detail | None:
    items = cardmod.items_for(tray, [item_id])
    return cardmod.build_detail(items[0], lang, now, home) if items else None


def area_counts(tray: Tray, lang: str | None = None) -> dict[str, int]:
    """Items per content area; with ``lang``, activities — repeats of one activity (same name and organiser
    in ``lang``) counted once, as the theme's list shows them, so a tile and its list say the same number.
    Worked out once per snapshot and language."""
    if lang is None:
        rows = tray.db.execute("SELECT category, count(*) FROM item_categories GROUP BY category").fetchall()
        return {str(key): int(n) for key, n in rows}
    memo = tray.memo
    with memo.lock:
        memo.use(tray.db)
        known = memo.area_counts.get(lang)
    if known is not None:
        return dict(known)
    groups: dict[str, set[tuple[str, str]]] = {}
    joined = tray.db.execute(
        "SELECT c.category, i.names, i.organisation FROM item_categories c JOIN items i ON i.rid = c.item_rid"
    )
    for category, names, organisation in joined:
        name = pick(json.loads(names), lang)
        org = pick(json.loads(organisation).get("names", {}), lang) if organisation else None
        key = ((name[1] if name else "").casefold(), (org[1] if org else "").casefold())
        groups.setdefault(str(category), set()).add(key)
    counts = {key: len(members) for key, members in groups.items()}
    with memo.lock:
        memo.area_counts[lang] = counts
    return dict(counts)


def contact_cards(tray: Tray, lang: str, now: datetime, home: Point | None) -> list[Card]:
    """Social and health contact channels (the ``contact`` area): home municipality first, then nearest."""
    home_muni = home_code(tray, home)
    # the kiosk's own municipality first (and nationwide channels); the whole region only when it has too few
    hits = search(tray, Query(categories=("contact",), municipalities=(home_muni,)), lang, limit=CONTACT_READ) \
        if home_muni else []
    if len(hits) < CONTACT_LIMIT:
        hits = search(tray, Query(categories=("contact",)), lang, limit=BASE_LIMIT)
    facts = cardmod.facts_for(tray, [h.id for h in hits])
    names = {h.id: h.name for h in hits}

    def rank(f: Facts) -> tuple[Any, ...]:
        d = nearest_m(home, f.points)
        return (home_muni not in f.municipalities, not f.nationwide, d is None, d or 0.0, name_key(names[f.id]))

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
    ids = [r[0] for r in db.execute(
        "SELECT i.id FROM item_areas AS a JOIN items AS i ON i.rid = a.item_rid WHERE a.municipality = ?", (code,)
    )]  # fmt: skip
    points = [p for f in cardmod.facts_for(tray, ids).values() for p in f.points]
    return centroid(points)
