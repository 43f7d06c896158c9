"""The staff settings editor's writer: a few safe keys of the config changed in place, the file written
atomically with every comment, blank line and key order kept.

Only the keys in :data:`SAFE_KEYS` can be changed this way (idle time, languages, home municipality, QR mode
and the printing defaults); the sources, the data folder and the PIN hash stay with the county's IT, except
that :func:`change_pin` writes a new ``staff_pin_hash`` after the old PIN was checked. A change is checked by
the same rules as loading the config (:func:`kiosk.config.load_config` reads the new text from a temporary
file beside the config); a value those rules refuse raises :class:`SettingsError` with the loader's
message, and the file is not touched. The write is a temporary file in the same folder, ``fsync``, then
``os.replace`` over the config and an ``fsync`` of the folder: a power cut leaves the old file or the new,
never half of one. The running kiosk keeps its settings until it restarts (the PIN is applied at once).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from kiosk import staffpin
from kiosk.config import Config, ConfigError, load_config


@dataclass(frozen=True)
class SafeKey:
    table: str | None  # the TOML table ("kiosk"), or None for a top-level key
    key: str
    kind: str  # "int", "text", "choice", "languages", "municipality"

    @property
    def path(self) -> str:
        return f"{self.table}.{self.key}" if self.table else self.key


SAFE_KEYS: tuple[SafeKey, ...] = (
    SafeKey("kiosk", "idle_timeout_s", "int"),
    SafeKey(None, "languages", "languages"),
    SafeKey(None, "default_language", "choice"),
    SafeKey("region", "home_municipality", "municipality"),
    SafeKey("takehome", "qr_mode", "choice"),
    SafeKey("takehome", "meeting_point", "text"),
    SafeKey("takehome", "print_backend", "choice"),
    SafeKey("takehome", "print_queue", "text"),
    SafeKey("takehome", "print_timeout_s", "int"),
)
SAFE_PATHS = tuple(k.path for k in SAFE_KEYS)
PIN_PATH = "kiosk.staff_pin_hash"


class SettingsError(ValueError):
    """A change that was refused (the message says why); the config file is unchanged."""


def safe_values(config: Config) -> dict[str, Any]:
    """The current value of each safe key, as the running kiosk read it (the editor's starting point)."""
    t = config.takehome
    return {
        "kiosk.idle_timeout_s": config.kiosk.idle_timeout_s,
        "languages": list(config.languages),
        "default_language": config.default_language,
        "region.home_municipality": config.region.home_municipality or "",
        "takehome.qr_mode": t.qr_mode,
        "takehome.meeting_point": t.meeting_point,
        "takehome.print_backend": t.print_backend,
        "takehome.print_queue": t.print_queue or "",
        "takehome.print_timeout_s": t.print_timeout_s,
    }


def _table(doc: tomlkit.TOMLDocument, name: str) -> Table:
    found = doc.get(name)
    if found is None:
        found = tomlkit.table()
        doc[name] = found
    if not isinstance(found, Table):
        raise SettingsError(f"[{name}] in the config is not a table")
    return found


def _set(doc: tomlkit.TOMLDocument, path: str, value: Any) -> None:
    """Put one value in the document; an empty text removes an optional key (back to its default)."""
    table_name, _, key = path.rpartition(".")
    holder: Any = _table(doc, table_name) if table_name else doc
    if value == "" and key in ("home_municipality", "print_queue"):
        if key in holder:
            del holder[key]
        return
    holder[key] = value  # tomlkit keeps the line's trailing comment


def updated_text(text: str, changes: Mapping[str, Any], *, allowed: tuple[str, ...] = SAFE_PATHS) -> str:
    """The config's text with ``changes`` (key path → value) applied; comments and layout kept."""
    for path in changes:
        if path not in allowed:
            raise SettingsError(f"{path} cannot be changed from the staff page")
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise SettingsError(f"the config file is not valid TOML: {exc}") from None
    for path, value in changes.items():
        if isinstance(value, bool) or not isinstance(value, int | str | list):
            raise SettingsError(f"{path}: {value!r} is not a value this key takes")
        _set(doc, path, value)
    return tomlkit.dumps(doc)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check(temp: Path, env: Mapping[str, str]) -> Config:
    try:
        return load_config(temp, env=env)
    except ConfigError as exc:
        where = f"{exc.key}: " if exc.key else ""
        raise SettingsError(f"{where}{exc.message}") from None


def write_changes(path: Path, changes: Mapping[str, Any], *, allowed: tuple[str, ...] = SAFE_PATHS,
                  env: Mapping[str, str] = os.environ) -> Config:
    """Apply ``changes`` to the config at ``path``, check the result as the kiosk would load it, and replace
    the file atomically. Returns the new config; raises :class:`SettingsError` (file unchanged)."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise SettingsError(f"cannot read the config file: {exc.strerror or exc}") from None
    new_text = updated_text(text, changes, allowed=allowed)
    folder = path.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SettingsError(f"the config folder {folder} cannot be written: {exc.strerror or exc}") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode)
        config = _check(temp, env)  # the same rules as at start; relative paths resolve from the same folder
        os.replace(temp, path)
    except OSError as exc:
        raise SettingsError(f"the config file cannot be written: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _fsync_dir(folder)
    return replace(config, path=path)


def change_pin(path: Path, new_pin: str, *, env: Mapping[str, str] = os.environ) -> str:
    """Write the hash of ``new_pin`` as ``[kiosk] staff_pin_hash``; returns the new hash. The caller checks
    the old PIN first. Raises :class:`SettingsError` for a PIN that is not 4–8 digits (file unchanged)."""
    try:
        stored = staffpin.hash_pin(new_pin)
    except staffpin.PinFormatError as exc:
        raise SettingsError(str(exc)) from None
    write_changes(path, {PIN_PATH: stored}, allowed=(PIN_PATH,), env=env)
    return stored


def current_pin_hash(path: Path) -> str | None:
    """The PIN hash in the file now (it may have changed since the kiosk started)."""
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    except (OSError, tomlkit.exceptions.ParseError):
        return None
    kiosk = doc.get("kiosk")
    value = kiosk.get("staff_pin_hash") if isinstance(kiosk, Table) else None
    return str(value) if value is not None else None


__all__ = ["PIN_PATH", "SAFE_KEYS", "SAFE_PATHS", "SafeKey", "SettingsError", "change_pin", "current_pin_hash",
           "safe_values", "updated_text", "write_changes"]
