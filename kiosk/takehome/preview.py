"""A picture of a PDF's first page for the staff preview, drawn by poppler's ``pdftoppm`` where it is
installed (``None`` otherwise: the preview then lists the items only). The PDF goes through a pipe: no
file is written."""

from __future__ import annotations

import shutil
import subprocess


def first_page_png(pdf: bytes, dpi: int = 50) -> bytes | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-"],
                              input=pdf, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout.startswith(b"\x89PNG") else None
