"""What a resident's words are searched as: the FTS5 expressions of a query text, tier by tier.

:func:`plan` turns a text into a :class:`Plan` for one snapshot, in four tiers that :mod:`kiosk.search`
ranks in this order:

1. **Whole words**: each word as typed (a prefix: search as you type) and by its analyses — Finnish
   base forms and stems, Swedish and English stems (:mod:`kiosk.stemming`); names weigh most (bm25
   weights). Then, ranked below those, by its synonyms in the resident's language (:mod:`kiosk.synonyms`).
2. **Inside a word**: a word of five letters or more also finds the tray's words that hold it
   inside them — "bibliotek" finds "Stadsbiblioteket", "kasse" finds "Matkasseservice". The words come
   from the snapshot's vocabulary through its trigram index (``vocab_fts``); they are then searched as
   whole words. Ranked below every match of tier 1.
3. **One letter off** (``corrected``): only when the text finds nothing at all, each word of five letters
   or more that finds nothing on its own is replaced by the tray's word one edit away (a letter wrong,
   missing, extra, or two swapped) that finds the most items; the results of the corrected text are
   shown with ``suggestion`` ("Tarkoititko kuntosali?").

Every term is a quoted phrase with quotes doubled, so no input is ever read as FTS5 syntax.

A plan is remembered per snapshot handle (:class:`Plans`, on the :class:`~kiosk.tray.Tray`): search and
count of one keystroke build it once. Tier 3 is worked out only when a search or count found nothing, so a
keystroke that finds something pays nothing for it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from kiosk.cache.fts import META_KEY
from kiosk.stemming import (
    analyser_of_version,
    finnish_analyser,
    finnish_base_forms,
    snowball_stem,
    stem_query_token,
    words,
)
from kiosk.synonyms import load_synonyms

if TYPE_CHECKING:
    from kiosk.tray import Tray

MAX_TOKENS = 12
MAX_TOKEN_LENGTH = 64
INSIDE_MIN = 5  # words this long or longer are also found inside other words (tier 2) and corrected (tier 3)
INSIDE_WORDS = 24  # at most this many vocabulary words per query word in tier 2
TYPO_CANDIDATES = 8  # vocabulary words one edit away that are tried, per query word


def _phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"*'


def _exact(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def tokens_of(text: str) -> list[str]:
    """The words of a query as searched: lowercased, at most :data:`MAX_TOKENS`, each cut to 64 letters."""
    return list(dict.fromkeys(t[:MAX_TOKEN_LENGTH] for t in words(text[:10_000])))[:MAX_TOKENS]


def _minimal(terms: set[str]) -> tuple[str, ...]:
    """The terms without those that have another term as their prefix (they add nothing to a prefix query)."""
    ordered = sorted(t for t in terms if t)
    return tuple(t for t in ordered if not any(t != o and t.startswith(o) for o in ordered))


@dataclass(frozen=True)
class Terms:
    """What one query word is searched as."""

    prefixes: tuple[str, ...]  # as typed: prefix-matched in the word columns
    stems: tuple[str, ...]  # its analyses: prefix-matched in ``stems``
    synonyms: tuple[str, ...] = ()  # its synonyms in the resident's language: prefix-matched in the word columns
    synonym_stems: tuple[str, ...] = ()  # their analyses: prefix-matched in ``stems``
    inside: tuple[str, ...] = ()  # vocabulary words holding the word inside them (tier 2): exact


def _lang_terms(word: str, lang: str, finnish: str) -> set[str]:
    """The index terms of a synonym in its own language (Finnish base forms or stem; Swedish/English stem)."""
    if lang == "fi" and finnish == "voikko":
        bases = finnish_base_forms(word)
        if bases:
            return set(bases)
    return {snowball_stem(word, lang)}


def word_terms(token: str, lang: str, finnish: str) -> Terms:
    """Tier 1 of one word: as typed, its analyses, its synonyms in ``lang`` and theirs."""
    synonyms = load_synonyms().of(token, lang, voikko=finnish == "voikko")
    stems = _minimal(stem_query_token(token, finnish))
    others: set[str] = set()
    for other in synonyms:
        others |= _lang_terms(other, lang, finnish)
    return Terms(
        prefixes=(token,),
        stems=stems,
        synonyms=_minimal(set(synonyms)),
        synonym_stems=tuple(t for t in _minimal(others) if not any(t.startswith(s) for s in stems)),
    )


def render(terms: list[Terms], word_columns: str, *, synonyms: bool = True, inside: bool = False) -> str:
    """Each word by any of its terms (``word_columns`` for words, ``stems`` for analyses); words AND-ed.
    ``synonyms`` and ``inside`` add the terms of those tiers."""
    groups = []
    for t in terms:
        parts = [word_columns + _phrase(p) for p in t.prefixes] + ["stems:" + _phrase(s) for s in t.stems]
        if synonyms:
            parts += [word_columns + _phrase(p) for p in t.synonyms]
            parts += ["stems:" + _phrase(s) for s in t.synonym_stems]
        if inside:
            parts += [word_columns + _exact(w) for w in t.inside]
        groups.append("(" + " OR ".join(parts) + ")")
    return " AND ".join(groups)


def fts_query(text: str, lang: str = "fi", finnish: str | None = None) -> str | None:
    """Tier 1 of ``text`` as an ``items_fts`` MATCH expression, or ``None`` when it has no words.

    Words are letters/digits (``\\w`` without ``_``, as the unicode61 tokenizer splits them); at most 12
    are used. Each becomes ``({names body}:"w"* OR stems:"s1"* OR …)``, and the words are AND-ed.
    """
    tokens = tokens_of(text)
    if not tokens:
        return None
    finnish = finnish or finnish_analyser()
    return render([word_terms(t, lang, finnish) for t in tokens], "{names body}:")


# --- tiers 2 and 3: the vocabulary ---------------------------------------------------------------


def inside_words(db: Database, token: str) -> tuple[str, ...]:
    """Vocabulary words that hold ``token`` inside them (not at their start: tier 1 finds those), shortest
    first; none for words under :data:`INSIDE_MIN` letters."""
    if len(token) < INSIDE_MIN or not token.isalpha():
        return ()
    rows = db.execute("SELECT word FROM vocab_fts WHERE vocab_fts MATCH ? LIMIT 500", (_exact(token),)).fetchall()
    found = sorted((w for (w,) in rows if not w.startswith(token) and token in w), key=lambda w: (len(w), w))
    return tuple(found[:INSIDE_WORDS])


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one letter changed, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1 :] == b[start + 1 :]:
            return True  # one letter changed
        return a[start + 2 :] == b[start + 2 :] and a[start : start + 2] == b[start : start + 2][::-1]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]


def near_words(db: Database, token: str) -> list[str]:
    """Vocabulary words one edit from ``token``: a word one edit away keeps either its first or its last
    ``k`` letters (``k`` under half its length), so the two ranges of the word and reversed-word indexes
    hold every candidate."""
    if len(token) < INSIDE_MIN or not token.isalpha():
        return []
    k = max(2, (len(token) - 1) // 2)
    head, tail = token[:k], token[::-1][:k]
    low, high = len(token) - 1, len(token) + 1
    rows = db.execute(
        "SELECT word FROM vocab WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?"
        " UNION SELECT word FROM vocab WHERE rword >= ? AND rword < ? AND length(word) BETWEEN ? AND ?",
        (head, head + "\U0010ffff", low, high, tail, tail + "\U0010ffff", low, high),
    ).fetchall()
    near = [w for (w,) in rows if one_edit_apart(token, w)]
    near.sort(key=lambda w: (len(w) != len(token), w))
    return near[:TYPO_CANDIDATES]


def _matches(db: Database, match: str) -> int:
    return int(db.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (match,)).fetchone()[0])


def _finds_anything(db: Database, match: str) -> bool:
    return db.execute("SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT 1", (match,)).fetchone() is not None


# --- the plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The tiers of one query text on one snapshot (empty when the text has no words).

    ``levels`` are MATCH expressions over ``items_fts``, each finding what the one before finds and more:
    the words themselves (as typed and by their analyses), then also their synonyms, then also the words
    that hold them inside. Search ranks each level's new matches below those of the level before.
    """

    tokens: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    names: str | None = None  # the first level over names_fts (names only)
    suggestion: str | None = None  # set on the plan of a corrected text (tier 3): that text
    level_names: tuple[str, ...] = ()  # each level over names_fts (its name matches), beside ``levels``

    @property
    def strict(self) -> str | None:
        """The words themselves (the first level)."""
        return self.levels[0] if self.levels else None

    @property
    def match(self) -> str | None:
        """Every match of the text (the last level)."""
        return self.levels[-1] if self.levels else None


def _build(db: Database, tokens: list[str], lang: str, finnish: str) -> Plan:
    terms = []
    for token in tokens:
        t = word_terms(token, lang, finnish)
        inside = inside_words(db, token)
        terms.append(Terms(t.prefixes, t.stems, t.synonyms, t.synonym_stems, inside) if inside else t)
    shapes = [{"synonyms": False}]
    if any(t.synonyms or t.synonym_stems for t in terms):
        shapes.append({})
    if any(t.inside for t in terms):
        shapes.append({"inside": True})
    levels = tuple(render(terms, "{names body}:", **shape) for shape in shapes)
    names = tuple(render(terms, "names:", **shape) for shape in shapes)
    return Plan(tokens=tuple(tokens), levels=levels, names=names[0], level_names=names)


def _correct(db: Database, first: Plan, lang: str, finnish: str) -> Plan | None:
    """The plan of the corrected text (tier 3) when ``first`` finds nothing and a correction finds something."""
    match = first.match
    if match is None or _finds_anything(db, match):
        return None
    fixed = list(first.tokens)
    for n, token in enumerate(first.tokens):
        alone = render([word_terms(token, lang, finnish)], "{names body}:")
        if len(first.tokens) > 1 and _finds_anything(db, alone):
            continue
        candidates = near_words(db, token)
        if not candidates:
            continue
        scored = [(_matches(db, "{names body}:" + _exact(w)), w) for w in candidates]
        best = max(scored, key=lambda s: (s[0], -candidates.index(s[1])))
        if best[0] > 0:
            fixed[n] = best[1]
    if fixed == list(first.tokens):
        return None
    corrected = _build(db, fixed, lang, finnish)
    if corrected.match is None or not _finds_anything(db, corrected.match):
        return None
    return Plan(corrected.tokens, corrected.levels, corrected.names, " ".join(fixed), corrected.level_names)


def index_analyser(db: Database) -> str:
    """The Finnish analyser the snapshot's index was made with, so that queries meet its terms."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    return analyser_of_version(row[0] if row else None)


class _Entry:
    __slots__ = ("checked", "corrected", "finnish", "plan", "version")

    def __init__(self, version: tuple[int, int], plan: Plan, finnish: str) -> None:
        self.version = version
        self.plan = plan
        self.finnish = finnish
        self.checked = False  # whether tier 3 has been decided
        self.corrected: Plan | None = None


class Plans:
    """The plans of the last few texts searched on one snapshot handle (search and count share one).

    Tier 3 is decided only when a search or count of the text found nothing (:meth:`corrected`), so the
    usual keystroke pays nothing for it; :meth:`found` records that a text found something.

    An entry is valid while the connection's ``total_changes`` and ``PRAGMA data_version`` are as they were
    (the vocabulary is part of the snapshot). Kept on the tray handle, so it lives and dies with it.
    """

    SLOTS = 16

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Entry] = {}

    def _entry(self, db: Database, text: str, lang: str) -> _Entry | None:
        tokens = tokens_of(text)
        if not tokens:
            return None
        key = (" ".join(tokens), lang)
        version = (db.conn.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
        with self._lock:
            entry = self._entries.pop(key, None)
        if entry is None or entry.version != version:
            finnish = index_analyser(db)
            entry = _Entry(version, _build(db, tokens, lang, finnish), finnish)
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.SLOTS:
                self._entries.pop(next(iter(self._entries)))
        return entry

    def get(self, db: Database, text: str, lang: str) -> Plan:
        """Tiers 1 and 2 of ``text`` (an empty plan when it has no words)."""
        entry = self._entry(db, text, lang)
        return entry.plan if entry is not None else Plan()

    def found(self, db: Database, text: str, lang: str) -> None:
        """The text found something (with or without filters): it needs no correction."""
        entry = self._entry(db, text, lang)
        if entry is not None and not entry.checked:
            entry.checked, entry.corrected = True, None

    def corrected(self, db: Database, text: str, lang: str) -> Plan | None:
        """Tier 3: the plan of the corrected text when ``text`` finds nothing in the whole tray (decided once)."""
        entry = self._entry(db, text, lang)
        if entry is None:
            return None
        if not entry.checked:
            entry.corrected = _correct(db, entry.plan, lang, entry.finnish)
            entry.checked = True
        return entry.corrected


def plan(tray: Tray, text: str, lang: str) -> Plan:
    """The plan of ``text`` in the resident's language ``lang`` on ``tray`` (remembered)."""
    return tray.plans.get(tray.db, text, lang)
