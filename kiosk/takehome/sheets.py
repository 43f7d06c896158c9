"""Staff activity sheets: which items go on a sheet for the notice board or the desk, and its wording.

Staff choose content areas, municipalities, a language and, for dated activities, a week; the sheet lists
the matching items of those municipalities (nationwide services are left out: the board is about what is
here) by name, and is rendered by the same renderer as the resident's list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from kiosk.areas import load_areas
from kiosk.hours import short_date, tr
from kiosk.i18n import N_
from kiosk.model import TrayItem
from kiosk.places import load_places
from kiosk.query import Query
from kiosk.takehome.choices import SheetChoice
from kiosk.takehome.document import Request

if TYPE_CHECKING:
    from kiosk.tray import Tray

MAX_ITEMS = 80  # a sheet for a notice board, not a catalogue


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _in_week(item: TrayItem, monday: date) -> bool:
    """Dated activities only in their week; activities with weekly hours (or none) always."""
    if item.starts_at is None:
        return True
    first = item.starts_at.date()
    last = item.ends_at.date() if item.ends_at else first
    return first <= monday + timedelta(days=6) and last >= monday


def sheet_items(tray: Tray, choice: SheetChoice, now: datetime) -> list[TrayItem]:
    """The sheet's items in name order."""
    from kiosk.browse import name_key
    from kiosk.cards import items_for
    from kiosk.search import search

    query = Query(categories=choice.categories, municipalities=choice.municipalities, sort="name",
                  include_nationwide=False)
    hits = search(tray, query, choice.lang, limit=MAX_ITEMS * 2)
    items = items_for(tray, [h.id for h in hits])
    monday = choice.week or week_start(now.date())
    today = now.date()
    kept = [i for i in items if _in_week(i, monday) and (i.ends_at is None or i.ends_at.date() >= today)]
    names = {h.id: h.name for h in hits}
    return sorted(kept, key=lambda i: name_key(names.get(i.id, i.id)))[:MAX_ITEMS]


def sheet_moment(choice: SheetChoice, now: datetime) -> datetime:
    """The moment "next opening" is counted from: now, or the start of a later week."""
    if choice.week is None or choice.week <= now.date():
        return now
    return datetime.combine(choice.week, time(0, 0), tzinfo=now.tzinfo)


def sheet_request(choice: SheetChoice, meeting_point: str, template: str | None) -> Request:
    areas, places = load_areas(), load_places()
    lang = choice.lang
    title = ", ".join(areas.name(key, lang) for key in choice.categories) or tr(lang, N_("Activities"))
    subtitle: list[str] = []
    if choice.municipalities:
        subtitle.append(", ".join(places.name(code, lang) for code in choice.municipalities))
    if choice.week is not None:
        monday = choice.week
        subtitle.append(tr(lang, N_("Week {number}: {first}–{last}"), number=monday.isocalendar().week,
                           first=short_date(monday, lang), last=short_date(monday + timedelta(days=6), lang)))
    return Request(lang=lang, kind="sheet", title=title, subtitle=tuple(subtitle), meeting_point=meeting_point,
                   template=template)


def describe(items: Sequence[TrayItem], lang: str) -> list[str]:
    """One line per item for the staff preview: its name."""
    from kiosk.model import pick

    return [(pick(i.names, lang) or (lang, i.id))[1] for i in items]
