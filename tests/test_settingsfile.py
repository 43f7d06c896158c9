"""The staff settings writer: safe keys only, the same rules as loading the config, comments kept, and the
file replaced atomically or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.settingsfile import SettingsError, change_pin, current_pin_hash, safe_values, write_changes
from kiosk.staffpin import hash_pin, verify_pin

CONFIG = """# Kajaani library's kiosk: edited by hand, and by the staff page
data_dir = "data"
languages = ["fi", "sv", "en"]  # the order on the start screen

[region]
name = "Kainuu"
municipalities = ["205", "765"]

[kiosk]
# how long without a touch before the screen clears
idle_timeout_s = 90  # seconds
staff_pin_hash = "{pin}"

[takehome]
meeting_point = "Kajaanin pääkirjasto"
"""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(CONFIG.format(pin=hash_pin("2468")), encoding="utf-8")
    return path


def test_safe_changes_are_written_with_every_comment_kept(config_path):
    new = write_changes(config_path, {
        "kiosk.idle_timeout_s": 120, "languages": ["fi", "sv"], "region.home_municipality": "765",
        "takehome.qr_mode": "text", "takehome.print_timeout_s": 60, "takehome.meeting_point": "Sotkamon kirjasto",
    }, env={})
    text = config_path.read_text(encoding="utf-8")
    for comment in ("# Kajaani library's kiosk", "# the order on the start screen",
                    "# how long without a touch before the screen clears", "idle_timeout_s = 120  # seconds"):
        assert comment in text
    loaded = load_config(config_path, env={})
    assert loaded.kiosk.idle_timeout_s == 120 == new.kiosk.idle_timeout_s
    assert loaded.languages == ("fi", "sv") and loaded.region.home_municipality == "765"
    assert loaded.takehome.qr_mode == "text" and loaded.takehome.print_timeout_s == 60
    assert loaded.takehome.meeting_point == "Sotkamon kirjasto"
    assert safe_values(loaded)["kiosk.idle_timeout_s"] == 120
    assert [p.name for p in config_path.parent.iterdir() if p.name != "data"] == ["kiosk.toml"], "no temp file left"


@pytest.mark.parametrize(("changes", "words"), [
    ({"kiosk.idle_timeout_s": 5}, "idle_timeout_s"),
    ({"languages": ["fi", "en"]}, "Swedish"),
    ({"default_language": "de"}, "default_language"),
    ({"region.home_municipality": "091"}, "not in region.municipalities"),
    ({"region.home_municipality": "Kajaani"}, "3-digit"),
    ({"takehome.qr_mode": "link"}, "public_page_template"),
    ({"takehome.qr_mode": "sometimes"}, "qr_mode"),
    ({"takehome.print_backend": "folder"}, "print_folder"),
    ({"takehome.print_queue": "lobby printer"}, "print_queue"),
    ({"takehome.print_timeout_s": 1}, "print_timeout_s"),
    ({"data_dir": "/tmp/elsewhere"}, "cannot be changed"),
    ({"kiosk.staff_pin_hash": "1234"}, "cannot be changed"),
    ({"kiosk.idle_timeout_s": True}, "not a value"),
])
def test_a_bad_value_is_refused_with_a_message_and_the_file_is_unchanged(config_path, changes, words):
    before = config_path.read_bytes()
    with pytest.raises(SettingsError) as caught:
        write_changes(config_path, changes, env={})
    assert words in str(caught.value)
    assert config_path.read_bytes() == before
    assert sorted(p.name for p in config_path.parent.iterdir()) == ["kiosk.toml"]


def test_an_empty_optional_value_removes_the_key(config_path):
    write_changes(config_path, {"region.home_municipality": "205"}, env={})
    assert 'home_municipality = "205"' in config_path.read_text(encoding="utf-8")
    write_changes(config_path, {"region.home_municipality": ""}, env={})
    assert "home_municipality" not in config_path.read_text(encoding="utf-8")
    assert load_config(config_path, env={}).region.home_municipality is None


def test_a_new_pin_is_written_as_its_hash_and_the_old_one_no_longer_matches(config_path):
    stored = change_pin(config_path, "13579", env={})
    assert current_pin_hash(config_path) == stored
    assert verify_pin("13579", stored) and not verify_pin("2468", stored)
    assert "13579" not in config_path.read_text(encoding="utf-8")
    assert load_config(config_path, env={}).kiosk.staff_pin_hash == stored
    assert "# how long without a touch" in config_path.read_text(encoding="utf-8")


def test_a_pin_that_is_not_four_to_eight_digits_is_refused(config_path):
    before = config_path.read_bytes()
    for pin in ("12", "123456789", "12a4"):
        with pytest.raises(SettingsError):
            change_pin(config_path, pin, env={})
    assert config_path.read_bytes() == before


def test_a_config_that_is_not_toml_is_left_alone(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk\nidle_timeout_s = 90\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        write_changes(path, {"kiosk.idle_timeout_s": 100}, env={})
    assert path.read_text(encoding="utf-8") == "[kiosk\nidle_timeout_s = 90\n"


def test_the_file_keeps_its_permissions(config_path):
    config_path.chmod(0o640)
    write_changes(config_path, {"kiosk.idle_timeout_s": 200}, env={})
    assert config_path.stat().st_mode & 0o777 == 0o640
