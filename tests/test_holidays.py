"""The dates of the Finnish public holidays PTV v12 names (kiosk.holidays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.holidays import HOLIDAYS, easter, holiday_date, occurrences

# Easter Sundays from the almanac, with the earliest (22 March) and latest (25 April) possible ones
EASTERS = {
    2008: date(2008, 3, 23), 2011: date(2011, 4, 24), 2024: date(2024, 3, 31), 2025: date(2025, 4, 20),
    2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2038: date(2038, 4, 25), 2285: date(2285, 3, 22),
}  # fmt: skip


@pytest.mark.parametrize(("year", "sunday"), sorted(EASTERS.items()))
def test_easter_sunday(year: int, sunday: date) -> None:
    assert easter(year) == sunday


def test_movable_holidays_of_2026_and_2027() -> None:
    expected_2026 = {
        "MaundyThursday": date(2026, 4, 2), "GoodFriday": date(2026, 4, 3), "EasterMonday": date(2026, 4, 6),
        "AscensionDay": date(2026, 5, 14), "WhitSunday": date(2026, 5, 24), "MidsummerEve": date(2026, 6, 19),
        "MidsummerDay": date(2026, 6, 20), "AllSaintsDay": date(2026, 10, 31),
    }  # fmt: skip
    assert {name: holiday_date(name, 2026) for name in expected_2026} == expected_2026
    assert holiday_date("MidsummerEve", 2027) == date(2027, 6, 25)  # the last possible day
    assert holiday_date("AllSaintsDay", 2027) == date(2027, 11, 6)  # the last possible day
    assert holiday_date("AllSaintsDay", 2025) == date(2025, 11, 1)


def test_fixed_holidays() -> None:
    assert holiday_date("ChristmasEve", 2026) == date(2026, 12, 24)
    assert holiday_date("IndependenceDay", 2026) == date(2026, 12, 6)
    assert holiday_date("NewYearEve", 2026) == date(2026, 12, 31)
    assert holiday_date("MayDayEve", 2026) == date(2026, 4, 30)


def test_every_year_keeps_the_rules() -> None:
    for year in range(1900, 2201):
        sunday = easter(year)
        assert sunday.weekday() == 6 and date(year, 3, 22) <= sunday <= date(year, 4, 25), year
        eve, day, saints = (holiday_date(n, year) for n in ("MidsummerEve", "MidsummerDay", "AllSaintsDay"))
        assert eve is not None and eve.weekday() == 4 and date(year, 6, 19) <= eve <= date(year, 6, 25)
        assert day == eve + timedelta(days=1)
        assert saints is not None and saints.weekday() == 5 and date(year, 10, 31) <= saints <= date(year, 11, 6)
        dates = [holiday_date(name, year) for name in HOLIDAYS]
        assert dates == sorted(d for d in dates if d is not None)  # all 18 known, in calendar order


def test_occurrences_in_a_window_and_in_selected_years() -> None:
    first, last = date(2026, 6, 1), date(2027, 6, 1)
    assert occurrences("ChristmasEve", first, last) == [date(2026, 12, 24)]
    assert occurrences("MidsummerEve", first, last) == [date(2026, 6, 19)]
    assert occurrences("MidsummerEve", first, last, frozenset({2027})) == []
    assert occurrences("NoSuchDay", first, last) == [] and holiday_date("NoSuchDay", 2026) is None
