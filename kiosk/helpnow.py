"""The help-now numbers: 112, crisis lines and advice lines, as content the region edits.

``kiosk/content/helpnow.toml`` holds one ``[[line]]`` per number with per-language wording (fi, sv and en
required), the number, its hours, the languages it answers in (``languages``) and a ``verified`` flag with a ``verify`` note (see the comments in the
file). :func:`load_helpnow` reads and checks it; a mistake raises :class:`kiosk.contentfile.ContentError` naming
the file, the line and the field. The help page needs nothing else to work: no cache, no network.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.contentfile import Node, read_content, unique

DEFAULT_HELPNOW_FILE = Path(__file__).resolve().parent / "content" / "helpnow.toml"

KINDS: tuple[str, ...] = ("emergency", "crisis", "advice")
FALLBACK: tuple[str, ...] = ("fi", "sv", "en")
_FIELDS = ("key", "kind", "phone", "name", "text", "hours", "languages", "verified", "verify")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_TEXT_FIELDS = ("name", "text", "hours")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
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
    languages: tuple[str, ...] = ()  # the languages someone answers in ("fi", "sv", "en", …)

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

    def answering_in(self, lang: str) -> tuple[HelpLine, ...]:
        """The lines someone answers in ``lang`` (the help page makes sure an English page has one)."""
        return tuple(line for line in self.lines if lang in line.languages)

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
    root = read_content(path).root()
    root.known(("line",), hint="[[line]] blocks")
    blocks = root.each("line", required=True)
    lines = [_line(block) for block in blocks]
    unique(zip(blocks, (line.key for line in lines), strict=True), "key", "line")
    emergencies = [i for i, line in enumerate(lines) if line.kind == "emergency"]
    if not emergencies:
        raise root.fail('no line with kind = "emergency" (the 112 entry is required)', "line")
    if len(emergencies) > 1:
        raise blocks[emergencies[1]].fail('only one line may have kind = "emergency"', "kind")
    first = emergencies[0]
    return HelpNow((lines[first], *lines[:first], *lines[first + 1 :]))


def _line(node: Node) -> HelpLine:
    node.known(_FIELDS)
    for name in _FIELDS:
        if name not in node:
            raise node.fail(f"missing field {name!r}", name)
    key = node.text("key", pattern=_KEY_RE, what="a lowercase key such as 'mieli-fi'")
    kind = node.choice("kind", KINDS)
    phone = node.text("phone", pattern=_PHONE_RE, what="a phone number such as '09 2525 0111'")
    languages = node.list("languages", what='a list of language codes such as ["fi", "sv"]')
    if not languages or not all(isinstance(code, str) and _LANG_RE.match(code) for code in languages):
        raise node.fail('expected the languages the line answers in, such as ["fi", "sv"]', "languages")
    verified = node.flag("verified")
    verify = node.value("verify")
    if not isinstance(verify, str) or not verify.strip():
        raise node.fail("write what to check (and, once checked, who checked it and when)", "verify")
    texts = {name: node.texts_per_language(name) for name in _TEXT_FIELDS}
    return HelpLine(
        key=key,
        kind=kind,
        phone=" ".join(phone.split()),
        names=texts["name"],
        texts=texts["text"],
        hours=texts["hours"],
        verified=verified,
        verify=verify.strip(),
        languages=tuple(dict.fromkeys(languages)),
    )
