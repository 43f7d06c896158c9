"""The kiosk's configuration: one TOML file, checked strictly, with errors that name file, line and key.

Where the file comes from: the ``path`` argument (``--config``), else the ``HYTE_KIOSK_CONFIG`` environment
variable, else none at all — then the kiosk runs on the bundled demo tray (:attr:`Config.demo`).
Every key is documented in ``docs/configuration.md``. Unknown keys are errors, so a typo never passes
silently. An API key never appears in ``repr()``, ``str()`` or an error message.

The file is read through :mod:`kiosk.contentfile`; each ``[[sources]]`` block is read by its kind, as
declared in :mod:`kiosk.sources.registry`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk import staffpin
from kiosk.contentfile import ContentError, Node, read_content
from kiosk.model import EASTING_RANGE, NORTHING_RANGE
from kiosk.policy import TrayPolicy
from kiosk.sources.base import Region
from kiosk.sources.registry import SourceConfig, read_source, source_kind
from kiosk.takehome.settings import TakeHomeSettings, read_takehome

ENV_CONFIG = "HYTE_KIOSK_CONFIG"
ENV_DATA_DIR = "HYTE_KIOSK_DATA_DIR"
APP_NAME = "hyte-kiosk"

_TOP_KEYS = ("data_dir", "default_language", "languages", "region", "kiosk", "sources", "tray", "takehome", "sync",
             "flags", "stats")
_SYNC_KEYS = ("deadline_minutes", "interval_hours")
_FLAGS_KEYS = ("post_url",)
_STATS_KEYS = ("matomo_url", "matomo_site_id", "matomo_token")
_URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
DEFAULT_SYNC_DEADLINE_S = 30 * 60.0
_REGION_KEYS = ("name", "municipalities", "home_municipality")
_KIOSK_KEYS = ("idle_timeout_s", "stale_after_days", "staff_pin_hash", "location_easting", "location_northing",
               "stats_retention_days")
_TRAY_KEYS = ("include_children", "include_market_funded")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_MUNI_RE = re.compile(r"^\d{3}$")


class ConfigError(ContentError):
    """The configuration is wrong. ``file``, ``line`` (1-based, or None) and ``key`` (the whole key path,
    ``region.municipalities``) say where."""

    label = "key"
    noun = "config file"
    full_paths = True

    @property
    def key(self) -> str | None:
        return self.field


@dataclass(frozen=True)
class KioskSettings:
    idle_timeout_s: int = 90
    stale_after_days: int = 14
    staff_pin_hash: str | None = field(default=None, repr=False)
    location_easting: float | None = None
    location_northing: float | None = None
    stats_retention_days: int = 400


@dataclass(frozen=True)
class Outbound:
    """Where the kiosk's scheduled job sends things, when configured: the outdated-info flags (JSON POST)
    and the daily aggregate statistics (a Matomo the county runs). All optional."""

    flags_post_url: str | None = None
    matomo_url: str | None = None
    matomo_site_id: int | None = None
    matomo_token: str | None = field(default=None, repr=False)


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
    takehome: TakeHomeSettings = field(default_factory=TakeHomeSettings)
    sync_deadline_s: float = DEFAULT_SYNC_DEADLINE_S
    sync_interval_hours: int = 0  # the kiosk's own scheduled sync; 0 = off (the systemd timer syncs)
    outbound: Outbound = field(default_factory=Outbound)

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
    root = read_content(path, error=ConfigError).root()
    return _config(root, path, data_dir, env)


def _data_dir(argument: Path | None, from_file: Path | None, base: Path | None, env: Mapping[str, str]) -> Path:
    if argument is not None:
        return Path(argument).expanduser()
    if from_file is not None:
        return from_file if from_file.is_absolute() or base is None else base / from_file
    if env.get(ENV_DATA_DIR, "").strip():
        return Path(env[ENV_DATA_DIR].strip()).expanduser()
    return default_data_dir()


def _config(root: Node, path: Path, data_dir_arg: Path | None, env: Mapping[str, str]) -> Config:
    root.known(_TOP_KEYS)
    file_dir: Path | None = None
    if "data_dir" in root:
        file_dir = Path(root.text("data_dir", what="a folder path in quotes")).expanduser()
    languages, default_language = _languages(root)
    region = _region(root.table("region"))
    kiosk = _kiosk(root.table("kiosk"))
    tray = root.table("tray")
    tray.known(_TRAY_KEYS)
    policy = TrayPolicy(
        include_children=tray.flag("include_children", False),
        include_market_funded=tray.flag("include_market_funded", False),
    )
    sync = root.table("sync")
    sync.known(_SYNC_KEYS)
    deadline_s = sync.integer("deadline_minutes", 1, 24 * 60, int(DEFAULT_SYNC_DEADLINE_S // 60)) * 60.0
    interval_hours = sync.integer("interval_hours", 0, 7 * 24, 0)
    outbound = _outbound(root.table("flags"), root.table("stats"))
    folder = path.resolve().parent
    takehome = read_takehome(root.table("takehome"), folder)
    sources: list[SourceConfig] = []
    for block in root.each("sources"):
        source = read_source(block, folder, env)
        if any(s.name == source.name for s in sources):
            raise block.fail(f"source name {source.name!r} is used twice; give each a different name", "name")
        kind = source_kind(source.kind)
        if kind.needs_region and not region.municipalities:
            message = f"a {kind.label} source needs the region's municipalities: add [region] municipalities = [...]"
            raise block.fail(message, "kind")
        sources.append(source)
    if len(sources) > 1 and (whole := next((s for s in sources if source_kind(s.kind).whole), None)):
        message = f"a {source_kind(whole.kind).label} source brings the whole tray: it must be the only [[sources]] block"
        raise root.fail(message, "sources")
    return Config(
        path=path,
        data_dir=_data_dir(data_dir_arg, file_dir, folder, env),
        default_language=default_language,
        languages=languages,
        region=region,
        kiosk=kiosk,
        sources=tuple(sources),
        policy=policy,
        takehome=takehome,
        sync_deadline_s=deadline_s,
        sync_interval_hours=interval_hours,
        outbound=outbound,
    )


def _url(node: Node, key: str) -> str | None:
    if key not in node:
        return None
    url = node.text(key, what="a web address in quotes")
    if not _URL_RE.match(url):
        raise node.fail(f"{url!r} is not an http:// or https:// address", key)
    return url


def _outbound(flags: Node, stats: Node) -> Outbound:
    flags.known(_FLAGS_KEYS)
    stats.known(_STATS_KEYS)
    matomo_url = _url(stats, "matomo_url")
    site = stats.integer("matomo_site_id", 1, 1_000_000) if "matomo_site_id" in stats else None
    if (matomo_url is None) != (site is None):
        missing = "matomo_site_id" if site is None else "matomo_url"
        raise stats.fail("matomo_url and matomo_site_id come together", missing)
    token: str | None = None
    if "matomo_token" in stats:  # the value is never shown: it is a secret
        token = stats.text("matomo_token", what="the Matomo token_auth in quotes")
        if not re.fullmatch(r"[A-Za-z0-9_-]{8,128}", token):
            raise stats.fail("not a Matomo token_auth (letters and digits)", "matomo_token")
    return Outbound(_url(flags, "post_url"), matomo_url, site, token)


def _languages(root: Node) -> tuple[tuple[str, ...], str]:
    languages: list[str] = []
    for lang in root.list("languages", ["fi", "sv", "en"], what='a list such as ["fi", "sv", "en"]'):
        if not isinstance(lang, str) or not _LANG_RE.match(lang):
            raise root.fail(f"{lang!r} is not a language code such as 'fi'", "languages")
        if lang in languages:
            raise root.fail(f"{lang!r} is listed twice", "languages")
        languages.append(lang)
    for lang, language in (("fi", "Finnish"), ("sv", "Swedish")):
        if lang not in languages:
            raise root.fail(f"{language} ({lang!r}) is mandatory: add it to the list", "languages")
    default = root.value("default_language", "fi")
    if not isinstance(default, str) or default not in languages:
        raise root.fail(f"{default!r} is not one of languages ({', '.join(languages)})", "default_language")
    return tuple(languages), default


def _municipality(node: Node, key: str, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 999:
        raise node.fail(f'{value} is a number; write it in quotes: "{value:03d}"', key)
    if not isinstance(value, str) or not _MUNI_RE.match(value):
        raise node.fail(f"{value!r} is not a 3-digit municipality code", key)
    return value


def _region(node: Node) -> Region:
    node.known(_REGION_KEYS)
    name = node.text("name", "", empty=True)
    codes: list[str] = []
    for value in node.list("municipalities", [], what='a list of codes such as ["205", "765"]'):
        code = _municipality(node, "municipalities", value)
        if code in codes:
            raise node.fail(f"{code!r} is listed twice", "municipalities")
        codes.append(code)
    home: str | None = None
    if "home_municipality" in node:
        home = _municipality(node, "home_municipality", node.value("home_municipality"))
        if home not in codes:
            raise node.fail(f"{home!r} is not in region.municipalities", "home_municipality")
    return Region(name=name, municipalities=tuple(codes), home_municipality=home)


def _kiosk(node: Node) -> KioskSettings:
    node.known(_KIOSK_KEYS)
    defaults = KioskSettings()
    idle = node.integer("idle_timeout_s", 15, 3600, defaults.idle_timeout_s)
    stale = node.integer("stale_after_days", 1, 365, defaults.stale_after_days)
    pin: str | None = None
    if "staff_pin_hash" in node:
        pin = node.text("staff_pin_hash", what="the PIN's hash in quotes")
        if staffpin.parse_hash(pin) is None:  # the value is not shown: it may be the PIN itself
            raise node.fail(
                "not a PIN hash made by 'hyte-kiosk hash-pin' (scrypt$…): run it and paste the line it prints",
                "staff_pin_hash",
            )
    easting = node.number("location_easting", *EASTING_RANGE) if "location_easting" in node else None
    northing = node.number("location_northing", *NORTHING_RANGE) if "location_northing" in node else None
    if (easting is None) != (northing is None):
        missing = "location_northing" if northing is None else "location_easting"
        raise node.fail("location_easting and location_northing come together (EPSG:3067)", missing)
    retention = node.integer("stats_retention_days", 30, 3660, defaults.stats_retention_days)
    return KioskSettings(idle, stale, pin, easting, northing, retention)
