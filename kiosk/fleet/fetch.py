"""A kiosk's sync from a ``snapshot`` source: the county's published snapshot, checked, then swapped in.

One run, under the data directory's sync lock (the same as an item sync):

1. fetch ``manifest.json`` and ``manifest.json.sig`` and check the signature with the configured public key
   (nothing in the manifest is believed before that); then check that this kiosk can read the snapshot
   (format, schema steps) and that it covers the kiosk's region;
2. when the live ``tray.sqlite`` already is that snapshot (same SHA-256), stop: nothing to do;
3. apply the shrink guard to the manifest's item count (before downloading anything);
4. download the file into ``fleet-<hash>.part`` in the data directory, resuming a cut download with an HTTP
   ``Range`` request; check its size and SHA-256;
5. unpack it beside ``tray.sqlite``, check size and SHA-256 again, that it opens, and that its item count and
   schema steps are the manifest's; swap it in with :func:`kiosk.snapshot.publish` and log the run.

Any failure keeps the live snapshot as it was, is logged in the sync log with the reason, and makes the sync
exit 1. A download cut off (or stopped by the sync's deadline) keeps its partial file for the next run;
a file that does not match its hash is deleted.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import logging
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import httpx

from kiosk import snapshot, synclog
from kiosk.config import Config
from kiosk.fleet.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    FleetError,
    Manifest,
    parse_manifest,
    verify,
)
from kiosk.fleet.publish import CHUNK, read_facts, sha256_of
from kiosk.sources.snapshot_kind import SnapshotConfig
from kiosk.sync import (
    SHRINK_KEEP,
    SHRINK_MIN,
    Clock,
    Progress,
    SourceRun,
    SyncError,
    SyncReport,
    utcnow,
)

log = logging.getLogger(__name__)

PART_PREFIX = "fleet-"


class _Refused(FleetError):
    def __init__(self, message: str, shrink: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.shrink = shrink


@dataclass
class _Run:
    cfg: SnapshotConfig
    config: Config
    client: httpx.Client
    target: Path
    until: float
    allow_shrink: bool
    tell: Progress
    requests: int = 0

    @property
    def host(self) -> str:
        return urlsplit(self.cfg.base_url).hostname or self.cfg.base_url


def known_schema() -> tuple[str, ...]:
    """The schema steps this kiosk's software builds, in order."""
    from sqlite_utils import Database

    from kiosk.cache.schema import MIGRATIONS

    return tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))


def sync_snapshot(
    config: Config, client: httpx.Client, *, clock: Clock = utcnow, allow_shrink: bool = False,
    deadline_s: float | None = None, progress: Progress | None = None,
) -> SyncReport:  # fmt: skip
    """Run the kiosk's snapshot source (the only source in ``config``); see the module docstring.
    ``progress`` is told ``(name, "fetching")`` at the start and ``("", "saving")`` before the swap."""
    cfg = cast(SnapshotConfig, config.sources[0])
    data_dir = config.data_dir
    started = clock()
    target = snapshot.tray_path(data_dir)
    try:
        lock = snapshot.sync_lock(data_dir)
        lock.__enter__()
    except snapshot.SyncBusy as exc:
        raise SyncError(str(exc)) from exc
    except OSError as exc:
        raise SyncError(f"cannot use the data directory {data_dir}: {exc.strerror or exc}") from exc
    until = time.monotonic() + (config.sync_deadline_s if deadline_s is None else deadline_s)
    run = _Run(cfg, config, client, target, until, allow_shrink, progress or (lambda _s, _t: None))
    try:
        snapshot.remove_stale_temps(data_dir)
        result, items, published = _attempt(run)
    finally:
        lock.__exit__(None, None, None)
    finished = clock()
    synclog.record(data_dir, [synclog.LogEntry(
        run_started=started, finished=finished, source=cfg.name, full=True, ok=result.ok, upserts=result.upserts,
        items=items, requests=result.requests, message=result.message,
    )])  # fmt: skip
    return SyncReport(started, finished, (result,), items, published, target)


def _describe(exc: BaseException) -> str:
    """An unexpected failure in words for the log: printable, bounded, its kind named."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(exc)[:300])
    return f"unexpected {type(exc).__name__}: {text}" if text else f"unexpected {type(exc).__name__}"


def _live_items(target: Path) -> int | None:
    if not target.exists():
        return None
    with contextlib.suppress(sqlite3.DatabaseError):
        return read_facts(target).items
    return None


def _attempt(run: _Run) -> tuple[SourceRun, int | None, bool]:
    """(the source's report line, items in the live snapshot afterwards, whether a new one was swapped in)."""
    name = run.cfg.name
    run.tell(name, "fetching")
    try:
        manifest = _signed_manifest(run)
        _check_compatible(run, manifest)
        if run.target.exists() and sha256_of(run.target) == manifest.sha256:
            _remove_parts(run.target.parent, keep=None)
            message = f"unchanged: the county's snapshot of {manifest.created} is already in use"
            return SourceRun(name, ok=True, full=True, requests=run.requests, message=message), manifest.items, False
        _check_shrink(run, manifest)
        part = _download(run, manifest)
        run.tell("", "saving")
        _swap_in(run, manifest, part)
    except _Refused as exc:
        log.warning("snapshot source %s refused: %s", name, exc)
        failed = SourceRun(name, ok=False, full=True, requests=run.requests, message=f"{name}: {exc}",
                           shrink=exc.shrink)
        return failed, _live_items(run.target), False
    except FleetError as exc:
        log.warning("snapshot source %s failed: %s", name, exc)
        failed = SourceRun(name, ok=False, full=True, requests=run.requests, message=f"{name}: {exc}")
        return failed, _live_items(run.target), False
    except OSError as exc:  # the data directory: full disk, permissions
        message = f"{name}: cannot write in the data directory {run.target.parent}: {exc.strerror or exc}"
        log.warning("snapshot source %s failed: %s", name, message)
        return SourceRun(name, ok=False, full=True, requests=run.requests, message=message), None, False
    except Exception as exc:  # noqa: BLE001 - as in the item sync: a failure is reported, never a crash
        message = f"{name}: {_describe(exc)}"
        log.warning("snapshot source %s failed: %s", name, message)
        return SourceRun(name, ok=False, full=True, requests=run.requests, message=message), None, False
    message = f"the county's snapshot of {manifest.created} is now in use"
    done = SourceRun(name, ok=True, full=True, upserts=manifest.items, requests=run.requests, message=message)
    return done, manifest.items, True


# --- the manifest -------------------------------------------------------------------------------------


def _get_small(run: _Run, file: str, limit: int) -> bytes:
    url = run.cfg.base_url + file
    run.requests += 1
    try:
        with run.client.stream("GET", url) as resp:
            if resp.status_code != 200:
                hint = ": has the county published yet, and is base_url right?" if resp.status_code == 404 else ""
                raise FleetError(f"{url} answered HTTP {resp.status_code}{hint}")
            body = b""
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FleetError(f"{url} is larger than {limit // 1024} KiB, so it is not a {file}")
            return body
    except httpx.HTTPError as exc:
        raise FleetError(f"cannot fetch {file} from {run.host} ({_why(exc)}); the next sync tries again") from exc


def _why(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "no connection to the server"
    if isinstance(exc, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection"
    return type(exc).__name__


def _signed_manifest(run: _Run) -> Manifest:
    """The manifest, once its signature checks out. A manifest and signature fetched while the county was
    publishing may not belong together, so a bad pair is fetched once more before it is refused."""
    for attempt in (1, 2):
        body = _get_small(run, MANIFEST_NAME, MAX_MANIFEST_BYTES)
        signature = _get_small(run, SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
        try:
            verify(run.cfg.public_key, body, signature)
        except FleetError as exc:
            if attempt == 2:
                raise _Refused(str(exc)) from exc
            continue
        try:
            return parse_manifest(body)
        except FleetError as exc:
            raise _Refused(str(exc)) from exc
    raise AssertionError("unreachable")


def _check_compatible(run: _Run, manifest: Manifest) -> None:
    known = known_schema()
    if manifest.schema != known:
        if newer := [s for s in manifest.schema if s not in known]:
            raise _Refused(f"the snapshot was built by a newer hyte-kiosk (schema steps {', '.join(newer)} are"
                           " unknown here): update this kiosk's software")
        missing = [s for s in known if s not in manifest.schema]
        raise _Refused(f"the snapshot was built by an older hyte-kiosk (it lacks schema steps {', '.join(missing)}):"
                       " update the county's publishing machine")
    wanted = run.config.region.municipalities
    if not_covered := [m for m in wanted if m not in manifest.municipalities]:
        raise _Refused(
            f"the snapshot is for {manifest.region_name or 'another region'} ({', '.join(manifest.municipalities)}),"
            f" which does not cover this kiosk's municipalities {', '.join(not_covered)}: check base_url"
        )


def _check_shrink(run: _Run, manifest: Manifest) -> None:
    before = _live_items(run.target)
    after = manifest.items
    if run.allow_shrink or not before or after >= before:
        return
    if after == 0 or (before >= SHRINK_MIN and after < before * SHRINK_KEEP):
        raise _Refused(
            f"the published snapshot has {after} items and this kiosk has {before}, so the old snapshot is kept."
            " If that is right, run 'hyte-kiosk sync --allow-shrink'", (before, after)
        )


# --- download and swap ---------------------------------------------------------------------------------


def _remove_parts(data_dir: Path, keep: Path | None) -> None:
    for part in data_dir.glob(f"{PART_PREFIX}*.part"):
        if part != keep:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()


def _download(run: _Run, manifest: Manifest) -> Path:
    """The file, complete and matching its hash, in ``fleet-<hash>.part`` (resumed when a part is there)."""
    part = run.target.parent / f"{PART_PREFIX}{manifest.file_sha256[:16]}.part"
    _remove_parts(run.target.parent, keep=part)  # parts of earlier publications
    have = part.stat().st_size if part.exists() else 0
    if have > manifest.file_size:
        part.unlink()
        have = 0
    if have < manifest.file_size:
        have = _receive(run, manifest, part, have)
    if have != manifest.file_size:
        raise FleetError(f"the download stopped after {have} of {manifest.file_size} bytes; the next sync resumes it")
    if sha256_of(part) != manifest.file_sha256:
        part.unlink()
        raise _Refused("the downloaded file does not match the SHA-256 in the signed manifest (damaged or changed"
                       " after signing); it is deleted and downloaded again next time")
    return part


def _receive(run: _Run, manifest: Manifest, part: Path, have: int) -> int:
    """Download into ``part`` from byte ``have``; return how many bytes it holds afterwards."""
    url = run.cfg.base_url + manifest.file
    headers = {"Range": f"bytes={have}-"} if have else {}
    run.requests += 1
    try:
        with run.client.stream("GET", url, headers=headers) as resp:
            if resp.status_code == 206 and resp.headers.get("content-range", "").startswith(f"bytes {have}-"):
                mode = "ab"
            elif resp.status_code == 200:
                mode, have = "wb", 0  # the server ignores Range: start over
            else:
                if resp.status_code == 416:
                    part.unlink(missing_ok=True)
                hint = ": the file is missing on the server" if resp.status_code == 404 else ""
                raise FleetError(f"{url} answered HTTP {resp.status_code}{hint}")
            with open(part, mode) as fh:
                for chunk in resp.iter_bytes():  # as it arrives: a cut keeps every byte received
                    if have + len(chunk) > manifest.file_size:
                        have = -1
                        break
                    fh.write(chunk)
                    have += len(chunk)
                    if time.monotonic() > run.until:
                        break
    except httpx.HTTPError as exc:
        size = part.stat().st_size if part.exists() else 0
        raise FleetError(f"the download from {run.host} was cut off after {size} of {manifest.file_size} bytes"
                         f" ({_why(exc)}); the next sync resumes it") from exc
    if have < 0:
        part.unlink()
        raise _Refused("the server sent more bytes than the signed manifest says the file has")
    return have


def _unpack(part: Path, manifest: Manifest, temp: Path) -> None:
    digest = hashlib.sha256()
    size = 0
    try:
        with gzip.open(part, "rb") as gz, open(temp, "wb") as out:
            while chunk := gz.read(CHUNK):
                size += len(chunk)
                if size > manifest.size:
                    raise _Refused("the file unpacks to more bytes than the signed manifest says")
                digest.update(chunk)
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise _Refused(f"the downloaded file is not a complete gzip file ({type(exc).__name__})") from exc
    if size != manifest.size or digest.hexdigest() != manifest.sha256:
        raise _Refused("the unpacked snapshot does not match the size and SHA-256 in the signed manifest")


def _check_unpacked(temp: Path, manifest: Manifest) -> None:
    try:
        facts = read_facts(temp)
        with contextlib.closing(sqlite3.connect(f"file:{temp}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as exc:
        raise _Refused(f"the downloaded snapshot does not open as a tray snapshot ({exc})") from exc
    if not ok:
        raise _Refused("the downloaded snapshot is damaged (SQLite's quick_check failed)")
    if facts.items != manifest.items:
        raise _Refused(f"the snapshot holds {facts.items} items, the manifest says {manifest.items}")
    if facts.schema != manifest.schema or facts.demo:
        raise _Refused("the snapshot's schema steps are not the manifest's (or it is a demo tray)")


def _swap_in(run: _Run, manifest: Manifest, part: Path) -> None:
    temp = snapshot.temp_path(run.target)
    temp.unlink(missing_ok=True)
    try:
        _unpack(part, manifest, temp)
        _check_unpacked(temp, manifest)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, _Refused):
            part.unlink(missing_ok=True)  # downloaded again next time
        raise
    snapshot.publish(temp, run.target)
    part.unlink(missing_ok=True)
