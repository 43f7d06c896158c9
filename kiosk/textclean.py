"""Untrusted text from any source becomes plain text (with at most PTV's small Markdown subset).

Sources send HTML, script, entities, control characters and ``javascript:`` links. Nothing here produces
markup: the output is meant for plain-text widgets, for the FTS index and for ``--json``. Rendering the
Markdown subset (``### ``, ``* ``/``- `` bullets, ``1. ``) safely is the UI's job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import nh3

from kiosk.model import Texts

MAX_NAME = 300
MAX_SUMMARY = 1_000
MAX_DESCRIPTION = 10_000
# What is read of a text at all, in characters per character kept: markup costs some, but a text many
# times longer than it may be shown is cut *before* any parsing or regex, so cleaning stays linear in a bound.
INPUT_FACTOR = 4
INPUT_SLACK = 256
MAX_PASSES = 6

_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})
_DROP_TAGS = frozenset({"script", "style", "iframe", "object", "template"})
# C0/C1 controls but tab and newline, zero-width and direction marks, and lone surrogates (not storable text)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BLOCK = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr)>")  # nh3's own output: no attributes, no spaces
_TAG_OPENER = re.compile(r"<(?=[A-Za-z!/?])")
_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_BLANKS = re.compile(r"\n{3,}")
_URL = re.compile(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", re.I)


def _one_pass(text: str) -> str:
    """One pass of a real HTML parser (html5ever, through nh3): tags dropped but block tags, which become
    line breaks; the content of script-like elements dropped; entities decoded once."""
    cleaned = nh3.clean(text, tags=_BLOCK_TAGS, attributes={}, clean_content_tags=_DROP_TAGS, strip_comments=True)
    return html.unescape(_BLOCK.sub("\n", cleaned))


def strip_markup(text: str) -> str:
    """Tags removed and entities decoded, repeated to a fixed point: what is left neither parses as a tag
    nor holds an entity (``<<<b>b>b>x`` → ``x``; ``&amp;lt;b&amp;gt;`` → ``""``). A text that still changes
    after :data:`MAX_PASSES` passes loses every ``<`` that could open a tag. Linear in the text's length
    (Python's own ``html.parser`` is not: an unclosed ``<a `` repeated takes quadratic time before 3.13)."""
    out = text
    for _ in range(MAX_PASSES):
        if "<" not in out and "&" not in out:
            return out
        before, out = out, _one_pass(out)
        if out == before:
            return out
    return _TAG_OPENER.sub("", out)


def plain(text: object, max_len: int = MAX_DESCRIPTION, *, single_line: bool = False) -> str:
    """Plain text from an untrusted string: tags removed, entities decoded, control characters dropped.

    Line structure is kept (block tags become line breaks) unless ``single_line``; the result is trimmed
    and cut at ``max_len`` characters with an ellipsis. Non-strings give ``""``. Input beyond
    ``max_len × INPUT_FACTOR`` (plus a little) is never looked at.
    """
    if not isinstance(text, str):
        return ""
    out = text[: max_len * INPUT_FACTOR + INPUT_SLACK]
    out = out.replace("\r\n", "\n").replace("\r", "\n")
    out = _CONTROL.sub("", out)
    out = strip_markup(out)
    out = _CONTROL.sub("", out)  # entities may have spelled control characters: &#1;
    out = _SPACES.sub(" ", out)
    if single_line:
        out = " ".join(out.split())
    else:
        out = "\n".join(line.strip() for line in out.split("\n"))
        out = _MANY_BLANKS.sub("\n\n", out)
    out = out.strip()
    if len(out) > max_len:
        out = out[: max_len - 1].rstrip() + "…"
    return out


def texts(values: Mapping[str, object] | None, max_len: int = MAX_DESCRIPTION, *, single_line: bool = False) -> Texts:
    """Per-language :func:`plain`; languages whose text ends up empty are left out."""
    out: Texts = {}
    for lang, value in (values or {}).items():
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang.strip().lower()):
            continue
        cleaned = plain(value, max_len, single_line=single_line)
        if cleaned:
            out[lang.strip().lower()] = cleaned
    return out


def name_texts(values: Mapping[str, object] | None) -> Texts:
    return texts(values, MAX_NAME, single_line=True)


def safe_link(url: object) -> str | None:
    """The URL if it is a plain http(s) address, else ``None`` (``javascript:``, ``data:``, blanks…)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if len(url) > 2000 or _CONTROL.search(url) or not _URL.match(url):
        return None
    return url


def safe_email(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > 254 or not re.fullmatch(r"[^@\s<>\"'():;,]+@[^@\s<>\"'():;,]+\.[A-Za-z]{2,}", value):
        return None
    return value
