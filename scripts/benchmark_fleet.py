"""Fleet figures: a county snapshot of N synthetic PTV services published, then fetched by a kiosk.

Prints the snapshot's size, the compressed file's size, and the time of ``publish``, of a kiosk's first
sync (download, verify, unpack, check, swap) and of an unchanged re-sync (manifest + hash of the live file).
Uses the benchmark's synthetic PTV server and a static file server on 127.0.0.1 (no network).

    .venv/bin/python scripts/benchmark_fleet.py --services 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_config  # noqa: E402
from kiosk.fleet.manifest import generate_key, load_private_key  # noqa: E402
from kiosk.fleet.publish import publish  # noqa: E402
from kiosk.snapshot import tray_path  # noqa: E402
from kiosk.sync import run_sync  # noqa: E402
from tests.fakeserver import FakeServer  # noqa: E402
from tests.fleet_server import StaticServer  # noqa: E402
from tests.ptv12_fake import install_v12, make_region  # noqa: E402

MUNICIPALITIES = ("205", "765", "290", "777", "105", "620", "578", "697")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hyte-fleet-bench-") as scratch:
        tmp = Path(scratch)
        sys.path.insert(0, str(ROOT / "scripts"))
        from benchmark import _realistic_texts  # the demo tray's vocabulary, so the texts compress realistically

        ds = make_region(args.services, municipalities=MUNICIPALITIES)
        _realistic_texts(ds)
        ptv = FakeServer()
        install_v12(ptv, ds)
        ptv.start()
        county = tmp / "county.toml"
        county.write_text(f'data_dir = "county"\n[region]\nname = "Bench"\nmunicipalities = {list(MUNICIPALITIES)!r}\n'
                          f'[[sources]]\nkind = "ptv"\nbase_url = "{ptv.url}/api/v12/"\napi_key = "bench-key"\n'
                          .replace("'", '"'), encoding="utf-8")
        config = load_config(county, env={})
        with httpx.Client(timeout=60) as client:
            report = run_sync(config, client, full=True)
        ptv.stop()
        print(f"county sync: {report.items} items")
        public = generate_key(tmp / "key.pem")
        out = tmp / "www"
        t0 = time.perf_counter()
        manifest = publish(tray_path(config.data_dir), out, load_private_key(tmp / "key.pem"))
        print(f"publish: {time.perf_counter() - t0:.2f} s; snapshot {manifest.size / 1e6:.1f} MB,"
              f" compressed {manifest.file_size / 1e6:.1f} MB ({manifest.file_size / manifest.size:.0%})")
        with StaticServer(out) as web:
            kiosk = tmp / "kiosk.toml"
            kiosk.write_text(f'data_dir = "kiosk"\n[[sources]]\nkind = "snapshot"\nbase_url = "{web.url}"\n'
                             f'public_key = "{public}"\n', encoding="utf-8")
            kconfig = load_config(kiosk, env={})
            with httpx.Client(timeout=60) as client:
                for label in ("kiosk first sync", "kiosk unchanged re-sync"):
                    t0 = time.perf_counter()
                    result = run_sync(kconfig, client)
                    print(f"{label}: {time.perf_counter() - t0:.2f} s (ok={result.ok}, published={result.published})")


if __name__ == "__main__":
    main()
