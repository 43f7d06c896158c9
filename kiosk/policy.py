"""Which items belong in the tray, and their content areas.

The national concept targets the adult population: PTV target group ``KR1`` (citizens) and its sub-groups
``KR1.x``. Children's and family services (``KR1.2`` and below) are out unless a region opts in; an item
that also names another adult group (``KR1`` and ``KR1.2``) stays in. Items that name target groups but
none under ``KR1`` (only companies, only authorities) are out. Items without target groups (local
additions, events) are in. Market-funded services are out unless a region opts in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.areas import AreaCatalogue
from kiosk.model import TrayItem, with_checked_changes

ADULT_GROUP = "KR1"
CHILDREN_GROUP = "KR1.2"
MARKET_FUNDED = "MarketFunded"


@dataclass(frozen=True)
class TrayPolicy:
    include_children: bool = False
    include_market_funded: bool = False


def _under(code: str, parent: str) -> bool:
    return code == parent or code.startswith(parent + ".")


def admits(item: TrayItem, policy: TrayPolicy = TrayPolicy()) -> bool:  # noqa: B008 - frozen, immutable
    """True when ``item`` belongs in the tray under ``policy``."""
    if item.funding == MARKET_FUNDED and not policy.include_market_funded:
        return False
    if not item.target_groups:
        return True
    adult = [g for g in item.target_groups if _under(g, ADULT_GROUP)]
    if policy.include_children:
        return bool(adult)
    return any(not _under(g, CHILDREN_GROUP) for g in adult)


def _texts(item: TrayItem) -> Iterator[str]:
    for texts in (item.names, item.summaries, item.descriptions):
        yield from texts.values()
    for words in item.keywords.values():
        yield from words


def apply_areas(item: TrayItem, catalogue: AreaCatalogue) -> TrayItem:
    """The item with its content areas: the ones it has (local items set their own) plus classified ones."""
    found = catalogue.classify(item.service_classes, _texts(item))
    added = tuple(key for key in found if key not in item.categories)
    if not added:
        return item
    return with_checked_changes(item, categories=(*item.categories, *added))
