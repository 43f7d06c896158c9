"""Untrusted text to plain text: a real parser, to a fixed point, in linear time on bounded input."""

from __future__ import annotations

import time

import pytest

from kiosk.textclean import MAX_NAME, plain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<<<b>b>b>x", "x"),  # a regex pass left '<b>x'
        ('<a href="<a href=x>">y</a>z', "yz"),  # nested anchors
        ("&amp;lt;b&amp;gt;", ""),  # entities decoded to a fixed point: the tag they spell is removed too
        ("<scr<script>ipt>alert(1)</script>ok", "ipt>alert(1)ok"),  # HTML5: one tag named "scr<script"; text stays text
        ("<b>Bold</b> &amp; <i>it</i>", "Bold & it"),
        ("a < b & c; AT&T", "a < b & c; AT&T"),  # ordinary text keeps its signs
        ("Hinta <5 €", "Hinta <5 €"),
        ("x&nbsp;y", "x y"),
    ],
)
def test_markup_is_stripped_by_a_parser_to_a_fixed_point(raw, expected):
    assert plain(raw) == expected
    assert plain(plain(raw)) == plain(raw)


def test_block_tags_become_line_breaks_and_script_content_goes():
    assert plain("<p>Yksi</p><p>Kaksi<br>kolme</p><script>alert(1)</script>") == "Yksi\n\nKaksi\nkolme"
    assert plain("<p>Yksi</p><p>Kaksi</p>", single_line=True) == "Yksi Kaksi"


def test_lone_surrogates_and_control_characters_are_scrubbed():
    cleaned = plain("Kerho\ud800 \udfff\x85\x00\u202etänään&#1;")
    assert cleaned == "Kerho tänään"
    cleaned.encode("utf-8")  # storable


@pytest.mark.parametrize(
    "hostile",
    ["<script>" * 16_000, "a" * 1_000_000, "<a " * 50_000, "<" * 200_000, "<!--" * 50_000, "&amp;" * 50_000,
     "<" * 20_000 + "b>" * 20_000, "<b>" * 100_000],
    ids=["script-128k", "1MB-name", "unclosed-attrs", "lt", "comments", "entities", "nested", "deep-tags"],
)
def test_cleaning_hostile_text_takes_linear_time_on_bounded_input(hostile):
    started = time.perf_counter()
    plain(hostile)
    name = plain(hostile, MAX_NAME, single_line=True)
    assert time.perf_counter() - started < 0.5
    assert len(name) <= MAX_NAME
