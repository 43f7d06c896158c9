"""What every source adapter returns, and the settings the sync engine hands to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.model import TrayItem

if TYPE_CHECKING:
    from kiosk.areas import AreaCatalogue


@dataclass(frozen=True)
class Region:
    """The kiosk's region: the municipalities whose services belong in the tray."""

    name: str = ""
    municipalities: tuple[str, ...] = ()
    home_municipality: str | None = None


@dataclass(frozen=True)
class FetchRequest:
    """What the engine asks of a source for one run.

    ``cursor`` is what the source returned last time (``None`` = never synced); ``full`` asks for a full
    reconciliation even when a cursor exists. ``areas`` is the tray's content-area catalogue, so a source
    can ask its server only for what the tray can show (PTV sources take its service-class codes);
    ``None`` = no such narrowing.
    """

    region: Region
    cursor: str | None = None
    full: bool = True
    areas: AreaCatalogue | None = None


@dataclass(frozen=True)
class SourceResult:
    """One run of one source.

    With ``full=True`` ``items`` is the complete set for this source: anything stored before and not in it
    is removed. With ``full=False`` ``items`` are upserts and ``deleted`` the ids to remove.
    ``warnings`` name records that were skipped as malformed (the run still succeeds).
    """

    source: str
    full: bool
    items: tuple[TrayItem, ...] = ()
    deleted: frozenset[str] = frozenset()
    cursor: str | None = None
    warnings: tuple[str, ...] = ()
    requests: int = 0
    extra: dict[str, object] = field(default_factory=dict)


class SourceError(Exception):
    """A source could not be read; the message says which and why, in words staff can act on."""
