"""Untrusted description text → blocks of plain text, by an allow-listed Markdown subset.

Only PTV's small subset has a meaning here: a ``### `` heading (any level 1–6), ``* `` / ``- `` bullets,
``1. `` numbered items, and paragraphs separated by a blank line. Everything else is literal text: HTML,
entities and script are *shown as text, never interpreted* (the UI puts every block in a plain-text label),
and leftover inline Markdown is reduced to its words (``**bold**`` → ``bold``, ``[text](https://…)`` →
``text (https://…)``). Nothing here produces HTML or any other markup.

Control characters, bidirectional overrides (which can make text read backwards) and zero-width spaces are
removed; very long texts are cut so that one record cannot flood the screen.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk.views import Block

MAX_CHARS = 20_000
MAX_BLOCKS = 200

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t\u00a0]+")

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^[ \t]*[*\-+•][ \t]+(.*)$")
_NUMBER = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(.*)$")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\s*\)")
# spans are bounded ({1,300}) so that a long line full of unmatched markers cannot take quadratic time
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,300}?)(?<=[^\s_])_(?![\w_])")
_CODE = re.compile(r"`+([^`\n]{1,300}?)`+")
_STRIKE = re.compile(r"~~(?=\S)(.{1,300}?)(?<=\S)~~")
_HTTP = re.compile(r"^https?://\S+$", re.I)


def clean(text: str) -> str:
    """Normalised text: NFC, one kind of line break, no control or direction-changing characters."""
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    text = _NEWLINES.sub("\n", text)
    return _DROP.sub("", text)


def _link(match: re.Match[str]) -> str:
    image, label, url = match.group(1), match.group(2).strip(), match.group(3)
    if image:
        return label
    if _HTTP.match(url) and url != label:
        return f"{label} ({url})" if label else url
    return label or match.group(0)


def inline(text: str) -> str:
    """One line of text with inline Markdown reduced to its words; escapes (``\\*``) kept as the character."""
    escaped: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return chr(0xE000 + len(escaped) - 1)

    out = _ESCAPE.sub(hold, text)
    out = _LINK.sub(_link, out)
    out = _CODE.sub(r"\1", out)
    for _ in range(3):  # nested emphasis: ***a*** and **_a_**
        out = _STRONG.sub(r"\2", out)
        out = _EM_STAR.sub(r"\1", out)
        out = _EM_UNDER.sub(r"\1", out)
        out = _STRIKE.sub(r"\1", out)
    out = re.sub(r"[\ue000-\uf8ff]", lambda m: _held(escaped, ord(m.group(0)) - 0xE000), out)
    return _SPACES.sub(" ", out).strip()


def _held(escaped: list[str], index: int) -> str:
    return escaped[index] if 0 <= index < len(escaped) else ""


def parse(text: str | None) -> tuple[Block, ...]:
    """The blocks of a description: heading, bullet, number (with its number) or para (lines kept)."""
    if not text:
        return ()
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", "\n".join(para)))
            para.clear()

    for raw in clean(text).split("\n"):
        if not raw.strip() or _RULE.match(raw):
            flush()
            continue
        if (m := _HEADING.match(raw)) is not None:
            flush()
            _add(blocks, "heading", m.group(2))
        elif (m := _BULLET.match(raw)) is not None:
            flush()
            _add(blocks, "bullet", m.group(1))
        elif (m := _NUMBER.match(raw)) is not None:
            flush()
            _add(blocks, "number", m.group(2), int(m.group(1)))
        elif raw[:1] in (" ", "\t") and not para and blocks and blocks[-1].kind in ("bullet", "number"):
            last = blocks[-1]  # an indented line continues the list item above
            blocks[-1] = Block(last.kind, f"{last.text} {inline(raw)}".strip(), last.number)
        else:
            line = inline(_QUOTE.sub("", raw))
            if line:
                para.append(line)
        if len(blocks) >= MAX_BLOCKS:
            break
    flush()
    return tuple(blocks[:MAX_BLOCKS])


def _add(blocks: list[Block], kind: str, text: str, number: int | None = None) -> None:
    words = inline(text)
    if words:
        blocks.append(Block(kind, words, number))


def plain_text(blocks: tuple[Block, ...]) -> str:
    """The blocks as one plain string (for printing or reading aloud)."""
    lines = []
    for block in blocks:
        if block.kind == "bullet":
            lines.append(f"• {block.text}")
        elif block.kind == "number":
            lines.append(f"{block.number}. {block.text}")
        else:
            lines.append(block.text)
    return "\n\n".join(lines)
