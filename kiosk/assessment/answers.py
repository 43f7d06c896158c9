"""A resident's answers: in memory only, checked against the pack, and what they said in words.

:class:`Answers` is a frozen value (the session replaces it on every tap); nothing of it is ever written
anywhere. :func:`parse_answers` reads the answers file of ``hyte-kiosk recommend`` (see
``docs/self-assessment.md``) and names every unknown question, option or preference.
:func:`said` is the picture of the answers: for each part of life that was answered, the words chosen —
what the resident said, never a score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.assessment.pack import Pack, Question

_MUNI_RE = re.compile(r"^\d{3}$")


class AnswerError(ValueError):
    """Answers name questions, options or preferences the pack does not have; ``unknown`` lists them."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__("unknown in the answers: " + ", ".join(unknown))


@dataclass(frozen=True)
class Preferences:
    municipality: str | None = None  # a 3-digit code
    free_only: bool = False
    accessible: bool = False
    remote: bool = False  # by phone or online
    language: str | None = None
    time_of_day: str | None = None  # morning | afternoon | evening

    def is_empty(self) -> bool:
        return self == Preferences()


@dataclass(frozen=True)
class Answers:
    """Question id → the chosen option ids (an empty tuple: "I'd rather not answer")."""

    chosen: tuple[tuple[str, tuple[str, ...]], ...] = ()
    preferences: Preferences = field(default_factory=Preferences)

    def get(self, question_id: str) -> tuple[str, ...] | None:
        """The options chosen, ``()`` when skipped, ``None`` when not reached."""
        return dict(self.chosen).get(question_id)

    def with_answer(self, question_id: str, option_ids: tuple[str, ...]) -> Answers:
        rest = tuple((q, o) for q, o in self.chosen if q != question_id)
        return replace(self, chosen=(*rest, (question_id, tuple(option_ids))))

    def with_preferences(self, preferences: Preferences) -> Answers:
        return replace(self, preferences=preferences)

    def is_empty(self) -> bool:
        return not any(ids for _, ids in self.chosen) and self.preferences.is_empty()


def chosen_options(pack: Pack, answers: Answers) -> list[tuple[Question, str]]:
    """(question, option id) for every chosen option the pack knows, in the pack's order."""
    out = []
    for question in pack.questions:
        for option_id in answers.get(question.id) or ():
            if question.option(option_id) is not None:
                out.append((question, option_id))
    return out


def support_first(pack: Pack, answers: Answers) -> bool:
    """Whether an answer asks for support to come first (a safety option was chosen)."""
    for question, option_id in chosen_options(pack, answers):
        option = question.option(option_id)
        if option is not None and option.safety:
            return True
    return False


# --- the answers file -----------------------------------------------------------------------------


def parse_answers(pack: Pack, data: Any) -> Answers:
    """``{"answers": {QUESTION: OPTION or [OPTION, …]}, "preferences": {…}}`` → :class:`Answers`."""
    if not isinstance(data, Mapping):
        raise AnswerError(["the answers file is not a JSON object"])
    unknown = [f"key {k!r}" for k in data if k not in ("answers", "preferences")]
    chosen: list[tuple[str, tuple[str, ...]]] = []
    raw = data.get("answers", {})
    if not isinstance(raw, Mapping):
        raise AnswerError(["'answers' is not an object"])
    for question_id, value in raw.items():
        question = pack.question(question_id)
        if question is None:
            unknown.append(f"question {question_id!r}")
            continue
        ids = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if ids is None or not all(isinstance(i, str) for i in ids):
            unknown.append(f"answer to {question_id!r} (expected an option id or a list of them)")
            continue
        if question.kind == "single" and len(ids) > 1:
            unknown.append(f"answer to {question_id!r} (one option only)")
        unknown += [f"option {question_id}.{i}" for i in ids if question.option(i) is None]
        chosen.append((question_id, tuple(ids)))
    preferences = _preferences(pack, data.get("preferences", {}), unknown)
    if unknown:
        raise AnswerError(unknown)
    return Answers(tuple(chosen), preferences)


def _preferences(pack: Pack, raw: Any, unknown: list[str]) -> Preferences:
    if not isinstance(raw, Mapping):
        unknown.append("'preferences' is not an object")
        return Preferences()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        pref = pack.preference(key)
        if pref is None:
            unknown.append(f"preference {key!r}")
        elif pref.kind == "flag" and isinstance(value, bool):
            values[key] = value
        elif pref.kind == "place" and (value is None or (isinstance(value, str) and _MUNI_RE.match(value))):
            values[key] = value
        elif pref.kind == "choice" and (value is None or value in {c.id for c in pref.values}):
            values[key] = value
        else:
            unknown.append(f"preference value {key}={value!r}")
    return Preferences(**values)


# --- what was said ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """One part of life in the picture of the answers: its name, the words chosen, how much was asked for."""

    domain: str
    name: str
    answer: str  # the chosen labels, joined; "" when skipped
    wish: int  # 0–3, the largest of the chosen options (drawn as how far the slice reaches)
    skipped: bool = False


def said(pack: Pack, answers: Answers, lang: str) -> tuple[Said, ...]:
    """Per domain (in the pack's order), what the resident chose; domains not reached are left out."""
    by_domain: dict[str, list[tuple[str, int]]] = {}
    reached: dict[str, bool] = {}
    for question in pack.questions:
        ids = answers.get(question.id)
        if ids is None:
            continue
        reached.setdefault(question.domain, False)
        for option_id in ids:
            option = question.option(option_id)
            if option is not None:
                reached[question.domain] = True
                by_domain.setdefault(question.domain, []).append((option.label(lang), option.wish))
    out = []
    for domain in pack.domains:
        if domain not in reached:
            continue
        chosen = by_domain.get(domain, [])
        out.append(Said(
            domain=domain,
            name=pack.domain_name(domain, lang),
            answer=", ".join(label for label, _ in chosen),
            wish=max((w for _, w in chosen), default=0),
            skipped=not chosen,
        ))
    return tuple(out)


__all__ = ["AnswerError", "Answers", "Preferences", "Said", "chosen_options", "parse_answers", "said",
           "support_first"]
