"""What a resident asks of the tray: one value for every screen and command that lists items.

The session keeps one :class:`Query` for the theme results; the search page makes one from the typed text;
``hyte-kiosk search`` makes one from its options; the self-assessment's suggestions will make one from the
answers. :mod:`kiosk.search` finds the matches of a query and :mod:`kiosk.browse` turns them into cards,
facets and counts. A new filter is one field here plus its test in those two modules.

All filters are AND-ed; the values inside one filter are OR-ed. A filter the data cannot answer is never a
match: unknown cost is not ``free``, unknown hours are not ``open_today``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Sort = Literal["relevance", "nearest", "name"]
SORTS: tuple[Sort, ...] = ("relevance", "nearest", "name")


def toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    """``values`` with ``value`` added at the end, or removed when it is there (a chip turned on or off)."""
    return tuple(v for v in values if v != value) if value in values else (*values, value)


@dataclass(frozen=True)
class Query:
    text: str = ""
    categories: tuple[str, ...] = ()  # content-area keys
    municipalities: tuple[str, ...] = ()  # offered in any of these (nationwide items too, see below)
    free: bool = False  # known to be free
    open_today: bool = False  # known to open today (searched words cannot say this: browse checks hours)
    given_in: tuple[str, ...] = ()  # service languages
    online: bool = False  # usable by phone or online
    sort: Sort = "relevance"  # relevance | nearest | name
    include_nationwide: bool = True  # with a municipality filter, nationwide items count as offered there

    def active(self) -> bool:
        """Whether any filter a resident can turn off narrows the list (text, theme and sort do not count)."""
        return bool(self.municipalities or self.free or self.open_today or self.given_in or self.online)

    def without_filters(self) -> Query:
        """The same words, theme and order with every filter turned off ("Remove the filters")."""
        return Query(text=self.text, categories=self.categories, sort=self.sort,
                     include_nationwide=self.include_nationwide)

    @property
    def category(self) -> str | None:
        """The theme a results page is about (its first category), if any."""
        return self.categories[0] if self.categories else None


__all__ = ["Query", "SORTS", "Sort", "toggled"]
