"""Helpers for the take-home tests: demo items, a fixed time, and the real readers of what we write
(poppler's pdftotext / pdffonts / pdfimages / pdftoppm and zbar's zbarimg)."""

from __future__ import annotations

import functools
import shutil
import subprocess
import zlib
from datetime import datetime
from pathlib import Path
from struct import pack
from zoneinfo import ZoneInfo

import pytest

from kiosk.demo import load_demo
from kiosk.model import TrayItem

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Helsinki"))  # a Tuesday morning
# Ikäihmisten kuntosali; Mielenterveysseuran keskusteluryhmä (mental); Tupakasta vieroituksen ryhmä
# (substances); Liikuntaneuvonta / Motionsrådgivning (å in Swedish)
LIST_IDS = ("demo:0001", "demo:0141", "demo:0104", "demo:0018")
SENSITIVE_IDS = ("demo:0141", "demo:0104")


@functools.lru_cache(maxsize=1)
def demo_items() -> dict[str, TrayItem]:
    return {item.id: item for item in load_demo().items}


def items(ids: tuple[str, ...] = LIST_IDS) -> list[TrayItem]:
    return [demo_items()[i] for i in ids]


def ten_items() -> list[TrayItem]:
    every = list(demo_items().values())
    return every[:10]


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (scripts/setup installs it)")
    return path


def run(*argv: str) -> str:
    result = subprocess.run(argv, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_text(path: Path) -> str:
    need("pdftotext")
    return run("pdftotext", "-layout", str(path), "-")


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts rows: name, type, encoding, emb, sub, uni, …"""
    need("pdffonts")
    lines = run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def pdf_pages(path: Path) -> int:
    need("pdfinfo")
    for line in run("pdfinfo", str(path)).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def pdf_images(path: Path) -> int:
    need("pdfimages")
    return len(run("pdfimages", "-list", str(path)).splitlines()[2:])


def zbar(path: Path) -> list[str]:
    """Every QR code zbarimg finds in a PNG, as text (one code per image gives exactly its payload)."""
    need("zbarimg")
    result = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
                            capture_output=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.decode("utf-8").splitlines()


def zbar_one(path: Path) -> str:
    """The one code in a PNG, exactly (zbarimg ends it with a newline)."""
    need("zbarimg")
    out = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, check=True).stdout
    assert out.endswith(b"\n")
    return out[:-1].decode("utf-8")


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    """A small grey PNG made by hand (what the self-assessment's picture will be: PNG bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([90, 120, 200]) * width for _ in range(height))
    header = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
