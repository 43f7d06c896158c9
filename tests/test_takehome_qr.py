"""QR codes to a phone, read back with zbar: exactly the payload (ä, ö and å included, thanks to the UTF-8
ECI marker), at most ~150 bytes a code, numbered 1/n … n/n, together covering the whole list; links keep
the ids after '#', in ASCII."""

from __future__ import annotations

import dataclasses

from kiosk.takehome.document import Request, build_document
from kiosk.takehome.qr import MAX_BYTES, entry_text, link_payloads, png, qr_codes, size
from tests.takehome_support import LIST_IDS, NOW, items, zbar_one

TEMPLATE = "https://hyte.example.fi/lista#{ids}"


def round_trip(tmp_path, payload: str) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / f"code-{abs(hash(payload))}.png"
    path.write_bytes(png(payload))
    return zbar_one(path)


def test_text_codes_read_back_exactly_with_nordic_letters(tmp_path):
    doc = build_document(items(), Request(lang="sv"), NOW)
    codes = qr_codes(doc, LIST_IDS, link_mode=False, template=None)
    assert [c.label for c in codes] == ["1/4", "2/4", "3/4", "4/4"]
    assert any("å" in c.payload for c in codes) and any("ö" in c.payload for c in codes)
    for code in codes:
        assert size(code.payload) <= MAX_BYTES
        assert code.payload.startswith(f"{code.label} ")
        assert round_trip(tmp_path, code.payload) == code.payload


def test_the_codes_together_hold_every_item_name_time_place_and_phone():
    doc = build_document(items(), Request(), NOW)
    codes = qr_codes(doc, LIST_IDS, link_mode=False, template=None)
    for entry, code in zip(doc.entries, codes, strict=True):
        assert entry.title in code.payload
        assert entry.phones[0] in code.payload
        assert (entry.address or "") in code.payload
        assert entry.hours[0] in code.payload
    assert "Ikäihmisten kuntosali" in codes[0].payload and "ä" in codes[1].payload


def test_a_long_item_is_shortened_to_fit_and_still_reads_back(tmp_path):
    doc = build_document(items()[:1], Request(), NOW)
    entry = dataclasses.replace(doc.entries[0], title="Äänekoski-seuran " * 12,
                                address="Pitkä ja mutkainen Ölkytie 123 B, " * 5)
    text = entry_text(entry, 3, 4)
    assert size(text) <= MAX_BYTES
    assert text.startswith("3/4 Äänekoski") and text.endswith("08 555 8226")
    assert "…" in text
    assert round_trip(tmp_path, text) == text


def test_link_codes_are_ascii_with_the_ids_after_the_hash(tmp_path):
    doc = build_document(items(), Request(template=TEMPLATE), NOW)
    codes = qr_codes(doc, LIST_IDS, link_mode=True, template=TEMPLATE)
    assert len(codes) == 1
    link = codes[0].payload
    assert link == "https://hyte.example.fi/lista#" + ",".join(LIST_IDS)
    assert link.isascii() and round_trip(tmp_path, link) == link


def test_many_ids_are_spread_over_several_links_that_cover_the_list():
    ids = [f"ptv:0f1e2d3c-aaaa-4bbb-8ccc-{n:012d}" for n in range(6)]
    links = link_payloads(ids, TEMPLATE)
    assert len(links) > 1 and all(size(link) <= MAX_BYTES for link in links)
    carried = [i for link in links for i in link.split("#", 1)[1].split(",")]
    assert carried == ids


def test_ids_that_are_not_ascii_are_percent_encoded():
    (link,) = link_payloads(["local:kävely"], TEMPLATE)
    assert link.isascii() and link.endswith("#local:k%C3%A4vely")
