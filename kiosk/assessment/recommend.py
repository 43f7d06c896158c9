"""Suggestions from a resident's answers: pure, deterministic, and every one says why.

How it works (all weights are content, in the pack):

1. **Areas.** Each chosen option adds its weights to content areas; the areas are ranked by their sums
   (ties in the catalogue's order). Nothing answered → the pack's fallback areas. The contact channels are
   not suggested among the activities: they are always listed at the end.
2. **Candidates.** Per leading area, one :class:`~kiosk.query.Query` with the hard preferences (free only
   = known to be free, a language = known to be given in it, by phone or online = known to be) in the chosen
   municipality — or, without one, the kiosk's own municipality first and the whole region when it has too
   few. An unknown field never counts as a match.
3. **Order inside an area.** The soft-but-checked preferences first (a time of day the hours really cover,
   an accessibility description when asked for), then nearest to the kiosk, the soonest opening, the name.
4. **Choice.** Round robin over the leading areas, so the list is spread; one card per activity (name and
   organiser), no more than two from one organiser or one place; an item also in a *sensitive* area of the
   pack (mental wellbeing, substances) only when some answer pointed there.
5. **Reasons.** Each suggestion carries reason codes with their texts: the answer that led to it
   ("Koska kaipaat seuraa") and what the data says and the resident asked for ("Maksuton", "Lähellä:
   Kajaani", "Avoinna tänään", "Kaikukortilla", "Illalla", "Ruotsiksi").

When a safety option was chosen, ``support_first`` is true: the UI shows the support contacts before the
suggestions. The contacts (112, the crisis lines answering in the resident's language, the region's social
and health contact channels) are always part of the answer and work from the offline cache.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from kiosk import browse, hours
from kiosk import cards as cardmod
from kiosk.areas import load_areas
from kiosk.assessment.answers import Answers, Preferences, Said, chosen_options, said, support_first
from kiosk.assessment.pack import Pack
from kiosk.cards import Facts
from kiosk.geo import Point, nearest_m
from kiosk.helpnow import load_helpnow
from kiosk.hours import tr
from kiosk.i18n import N_
from kiosk.programmes import load_programmes
from kiosk.query import Query
from kiosk.search import SearchHit, search
from kiosk.views import Card

if TYPE_CHECKING:
    from kiosk.tray import Tray

DEFAULT_LIMIT = 6
MIN_LIMIT, MAX_LIMIT = 3, 8
MAX_AREAS = 4  # leading areas the list is spread over
CANDIDATES = 150  # matches read per area (then ordered by distance from their points)
CHECKED = 40  # of those, nearest first, how many get their hours and places checked
FOCUS_LIMIT = 30  # matches read per search word of an answer
MAX_FOCUS = 2  # answers per area whose words are searched (the heaviest)
MAX_WORDS = 2  # of each answer's words, the first ones
REASON_WEIGHT = 2  # an answer names itself as the reason only when it weighs this much for the area
PER_ORGANISER = 2
PER_PLACE = 2
ENOUGH_NEARBY = 3  # fewer matches than this in the kiosk's municipality: look in the whole region
NEAR_M = 20_000.0  # "Lähellä" within this distance of the kiosk
MAX_REASONS = 4
NOT_SUGGESTED = ("contact",)  # listed at the end as contacts, not among the activities
TIME_WINDOWS = {"morning": (time(6), time(12)), "afternoon": (time(12), time(17)), "evening": (time(17), time(23, 59))}

REASON_TEXTS = {
    "free": N_("Free"),
    "near": N_("Close by: {place}"),
    "online": N_("By phone or online"),
    "open_today": N_("Open today"),
    "accessible": N_("Accessibility described"),
}


@dataclass(frozen=True)
class Reason:
    code: str  # answer:<reason key> | free | near | online | open_today | accessible | programme:<key> |
    #            language:<code> | time:<window>
    text: str


@dataclass(frozen=True)
class Suggestion:
    card: Card
    area: str  # the area it is suggested for
    reasons: tuple[Reason, ...]
    municipalities: tuple[str, ...]  # codes

    @property
    def id(self) -> str:
        return self.card.id


@dataclass(frozen=True)
class Group:
    area: str
    name: str
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    text: str | None
    kind: str  # emergency | crisis | advice | region (a contact channel from the tray)
    item_id: str | None = None


@dataclass(frozen=True)
class Recommendation:
    support_first: bool
    groups: tuple[Group, ...]
    contacts: tuple[Contact, ...]
    said: tuple[Said, ...]
    areas: tuple[str, ...]  # the leading areas, best first
    narrowed: bool  # preferences were given (an empty list can be widened by dropping them)

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        return tuple(s for g in self.groups for s in g.suggestions)


# --- areas ------------------------------------------------------------------------------------------


def area_scores(pack: Pack, answers: Answers) -> dict[str, tuple[int, str | None]]:
    """Area → (sum of weights, the reason key of the answer weighing most for it). An answer names itself as
    the reason only where it matters: it weighs 2 or more for the area, or the area's sum does."""
    sums: Counter[str] = Counter()
    best: dict[str, tuple[int, str | None]] = {}
    for question, option_id in chosen_options(pack, answers):
        option = question.option(option_id)
        assert option is not None  # chosen_options keeps known options only
        for area, weight in option.areas.items():
            sums[area] += weight
            if option.reason and weight > best.get(area, (0, None))[0]:
                best[area] = (weight, option.reason)
    if not +sums:
        return {area: (w, pack.fallback_reason) for area, w in pack.fallback_areas.items()}
    return {area: (total, best.get(area, (0, None))[1] if total >= REASON_WEIGHT else None)
            for area, total in sums.items()}


def leading_areas(scores: dict[str, tuple[int, str | None]]) -> list[str]:
    order = {key: i for i, key in enumerate(load_areas().keys)}
    ranked = sorted((a for a, (s, _) in scores.items() if s > 0 and a not in NOT_SUGGESTED),
                    key=lambda a: (-scores[a][0], order.get(a, len(order))))
    strong = [a for a in ranked if scores[a][0] >= REASON_WEIGHT]  # side notes (weight 1) only when alone
    return strong or ranked


# --- candidates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    hit: SearchHit
    facts: Facts
    distance: float | None
    focus: int = 0  # the weight of the answer whose words it matched (0: none)
    reason: str | None = None  # that answer's reason key


@dataclass(frozen=True)
class _Focus:
    """An answer pointing to an area, with the words that find what fits it best ("alkoholi")."""

    weight: int
    reason: str | None
    words: tuple[str, ...]


def focuses(pack: Pack, answers: Answers, lang: str) -> dict[str, list[_Focus]]:
    """Area → the answers pointing to it that have search words, heaviest first."""
    out: dict[str, list[_Focus]] = {}
    for question, option_id in chosen_options(pack, answers):
        option = question.option(option_id)
        if option is None or not option.words_in(lang):
            continue
        for area, weight in option.areas.items():
            out.setdefault(area, []).append(_Focus(weight, option.reason, option.words_in(lang)))
    for found in out.values():
        found.sort(key=lambda f: -f.weight)
    return out


def _weight(focus: _Focus | None) -> int:
    return focus.weight if focus else 0


def _reason(focus: _Focus | None) -> str | None:
    return focus.reason if focus else None


def _query(area: str, prefs: Preferences, municipalities: tuple[str, ...], text: str = "") -> Query:
    return Query(text=text, categories=(area,), municipalities=municipalities, free=prefs.free_only,
                 given_in=(prefs.language,) if prefs.language else (), online=prefs.remote)


class _Finder:
    """Finds one area's candidates in a scope (municipalities): the answers' words first, then the area."""

    def __init__(self, tray: Tray, prefs: Preferences, lang: str, home: Point | None, home_muni: str | None) -> None:
        self.tray, self.prefs, self.lang, self.home, self.home_muni = tray, prefs, lang, home, home_muni

    def candidates(self, area: str, focus: Sequence[_Focus]) -> list[_Candidate]:
        if self.prefs.municipality:
            found = self._in(area, focus, (self.prefs.municipality,))
        else:
            found = self._in(area, focus, (self.home_muni,)) if self.home_muni else {}
            if len(found) < ENOUGH_NEARBY:
                found = self._in(area, focus, ())
        if not found:
            return []
        # order by the answers' words and the distance from points alone; whole facts for the nearest only
        points = cardmod.points_for(self.tray, list(found))
        distance = {i: nearest_m(self.home, points.get(i, ())) for i in found}
        order = sorted(found, key=lambda i: (-_weight(found[i][1]), distance[i] is None, distance[i] or 0.0))[:CHECKED]
        facts = cardmod.facts_for(self.tray, order)
        return [
            _Candidate(found[i][0], facts[i], distance[i], _weight(found[i][1]), _reason(found[i][1]))
            for i in order if i in facts
        ]

    def _in(self, area: str, focus: Sequence[_Focus], scope: tuple[str, ...]) -> dict[str, tuple[SearchHit, _Focus | None]]:
        matched: dict[str, tuple[SearchHit, _Focus | None]] = {}
        for f in focus[:MAX_FOCUS]:
            for word in f.words[:MAX_WORDS]:
                for hit in self._search(_query(area, self.prefs, scope, word), FOCUS_LIMIT):
                    matched.setdefault(hit.id, (hit, f))
        for hit in self._search(_query(area, self.prefs, scope), CANDIDATES):
            matched.setdefault(hit.id, (hit, None))
        return matched

    def _search(self, query: Query, limit: int) -> list[SearchHit]:
        """One search, remembered for the snapshot: the next resident's same answers read no index."""
        lang = self.lang
        return cardmod.remember(self.tray, ("recommend", query, lang, limit),
                                lambda: search(self.tray, query, lang, limit=limit))


def _in_window(f: Facts, window: str, now: datetime) -> bool:
    """Whether the item's hours in the next two weeks touch the time of day (unknown hours: no)."""
    start, end = TIME_WINDOWS[window]
    if f.rules:
        ivs = hours.intervals(f.rules, now.date(), now.date() + timedelta(days=14), now.tzinfo)
        return any(iv.start.time() < end and iv.end.time() > start for iv in ivs if iv.kind == "open")
    if f.starts_at is not None and f.starts_at > now:
        local = f.starts_at.astimezone(now.tzinfo)
        return start <= local.time() < end
    return False


class _Ranker:
    """Orders one area's candidates; remembers the checks it made (their reasons use them again)."""

    def __init__(self, tray: Tray, prefs: Preferences, lang: str, now: datetime, home: Point | None) -> None:
        self.tray, self.prefs, self.lang, self.now, self.home = tray, prefs, lang, now, home
        self.in_window: dict[str, bool] = {}
        self.accessible: dict[str, bool] = {}

    def check(self, candidates: list[_Candidate]) -> list[_Candidate]:
        prefs = self.prefs
        if prefs.time_of_day:
            for c in candidates:
                self.in_window[c.hit.id] = _in_window(c.facts, prefs.time_of_day, self.now)
        if prefs.accessible:
            built = cardmod.cards_for(self.tray, [c.hit.id for c in candidates], self.lang, self.now, self.home)
            self.accessible.update((card.id, bool(card.accessibility)) for card in built)
        never = datetime.max.replace(tzinfo=self.now.tzinfo)

        def key(c: _Candidate) -> tuple[object, ...]:
            return (
                prefs.time_of_day is not None and not self.in_window.get(c.hit.id, False),
                prefs.accessible and not self.accessible.get(c.hit.id, False),
                -c.focus,
                c.distance is None,
                c.distance or 0.0,
                browse.next_opening(c.facts, self.now) or never,
                browse.name_key(c.hit.name),
            )

        return sorted(candidates, key=key)


# --- choosing -----------------------------------------------------------------------------------------


def _place_key(f: Facts) -> tuple[int, int] | None:
    if not f.points:
        return None
    east, north = f.points[0]
    return (round(east / 100), round(north / 100))  # one building, within about 100 m


class _Picker:
    """Round robin over the areas with the diversity rules: one card per activity, two per organiser or place."""

    def __init__(self, unasked: frozenset[str] = frozenset()) -> None:
        self.unasked = unasked  # sensitive areas no answer pointed to: their items are not suggested
        self.chosen: list[tuple[str, _Candidate]] = []
        self.activities: set[tuple[str, str]] = set()
        self.organisers: Counter[str] = Counter()
        self.places: Counter[tuple[int, int]] = Counter()

    def take(self, area: str, queue: list[_Candidate]) -> bool:
        while queue:
            c = queue.pop(0)
            activity = (c.hit.name.casefold(), (c.hit.organisation or "").casefold())
            organiser = (c.hit.organisation or "").casefold()
            place = _place_key(c.facts)
            if activity in self.activities or any(c.hit.id == d.hit.id for _, d in self.chosen):
                continue
            if self.unasked.intersection(c.hit.categories):
                continue
            if organiser and self.organisers[organiser] >= PER_ORGANISER:
                continue
            if place is not None and self.places[place] >= PER_PLACE:
                continue
            self.chosen.append((area, c))
            self.activities.add(activity)
            if organiser:
                self.organisers[organiser] += 1
            if place is not None:
                self.places[place] += 1
            return True
        return False


def _pick(queues: dict[str, list[_Candidate]], areas: Sequence[str], limit: int,
          unasked: frozenset[str] = frozenset()) -> list[tuple[str, _Candidate]]:
    picker = _Picker(unasked)
    live = [a for a in areas if queues.get(a)]
    while live and len(picker.chosen) < limit:
        for area in list(live):
            if len(picker.chosen) >= limit:
                break
            if not picker.take(area, queues[area]):
                live.remove(area)
    return picker.chosen


# --- reasons ------------------------------------------------------------------------------------------


class _Reasons:
    def __init__(self, pack: Pack, scores: dict[str, tuple[int, str | None]], prefs: Preferences,
                 ranker: _Ranker, lang: str, near_code: str | None, focused: set[str]) -> None:
        self.pack, self.scores, self.prefs, self.ranker, self.lang = pack, scores, prefs, ranker, lang
        self.near_code, self.focused = near_code, focused

    def of(self, area: str, c: _Candidate, card: Card) -> tuple[Reason, ...]:
        out: list[Reason] = []
        # the answer that led here: the one whose words the item matched; an area reached only by answers
        # without words takes its heaviest answer's reason; an item that matched no words claims none
        key = c.reason or (None if area in self.focused else self.scores.get(area, (0, None))[1])
        if key:
            out.append(Reason(f"answer:{key}", self.pack.reason_text(key, self.lang)))
        out += self._preferred(c)
        out += self._data(c, card)
        return tuple(out[:MAX_REASONS])

    def _preferred(self, c: _Candidate) -> list[Reason]:
        prefs, out = self.prefs, []
        if prefs.time_of_day and self.ranker.in_window.get(c.hit.id):
            out.append(Reason(f"time:{prefs.time_of_day}", self._choice_label("time_of_day", prefs.time_of_day)))
        if prefs.language and prefs.language in c.facts.languages:
            out.append(Reason(f"language:{prefs.language}", self._choice_label("language", prefs.language)))
        if prefs.accessible and self.ranker.accessible.get(c.hit.id):
            out.append(Reason("accessible", tr(self.lang, REASON_TEXTS["accessible"])))
        return out

    def _data(self, c: _Candidate, card: Card) -> list[Reason]:
        lang, out = self.lang, []
        if c.facts.cost == "free":
            out.append(Reason("free", tr(lang, REASON_TEXTS["free"])))
        place = self._near(c, card)
        if place:
            out.append(Reason("near", tr(lang, REASON_TEXTS["near"], place=place)))
        elif c.facts.online and not self.prefs.remote:
            out.append(Reason("online", tr(lang, REASON_TEXTS["online"])))
        if card.open_now is not None and card.status and cardmod.open_today(self.ranker.tray, c.facts, self.ranker.now):
            out.append(Reason("open_today", tr(lang, REASON_TEXTS["open_today"])))
        catalogue = load_programmes()
        for key in card.programmes:
            programme = catalogue.get(key)
            if programme is not None:
                out.append(Reason(f"programme:{key}", programme.chip(lang)))
        return out

    def _near(self, c: _Candidate, card: Card) -> str | None:
        if c.facts.nationwide or not card.municipality:
            return None
        if (c.distance is not None and c.distance <= NEAR_M) or (self.near_code in c.facts.municipalities):
            return card.municipality
        return None

    def _choice_label(self, pref_id: str, value: str) -> str:
        pref = self.pack.preference(pref_id)
        choice = next((v for v in pref.values if v.id == value), None) if pref else None
        return choice.label(self.lang) if choice else value


# --- contacts -----------------------------------------------------------------------------------------


def contacts(tray: Tray, lang: str, now: datetime, home: Point | None) -> tuple[Contact, ...]:
    """112, the crisis lines (those answering in ``lang`` first), then the region's contact channels."""
    helpnow = load_helpnow()
    lines = [helpnow.emergency]
    lines += [line for line in helpnow.of_kind("crisis") if lang in line.languages]
    lines += [line for line in helpnow.of_kind("crisis") if line not in lines]
    out = [Contact(line.name(lang), line.phone, line.text(lang), line.kind) for line in lines]
    for card in browse.contact_cards(tray, lang, now, home):
        if card.phone:
            out.append(Contact(card.name, card.phone, card.municipality, "region", card.id))
    return tuple(out)


# --- the whole answer ---------------------------------------------------------------------------------


def recommend(tray: Tray, pack: Pack, answers: Answers, lang: str, now: datetime, home: Point | None, *,
              limit: int = DEFAULT_LIMIT) -> Recommendation:
    """Suggestions for ``answers``: ``limit`` (3–8) items grouped by area, with reasons and the contacts."""
    limit = max(MIN_LIMIT, min(MAX_LIMIT, limit))
    prefs = answers.preferences
    scores = area_scores(pack, answers)
    ranked = leading_areas(scores)
    home_muni = browse.home_code(tray, home)
    ranker = _Ranker(tray, prefs, lang, now, home)
    finder, focus = _Finder(tray, prefs, lang, home, home_muni), focuses(pack, answers, lang)
    queues: dict[str, list[_Candidate]] = {}
    for area in ranked:  # the leading areas that have something here (a small municipality may lack some)
        found = finder.candidates(area, focus.get(area, []))
        if found:
            queues[area] = ranker.check(found)
        if len(queues) == MAX_AREAS:
            break
    areas = list(queues)
    unasked = frozenset(a for a in pack.sensitive if scores.get(a, (0, None))[0] <= 0)
    picked = _pick(queues, areas, limit, unasked)
    cards = {c.id: c for c in cardmod.cards_for(tray, [c.hit.id for _, c in picked], lang, now, home)}
    reasons = _Reasons(pack, scores, prefs, ranker, lang, prefs.municipality or home_muni, set(focus))
    catalogue = load_areas()
    groups = []
    for area in areas:
        members = tuple(
            Suggestion(cards[c.hit.id], area, reasons.of(area, c, cards[c.hit.id]), tuple(sorted(c.facts.municipalities)))
            for a, c in picked if a == area and c.hit.id in cards
        )
        if members:
            groups.append(Group(area, catalogue.name(area, lang), members))
    return Recommendation(
        support_first=support_first(pack, answers),
        groups=tuple(groups),
        contacts=contacts(tray, lang, now, home),
        said=said(pack, answers, lang),
        areas=tuple(areas),
        narrowed=not prefs.is_empty(),
    )


__all__ = ["Contact", "Group", "Reason", "Recommendation", "Suggestion", "area_scores", "contacts",
           "leading_areas", "recommend"]
