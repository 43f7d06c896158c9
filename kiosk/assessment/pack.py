"""A self-assessment pack: the questions, their answers and where each answer points, read from content.

The bundled pack is ``kiosk/content/assessment.toml`` (its comments document every field). A region can
give its own with :func:`load_pack`. Every error names the file, the line and the field, like every other
content file (:mod:`kiosk.contentfile`). The pack is checked against the content-area catalogue: an answer
can only point to an area that exists.

A pack is a sorter of interests and wishes, not a measurement: ``scored = true`` is reserved for a region's
own licensed instrument and is refused here until the engine supports one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.areas import AreaCatalogue, load_areas
from kiosk.contentfile import REQUIRED_LANGUAGES, Node, read_content, unique

DEFAULT_PACK_FILE = Path(__file__).resolve().parent.parent / "content" / "assessment.toml"
KINDS = ("single", "multi")
PREFERENCE_IDS = ("municipality", "free_only", "accessible", "remote", "language", "time_of_day")
PREFERENCE_KINDS = {"municipality": "place", "free_only": "flag", "accessible": "flag", "remote": "flag",
                    "language": "choice", "time_of_day": "choice"}
TIME_VALUES = ("morning", "afternoon", "evening")
MAX_WEIGHT = 3
MAX_WISH = 3

_ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
_PICTOGRAM_RE = re.compile(r"^(answers|areas|ui)/[a-z][a-z0-9-]*$")
_PACK_FIELDS = ("id", "version", "scored", "review", "sensitive")
_QUESTION_FIELDS = ("id", "domain", "kind", "text", "helper", "option")
_OPTION_FIELDS = ("id", "label", "pictogram", "areas", "reason", "wish", "safety", "words")
_PREFERENCE_FIELDS = ("id", "kind", "label", "values")


def _pick(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else Finnish, Swedish, English (every pack text has those three)."""
    for code in (lang, "fi", "sv", "en"):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), "")


@dataclass(frozen=True)
class Option:
    id: str
    labels: dict[str, str]
    pictogram: str
    areas: dict[str, int]  # content-area key → weight 1–3
    reason: str | None = None  # a key of Pack.reasons
    wish: int = 0  # 0–3: how much the answer asks for something (the picture of the answers)
    safety: bool = False  # support contacts come first
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # search words that fit it best, per language

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)

    def words_in(self, lang: str) -> tuple[str, ...]:
        for code in (lang, "fi"):
            if code in self.words:
                return self.words[code]
        return ()


@dataclass(frozen=True)
class Question:
    id: str
    domain: str
    kind: str  # single | multi
    texts: dict[str, str]
    helpers: dict[str, str]
    options: tuple[Option, ...]

    def text(self, lang: str) -> str:
        return _pick(self.texts, lang)

    def helper(self, lang: str) -> str:
        return _pick(self.helpers, lang)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Choice:
    id: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)


@dataclass(frozen=True)
class Preference:
    id: str  # one of PREFERENCE_IDS
    kind: str  # place | flag | choice
    labels: dict[str, str]
    values: tuple[Choice, ...] = ()

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang)


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    reviews: dict[str, str]
    domains: dict[str, dict[str, str]]  # key → names per language, in the file's order
    reasons: dict[str, dict[str, str]]  # key → chip texts per language
    questions: tuple[Question, ...]
    preferences: tuple[Preference, ...]
    fallback_areas: dict[str, int] = field(default_factory=dict)
    fallback_reason: str | None = None
    scored: bool = False
    sensitive: tuple[str, ...] = ()  # areas whose items are suggested only when an answer points there

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def preference(self, pref_id: str) -> Preference | None:
        return next((p for p in self.preferences if p.id == pref_id), None)

    def domain_name(self, key: str, lang: str) -> str:
        return _pick(self.domains.get(key, {}), lang) or key

    def reason_text(self, key: str, lang: str) -> str:
        return _pick(self.reasons.get(key, {}), lang)

    def review(self, lang: str) -> str:
        return _pick(self.reviews, lang)

    @property
    def steps(self) -> int:
        """Screens in the flow: one per question, and one for the practical wishes when there are any."""
        return len(self.questions) + (1 if self.preferences else 0)


# --- reading ----------------------------------------------------------------------------------------


def load_pack(path: Path | None = None, areas: AreaCatalogue | None = None) -> Pack:
    """Read and check a pack; ``None`` = the bundled one (cached). Answers may point only to ``areas``."""
    if path is None and areas is None:
        return _load_default()
    return _load(Path(path) if path is not None else DEFAULT_PACK_FILE, areas or load_areas())


@functools.lru_cache(maxsize=1)
def _load_default() -> Pack:
    return _load(DEFAULT_PACK_FILE, load_areas())


def _load(path: Path, areas: AreaCatalogue) -> Pack:
    root = read_content(path).root()
    root.known(("pack", "domains", "reasons", "question", "preference", "fallback"))
    head = root.table("pack")
    head.known(_PACK_FIELDS)
    if head.flag("scored", False):
        raise head.fail("scored packs need an engine that reports no score to residents; not supported yet",
                        "scored")
    domains = _named_table(root, "domains", "name")
    reasons = _named_table(root, "reasons", "reason")
    blocks = root.each("question", required=True)
    questions = tuple(_question(b, domains, reasons, areas) for b in blocks)
    unique(zip(blocks, (q.id for q in questions), strict=True), "id", "question")
    prefs_blocks = root.each("preference")
    preferences = tuple(_preference(b) for b in prefs_blocks)
    unique(zip(prefs_blocks, (p.id for p in preferences), strict=True), "id", "preference")
    fallback = root.table("fallback")
    fallback.known(("areas", "reason"))
    return Pack(
        id=head.text("id", pattern=_ID_RE, what="a lowercase id such as 'hyte-default'"),
        version=head.text("version"),
        reviews=head.texts_per_language("review", noun="review note"),
        domains=domains,
        reasons=reasons,
        questions=questions,
        preferences=preferences,
        fallback_areas=_weights(fallback, areas) if "areas" in fallback else {},
        fallback_reason=_reason_key(fallback, reasons),
        sensitive=_area_keys(head, "sensitive", areas),
    )


def _named_table(root: Node, key: str, noun: str) -> dict[str, dict[str, str]]:
    table = root.table(key)
    out: dict[str, dict[str, str]] = {}
    for name in table.keys():
        if not _ID_RE.match(name):
            raise table.fail(f"{name!r} is not a lowercase key such as 'company'", name)
        out[name] = table.texts_per_language(name, noun=noun)
    if not out:
        raise root.fail(f"no [{key}]", key)
    return out


def _question(node: Node, domains: Mapping[str, object], reasons: Mapping[str, object],
              areas: AreaCatalogue) -> Question:
    node.known(_QUESTION_FIELDS)
    blocks = node.each("option", required=True)
    options = tuple(_option(b, reasons, areas) for b in blocks)
    unique(zip(blocks, (o.id for o in options), strict=True), "id", "option")
    return Question(
        id=node.text("id", pattern=_ID_RE, what="a lowercase id such as 'moving'"),
        domain=node.choice("domain", tuple(domains), what="a key of [domains]"),
        kind=node.choice("kind", KINDS),
        texts=node.texts_per_language("text", noun="question"),
        helpers=node.texts_per_language("helper", noun="helper prompt"),
        options=options,
    )


def _option(node: Node, reasons: Mapping[str, object], areas: AreaCatalogue) -> Option:
    node.known(_OPTION_FIELDS)
    return Option(
        id=node.text("id", pattern=_ID_RE, what="a lowercase id such as 'more'"),
        labels=node.texts_per_language("label", noun="label"),
        pictogram=node.text("pictogram", pattern=_PICTOGRAM_RE, what="a picture such as 'answers/face-3'"),
        areas=_weights(node, areas),
        reason=_reason_key(node, reasons),
        wish=node.integer("wish", 0, MAX_WISH, 0),
        safety=node.flag("safety", False),
        words=_words(node),
    )


def _words(node: Node) -> dict[str, tuple[str, ...]]:
    """``words = { fi = ["alkoholi"], sv = ["alkohol"] }``: search words per language (optional)."""
    if "words" not in node:
        return {}
    table = node.table("words", what='search words per language, such as { fi = ["kuoro"], sv = ["kör"] }')
    out: dict[str, tuple[str, ...]] = {}
    for lang in table.keys():
        values = table.list(lang, what='a list of words such as ["kuoro", "laulu"]')
        if not re.match(r"^[a-z]{2,3}$", lang) or not values or not all(isinstance(w, str) and w.strip() for w in values):
            raise table.fail('expected a language code and a list of words such as ["kuoro", "laulu"]', lang)
        out[lang] = tuple(w.strip() for w in values)
    return out


def _weights(node: Node, areas: AreaCatalogue) -> dict[str, int]:
    table = node.table("areas", what="areas with weights, such as { sports = 3 }")
    if "areas" not in node:
        raise node.fail("missing field 'areas' (write areas = {} for an answer that points nowhere)", "areas")
    out: dict[str, int] = {}
    for key in table.keys():
        if key not in areas:
            raise table.fail(f"{key!r} is not a content area (see areas.toml: {', '.join(areas.keys)})", key)
        out[key] = table.integer(key, 1, MAX_WEIGHT)
    return out


def _area_keys(node: Node, key: str, areas: AreaCatalogue) -> tuple[str, ...]:
    values = node.list(key, [], what='a list of content-area keys such as ["mental", "substances"]')
    for value in values:
        if value not in areas:
            raise node.fail(f"{value!r} is not a content area (see areas.toml)", key)
    return tuple(values)


def _reason_key(node: Node, reasons: Mapping[str, object]) -> str | None:
    if "reason" not in node:
        return None
    return node.choice("reason", tuple(reasons), what="a key of [reasons]")


def _preference(node: Node) -> Preference:
    node.known(_PREFERENCE_FIELDS)
    pref_id = node.choice("id", PREFERENCE_IDS)
    kind = node.choice("kind", ("place", "flag", "choice"))
    if kind != PREFERENCE_KINDS[pref_id]:
        raise node.fail(f"{pref_id!r} is a {PREFERENCE_KINDS[pref_id]!r} preference", "kind")
    values: list[Choice] = []
    if kind == "choice":
        raw = node.list("values", what="a list of { id = …, label = { fi = …, sv = …, en = … } }")
        allowed = TIME_VALUES if pref_id == "time_of_day" else None
        for entry in raw:
            values.append(_value(node, entry, allowed))
        if not values:
            raise node.fail("no values", "values")
    elif "values" in node:
        raise node.fail(f"a {kind!r} preference has no values", "values")
    return Preference(id=pref_id, kind=kind, labels=node.texts_per_language("label", noun="label"),
                      values=tuple(values))


def _value(node: Node, entry: object, allowed: tuple[str, ...] | None) -> Choice:
    if not isinstance(entry, dict) or set(entry) != {"id", "label"}:
        raise node.fail("each value is { id = …, label = { fi = …, sv = …, en = … } }", "values")
    value_id, labels = entry["id"], entry["label"]
    ok_id = isinstance(value_id, str) and (value_id in allowed if allowed else bool(re.match(r"^[a-z]{2,3}$", value_id)))
    if not ok_id:
        expected = ", ".join(allowed) if allowed else "a language code"
        raise node.fail(f"{value_id!r} is not a value here (expected {expected})", "values")
    if not isinstance(labels, dict) or any(not isinstance(labels.get(c), str) or not labels[c].strip()
                                            for c in REQUIRED_LANGUAGES):
        raise node.fail(f"value {value_id!r}: a label in fi, sv and en is needed", "values")
    return Choice(value_id, {k: " ".join(v.split()) for k, v in labels.items() if isinstance(v, str)})


__all__ = ["Choice", "DEFAULT_PACK_FILE", "Option", "Pack", "Preference", "Question", "load_pack"]
