"""The take-home PDF, read back with poppler: names with ä, ö and å, phones and hours in the text; only
embedded DejaVu fonts; sane page counts; discreet sheets without the sensitive titles; the same bytes
every time; the self-assessment picture only when given; every item's small QR code readable."""

from __future__ import annotations

import subprocess

import pytest

from kiosk.takehome.document import Request, build_document
from kiosk.takehome.fonts import FontMissing, font_file
from kiosk.takehome.pdf import LARGE, NORMAL, render_pdf
from tests.takehome_support import (
    LIST_IDS,
    NOW,
    SENSITIVE_IDS,
    demo_items,
    items,
    need,
    pdf_fonts,
    pdf_images,
    pdf_pages,
    pdf_text,
    ten_items,
    tiny_png,
    zbar,
)


def write(tmp_path, request=None, chosen=None, *, large=False, name="list.pdf"):  # type: ignore[no-untyped-def]
    doc = build_document(items() if chosen is None else chosen, request or Request(), NOW)
    path = tmp_path / name
    path.write_bytes(render_pdf(doc, large=large))
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_text_holds_names_with_nordic_letters_phones_and_hours(tmp_path):
    text = flat(pdf_text(write(tmp_path, Request(meeting_point="Kajaanin pääkirjasto"))))
    assert "Oma lista" in text and "Kajaanin pääkirjasto · 24.11.2026" in text
    assert "1. Ikäihmisten kuntosali" in text and "4. Liikuntaneuvonta" in text
    assert "08 555 8226" in text and "ti 13.00–14.30" in text
    assert "Osoite: Liikuntahalli, Terveystie 19, 87100 Kajaani" in text
    assert "Maksullinen. Kausimaksu 25 €." in text
    assert "Hätätilanteessa soita 112." in text and "09 2525 0111" in text


def test_the_order_on_paper_is_the_order_given(tmp_path):
    reordered = items(tuple(reversed(LIST_IDS)))
    text = flat(pdf_text(write(tmp_path, chosen=reordered)))
    assert text.index("1. Liikuntaneuvonta") < text.index("4. Ikäihmisten kuntosali")


def test_bilingual_says_everything_in_finnish_and_swedish(tmp_path):
    text = flat(pdf_text(write(tmp_path, Request(bilingual=True))))
    assert "Liikuntaneuvonta / Motionsrådgivning" in text
    assert "Ikäihmisten kuntosali / Gym för seniorer" in text
    assert "Oma lista / Min lista" in text and "Osoite / Adress" in text


def test_every_font_is_embedded_dejavu_and_helvetica_never_appears(tmp_path):
    for request, large in ((Request(), False), (Request(bilingual=True), True)):
        rows = pdf_fonts(write(tmp_path, request, large=large))
        assert rows, "no fonts listed"
        assert all(row[0].split("+")[-1].startswith("DejaVuSans") for row in rows), rows
        assert all(row[-5] == "yes" for row in rows), rows  # the "emb" column


def test_page_counts_are_sane(tmp_path):
    assert pdf_pages(write(tmp_path, chosen=[])) == 1
    normal = pdf_pages(write(tmp_path, chosen=ten_items(), name="ten.pdf"))
    large = pdf_pages(write(tmp_path, chosen=ten_items(), large=True, name="ten-large.pdf"))
    assert 2 <= normal <= 10 and normal <= large <= 14


def test_the_print_sizes_follow_the_brief():
    for sizes in (NORMAL, LARGE):
        assert 22 <= sizes.heading <= 24 and 22 <= sizes.title <= 24 and sizes.leading >= 1.5 * sizes.body
    assert NORMAL.body == 16 and LARGE.body == 20


def test_discreet_sheets_leave_out_the_sensitive_titles_and_organisers(tmp_path):
    text = flat(pdf_text(write(tmp_path, Request(discreet=True, bilingual=True))))
    for item_id in SENSITIVE_IDS:
        item = demo_items()[item_id]
        for name in item.names.values():
            assert name not in text
        assert item.organisation is not None
        for org in item.organisation.names.values():
            assert org not in text
    assert "2. Tapaaminen / Träff" in text and "Ikäihmisten kuntosali" in text
    assert "Mielenterveys" not in text and "Tupakasta" not in text
    assert "Mielenterveysseuran keskusteluryhmä" in flat(pdf_text(write(tmp_path, name="plain.pdf")))


def test_the_same_list_gives_the_same_bytes():
    doc = build_document(items(), Request(bilingual=True), NOW)
    assert render_pdf(doc) == render_pdf(doc)


def test_the_answers_picture_and_words_appear_only_when_given(tmp_path):
    plain = write(tmp_path, name="plain.pdf")
    assert pdf_images(plain) == 0 and "Vastauksesi" not in pdf_text(plain)
    request = Request(answers_picture=tiny_png(), answers_words=("Liikunta: haluan liikkua enemmän.",))
    given = write(tmp_path, request, name="answers.pdf")
    assert pdf_images(given) == 1
    text = flat(pdf_text(given))
    assert "Vastauksesi" in text and "Liikunta: haluan liikkua enemmän." in text


def test_each_item_has_a_readable_qr_code(tmp_path):
    need("pdftoppm")
    template = "https://hyte.example.fi/palvelu#{ids}"
    path = write(tmp_path, Request(template=template), items(LIST_IDS[:2]))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    found = zbar(next(tmp_path.glob("page*.png")))
    assert sorted(found) == sorted(template.replace("{ids}", i) for i in LIST_IDS[:2])


def test_an_item_without_a_page_gets_a_phone_link_and_discreet_items_never_their_web_address():
    from kiosk.takehome.document import item_link

    gym = demo_items()["demo:0001"]
    assert item_link(gym, None, discreet=False) == gym.web[0].url
    assert item_link(gym, None, discreet=True) == "tel:085558226"
    assert item_link(gym, "https://x.example/#{ids}", discreet=True) == "https://x.example/#demo:0001"


def test_a_missing_font_is_a_clear_error(tmp_path):
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        font_file("DejaVuSans", (tmp_path,))
