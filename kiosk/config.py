"""The kiosk's configuration: one TOML file, checked strictly, with errors that name file, line and key.

Where the file comes from: the ``path`` argument (``--config``), else the ``HYTE_KIOSK_CONFIG`` environment
variable, else none at all — then the kiosk runs on the bundled demo tray (:attr:`Config.demo`).
Every key is documented in ``docs/configuration.md``. Unknown keys are errors, so a typo never passes
silently. An API key never appears in ``repr()``, ``str()`` or an error message.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs

from kiosk.areas import PathPart, find_line, syntax_error_line, syntax_error_message, toml_key_lines
from kiosk.model import EASTING_RANGE, NORTHING_RANGE
from kiosk.policy import TrayPolicy
from kiosk.sources.base import Region

ENV_CONFIG = "HYTE_KIOSK_CONFIG"
ENV_DATA_DIR = "HYTE_KIOSK_DATA_DIR"
APP_NAME = "hyte-kiosk"

SourceKind = Literal["ptv", "ptv11", "local"]
SOURCE_KINDS: tuple[str, ...] = ("ptv", "ptv11", "local")
DEFAULT_BASE_URLS: dict[str, str] = {
    "ptv": "https://api-gw.palvelutietovaranto.suomi.fi/api/v12/",
    "ptv11": "https://api.palvelutietovaranto.suomi.fi/api/v11/",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

_TOP_KEYS = ("data_dir", "default_language", "languages", "region", "kiosk", "sources", "tray")
_REGION_KEYS = ("name", "municipalities", "home_municipality")
_KIOSK_KEYS = ("idle_timeout_s", "stale_after_days", "staff_pin_hash", "location_easting", "location_northing")
_TRAY_KEYS = ("include_children", "include_market_funded")
_SOURCE_KEYS: dict[str, tuple[str, ...]] = {
    "ptv": ("kind", "name", "base_url", "api_key", "api_key_env", "timeout_s"),
    "ptv11": ("kind", "name", "base_url", "timeout_s"),
    "local": ("kind", "name", "path"),
}
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_MUNI_RE = re.compile(r"^\d{3}$")
_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")


class ConfigError(Exception):
    """The configuration is wrong. ``file``, ``line`` (1-based, or None) and ``key`` say where."""

    def __init__(
        self, file: Path | None, line: int | None, key: str | None, message: str, *, show_file: bool = True
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        parts = []
        if file is not None and show_file:
            parts.append(file.name)
        if line is not None:
            parts.append(f"line {line}")
        if key:
            parts.append(f"key {key!r}")
        super().__init__((", ".join(parts) + ": " if parts else "") + message)


@dataclass(frozen=True)
class KioskSettings:
    idle_timeout_s: int = 90
    stale_after_days: int = 14
    staff_pin_hash: str | None = field(default=None, repr=False)
    location_easting: float | None = None
    location_northing: float | None = None


@dataclass(frozen=True)
class SourceConfig:
    """One ``[[sources]]`` entry. ``api_key`` is never shown; ``api_key_missing_env`` names an unset variable."""

    kind: SourceKind
    name: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str | None = None
    api_key_missing_env: str | None = None
    path: Path | None = None
    timeout_s: float = 30.0


@dataclass(frozen=True)
class Config:
    path: Path | None
    data_dir: Path
    default_language: str = "fi"
    languages: tuple[str, ...] = ("fi", "sv", "en")
    region: Region = field(default_factory=Region)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    sources: tuple[SourceConfig, ...] = ()
    policy: TrayPolicy = field(default_factory=TrayPolicy)

    @property
    def demo(self) -> bool:
        """True when nothing is configured to sync: the kiosk shows the bundled demo tray."""
        return not self.sources

    def source(self, name: str) -> SourceConfig | None:
        return next((s for s in self.sources if s.name == name), None)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_config(
    path: Path | None,
    *,
    data_dir: Path | None = None,
    env: Mapping[str, str] = os.environ,
) -> Config:
    """Read and check the configuration; see the module docstring and ``docs/configuration.md``.

    ``data_dir`` (``--data-dir``) wins over the file's ``data_dir`` (relative to the file's folder), which
    wins over ``HYTE_KIOSK_DATA_DIR``, which wins over the platform's user data folder.
    """
    if path is None and env.get(ENV_CONFIG, "").strip():
        path = Path(env[ENV_CONFIG].strip())
    if path is None:
        return Config(path=None, data_dir=_data_dir(data_dir, None, None, env))
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, None, f"config file not found: {path}", show_file=False) from None
    except IsADirectoryError:
        raise ConfigError(path, None, None, f"config file is a folder: {path}", show_file=False) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, None, f"cannot read the config file: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, syntax_error_line(exc, text), None, syntax_error_message(exc)) from None
    return _Reader(path, text, env).config(data, data_dir)


def _data_dir(argument: Path | None, from_file: Path | None, base: Path | None, env: Mapping[str, str]) -> Path:
    if argument is not None:
        return Path(argument).expanduser()
    if from_file is not None:
        return from_file if from_file.is_absolute() or base is None else base / from_file
    if env.get(ENV_DATA_DIR, "").strip():
        return Path(env[ENV_DATA_DIR].strip()).expanduser()
    return default_data_dir()


class _Reader:
    def __init__(self, path: Path, text: str, env: Mapping[str, str]) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.lines = toml_key_lines(text)
        self.env = env

    def fail(self, where: Sequence[PathPart], message: str) -> ConfigError:
        name = ".".join(str(p) for p in where if not isinstance(p, int))
        return ConfigError(self.path, find_line(self.lines, where), name or None, message)

    def known(self, table: Mapping[str, Any], where: tuple[PathPart, ...], allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                hint = ", ".join(allowed)
                raise self.fail((*where, key), f"unknown key (expected one of: {hint})")

    def table(self, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail((key,), f"expected a table [{key}]")
        return value

    def string(self, value: Any, where: tuple[PathPart, ...], what: str = "a text in quotes") -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected {what}")
        return value.strip()

    def integer(self, value: Any, where: tuple[PathPart, ...], low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(where, f"{value!r} is not a whole number from {low} to {high}")
        return value

    def number(self, value: Any, where: tuple[PathPart, ...], low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise self.fail(where, f"{value!r} is not a number from {low:g} to {high:g}")
        return float(value)

    def flag(self, value: Any, where: tuple[PathPart, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"{value!r} is not true or false")
        return value

    def municipality(self, value: Any, where: tuple[PathPart, ...]) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 999:
            raise self.fail(where, f'{value} is a number; write it in quotes: "{value:03d}"')
        if not isinstance(value, str) or not _MUNI_RE.match(value):
            raise self.fail(where, f"{value!r} is not a 3-digit municipality code")
        return value

    # --- sections ---------------------------------------------------------------------------------

    def config(self, data: dict[str, Any], data_dir_arg: Path | None) -> Config:
        self.known(data, (), _TOP_KEYS)
        file_dir: Path | None = None
        if "data_dir" in data:
            file_dir = Path(self.string(data["data_dir"], ("data_dir",), "a folder path in quotes")).expanduser()
        languages, default_language = self.languages(data)
        region = self.region(self.table(data, "region"))
        kiosk = self.kiosk(self.table(data, "kiosk"))
        tray = self.table(data, "tray")
        self.known(tray, ("tray",), _TRAY_KEYS)
        policy = TrayPolicy(
            include_children=self.flag(tray.get("include_children", False), ("tray", "include_children")),
            include_market_funded=self.flag(
                tray.get("include_market_funded", False), ("tray", "include_market_funded")
            ),
        )
        sources = self.sources(data.get("sources", []))
        if not region.municipalities:
            for index, source in enumerate(sources):
                if source.kind in ("ptv", "ptv11"):
                    raise self.fail(
                        ("sources", index, "kind"),
                        "a PTV source needs the region's municipalities: add [region] municipalities = [...]",
                    )
        return Config(
            path=self.path,
            data_dir=_data_dir(data_dir_arg, file_dir, self.base, self.env),
            default_language=default_language,
            languages=languages,
            region=region,
            kiosk=kiosk,
            sources=sources,
            policy=policy,
        )

    def languages(self, data: Mapping[str, Any]) -> tuple[tuple[str, ...], str]:
        raw = data.get("languages", ["fi", "sv", "en"])
        if not isinstance(raw, list):
            raise self.fail(("languages",), 'expected a list such as ["fi", "sv", "en"]')
        languages: list[str] = []
        for lang in raw:
            if not isinstance(lang, str) or not _LANG_RE.match(lang):
                raise self.fail(("languages",), f"{lang!r} is not a language code such as 'fi'")
            if lang in languages:
                raise self.fail(("languages",), f"{lang!r} is listed twice")
            languages.append(lang)
        for lang, language in (("fi", "Finnish"), ("sv", "Swedish")):
            if lang not in languages:
                raise self.fail(("languages",), f"{language} ({lang!r}) is mandatory: add it to the list")
        default = data.get("default_language", "fi")
        if not isinstance(default, str) or default not in languages:
            raise self.fail(("default_language",), f"{default!r} is not one of languages ({', '.join(languages)})")
        return tuple(languages), default

    def region(self, raw: dict[str, Any]) -> Region:
        self.known(raw, ("region",), _REGION_KEYS)
        name = raw.get("name", "")
        if not isinstance(name, str):
            raise self.fail(("region", "name"), "expected a text in quotes")
        where: tuple[PathPart, ...] = ("region", "municipalities")
        codes_raw = raw.get("municipalities", [])
        if not isinstance(codes_raw, list):
            raise self.fail(where, 'expected a list of codes such as ["205", "765"]')
        codes: list[str] = []
        for value in codes_raw:
            code = self.municipality(value, where)
            if code in codes:
                raise self.fail(where, f"{code!r} is listed twice")
            codes.append(code)
        home: str | None = None
        if "home_municipality" in raw:
            home = self.municipality(raw["home_municipality"], ("region", "home_municipality"))
            if home not in codes:
                raise self.fail(("region", "home_municipality"), f"{home!r} is not in region.municipalities")
        return Region(name=name.strip(), municipalities=tuple(codes), home_municipality=home)

    def kiosk(self, raw: dict[str, Any]) -> KioskSettings:
        at: tuple[PathPart, ...] = ("kiosk",)
        self.known(raw, at, _KIOSK_KEYS)
        defaults = KioskSettings()
        idle = self.integer(raw.get("idle_timeout_s", defaults.idle_timeout_s), (*at, "idle_timeout_s"), 15, 3600)
        stale = self.integer(raw.get("stale_after_days", defaults.stale_after_days), (*at, "stale_after_days"), 1, 365)
        pin: str | None = None
        if "staff_pin_hash" in raw:
            pin = self.string(raw["staff_pin_hash"], (*at, "staff_pin_hash"), "the PIN's hash in quotes")
        easting = northing = None
        if "location_easting" in raw:
            easting = self.number(raw["location_easting"], (*at, "location_easting"), *EASTING_RANGE)
        if "location_northing" in raw:
            northing = self.number(raw["location_northing"], (*at, "location_northing"), *NORTHING_RANGE)
        if (easting is None) != (northing is None):
            missing = "location_northing" if northing is None else "location_easting"
            raise self.fail((*at, missing), "location_easting and location_northing come together (EPSG:3067)")
        return KioskSettings(idle, stale, pin, easting, northing)

    def sources(self, raw: Any) -> tuple[SourceConfig, ...]:
        if not isinstance(raw, list):
            raise self.fail(("sources",), "expected [[sources]] blocks")
        out: list[SourceConfig] = []
        for index, entry in enumerate(raw):
            source = self.source(index, entry)
            other = next((s for s in out if s.name == source.name), None)
            if other is not None:
                where: tuple[PathPart, ...] = ("sources", index, "name")
                raise self.fail(where, f"source name {source.name!r} is used twice; give each a different name")
            out.append(source)
        return tuple(out)

    def source(self, index: int, raw: Any) -> SourceConfig:
        at: tuple[PathPart, ...] = ("sources", index)
        if not isinstance(raw, dict):
            raise self.fail(at, "expected a table")
        if "kind" not in raw:
            raise self.fail(at, f"missing key 'kind' ({', '.join(SOURCE_KINDS)})")
        kind = raw["kind"]
        if kind not in SOURCE_KINDS:
            raise self.fail((*at, "kind"), f"{kind!r} is not a source kind ({', '.join(SOURCE_KINDS)})")
        self.known(raw, at, _SOURCE_KEYS[kind])

        path: Path | None = None
        if kind == "local":
            if "path" not in raw:
                raise self.fail(at, "a local source needs 'path' (a CSV or JSON file)")
            given = Path(self.string(raw["path"], (*at, "path"), "a file path in quotes")).expanduser()
            path = given if given.is_absolute() else self.base / given
        default_name = f"local:{path.name}" if path is not None else kind
        name = raw.get("name", default_name)
        if not isinstance(name, str) or not _NAME_RE.match(name.strip()):
            raise self.fail((*at, "name"), "expected a short name in quotes")

        base_url: str | None = None
        if kind in DEFAULT_BASE_URLS:
            base_url = self.base_url(raw.get("base_url", DEFAULT_BASE_URLS[kind]), (*at, "base_url"))
        timeout = self.number(raw.get("timeout_s", 30.0), (*at, "timeout_s"), 1, 600)

        api_key: str | None = None
        api_key_env: str | None = None
        missing_env: str | None = None
        if "api_key" in raw and "api_key_env" in raw:
            raise self.fail((*at, "api_key"), "give either api_key or api_key_env, not both")
        if "api_key" in raw:
            # never echo the value: it is a secret
            if not isinstance(raw["api_key"], str) or not raw["api_key"].strip():
                raise self.fail((*at, "api_key"), "expected the API key in quotes (or use api_key_env)")
            api_key = raw["api_key"].strip()
        if "api_key_env" in raw:
            api_key_env = raw["api_key_env"]
            if not isinstance(api_key_env, str) or not _ENV_NAME_RE.match(api_key_env):
                # not echoed: a key pasted here by mistake must not end up in a log
                raise self.fail(
                    (*at, "api_key_env"), "expected the name of an environment variable, such as PTV_API_KEY"
                )
            api_key = self.env.get(api_key_env, "").strip() or None
            if api_key is None:
                missing_env = api_key_env  # reported by sync, not an error here
        return SourceConfig(
            kind=kind,
            name=name.strip(),
            base_url=base_url,
            api_key=api_key,
            api_key_env=api_key_env,
            api_key_missing_env=missing_env,
            path=path,
            timeout_s=timeout,
        )

    def base_url(self, value: Any, where: tuple[PathPart, ...]) -> str:
        url = self.string(value, where, "an https:// address in quotes")
        parts = urlsplit(url)
        local = parts.hostname in LOCAL_HOSTS
        if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
            shown = f"{parts.scheme}://{parts.hostname or ''}"
            raise self.fail(where, f"{shown!r} is not an https:// address (http only for 127.0.0.1 or localhost)")
        if parts.username or parts.password or parts.query or parts.fragment:
            raise self.fail(where, "the address must not carry a user, password, query or fragment")
        return url if url.endswith("/") else url + "/"
