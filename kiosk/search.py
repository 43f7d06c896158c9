"""Search and browse over the cache: free text (FTS5 with Snowball stems) and filters.

``search(db, SearchQuery(text="kuntosalille", municipalities=("205",), free=True))`` returns a page
of :class:`SearchHit`; ``count`` the number of all matches. Empty text browses (filters only, by name).

Speed (search-as-you-type over 50 000 items): the page of ids is chosen first — FTS5 ``MATCH`` plus
filters written as non-correlated ``IN (subquery)`` sets, which SQLite builds once — and only then are
the ≤ ``limit`` rows' names and summaries read and decoded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from kiosk.model import pick
from kiosk.stemming import stem_query_token, words

MAX_TOKENS = 12
MAX_TOKEN_LENGTH = 64
MAX_LIMIT = 1000
# bm25 column weights: names, body, stems. A name hit outranks everything; a stem hit (an inflected
# form) outranks an exact word deep in a description.
WEIGHTS = (10.0, 2.0, 3.0)


@dataclass(frozen=True)
class SearchQuery:
    """What the resident asked for. All filters are AND-ed; values inside one filter are OR-ed.

    ``free`` keeps only ``cost == "free"`` (unknown cost is not free). ``include_nationwide`` matters
    with a municipality filter: nationwide items are then included unless it is ``False``.
    """

    text: str = ""
    categories: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    free: bool = False
    given_in: tuple[str, ...] = ()
    online: bool = False
    limit: int = 50
    offset: int = 0
    include_nationwide: bool = True


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


def _phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"*'


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for any user input, or ``None`` when it has no words.

    Words are letters/digits (``\\w`` without ``_``, as the unicode61 tokenizer splits them); at most
    12 are used. Each word becomes ``({names body}:"w"* OR stems:"s1"* OR …)`` over its fi/sv/en stems,
    and the words are AND-ed. Every term is a quoted phrase with quotes doubled, so operators
    (``AND``, ``NEAR``, ``-``, ``*``, ``(``, ``:``) in the input are only ever searched for as words.
    """
    tokens = list(dict.fromkeys(t[:MAX_TOKEN_LENGTH] for t in words(text[:10_000])))[:MAX_TOKENS]
    if not tokens:
        return None
    groups = []
    for token in tokens:
        # a stem that has another stem as its prefix adds nothing to a prefix query
        stems = sorted(s for s in stem_query_token(token) if s)
        minimal = [s for s in stems if not any(s != o and s.startswith(o) for o in stems)]
        terms = ["{names body}:" + _phrase(token)] + ["stems:" + _phrase(s) for s in minimal]
        groups.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(groups)


def _names_query(text: str) -> str | None:
    """Like :func:`fts_query` but every word must match the ``names`` column (as typed or by a stem)."""
    tokens = list(dict.fromkeys(t[:MAX_TOKEN_LENGTH] for t in words(text[:10_000])))[:MAX_TOKENS]
    if not tokens:
        return None
    groups = []
    for token in tokens:
        stems = sorted({token, *(s for s in stem_query_token(token) if s)})
        minimal = [s for s in stems if not any(s != o and s.startswith(o) for o in stems)]
        groups.append("(" + " OR ".join("names:" + _phrase(s) for s in minimal) + ")")
    return " AND ".join(groups)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")"


def _filters(query: SearchQuery) -> tuple[list[str], list[Any]]:
    """Each filter as a non-correlated subquery selecting item ids, with its parameters.

    The fragments hold only constant SQL and ``?`` placeholders. Every subquery reads a link table or a
    covering index, never the wide ``items`` rows.
    """
    subqueries: list[str] = []
    params: list[Any] = []
    if query.categories:
        subqueries.append(f"SELECT item_id FROM item_categories WHERE category IN {_in(query.categories)}")  # noqa: S608
        params.extend(query.categories)
    if query.municipalities:
        sub = f"SELECT item_id FROM item_areas WHERE municipality IN {_in(query.municipalities)}"  # noqa: S608
        if query.include_nationwide:
            sub += " UNION SELECT id FROM items WHERE nationwide = 1"
        subqueries.append(sub)
        params.extend(query.municipalities)
    if query.given_in:
        subqueries.append(f"SELECT item_id FROM item_languages WHERE language IN {_in(query.given_in)}")  # noqa: S608
        params.extend(query.given_in)
    if query.free:
        subqueries.append("SELECT id FROM items WHERE cost = 'free'")
    if query.online:
        subqueries.append("SELECT id FROM items WHERE online = 1")
    return subqueries, params


# A text search first reads up to WINDOW matches (in index order) with their bm25 scores. When that
# is all of them, they are ranked exactly. When there are more (a short prefix in a large region),
# ranking every match would cost about 1 µs each — 40 ms for 40 000 — so the page is built in two
# tiers instead: all items whose *names* match, fully ranked by bm25, then the other matches of the
# window by bm25. Names weigh most in bm25 anyway, so the first pages are the same in practice.
WINDOW = 500


def _fts_rows(db: Database, match: str, rid_filter: str, params: list[Any], order: str, limit: int) -> list[Any]:
    w = ", ".join(str(x) for x in WEIGHTS)
    sql = (
        f"SELECT rowid, -bm25(items_fts, {w}) AS score FROM items_fts"  # noqa: S608 - constants only
        f" WHERE items_fts MATCH ?{rid_filter}{order} LIMIT ?"
    )
    return db.execute(sql, [match, *params, limit]).fetchall()


def _rid_filter(subqueries: list[str]) -> str:
    if not subqueries:
        return ""
    cond = " AND ".join(f"item_id IN ({s})" for s in subqueries)
    # ``+rowid``: keep the planner from handing the IN list to FTS5 as rowid constraints, which would
    # re-run the MATCH once per listed row; the set is built once and probed instead.
    return f" AND +rowid IN (SELECT rid FROM items_text WHERE {cond})"  # noqa: S608 - constant fragments


def _page(db: Database, query: SearchQuery) -> list[tuple[str, float]]:
    limit = max(0, min(int(query.limit), MAX_LIMIT))
    offset = max(0, int(query.offset))
    if limit == 0:
        return []
    subqueries, params = _filters(query)
    match = fts_query(query.text)
    if match is None:
        cond = " AND ".join(f"i.id IN ({s})" for s in subqueries)
        sql = (
            "SELECT i.id, 0.0 FROM items AS i"  # noqa: S608 - fragments from _filters: placeholders only
            + (" WHERE " + cond if cond else "")
            + " ORDER BY i.sort_name, i.id LIMIT ? OFFSET ?"
        )
        return [(r[0], r[1]) for r in db.execute(sql, [*params, limit, offset])]
    rid_filter = _rid_filter(subqueries)
    window = _fts_rows(db, match, rid_filter, params, "", WINDOW + 1)
    if len(window) <= WINDOW:
        ranked = sorted(window, key=lambda r: (-r[1], r[0]))
    else:
        names = _names_query(query.text)
        tier_a = _fts_rows(
            db, f"({match}) AND ({names})", rid_filter, params, " ORDER BY score DESC, rowid", offset + limit
        )
        seen = {r[0] for r in tier_a}
        ranked = tier_a + sorted((r for r in window if r[0] not in seen), key=lambda r: (-r[1], r[0]))
    page = ranked[offset : offset + limit]
    if not page:
        return []
    rids = [r[0] for r in page]
    ids = dict(
        db.execute(
            f"SELECT rid, item_id FROM items_text WHERE rid IN {_in(tuple(map(str, rids)))}",  # noqa: S608
            rids,
        ).fetchall()
    )
    return [(ids[rid], score) for rid, score in page if rid in ids]


def _tuple(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def search(db: Database, query: SearchQuery, lang: str = "fi") -> list[SearchHit]:
    """One page of matches: by relevance for text (names first), by name when browsing.

    Names, summaries and organisation names are picked in ``lang`` with fallback fi → sv → en.
    """
    page = _page(db, query)
    if not page:
        return []
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


def count(db: Database, query: SearchQuery) -> int:
    """How many items match ``query`` in all (``limit``/``offset`` ignored)."""
    subqueries, params = _filters(query)
    match = fts_query(query.text)
    if match is None:
        cond = " AND ".join(f"i.id IN ({s})" for s in subqueries)
        sql = "SELECT count(*) FROM items AS i" + (" WHERE " + cond if cond else "")  # noqa: S608
        row = db.execute(sql, params).fetchone()
    else:
        sql = "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?" + _rid_filter(subqueries)  # noqa: S608
        row = db.execute(sql, [match, *params]).fetchone()
    return int(row[0])
