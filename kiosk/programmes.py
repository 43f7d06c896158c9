"""Cards and referrals (Kaikukortti, wellbeing, exercise and culture referrals): badges and how to get them.

Content: ``kiosk/content/programmes.toml`` (its comments document the fields). An item carries a badge when
its source says so (``TrayItem.programmes``, the local-additions column) or a ``[[badge]]`` block names the
item or its organisation. :func:`programmes_of` gives an item's badges in the catalogue's order; unknown
keys from a source are kept after the known ones (shown by their key) so nothing a source says is lost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.contentfile import Node, read_content, unique
from kiosk.model import TrayItem

DEFAULT_PROGRAMMES_FILE = Path(__file__).resolve().parent / "content" / "programmes.toml"
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ID_RE = re.compile(r"^[a-z0-9]+:\S+$")


def _pick(texts: Mapping[str, str], lang: str) -> str:
    for code in (lang, "fi", "sv", "en"):
        if code in texts:
            return texts[code]
    return ""


@dataclass(frozen=True)
class Programme:
    key: str
    names: dict[str, str]
    chips: dict[str, str]
    hows: dict[str, str]

    def name(self, lang: str) -> str:
        return _pick(self.names, lang)

    def chip(self, lang: str) -> str:
        return _pick(self.chips, lang)

    def how(self, lang: str) -> str:
        return _pick(self.hows, lang)


@dataclass(frozen=True)
class Programmes:
    programmes: tuple[Programme, ...]
    by_item: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_organisation: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def get(self, key: str) -> Programme | None:
        return next((p for p in self.programmes if p.key == key), None)

    def keys_of(self, item_id: str, organisation_id: str | None, own: Iterable[str]) -> tuple[str, ...]:
        """The badges of an item: its own and the content's, known ones in catalogue order, then the rest."""
        found = set(own) | set(self.by_item.get(item_id, ()))
        if organisation_id:
            found |= set(self.by_organisation.get(organisation_id, ()))
        known = [p.key for p in self.programmes if p.key in found]
        return (*known, *sorted(found - set(known)))

    def name(self, key: str, lang: str) -> str:
        programme = self.get(key)
        return programme.name(lang) if programme else key.capitalize()

    def how(self, key: str, lang: str) -> str | None:
        """How a resident gets it (``None`` for a key the file does not know)."""
        programme = self.get(key)
        return programme.how(lang) if programme else None


def programmes_of(item: TrayItem, catalogue: Programmes | None = None) -> tuple[str, ...]:
    cat = catalogue or load_programmes()
    org_id = item.organisation.id if item.organisation else None
    return cat.keys_of(item.id, org_id, item.programmes)


def load_programmes(path: Path | None = None) -> Programmes:
    """Read and check a programmes file; ``None`` = the bundled one (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Programmes:
    return _load(DEFAULT_PROGRAMMES_FILE)


def _load(path: Path) -> Programmes:
    root = read_content(path).root()
    root.known(("programme", "badge"))
    blocks = root.each("programme", required=True)
    programmes = tuple(_programme(b) for b in blocks)
    unique(zip(blocks, (p.key for p in programmes), strict=True), "key", "programme")
    keys = tuple(p.key for p in programmes)
    by_item: dict[str, list[str]] = {}
    by_org: dict[str, list[str]] = {}
    for badge in root.each("badge"):
        badge.known(("programme", "items", "organisations"))
        key = badge.choice("programme", keys, what="a [[programme]] key")
        for item_id in _ids(badge, "items", _ID_RE, "an item id such as 'ptv:…'"):
            by_item.setdefault(item_id, []).append(key)
        for org_id in _ids(badge, "organisations", re.compile(r"^\S+$"), "an organisation id"):
            by_org.setdefault(org_id, []).append(key)
    return Programmes(programmes, {k: tuple(v) for k, v in by_item.items()},
                      {k: tuple(v) for k, v in by_org.items()})


def _programme(node: Node) -> Programme:
    node.known(("key", "name", "chip", "how"))
    return Programme(
        key=node.text("key", pattern=_KEY_RE, what="a lowercase key such as 'kaikukortti'"),
        names=node.texts_per_language("name", noun="name"),
        chips=node.texts_per_language("chip", noun="chip text"),
        hows=node.texts_per_language("how", noun="how-to-get text"),
    )


def _ids(node: Node, key: str, pattern: re.Pattern[str], what: str) -> list[str]:
    values = node.list(key, [], what=f"a list of ids ({what})")
    for value in values:
        if not isinstance(value, str) or not pattern.match(value):
            raise node.fail(f"{value!r} is not {what}", key)
    return values


__all__ = ["Programme", "Programmes", "load_programmes", "programmes_of"]
