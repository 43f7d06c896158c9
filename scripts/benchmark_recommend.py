#!/usr/bin/env python3
"""The self-assessment's suggestions over a synthetic 50 000-service region (DESIGN.md: recommend ≤ 50 ms).

Syncs the region from the same local PTV-shaped server as ``scripts/benchmark.py`` (or reuses a snapshot
given with ``--snapshot``), then times ``recommend`` for a set of answer sets — each on a freshly opened
snapshot (cold: nothing remembered, what the first resident of the morning waits for) and again on the same
handle (warm) — and prints min / median / max. Prints figures; asserts nothing.

    .venv/bin/python scripts/benchmark_recommend.py [--services 50000] [--rounds 5] [--snapshot FILE]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import _config, _serve  # noqa: E402

from kiosk import browse  # noqa: E402
from kiosk.assessment.answers import Answers, Preferences  # noqa: E402
from kiosk.assessment.commands import HELSINKI  # noqa: E402
from kiosk.assessment.pack import load_pack  # noqa: E402
from kiosk.assessment.recommend import recommend  # noqa: E402
from kiosk.snapshot import tray_path  # noqa: E402
from kiosk.sync import run_sync  # noqa: E402
from kiosk.tray import open_tray  # noqa: E402

ANSWER_SETS: dict[str, Answers] = {
    "nothing answered": Answers(),
    "company + music": Answers((("company", ("often",)), ("interests", ("music", "nature")))),
    "very hard": Answers((("coping", ("very",)),)),
    "all seven": Answers((("overall", ("so-so",)), ("moving", ("more",)), ("coping", ("sometimes",)),
                          ("company", ("often",)), ("interests", ("music", "crafts", "exercise")),
                          ("everyday", ("money",)), ("habits", ("sleep", "alcohol")))),
    "wishes: free, evening, sv": Answers((("interests", ("music", "clubs")),),
                                         Preferences(free_only=True, time_of_day="evening", language="sv")),
    "wishes: municipality 765": Answers((("moving", ("more",)),), Preferences(municipality="765")),
}


def _snapshot(services: int, tmp: Path) -> Path:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(services, child), daemon=True)
    proc.start()
    url = parent.recv()
    try:
        config = _config(tmp, url)
        t0 = time.perf_counter()
        with httpx.Client(timeout=60) as client:
            report = run_sync(config, client, full=True)
        print(f"synced {report.items} items in {time.perf_counter() - t0:.1f} s")
        return tray_path(config.data_dir)
    finally:
        parent.send("stop")
        proc.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--snapshot", type=Path, help="an existing snapshot to read (no sync)")
    parser.add_argument("--keep", type=Path, help="sync into this folder and keep the snapshot there")
    args = parser.parse_args()
    from datetime import datetime

    now = datetime(2026, 11, 24, 10, 30, tzinfo=HELSINKI)
    pack = load_pack()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.snapshot or _snapshot(args.services, args.keep or Path(tmp))
        print(f"\n{'answers':<28} {'cold min/median/max ms':>26} {'warm min/median/max ms':>26}  suggestions")
        worst = 0.0
        for name, answers in ANSWER_SETS.items():
            cold, warm, count = [], [], 0
            for _ in range(args.rounds):
                with open_tray(path) as tray:
                    home = (544000.0, 7126000.0)  # Kajaani, EPSG:3067
                    t0 = time.perf_counter()
                    rec = recommend(tray, pack, answers, "fi", now, home)
                    cold.append((time.perf_counter() - t0) * 1000)
                    t0 = time.perf_counter()
                    recommend(tray, pack, answers, "fi", now, home)
                    warm.append((time.perf_counter() - t0) * 1000)
                    count = len(rec.suggestions)
                    browse.home_code(tray, home)
            worst = max(worst, statistics.median(cold))
            print(f"{name:<28} {min(cold):8.1f} {statistics.median(cold):8.1f} {max(cold):8.1f}"
                  f" {min(warm):8.1f} {statistics.median(warm):8.1f} {max(warm):8.1f}  {count}")
        print(f"\nrecommend, worst median on a freshly opened snapshot: {worst:.1f} ms   (budget ≤ 50 ms)")


if __name__ == "__main__":
    main()
