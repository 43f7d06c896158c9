"""The help-now numbers: 112, crisis lines and advice lines, as content the region edits.

``kiosk/content/helpnow.toml`` holds one ``[[line]]`` per number with per-language wording (fi, sv and en
required), the number, its hours and a ``verified`` flag with a ``verify`` note (see the comments in the
file). :func:`load_helpnow` reads and checks it; a mistake raises :class:`kiosk.areas.ContentError` naming
the file, the line and the field. The help page needs nothing else to work: no cache, no network.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.areas import (
    REQUIRED_LANGUAGES,
    ContentError,
    PathPart,
    find_line,
    read_content_toml,
    toml_key_lines,
)

DEFAULT_HELPNOW_FILE = Path(__file__).resolve().parent / "content" / "helpnow.toml"

KINDS: tuple[str, ...] = ("emergency", "crisis", "advice")
FALLBACK: tuple[str, ...] = ("fi", "sv", "en")
_FIELDS = ("key", "kind", "phone", "name", "text", "hours", "verified", "verify")
_TEXT_FIELDS = ("name", "text", "hours")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_PHONE_RE = re.compile(r"^\+?[0-9](?:[0-9 ]*[0-9])?$")


@dataclass(frozen=True)
class HelpLine:
    """One number on the help page; texts per language code."""

    key: str
    kind: str  # emergency | crisis | advice
    phone: str  # as dialled, spaced for reading: "09 2525 0111"
    names: dict[str, str]
    texts: dict[str, str]
    hours: dict[str, str]
    verified: bool
    verify: str

    def name(self, lang: str) -> str:
        return _pick(self.names, lang)

    def text(self, lang: str) -> str:
        return _pick(self.texts, lang)

    def hours_text(self, lang: str) -> str:
        return _pick(self.hours, lang)


def _pick(values: dict[str, str], lang: str) -> str:
    for code in (lang, *FALLBACK):
        if code in values:
            return values[code]
    return next(iter(values.values()), "")


@dataclass(frozen=True)
class HelpNow:
    lines: tuple[HelpLine, ...]

    @property
    def emergency(self) -> HelpLine:
        return next(line for line in self.lines if line.kind == "emergency")

    def of_kind(self, kind: str) -> tuple[HelpLine, ...]:
        return tuple(line for line in self.lines if line.kind == kind)

    def unverified(self) -> tuple[HelpLine, ...]:
        """Entries the region has not yet checked (for staff and status reports, never for residents)."""
        return tuple(line for line in self.lines if not line.verified)


def load_helpnow(path: Path | None = None) -> HelpNow:
    """Read and check a help-now file; ``None`` = the bundled ``kiosk/content/helpnow.toml`` (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> HelpNow:
    return _load(DEFAULT_HELPNOW_FILE)


def _load(path: Path) -> HelpNow:
    text, data = read_content_toml(path)
    return _Reader(path, text).helpnow(data)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = toml_key_lines(text)

    def fail(self, where: Sequence[PathPart], message: str) -> ContentError:
        line = self.line_of(tuple(where))
        name = ".".join(str(p) for p in (where[2:] if len(where) > 2 and where[0] == "line" else where))
        return ContentError(self.path, line, name or None, message)

    def line_of(self, where: tuple[PathPart, ...]) -> int | None:
        """The line of ``where``; for a table written as dotted keys (``text.fi = …``), its first key."""
        probe = where
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            inside = [n for path, n in self.lines.items() if path[: len(probe)] == probe]
            if inside:
                return min(inside)
            probe = probe[:-1]
        return find_line(self.lines, where)

    def helpnow(self, data: dict[str, Any]) -> HelpNow:
        for key in data:
            if key != "line":
                raise self.fail((key,), "unknown field (expected [[line]] blocks)")
        raw_lines = data.get("line")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise self.fail(("line",), "no [[line]] blocks")
        lines: list[HelpLine] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_lines):
            line = self.line(index, raw)
            if line.key in seen:
                raise self.fail(("line", index, "key"), f"{line.key!r} is already used by line {seen[line.key] + 1}")
            seen[line.key] = index
            lines.append(line)
        emergencies = [i for i, line in enumerate(lines) if line.kind == "emergency"]
        if not emergencies:
            raise self.fail(("line",), 'no line with kind = "emergency" (the 112 entry is required)')
        if len(emergencies) > 1:
            raise self.fail(("line", emergencies[1], "kind"), 'only one line may have kind = "emergency"')
        first = emergencies[0]
        return HelpNow((lines[first], *lines[:first], *lines[first + 1 :]))

    def line(self, index: int, raw: Any) -> HelpLine:
        at: tuple[PathPart, ...] = ("line", index)
        if not isinstance(raw, dict):
            raise self.fail(at, "expected a table")
        for name in raw:
            if name not in _FIELDS:
                raise self.fail((*at, name), f"unknown field (expected one of {', '.join(_FIELDS)})")
        for name in _FIELDS:
            if name not in raw:
                raise self.fail((*at, name), f"missing field {name!r}")
        key = raw["key"]
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise self.fail((*at, "key"), f"{key!r} is not a lowercase key such as 'mieli-fi'")
        kind = raw["kind"]
        if kind not in KINDS:
            raise self.fail((*at, "kind"), f"{kind!r} is not one of {', '.join(repr(k) for k in KINDS)}")
        phone = raw["phone"]
        if not isinstance(phone, str) or not _PHONE_RE.match(phone.strip()):
            raise self.fail((*at, "phone"), f"{phone!r} is not a phone number such as '09 2525 0111'")
        verified = raw["verified"]
        if not isinstance(verified, bool):
            raise self.fail((*at, "verified"), f"{verified!r} is not true or false")
        verify = raw["verify"]
        if not isinstance(verify, str) or not verify.strip():
            raise self.fail((*at, "verify"), "write what to check (and, once checked, who checked it and when)")
        texts = {name: self.texts((*at, name), raw[name]) for name in _TEXT_FIELDS}
        return HelpLine(
            key=key,
            kind=kind,
            phone=" ".join(phone.split()),
            names=texts["name"],
            texts=texts["text"],
            hours=texts["hours"],
            verified=verified,
            verify=verify.strip(),
        )

    def texts(self, at: tuple[PathPart, ...], raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail(at, 'expected texts per language, such as { fi = "…", sv = "…", en = "…" }')
        out: dict[str, str] = {}
        for lang, value in raw.items():
            if not _LANG_RE.match(lang):
                raise self.fail((*at, lang), f"{lang!r} is not a language code such as 'fi'")
            if not isinstance(value, str) or not value.strip():
                raise self.fail((*at, lang), "expected a non-empty text")
            out[lang] = " ".join(value.split())
        for lang, language in REQUIRED_LANGUAGES.items():
            if lang not in out:
                raise self.fail((*at, lang), f"missing the {language} text ({lang})")
        return out
