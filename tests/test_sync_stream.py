"""The streamed sync: sources hand over batches, the engine stores each as it comes, memory stays bounded.

Real SQLite files; sources are small adapters with a ``stream`` method, and a real local PTV v12 server.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk import snapshot
from kiosk.config import load_config
from kiosk.model import TrayItem
from kiosk.sources.base import Batch, FetchRequest, SourceResult, SourceStream, collect, open_stream
from kiosk.sources.http import RetryPolicy
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.sources.spill import RecordStore
from kiosk.sync import run_sync
from tests.fakeserver import FakeServer
from tests.ptv12_fake import BASE, TRAY_CLASSES, install_v12, make_dataset, uid
from tests.sync_helpers import catalogue_of, write_config

CATALOGUE = catalogue_of(("P27.1",))


def _item(n: int, tag: str) -> TrayItem:
    return TrayItem(id=f"ptv:{n:05d}", kind="service", names={"fi": f"Kuntosali {n} {tag}"}, source="streamed",
                    service_classes=("P27.1",), target_groups=("KR1",), areas=("205",))  # fmt: skip


class Streamed:
    """A source of ``batches`` batches of ``size`` items; it fails before batch ``fail_at`` when that is set.

    While it runs it notes, before each batch, how many items of the batches handed over four or more
    batches earlier are still alive somewhere (held by the engine): ``held``."""

    def __init__(self, batches: int, size: int, tag: str, fail_at: int | None = None) -> None:
        self.batches, self.size, self.tag, self.fail_at = batches, size, tag, fail_at
        self.refs: list[list[weakref.ref[TrayItem]]] = []
        self.held: list[int] = []

    def stream(self, client: object, request: FetchRequest) -> SourceStream:
        def batches() -> Iterator[Batch]:
            for b in range(self.batches):
                self.held.append(sum(r() is not None for old in self.refs[: max(0, b - 4)] for r in old))
                if b == self.fail_at:
                    raise RuntimeError("the server went away in the middle")
                batch = tuple(_item(b * self.size + i, self.tag) for i in range(self.size))
                self.refs.append([weakref.ref(item) for item in batch])
                yield batch

        return SourceStream(True, batches(), lambda: SourceResult(source="streamed", full=True, requests=self.batches))


def _names(tray: Path) -> set[str]:
    with sqlite3.connect(f"file:{tray}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0].rsplit(" ", 1)[-1] for row in conn.execute("SELECT json_extract(names, '$.fi') FROM items")}


def _config(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_config(write_config(tmp_path, '[[sources]]\nkind = "ptv11"\nname = "streamed"\n'))


def test_batches_already_stored_are_let_go_while_the_source_goes_on(tmp_path):
    source = Streamed(batches=30, size=40, tag="v1")
    cfg = _config(tmp_path)
    with httpx.Client() as client:
        report = run_sync(cfg, client, sources={"streamed": source}, catalogue=CATALOGUE)
    assert report.ok and report.items == 1200
    assert sum(source.held[5:]) == 0  # at most a few batches in flight: the older ones were freed
    assert _names(snapshot.tray_path(cfg.data_dir)) == {"v1"}


def test_a_source_that_fails_midway_keeps_its_old_items_and_none_of_the_new(tmp_path):
    cfg = _config(tmp_path)
    tray = snapshot.tray_path(cfg.data_dir)
    with httpx.Client() as client:
        assert run_sync(cfg, client, sources={"streamed": Streamed(10, 30, "v1")}, catalogue=CATALOGUE).ok
        failing = Streamed(12, 30, "v2", fail_at=7)  # 7 batches of v2 were stored before it failed
        report = run_sync(cfg, client, full=True, sources={"streamed": failing}, catalogue=CATALOGUE)
    (run,) = report.sources
    assert not run.ok and "went away in the middle" in (run.message or "")
    assert report.items is None and not report.published  # nothing succeeded: the old snapshot stays as it was
    assert _names(tray) == {"v1"}
    with sqlite3.connect(f"file:{tray}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 300
    assert not list(tray.parent.glob("tray.sqlite.tmp-*"))  # the half-built file is gone


def test_a_failing_source_among_others_is_rolled_back_and_keeps_its_old_items(tmp_path):
    cfg = load_config(write_config(tmp_path, '[[sources]]\nkind = "ptv11"\nname = "a"\n'
                                             '[[sources]]\nkind = "ptv11"\nname = "b"\n'))  # fmt: skip
    tray = snapshot.tray_path(cfg.data_dir)

    class Named(Streamed):
        def __init__(self, name: str, offset: int, *args: object, **kw: object) -> None:
            super().__init__(*args, **kw)  # type: ignore[arg-type]
            self.name, self.offset = name, offset

        def stream(self, client: object, request: FetchRequest) -> SourceStream:
            inner = super().stream(client, request)
            shifted = (
                tuple(_renamed(i, self.name, self.offset) for i in batch) for batch in inner.batches
            )
            return SourceStream(True, shifted, lambda: SourceResult(source=self.name, full=True))

    with httpx.Client() as client:
        first = {"a": Named("a", 0, 5, 20, "v1"), "b": Named("b", 50_000, 5, 20, "v1")}
        assert run_sync(cfg, client, sources=first, catalogue=CATALOGUE).ok  # type: ignore[arg-type]
        second = {"a": Named("a", 0, 6, 20, "v2"), "b": Named("b", 50_000, 6, 20, "v2", fail_at=3)}
        report = run_sync(cfg, client, full=True, sources=second, catalogue=CATALOGUE)  # type: ignore[arg-type]
    ok = {r.name: r.ok for r in report.sources}
    assert ok == {"a": True, "b": False} and report.published and report.items == 120 + 100
    with sqlite3.connect(f"file:{tray}?mode=ro", uri=True) as conn:
        rows = dict(conn.execute("SELECT source || ' ' || json_extract(names, '$.fi'), 1 FROM items"))
        assert {k.split()[0] + " " + k.rsplit(" ", 1)[-1] for k in rows} == {"a v2", "b v1"}
        status = dict(conn.execute("SELECT name, status FROM sources"))
    assert status == {"a": "ok", "b": "failed"}


def _renamed(item: TrayItem, source: str, offset: int) -> TrayItem:
    n = int(item.id.split(":")[1]) + offset
    return TrayItem(id=f"ptv:{n:05d}", kind="service", names=item.names, source=source,
                    service_classes=item.service_classes, target_groups=item.target_groups, areas=item.areas)  # fmt: skip


def test_an_adapter_with_only_fetch_is_read_in_batches():
    items = tuple(_item(n, "x") for n in range(1234))

    class Plain:
        def fetch(self, client: object, request: FetchRequest) -> SourceResult:
            return SourceResult(source="plain", full=True, items=items, cursor="c", requests=3)

    stream = open_stream(Plain(), None, FetchRequest(region=None))  # type: ignore[arg-type]
    sizes = [len(b) for b in stream.batches]
    assert sizes == [500, 500, 234] and stream.full
    result = stream.finish()
    assert result.items == () and result.cursor == "c" and result.requests == 3


@pytest.fixture
def v12():
    with FakeServer() as server, httpx.Client(timeout=5) as client:
        ds = make_dataset(45)
        install_v12(server, ds)
        yield server, client, ds


def test_a_full_ptv12_run_hands_over_a_page_of_services_at_a_time(v12):
    server, client, _ds = v12
    retry = RetryPolicy(attempts=2, backoff_s=0.001, sleep=lambda s: None)
    request = FetchRequest(region=_region(), areas=catalogue_of(TRAY_CLASSES))
    kw: dict[str, Any] = {"page_size": 10, "retry": retry, "clock": lambda: datetime(2026, 12, 1, 12, tzinfo=UTC)}
    stream = Ptv12Source(server.url + BASE, "key", **kw).stream(client, request)
    assert stream.full
    batches = list(stream.batches)
    result = stream.finish()
    by_id = [p for p, _q, _h in server.log if "/service-channel/" in p and not p.endswith("/search")]
    assert len(batches) >= 4 and all(len(b) <= 10 for b in batches)
    streamed = {item.id: item for batch in batches for item in batch}
    whole = collect(Ptv12Source(server.url + BASE, "key", **kw).stream(client, request))
    assert streamed == {item.id: item for item in whole.items} and len(streamed) == 47
    assert result.cursor == whole.cursor and result.items == ()
    # a channel outside the region is read by id once, though three services on several pages use it
    assert by_id and len(by_id) == len(set(by_id))


def _region():  # type: ignore[no-untyped-def]
    from kiosk.sources.base import Region

    return Region("Kainuu", ("205", "765", "290"), "205")


def test_the_record_store_gives_back_what_was_put_even_what_orjson_cannot_write():
    with RecordStore() as store:
        store.put("a", {"name": "Kirjasto", "n": 1})
        store.put("b", {"name": "bad \ud800 text", "big": 2**70})  # a lone surrogate, an integer beyond 64 bits
        store.put("a", {"name": "Kirjasto 2"})  # a later record replaces the earlier one
        got = store.get_many(["a", "b", "missing"])
    assert got == {"a": {"name": "Kirjasto 2"}, "b": {"name": "bad \ud800 text", "big": 2**70}}


def test_a_region_too_big_to_remember_is_still_synced_incrementally(v12, monkeypatch):
    import kiosk.sources.ptv12 as ptv12

    server, client, ds = v12
    monkeypatch.setattr(ptv12, "STATE_LIMIT", 5)  # as if the region had more services than are remembered
    retry = RetryPolicy(attempts=2, backoff_s=0.001, sleep=lambda s: None)
    src = Ptv12Source(server.url + BASE, "key", retry=retry)
    areas = catalogue_of(TRAY_CLASSES)
    first = src.fetch(client, FetchRequest(region=_region(), areas=areas))
    assert len(first.items) == 47
    assert src._known is None and src._channel_services == {}  # nothing kept for the next run
    ds.update("service", uid(1, 3), lambda s: s["languageVersions"]["fi"].update(name="Kuntosali uusi nimi"))
    ds.archive("service", uid(1, 4))
    second = src.fetch(client, FetchRequest(region=_region(), cursor=first.cursor, full=False, areas=areas))
    assert not second.full
    assert {i.id: i.names["fi"] for i in second.items}[f"ptv:{uid(1, 3)}"] == "Kuntosali uusi nimi"
    assert f"ptv:{uid(1, 4)}" in second.deleted


def test_cache_columns_are_read_with_orjson_and_an_old_escaped_surrogate_still_reads():
    from kiosk.cache import fts
    from kiosk.cache.read import loads

    old = '{"fi": "Kirjasto \\ud800"}'  # as json.dumps wrote a lone surrogate before text cleaning dropped them
    assert loads(old) == {"fi": "Kirjasto \ud800"} == fts._loads(old)
    assert loads('{"fi": "Kirjasto", "n": [1, 2.5]}') == {"fi": "Kirjasto", "n": [1, 2.5]}


@pytest.mark.parametrize("writer", ["process", "thread", "inline"])
def test_in_a_writer_process_on_a_thread_or_inline_the_snapshot_is_the_same(tmp_path, monkeypatch, writer):
    import kiosk.sync

    monkeypatch.setattr(kiosk.sync, "STREAM_WRITER", writer)
    cfg = _config(tmp_path)
    tray = snapshot.tray_path(cfg.data_dir)
    with httpx.Client() as client:
        assert run_sync(cfg, client, sources={"streamed": Streamed(6, 25, "v1")}, catalogue=CATALOGUE).ok
        report = run_sync(cfg, client, full=True, sources={"streamed": Streamed(8, 25, "v2", fail_at=5)},
                          catalogue=CATALOGUE)  # fmt: skip
        assert not report.sources[0].ok
        assert run_sync(cfg, client, full=True, sources={"streamed": Streamed(4, 25, "v3")}, catalogue=CATALOGUE).ok
    assert _names(tray) == {"v3"}
    with sqlite3.connect(f"file:{tray}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 100
        hits = conn.execute("SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH 'kuntosali'").fetchone()[0]
    assert hits == 100  # the index holds exactly the items there are


def test_a_writer_process_that_dies_midway_fails_the_sync_in_words_and_keeps_the_old_snapshot(tmp_path, monkeypatch):
    import os
    import signal

    from kiosk.cache.builder_process import ProcessBuilder
    from kiosk.sync import SyncError

    cfg = _config(tmp_path)
    tray = snapshot.tray_path(cfg.data_dir)
    with httpx.Client() as client:
        assert run_sync(cfg, client, sources={"streamed": Streamed(5, 20, "v1")}, catalogue=CATALOGUE).ok
        writes = []
        original = ProcessBuilder.write

        def write_then_die(self: ProcessBuilder, items: list[TrayItem]) -> None:
            writes.append(self._proc.pid)
            if len(writes) == 3:
                self.wait()
                os.kill(self._proc.pid, signal.SIGKILL)  # as the out-of-memory killer would
                self._proc.wait()
            original(self, items)

        monkeypatch.setattr(ProcessBuilder, "write", write_then_die)
        with pytest.raises(SyncError, match="could not be written.*the old one is kept"):
            run_sync(cfg, client, full=True, sources={"streamed": Streamed(8, 20, "v2")}, catalogue=CATALOGUE)
    assert len(writes) == 3
    assert _names(tray) == {"v1"}
    assert not list(tray.parent.glob("tray.sqlite.tmp-*"))


def test_when_no_writer_process_can_be_started_the_snapshot_is_written_on_a_thread(tmp_path, monkeypatch, caplog):
    import sys

    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    cfg = _config(tmp_path)
    with httpx.Client() as client:
        report = run_sync(cfg, client, sources={"streamed": Streamed(3, 20, "v1")}, catalogue=CATALOGUE)
    assert report.ok and report.items == 60
    assert "no writer process" in caplog.text
    assert _names(snapshot.tray_path(cfg.data_dir)) == {"v1"}


def test_a_file_the_writer_process_cannot_open_fails_each_operation_after_it_in_words(tmp_path):
    from kiosk.cache.builder import WriteFailed
    from kiosk.cache.builder_process import ProcessBuilder

    builder = ProcessBuilder(tmp_path / "no-such-folder" / "tray.sqlite.tmp-1")  # the open is not waited for
    try:
        builder.begin_source()
        with pytest.raises(WriteFailed) as failed:
            builder.count()
        assert isinstance(failed.value.__cause__, sqlite3.OperationalError)
        assert "unable to open" in str(failed.value.__cause__)
        with pytest.raises(WriteFailed):
            builder.commit()
    finally:
        builder.close()
    assert builder._proc.returncode == 0  # the writer ended when told to
