"""Tray policy (adults first, children and market-funded services by option) and content areas on items."""

from __future__ import annotations

import pytest

from kiosk.areas import load_areas
from kiosk.model import TrayItem
from kiosk.policy import TrayPolicy, admits, apply_areas

CHILDREN = TrayPolicy(include_children=True)
MARKET = TrayPolicy(include_market_funded=True)


def item(
    target_groups: tuple[str, ...] = (),
    funding: str | None = None,
    **kw: object,
) -> TrayItem:
    return TrayItem(
        id="ptv:0001",
        kind="service",
        names=kw.pop("names", {"fi": "Palvelu"}),  # type: ignore[arg-type]
        source="ptv",
        target_groups=target_groups,
        funding=funding,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("groups", "default", "with_children"),
    [
        (("KR1",), True, True),
        (("KR1.1",), True, True),  # older people
        (("KR1.4.2",), True, True),  # deeper adult sub-group
        (("KR1.2",), False, True),  # children and families only
        (("KR1.2.1",), False, True),
        (("KR1", "KR1.2"), True, True),  # adults and families
        (("KR1.1", "KR1.2"), True, True),
        (("KR2",), False, False),  # companies only
        (("KR2", "KR3"), False, False),
        (("KR2", "KR1.2"), False, True),
        (("KR10",), False, False),  # not a sub-group of KR1
        ((), True, True),  # local additions carry no target groups
    ],
)
def test_target_groups(groups: tuple[str, ...], default: bool, with_children: bool) -> None:
    assert admits(item(groups)) is default
    assert admits(item(groups), TrayPolicy()) is default
    assert admits(item(groups), CHILDREN) is with_children


def test_market_funded_only_by_option() -> None:
    assert not admits(item(("KR1",), "MarketFunded"))
    assert admits(item(("KR1",), "MarketFunded"), MARKET)
    assert admits(item(("KR1",), "PubliclyFunded"))
    assert admits(item(("KR1",), "Other"))
    assert not admits(item((), "MarketFunded"))
    assert not admits(item(("KR1.2",), "MarketFunded"), MARKET)  # both options are separate
    assert admits(item(("KR1.2",), "MarketFunded"), TrayPolicy(True, True))


def test_apply_areas_classifies_from_classes_and_texts() -> None:
    cat = load_areas()
    raw = item(
        ("KR1",),
        names={"fi": "Päihdeneuvonta", "sv": "Rådgivning"},
        service_classes=("P5.7",),
    )
    assert apply_areas(raw, cat).categories == ("substances",)


def test_apply_areas_reads_swedish_descriptions_and_keywords() -> None:
    cat = load_areas()
    by_description = item(
        names={"fi": "Vastaanotto", "sv": "Mottagning"},
        descriptions={"sv": "Stöd vid spelberoende och ångest"},
        service_classes=("P5.7",),
    )
    assert apply_areas(by_description, cat).categories == ("mental", "substances")
    by_keyword = item(names={"fi": "Vastaanotto"}, keywords={"fi": ("huumeet",)}, service_classes=("P5.7",))
    assert apply_areas(by_keyword, cat).categories == ("substances",)


def test_apply_areas_keeps_own_categories() -> None:
    cat = load_areas()
    local = item(categories=("participation",), service_classes=("P27.1",))
    assert apply_areas(local, cat).categories == ("participation", "sports")
    already = item(categories=("sports",), service_classes=("P27.1.1",))
    assert apply_areas(already, cat) is already
    unmapped = item(categories=("villagewalks",))
    assert apply_areas(unmapped, cat).categories == ("villagewalks",)
