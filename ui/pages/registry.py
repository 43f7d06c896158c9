"""Every page of the kiosk, in one list; pages are built on first use.

To add a page: write its module under ``ui/pages/`` ending with ``SPEC = PageSpec(...)`` (see
:mod:`ui.pages.spec`), add one line to :data:`PAGE_MODULES`, and its strings to a translation fragment.
The router, ``hyte-kiosk screenshot`` and the tests find it here.

Modules are imported when their page is first needed, so the attract screen appears without importing or
building the other pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from ui.context import UiContext
from ui.pages.base import Page
from ui.pages.spec import Mounted, PageSpec

PAGE_MODULES: dict[str, str] = {
    "attract": "ui.pages.attract",
    "home": "ui.pages.home",
    "browse": "ui.pages.browse",
    "results": "ui.pages.results",
    "detail": "ui.pages.detail",
    "search": "ui.pages.search",
    "mylist": "ui.pages.mylist",
    "print": "ui.pages.printout",
    "qr": "ui.pages.phone",
    "helpnow": "ui.pages.helpnow",
    "assess": "ui.pages.assess",
    "support": "ui.pages.support",
    "suggest": "ui.pages.suggest",
    "howto": "ui.pages.howto",
    "staff": "ui.pages.staff",
    "sheets": "ui.pages.sheets",
}


def spec_of(name: str) -> PageSpec[Page]:
    """The ``SPEC`` of a registered page (imports its module)."""
    module = importlib.import_module(PAGE_MODULES[name])
    spec = module.SPEC
    if not isinstance(spec, PageSpec) or spec.name != name:
        raise TypeError(f"{PAGE_MODULES[name]}.SPEC must be a PageSpec named {name!r}")
    return spec


class Pages:
    """The kiosk's pages by name, each built (and handed to ``on_mount``) the first time it is asked for.

    Not a dict on purpose: nothing here builds a page by accident. ``names`` and iteration give the names;
    ``page(name)`` / ``pages[name]`` build; ``built()`` lists only the pages that exist.
    """

    def __init__(self, ctx: UiContext, on_mount: Callable[[Mounted], None],
                 modules: dict[str, str] | None = None) -> None:
        self._ctx = ctx
        self._on_mount = on_mount
        self.names: tuple[str, ...] = tuple(modules or PAGE_MODULES)
        self._mounted: dict[str, Mounted] = {}

    def mounted(self, name: str) -> Mounted:
        found = self._mounted.get(name)
        if found is None:
            if name not in self.names:
                raise KeyError(name)
            found = self._mounted[name] = spec_of(name).mount(self._ctx)
            self._on_mount(found)
        return found

    def page(self, name: str) -> Page:
        return self.mounted(name).page

    __getitem__ = page

    def built(self) -> list[Mounted]:
        return [self._mounted[n] for n in self.names if n in self._mounted]

    def is_built(self, name: str) -> bool:
        return name in self._mounted

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


__all__ = ["PAGE_MODULES", "Pages", "spec_of"]
