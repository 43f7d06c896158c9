#!/usr/bin/env python3
"""Performance figures against DESIGN.md's budgets, on a synthetic region served by a local PTV v12 server.

Prints figures and ratios (min/median over interleaved repeats); it is not a test and asserts nothing. Usage:

    .venv/bin/python scripts/benchmark.py [--services 50000] [--queries 200] [--repeats 3]
    .venv/bin/python scripts/benchmark.py --snapshot data/tray.sqlite   # only the search figures (3.), no sync

1. Full sync from a local PTV-shaped server (in its own process) vs. a bare download + ``json.loads`` of
   exactly the same requests (replayed from the sync's own request log), both against a server that has
   already built its pages (a first, separately reported sync warms it).
2. A no-change incremental sync as a fraction of the full sync.
3. The keystroke job the search page runs (search + count + the first 20 cards) p50/p95 over the synced cache
   vs. a ``LIKE '%…%'`` scan doing the same work, interleaved; a search filtered to free items.

The synthetic region's texts are drawn from a realistic vocabulary (see :func:`_realistic_texts`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_config  # noqa: E402
from kiosk.query import Query  # noqa: E402
from kiosk.search import search  # noqa: E402
from kiosk.snapshot import tray_path  # noqa: E402
from kiosk.sync import run_sync  # noqa: E402
from kiosk.tray import open_tray  # noqa: E402

WORDS = [
    "kuntosali", "liikunta", "velkaneuvonta", "kirjasto", "mielenterveys", "vertaistuki", "ruoka", "kotoutuminen",
    "ulkoilu", "uimahalli", "päihde", "omaishoitaja", "työkyky", "kulttuuri", "neuvonta", "skuldrådgivning",
    "simhall", "bibliotek", "motion", "kerho",
]


def _vocabulary() -> dict[str, tuple[list[str], list[float]]]:
    """Per language: the demo tray's words plus compounds of two of them (Finnish and Swedish write new
    compounds all the time), weighted by rank as words are in real text (Zipf), for drawing texts."""
    import random
    import re

    from kiosk.demo import load_demo

    found: dict[str, dict[str, int]] = {}
    for item in load_demo().items:
        for texts in (item.names, item.summaries, item.descriptions):
            for lang, text in texts.items():
                for word in re.findall(r"[^\W\d_]{3,}", text.lower()):
                    found.setdefault(lang, {}).setdefault(word, 0)
                    found[lang][word] += 1
    rng = random.Random(9)
    out: dict[str, tuple[list[str], list[float]]] = {}
    for lang, counts in found.items():
        words = sorted(counts, key=lambda w: -counts[w])
        long = [w for w in words if len(w) >= 5]
        compounds = list(dict.fromkeys(rng.choice(long) + rng.choice(long) for _ in range(20 * len(long))))
        pool = words + compounds if lang in ("fi", "sv") else words
        out[lang] = (pool, [1.0 / (rank + 1) for rank in range(len(pool))])
    return out


def _realistic_texts(ds: Any) -> None:
    """Give the synthetic services realistic texts: names, summaries and descriptions drawn from a vocabulary of
    tens of thousands of words (the demo tray's words and compounds of them, Zipf-weighted), so that the
    stemmer, the index and search meet about as many distinct words as a real region has (not a few hundred
    texts with a number appended, which keep every cache warm)."""
    import random

    vocab = _vocabulary()
    rng = random.Random(5)
    cums = {lang: list(__import__("itertools").accumulate(w)) for lang, (_p, w) in vocab.items()}

    def text(lang: str, k: int) -> str:
        pool = vocab[lang][0] if lang in vocab else vocab["fi"][0]
        return " ".join(rng.choices(pool, cum_weights=cums.get(lang, cums["fi"]), k=k))

    def sentences(lang: str, k: int) -> str:
        words = text(lang, k).split()
        out, start = [], 0
        while start < len(words):
            step = rng.randint(6, 14)
            out.append(" ".join(words[start : start + step]).capitalize() + ".")
            start += step
        return " ".join(out)

    for service in ds.services.values():
        versions = service.get("languageVersions") or {}
        for lang, version in versions.items():
            if not isinstance(version, dict):
                continue
            version["name"] = text(lang, rng.randint(1, 4)).capitalize()
            version["summary"] = sentences(lang, rng.randint(8, 20))[:150]
            version["description"] = sentences(lang, rng.randint(25, 90))


def _serve(n_services: int, conn: Any) -> None:
    from tests.fakeserver import FakeServer
    from tests.ptv12_fake import install_v12, make_region

    ds = make_region(n_services, municipalities=("205", "765", "290", "777", "105", "620", "578", "697"))
    _realistic_texts(ds)
    server = FakeServer()
    install_v12(server, ds)
    server.start()
    conn.send(server.url)
    conn.recv()  # run until the parent says stop
    server.stop()


def _config(tmp: Path, url: str) -> Any:
    tmp.mkdir(parents=True, exist_ok=True)
    cfg = tmp / "bench.toml"
    cfg.write_text(
        f"""data_dir = "data"
[region]
name = "Bench"
municipalities = ["205", "765", "290", "777", "105", "620", "578", "697"]
home_municipality = "205"
[[sources]]
kind = "ptv"
base_url = "{url}/api/v12/"
api_key = "bench-key"
""",
        encoding="utf-8",
    )
    return load_config(cfg, env={})


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _bare(urls: list[str]) -> float:
    """Download and ``json.loads`` every URL one after another: the reference the sync budget is judged on."""
    with httpx.Client(timeout=60, headers={"x-api-key": "bench-key"}) as client:
        t0 = time.perf_counter()
        for u in urls:
            json.loads(client.get(u).content)
        return time.perf_counter() - t0


def _sync_child(url: str, tmp: Path, full: bool, conn: Any) -> None:
    """One sync in its own process, so its peak RSS (``ru_maxrss``) is the sync's own (with its writer process's)."""
    config = _config(tmp, url)
    with httpx.Client(timeout=60) as client:
        t0 = time.perf_counter()
        report = run_sync(config, client, full=full)
        took = time.perf_counter() - t0
    # KiB on Linux; the sync's own peak plus its writer process's (a child, ended by now): an upper bound of
    # what the two held at once
    me, writer = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = (me.ru_maxrss + writer.ru_maxrss) / 1024
    # CPU seconds of both (on a shared machine the wall time depends on the others' load, this much less)
    cpu = (me.ru_utime + me.ru_stime, writer.ru_utime + writer.ru_stime)
    conn.send((took, report.items, report.ok, report.published, peak_mb, cpu))


SyncFigures = tuple[float, int, bool, bool, float, tuple[float, float]]


def _timed_sync(url: str, tmp: Path, full: bool = True) -> SyncFigures:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_sync_child, args=(url, tmp, full, child))
    proc.start()
    result: SyncFigures = parent.recv()
    proc.join()
    return result


def _mm(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"min {fmt.format(min(values))} / median {fmt.format(statistics.median(values))}"


def bench_sync(url: str, tmp: Path, repeats: int) -> tuple[list[float], list[float], list[float], float, Path]:
    """The local server builds and caches each list page when it is first asked for it, so the first run
    against it pays for the server's work and later ones do not. A first sync warms the server (and
    records the requests); then the bare download and the full sync are run in interleaved pairs
    (``repeats`` times, each sync in a fresh process and a fresh data dir) so that noise from other load
    on the machine hits both sides alike."""
    seen: list[str] = []
    cold_config = _config(tmp / "cold", url)
    with httpx.Client(timeout=60, event_hooks={"request": [lambda r: seen.append(str(r.url))]}) as client:
        t0 = time.perf_counter()
        report = run_sync(cold_config, client, full=True)
        cold = time.perf_counter() - t0
    print(f"first full sync (cold server): {cold:.2f} s, {report.items} items, {len(seen)} requests, ok={report.ok}")

    bares: list[float] = []
    fulls: list[float] = []
    peaks: list[float] = []
    for n in range(repeats):
        bare = _bare(seen)
        full, items, ok, _, peak, cpu = _timed_sync(url, tmp / f"warm{n}")
        bares.append(bare)
        fulls.append(full)
        peaks.append(peak)
        print(f"  pair {n + 1}: bare download + json.loads {bare:.2f} s, full sync {full:.2f} s"
              f" ({items} items, ok={ok}, peak RSS {peak:.0f} MB, CPU {cpu[0]:.1f} s + writer process"
              f" {cpu[1]:.1f} s), ratio {full / bare:.2f}×")
    print(f"bare download + json.loads of the same {len(seen)} requests, sequential: {_mm(bares)} s")
    print(f"full sync (warm server): {_mm(fulls)} s; peak RSS {_mm(peaks, '{:.0f}')} MB")

    incrs = []
    for _ in range(repeats):
        incr, _, _, published, _, _ = _timed_sync(url, tmp / "warm0", full=False)
        incrs.append(incr)
    print(f"no-change incremental sync: {_mm(incrs, '{:.3f}')} s (published a new snapshot: {published})")
    print(f"  first sync on a cold server / bare download: {cold / min(bares):.2f}×")
    return fulls, bares, incrs, max(peaks), tray_path(_config(tmp / "warm0", url).data_dir)


def typed_prefixes() -> list[str]:
    """Every prefix of every word, from its first letter: the search page searches from the first letter a
    resident types, so those keystrokes are part of the figure too."""
    out = []
    for word in WORDS:
        out.extend(word[:n] for n in range(1, len(word) + 1))
    return out


def bench_search(db_path: Path, rounds: int) -> tuple[float, float, float, float, float]:
    """The keystroke job the search page runs (``reads.cards``: search, count, the first 20 cards) against a
    ``LIKE '%…%'`` scan doing the same work (every match of the same texts counted, the first 20 by name made
    into cards), interleaved prefix by prefix; and a search filtered to free items only."""
    from datetime import UTC, datetime

    from kiosk import reads

    tray = open_tray(db_path)
    db = tray.db
    now = datetime.now(UTC)
    queries = typed_prefixes()

    def job(q: str) -> None:
        reads.cards(tray, Query(text=q), "fi", now, None, limit=20, facets=False)

    sql = (
        "SELECT id FROM items WHERE names LIKE :p OR summaries LIKE :p OR descriptions LIKE :p OR keywords LIKE :p"
        " ORDER BY sort_name"
    )

    def like_job(q: str) -> None:
        ids = [row[0] for row in db.execute(sql, {"p": f"%{q}%"}).fetchall()]
        _total = len(ids)
        reads.cards_for_ids(tray, ids[:20], "fi", now, None)

    for q in queries[:20]:  # warm the page cache
        job(q)
    keys: list[float] = []
    like: list[float] = []
    free: list[float] = []
    for i in range(rounds):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        job(q)
        keys.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        search(tray, Query(text=q, free=True), limit=20)
        free.append((time.perf_counter() - t0) * 1000)
        if i % 3 == 0:  # the scan is slow: every third prefix, still interleaved with the job
            t0 = time.perf_counter()
            like_job(q)
            like.append((time.perf_counter() - t0) * 1000)
    worst = max(range(len(keys)), key=keys.__getitem__)
    db.close()
    print(f"keystroke job (search + count + 20 cards) over {len(queries)} typed prefixes ({rounds} runs):"
          f" p50 {_pct(keys, 50):.2f} ms, p95 {_pct(keys, 95):.2f} ms, max {max(keys):.2f} ms"
          f" ({queries[worst % len(queries)]!r})")
    print(f"  search filtered to free items: p50 {_pct(free, 50):.2f} ms, p95 {_pct(free, 95):.2f} ms")
    print(f"LIKE '%…%' scan doing the same work ({len(like)} runs): p50 {_pct(like, 50):.1f} ms,"
          f" p95 {_pct(like, 95):.1f} ms")
    return _pct(keys, 50), _pct(keys, 95), _pct(like, 50), _pct(like, 95), _pct(free, 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3, help="interleaved sync/download pairs (min/median)")
    parser.add_argument("--snapshot", type=Path, help="no sync: only the search figures, over this snapshot")
    args = parser.parse_args()
    if args.snapshot is not None:
        items = open_tray(args.snapshot).db.execute("SELECT count(*) FROM items").fetchone()[0] or 1
        print(f"snapshot: {args.snapshot.stat().st_size / 1e6:.0f} MB ({args.snapshot.stat().st_size / items / 1000:.2f}"
              f" KB/item, {items} items)")
        for _ in range(max(1, args.repeats)):
            p50, p95, like50, like95, free50 = bench_search(args.snapshot, args.queries)
            print(f"  LIKE ÷ keystroke job: p50 {like50 / p50:.0f}×, p95 {like95 / p95:.0f}×")
        return

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(args.services, child), daemon=True)
    t0 = time.perf_counter()
    proc.start()
    url = parent.recv()
    print(f"synthetic region of {args.services} services served at {url} (built in {time.perf_counter() - t0:.1f} s)")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            fulls, bares, incrs, peak, tray = bench_sync(url, Path(tmp), max(1, args.repeats))
            size_mb = tray.stat().st_size / 1e6
            print(f"snapshot: {size_mb:.0f} MB ({tray.stat().st_size / args.services / 1000:.1f} KB/item)")
            p50, p95, like50, like95, free50 = bench_search(tray, args.queries)
    finally:
        parent.send("stop")
        proc.join(timeout=10)
    print("\nfigure                                    value        budget")
    ratios = [f / b for f, b in zip(fulls, bares, strict=True)]
    print(f"full sync / bare download+json.loads      {min(ratios):5.2f}× min, {statistics.median(ratios):5.2f}× median  ≤ 2×")
    print(f"sync peak RSS (sync + writer process)      {peak:5.0f} MB      ≤ 300 MB")
    print(f"no-change incremental / full sync         {min(incrs) / min(fulls) * 100:5.2f} %      ≤ 5 %")
    print(f"keystroke job p95                          {p95:5.2f} ms     ≤ 10 ms")
    print(f"LIKE scan p50 / keystroke job p50         {like50 / p50:5.0f}×       ≥ 20×")
    print(f"LIKE scan p95 / keystroke job p95         {like95 / p95:5.0f}×       ≥ 20×")
    print(f"search filtered to free items p50          {free50:5.2f} ms     ≤ 5 ms")
    print("(the machine is shared: repeat runs and compare min and median, not one figure)")


if __name__ == "__main__":
    main()
