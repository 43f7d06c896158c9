"""The staff PIN: a salted scrypt hash kept only in the config, and a guard that locks out guessing.

The config holds ``staff_pin_hash = "scrypt$<n>$<r>$<p>$<salt>$<hash>"`` (salt and hash in base64), made by
``hyte-kiosk hash-pin``. The PIN itself is never stored. :class:`PinGuard` counts failures and locks entry for
a while after too many, longer each time; the counter is kept in a small file in the data directory
(``staff-pin-guard.json``: counts and a time, no personal data), so a restart of the kiosk does not reset
it. Its clock is injected so tests never sleep.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
PIN_MIN, PIN_MAX = 4, 8
_MAX_N = 2**20  # bound the work a (mistyped) config can ask for
_MAXMEM = 256 * 1024 * 1024
GUARD_FILE = "staff-pin-guard.json"

Outcome = Literal["ok", "wrong", "locked", "not_configured"]


class PinFormatError(ValueError):
    """A PIN that is not 4–8 digits."""


def valid_pin(pin: str) -> bool:
    return PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii() and pin.isdigit()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The line's value for ``staff_pin_hash``; raises :class:`PinFormatError` unless the PIN is 4–8 digits."""
    if not valid_pin(pin):
        raise PinFormatError(f"a staff PIN is {PIN_MIN}–{PIN_MAX} digits")
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, hash) from a stored value, or ``None`` when it is not a usable scrypt hash."""
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if n < 2 or n > _MAX_N or n & (n - 1) or not (1 <= r <= 32) or not (1 <= p <= 16):
        return None
    if len(salt) < 8 or not (16 <= len(digest) <= 64):
        return None
    return n, r, p, salt, digest


def is_configured(stored: str | None) -> bool:
    return bool(stored) and parse_hash(stored or "") is not None


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored`` (constant-time comparison of the derived keys)."""
    parsed = parse_hash(stored)
    if parsed is None or not valid_pin(pin):
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(digest)), digest)


class PinGuard:
    """Checks PINs and locks entry after ``max_failures`` wrong ones in a row: for ``lockout_s`` seconds the
    first time, twice as long each time after (up to ``max_lockout_s``) until a right PIN resets it.

    ``clock`` returns wall-clock seconds (``time.time``), because a lock-out must outlive a restart: with
    ``state_path`` the count is read at start and written after every change. A clock set back can never
    lengthen a lock-out beyond ``max_lockout_s``. An unreadable state file counts as no failures.
    """

    def __init__(self, stored_hash: str | None, clock: Callable[[], float] = time.time, *,
                 max_failures: int = 5, lockout_s: float = 300, max_lockout_s: float = 3600,
                 state_path: Path | None = None) -> None:
        self._stored = stored_hash if is_configured(stored_hash) else None
        self._clock = clock
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self.max_lockout_s = max_lockout_s
        self.state_path = state_path
        self.failures = 0
        self.lockouts = 0
        self.locked_until: float | None = None
        self._load()

    @property
    def configured(self) -> bool:
        return self._stored is not None

    def _load(self) -> None:
        if self.state_path is None:
            return
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            failures, lockouts, until = data["failures"], data["lockouts"], data["locked_until"]
        except (OSError, ValueError, TypeError, KeyError):
            return
        if isinstance(failures, int) and isinstance(lockouts, int) and 0 <= failures and 0 <= lockouts <= 64:
            self.failures, self.lockouts = failures, lockouts
        if isinstance(until, (int, float)) and not isinstance(until, bool):
            self.locked_until = float(until)

    def _save(self) -> None:
        if self.state_path is None:
            return
        data = {"failures": self.failures, "lockouts": self.lockouts, "locked_until": self.locked_until}
        temp = self.state_path.with_name(self.state_path.name + ".tmp")
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temp, self.state_path)
        except OSError:
            pass  # a read-only data directory: the guard still works, in memory

    def locked(self) -> bool:
        if self.locked_until is None:
            return False
        now = self._clock()
        if self.locked_until - now > self.max_lockout_s:  # the clock was set back
            self.locked_until = now + self.max_lockout_s
        if now >= self.locked_until:
            self.locked_until = None
            self.failures = 0
            self._save()
            return False
        return True

    def seconds_left(self) -> int:
        """Whole seconds until entry opens again (0 when not locked)."""
        if not self.locked() or self.locked_until is None:
            return 0
        return max(1, int(self.locked_until - self._clock() + 0.999))

    def try_pin(self, pin: str) -> Outcome:
        if self._stored is None:
            return "not_configured"
        if self.locked():
            return "locked"
        if verify_pin(pin, self._stored):
            self.failures = self.lockouts = 0
            self._save()
            return "ok"
        self.failures += 1
        if self.failures >= self.max_failures:
            self.locked_until = self._clock() + min(self.lockout_s * 2**self.lockouts, self.max_lockout_s)
            self.lockouts = min(self.lockouts + 1, 64)
            self._save()
            return "locked"
        self._save()
        return "wrong"


__all__ = ["hash_pin", "verify_pin", "parse_hash", "is_configured", "valid_pin", "PinGuard", "PinFormatError"]
