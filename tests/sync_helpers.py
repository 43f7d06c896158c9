"""Helpers for sync tests: write configs and local-additions files into a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.areas import AreaCatalogue, ContentArea

AREAS = ("sports", "culture", "nature", "mental", "substances", "income", "integration")


def local_rows(n: int, *, start: int = 0, tag: str = "v1") -> list[dict[str, str]]:
    return [
        {
            "id": f"act-{i:05d}",
            "name_fi": f"Kyläkerho {i} {tag}",
            "name_sv": f"Byklubb {i} {tag}",
            "summary_fi": f"Yhteistä tekemistä kylätalolla, kerta {i}.",
            "categories": AREAS[i % len(AREAS)],
            "municipality": ("205", "765", "290")[i % 3],
            "cost": "free" if i % 2 else "charged",
            "hours": "ti 10-12",
        }
        for i in range(start, start + n)
    ]


def write_local(path: Path, rows: list[dict[str, str]]) -> Path:
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def write_config(tmp: Path, sources: str, *, municipalities: str = '["205", "765", "290"]') -> Path:
    cfg = tmp / "kiosk.toml"
    cfg.write_text(
        f"""data_dir = "data"
default_language = "fi"
languages = ["fi", "sv", "en"]

[region]
name = "Kainuu"
municipalities = {municipalities}
home_municipality = "205"

{sources}
""",
        encoding="utf-8",
    )
    return cfg


def catalogue_of(classes: tuple[str, ...]) -> AreaCatalogue:
    """A one-area catalogue mapping exactly ``classes`` (what a PTV source asks its server for)."""
    return AreaCatalogue((ContentArea("tray", {"fi": "Tarjotin"}, service_classes=classes),))
