#!/usr/bin/env python3
"""Take-home figures: the time to make the PDF of a 10-item list (what a resident waits for after
"Tulosta", before the printer), and the QR codes of the same list.

    .venv/bin/python scripts/benchmark_takehome.py [--runs N]

Each run words the list (build_document) and renders it (render_pdf) from the same 10 demo items, in
Finnish, at 16 pt and, separately, bilingual at 20 pt. The first run of the process is quoted on its
own: it also imports reportlab and reads the DejaVu fonts. Budget: ≤ 300 ms for a 10-item PDF.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.demo import load_demo  # noqa: E402
from kiosk.takehome.document import Request, build_document  # noqa: E402

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Helsinki"))


def timed(job) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    job()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    items = load_demo().items[:10]

    def normal() -> None:
        from kiosk.takehome.pdf import render_pdf

        render_pdf(build_document(items, Request(meeting_point="Kajaanin pääkirjasto"), NOW))

    def large_bilingual() -> None:
        from kiosk.takehome.pdf import render_pdf

        render_pdf(build_document(items, Request(bilingual=True), NOW), large=True)

    def codes() -> None:
        from kiosk.takehome.qr import png, qr_codes

        doc = build_document(items, Request(), NOW)
        for code in qr_codes(doc, [i.id for i in items], link_mode=False, template=None):
            png(code.payload, scale=12)

    first = timed(normal)
    print(f"first 10-item PDF of the process (imports reportlab, reads the fonts): {first:.0f} ms")
    results = {"10-item PDF, fi, 16 pt": [], "10-item PDF, fi+sv, 20 pt": [], "10 QR codes (text mode, PNG)": []}
    jobs = list(zip(results, (normal, large_bilingual, codes), strict=True))
    for _ in range(args.runs):  # interleaved, so a slow moment hits every figure alike
        for name, job in jobs:
            results[name].append(timed(job))
    print(f"\nfigure ({args.runs} runs)                 min        median     budget")
    for name, values in results.items():
        budget = "≤ 300 ms" if "PDF" in name else ""
        print(f"{name:<36} {min(values):6.0f} ms  {statistics.median(values):6.0f} ms  {budget}")


if __name__ == "__main__":
    main()
