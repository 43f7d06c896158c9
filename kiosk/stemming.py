"""Text analysis for the search index and for queries: Voikko for Finnish, Snowball for Swedish and English.

The cache indexes a ``stems`` column: every word of an item's texts analysed in the text's language.

- **Finnish** with Voikko (Debian ``libvoikko1`` + ``voikko-fi``, the ``libvoikko`` Python binding): each
  word becomes its base forms (``kotoutumisen`` → ``kotoutua``, ``vanhukset`` → ``vanhus``) and, for a
  compound, its parts (``kuntosaliryhmä`` → ``kuntosaliryhmä kunto sali ryhmä``), so that a nominative
  finds an inflected name and a part finds the compound. A word Voikko does not know (a name, a typo, a
  word half typed) gets its Snowball stem. Where Voikko or its Finnish dictionary is missing, or
  ``HYTE_KIOSK_ANALYSER=snowball`` is set, Finnish falls back to the Snowball stemmer alone (``status``
  says which is in use).
- **Swedish and English** with the Snowball stemmers; other languages are kept as lowercased words.

A query word is analysed for each of fi, sv and en, because the kiosk cannot know which language a
resident types in, and each term is prefix-matched. On the query side a Finnish word gives its base forms
only (not its compound parts: "kuntosaliryhmä" must not find every "ryhmä").

Each distinct word is analysed once: the terms are memoised per ``(language, word)`` in a bounded dict.
Indexing 50 000 items sees the same few ten thousand words again and again, and a dict hit is far cheaper
than a Voikko or Snowball call.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

# Words as the FTS5 unicode61 tokenizer sees them: letters and digits. ``\w`` would also take ``_``,
# which unicode61 treats as a separator, so it is excluded here to keep both sides in step.
WORD_RE = re.compile(r"[^\W_]+")

STEMMER_LANGUAGES: dict[str, str] = {"fi": "finnish", "sv": "swedish", "en": "english"}
ANALYSERS = ("voikko", "snowball")
ANALYSER_ENV = "HYTE_KIOSK_ANALYSER"  # "snowball" forces the Finnish fallback

# Per-language memo bound; when a memo fills it is cleared (cheap, and the hot words come back at once).
MEMO_LIMIT = 200_000
MIN_PART = 3  # compound parts shorter than this are not indexed ("u" of "ulkoil+u+reitti")

# Bump when words(), the analysis or anything else here changes what stem_text returns: the cache
# records the version its full-text index was made with and re-indexes when it differs.
# 3: descriptions are no longer stemmed into the index (kiosk.cache.fts): a new index layout, so re-index.
STEMS_VERSION = "3"

_memo: dict[str, dict[str, str]] = {lang: {} for lang in STEMMER_LANGUAGES}
_query_memo: dict[str, tuple[str, ...]] = {}  # Finnish query word → its base forms (Voikko)
_local = threading.local()  # stemmer and Voikko objects are not thread-safe: one set per thread
_forced: str | None = None  # set by use_finnish_analyser()
_WORDBASE_RE = re.compile(r"\+([^+(]+)(?:\(([^)]*)\))?")


# --- which Finnish analyser ------------------------------------------------------------------------


def _voikko_handle() -> Any | None:
    """This thread's Voikko for Finnish, or ``None`` when the library or the dictionary is missing."""
    handle = getattr(_local, "voikko", False)
    if handle is False:
        handle = _open_voikko()
        _local.voikko = handle
    return handle


def _open_voikko() -> Any | None:
    try:
        import libvoikko
    except ImportError:
        return None
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException):  # no libvoikko.so.1, or no Finnish dictionary
        return None


@functools.cache
def voikko_available() -> bool:
    """Whether Voikko with a Finnish dictionary can be used on this machine."""
    return _open_voikko() is not None


def finnish_analyser() -> str:
    """``"voikko"`` when Finnish is analysed with Voikko, ``"snowball"`` when it falls back to the stemmer."""
    if _forced is not None:
        return _forced
    if os.environ.get(ANALYSER_ENV, "").strip().lower() == "snowball":
        return "snowball"
    return "voikko" if voikko_available() else "snowball"


def clear_memo() -> None:
    for memo in _memo.values():
        memo.clear()
    _query_memo.clear()


@contextlib.contextmanager
def use_finnish_analyser(name: str | None) -> Iterator[None]:
    """Analyse Finnish with ``name`` (``"voikko"`` or ``"snowball"``; ``None``: the default) inside the block.

    For tests and tools; the memos are cleared on the way in and out, so no term of the other leaks.
    """
    global _forced
    if name is not None and name not in ANALYSERS:
        raise ValueError(f"unknown analyser {name!r} (expected one of {', '.join(ANALYSERS)})")
    if name == "voikko" and not voikko_available():
        raise RuntimeError("Voikko with a Finnish dictionary is not installed")
    previous = _forced
    _forced = name
    clear_memo()
    try:
        yield
    finally:
        _forced = previous
        clear_memo()


def _library_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


@functools.cache
def _voikko_version() -> str:
    import libvoikko

    dicts = [f"{d.language}/{d.variant}: {d.description}" for d in libvoikko.Voikko.listDicts() if d.language == "fi"]
    return f"libvoikko {libvoikko.Voikko.getVersion()} ({'; '.join(dicts)})"


def stems_version() -> str:
    """This module's :data:`STEMS_VERSION` with the stemmer library, the Finnish analyser and their versions."""
    base = f"{STEMS_VERSION}/PyStemmer {_library_version('PyStemmer')}"
    if finnish_analyser() == "voikko":
        return f"{base}/fi: voikko, {_voikko_version()}"
    return f"{base}/fi: snowball"


def analyser_of_version(version: str | None) -> str:
    """Which Finnish analyser an index recorded as ``version`` (see :func:`stems_version`) was made with."""
    return "voikko" if version and "/fi: voikko" in version else "snowball"


# --- Snowball ---------------------------------------------------------------------------------------


def _make_stemmer(algorithm: str) -> Callable[[Sequence[str]], list[str]]:
    try:
        import Stemmer  # PyStemmer

        stemmer: Any = Stemmer.Stemmer(algorithm)
    except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
        import snowballstemmer

        stemmer = snowballstemmer.stemmer(algorithm)
    words: Callable[[Sequence[str]], list[str]] = stemmer.stemWords
    return words


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


def _snowball(tokens: Sequence[str], lang: str) -> list[str]:
    stems = _stemmer(lang)(tokens)
    return [_fix_finnish(s) for s in stems] if lang == "fi" else stems


def snowball_stem(word: str, lang: str) -> str:
    """The Snowball stem of one lowercased word in ``lang`` (fi, sv or en); the word itself otherwise."""
    return _snowball([word], lang)[0] if lang in STEMMER_LANGUAGES else word


# --- Voikko -----------------------------------------------------------------------------------------


def compound_parts(word: str, structure: str, base: str) -> list[str]:
    """The parts of a compound from Voikko's ``STRUCTURE`` (``=`` starts a part): the surfaces of all but
    the last part, and the last part's base form (``uimahalliin`` → ``uima``, ``halli``). Empty for a
    word of one part, or when the structure does not fit the word."""
    if structure.count("=") < 2 or len(structure) - structure.count("=") != len(word):
        return []
    surfaces: list[str] = []
    at = 0
    for mark in structure:
        if mark == "=":
            surfaces.append("")
            continue
        surfaces[-1] += word[at]
        at += 1
    first = "".join(surfaces[:-1])
    parts = [s.strip("-") for s in surfaces[:-1]]
    if base.startswith(first):
        parts.append(base[len(first) :].strip("-"))
    return parts


def _wordbases(value: str) -> list[str]:
    """The base forms of the parts in Voikko's ``WORDBASES`` (``+kunto(kunto)+sali(sali)``); derivation
    suffixes (``ta(+ta)``) are left out."""
    return [base.replace("=", "") for _, base in _WORDBASE_RE.findall(value) if base and not base.startswith("+")]


def _analyses(word: str) -> list[dict[str, Any]]:
    handle = _voikko_handle()
    return list(handle.analyze(word)) if handle is not None else []


def _voikko_terms(word: str) -> str | None:
    """The index terms of a Finnish word: base forms and compound parts, space-joined; ``None`` when Voikko
    does not know the word."""
    if not word.isalpha():
        return None  # numbers and codes: Snowball keeps them as they are
    found = _analyses(word)
    if not found:
        return None
    terms: dict[str, None] = {}
    for analysis in found:
        base = str(analysis.get("BASEFORM") or "").lower()
        if base:
            terms[base] = None
        for part in compound_parts(word, str(analysis.get("STRUCTURE") or ""), base):
            if len(part) >= MIN_PART:
                terms[part] = None
        for part in _wordbases(str(analysis.get("WORDBASES") or "").lower()):
            if len(part) >= MIN_PART:
                terms[part] = None
    return " ".join(terms) or None


def finnish_base_forms(word: str) -> tuple[str, ...]:
    """The base forms Voikko gives a Finnish query word (``()`` when it does not know it), memoised."""
    found = _query_memo.get(word)
    if found is None:
        bases = [str(a.get("BASEFORM") or "").lower() for a in _analyses(word)] if word.isalpha() else []
        found = tuple(dict.fromkeys(b for b in bases if b))
        if len(_query_memo) > MEMO_LIMIT:
            _query_memo.clear()
        _query_memo[word] = found
    return found


# --- the index side ---------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lowercased (NFC) word tokens of ``text``."""
    return WORD_RE.findall(unicodedata.normalize("NFC", text).lower())


def _analyse_new(tokens: Sequence[str], lang: str) -> dict[str, str]:
    """Terms of words not yet memoised: Voikko's for Finnish (Snowball for what it does not know)."""
    if lang == "fi" and finnish_analyser() == "voikko":
        out: dict[str, str] = {}
        unknown: list[str] = []
        for token in tokens:
            terms = _voikko_terms(token)
            if terms is None:
                unknown.append(token)
            else:
                out[token] = terms
        if unknown:
            out.update(zip(unknown, _snowball(unknown, lang), strict=True))
        return out
    return dict(zip(tokens, _snowball(tokens, lang), strict=True))


def stem_words(tokens: Sequence[str], lang: str) -> list[str]:
    """Terms of already lowercased tokens in ``lang`` (space-joined when a word has several); tokens of
    other languages come back unchanged."""
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
        new = _analyse_new(misses, lang)
        found.update(new)
        if len(memo) + len(new) > MEMO_LIMIT:
            memo.clear()
        memo.update(new)
    return [found[t] for t in tokens]


def stem_text(text: str, lang: str) -> str:
    """Space-joined terms of the words of ``text`` (lowercased); unanalysed words for other languages."""
    return stem_tokens(words(text), lang)


def stem_tokens(tokens: Sequence[str], lang: str) -> str:
    """Space-joined terms of tokens from :func:`words`; the tokens themselves for other languages."""
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


# --- the query side ---------------------------------------------------------------------------------


def stem_query_token(token: str, finnish: str | None = None) -> set[str]:
    """The terms of one query word: its Finnish base forms (Voikko) or Finnish stem (Snowball), and its
    Swedish and English stems.

    ``finnish`` is the analyser the index was made with (default: the one in use here), so that a query
    meets the index's own terms: Voikko's base forms where it knows the word, else the Snowball stem.
    """
    toks = words(token)
    if len(toks) != 1:
        return set(toks)
    word = toks[0]
    terms = {snowball_stem(word, lang) for lang in ("sv", "en")}
    bases = finnish_base_forms(word) if (finnish or finnish_analyser()) == "voikko" else ()
    if bases:
        terms.update(bases)
    else:
        terms.add(snowball_stem(word, "fi"))
    return terms
