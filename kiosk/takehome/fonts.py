"""The one font of every take-home PDF: DejaVu Sans (TrueType, embedded as a subset), which covers Finnish,
Swedish and English and the later integration languages (Cyrillic, Arabic, Somali's Latin, …).

It is looked for in the package's own ``fonts`` folder first (bundle ``DejaVuSans.ttf`` and
``DejaVuSans-Bold.ttf`` there for Windows terminals), then where Debian's ``fonts-dejavu-core`` puts it.
The standard 14 PDF fonts are never used: they cannot be embedded and lack most letters beyond Latin-1.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
SEARCH_DIRS: tuple[Path, ...] = (
    Path(__file__).resolve().parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
)


class FontMissing(RuntimeError):
    """DejaVu Sans is not installed where the kiosk looks for it."""


def font_file(name: str, dirs: tuple[Path, ...] = SEARCH_DIRS) -> Path:
    for folder in dirs:
        candidate = folder / FILES[name]
        if candidate.is_file():
            return candidate
    raise FontMissing(
        f"{FILES[name]} was not found (looked in {', '.join(str(d) for d in dirs)}); "
        "install Debian's fonts-dejavu-core or put the file in kiosk/takehome/fonts/"
    )


@functools.lru_cache(maxsize=1)
def register() -> tuple[str, str]:
    """Register DejaVu Sans (regular and bold) with reportlab once per process; the two font names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD
