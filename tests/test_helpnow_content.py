"""The help-now content file: the bundled numbers, and errors that name the file, the line and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.contentfile import ContentError
from kiosk.helpnow import DEFAULT_HELPNOW_FILE, load_helpnow

# the second block starts on line 14 (every line of the first block, then an empty one)
GOOD = """\
[[line]]
key = "emergency"
kind = "emergency"
phone = "112"
name = { fi = "Hätänumero", sv = "Nödnumret", en = "Emergency number" }
text.fi = "Jos olet vaarassa, soita 112."
text.sv = "Om du är i fara, ring 112."
text.en = "If you are in danger, call 112."
hours = { fi = "Aina auki", sv = "Alltid öppet", en = "Always open" }
verified = false
verify = "check"
languages = ["fi", "sv", "en"]

[[line]]
key = "crisis"
kind = "crisis"
phone = "09 2525 0111"
name = { fi = "Kriisipuhelin", sv = "Kristelefonen", en = "Crisis helpline" }
text.fi = "Voit soittaa, kun on vaikeaa."
text.sv = "Du kan ringa när det känns svårt."
text.en = "You can call when things feel hard."
hours = { fi = "Aina auki", sv = "Alltid öppet", en = "Always open" }
verified = true
verify = "checked by the region"
languages = ["fi"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "helpnow.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_helpnow(write(tmp_path, text))
    return info.value


def test_every_language_of_the_kiosk_has_a_line_that_answers_in_it():
    helpnow = load_helpnow()
    for lang in ("fi", "sv", "en"):
        assert [line for line in helpnow.answering_in(lang) if line.kind != "emergency"], lang


def test_a_line_without_its_languages_is_refused(tmp_path):
    bad = GOOD.replace('languages = ["fi"]\n', "")
    error = error_for(tmp_path, bad)
    assert error.field == "languages" and error.line is not None and error.line > 12


def test_bundled_file_has_112_first_and_the_national_lines():
    helpnow = load_helpnow()
    assert helpnow.lines[0].phone == "112" and helpnow.emergency.kind == "emergency"
    phones = {line.phone for line in helpnow.lines}
    assert {"09 2525 0111", "09 2525 0112", "0800 147 111", "116 117", "116 006"} <= phones
    for line in helpnow.lines:
        for lang in ("fi", "sv", "en"):
            assert line.name(lang) and line.text(lang) and line.hours_text(lang)


def test_bundled_entries_are_all_marked_for_the_region_to_verify():
    helpnow = load_helpnow()
    assert helpnow.unverified() == helpnow.lines
    assert all(line.verify for line in helpnow.lines)
    text = DEFAULT_HELPNOW_FILE.read_text(encoding="utf-8")
    assert text.count("verified = false") == len(helpnow.lines)
    assert "BEFORE DEPLOYMENT" in text


def test_swedish_crisis_line_says_to_check_its_hours():
    line = next(line for line in load_helpnow().lines if line.phone == "09 2525 0112")
    assert "mieli.fi" in line.hours_text("sv") and "Kontrollera" in line.hours_text("sv")


def test_wording_is_gentle_and_plain():
    emergency = load_helpnow().emergency
    assert emergency.text("fi").startswith("Jos olet vaarassa, soita 112.")
    for line in load_helpnow().lines:
        for lang in ("fi", "sv", "en"):
            assert not re.search(r"(?i)suicid|itsemurh|självmord|psykos|diagnos", line.text(lang))


def test_texts_fall_back_when_a_language_is_missing(tmp_path):
    helpnow = load_helpnow(write(tmp_path, GOOD))
    assert helpnow.emergency.name("se") == "Hätänumero"
    assert helpnow.of_kind("crisis")[0].hours_text("sv") == "Alltid öppet"


def test_emergency_line_is_moved_first(tmp_path):
    blocks = GOOD.split("\n\n")
    helpnow = load_helpnow(write(tmp_path, blocks[1] + "\n\n" + blocks[0]))
    assert [line.key for line in helpnow.lines] == ["emergency", "crisis"]


def test_missing_swedish_name_names_file_line_and_field(tmp_path):
    text = GOOD.replace('sv = "Kristelefonen", ', "")
    error = error_for(tmp_path, text)
    assert error.file is not None and error.file.name == "helpnow.toml"
    assert error.line == 18 and error.field == "name.sv"
    assert str(error).startswith("helpnow.toml, line 18, field 'name.sv': ")
    assert "Swedish" in str(error)


def test_missing_dotted_language_points_at_the_texts_first_line(tmp_path):
    text = GOOD.replace('text.en = "If you are in danger, call 112."\n', "")
    error = error_for(tmp_path, text)
    assert (error.line, error.field) == (6, "text.en")


def test_bad_phone_number_is_reported_on_its_line(tmp_path):
    error = error_for(tmp_path, GOOD.replace('phone = "09 2525 0111"', 'phone = "call MIELI"'))
    assert (error.line, error.field) == (17, "phone")


def test_unknown_kind_is_reported(tmp_path):
    error = error_for(tmp_path, GOOD.replace('kind = "crisis"', 'kind = "hotline"'))
    assert (error.line, error.field) == (16, "kind")
    assert "'emergency', 'crisis', 'advice'" in str(error)


def test_missing_verify_note_names_the_block(tmp_path):
    error = error_for(tmp_path, GOOD.replace('verify = "checked by the region"\n', ""))
    assert (error.line, error.field) == (14, "verify")


def test_verified_must_be_true_or_false(tmp_path):
    error = error_for(tmp_path, GOOD.replace("verified = true", 'verified = "yes"'))
    assert (error.line, error.field) == (23, "verified")


def test_unknown_field_is_reported(tmp_path):
    error = error_for(tmp_path, GOOD.replace('verify = "check"', 'verify = "check"\nemail = "x@example.org"'))
    assert (error.line, error.field) == (12, "email")


def test_a_file_without_112_is_refused(tmp_path):
    error = error_for(tmp_path, GOOD.split("\n\n")[1])
    assert "emergency" in str(error) and error.field == "line"


def test_two_emergency_lines_are_refused(tmp_path):
    error = error_for(tmp_path, GOOD.replace('kind = "crisis"', 'kind = "emergency"'))
    assert (error.line, error.field) == (16, "kind")


def test_duplicate_key_is_refused(tmp_path):
    error = error_for(tmp_path, GOOD.replace('key = "crisis"', 'key = "emergency"'))
    assert (error.line, error.field) == (15, "key")


def test_toml_syntax_error_names_the_line(tmp_path):
    error = error_for(tmp_path, GOOD.replace('phone = "112"', 'phone = "112'))
    assert error.line == 4 and "syntax" in str(error)


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="not found"):
        load_helpnow(tmp_path / "nope.toml")
