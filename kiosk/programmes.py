"""Cards and referrals (programme badges): names and "how to get it", as content the region edits.

``kiosk/content/programmes.toml`` holds one ``[[programme]]`` per badge key with its name and a short
"how to get it" in fi, sv and en. :func:`load_programmes` reads and checks it; a mistake raises
:class:`kiosk.contentfile.ContentError` naming the file, the line and the field. A badge key the file does
not know is shown as the key itself, never hidden.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.contentfile import Node, read_content, unique

DEFAULT_PROGRAMMES_FILE = Path(__file__).resolve().parent / "content" / "programmes.toml"
_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
FALLBACK = ("fi", "sv", "en")


def _pick(values: dict[str, str], lang: str) -> str:
    for code in (lang, *FALLBACK):
        if code in values:
            return values[code]
    return next(iter(values.values()), "")


@dataclass(frozen=True)
class Programme:
    key: str
    names: dict[str, str]
    how: dict[str, str]

    def name(self, lang: str) -> str:
        return _pick(self.names, lang)

    def how_text(self, lang: str) -> str:
        return _pick(self.how, lang)


@dataclass(frozen=True)
class Programmes:
    by_key: dict[str, Programme]

    def name(self, key: str, lang: str) -> str:
        found = self.by_key.get(key)
        return found.name(lang) if found else key

    def how(self, key: str, lang: str) -> str | None:
        found = self.by_key.get(key)
        return found.how_text(lang) if found else None


def load_programmes(path: Path | None = None) -> Programmes:
    """Read and check a programmes file; ``None`` = the bundled ``kiosk/content/programmes.toml`` (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Programmes:
    return _load(DEFAULT_PROGRAMMES_FILE)


def _load(path: Path) -> Programmes:
    root = read_content(path).root()
    root.known(("programme",), hint="[[programme]] blocks")
    blocks = root.each("programme", required=True)
    programmes = [_programme(block) for block in blocks]
    unique(zip(blocks, (p.key for p in programmes), strict=True), "key", "programme")
    return Programmes({p.key: p for p in programmes})


def _programme(node: Node) -> Programme:
    node.known(("key", "name", "how"))
    key = node.text("key", pattern=_KEY_RE, what="a lowercase key such as 'kaikukortti'")
    return Programme(key=key, names=node.texts_per_language("name"), how=node.texts_per_language("how"))
