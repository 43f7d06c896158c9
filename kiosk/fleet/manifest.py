"""The published snapshot's manifest, its Ed25519 signature, and the county's keys.

A county publishes three kinds of file into one folder that any static HTTPS server serves:

- ``tray-<first 16 hex of sha256>.sqlite.gz`` — the snapshot, gzip-compressed (a snapshot is mostly JSON
  text and compresses to about a quarter; kiosks in villages are often on a mobile link). The name changes
  with the content, so a kiosk that is half-way through downloading the previous one can finish it while
  the next one is published, and a resumed download never mixes two snapshots.
- ``manifest.json`` — what that file is (:class:`Manifest`), as UTF-8 JSON.
- ``manifest.json.sig`` — the Ed25519 signature of the manifest's exact bytes, base64 on one line.

The kiosk checks the signature with the public key in its config before it believes anything in the
manifest, then the file's size and SHA-256, then the unpacked snapshot's size and SHA-256.

Keys: the private key is a PEM (PKCS #8) file readable only by its owner; the public key is the 32 raw
bytes in base64 (44 characters), which is what a kiosk config holds.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.sig"
FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 1024
_FILE_RE = re.compile(r"^tray-[0-9a-f]{16}\.sqlite\.gz$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_STEP_RE = re.compile(r"^[A-Za-z0-9_]{1,80}$")
_MUNI_RE = re.compile(r"^\d{3}$")


class FleetError(Exception):
    """A published snapshot cannot be used (or made); the message says why in words staff can act on."""


@dataclass(frozen=True)
class Manifest:
    """One published snapshot.

    ``file``/``file_size``/``file_sha256``: what is downloaded (gzip); ``size``/``sha256``: the SQLite snapshot
    it unpacks to, byte for byte the kiosk's ``tray.sqlite`` afterwards; ``items``: its item count;
    ``schema``: the schema steps it was built with, in order; ``region_name``/``municipalities``: its region.
    """

    created: str
    file: str
    file_size: int
    file_sha256: str
    size: int
    sha256: str
    items: int
    schema: tuple[str, ...]
    region_name: str
    municipalities: tuple[str, ...]
    format: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        data = {
            "format": self.format,
            "created": self.created,
            "file": {"name": self.file, "encoding": "gzip", "size": self.file_size, "sha256": self.file_sha256},
            "snapshot": {"size": self.size, "sha256": self.sha256, "items": self.items, "schema": list(self.schema)},
            "region": {"name": self.region_name, "municipalities": list(self.municipalities)},
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_name(sha256: str) -> str:
    return f"tray-{sha256[:16]}.sqlite.gz"


def _field(data: Any, key: str, kind: type, what: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise FleetError(f"the manifest is not valid: {what} is missing or wrong")
    return value


def _count(data: Any, key: str, what: str) -> int:
    value: int = _field(data, key, int, what)
    if value < 0:
        raise FleetError(f"the manifest is not valid: {what} is negative")
    return value


def _sha(data: Any, key: str, what: str) -> str:
    value: str = _field(data, key, str, what)
    if not _SHA_RE.match(value):
        raise FleetError(f"the manifest is not valid: {what} is not a SHA-256 in hex")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest in ``raw`` (call only after its signature checked out), or :class:`FleetError`."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FleetError("the manifest is not valid JSON") from exc
    fmt = _field(data, "format", int, "the format version")
    if fmt != FORMAT_VERSION:
        raise FleetError(f"the manifest has format version {fmt}; this kiosk reads version {FORMAT_VERSION}:"
                         " update the kiosk's software")
    file, snap, region = (_field(data, k, dict, k) for k in ("file", "snapshot", "region"))
    name = _field(file, "name", str, "the file name")
    if not _FILE_RE.match(name) or _field(file, "encoding", str, "the file encoding") != "gzip":
        raise FleetError("the manifest is not valid: the file is not a tray-….sqlite.gz name")
    schema = _field(snap, "schema", list, "the schema steps")
    munis = _field(region, "municipalities", list, "the region's municipalities")
    if not all(isinstance(s, str) and _STEP_RE.match(s) for s in schema):
        raise FleetError("the manifest is not valid: a schema step is not a name")
    if not all(isinstance(m, str) and _MUNI_RE.match(m) for m in munis):
        raise FleetError("the manifest is not valid: a municipality is not a 3-digit code")
    sha = _sha(snap, "sha256", "the snapshot's SHA-256")
    if name != file_name(_sha(file, "sha256", "the file's SHA-256")):
        raise FleetError("the manifest is not valid: the file name does not match its SHA-256")
    return Manifest(
        created=str(_field(data, "created", str, "the creation time"))[:40],
        file=name,
        file_size=_count(file, "size", "the file size"),
        file_sha256=file["sha256"],
        size=_count(snap, "size", "the snapshot size"),
        sha256=sha,
        items=_count(snap, "items", "the item count"),
        schema=tuple(schema),
        region_name="".join(ch for ch in str(_field(region, "name", str, "the region name"))[:80] if ch.isprintable()),
        municipalities=tuple(munis),
        format=fmt,
    )


# --- keys and signatures (cryptography is imported only here, when a key is used) ---------------------


def public_key_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def generate_key(path: Path) -> str:
    """Write a new private key to ``path`` (mode 0600; never over an existing file); return the public key text."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise FleetError(f"{path} already exists: a key is never overwritten (move it away first)") from exc
    except OSError as exc:
        raise FleetError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return public_key_text(raw)


def load_private_key(path: Path) -> Any:
    """The Ed25519 private key in the PEM file ``path``, or :class:`FleetError` saying what is wrong."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FleetError(f"cannot read the key {path}: {exc.strerror or exc}") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise FleetError(f"{path} is not an unencrypted PEM private key made by 'publish --generate-key'") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise FleetError(f"{path} is not an Ed25519 key")
    return key


def public_key_of(private_key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw: bytes = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return public_key_text(raw)


def sign(private_key: Any, manifest: bytes) -> bytes:
    """The signature file's content: the Ed25519 signature of ``manifest`` in base64, one line."""
    return base64.b64encode(private_key.sign(manifest)) + b"\n"


def verify(public_key: bytes, manifest: bytes, signature_file: bytes) -> None:
    """Raise :class:`FleetError` unless ``signature_file`` is ``public_key``'s signature of ``manifest``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        signature = base64.b64decode(signature_file.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FleetError("the manifest's signature file is not a signature (not base64)") from exc
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, manifest)
    except InvalidSignature as exc:
        raise FleetError(
            "the manifest's signature does not match the public key in the config: either the files were changed"
            " after publishing, or they were signed with another key"
        ) from exc
    except ValueError as exc:
        raise FleetError("the configured public key is not a valid Ed25519 key") from exc
