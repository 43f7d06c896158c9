"""The synonyms content file: every bundled group is well-formed, and mistakes name the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.contentfile import ContentError
from kiosk.stemming import words
from kiosk.synonyms import DEFAULT_SYNONYMS_FILE, LANGUAGES, MAX_GROUP, all_words, load_synonyms


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "synonyms.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_synonyms(write(tmp_path, text))
    return info.value


def test_every_bundled_group_is_well_formed():
    synonyms = load_synonyms(DEFAULT_SYNONYMS_FILE)
    assert set(synonyms.groups) == set(LANGUAGES)
    for lang, groups in synonyms.groups.items():
        assert groups, f"no {lang} groups"
        for group in groups:
            assert 2 <= len(group) <= MAX_GROUP
            assert len(set(group)) == len(group)
            for word in group:
                assert words(word) == [word], f"{lang}: {word!r} is not one lowercase word"
    # the words each have a group
    fi = {w for lang, w in all_words(synonyms) if lang == "fi"}
    assert {"vanhus", "ikäihminen", "masennus", "mielenterveys", "uimahalli", "uinti"} <= fi


def test_groups_are_kept_per_language():
    synonyms = load_synonyms()
    assert "kuoro" in synonyms.of("laulu", "fi", voikko=True)
    assert "kuoro" not in synonyms.of("sång", "sv", voikko=True)
    assert synonyms.of("kör", "fi", voikko=True) == ()


def test_an_inflected_word_meets_its_group():
    synonyms = load_synonyms()
    assert "ikäihminen" in synonyms.of("vanhuksille", "fi", voikko=True)
    assert "äldre" in synonyms.of("pensionärer", "sv", voikko=True)
    assert "elderly" in synonyms.of("seniors", "en", voikko=True)


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ('[[fi]]\nwords = ["vanhus"]\n', 2, "words", "at least two words"),
        ('[[fi]]\nwords = ["vanhus", "vanhus"]\n', 2, "words", "listed twice"),
        ('\n[[sv]]\nwords = ["äldre", "gamla människor"]\n', 3, "words", "not one lowercase word"),
        ('[[en]]\nwords = ["Elderly", "senior"]\n', 2, "words", "not one lowercase word"),
        ('[[en]]\nwords = ["elderly", 3]\n', 2, "words", "not a word in quotes"),
        ('[[en]]\nwords = "elderly"\n', 2, "words", "expected a list"),
        ('[[en]]\nword = ["a", "b"]\n', 2, "word", "unknown field"),
        ('[[de]]\nwords = ["alt", "senior"]\n', 1, "de", "[[fi]], [[sv]] or [[en]] blocks"),
        ('[[fi]]\nwords = ["a", "b"\n', 2, None, "TOML syntax error"),
    ],
)
def test_mistakes_name_the_line_and_field(tmp_path: Path, text: str, line: int, field: str | None, message: str):
    error = error_for(tmp_path, text)
    assert error.line == line and error.field == field and message in str(error)
    assert "synonyms.toml" in str(error)


def test_an_empty_file_has_no_groups(tmp_path: Path):
    assert load_synonyms(write(tmp_path, "# nothing yet\n")).of("vanhus", "fi", voikko=True) == ()
