"""Untrusted text from any source becomes plain text (with at most PTV's small Markdown subset).

Sources send HTML, script, entities, control characters and ``javascript:`` links. Nothing here produces
markup: the output is meant for plain-text widgets, for the FTS index and for ``--json``. Rendering the
Markdown subset (``### ``, ``* ``/``- `` bullets, ``1. ``) safely is the UI's job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from kiosk.model import Texts

MAX_NAME = 300
MAX_SUMMARY = 1_000
MAX_DESCRIPTION = 10_000

_BLOCK_TAG = re.compile(r"<\s*/?\s*(br|p|div|li|ul|ol|h[1-6]|tr)\b[^>]*>", re.I)
_DROP_WITH_CONTENT = re.compile(r"<\s*(script|style|iframe|object|template)\b[^>]*>.*?<\s*/\s*\1\s*>", re.I | re.S)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_BLANKS = re.compile(r"\n{3,}")
_URL = re.compile(r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$", re.I)


def plain(text: object, max_len: int = MAX_DESCRIPTION, *, single_line: bool = False) -> str:
    """Plain text from an untrusted string: tags removed, entities decoded, control characters dropped.

    Line structure is kept (block tags become line breaks) unless ``single_line``; the result is trimmed
    and cut at ``max_len`` characters with an ellipsis. Non-strings give ``""``.
    """
    if not isinstance(text, str):
        return ""
    out = text.replace("\r\n", "\n").replace("\r", "\n")
    out = _DROP_WITH_CONTENT.sub("", out)
    out = _BLOCK_TAG.sub("\n", out)
    out = _TAG.sub("", out)
    out = html.unescape(out)
    out = _TAG.sub("", out)  # entities may have hidden tags: &lt;script&gt;
    out = _CONTROL.sub("", out)
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
