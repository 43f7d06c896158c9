"""The list to a phone as QR codes, made on the kiosk (no hosted generator, no shortener, nothing stored).

Two modes:

- **link** (a public page template is configured): the item ids go after '#' of the region's public page,
  so they never reach a server; ASCII only, small codes; more codes only when the ids do not fit one.
- **text** (otherwise): one code per item holding its name, time, place and phone as UTF-8 text, each at
  most :data:`MAX_BYTES` bytes (long fields are shortened with "…"), numbered "1/4" … "4/4".

QR codes are read as Latin-1 unless they say otherwise, so text that is not ASCII carries the UTF-8 ECI
marker (ECI 26): segno writes it (``encoding="utf-8", eci=True``); python-qrcode 8 writes UTF-8 bytes
without the marker, and a reader such as zbar then shows "Ã¤" for "ä".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.model import TrayItem
from kiosk.takehome.document import Document, Entry, Request, build_document, public_page
from kiosk.takehome.settings import TakeHomeSettings

MAX_BYTES = 150
ELLIPSIS = "…"


@dataclass(frozen=True)
class QrCode:
    index: int  # 1-based
    total: int
    payload: str

    @property
    def label(self) -> str:
        return f"{self.index}/{self.total}"


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def link_payloads(ids: Sequence[str], template: str, max_bytes: int = MAX_BYTES) -> list[str]:
    """Links to the public page with as many ids after '#' as fit in ``max_bytes`` each (at least one)."""
    out: list[str] = []
    group: list[str] = []
    for item_id in ids:
        if group and size(public_page(template, (*group, item_id)) or "") > max_bytes:
            out.append(public_page(template, group) or "")
            group = []
        group.append(item_id)
    if group:
        out.append(public_page(template, group) or "")
    return out


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, at a word where possible, ending with "…"."""
    if size(text) <= limit:
        return text
    room = limit - size(ELLIPSIS)
    cut = text.encode("utf-8")[: max(room, 0)].decode("utf-8", errors="ignore")
    if " " in cut[len(cut) // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;") + ELLIPSIS


def entry_text(entry: Entry, index: int, total: int, max_bytes: int = MAX_BYTES) -> str:
    """"2/4 Name\\ntime\\nplace\\nphone" within ``max_bytes``: the name and time are shortened last."""
    time = ", ".join(entry.hours) or entry.next_opening or ""
    phone = entry.phones[0].split(" (")[0] if entry.phones else ""
    fields = [f"{index}/{total} {entry.title}", time, entry.address or "", phone]
    shrink_order = (2, 1, 0)  # place, time, name; the number and the phone are never cut
    for which in shrink_order:
        over = size("\n".join(f for f in fields if f)) - max_bytes
        if over <= 0:
            break
        fields[which] = _shorten(fields[which], max(size(fields[which]) - over, 12))
    text = "\n".join(f for f in fields if f)
    return text if size(text) <= max_bytes else _shorten(text, max_bytes)


def text_payloads(doc: Document, max_bytes: int = MAX_BYTES) -> list[str]:
    total = len(doc.entries)
    return [entry_text(entry, n, total, max_bytes) for n, entry in enumerate(doc.entries, start=1)]


def qr_codes(doc: Document, ids: Sequence[str], *, link_mode: bool, template: str | None,
             max_bytes: int = MAX_BYTES) -> list[QrCode]:
    """The codes for a list: links when ``link_mode`` and a template is given, else the text of each item."""
    if link_mode and template is not None:
        payloads = link_payloads(ids, template, max_bytes)
    else:
        payloads = text_payloads(doc, max_bytes)
    return [QrCode(n, len(payloads), p) for n, p in enumerate(payloads, start=1)]


def make(payload: str) -> object:
    """A segno QR code for ``payload``: UTF-8 with the ECI marker unless it is plain ASCII."""
    import segno

    if payload.isascii():
        return segno.make(payload, error="m", micro=False)
    return segno.make(payload, error="m", micro=False, encoding="utf-8", eci=True)


def png(payload: str, *, scale: int = 10, border: int = 4) -> bytes:
    """The code as PNG bytes, black on white (segno writes PNG itself: no Pillow needed)."""
    out = io.BytesIO()
    make(payload).save(out, kind="png", scale=scale, border=border, dark="#000000", light="#ffffff")  # type: ignore[attr-defined]
    return out.getvalue()


def codes_for_items(items: Sequence[TrayItem], *, lang: str, now: datetime, settings: TakeHomeSettings,
                    scale: int = 12) -> list[tuple[QrCode, bytes]]:
    """The codes of a list with their PNG pictures (the QR page shows them; nothing is written to disk)."""
    doc = build_document(items, Request(lang=lang, template=settings.public_page_template), now)
    codes = qr_codes(doc, [i.id for i in items], link_mode=settings.link_mode, template=settings.public_page_template)
    return [(code, png(code.payload, scale=scale)) for code in codes]
