"""The one reader behind every content file and the config: BOM, JSON with lines, and the cursor's errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kiosk.areas import DEFAULT_AREAS_FILE, load_areas
from kiosk.contentfile import ContentError, Node, json_key_lines, read_content
from kiosk.helpnow import load_helpnow
from tests.test_helpnow_content import GOOD as HELPNOW_TOML

HELPNOW = {
    "line": [
        {
            "key": "emergency",
            "kind": "emergency",
            "phone": "112",
            "name": {"fi": "Hätänumero", "sv": "Nödnumret", "en": "Emergency number"},
            "text": {"fi": "Soita 112.", "sv": "Ring 112.", "en": "Call 112."},
            "hours": {"fi": "Aina", "sv": "Alltid", "en": "Always"},
            "languages": ["fi", "sv", "en"],
            "verified": False,
            "verify": "check",
        }
    ]
}


def root_of(tmp_path: Path, name: str, text: str) -> Node:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_content(path).root()


def test_a_toml_content_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "helpnow.toml"
    path.write_bytes(b"\xef\xbb\xbf" + HELPNOW_TOML.encode("utf-8"))
    assert [line.key for line in load_helpnow(path).lines] == ["emergency", "crisis"]
    areas = tmp_path / "areas.toml"
    areas.write_bytes(b"\xef\xbb\xbf" + DEFAULT_AREAS_FILE.read_bytes())
    assert load_areas(areas).keys == load_areas().keys


def test_a_byte_order_mark_does_not_shift_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "helpnow.toml"
    path.write_bytes(b"\xef\xbb\xbf" + HELPNOW_TOML.replace('phone = "112"', 'phone = "x"').encode("utf-8"))
    with pytest.raises(ContentError) as info:
        load_helpnow(path)
    assert (info.value.line, info.value.field) == (4, "phone")


def test_a_json_content_file_loads_and_its_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "helpnow.json"
    path.write_text(json.dumps(HELPNOW, ensure_ascii=False, indent=2), encoding="utf-8")
    assert load_helpnow(path).emergency.phone == "112"

    without_swedish = copy.deepcopy(HELPNOW)
    del without_swedish["line"][0]["text"]["sv"]  # type: ignore[index, attr-defined]
    path.write_text(json.dumps(without_swedish, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_helpnow(path)
    err = info.value
    text_line = path.read_text(encoding="utf-8").splitlines().index('      "text": {') + 1
    assert (err.line, err.field) == (text_line, "text.sv")  # the missing key: its table's line
    assert str(err).startswith(f"helpnow.json, line {text_line}, field 'text.sv': missing Swedish text")


def test_a_json_value_error_names_its_own_line(tmp_path: Path) -> None:
    text = json.dumps(HELPNOW, ensure_ascii=False, indent=2).replace('"112"', '"one-one-two"')
    path = tmp_path / "helpnow.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_helpnow(path)
    assert info.value.line == text.splitlines().index('      "phone": "one-one-two",') + 1
    assert info.value.field == "phone"


def test_a_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "helpnow.json"
    path.write_text('{\n  "line": [\n    {"key": "x",}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_helpnow(path)
    assert info.value.line == 3 and "JSON syntax error" in str(info.value)


def test_json_key_lines_track_objects_lists_and_strings_with_brackets() -> None:
    text = '{\n "a": {"b": 1,\n  "c": "x]},[{"},\n "d": [\n  {"e": 2},\n  [3,\n   4]\n ]\n}'
    assert json.loads(text)  # valid JSON
    lines = json_key_lines(text)
    assert lines[("a",)] == 2 and lines[("a", "b")] == 2 and lines[("a", "c")] == 3
    assert lines[("d",)] == 4 and lines[("d", 0)] == 5 and lines[("d", 0, "e")] == 5
    assert lines[("d", 1)] == 6 and lines[("d", 1, 1)] == 7


def test_unknown_keys_are_named_with_the_allowed_ones(tmp_path: Path) -> None:
    root = root_of(tmp_path, "c.toml", 'a = 1\n\n[t]\nx = 1\ny = 2\n')
    with pytest.raises(ContentError) as info:
        root.table("t").known(("x", "z"))
    assert str(info.value) == "c.toml, line 5, field 't.y': unknown field (expected one of: x, z)"


def test_readers_check_types_and_ranges_and_name_the_key(tmp_path: Path) -> None:
    root = root_of(tmp_path, "c.toml", 'n = 5\nf = "yes"\ns = ""\nl = 3\n')
    assert root.integer("n", 1, 10) == 5 and root.integer("missing", 1, 10, 7) == 7
    cases = [
        (lambda: root.integer("n", 6, 10), 1, "5 is not a whole number from 6 to 10"),
        (lambda: root.number("f", 0, 1), 2, "'yes' is not a number from 0 to 1"),
        (lambda: root.flag("f"), 2, "'yes' is not true or false"),
        (lambda: root.text("s"), 3, "expected a text in quotes"),
        (lambda: root.list("l"), 4, "expected a list"),
        (lambda: root.text("absent"), None, "missing field 'absent'"),
        (lambda: root.choice("f", ("a", "b")), 2, "'yes' is not one of 'a', 'b'"),
    ]
    for read, line, message in cases:
        with pytest.raises(ContentError) as info:
            read()
        assert (info.value.line, info.value.message) == (line, message)


def test_blocks_are_named_within_their_block_and_dotted_tables_have_the_first_keys_line(tmp_path: Path) -> None:
    root = root_of(tmp_path, "c.toml", '[[item]]\nk = 1\n\n[[item]]\nk = 2\nnames.fi = "A"\nnames.en = "B"\n')
    first, second = root.each("item", required=True)
    assert (first.index, second.index) == (0, 1)
    with pytest.raises(ContentError) as info:
        second.texts_per_language("names", noun="name")
    assert (info.value.line, info.value.field, info.value.message) == (6, "names.sv", "missing Swedish name")
    with pytest.raises(ContentError) as info:
        root.each("nothing", required=True)
    assert info.value.message == "no [[nothing]] blocks"


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="content file not found"):
        read_content(tmp_path / "nope.toml")
    with pytest.raises(ContentError, match="content file is a folder"):
        read_content(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('nimi = "Hämeenlinna"\n'.encode("latin-1"))
    with pytest.raises(ContentError, match="cannot read the content file"):
        read_content(bad)
