"""What a take-home sheet says, worded before it is laid out: tray items → a :class:`Document`.

The resident's list and the staff activity sheet are both a Document: a header (meeting point, date), a
numbered entry per item with every field in the same order, the support contacts (112 and crisis lines,
from the help-now content) and, only when the caller gives them, a picture of the self-assessment
answers with the same said in words. Texts are in the chosen language; ``bilingual`` words everything in
Finnish and Swedish ("Osoite / Adress"). ``discreet`` gives items of the mental-wellbeing and substance
areas a neutral title and leaves out what would name their topic (organiser, place name, web address),
so a sheet can be carried without labelling its owner. The PDF renderer (:mod:`kiosk.takehome.pdf`) and
the QR text (:mod:`kiosk.takehome.qr`) only lay these texts out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from kiosk import hours
from kiosk.cards import address_text, card_municipality, cost_text, languages_text, rules_of
from kiosk.helpnow import HelpNow, load_helpnow
from kiosk.hours import tr
from kiosk.i18n import N_
from kiosk.model import TrayItem, pick
from kiosk.places import load_places
from kiosk.programmes import Programmes, load_programmes, programmes_of
from kiosk.takehome.choices import ListOptions

SENSITIVE_AREAS = frozenset({"mental", "substances"})  # discreet sheets give these a neutral title
BILINGUAL = ("fi", "sv")


@dataclass(frozen=True)
class Labels:
    address: str
    hours: str
    phone: str
    cost: str
    languages: str
    accessibility: str
    programmes: str
    scan: str  # under an item's small QR code


@dataclass(frozen=True)
class Entry:
    number: int
    id: str
    title: str
    organiser: str | None
    address: str | None  # "Liikuntahalli, Terveystie 19, 87100 Kajaani"
    hours: tuple[str, ...]  # "ti 13.00–14.30", one per weekday
    next_opening: str | None  # "Seuraavan kerran ti klo 13.00"
    phones: tuple[str, ...]
    cost: str  # "Maksullinen. Kausimaksu 25 €."
    languages: str | None
    accessibility: str | None
    programmes: tuple[str, ...]  # "Kaikukortti: Kysy Kaikukorttia …"
    link: str | None  # the small QR code: the public page, the web page or tel:
    discreet: bool = False


@dataclass(frozen=True)
class Document:
    lang: str  # the document's language ("fi", or "fi" for a fi+sv sheet)
    title: str
    header: tuple[str, ...]  # meeting point and date, then any subtitle lines
    labels: Labels
    entries: tuple[Entry, ...]
    empty: str  # said when there are no entries
    help_heading: str
    help_lines: tuple[str, ...]
    footer: str  # on every page: 112 and a crisis line
    answers_heading: str = ""
    answers_picture: bytes | None = None  # PNG drawn by the UI (the self-assessment's picture)
    answers_words: tuple[str, ...] = ()  # the same said in words


def labels(lang: str) -> Labels:
    return Labels(
        address=tr(lang, N_("Address")),
        hours=tr(lang, N_("Opening hours")),
        phone=tr(lang, N_("Phone")),
        cost=tr(lang, N_("Price")),
        languages=tr(lang, N_("Languages")),
        accessibility=tr(lang, N_("Accessibility")),
        programmes=tr(lang, N_("Cards and referrals")),
        scan=tr(lang, N_("Scan with a phone")),
    )


def _text(texts: dict[str, str], lang: str) -> str | None:
    found = pick(texts, lang)
    return found[1] if found else None


def is_sensitive(item: TrayItem) -> bool:
    return bool(SENSITIVE_AREAS & set(item.categories))


def public_page(template: str | None, ids: Sequence[str]) -> str | None:
    """The public page for ``ids``: the template with the ids, ASCII (percent-encoded), after '#'."""
    if template is None:
        return None
    return template.replace("{ids}", ",".join(quote(i, safe=":-_.~") for i in ids))


def tel_link(number: str) -> str:
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


def item_link(item: TrayItem, template: str | None, discreet: bool) -> str | None:
    """Where an item's small QR code leads: the public page, else its own web page (not on a discreet
    item: an address may name the topic), else its first phone."""
    if template is not None:
        return public_page(template, (item.id,))
    if item.web and not discreet and item.web[0].url.isascii():
        return item.web[0].url
    call = next((p for p in item.phones if p.kind != "sms"), None)  # never a tel: link to an SMS-only number
    return tel_link(call.number) if call else None


def _address(item: TrayItem, lang: str, discreet: bool) -> str | None:
    if not item.locations:
        return tr(lang, N_("Whole country")) if item.nationwide else None
    loc = item.locations[0]
    place = None if discreet else _text(loc.names, lang)
    parts = [p for p in (place, address_text(loc, lang)) if p]
    code = card_municipality(item)
    town = load_places().name(code, lang) if code else None
    if town and not any(town in p for p in parts):
        parts.append(town)
    return ", ".join(parts) or None


def _cost(item: TrayItem, lang: str) -> str:
    words = cost_text(item.cost, lang)
    info = _text(item.cost_info, lang)
    return f"{words}. {info}" if info and info != words else words


def _phones(item: TrayItem, lang: str) -> tuple[str, ...]:
    out = []
    for phone in item.phones[:3]:
        info = _text(phone.info, lang)
        if phone.kind == "sms":
            info = ", ".join(p for p in (tr(lang, N_("Text messages only")), info) if p)
        out.append(f"{phone.number} ({info})" if info else phone.number)
    return tuple(out)


def build_entry(item: TrayItem, number: int, *, lang: str, now: datetime, template: str | None,
                discreet: bool, programmes: Programmes) -> Entry:
    hide = discreet and is_sensitive(item)
    name = tr(lang, N_("Meeting")) if hide else (_text(item.names, lang) or item.id)
    organiser = None if hide or item.organisation is None else _text(item.organisation.names, lang)
    rules = rules_of(item.locations)
    state = hours.status(rules, now, lang, starts_at=item.starts_at, ends_at=item.ends_at)
    accessibility = _text(item.locations[0].accessibility, lang) if item.locations else None
    return Entry(
        number=number,
        id=item.id,
        title=name,
        organiser=organiser,
        address=_address(item, lang, hide),
        hours=hours.weekly_lines(rules, lang, now.date()),
        next_opening=state.text,
        phones=_phones(item, lang),
        cost=_cost(item, lang),
        languages=languages_text(item.languages, lang) or None,
        accessibility=accessibility,
        programmes=tuple(
            f"{programmes.name(key, lang)}: {how}" if (how := programmes.how(key, lang)) else programmes.name(key, lang)
            for key in programmes_of(item, programmes)
        ),
        link=item_link(item, template, hide),
        discreet=hide,
    )


def _help(helpnow: HelpNow, lang: str) -> tuple[str, tuple[str, ...], str]:
    emergency = helpnow.emergency
    crisis = helpnow.of_kind("crisis")
    own = [line for line in crisis if lang in line.languages] or list(crisis)
    lines = [f"{emergency.name(lang)}: {emergency.phone}"]
    lines += [f"{line.name(lang)}: {line.phone}. {line.hours_text(lang)}" for line in crisis]
    footer = tr(lang, N_("In an emergency call {number}."), number=emergency.phone)
    if own:
        footer += " " + f"{own[0].name(lang)}: {own[0].phone}"
    return tr(lang, N_("If you need help now")), tuple(lines), footer


@dataclass(frozen=True)
class Request:
    """What to put on a sheet, besides the items: see :func:`build_document`."""

    lang: str = "fi"
    kind: str = "list"  # list: the resident's list; sheet: a staff activity sheet
    title: str | None = None  # a sheet's title (default: "My list")
    subtitle: tuple[str, ...] = ()
    meeting_point: str = ""
    template: str | None = None  # the public page template (links in the small QR codes)
    bilingual: bool = False
    discreet: bool = False
    answers_picture: bytes | None = None
    answers_words: tuple[str, ...] = ()


def _one_language(items: Sequence[TrayItem], request: Request, lang: str, now: datetime,
                  helpnow: HelpNow) -> Document:
    programmes = load_programmes()
    entries = tuple(
        build_entry(item, n, lang=lang, now=now, template=request.template, discreet=request.discreet,
                    programmes=programmes)
        for n, item in enumerate(items, start=1)
    )
    date = hours.long_date(now.date(), lang)
    where = " · ".join(p for p in (request.meeting_point, date) if p)
    help_heading, help_lines, footer = _help(helpnow, lang)
    given = request.answers_picture is not None or bool(request.answers_words)
    return Document(
        lang=lang,
        title=request.title or tr(lang, N_("My list")),
        header=(where, *request.subtitle),
        labels=labels(lang),
        entries=entries,
        empty=tr(lang, N_("Nothing to show.")),
        help_heading=help_heading,
        help_lines=help_lines,
        footer=footer,
        answers_heading=tr(lang, N_("Your answers")) if given else "",
        answers_picture=request.answers_picture,
        answers_words=request.answers_words,
    )


T = TypeVar("T")


def merge(a: T, b: T) -> T:
    """Two wordings of the same thing as one: "Osoite / Adress"; the same text once; lists item by item."""
    if isinstance(a, str) and isinstance(b, str):
        return a if a == b or not b else (b if not a else f"{a} / {b}")  # type: ignore[return-value]
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) == len(b):
            return tuple(merge(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]
        return a + tuple(y for y in b if y not in a)  # type: ignore[return-value]
    if dataclasses.is_dataclass(a) and not isinstance(a, type) and type(a) is type(b):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            changes[f.name] = merge(x, y) if isinstance(x, str | tuple) or dataclasses.is_dataclass(x) else x
        return dataclasses.replace(a, **changes)
    return a if a is not None else b


def build_document(items: Sequence[TrayItem], request: Request, now: datetime,
                   helpnow: HelpNow | None = None) -> Document:
    """The sheet's texts for ``items`` in the order given (the order of the screen)."""
    helpnow = helpnow or load_helpnow()
    if not request.bilingual:
        return _one_language(items, request, request.lang, now, helpnow)
    first, second = (request.lang, "sv" if request.lang == "fi" else "fi") if request.lang in BILINGUAL else BILINGUAL
    doc = merge(_one_language(items, request, first, now, helpnow), _one_language(items, request, second, now, helpnow))
    # The self-assessment's words are the caller's, in one language: never doubled.
    return dataclasses.replace(doc, lang=first, answers_words=request.answers_words)


__all__ = ["BILINGUAL", "Document", "Entry", "Labels", "ListOptions", "Request", "SENSITIVE_AREAS", "build_document",
           "build_entry", "is_sensitive", "item_link", "merge", "public_page", "tel_link"]
