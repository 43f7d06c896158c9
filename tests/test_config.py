"""Configuration: defaults, the Kainuu example, data_dir precedence, secrets and line-numbered errors."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from kiosk.config import ConfigError, load_config
from kiosk.policy import TrayPolicy
from kiosk.sources import ptv11_kind, ptv12_kind

DEFAULT_BASE_URLS = {"ptv": ptv12_kind.DEFAULT_BASE_URL, "ptv11": ptv11_kind.DEFAULT_BASE_URL}
SECRET = "s3cr3t-ptv-key-9f8e7d"
PIN_HASH = "scrypt$16384$8$1$a2FpbnV1LXRlc3Qtc2FsdA==$FqYf0mLLbX8dWoSpkRp4Xp5TbLWB38/XiCX63TTvZcw="  # PIN 2468

KAINUU = f"""\
data_dir = "cache"
default_language = "fi"
languages = ["fi", "sv", "en"]

[region]
name = "Kainuu"
municipalities = ["205", "765", "290", "777", "105", "620", "578", "697"]
home_municipality = "205"

[kiosk]
idle_timeout_s = 120
stale_after_days = 7
staff_pin_hash = "{PIN_HASH}"
location_easting = 542000
location_northing = 7122000

[tray]
include_children = true
include_market_funded = false

[[sources]]
kind = "ptv"
api_key_env = "PTV_API_KEY"

[[sources]]
kind = "ptv11"
name = "ptv-fallback"
timeout_s = 10

[[sources]]
kind = "local"
path = "local-additions.csv"
"""

REGION = """\
[region]
name = "Kainuu"
municipalities = ["205", "765"]
"""


def write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, env=env or {})
    assert info.value.file == path
    return info.value


# --- loading ----------------------------------------------------------------------------------------


def test_no_file_is_demo_with_defaults(tmp_path: Path) -> None:
    cfg = load_config(None, data_dir=tmp_path, env={})
    assert cfg.demo and cfg.path is None and cfg.sources == ()
    assert (cfg.default_language, cfg.languages) == ("fi", ("fi", "sv", "en"))
    assert cfg.kiosk.idle_timeout_s == 90 and cfg.kiosk.stale_after_days == 14
    assert cfg.kiosk.staff_pin_hash is None and cfg.kiosk.location_easting is None
    assert cfg.policy == TrayPolicy()
    assert cfg.region.municipalities == ()
    assert cfg.data_dir == tmp_path


def test_kainuu_example(tmp_path: Path) -> None:
    path = write(tmp_path, KAINUU)
    cfg = load_config(path, env={"PTV_API_KEY": SECRET})
    assert not cfg.demo and cfg.path == path
    assert cfg.region.name == "Kainuu"
    assert cfg.region.municipalities == ("205", "765", "290", "777", "105", "620", "578", "697")
    assert cfg.region.home_municipality == "205"
    assert cfg.kiosk.idle_timeout_s == 120 and cfg.kiosk.stale_after_days == 7
    assert cfg.kiosk.staff_pin_hash == PIN_HASH
    assert (cfg.kiosk.location_easting, cfg.kiosk.location_northing) == (542000.0, 7122000.0)
    assert cfg.policy == TrayPolicy(include_children=True, include_market_funded=False)
    assert cfg.data_dir == tmp_path.resolve() / "cache"
    ptv, v11, local = cfg.sources
    assert (ptv.kind, ptv.name, ptv.base_url) == ("ptv", "ptv", DEFAULT_BASE_URLS["ptv"])
    assert ptv.api_key == SECRET and ptv.api_key_env == "PTV_API_KEY" and ptv.api_key_missing_env is None
    assert ptv.timeout_s == 30.0
    assert (v11.kind, v11.name, v11.base_url, v11.timeout_s) == (
        "ptv11",
        "ptv-fallback",
        DEFAULT_BASE_URLS["ptv11"],
        10.0,
    )
    assert DEFAULT_BASE_URLS["ptv11"] == "https://api.palvelutietovaranto.suomi.fi/api/v11/"
    assert DEFAULT_BASE_URLS["ptv"] == "https://api-gw.palvelutietovaranto.suomi.fi/api/v12/"
    assert (local.kind, local.name) == ("local", "local:local-additions.csv")
    assert local.path == tmp_path.resolve() / "local-additions.csv"


def test_config_file_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, REGION)
    cfg = load_config(None, env={"HYTE_KIOSK_CONFIG": str(path)})
    assert cfg.path == path and cfg.region.municipalities == ("205", "765")


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_config(missing, env={})
    assert str(info.value) == f"config file not found: {missing}"
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(None, env={"HYTE_KIOSK_CONFIG": str(missing)})


def test_base_url_trailing_slash_and_local_http(tmp_path: Path) -> None:
    text = REGION + '[[sources]]\nkind = "ptv11"\nbase_url = "http://127.0.0.1:8123/api/v11"\n'
    cfg = load_config(write(tmp_path, text), env={})
    assert cfg.sources[0].base_url == "http://127.0.0.1:8123/api/v11/"


def test_api_key_from_file(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, REGION + f'[[sources]]\nkind = "ptv"\napi_key = "{SECRET}"\n'), env={})
    assert cfg.sources[0].api_key == SECRET and cfg.sources[0].api_key_env is None


def test_missing_key_variable_is_not_an_error(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, REGION + '[[sources]]\nkind = "ptv"\napi_key_env = "PTV_API_KEY"\n'), env={})
    source = cfg.sources[0]
    assert source.api_key is None and source.api_key_missing_env == "PTV_API_KEY"


# --- data_dir precedence ------------------------------------------------------------------------------


def test_data_dir_argument_wins(tmp_path: Path) -> None:
    path = write(tmp_path, 'data_dir = "from-file"\n')
    env = {"HYTE_KIOSK_DATA_DIR": str(tmp_path / "from-env")}
    assert load_config(path, data_dir=tmp_path / "arg", env=env).data_dir == tmp_path / "arg"


def test_data_dir_file_beats_environment_and_is_relative_to_the_file(tmp_path: Path) -> None:
    sub = tmp_path / "etc"
    sub.mkdir()
    path = write(sub, 'data_dir = "from-file"\n')
    env = {"HYTE_KIOSK_DATA_DIR": str(tmp_path / "from-env")}
    assert load_config(path, env=env).data_dir == sub.resolve() / "from-file"
    absolute = write(sub, f'data_dir = "{tmp_path / "abs"}"\n')
    assert load_config(absolute, env=env).data_dir == tmp_path / "abs"


def test_data_dir_environment_beats_platform_default(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    env = {"HYTE_KIOSK_DATA_DIR": str(tmp_path / "from-env")}
    assert load_config(path, env=env).data_dir == tmp_path / "from-env"
    assert load_config(None, env=env).data_dir == tmp_path / "from-env"


def test_data_dir_platform_default(tmp_path: Path) -> None:
    expected = Path(platformdirs.user_data_dir("hyte-kiosk", appauthor=False))
    assert load_config(write(tmp_path, ""), env={}).data_dir == expected
    assert load_config(None, env={}).data_dir == expected


# --- secrets ----------------------------------------------------------------------------------------


def test_api_key_never_in_repr_or_str(tmp_path: Path) -> None:
    path = write(tmp_path, KAINUU)
    cfg = load_config(path, env={"PTV_API_KEY": SECRET})
    assert cfg.sources[0].api_key == SECRET
    for text in (repr(cfg), str(cfg), repr(cfg.sources), str(cfg.sources[0])):
        assert SECRET not in text
    assert PIN_HASH not in repr(cfg) and "FqYf0mLL" not in repr(cfg)  # the PIN hash is not shown either
    cfg2 = load_config(write(tmp_path, REGION + f'[[sources]]\nkind = "ptv"\napi_key = "{SECRET}"\n'), env={})
    assert SECRET not in repr(cfg2)


@pytest.mark.parametrize(
    "source",
    [
        f'api_key = "{SECRET}"\ntimeout_s = 0\n',  # an error in the same source
        f'api_key = "{SECRET}"\napi_key_env = "X"\n',  # both given
        f'api_key_env = "{SECRET}"\n',  # the key pasted in the wrong place
        f'api_key = "{SECRET}"\nbase_url = "http://example.org/?key={SECRET}"\n',
        f'api_key = "{SECRET}"\nbase_url = "https://example.org/?key={SECRET}"\n',
        f'apikey = "{SECRET}"\n',  # a typo in the key's name
    ],
)
def test_api_key_never_in_errors(tmp_path: Path, source: str) -> None:
    err = error(tmp_path, REGION + '[[sources]]\nkind = "ptv"\n' + source, env={"X": SECRET})
    assert SECRET not in str(err) and SECRET not in repr(err) and SECRET not in err.message


# --- errors name file, line and key -------------------------------------------------------------------


def test_municipality_not_three_digits(tmp_path: Path) -> None:
    err = error(tmp_path, 'default_language = "fi"\n\n[region]\nname = "X"\nmunicipalities = ["205", "20"]\n')
    assert (err.line, err.key) == (5, "region.municipalities")
    assert str(err) == "kiosk.toml, line 5, key 'region.municipalities': '20' is not a 3-digit municipality code"


def test_municipality_as_integer_gets_a_hint(tmp_path: Path) -> None:
    err = error(tmp_path, "[region]\nmunicipalities = [91, 205]\n")
    assert (err.line, err.key) == (2, "region.municipalities")
    assert 'write it in quotes: "091"' in str(err)
    err = error(tmp_path, '[region]\nmunicipalities = ["205"]\nhome_municipality = 205\n')
    assert (err.line, err.key) == (3, "region.home_municipality")
    assert 'write it in quotes: "205"' in str(err)


def test_home_municipality_must_be_in_region(tmp_path: Path) -> None:
    err = error(tmp_path, '[region]\nmunicipalities = ["205", "765"]\nhome_municipality = "290"\n')
    assert (err.line, err.key) == (3, "region.home_municipality")
    assert "'290' is not in region.municipalities" in str(err)


def test_swedish_is_mandatory(tmp_path: Path) -> None:
    err = error(tmp_path, 'default_language = "fi"\nlanguages = ["fi", "en"]\n')
    assert (err.line, err.key) == (2, "languages")
    assert "Swedish" in str(err)


def test_default_language_in_languages(tmp_path: Path) -> None:
    err = error(tmp_path, 'languages = ["fi", "sv"]\ndefault_language = "en"\n')
    assert (err.line, err.key) == (2, "default_language")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    err = error(tmp_path, 'default_language = "fi"\ndefault_langauge = "sv"\n')
    assert (err.line, err.key) == (2, "default_langauge")
    assert "unknown key" in str(err)


def test_unknown_key_in_table(tmp_path: Path) -> None:
    err = error(tmp_path, "[kiosk]\nidle_timeout_s = 90\nidle_timout_s = 60\n")
    assert (err.line, err.key) == (3, "kiosk.idle_timout_s")
    err = error(tmp_path, "[tray]\ninclude_kids = true\n")
    assert (err.line, err.key) == (2, "tray.include_kids")


def test_unknown_key_in_second_source(tmp_path: Path) -> None:
    text = (
        REGION
        + '\n[[sources]]\nkind = "ptv11"\nbase_url = "https://x.fi/"\n\n[[sources]]\nkind = "local"\npath = "a.csv"\nbase_url = "https://x.fi/"\n'
    )
    err = error(tmp_path, text)
    assert (err.line, err.key) == (12, "sources.base_url")  # the second block's, not the first's
    assert "unknown key" in str(err)


def test_unknown_source_kind(tmp_path: Path) -> None:
    err = error(tmp_path, REGION + '[[sources]]\nkind = "ptv13"\n')
    assert (err.line, err.key) == (5, "sources.kind")
    assert "'ptv13' is not a source kind" in str(err)


def test_local_needs_path(tmp_path: Path) -> None:
    err = error(tmp_path, REGION + '[[sources]]\nkind = "local"\n')
    assert (err.line, err.key) == (4, "sources")
    assert "needs 'path'" in str(err)


def test_https_required(tmp_path: Path) -> None:
    err = error(tmp_path, REGION + '[[sources]]\nkind = "ptv11"\nbase_url = "http://api.example.fi/v11/"\n')
    assert (err.line, err.key) == (6, "sources.base_url")
    assert "https" in str(err)


def test_duplicate_source_names(tmp_path: Path) -> None:
    err = error(tmp_path, REGION + '[[sources]]\nkind = "ptv11"\n[[sources]]\nkind = "ptv11"\n')
    assert (err.line, err.key) == (6, "sources.name")  # no name line: the block's header
    assert "used twice" in str(err)


def test_ptv_source_needs_municipalities(tmp_path: Path) -> None:
    err = error(tmp_path, '[[sources]]\nkind = "ptv11"\n')
    assert (err.line, err.key) == (2, "sources.kind")


def test_bad_numbers_and_flags(tmp_path: Path) -> None:
    err = error(tmp_path, '[kiosk]\nidle_timeout_s = "90"\n')
    assert (err.line, err.key) == (2, "kiosk.idle_timeout_s")
    err = error(tmp_path, "[kiosk]\nstale_after_days = true\n")
    assert (err.line, err.key) == (2, "kiosk.stale_after_days")
    err = error(tmp_path, '[tray]\ninclude_children = "yes"\n')
    assert (err.line, err.key) == (2, "tray.include_children")
    err = error(tmp_path, "[kiosk]\nlocation_easting = 542000\n")
    assert (err.line, err.key) == (1, "kiosk.location_northing")
    err = error(tmp_path, "[kiosk]\nlocation_easting = 5\nlocation_northing = 7122000\n")
    assert (err.line, err.key) == (2, "kiosk.location_easting")


def test_syntax_error_keeps_tomllib_line(tmp_path: Path) -> None:
    err = error(tmp_path, 'default_language = "fi"\n[region]\nname = "Kainuu\n')
    assert err.line == 3
    assert str(err).startswith("kiosk.toml, line 3: TOML syntax error")


def test_documented_example_loads(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    cfg = load_config(write(tmp_path, example), env={"PTV_API_KEY": SECRET})
    assert cfg.region.municipalities == ("205", "765", "290", "777", "105", "620", "578", "697")
    assert [s.name for s in cfg.sources] == ["ptv", "ptv-v11", "local:local-additions.csv"]
    assert cfg.data_dir == Path("/var/lib/hyte-kiosk")


def test_a_config_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xef\xbb\xbf" + KAINUU.encode("utf-8"))  # as Notepad saves "UTF-8 with BOM"
    cfg = load_config(path, env={})
    assert cfg.region.name == "Kainuu" and cfg.kiosk.staff_pin_hash == PIN_HASH


@pytest.mark.parametrize("value", ["1234", "pbkdf2_sha256$600000$salt$hash", "scrypt$16384$8$1$notbase64$x"])
def test_a_staff_pin_hash_that_is_not_a_scrypt_hash_is_refused(tmp_path: Path, value: str) -> None:
    err = error(tmp_path, f'[region]\nname = "X"\n\n[kiosk]\nidle_timeout_s = 90\nstaff_pin_hash = "{value}"\n')
    assert (err.line, err.key) == (6, "kiosk.staff_pin_hash")
    assert "hyte-kiosk hash-pin" in str(err)
    assert value not in str(err)  # it may be the PIN itself: never echoed
