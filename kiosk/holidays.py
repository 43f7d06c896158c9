"""The dates of the Finnish public holidays that PTV v12 names in its holiday hours.

PTV v12 gives holiday hours by holiday name (``Holiday.holidayName``, 18 values from ``NewYearEve`` to
``SecondDayOfChristmas``) and leaves the calendar date to the reader ("use a third-party date library to
resolve the calendar date for movable holidays, such as Easter Sunday"). The rules are short enough to keep
here instead of adding a dependency:

* Easter Sunday by the Gregorian computus (the anonymous algorithm of Meeus/Jones/Butcher); Maundy Thursday,
  Good Friday and Easter Monday around it; Ascension Day 39 and Whit Sunday 49 days after it;
* Midsummer Eve is the Friday between 19 and 25 June, Midsummer Day the Saturday between 20 and 26 June;
* All Saints' Day is the Saturday between 31 October and 6 November;
* the rest are fixed dates (New Year's Eve is 31 December of the year asked for).
"""

from __future__ import annotations

from datetime import date, timedelta

# PTV v12 ``Holiday.holidayName`` values, in calendar order within a year
HOLIDAYS: tuple[str, ...] = (
    "NewYearDay",
    "Epiphany",
    "MaundyThursday",
    "GoodFriday",
    "EasterSunday",
    "EasterMonday",
    "MayDayEve",
    "MayDay",
    "AscensionDay",
    "WhitSunday",
    "MidsummerEve",
    "MidsummerDay",
    "AllSaintsDay",
    "IndependenceDay",
    "ChristmasEve",
    "ChristmasDay",
    "SecondDayOfChristmas",
    "NewYearEve",
)

_FIXED: dict[str, tuple[int, int]] = {
    "NewYearDay": (1, 1),
    "Epiphany": (1, 6),
    "MayDayEve": (4, 30),
    "MayDay": (5, 1),
    "IndependenceDay": (12, 6),
    "ChristmasEve": (12, 24),
    "ChristmasDay": (12, 25),
    "SecondDayOfChristmas": (12, 26),
    "NewYearEve": (12, 31),
}
_FROM_EASTER: dict[str, int] = {
    "MaundyThursday": -3,
    "GoodFriday": -2,
    "EasterSunday": 0,
    "EasterMonday": 1,
    "AscensionDay": 39,
    "WhitSunday": 49,
}
# the first day of the week-long window, and the weekday (Monday = 0) the holiday falls on inside it
_WEEKDAY_IN: dict[str, tuple[int, int, int]] = {
    "MidsummerEve": (6, 19, 4),
    "MidsummerDay": (6, 20, 5),
    "AllSaintsDay": (10, 31, 5),
}


def easter(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(name: str, year: int) -> date | None:
    """The date of the PTV holiday ``name`` in ``year``; ``None`` for a name this does not know."""
    if name in _FIXED:
        return date(year, *_FIXED[name])
    if name in _FROM_EASTER:
        return easter(year) + timedelta(days=_FROM_EASTER[name])
    if name in _WEEKDAY_IN:
        month, first, weekday = _WEEKDAY_IN[name]
        start = date(year, month, first)
        return start + timedelta(days=(weekday - start.weekday()) % 7)
    return None


def occurrences(name: str, first: date, last: date, years: frozenset[int] | None = None) -> list[date]:
    """The dates of holiday ``name`` from ``first`` to ``last`` (inclusive), only in ``years`` when given."""
    out = []
    for year in range(first.year, last.year + 1):
        if years is not None and year not in years:
            continue
        day = holiday_date(name, year)
        if day is not None and first <= day <= last:
            out.append(day)
    return out
