"""Pages built on first use: the attract screen appears without waiting for the other nine.

A :class:`PageSet` looks like a dict of every page name; reading a page that does not exist yet builds
it (and tells the router, which adds it to the window and wires its signals). ``built()`` lists only the
pages that exist, for work that need not create any (resetting, marking the list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ui.pages.base import Page


class PageSet(dict[str, Page]):
    def __init__(self, names: list[str], make: Callable[[str], Page]) -> None:
        super().__init__()
        self.names = list(names)
        self._make = make
        self.on_create: Callable[[str, Page], None] | None = None

    def __missing__(self, name: str) -> Page:
        if name not in self.names:
            raise KeyError(name)
        page = self._make(name)
        super().__setitem__(name, page)
        if self.on_create is not None:
            self.on_create(name, page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self.names)

    def values(self) -> list[Page]:  # type: ignore[override]
        return [self[n] for n in self.names]

    def items(self) -> list[tuple[str, Page]]:  # type: ignore[override]
        return [(n, self[n]) for n in self.names]

    def get(self, name: str, default: Page | None = None) -> Page | None:  # type: ignore[override]
        return self[name] if name in self.names else default

    def built(self) -> list[Page]:
        return [super(PageSet, self).__getitem__(n) for n in self.names if super(PageSet, self).__contains__(n)]
