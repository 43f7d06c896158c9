"""v12 opening hours of every kind, from fixtures in the ``ServiceHoursResponse`` shape (issue 9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.hours import holiday_lines, status, weekly_lines
from kiosk.sources.ptv12_map import Rec, parse_channel, parse_hours
from tests.ptv12_fake import location

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


# --- holiday hours (HolidayServiceHourType) --------------------------------------------------------------


def _holiday(name: str, *hours: dict[str, Any]) -> dict[str, Any]:
    return {"holidayName": name, "hours": list(hours)}


def _holiday_slot(start: str, end: str, status_: str = "Open") -> dict[str, Any]:
    return {"start": start, "end": end, "openingStatus": status_, "additionalInformation": {}}


def _with_holidays(holidays: list[dict[str, Any]], today: date, repetition: dict[str, Any] | None = None):
    hours = {
        "hours": [WEEKLY],
        "holidayServiceHours": {"repetition": repetition or {"type": "RepetitionEveryYear"}, "holidays": holidays},
    }
    return parse_hours(Rec("channel", "c1"), {"serviceHours": hours}, today=today)


HOLIDAYS_SEEN = [
    _holiday("MidsummerEve", _holiday_slot("10:00", "14:00")),  # Friday 19.6.2026 (computed, not given)
    _holiday("MidsummerDay"),  # no hours: closed
    _holiday("ChristmasEve"),
    _holiday("ChristmasDay", _holiday_slot("", "", "Closed")),
    _holiday("SecondDayOfChristmas", _holiday_slot("", "", "Closed")),
    _holiday("NoSuchHoliday", _holiday_slot("10:00", "12:00")),  # an unknown name is left out
]


def test_holiday_hours_get_their_computed_dates_and_replace_the_weekly_hours():
    rules = _with_holidays(HOLIDAYS_SEEN, today=date(2026, 6, 1))
    special = sorted((r.valid_from, r.kind, r.opens, r.closes, r.holiday) for r in rules if r.holiday)
    assert special == [
        (date(2026, 6, 19), "open", "10:00", "14:00", "MidsummerEve"),
        (date(2026, 6, 20), "closed", "00:00", "24:00", "MidsummerDay"),
        (date(2026, 12, 24), "closed", "00:00", "24:00", "ChristmasEve"),
        (date(2026, 12, 25), "closed", "00:00", "24:00", "ChristmasDay"),
        (date(2026, 12, 26), "closed", "00:00", "24:00", "SecondDayOfChristmas"),
    ]
    # Friday 19.6. is open 10–14 (the weekly Friday 9–16 does not hold that day)
    assert status(rules, datetime(2026, 6, 19, 9, 30, tzinfo=HELSINKI), "fi").open_now is False
    assert status(rules, datetime(2026, 6, 19, 12, 0, tzinfo=HELSINKI), "fi").open_now is True
    assert status(rules, datetime(2026, 6, 19, 15, 0, tzinfo=HELSINKI), "fi").open_now is False
    assert status(rules, datetime(2026, 6, 26, 15, 0, tzinfo=HELSINKI), "fi").open_now is True  # a Friday after
    assert status(rules, datetime(2026, 6, 20, 12, 0, tzinfo=HELSINKI), "fi").open_now is False  # Saturday, closed
    assert status(rules, datetime(2026, 12, 24, 12, 0, tzinfo=HELSINKI), "fi").open_now is False  # a Thursday
    # holiday hours are not weekly lines
    assert weekly_lines(rules, "fi", date(2026, 6, 1)) == weekly_lines(_hours(WEEKLY), "fi", date(2026, 6, 1))


def test_holiday_lines_in_three_languages():
    rules = _with_holidays(HOLIDAYS_SEEN, today=date(2026, 6, 1))
    assert holiday_lines(rules, "fi", date(2026, 6, 10)) == ("Juhannusaattona 10.00–14.00", "Suljettu 20.6.")
    assert holiday_lines(rules, "sv", date(2026, 6, 10)) == ("På midsommarafton 10.00–14.00", "Stängt 20.6.")
    assert holiday_lines(rules, "en", date(2026, 6, 10)) == ("Midsummer Eve 10:00–14:00", "Closed 20 Jun")
    assert holiday_lines(rules, "fi", date(2026, 12, 1)) == ("Suljettu 24.–26.12.",)
    assert holiday_lines(rules, "en", date(2026, 12, 1)) == ("Closed 24–26 Dec",)
    assert holiday_lines(rules, "fi", date(2026, 8, 1)) == ()  # nothing in the coming two months
    assert holiday_lines(rules, "fi", date(2026, 12, 25)) == ("Suljettu 25.–26.12.",)  # past days left out


def test_holiday_hours_in_selected_years_only():
    rules = _with_holidays([_holiday("ChristmasEve")], date(2026, 6, 1), {"type": "RepetitionInSelectedYears", "years": [2027]})
    assert [r for r in rules if r.holiday] == []  # 24.12.2027 is past the coming year
    rules = _with_holidays([_holiday("ChristmasEve")], date(2026, 6, 1), {"type": "RepetitionInSelectedYears", "years": [2026]})
    assert [r.valid_from for r in rules if r.holiday] == [date(2026, 12, 24)]
    # a holiday record of the wrong shape does not cost the weekly hours
    rules = _with_holidays([None, {"holidayName": 5}, _holiday("GoodFriday", "x")], date(2026, 1, 1))  # type: ignore[list-item]
    assert [(r.valid_from, r.kind) for r in rules if r.holiday] == [(date(2026, 4, 3), "closed")]
    assert len([r for r in rules if not r.holiday]) == 4


# --- odd and even weeks (WeeklyRepetitionType) -----------------------------------------------------------


def test_odd_and_even_week_slots():
    slots = [
        {**_slot("09:00", "12:00"), "repetition": "OddWeeks"},
        {**_slot("13:00", "16:00"), "repetition": "EvenWeeks"},
    ]
    rules = _hours({**WEEKLY, "weeklyHours": {"monday": {"hours": slots}}})
    assert sorted((r.opens, r.weeks) for r in rules) == [("09:00", "odd"), ("13:00", "even")]
    even_monday, odd_monday = date(2026, 1, 5), date(2026, 1, 12)  # ISO weeks 2 and 3
    assert even_monday.isocalendar().week == 2 and odd_monday.isocalendar().week == 3
    at = lambda day, hour: datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)  # noqa: E731
    assert status(rules, at(even_monday, 10), "fi").open_now is False
    assert status(rules, at(even_monday, 14), "fi").open_now is True
    assert status(rules, at(odd_monday, 10), "fi").open_now is True
    assert status(rules, at(odd_monday, 14), "fi").open_now is False
    assert weekly_lines(rules, "fi") == ("ma 9.00–12.00 (parittomat viikot), 13.00–16.00 (parilliset viikot)",)
    assert weekly_lines(rules, "sv") == ("mån 9.00–12.00 (udda veckor), 13.00–16.00 (jämna veckor)",)
    assert weekly_lines(rules, "en") == ("Mon 9:00–12:00 (odd weeks), 13:00–16:00 (even weeks)",)
    odd_shapes = [{**_slot("09:00", "10:00"), "repetition": bad} for bad in (["OddWeeks"], {"x": 1}, 7, None, "Fortnightly")]
    rules = _hours({**WEEKLY, "weeklyHours": {"monday": {"hours": odd_shapes}}})
    assert [r.weeks for r in rules] == [None] * 5  # an unreadable repetition is every week, never an error


# --- SMS numbers (SmsNumberResponse on telephone channels) -----------------------------------------------


def test_sms_numbers_are_kept_apart_from_numbers_to_call():
    sms = {"type": "Sms", "dialCode": "+358", "number": "401234567", "chargeType": "Charged",
           "chargeDescription": None, "additionalInformation": "Vain tekstiviestit, ei puheluita"}  # fmt: skip
    call = {"type": "DomesticPhone", "number": "0800 12345", "chargeType": "Free", "chargeDescription": None,
            "additionalInformation": None}  # fmt: skip
    fax = {"type": "Fax", "dialCode": "+358", "number": "81234567"}
    version = {"name": "Neuvonta", "summary": None, "description": None, "webAddress": {"url": None, "name": None},
               "supportEmails": [], "phoneNumbers": [sms, fax, call]}  # fmt: skip
    record = {"contentId": "c1", "organizationContentId": "o1", "serviceChannelType": "TelephoneService",
              "area": None, "publishedAt": None, "languageVersions": {"fi": version, "sv": {**version, "phoneNumbers": [sms]}},
              "serviceHours": {"hours": [], "holidayServiceHours": None}}  # fmt: skip
    phones = parse_channel(record).contacts.phone_tuple()
    assert [(p.number, p.kind, p.charge) for p in phones] == [("0800 12345", None, "free"), ("+358 401234567", "sms", "charged")]
    assert phones[1].info == {"fi": "Vain tekstiviestit, ei puheluita", "sv": "Vain tekstiviestit, ei puheluita"}


# --- every visiting address (location.streetAddresses[]) --------------------------------------------------


def test_every_street_address_of_a_service_location_is_a_place_and_a_contact_address_is_not():
    record = location("c1", "o1", "205", names={"fi": "Nuorisotila", "sv": "Ungdomslokal"},
                      street={"fi": "Kauppakatu", "sv": "Handelsgatan"}, detail="1", postal="87100", published="2026-01-01T00:00:00Z")  # fmt: skip
    second = {**record["location"]["streetAddresses"][0], "streetName": {"fi": "Pohjolankatu"}, "addressDetail": "12 B",
              "postalCode": "87300", "coordinates": []}  # fmt: skip
    record["location"]["streetAddresses"].append(second)
    record["contactAddresses"]["postOfficeBoxAddresses"].append(
        {"postalCode": "87101", "postOfficeBox": {"fi": "PL 7"}, "additionalInformation": {}}
    )
    channel = parse_channel(record)
    places = channel.places("205", channel.hours)
    assert [(p.street, p.postal_code) for p in places] == [
        ({"fi": "Kauppakatu 1", "sv": "Handelsgatan 1"}, "87100"),
        ({"fi": "Pohjolankatu 12 B"}, "87300"),
    ]
    assert places[0].easting is not None and places[1].easting is None
    assert all(p.names == {"fi": "Nuorisotila", "sv": "Ungdomslokal"} and p.hours == channel.hours for p in places)
    record["location"]["streetAddresses"] = []
    record["location"]["otherAddresses"] = [{"postalCode": "87100", "additionalInformation": {}, "coordinates": [
        {"system": "EPSG:3067", "source": "User", "easting": 541000.0, "northing": 7124000.0}]}]  # fmt: skip
    (only,) = parse_channel(record).places("205", ())
    assert only.street == {} and (only.easting, only.northing) == (541000.0, 7124000.0)
