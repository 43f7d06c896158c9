#!/usr/bin/env python3
"""Render the staff guide's pictures into docs/img/ (offscreen, on the demo tray), half size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/staff_guide_pictures.py [--lang fi sv en]

Each picture is a page of the kiosk as ``hyte-kiosk screenshot`` draws it at 1080×1920, scaled to 540×960
(enough to recognise the screen; the guide's text says what to do). On the attract screen the staff corner
(top right, where the hidden gesture is made) is marked with a red square.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGES = ("attract", "staff-pin", "flag")
SAME_IN_EVERY_LANGUAGE = ("attract",)  # the attract screen speaks all three: drawn once, in Finnish
SIZE = (1080, 1920)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["fi", "sv", "en"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from kiosk.config import load_config
    from ui.app import application
    from ui.screenshot import close_cached, render
    from ui.staff import ZONE_PX

    application()
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(None, data_dir=Path(tmp))
        for lang in args.lang:
            for page in PAGES:
                if page in SAME_IN_EVERY_LANGUAGE and lang != args.lang[0]:
                    continue
                full = Path(tmp) / f"{page}-{lang}.png"
                render(config, page=page, lang=lang, size=SIZE, output=full)
                image = QImage(str(full))
                if page == "attract":
                    painter = QPainter(image)
                    painter.setPen(QPen(QColor("#c0392b"), 10))
                    painter.drawRect(QRect(SIZE[0] - ZONE_PX, 5, ZONE_PX - 5, ZONE_PX - 5))
                    painter.end()
                small = image.scaled(SIZE[0] // 2, SIZE[1] // 2, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
                suffix = "" if page in SAME_IN_EVERY_LANGUAGE else f"-{lang}"
                out = args.out / f"staff-{page}{suffix}.png"
                out.parent.mkdir(parents=True, exist_ok=True)
                if not small.save(str(out), "PNG"):
                    raise OSError(f"could not write {out}")
                print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
        close_cached()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
