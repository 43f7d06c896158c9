"""``hyte-kiosk publish``: the county's live snapshot as signed static files for its kiosks.

Run on the county's machine after a normal ``hyte-kiosk sync`` (both on a timer). It takes a consistent copy
of the live snapshot with SQLite's backup API (a sync may swap in the next one meanwhile), compresses it,
signs a manifest (:mod:`kiosk.fleet.manifest`) and writes everything into the output folder atomically:
each file is written under a temporary name and renamed, the snapshot first, the signature next and the
manifest last, so a web server serving the folder never offers a manifest whose snapshot is not there yet.
The snapshot file of the previous manifest is kept (a kiosk may be half-way through it); older ones go.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk import snapshot
from kiosk.fleet.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    FleetError,
    Manifest,
    file_name,
    parse_manifest,
    sign,
)

CHUNK = 1 << 20


@dataclass(frozen=True)
class Facts:
    """What a snapshot file says about itself (read-only)."""

    items: int
    schema: tuple[str, ...]
    region_name: str
    municipalities: tuple[str, ...]
    demo: bool


def read_facts(path: Path) -> Facts:
    """Item count, schema steps and region of the SQLite snapshot at ``path``; ``sqlite3.DatabaseError`` if it is
    not one."""
    from kiosk.tray import read_only_connection

    with contextlib.closing(read_only_connection(path)) as conn:
        items = int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        schema = tuple(r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'hyte_kiosk_cache' ORDER BY rowid"))
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    municipalities = tuple(m for m in str(meta.get("municipalities") or "").split(",") if m)
    return Facts(items, schema, str(meta.get("region_name") or ""), municipalities, meta.get("demo") == "1")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(temp, 0o644)
    os.replace(temp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _gzip_into(source: Path, out_dir: Path) -> tuple[Path, int, str]:
    """``source`` compressed into a temporary file in ``out_dir``: (path, size, sha256). ``mtime=0`` and no
    file name in the header, so the same snapshot always gives the same bytes."""
    temp = out_dir / f".tray.sqlite.gz.tmp-{os.getpid()}"
    with open(source, "rb") as src, open(temp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            shutil.copyfileobj(src, gz, CHUNK)
        raw.flush()
        os.fsync(raw.fileno())
    os.chmod(temp, 0o644)
    return temp, temp.stat().st_size, sha256_of(temp)


def _previous_file(out_dir: Path) -> str | None:
    with contextlib.suppress(OSError, FleetError):
        return parse_manifest((out_dir / MANIFEST_NAME).read_bytes()).file
    return None


def _prune(out_dir: Path, keep: set[str]) -> None:
    for old in out_dir.glob("tray-*.sqlite.gz"):
        if old.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    for stale in out_dir.glob(".*.tmp-*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def publish(live: Path, out_dir: Path, private_key: Any, *, clock: Callable[[], datetime] | None = None) -> Manifest:
    """Publish the snapshot at ``live`` into ``out_dir`` (see the module docstring); return its manifest."""
    if not live.exists():
        raise FleetError(f"there is no synced snapshot at {live}: run 'hyte-kiosk sync' first")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hyte-publish-") as scratch:
        copy = Path(scratch) / snapshot.TRAY_NAME
        try:
            snapshot.copy_snapshot(live, copy)
            facts = read_facts(copy)
        except sqlite3.DatabaseError as exc:
            raise FleetError(f"{live} is not a readable snapshot: {exc}") from exc
        if facts.demo:
            raise FleetError(f"{live} is the demo tray; only a synced snapshot is published")
        size, sha = copy.stat().st_size, sha256_of(copy)
        packed, packed_size, packed_sha = _gzip_into(copy, out_dir)
    manifest = Manifest(
        created=(clock or (lambda: datetime.now(UTC)))().isoformat(timespec="seconds"),
        file=file_name(packed_sha), file_size=packed_size, file_sha256=packed_sha,
        size=size, sha256=sha, items=facts.items, schema=facts.schema,
        region_name=facts.region_name, municipalities=facts.municipalities,
    )  # fmt: skip
    previous = _previous_file(out_dir)
    os.replace(packed, out_dir / manifest.file)
    body = manifest.to_bytes()
    _write_atomic(out_dir / SIGNATURE_NAME, sign(private_key, body))
    _write_atomic(out_dir / MANIFEST_NAME, body)
    _fsync_dir(out_dir)
    _prune(out_dir, {manifest.file, *([previous] if previous else [])})
    return manifest
