"""Snowball stemming for the search index and for queries (Finnish, Swedish, English).

The cache indexes a ``stems`` column: every word of an item's texts stemmed with the stemmer of the
text's language (Finnish stemmer over ``fi`` text, Swedish over ``sv``, English over ``en``; other
languages are kept as lowercased words). A query word is stemmed with all three stemmers, because
the kiosk cannot know which language a resident types in, and each stem is prefix-matched.

PyStemmer (C) is used when it is importable, snowballstemmer (pure Python, same algorithms) when not.
Stems are memoised per ``(language, word)`` in a bounded dict: indexing 50 000 items sees the same few
ten thousand words again and again, and a dict hit is far cheaper than a stemmer call.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

# Words as the FTS5 unicode61 tokenizer sees them: letters and digits. ``\w`` would also take ``_``,
# which unicode61 treats as a separator, so it is excluded here to keep both sides in step.
WORD_RE = re.compile(r"[^\W_]+")

STEMMER_LANGUAGES: dict[str, str] = {"fi": "finnish", "sv": "swedish", "en": "english"}

# Per-language memo bound; when a memo fills it is cleared (cheap, and the hot words come back at once).
MEMO_LIMIT = 200_000

# Bump when words(), _fix_finnish or anything else here changes what stem_text returns: the cache
# records the version its full-text index was made with and re-indexes when it differs.
STEMS_VERSION = "1"

_memo: dict[str, dict[str, str]] = {lang: {} for lang in STEMMER_LANGUAGES}
_local = threading.local()  # stemmer objects are not thread-safe: one set per thread


def _make_stemmer(algorithm: str) -> Callable[[Sequence[str]], list[str]]:
    try:
        import Stemmer  # PyStemmer

        stemmer: Any = Stemmer.Stemmer(algorithm)
    except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
        import snowballstemmer

        stemmer = snowballstemmer.stemmer(algorithm)
    words: Callable[[Sequence[str]], list[str]] = stemmer.stemWords
    return words


@functools.cache
def stems_version() -> str:
    """This module's :data:`STEMS_VERSION` with the stemmer library and its version."""
    try:
        import Stemmer  # noqa: F401 - which library _make_stemmer uses

        library = "PyStemmer"
    except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
        library = "snowballstemmer"
    try:
        version = importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        version = "?"
    return f"{STEMS_VERSION}/{library} {version}"


def _stemmer(lang: str) -> Callable[[Sequence[str]], list[str]]:
    stemmers: dict[str, Callable[[Sequence[str]], list[str]]] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = {}
        _local.stemmers = stemmers
    fn = stemmers.get(lang)
    if fn is None:
        fn = _make_stemmer(STEMMER_LANGUAGES[lang])
        stemmers[lang] = fn
    return fn


def _fix_finnish(stem: str) -> str:
    """Even out two Snowball Finnish inconsistencies so that inflected forms share a stem.

    ``liikunta`` → ``liikun`` but ``liikuntaa`` → ``liikunt`` (and ``liikunnan`` → ``liikun``);
    ``mielenterveys`` → ``mielenterveys`` but ``mielenterveyttä`` → ``mielenterveyt``.
    A final ``nt`` loses its ``t``; a final ``s``/``t`` after ``y``/``u`` is dropped. Applied on both
    the index and the query side, so it only needs to be consistent, not linguistically exact.
    """
    if len(stem) > 4:
        if stem.endswith("nt"):
            return stem[:-1]
        if stem[-1] in "st" and stem[-2] in "yu":
            return stem[:-1]
    return stem


def words(text: str) -> list[str]:
    """Lowercased (NFC) word tokens of ``text``."""
    return WORD_RE.findall(unicodedata.normalize("NFC", text).lower())


def stem_words(tokens: Sequence[str], lang: str) -> list[str]:
    """Stems of already lowercased tokens in ``lang``; tokens of other languages come back unchanged."""
    memo = _memo.get(lang)
    if memo is None:
        return list(tokens)
    found: dict[str, str] = {}
    misses: list[str] = []
    for token in set(tokens):
        stem = memo.get(token)
        if stem is None:
            misses.append(token)
        else:
            found[token] = stem
    if misses:
        stems = _stemmer(lang)(misses)
        if lang == "fi":
            stems = [_fix_finnish(s) for s in stems]
        new = dict(zip(misses, stems, strict=True))
        found.update(new)
        if len(memo) + len(new) > MEMO_LIMIT:
            memo.clear()
        memo.update(new)
    return [found[t] for t in tokens]


def stem_text(text: str, lang: str) -> str:
    """Space-joined stems of the words of ``text`` (lowercased); unstemmed words for other languages."""
    tokens = words(text)
    memo = _memo.get(lang)
    if memo is None:
        return " ".join(tokens)
    try:  # the common case when indexing: every word already memoised
        return " ".join(map(memo.__getitem__, tokens))
    except KeyError:
        stem_words([t for t in set(tokens) if t not in memo], lang)  # memoises them
    try:
        return " ".join(map(memo.__getitem__, tokens))
    except KeyError:  # the memo was cleared on the way
        return " ".join(stem_words(tokens, lang))


def stem_query_token(token: str) -> set[str]:
    """The stems of one query word under each of the fi, sv and en stemmers."""
    toks = words(token)
    if len(toks) != 1:
        return set(toks)
    return {stem_words(toks, lang)[0] for lang in STEMMER_LANGUAGES}
