"""Search and browse over a snapshot: free text (FTS5 over Voikko/Snowball analyses) and filters.

``search(tray, Query(text="kuntosalille", municipalities=("205",), free=True), "fi", limit=20)`` returns a
page of :class:`SearchHit`; ``count`` the number of all matches. Empty text browses (filters only, by name).
``open_today`` and ``sort`` are not answered here: :mod:`kiosk.browse` applies them to the matches.

What the text is searched as — whole words with their analyses and synonyms, then words that hold a word
inside them, then (when nothing matches) the text with a typo corrected — is :mod:`kiosk.queryplan`'s
:class:`~kiosk.queryplan.Plan`; here its tiers are ranked: every whole-word match before any match
inside a word. ``suggestion`` says when the typo tier answered ("Tarkoititko …?").

Speed (search-as-you-type over 50 000 items): the page of rids is chosen first — FTS5 ``MATCH``, with
the filters as one set of rids built once per filter combination (see :class:`FilterSets`) — and
only then are the ≤ ``limit`` rows' names and summaries read and decoded. Broad prefixes are not
scored (see :data:`WINDOW`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from kiosk.cache.schema import FTS_WEIGHTS
from kiosk.model import pick
from kiosk.query import Query
from kiosk.queryplan import MAX_TOKEN_LENGTH, MAX_TOKENS, Plan, Plans, fts_query, tokens_of

__all__ = [
    "COUNT_CAP", "MAX_TOKENS", "MAX_TOKEN_LENGTH", "FilterSets", "MatchCounts", "Plans", "SearchHit", "count", "fts_query", "search", "search_ids", "suggestion",
    "tokens_of",
]
if TYPE_CHECKING:
    from kiosk.tray import Tray

MAX_LIMIT = 1000
# The search page counts matches up to here and says "1000+" beyond (see :func:`count`'s ``cap``): counting
# every match of a short prefix in a large region cost as much as the search itself.
COUNT_CAP = 1000
WEIGHTS = FTS_WEIGHTS  # bm25 column weights (names, body, stems), the FTS table's ``rank``


@dataclass(frozen=True)
class SearchHit:
    id: str
    name: str
    name_lang: str
    summary: str | None
    categories: tuple[str, ...]
    municipalities: tuple[str, ...]
    cost: str
    organisation: str | None
    score: float  # higher is better; 0.0 when browsing


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")"


def _filter_key(query: Query) -> tuple[Any, ...] | None:
    nationwide = query.include_nationwide and bool(query.municipalities)
    key = (query.categories, query.municipalities, nationwide, query.given_in, query.free, query.online)
    return key if any(key) else None


def _filter_select(query: Query) -> tuple[str, list[Any]]:
    """One SELECT of the rids of the items that pass every filter, with its parameters.

    The fragments hold only constant SQL and ``?`` placeholders; each reads a link table or a small
    partial index of ``items``.
    """
    parts: list[str] = []
    params: list[Any] = []
    for values, table, column in (
        (query.categories, "item_categories", "category"),
        (query.municipalities, "item_areas", "municipality"),
        (query.given_in, "item_languages", "language"),
    ):
        if values:
            sub = f"SELECT item_rid FROM {table} WHERE {column} IN {_in(values)}"  # noqa: S608
            if table == "item_areas" and query.include_nationwide:
                sub += " UNION SELECT rid FROM items WHERE nationwide = 1"
            parts.append(sub)
            params.extend(values)
    if query.free:
        parts.append("SELECT rid FROM items WHERE cost = 'free'")
    if query.online:
        parts.append("SELECT rid FROM items WHERE online = 1")
    return " INTERSECT ".join(f"SELECT * FROM ({p})" for p in parts), params  # noqa: S608


@dataclass(frozen=True)
class _FilterSet:
    rids: frozenset[int]
    json: str  # the sorted rids as a JSON array, for ``IN (SELECT value FROM json_each(?))``
    version: tuple[int, int]
    # at least 1/DENSE of the items pass: the matches are then checked against ``rids`` as they are read
    # (a page of 20 reads about DENSE × 20 of them) instead of sending the JSON array with the query
    # (SQLite parses it into a temporary index each time: 2–3 ms for the third of a 50 000-item tray)
    dense: bool = False


DENSE = 8


class FilterSets:
    """The rid sets of the last few filter combinations of one snapshot handle (a :class:`~kiosk.tray.Tray`).

    A resident types with the same filters on, so each keystroke reuses the set instead of rebuilding it
    from the link tables (a few milliseconds on a large region). An entry is valid while the connection's
    ``total_changes`` (its own writes) and ``PRAGMA data_version`` (other connections' commits) are as
    they were when it was built. Nothing is written to the connection (no temp tables). Kept on the tray
    handle, so it lives and dies with the connection it describes.
    """

    SLOTS = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[Any, ...], _FilterSet] = {}

    def get(self, db: Database, query: Query) -> _FilterSet | None:
        """The rids of the items that pass ``query``'s filters, or ``None`` when it has none."""
        key = _filter_key(query)
        if key is None:
            return None
        version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        with self._lock:
            entry = self._entries.pop(key, None)
        if entry is None or entry.version != version:
            select, params = _filter_select(query)
            rids = sorted(r[0] for r in db.execute(select, params))
            everything = db.execute("SELECT count(*) FROM items").fetchone()[0]
            entry = _FilterSet(frozenset(rids), json.dumps(rids), version, len(rids) * DENSE >= everything)
        with self._lock:
            self._entries[key] = entry  # most recently used last
            while len(self._entries) > self.SLOTS:
                self._entries.pop(next(iter(self._entries)))
        return entry

    def __len__(self) -> int:
        return len(self._entries)


IN_JSON = " AND +rowid IN (SELECT value FROM json_each(?))"


def _passing(db: Database, sql: str, params: list[Any], filters: _FilterSet | None, limit: int,
             order: str = "") -> list[int]:
    """The first ``limit`` rids of ``sql`` (a SELECT of one rid column, ``WHERE`` included; ``order`` its
    ORDER BY) that pass ``filters``: checked in the query for a small filter set, as they are read for a
    dense one (see :attr:`_FilterSet.dense`). The same rids in the same order either way."""
    if filters is None:
        return [r[0] for r in db.execute(sql + order + " LIMIT ?", [*params, limit])]
    if not filters.dense:
        return [r[0] for r in db.execute(sql + IN_JSON + order + " LIMIT ?", [*params, filters.json, limit])]
    out: list[int] = []
    if limit <= 0:
        return out
    rids = filters.rids
    for (rid,) in db.execute(sql + order, params):
        if rid in rids:
            out.append(rid)
            if len(out) >= limit:
                break
    return out


class MatchCounts:
    """How many items the last few MATCH expressions found in all, counted up to :data:`COUNT_CAP` + 1
    (``COUNT_CAP + 1`` means "more than the cap"), without filters; of one snapshot handle.

    A keystroke's search counts its first level (the words as typed) anyway, to choose between scoring
    and tiers (see :func:`_broad`); a later :func:`count` of the same text reads that figure instead of
    merging the prefix's doclists again: when the first level alone finds more than the cap, so does every
    later level (each finds what the one before finds and more). Counts of ``names_fts`` are kept too. Valid while ``total_changes`` and ``PRAGMA data_version``
    are as they were, like :class:`FilterSets`.
    """

    SLOTS = 32
    TABLES = ("items_fts", "names_fts")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], int]] = {}

    def at_most(self, db: Database, match: str, table: str = "items_fts") -> int:
        """The number of matches of ``match`` in ``table`` (``items_fts`` or ``names_fts``), counted up to
        ``COUNT_CAP + 1``."""
        assert table in self.TABLES
        version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        with self._lock:
            known = self._entries.pop((table, match), None)
        if known is None or known[0] != version:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)"  # noqa: S608
            known = (version, int(db.execute(sql, (match, COUNT_CAP + 1)).fetchone()[0]))
        self._keep((table, match), known)
        return known[1]

    def note(self, db: Database, match: str, n: int) -> None:
        """Record ``n`` (≤ ``COUNT_CAP + 1``) as the capped count of ``match`` in ``items_fts``, known otherwise."""
        version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        self._keep(("items_fts", match), (version, min(n, COUNT_CAP + 1)))

    def _keep(self, key: tuple[str, str], entry: tuple[tuple[int, int], int]) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = entry  # most recently used last
            while len(self._entries) > self.SLOTS:
                self._entries.pop(next(iter(self._entries)))

    def known(self, db: Database, match: str) -> int | None:
        """The count of ``match`` in ``items_fts`` when it was counted on this version of the snapshot, else
        ``None``."""
        version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        with self._lock:
            entry = self._entries.get(("items_fts", match))
        return entry[1] if entry is not None and entry[0] == version else None

# A text search first reads up to WINDOW matches (in index order, without scores, without filters).
# When that is all of them, the ones that pass the filters are ranked exactly by bm25 (``rank``). When
# there are more (a short prefix in a large region), scoring would cost far more than the budget —
# bm25 first counts every phrase's documents, and then scores each match — so the page is built in two
# tiers instead, with no scoring at all: first every item whose *name* matches (read from
# ``names_fts``, whose doclists hold names only) — names that begin with the first word first, by name,
# then the others in index order; then the other matches of a window of filtered matches, by name.
# Tier hits score 1/(1 + place). A broad later level (synonyms, words inside words) is likewise not scored:
# its new matches in a window come by name (see :func:`_scored`).
WINDOW = 500


def _ranked(rows: list[tuple[int, float]]) -> list[tuple[int, float]]:
    return sorted(((rid, -rank) for rid, rank in rows), key=lambda r: (-r[1], r[0]))


def _by_name(db: Database, rids: list[int]) -> list[int]:
    if not rids:
        return []
    sql = "SELECT rid FROM items WHERE rid IN (SELECT value FROM json_each(?)) ORDER BY sort_name, id"
    return [r[0] for r in db.execute(sql, (json.dumps(rids),))]


SHORT_WORD = 2  # letters


def _named_check(plan: Plan) -> str:
    """The condition "the item's name matches" (``names_fts MATCH ?``) for a walk of the sort index.

    One word of one or two letters: a name that begins with it nearly always matches, so each row of the walk
    is looked up in ``names_fts`` by its rowid and the walk stops at the page's end (a first letter at
    200 000 items: 0.4 ms instead of 16 ms for the set of every name with a word beginning with it).
    Otherwise the name matches are read once into a set: the rows beginning with the first of several words
    may mostly miss the others, and a longer word's lookup has no prefix index to seek in (``names_fts`` has
    them up to 6 letters, and an analysis may be longer), so each row's lookup would merge its terms again."""
    if len(plan.tokens) == 1 and len(plan.tokens[0]) <= SHORT_WORD:
        return " AND EXISTS (SELECT 1 FROM names_fts WHERE names_fts MATCH ? AND rowid = items.rid)"
    return " AND rid IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?)"


def _tiers(db: Database, plan: Plan, filters: _FilterSet | None, need: int) -> list[int]:
    assert plan.strict is not None and plan.names is not None
    named_sql = "SELECT rowid FROM names_fts WHERE names_fts MATCH ?"
    # names that begin with the first word, in name order (a walk of that range of the sort index) ...
    first = plan.tokens[0]
    begins = _passing(
        db,
        "SELECT rid FROM items INDEXED BY items_sort_name WHERE sort_name >= ? AND sort_name < ?"  # noqa: S608
        + _named_check(plan),
        [first, first + "\U0010ffff", plan.names],
        filters,
        need,
        " ORDER BY sort_name, id",
    )
    # ... then the other name matches in index order, then the other matches of a window, by name
    named = _passing(db, named_sql, [plan.names], filters, need + len(begins))
    seen = set(begins)
    ranked = begins + [rid for rid in named if rid not in seen][: max(0, need - len(begins))]
    if len(ranked) >= need:
        return ranked
    sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
    window = _passing(db, sql, [plan.match], filters, WINDOW + len(ranked))
    seen.update(ranked)
    return ranked + _by_name(db, [rid for rid in window if rid not in seen])


def _scored(tray: Tray, match: str, filters: _FilterSet | None, skip: set[int],
            names: str | None = None) -> list[tuple[int, float]]:
    """The matches of ``match`` (at most WINDOW of them) that pass the filters and are not in ``skip``: ranked
    by bm25 when the level has at most WINDOW matches in all, else (a broad level) unscored (0.0): first
    the items whose name matches (``names``, the level over ``names_fts``), by name, then the others of a
    window, by name.

    bm25 first counts every phrase's documents; for a broad level of many prefixes (a long word's synonyms at
    200 000 items) that cost 20 ms, and it would rank an arbitrary window of the matches anyway. The matches
    are read up to the count cap, so the level's capped count is noted for :func:`count` on the way."""
    db = tray.db
    sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?"
    found = [r[0] for r in db.execute(sql, (match, max(COUNT_CAP, WINDOW) + 1))]
    tray.match_counts.note(db, match, len(found))
    window = [rid for rid in found[:WINDOW] if rid not in skip and (filters is None or rid in filters.rids)]
    if not window:
        return []
    if len(found) > WINDOW:
        named: list[int] = []
        if names is not None:
            named_sql = "SELECT rowid FROM names_fts WHERE names_fts MATCH ?"
            named = [rid for rid in _passing(db, named_sql, [names], filters, WINDOW) if rid not in skip]
        first = set(named)
        return [(rid, 0.0) for rid in _by_name(db, named) + _by_name(db, [r for r in window if r not in first])]
    sql = "SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ?" + IN_JSON  # noqa: S608
    return _ranked(db.execute(sql, (match, json.dumps(window))).fetchall())


def _broad(tray: Tray, plan: Plan) -> bool:
    """Whether the first level finds more than WINDOW items.

    Asked of ``names_fts`` first: its matches are a part of the first level's (the same names and the same
    analyses of them), its doclists are short and it has prefix indexes up to 6 letters, so for a broad
    prefix ("liiku") the answer costs well under a millisecond instead of merging every ``items_fts``
    doclist of the prefix (about 100 ms at 200 000 items). Otherwise the first level itself is counted,
    up to the cap, not only past WINDOW: :func:`count` of the same text then reuses the figure.
    """
    assert plan.strict is not None
    counts, db = tray.match_counts, tray.db
    if plan.names is not None:
        named = counts.at_most(db, plan.names, "names_fts")
        if named > WINDOW:
            if named > COUNT_CAP:  # so does the first level: count() needs no count of its own
                counts.note(db, plan.strict, named)
            return True
    return counts.at_most(db, plan.strict) > WINDOW


def _ordered(tray: Tray, plan: Plan, filters: _FilterSet | None, need: int) -> list[tuple[int, float]]:
    """The first ``need`` matches: the first level by bm25 (by tiers of names when it is broad), then each
    further level's new matches by bm25 (by name, name matches first, when it is broad), every one below all of
    the level before."""
    assert plan.strict is not None
    db = tray.db
    if not _broad(tray, plan):
        page = _scored(tray, plan.strict, filters, set())
    else:
        page = [(rid, 1.0 / (1 + n)) for n, rid in enumerate(_tiers(db, plan, filters, need))]
    for i, level in enumerate(plan.levels[1:], start=1):
        if len(page) >= need:
            break
        low = min((score for _, score in page), default=1.0)
        names = plan.level_names[i] if i < len(plan.level_names) else None
        more = _scored(tray, level, filters, {rid for rid, _ in page}, names)
        # below every match of the levels before: scores under the lowest so far, order kept
        page += [(rid, low * 0.5 / (1 + n)) for n, (rid, _) in enumerate(more)]
    return page


def _page(tray: Tray, query: Query, lang: str, limit: int, offset: int) -> list[tuple[str, float]]:
    db = tray.db
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if limit == 0:
        return []
    filters = tray.filter_sets.get(db, query)
    plan = tray.plans.get(db, query.text, lang)
    if plan.strict is None:
        sql = (
            "SELECT id, 0.0 FROM items"  # noqa: S608 - constant fragments
            + (" WHERE rid IN (SELECT value FROM json_each(?))" if filters else "")
            + " ORDER BY sort_name, id LIMIT ? OFFSET ?"
        )
        return [(r[0], r[1]) for r in db.execute(sql, [*([filters.json] if filters else []), limit, offset])]
    ordered = _ordered(tray, plan, filters, offset + limit)
    if ordered:
        tray.plans.found(db, query.text, lang)
    elif (corrected := tray.plans.corrected(db, query.text, lang)) is not None:
        ordered = _ordered(tray, corrected, filters, offset + limit)
    page = ordered[offset : offset + limit]
    if not page:
        return []
    found = dict(db.execute("SELECT rid, id FROM items WHERE rid IN (SELECT value FROM json_each(?))", (json.dumps([r for r, _ in page]),)).fetchall())  # noqa: E501
    return [(found[rid], score) for rid, score in page if rid in found]


def _tuple(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def search_ids(tray: Tray, query: Query, lang: str = "fi", *, limit: int = 50, offset: int = 0) -> list[str]:
    """The ids of :func:`search`'s page, in its order, without reading the hits' texts (search as you type
    builds its cards from the ids)."""
    return [item_id for item_id, _ in _page(tray, query, lang, limit, offset)]


def search(tray: Tray, query: Query, lang: str = "fi", *, limit: int = 50, offset: int = 0) -> list[SearchHit]:
    """One page of matches: by relevance for text (names first), by name when browsing.

    Names, summaries and organisation names are picked in ``lang`` with fallback fi → sv → en.
    """
    page = _page(tray, query, lang, limit, offset)
    if not page:
        return []
    db = tray.db
    ids = [item_id for item_id, _ in page]
    rows = {
        r[0]: r
        for r in db.execute(
            "SELECT id, names, summaries, categories, municipalities, cost, organisation FROM items"  # noqa: S608
            f" WHERE id IN {_in(tuple(ids))}",
            ids,
        )
    }
    hits = []
    for item_id, score in page:
        _, names, summaries, categories, municipalities, cost, organisation = rows[item_id]
        name = pick(json.loads(names), lang) or (lang, item_id)
        summary = pick(json.loads(summaries), lang) if summaries else None
        org = pick(json.loads(organisation).get("names", {}), lang) if organisation else None
        hits.append(
            SearchHit(
                id=item_id,
                name=name[1],
                name_lang=name[0],
                summary=summary[1] if summary else None,
                categories=_tuple(categories),
                municipalities=_tuple(municipalities),
                cost=cost,
                organisation=org[1] if org else None,
                score=float(score),
            )
        )
    return hits


def _remembered(tray: Tray, plan: Plan, limit: int) -> int | None:
    """The capped count (``0 < limit <= COUNT_CAP + 1``) of ``plan`` without filters when the search of the same
    text already knows it, else ``None``: the first level alone passed the cap (so does the whole text), or
    the search read the last level to its end or past the cap. A remembered 0 is not used (the text may
    then be answered by its correction)."""
    db = tray.db
    first = tray.match_counts.known(db, plan.strict) if plan.strict is not None else None
    if first is not None and first >= limit:
        return limit
    whole = tray.match_counts.known(db, plan.match) if plan.match is not None else None
    if whole and (whole >= limit or whole <= COUNT_CAP):
        return min(whole, limit)
    return None


def count(tray: Tray, query: Query, lang: str = "fi", *, cap: int | None = None) -> int:
    """How many items match ``query`` in all (those of the corrected text when the typo tier answers).

    With ``cap``, counting stops past it: ``cap + 1`` means "more than ``cap``" (the search page shows
    "1000+"), and a broad prefix is not counted to the end. A ``cap`` of :data:`COUNT_CAP` or less can be
    answered from what the search of the same text already counted (see :class:`MatchCounts`).
    """
    db = tray.db
    limit = -1 if cap is None else max(0, int(cap)) + 1
    filters = tray.filter_sets.get(db, query)
    plan = tray.plans.get(db, query.text, lang)
    match = plan.match
    if match is None:
        n = len(filters.rids) if filters is not None else int(db.execute("SELECT count(*) FROM items").fetchone()[0])
        return n if limit < 0 else min(n, limit)
    if filters is None and 0 < limit <= COUNT_CAP + 1 and (known := _remembered(tray, plan, limit)) is not None:
        tray.plans.found(db, query.text, lang)
        return known

    def counted(expr: str) -> int:
        if filters is not None and filters.dense and limit > 0:
            return len(_passing(db, "SELECT rowid FROM items_fts WHERE items_fts MATCH ?", [expr], filters, limit))
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ?"  # noqa: S608 - constants
            + (IN_JSON if filters else "")
            + " LIMIT ?)"
        )
        return int(db.execute(sql, [expr, *([filters.json] if filters else []), limit]).fetchone()[0])

    # the first level is cheaper to count than the whole text (no synonyms, no words inside other words) and
    # often finds more than the cap on its own; each later level finds what it finds and more
    if limit > 0 and plan.strict is not None and plan.strict != match and counted(plan.strict) >= limit:
        tray.plans.found(db, query.text, lang)
        return limit
    n = counted(match)
    if n:
        tray.plans.found(db, query.text, lang)
    elif (corrected := tray.plans.corrected(db, query.text, lang)) is not None:
        n = counted(corrected.match or "")
    return n


def suggestion(tray: Tray, query: Query, lang: str = "fi") -> str | None:
    """The corrected text ("kuntosali" for "kuntosli") when the results are those of the typo tier: the text
    as typed finds nothing in the whole tray and the corrected one finds something. Free after a search or
    count of the same text."""
    corrected = tray.plans.corrected(tray.db, query.text, lang)
    return corrected.suggestion if corrected is not None else None
