"""What a resident or staff member chose for a take-home output: plain values the UI sends to the core
(cheap to import: the pages import them before any tray is open)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ListOptions:
    """What the resident chose on the print page."""

    large: bool = False
    bilingual: bool = False
    discreet: bool = False
    with_answers: bool = False  # the self-assessment's picture and words, only when the resident chooses


@dataclass(frozen=True)
class SheetChoice:
    """A staff activity sheet: content areas, municipalities, language, and a week for dated activities."""

    categories: tuple[str, ...]
    municipalities: tuple[str, ...] = ()
    lang: str = "fi"
    week: date | None = None  # the Monday of the week for dated activities; None = from today on
