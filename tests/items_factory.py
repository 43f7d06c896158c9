"""Helpers that build TrayItems for tests: one realistic full item, a terse builder, synthetic regions."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from kiosk.model import Location, OpeningRule, Organisation, Phone, TrayItem, WebLink


def make_item(item_id: str = "local:1", name: str | dict[str, str] = "Kuntosali", **fields: Any) -> TrayItem:
    """A small valid item; ``name`` is Finnish text or a per-language dict; other fields as TrayItem takes them."""
    names = {"fi": name} if isinstance(name, str) else dict(name)
    fields.setdefault("kind", "service")
    fields.setdefault("source", item_id.split(":", 1)[0])
    return TrayItem(id=item_id, names=names, **fields)


def full_item(item_id: str = "ptv:0f1e2d3c-aaaa-4bbb-8ccc-123456789abc") -> TrayItem:
    """An item with every part filled in: hours, coordinates, phones, links, dates with time zones."""
    return TrayItem(
        id=item_id,
        kind="service",
        names={"fi": "Ikäihmisten kuntosali", "sv": "Gym för äldre", "en": "Gym for older people"},
        source="ptv",
        summaries={"fi": "Ohjattua kuntosaliharjoittelua yli 65-vuotiaille.", "sv": "Handledd gymträning."},
        descriptions={"fi": "### Mitä\n* lihaskunto\n* tasapaino", "sv": "Träning i grupp."},
        categories=("sports", "lifestyle"),
        service_classes=("P27.1",),
        target_groups=("KR2",),
        keywords={"fi": ("kuntosali", "lihaskunto"), "sv": ("gym",)},
        organisation=Organisation(
            names={"fi": "Kajaanin kaupunki", "sv": "Kajana stad"}, id="org-1", type="municipality"
        ),
        locations=(
            Location(
                names={"fi": "Liikuntahalli"},
                street={"fi": "Kauppakatu 1", "sv": "Handelsgatan 1"},
                postal_code="87100",
                post_office={"fi": "KAJAANI", "sv": "KAJANA"},
                municipality="205",
                easting=541234.5,
                northing=7124567.25,
                lat=64.2245,
                lon=27.7281,
                hours=(
                    OpeningRule(weekday=0, opens="09:00", closes="11:00"),
                    OpeningRule(
                        weekday=2,
                        opens="13:00",
                        closes="24:00",
                        kind="reservation",
                        valid_from=date(2026, 1, 1),
                        valid_to=date(2026, 5, 31),
                        notes={"fi": "Varaa paikka"},
                    ),
                ),
                hours_notes={"fi": "Suljettu pyhinä"},
                accessibility={"fi": "Esteetön sisäänkäynti"},
                id="loc-1",
            ),
            Location(names={"fi": "Sivupiste"}, municipality="765"),
        ),
        phones=(
            Phone(
                number="+358 8 123 4567",
                info={"fi": "Neuvonta"},
                charge="free",
                hours=(OpeningRule(1, "08:00", "16:00"),),
            ),
            Phone(number="0800 123 456", charge="charged", charge_info={"fi": "pvm/mpm"}),
        ),
        web=(
            WebLink(url="https://example.fi/kuntosali", title="Kuntosali", language="fi"),
            WebLink(url="https://example.fi/"),
        ),
        emails=("kuntosali@example.fi",),
        cost="free",
        cost_info={"fi": "Maksuton"},
        funding="public",
        languages=("fi", "sv"),
        areas=("205",),
        online=False,
        starts_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        ends_at=datetime(2026, 2, 1, 11, 0, tzinfo=UTC),
        programmes=("liikuntalahete",),
        source_url="https://www.suomi.fi/palvelut/x",
        modified=datetime(2025, 12, 1, 12, 30, 15, tzinfo=UTC),
        fetched_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        demo=True,
    )


_WORDS_FI = (
    "kuntosali liikunta ryhmä ikäihmiset neuvonta velka talous kirjasto kulttuuri luonto ulkoilu reitti "
    "mielenterveys tuki vertaistuki päihteet ruoka ravitsemus kotoutuminen työ toimintakyky arki "
    "kahvila tapaaminen kerho tanssi kävely uinti hieronta yhdistys palvelu apu keskustelu"
).split()
_WORDS_SV = "gym motion grupp äldre rådgivning skuld bibliotek kultur natur friluftsliv stöd träff mat".split()
CATEGORIES = ("sports", "culture", "nature", "lifestyle", "nutrition", "mental", "income", "participation")
MUNICIPALITIES = tuple(f"{n:03d}" for n in range(100, 160))


def synthetic_items(n: int, seed: int = 1) -> list[TrayItem]:
    """``n`` plausible, varied items for speed measurements (deterministic for a seed)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        fi_words = rnd.sample(_WORDS_FI, 12)
        sv_words = rnd.sample(_WORDS_SV, 6)
        muni = rnd.choice(MUNICIPALITIES)
        out.append(
            TrayItem(
                id=f"ptv:synthetic-{i}",
                kind="service",
                source="ptv",
                names={"fi": f"{fi_words[0].capitalize()} {fi_words[1]} {i}", "sv": f"{sv_words[0].capitalize()} {i}"},
                summaries={"fi": " ".join(fi_words[2:8]), "sv": " ".join(sv_words[1:4])},
                descriptions={"fi": " ".join(rnd.choices(_WORDS_FI, k=40)) + "."},
                categories=tuple(rnd.sample(CATEGORIES, 2)),
                keywords={"fi": tuple(fi_words[8:10])},
                organisation=Organisation(names={"fi": f"Yhdistys {i % 500}"}, type="ngo"),
                locations=(
                    Location(
                        names={"fi": f"Toimipiste {i}"},
                        street={"fi": f"Katu {i % 90 + 1}"},
                        postal_code="87100",
                        municipality=muni,
                        easting=500000.0 + i,
                        northing=7000000.0 + i,
                        hours=tuple(OpeningRule(weekday=d, opens="09:00", closes="15:00") for d in range(5)),
                    ),
                ),
                phones=(Phone(number=f"040 {i:07d}"),),
                web=(WebLink(url=f"https://example.fi/{i}"),),
                cost=rnd.choice(("free", "charged", "unknown")),
                languages=("fi",) if i % 3 else ("fi", "sv"),
                areas=(muni,),
                nationwide=i % 97 == 0,
                online=i % 5 == 0,
            )
        )
    return out
