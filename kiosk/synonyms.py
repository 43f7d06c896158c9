"""Synonyms for search: groups of words that mean the same to a resident, per language, as regional content.

``kiosk/content/synonyms.toml`` holds ``[[fi]]``, ``[[sv]]`` and ``[[en]]`` blocks, each with one group of
``words`` (see the comments in the file). A query word that belongs to a group of the resident's language
is searched as itself *or* any other word of its group: "vanhukset" also finds "Ikäihmisten kuntosali".
Groups are applied when a query is made, not when the tray is indexed, so a region's edit takes effect
at the next start without a sync.

A word belongs to a group when one of its analyses (the word itself, its Finnish base forms or its
Snowball stem, see :mod:`kiosk.stemming`) is one of the analyses of a group word: the group lists base
forms ("vanhus") and inflected queries ("vanhuksille") still meet them. Languages are kept apart: "kör"
(sv) and "kuoro" (fi) are each searched for in their own language, never as each other's synonym.

:func:`load_synonyms` reads and checks the file; a mistake raises :class:`kiosk.contentfile.ContentError`
naming the file, the line and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.contentfile import Node, read_content
from kiosk.stemming import finnish_base_forms, snowball_stem, words

DEFAULT_SYNONYMS_FILE = Path(__file__).resolve().parent / "content" / "synonyms.toml"
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
MAX_GROUP = 12


@dataclass(frozen=True)
class Synonyms:
    """Groups of words per language; :meth:`of` gives the other words of a query word's groups."""

    groups: dict[str, tuple[tuple[str, ...], ...]]
    _index: dict[tuple[str, bool], dict[str, frozenset[int]]] = field(default_factory=dict, compare=False)

    def of(self, word: str, lang: str, *, voikko: bool) -> tuple[str, ...]:
        """The other words of every group of ``lang`` that ``word`` (one lowercased word) belongs to."""
        groups = self.groups.get(lang, ())
        if not groups:
            return ()
        index = self._keys_index(lang, voikko)
        found: set[int] = set()
        for key in analyses(word, lang, voikko=voikko):
            found |= index.get(key, frozenset())
        out: dict[str, None] = {}
        for number in sorted(found):
            out.update((w, None) for w in groups[number] if w != word)
        return tuple(out)

    def _keys_index(self, lang: str, voikko: bool) -> dict[str, frozenset[int]]:
        key = (lang, voikko)
        index = self._index.get(key)
        if index is None:
            building: dict[str, set[int]] = {}
            for number, group in enumerate(self.groups.get(lang, ())):
                for w in group:
                    for k in analyses(w, lang, voikko=voikko):
                        building.setdefault(k, set()).add(number)
            index = {k: frozenset(v) for k, v in building.items()}
            self._index[key] = index
        return index


def analyses(word: str, lang: str, *, voikko: bool) -> set[str]:
    """The keys a word is matched on: itself, its Finnish base forms (with Voikko) or else its stem."""
    keys = {word}
    bases = finnish_base_forms(word) if lang == "fi" and voikko else ()
    keys.update(bases)
    if not bases:
        keys.add(snowball_stem(word, lang))
    return keys


def load_synonyms(path: Path | None = None) -> Synonyms:
    """Read and check a synonyms file; ``None`` = the bundled ``kiosk/content/synonyms.toml`` (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Synonyms:
    return _load(DEFAULT_SYNONYMS_FILE)


def _load(path: Path) -> Synonyms:
    root = read_content(path).root()
    root.known(LANGUAGES, hint="[[fi]], [[sv]] or [[en]] blocks")
    groups: dict[str, tuple[tuple[str, ...], ...]] = {}
    for lang in LANGUAGES:
        groups[lang] = tuple(_group(block) for block in root.each(lang))
    return Synonyms(groups)


def _group(node: Node) -> tuple[str, ...]:
    node.known(("words",))
    raw = node.list("words", what='a list of words such as ["vanhus", "ikäihminen"]')
    out: list[str] = []
    for value in raw:
        if not isinstance(value, str) or not value.strip():
            raise node.fail(f"{value!r} is not a word in quotes", "words")
        word = value.strip()
        if words(word) != [word] or word != word.lower():
            raise node.fail(f"{value!r} is not one lowercase word (letters only, no spaces)", "words")
        if word in out:
            raise node.fail(f"{word!r} is listed twice in the group", "words")
        out.append(word)
    if len(out) < 2:
        raise node.fail("a group needs at least two words", "words")
    if len(out) > MAX_GROUP:
        raise node.fail(f"a group has at most {MAX_GROUP} words (split it by meaning)", "words")
    return tuple(out)


def all_words(synonyms: Synonyms) -> Iterable[tuple[str, str]]:
    """Every ``(language, word)`` of every group."""
    for lang, groups in synonyms.groups.items():
        for group in groups:
            for word in group:
                yield lang, word
