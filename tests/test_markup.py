"""Descriptions: only the allow-listed Markdown subset has meaning; everything else stays literal plain text."""

from __future__ import annotations

from kiosk.markup import MAX_BLOCKS, inline, parse, plain_text
from kiosk.views import Block


def test_the_allowed_subset_becomes_blocks():
    text = "Ohjattu vuoro.\nToinen rivi.\n\n### Miten pääsen mukaan?\n* Tule paikalle.\n- Soita.\n1. Ensin\n2. Sitten"
    assert parse(text) == (
        Block("para", "Ohjattu vuoro.\nToinen rivi."),
        Block("heading", "Miten pääsen mukaan?"),
        Block("bullet", "Tule paikalle."),
        Block("bullet", "Soita."),
        Block("number", "Ensin", 1),
        Block("number", "Sitten", 2),
    )


def test_empty_and_missing_text_give_no_blocks():
    assert parse(None) == ()
    assert parse("  \n\n ") == ()
    assert parse("*  \n### \n") == ()


def test_html_is_shown_as_text_never_interpreted():
    hostile = '<script>alert("x")</script>\n<b>lihavoitu</b> <img src=x onerror=alert(1)>\n<a href="javascript:x">klik</a>'
    blocks = parse(hostile)
    assert blocks == (
        Block(
            "para",
            '<script>alert("x")</script>\n<b>lihavoitu</b> <img src=x onerror=alert(1)>\n<a href="javascript:x">klik</a>',
        ),
    )
    assert parse("&lt;b&gt; &amp;") == (Block("para", "&lt;b&gt; &amp;"),)


def test_hostile_heading_and_bullets_stay_literal_inside_their_block():
    blocks = parse("### <iframe src=evil></iframe>\n* <style>body{}</style>")
    assert blocks == (Block("heading", "<iframe src=evil></iframe>"), Block("bullet", "<style>body{}</style>"))


def test_leftover_inline_markup_is_reduced_to_words():
    assert inline("**Tärkeää:** tule *ajoissa* ja __ota__ `kortti`") == "Tärkeää: tule ajoissa ja ota kortti"
    assert inline("[Lisätietoja](https://esimerkki.example/a)") == "Lisätietoja (https://esimerkki.example/a)"
    assert inline("[klikkaa](javascript:alert(1))") == "klikkaa"
    assert inline("![kuva](https://x.example/k.png) teksti") == "kuva teksti"
    assert inline(r"\*ei korostusta\* 5 \# 2") == "*ei korostusta* 5 # 2"
    assert inline("snake_case_nimi ja posti@example.fi") == "snake_case_nimi ja posti@example.fi"
    assert inline("2 * 3 * 4") == "2 * 3 * 4"


def test_control_and_direction_characters_are_removed():
    blocks = parse("Hinta\u202e 01 €\u200b\x00\x07 tänään")
    assert blocks == (Block("para", "Hinta 01 € tänään"),)


def test_other_markdown_is_plain_text():
    blocks = parse("> lainaus\n---\n| a | b |\n#hashtag\n   continued")
    assert blocks == (Block("para", "lainaus"), Block("para", "| a | b |\n#hashtag\ncontinued"))


def test_indented_line_continues_a_list_item():
    assert parse("* Tule paikalle\n  ilman ilmoittautumista") == (
        Block("bullet", "Tule paikalle ilman ilmoittautumista"),
    )


def test_years_at_a_line_start_are_not_numbered_items():
    assert parse("2026. vuonna uusi ryhmä") == (Block("para", "2026. vuonna uusi ryhmä"),)


def test_very_long_text_is_cut():
    assert len(parse("\n\n".join(f"kappale {i}" for i in range(1000)))) == MAX_BLOCKS


def test_plain_text_round_trip_for_printing():
    blocks = parse("### Otsikko\n* yksi\n1. kaksi\nteksti")
    assert plain_text(blocks) == "Otsikko\n\n• yksi\n\n1. kaksi\n\nteksti"
