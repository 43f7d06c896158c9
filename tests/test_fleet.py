"""The county fleet end to end: ``hyte-kiosk publish`` on a county data dir, a real static HTTP server on
127.0.0.1 (with Range), and kiosks whose only source is ``kind = "snapshot"`` syncing from it."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk import snapshot, synclog
from kiosk.cli import main
from kiosk.config import ConfigError, load_config
from kiosk.fleet.manifest import FleetError, generate_key, load_private_key, parse_manifest, sign, verify
from kiosk.sources.snapshot_kind import decode_public_key
from tests.fleet_server import StaticServer
from tests.sync_helpers import local_rows, write_config, write_local


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])


@dataclass
class County:
    folder: Path
    config: Path
    local: Path
    key: Path
    public: str
    out: Path

    def publish(self, capsys, rows: int, *, tag: str = "v1") -> dict:
        """Sync ``rows`` local items on the county's machine and publish them; the new manifest."""
        write_local(self.local, local_rows(rows, tag=tag))
        assert run_cli(capsys, "--config", str(self.config), "sync", "--full", "--allow-shrink")[0] == 0
        code, out, err = run_cli(capsys, "--config", str(self.config), "publish", "--key", str(self.key),
                                 "-o", str(self.out))
        assert code == 0, err
        assert f"Published {rows} items" in out
        return json.loads((self.out / "manifest.json").read_bytes())

    def resign(self, manifest: dict) -> None:
        """Replace the published manifest with ``manifest``, validly signed (a county publishing something odd)."""
        body = json.dumps(manifest).encode()
        (self.out / "manifest.json").write_bytes(body)
        (self.out / "manifest.json.sig").write_bytes(sign(load_private_key(self.key), body))


@pytest.fixture
def county(tmp_path, capsys) -> County:
    folder = tmp_path / "county"
    folder.mkdir()
    local = write_local(folder / "local.json", local_rows(40))
    config = write_config(folder, f'[[sources]]\nkind = "local"\npath = "{local.name}"\n')
    key = tmp_path / "county-key.pem"
    code, out, err = run_cli(capsys, "publish", "--generate-key", str(key))
    assert code == 0 and "never copy it to a kiosk" in err
    public = out.strip().removeprefix('public_key = "').removesuffix('"')
    return County(folder, config, local, key, public, tmp_path / "www")


@pytest.fixture
def server(county):
    county.out.mkdir(exist_ok=True)
    with StaticServer(county.out) as srv:
        yield srv


def kiosk_config(folder: Path, url: str, public: str, *, region: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    block = f'[[sources]]\nkind = "snapshot"\nname = "county"\nbase_url = "{url}"\npublic_key = "{public}"\n'
    if region:
        return write_config(folder, block)
    cfg = folder / "kiosk.toml"
    cfg.write_text(f'data_dir = "data"\n\n{block}', encoding="utf-8")
    return cfg


def kiosk_sync(capsys, config: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--config", str(config), "sync", *extra)


# --- keys and publishing --------------------------------------------------------------------------


def test_generate_key_writes_a_private_key_only_its_owner_reads_and_never_overwrites(county):
    assert stat.S_IMODE(county.key.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in county.key.read_bytes()
    assert decode_public_key(county.public) is not None and len(county.public) == 44
    before = county.key.read_bytes()
    with pytest.raises(FleetError, match="never overwritten"):
        generate_key(county.key)
    assert county.key.read_bytes() == before


def test_publish_writes_a_compressed_snapshot_and_a_signed_manifest(county, capsys):
    manifest = county.publish(capsys, 40)
    files = sorted(p.name for p in county.out.iterdir())
    assert files == sorted(["manifest.json", "manifest.json.sig", manifest["file"]["name"]])
    body = (county.out / "manifest.json").read_bytes()
    verify(decode_public_key(county.public) or b"", body, (county.out / "manifest.json.sig").read_bytes())
    parsed = parse_manifest(body)
    packed = county.out / parsed.file
    assert packed.stat().st_size == parsed.file_size and sha(packed) == parsed.file_sha256
    unpacked = gzip.decompress(packed.read_bytes())
    assert len(unpacked) == parsed.size and hashlib.sha256(unpacked).hexdigest() == parsed.sha256
    assert parsed.file_size < parsed.size / 2  # JSON-heavy SQLite compresses well
    assert parsed.items == 40 == count(snapshot.tray_path(county.folder / "data"))
    assert parsed.municipalities == ("205", "765", "290") and parsed.region_name == "Kainuu"
    assert parsed.schema[0] == "m001_items" and len(parsed.schema) >= 6


def test_publish_refuses_a_county_that_has_not_synced(county, capsys):
    code, _, err = run_cli(capsys, "--config", str(county.config), "publish", "--key", str(county.key),
                           "-o", str(county.out))
    assert code == 4 and "run 'hyte-kiosk sync' first" in err
    assert not county.out.exists()


def test_publish_keeps_the_previous_file_for_kiosks_half_way_through_it(county, capsys):
    first = county.publish(capsys, 40)["file"]["name"]
    second = county.publish(capsys, 41, tag="v2")["file"]["name"]
    third = county.publish(capsys, 42, tag="v3")["file"]["name"]
    assert len({first, second, third}) == 3
    names = {p.name for p in county.out.iterdir()}
    assert second in names and third in names and first not in names


# --- kiosks ---------------------------------------------------------------------------------------


def test_two_kiosks_fetch_verify_and_swap_in_the_county_snapshot(county, server, tmp_path, capsys):
    manifest = county.publish(capsys, 40)
    kiosks = [kiosk_config(tmp_path / f"kiosk{i}", server.url, county.public) for i in (1, 2)]
    for cfg in kiosks:
        code, out, err = kiosk_sync(capsys, cfg)
        assert code == 0, err
        assert "40 items in the tray (new snapshot published)" in out
        live = snapshot.tray_path(cfg.parent / "data")
        assert sha(live) == manifest["snapshot"]["sha256"]
        assert not list((cfg.parent / "data").glob("fleet-*.part"))
        assert synclog.last_per_source(cfg.parent / "data")["county"]["ok"] is True
        code, out, _ = run_cli(capsys, "--config", str(cfg), "search", "Kyläkerho", "--json")
        assert code == 0 and len(json.loads(out)) > 0
        code, out, _ = run_cli(capsys, "--config", str(cfg), "status", "--json")
        source = json.loads(out)["sources"][0]
        assert code == 0 and source["kind"] == "snapshot" and source["last_ok"] is True

    newer = county.publish(capsys, 44, tag="v2")
    for cfg in kiosks:
        code, out, err = kiosk_sync(capsys, cfg)
        assert code == 0, err
        assert "44 items in the tray (new snapshot published)" in out
        assert sha(snapshot.tray_path(cfg.parent / "data")) == newer["snapshot"]["sha256"]


def test_an_unchanged_manifest_downloads_nothing(county, server, tmp_path, capsys):
    manifest = county.publish(capsys, 40)
    cfg = kiosk_config(tmp_path / "kiosk", server.url, county.public)
    assert kiosk_sync(capsys, cfg)[0] == 0
    live = snapshot.tray_path(cfg.parent / "data")
    inode = live.stat().st_ino
    code, out, _ = kiosk_sync(capsys, cfg)
    assert code == 0 and "40 items in the tray (no changes)" in out
    assert live.stat().st_ino == inode
    assert len(server.requests_for(manifest["file"]["name"])) == 1  # only the first sync downloaded it
    assert "unchanged" in (synclog.last_per_source(cfg.parent / "data")["county"]["message"] or "")


def test_a_kiosk_with_a_snapshot_source_needs_no_region_and_no_ptv_key(county, server, tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.delenv("PTV_API_KEY", raising=False)
    county.publish(capsys, 40)
    cfg = kiosk_config(tmp_path / "kiosk", server.url, county.public, region=False)
    config = load_config(cfg)
    assert not config.region.municipalities
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 0, err


def _old_kept(cfg: Path, old_sha: str) -> None:
    assert sha(snapshot.tray_path(cfg.parent / "data")) == old_sha
    assert not list((cfg.parent / "data").glob("tray.sqlite.tmp-*"))


@pytest.fixture
def synced(county, server, tmp_path, capsys):
    """A kiosk that has synced the county's first snapshot (40 items); the county then publishes 44."""
    old = county.publish(capsys, 40)
    cfg = kiosk_config(tmp_path / "kiosk", server.url, county.public)
    assert kiosk_sync(capsys, cfg)[0] == 0
    new = county.publish(capsys, 44, tag="v2")
    return cfg, old["snapshot"]["sha256"], new


def test_a_tampered_byte_in_the_snapshot_file_is_refused_and_the_old_snapshot_kept(synced, county, server, capsys):
    cfg, old_sha, new = synced
    packed = county.out / new["file"]["name"]
    data = bytearray(packed.read_bytes())
    data[len(data) // 2] ^= 0x01
    packed.write_bytes(bytes(data))
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1
    assert "does not match the SHA-256 in the signed manifest" in err
    _old_kept(cfg, old_sha)
    assert not list((cfg.parent / "data").glob("fleet-*.part"))  # deleted: the next run starts over


def test_a_tampered_manifest_fails_its_signature(synced, county, capsys):
    cfg, old_sha, _new = synced
    body = (county.out / "manifest.json").read_bytes()
    (county.out / "manifest.json").write_bytes(body.replace(b'"items": 44', b'"items": 45'))
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "signature does not match the public key" in err
    _old_kept(cfg, old_sha)


def test_a_snapshot_signed_with_another_key_is_refused(synced, county, tmp_path, capsys):
    cfg, old_sha, _new = synced
    other_public = generate_key(tmp_path / "other.pem")
    text = cfg.read_text(encoding="utf-8")
    assert county.public in text
    cfg.write_text(text.replace(county.public, other_public), encoding="utf-8")
    code, out, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "signed with another key" in err and "county: FAILED" in err
    assert "40 items in the tray" in out  # what the kiosk still shows
    _old_kept(cfg, old_sha)


def test_a_cut_download_keeps_the_old_snapshot_and_resumes_on_the_next_run(synced, server, capsys):
    cfg, old_sha, new = synced
    name, size = new["file"]["name"], new["file"]["size"]
    cut = size // 3
    server.cut_after[name] = cut
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and f"cut off after {cut} of {size} bytes" in err and "resumes" in err
    _old_kept(cfg, old_sha)
    parts = list((cfg.parent / "data").glob("fleet-*.part"))
    assert len(parts) == 1 and parts[0].stat().st_size == cut

    code, out, err = kiosk_sync(capsys, cfg)
    assert code == 0, err
    assert server.requests_for(name)[-1] == f"bytes={cut}-"  # only the rest was asked for
    assert sha(snapshot.tray_path(cfg.parent / "data")) == new["snapshot"]["sha256"]
    assert not list((cfg.parent / "data").glob("fleet-*.part"))


def test_a_server_that_ignores_range_gets_the_whole_file_again(synced, server, capsys):
    cfg, _old_sha, new = synced
    name = new["file"]["name"]
    server.cut_after[name] = 1000
    assert kiosk_sync(capsys, cfg)[0] == 1
    server.ranges = False
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 0, err
    assert sha(snapshot.tray_path(cfg.parent / "data")) == new["snapshot"]["sha256"]


def test_a_much_smaller_snapshot_is_refused_unless_allowed(county, server, tmp_path, capsys):
    county.publish(capsys, 40)
    cfg = kiosk_config(tmp_path / "kiosk", server.url, county.public)
    assert kiosk_sync(capsys, cfg)[0] == 0
    old_sha = sha(snapshot.tray_path(cfg.parent / "data"))
    small = county.publish(capsys, 12, tag="v2")
    code, out, err = kiosk_sync(capsys, cfg)
    assert code == 1
    assert "has 12 items and this kiosk has 40, so the old snapshot is kept" in err and "--allow-shrink" in err
    assert "40 items in the tray" in out
    assert server.requests_for(small["file"]["name"]) == []  # refused before downloading
    _old_kept(cfg, old_sha)
    code, out, err = kiosk_sync(capsys, cfg, "--allow-shrink")
    assert code == 0, err
    assert count(snapshot.tray_path(cfg.parent / "data")) == 12


def test_a_manifest_that_is_not_json_is_refused_even_when_signed(synced, county, capsys):
    cfg, old_sha, _new = synced
    body = b'{"format": 1, "created": "2026-'
    (county.out / "manifest.json").write_bytes(body)
    (county.out / "manifest.json.sig").write_bytes(sign(load_private_key(county.key), body))
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "the manifest is not valid JSON" in err
    _old_kept(cfg, old_sha)


def test_a_manifest_whose_item_count_lies_is_refused_after_download(synced, county, capsys):
    cfg, old_sha, new = synced
    new["snapshot"]["items"] = 43
    county.resign(new)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "holds 44 items, the manifest says 43" in err
    _old_kept(cfg, old_sha)


def test_a_snapshot_from_newer_software_is_refused_with_what_to_do(synced, county, capsys):
    cfg, old_sha, new = synced
    new["snapshot"]["schema"].append("m999_future")
    county.resign(new)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "newer hyte-kiosk" in err and "m999_future" in err
    _old_kept(cfg, old_sha)


def test_a_snapshot_for_another_region_is_refused(synced, county, capsys):
    cfg, old_sha, new = synced
    new["region"] = {"name": "Lappi", "municipalities": ["698"]}
    county.resign(new)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "does not cover this kiosk's municipalities 205, 765, 290" in err
    _old_kept(cfg, old_sha)


def test_no_manifest_on_the_server_says_so(county, server, tmp_path, capsys):
    cfg = kiosk_config(tmp_path / "kiosk", server.url, county.public)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "HTTP 404" in err and "has the county published yet" in err
    assert not snapshot.tray_path(cfg.parent / "data").exists()


def test_an_unreachable_server_fails_in_plain_words(county, tmp_path, capsys):
    cfg = kiosk_config(tmp_path / "kiosk", "http://127.0.0.1:9/", county.public)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "cannot fetch manifest.json from 127.0.0.1" in err


# --- config ---------------------------------------------------------------------------------------


def test_a_snapshot_source_must_be_the_only_source(tmp_path, county):
    block = (f'[[sources]]\nkind = "snapshot"\nbase_url = "https://example.fi/kiosk/"\npublic_key = "{county.public}"\n'
             '\n[[sources]]\nkind = "local"\npath = "local.json"\n')
    with pytest.raises(ConfigError, match="must be the only"):
        load_config(write_config(tmp_path, block))


@pytest.mark.parametrize("key", ["", "abc", "A" * 44, "not base64 at all!!"])
def test_a_public_key_that_is_not_one_is_a_config_error(tmp_path, key):
    block = f'[[sources]]\nkind = "snapshot"\nbase_url = "https://example.fi/kiosk/"\npublic_key = "{key}"\n'
    with pytest.raises(ConfigError, match="public_key"):
        load_config(write_config(tmp_path, block))


def test_a_snapshot_source_needs_https_except_on_this_machine(tmp_path, county):
    block = f'[[sources]]\nkind = "snapshot"\nbase_url = "http://example.fi/kiosk/"\npublic_key = "{county.public}"\n'
    with pytest.raises(ConfigError, match="not an https:// address"):
        load_config(write_config(tmp_path, block))


def test_the_partial_download_lives_in_the_data_dir_only(synced, server, capsys):
    cfg, _old, new = synced
    server.cut_after[new["file"]["name"]] = 500
    kiosk_sync(capsys, cfg)
    data = cfg.parent / "data"
    assert [p.parent for p in data.glob("fleet-*.part")] == [data]
    assert os.access(data / "tray.sqlite", os.R_OK)


def test_run_sync_hands_a_snapshot_source_to_the_fleet_and_reports_progress(county, server, tmp_path, capsys):
    import httpx

    from kiosk.sync import run_sync

    county.publish(capsys, 40)
    config = load_config(kiosk_config(tmp_path / "kiosk", server.url, county.public))
    stages: list[tuple[str, str]] = []
    with httpx.Client(timeout=5) as client:
        report = run_sync(config, client, progress=lambda s, t: stages.append((s, t)))
        assert report.ok and report.published and report.items == 40
        assert [s.name for s in report.sources] == ["county"]
        assert stages == [("county", "fetching"), ("", "saving")]
        again = run_sync(config, client)
    assert again.ok and not again.published and again.items == 40


def test_a_data_dir_that_cannot_take_the_download_fails_in_words_not_a_traceback(synced, capsys):
    cfg, old_sha, new = synced
    blocker = cfg.parent / "data" / f"fleet-{new['file']['sha256'][:16]}.part"
    blocker.mkdir()  # where the download goes is a folder: writing it fails, even as root
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "cannot write in the data directory" in err and "Traceback" not in err
    _old_kept(cfg, old_sha)


def test_a_signature_fetched_while_the_county_was_publishing_is_fetched_again(synced, county, server, capsys):
    cfg, _old, new = synced
    server.once["manifest.json.sig"] = sign(load_private_key(county.key), b"the manifest before this one")
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 0, err
    assert len(server.requests_for("manifest.json.sig")) >= 2
    assert sha(snapshot.tray_path(cfg.parent / "data")) == new["snapshot"]["sha256"]


@pytest.mark.parametrize("signature", [b"", b"bm90IGEgc2lnbmF0dXJl\n", b"%%% not base64 %%%\n"])
def test_a_signature_file_that_is_not_a_signature_is_refused(synced, county, capsys, signature):
    cfg, old_sha, _new = synced
    (county.out / "manifest.json.sig").write_bytes(signature)
    code, _, err = kiosk_sync(capsys, cfg)
    assert code == 1 and "signature" in err
    _old_kept(cfg, old_sha)


def test_publish_usage_errors_say_what_is_missing(county, tmp_path, capsys, monkeypatch):
    code, _, err = run_cli(capsys, "--config", str(county.config), "publish", "--key", str(county.key))
    assert code == 2 and "needs --key FILE and -o DIR" in err
    monkeypatch.delenv("HYTE_KIOSK_CONFIG", raising=False)
    code, _, err = run_cli(capsys, "--data-dir", str(tmp_path / "d"), "publish", "--key", str(county.key),
                           "-o", str(county.out))
    assert code == 2 and "no sources are configured" in err
    county.publish(capsys, 40)
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key\n", encoding="utf-8")
    before = (county.out / "manifest.json").read_bytes()
    code, _, err = run_cli(capsys, "--config", str(county.config), "publish", "--key", str(bad), "-o", str(county.out))
    assert code == 1 and "is not an unencrypted PEM private key" in err
    assert (county.out / "manifest.json").read_bytes() == before
