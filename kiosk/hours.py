"""Opening hours in the resident's language: open now, today, the next opening, the week.

Rules are :class:`kiosk.model.OpeningRule` (weekday 0 = Monday, ``HH:MM`` local times). A rule whose
closing time is not after its opening time runs past midnight (22:00–02:00); ``24:00`` is midnight at the
end of the day. ``valid_from`` / ``valid_to`` (inclusive) limit the days a rule applies to, and a
``closed`` rule cuts its time out of that day's openings. ``reservation`` periods are "by appointment":
they are never "open now", and they are named as such.

No rules at all means the hours are *unknown*: :data:`UNKNOWN` (``open_now`` and ``open_today`` are
``None``), never "closed" and never "open". Dates, times and day names are formatted with Babel; every
word goes through the message catalogue with ``{placeholders}``, in the language asked for (the core
runs on the worker thread, so the language is an argument, not the UI's current one).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from babel.dates import format_date, format_time, get_day_names

from kiosk.i18n import N_, gettext
from kiosk.model import OpeningRule

LOOKAHEAD_DAYS = 14

# time, day-and-month, full date
_PATTERNS: dict[str, tuple[str, str, str]] = {
    "fi": ("H.mm", "d.M.", "d.M.yyyy"),
    "sv": ("H.mm", "d.M.", "d.M.yyyy"),
    "en": ("H:mm", "d MMM", "d MMM yyyy"),
}


def tr(lang: str, message: str, **values: object) -> str:
    """``message`` in ``lang`` with ``{placeholders}`` filled; a broken translation falls back to English."""
    text = gettext(message, lang)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return message.format(**values)


def _loc(lang: str) -> str:
    return lang if lang in _PATTERNS else "en"


def format_hm(value: str | time, lang: str) -> str:
    """"9.00" (fi, sv) / "9:00" (en); ``"24:00"`` stays midnight at the end of the day."""
    if value == "24:00":
        return "24:00" if _loc(lang) == "en" else "24.00"
    moment = time.fromisoformat(value) if isinstance(value, str) else value
    return _format_time(moment.replace(second=0, microsecond=0, tzinfo=None), _loc(lang))


# Babel's formatting is slow next to a list of 200 cards; the same few times and dates recur.
@functools.lru_cache(maxsize=4096)
def _format_time(moment: time, locale: str) -> str:
    return format_time(moment, _PATTERNS[locale][0], locale=locale)


@functools.lru_cache(maxsize=4096)
def _format_date(day: date, locale: str, which: int) -> str:
    return format_date(day, _PATTERNS[locale][which], locale=locale)


@functools.lru_cache(maxsize=16)
def _day_names(locale: str) -> tuple[str, ...]:
    names = get_day_names("abbreviated", locale=locale)
    return tuple(str(names[i]) for i in range(7))


def day_name(day: date | int, lang: str) -> str:
    """The abbreviated day name: "ti" / "tis" / "Tue"."""
    weekday = day if isinstance(day, int) else day.weekday()
    return _day_names(_loc(lang))[weekday]


def short_date(day: date, lang: str) -> str:
    """"25.11." (fi, sv) / "25 Nov" (en)."""
    return _format_date(day, _loc(lang), 1)


def long_date(day: date, lang: str) -> str:
    """"2.10.2026" (fi, sv) / "2 Oct 2026" (en)."""
    return _format_date(day, _loc(lang), 2)


_CLOCK_PATTERNS = {"fi": "cccc d.M. 'klo' H.mm", "sv": "EEEE d.M. 'kl.' H.mm", "en": "EEEE d MMMM, H:mm"}


def clock_text(now: datetime, lang: str) -> str:
    """Today and the time for the bar: "tiistai 24.11. klo 10.30" / "tisdag 24.11. kl. 10.30" /
    "Tuesday 24 November, 10:30" (cards say "today" and "tomorrow": this says which day that is)."""
    from babel.dates import format_datetime

    locale = _loc(lang)
    return str(format_datetime(now, _CLOCK_PATTERNS[locale], locale=locale))


def format_range(start: datetime, end: datetime, lang: str) -> str:
    """"9.00–11.00"; an end at the following midnight is "24.00"."""
    if end.time() == time(0) and end.date() == start.date() + timedelta(days=1):
        closing = format_hm("24:00", lang)
    else:
        closing = format_hm(end.time(), lang)
    return f"{format_hm(start.time(), lang)}–{closing}"


# --- intervals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    kind: str  # open | reservation


def applies(rule: OpeningRule, day: date) -> bool:
    return (
        rule.weekday == day.weekday()
        and (rule.valid_from is None or day >= rule.valid_from)
        and (rule.valid_to is None or day <= rule.valid_to)
        and (rule.weeks is None or (day.isocalendar().week % 2 == 1) == (rule.weeks == "odd"))
    )


def _bounds(rule: OpeningRule, day: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.fromisoformat(rule.opens), tzinfo=tz)
    if rule.closes == "24:00":
        return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    end = datetime.combine(day, time.fromisoformat(rule.closes), tzinfo=tz)
    if end <= start:  # runs past midnight (or all day when the times are equal)
        end += timedelta(days=1)
    return start, end


def _subtract(start: datetime, end: datetime, cuts: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    pieces = [(start, end)]
    for cut_start, cut_end in cuts:
        kept = []
        for s, e in pieces:
            if cut_end <= s or cut_start >= e:
                kept.append((s, e))
                continue
            if s < cut_start:
                kept.append((s, cut_start))
            if cut_end < e:
                kept.append((cut_end, e))
        pieces = kept
    return pieces


def _by_weekday(rules: Sequence[OpeningRule]) -> dict[int, list[OpeningRule]]:
    out: dict[int, list[OpeningRule]] = {}
    for rule in rules:
        out.setdefault(rule.weekday, []).append(rule)
    return out


def _day(by_weekday: dict[int, list[OpeningRule]], day: date, tz: tzinfo | None) -> list[Interval]:
    todays = [r for r in by_weekday.get(day.weekday(), ()) if applies(r, day)]
    if not todays:
        return []
    if any(r.holiday and r.kind != "closed" for r in todays):  # a holiday's own hours replace the usual ones
        todays = [r for r in todays if r.holiday or r.kind == "closed"]
    closed = [_bounds(r, day, tz) for r in todays if r.kind == "closed"]
    out = [
        Interval(s, e, rule.kind)
        for rule in todays
        if rule.kind != "closed"
        for s, e in _subtract(*_bounds(rule, day, tz), closed)
    ]
    out.sort(key=_order)
    return out


def _order(iv: Interval) -> tuple[datetime, bool, datetime]:
    return (iv.start, iv.kind != "open", iv.end)


def intervals(rules: Sequence[OpeningRule], first: date, last: date, tz: tzinfo | None) -> list[Interval]:
    """Open and by-appointment periods that start on the days ``first`` … ``last``, in time order."""
    by_weekday = _by_weekday(rules)
    out: list[Interval] = []
    day = first
    while day <= last:
        out.extend(_day(by_weekday, day, tz))
        day += timedelta(days=1)
    out.sort(key=_order)
    return out


# --- status ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursStatus:
    open_now: bool | None  # None = unknown
    open_today: bool | None  # still open, or opening, later today; None = unknown
    text: str | None  # None = unknown: say nothing rather than guess


UNKNOWN = HoursStatus(None, None, None)


def _open_today(near: Iterable[Interval], now: datetime) -> bool:
    """``near``: the intervals that start yesterday or today."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)
    return any(iv.kind == "open" and iv.end > now and iv.start < tomorrow for iv in near)


def open_today(
    rules: Sequence[OpeningRule], now: datetime, starts_at: datetime | None = None, ends_at: datetime | None = None
) -> bool | None:
    """True when the place is open now or opens later today (by-appointment periods do not count)."""
    today = now.date()
    if rules:
        return _open_today(intervals(rules, today - timedelta(days=1), today, now.tzinfo), now)
    if starts_at is not None:
        start = starts_at.astimezone(now.tzinfo) if now.tzinfo else starts_at
        end = (ends_at.astimezone(now.tzinfo) if now.tzinfo else ends_at) if ends_at else None
        if end is not None:
            return end > now and start.date() <= today
        return start.date() == today
    return None


def status(
    rules: Sequence[OpeningRule],
    now: datetime,
    lang: str,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> HoursStatus:
    """What a card says about time: "Avoinna nyt · 9.00–11.00", "Avautuu tänään klo 13.00", …"""
    if not rules:
        if starts_at is not None:
            return _event_status(starts_at, ends_at, now, lang)
        return UNKNOWN
    today = now.date()
    by_weekday = _by_weekday(rules)
    near = sorted(_day(by_weekday, today - timedelta(days=1), now.tzinfo) + _day(by_weekday, today, now.tzinfo), key=_order)
    is_today = _open_today(near, now)
    for iv in near:
        if iv.kind == "open" and iv.start <= now < iv.end:
            return HoursStatus(True, True, tr(lang, N_("Open now · {hours}"), hours=format_range(iv.start, iv.end, lang)))
    for iv in near:
        if iv.kind == "reservation" and iv.start <= now < iv.end:
            text = tr(lang, N_("By appointment today {hours}"), hours=format_range(iv.start, iv.end, lang))
            return HoursStatus(False, is_today, text)
    upcoming = next((iv for iv in near if iv.start > now), None)
    offset = 1
    while upcoming is None and offset <= LOOKAHEAD_DAYS:
        upcoming = next(iter(_day(by_weekday, today + timedelta(days=offset), now.tzinfo)), None)
        offset += 1
    if upcoming is None:
        return HoursStatus(False, is_today, tr(lang, N_("No opening hours in the next two weeks")))
    return HoursStatus(False, is_today, _upcoming_text(upcoming, today, lang))


def _upcoming_text(iv: Interval, today: date, lang: str) -> str:
    day = iv.start.date()
    at = format_hm(iv.start.time(), lang)
    if iv.kind == "open":
        if day == today:
            return tr(lang, N_("Opens today at {time}"), time=at)
        if day == today + timedelta(days=1):
            return tr(lang, N_("Opens tomorrow at {time}"), time=at)
        return tr(lang, N_("Next: {day} {date} at {time}"), day=day_name(day, lang), date=short_date(day, lang), time=at)
    hours = format_range(iv.start, iv.end, lang)
    if day == today:
        return tr(lang, N_("By appointment today {hours}"), hours=hours)
    if day == today + timedelta(days=1):
        return tr(lang, N_("By appointment tomorrow {hours}"), hours=hours)
    return tr(
        lang, N_("By appointment {day} {date} {hours}"), day=day_name(day, lang), date=short_date(day, lang), hours=hours
    )


def _event_status(starts_at: datetime, ends_at: datetime | None, now: datetime, lang: str) -> HoursStatus:
    tz = now.tzinfo
    start = starts_at.astimezone(tz) if tz else starts_at
    end = (ends_at.astimezone(tz) if tz else ends_at) if ends_at else None
    today = now.date()
    is_today = open_today((), now, starts_at, ends_at)
    if end is not None and start <= now < end:
        if end.date() == start.date() or (end.time() == time(0) and end.date() == start.date() + timedelta(days=1)):
            text = tr(lang, N_("On now · {hours}"), hours=format_range(start, end, lang))
        else:
            text = tr(lang, N_("On now · until {date}"), date=short_date(end.date(), lang))
        return HoursStatus(True, True, text)
    at = format_hm(start.time(), lang)
    if start > now or (end is None and start.date() == today):
        if start.date() == today:
            text = tr(lang, N_("Today at {time}"), time=at)
        elif start.date() == today + timedelta(days=1):
            text = tr(lang, N_("Tomorrow at {time}"), time=at)
        else:
            text = tr(
                lang, N_("{day} {date} at {time}"), day=day_name(start, lang), date=short_date(start.date(), lang), time=at
            )
        return HoursStatus(False if start > now else None, is_today, text)
    finished = (end or start).date()
    return HoursStatus(False, False, tr(lang, N_("Ended {date}"), date=short_date(finished, lang)))


# --- the week -------------------------------------------------------------------------------------


def _validity(rule: OpeningRule, lang: str) -> str:
    if rule.valid_from and rule.valid_to:
        return f"{short_date(rule.valid_from, lang)}–{short_date(rule.valid_to, lang)}"
    if rule.valid_from:
        return tr(lang, N_("from {date}"), date=short_date(rule.valid_from, lang))
    if rule.valid_to:
        return tr(lang, N_("until {date}"), date=short_date(rule.valid_to, lang))
    return ""


def _weeks(rule: OpeningRule, lang: str) -> str:
    if rule.weeks == "odd":
        return tr(lang, N_("odd weeks"))
    if rule.weeks == "even":
        return tr(lang, N_("even weeks"))
    return ""


def weekly_lines(rules: Sequence[OpeningRule], lang: str, today: date | None = None) -> tuple[str, ...]:
    """One line per weekday in week order: "ma 9.00–11.00, 13.00–15.00", "ti 9.00–11.00 ajanvarauksella",
    "ke 9.00–11.00 (parittomat viikot)".

    With ``today``, rules that ended before it are left out. Holiday hours are not weekly: see
    :func:`holiday_lines`.
    """
    current = [r for r in rules if not r.holiday and (today is None or r.valid_to is None or r.valid_to >= today)]
    lines: list[str] = []
    for weekday in range(7):
        todays = sorted(
            (r for r in current if r.weekday == weekday), key=lambda r: (r.valid_from or date.min, r.opens, r.closes)
        )
        if not todays:
            continue
        parts: list[str] = []
        for rule in todays:
            piece = f"{format_hm(rule.opens, lang)}–{format_hm(rule.closes, lang)}"
            if rule.kind == "closed":
                whole_day = rule.opens == "00:00" and rule.closes in ("00:00", "24:00")
                piece = tr(lang, N_("closed")) if whole_day else tr(lang, N_("closed {hours}"), hours=piece)
            elif rule.kind == "reservation":
                piece = tr(lang, N_("{hours} by appointment"), hours=piece)
            validity = ", ".join(p for p in (_validity(rule, lang), _weeks(rule, lang)) if p)
            parts.append(f"{piece} ({validity})" if validity else piece)
        lines.append(f"{day_name(weekday, lang)} {', '.join(dict.fromkeys(parts))}")
    return tuple(lines)


# --- holidays -------------------------------------------------------------------------------------

HOLIDAY_LOOKAHEAD_DAYS = 60

# A holiday's hours, "Juhannusaattona 10.00–14.00": one message per PTV holiday name (the holiday in the
# form that says "on that day" in each language).
HOLIDAY_HOURS: dict[str, str] = {
    "NewYearDay": N_("New Year's Day {hours}"),
    "Epiphany": N_("Epiphany {hours}"),
    "MaundyThursday": N_("Maundy Thursday {hours}"),
    "GoodFriday": N_("Good Friday {hours}"),
    "EasterSunday": N_("Easter Sunday {hours}"),
    "EasterMonday": N_("Easter Monday {hours}"),
    "MayDayEve": N_("May Day Eve {hours}"),
    "MayDay": N_("May Day {hours}"),
    "AscensionDay": N_("Ascension Day {hours}"),
    "WhitSunday": N_("Whit Sunday {hours}"),
    "MidsummerEve": N_("Midsummer Eve {hours}"),
    "MidsummerDay": N_("Midsummer Day {hours}"),
    "AllSaintsDay": N_("All Saints' Day {hours}"),
    "IndependenceDay": N_("Independence Day {hours}"),
    "ChristmasEve": N_("Christmas Eve {hours}"),
    "ChristmasDay": N_("Christmas Day {hours}"),
    "SecondDayOfChristmas": N_("Boxing Day {hours}"),
    "NewYearEve": N_("New Year's Eve {hours}"),
}


def date_span(first: date, last: date, lang: str) -> str:
    """"24.–26.12." / "31.12.–1.1." (fi, sv), "24–26 Dec" (en); one day is :func:`short_date`."""
    if first == last:
        return short_date(first, lang)
    if _loc(lang) == "en":
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{short_date(last, lang)}"
        return f"{short_date(first, lang)} – {short_date(last, lang)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}.–{short_date(last, lang)}"
    return f"{short_date(first, lang)}–{short_date(last, lang)}"


def _whole_day_closed(rule: OpeningRule) -> bool:
    return rule.kind == "closed" and rule.opens == "00:00" and rule.closes in ("00:00", "24:00")


def holiday_lines(
    rules: Sequence[OpeningRule], lang: str, today: date, days: int = HOLIDAY_LOOKAHEAD_DAYS
) -> tuple[str, ...]:
    """The holiday hours of the coming ``days``, in date order: days closed all day in a row as one line,
    "Suljettu 24.–26.12."; any other holiday hours by the holiday's name, "Juhannusaattona 10.00–14.00"."""
    last_day = today + timedelta(days=days)
    by_day: dict[date, list[OpeningRule]] = {}
    for rule in rules:
        if rule.holiday and rule.valid_from and today <= rule.valid_from <= last_day:
            by_day.setdefault(rule.valid_from, []).append(rule)
    lines: list[str] = []
    closed_run: list[date] = []

    def end_run() -> None:
        if closed_run:
            lines.append(tr(lang, N_("Closed {dates}"), dates=date_span(closed_run[0], closed_run[-1], lang)))
            closed_run.clear()

    for day in sorted(by_day):
        todays = sorted(by_day[day], key=lambda r: (r.opens, r.closes))
        if all(_whole_day_closed(r) for r in todays):
            if closed_run and closed_run[-1] != day - timedelta(days=1):
                end_run()
            closed_run.append(day)
            continue
        end_run()
        pieces = []
        for rule in todays:
            piece = f"{format_hm(rule.opens, lang)}–{format_hm(rule.closes, lang)}"
            if rule.kind == "closed":
                piece = tr(lang, N_("closed {hours}"), hours=piece)
            elif rule.kind == "reservation":
                piece = tr(lang, N_("{hours} by appointment"), hours=piece)
            pieces.append(piece)
        name = todays[0].holiday or ""
        hours_text = ", ".join(dict.fromkeys(pieces))
        message = HOLIDAY_HOURS.get(name)
        lines.append(
            tr(lang, message, hours=hours_text) if message else f"{short_date(day, lang)} {hours_text}"
        )
    end_run()
    return tuple(lines)
