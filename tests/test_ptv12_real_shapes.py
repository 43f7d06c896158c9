"""v12 opening hours of every kind, from fixtures in the ``ServiceHoursResponse`` shape (issue 9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.hours import status, weekly_lines
from kiosk.sources.ptv12_map import Rec, parse_hours

HELSINKI = ZoneInfo("Europe/Helsinki")
NO_TEXT: dict[str, Any] = {"fi": None, "sv": None, "en": None}


def _hours(*entries: dict[str, Any]):
    return parse_hours(Rec("channel", "c1"), {"serviceHours": {"hours": list(entries), "holidayServiceHours": None}})


def _slot(start: str, end: str, status_: str = "Open") -> dict[str, Any]:
    return {"start": start, "end": end, "openingStatus": status_, "repetition": "Weekly", "additionalInformation": None}


WEEKLY = {
    "type": "WeeklyUntilFurtherNoticeServiceHour",
    "heading": NO_TEXT,
    "additionalInformation": NO_TEXT,
    "weeklyHours": {day: {"hours": [_slot("09:00", "16:00")]} for day in ("monday", "thursday", "friday", "saturday")},
}


def test_exceptional_date_range_closure_holds_for_its_dates_only():
    christmas = {
        "type": "ExceptionalDateRangeServiceHour",
        "heading": {"fi": "Joulu", "sv": "Jul", "en": None},
        "additionalInformation": NO_TEXT,
        "fromDate": "2026-12-24",
        "toDate": "2026-12-26",
        # every day of the week named, as editors leave it; only Thu–Sat fall inside the dates
        "weeklyHours": {
            day: {"hours": []} for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        },
    }
    rules = _hours(WEEKLY, christmas)
    closed = [r for r in rules if r.kind == "closed"]
    assert sorted(r.weekday for r in closed) == [3, 4, 5]
    assert all((r.valid_from, r.valid_to) == (date(2026, 12, 24), date(2026, 12, 26)) for r in closed)
    assert status(rules, datetime(2026, 12, 24, 12, 0, tzinfo=HELSINKI), "fi").open_now is False
    assert status(rules, datetime(2026, 12, 31, 12, 0, tzinfo=HELSINKI), "fi").open_now is True
    assert any("suljettu (24.12.–26.12.)" in line.lower() for line in weekly_lines(rules, "fi"))


def test_exceptional_date_with_hours_and_closed_status():
    one_day = {
        "type": "ExceptionalDateRangeServiceHour",
        "heading": NO_TEXT,
        "additionalInformation": NO_TEXT,
        "fromDate": "2026-12-31",
        "toDate": "2026-12-31",
        "weeklyHours": {
            "thursday": {"hours": [_slot("09:00", "12:00")]},
            "friday": {"hours": [_slot("", "", "Closed")]},
        },
    }
    rules = _hours(one_day)
    assert [(r.weekday, r.opens, r.closes, r.kind, r.valid_from) for r in rules] == [
        (3, "09:00", "12:00", "open", date(2026, 12, 31))
    ]


def test_continuous_date_range_is_one_opening_across_days():
    festival = {
        "type": "ContinuousDateRangeServiceHour",
        "openingStatus": "Open",
        "heading": NO_TEXT,
        "additionalInformation": NO_TEXT,
        "fromDate": "2026-07-03",  # Friday
        "toDate": "2026-07-05",  # Sunday
        "fromTime": "18:00",
        "toTime": "04:00",
        "fromDay": "Friday",
        "toDay": "Sunday",
    }
    rules = _hours(festival)
    got = sorted((r.weekday, r.opens, r.closes, r.valid_from, r.valid_to) for r in rules)
    assert got == [
        (4, "18:00", "24:00", date(2026, 7, 3), date(2026, 7, 3)),
        (5, "00:00", "24:00", date(2026, 7, 4), date(2026, 7, 4)),
        (6, "00:00", "04:00", date(2026, 7, 5), date(2026, 7, 5)),
    ]
    assert status(rules, datetime(2026, 7, 4, 3, 0, tzinfo=HELSINKI), "fi").open_now is True
    assert status(rules, datetime(2026, 7, 5, 5, 0, tzinfo=HELSINKI), "fi").open_now is False


def test_continuous_weekdays_over_midnight_and_always_valid():
    nights = {
        "type": "ContinuousWeekdaysUntilFurtherNoticeServiceHour",
        "openingStatus": "Open",
        "heading": NO_TEXT,
        "additionalInformation": NO_TEXT,
        "fromDay": "Friday",
        "toDay": "Saturday",
        "fromTime": "22:00",
        "toTime": "04:00",
    }
    rules = _hours(nights)
    assert sorted((r.weekday, r.opens, r.closes) for r in rules) == [(4, "22:00", "24:00"), (5, "00:00", "04:00")]
    assert status(rules, datetime(2026, 12, 12, 2, 0, tzinfo=HELSINKI), "fi").open_now is True  # Saturday 02:00
    always = {
        "type": "ContinuousAlwaysValidServiceHour",
        "openingStatus": "OpenOnReservation",
        "heading": NO_TEXT,
        "additionalInformation": NO_TEXT,
    }
    rules = _hours(always)
    assert sorted(r.weekday for r in rules) == list(range(7))
    assert {r.kind for r in rules} == {"reservation"}
