"""Opening hours: open now, next opening across midnight and week ends, validity, appointments, Babel formats."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import hours, i18n
from kiosk.hours import UNKNOWN, day_name, long_date, open_today, short_date, status, weekly_lines
from kiosk.model import OpeningRule

HEL = ZoneInfo("Europe/Helsinki")
TUESDAY = datetime(2026, 11, 24, 10, 30, tzinfo=HEL)  # Tuesday 24 November 2026, 10.30
FRAGMENT = Path(__file__).resolve().parent.parent / "translations" / "fragments" / "core.toml"


@pytest.fixture(autouse=True)
def core_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core's Finnish and Swedish texts from its fragment, whether or not the .po files are regenerated yet."""
    table = tomllib.loads(FRAGMENT.read_text(encoding="utf-8"))
    for lang in ("fi", "sv"):
        merged = dict(i18n.load_catalogue(lang))
        merged.update({msgid: texts[lang] for msgid, texts in table.items()})
        monkeypatch.setitem(i18n._catalogues, lang, merged)


def rule(weekday: int, opens: str, closes: str, **kw: object) -> OpeningRule:
    return OpeningRule(weekday=weekday, opens=opens, closes=closes, **kw)  # type: ignore[arg-type]


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=HEL)


def test_open_now_in_every_language():
    rules = (rule(1, "09:00", "11:00"),)
    assert status(rules, TUESDAY, "fi").text == "Avoinna nyt · 9.00–11.00"
    assert status(rules, TUESDAY, "sv").text == "Öppet nu · 9.00–11.00"
    assert status(rules, TUESDAY, "en").text == "Open now · 9:00–11:00"
    state = status(rules, TUESDAY, "fi")
    assert state.open_now is True and state.open_today is True


def test_opens_later_today_and_tomorrow():
    later = status((rule(1, "13:00", "14:30"),), TUESDAY, "fi")
    assert later.text == "Avautuu tänään klo 13.00"
    assert later.open_now is False and later.open_today is True
    tomorrow = status((rule(2, "09:00", "10:00"),), TUESDAY, "sv")
    assert tomorrow.text == "Öppnar i morgon kl. 9.00"
    assert tomorrow.open_today is False


def test_next_opening_names_the_day_and_date_per_language():
    wednesday = at(2026, 11, 25, 12)
    rules = (rule(1, "10:00", "12:00"),)  # Tuesdays
    assert status(rules, wednesday, "fi").text == "Seuraavan kerran ti 1.12. klo 10.00"
    assert status(rules, wednesday, "sv").text == "Nästa gång tis 1.12. kl. 10.00"
    assert status(rules, wednesday, "en").text == "Next: Tue 1 Dec at 10:00"


def test_closed_for_today_after_closing_time():
    state = status((rule(1, "08:00", "09:00"),), TUESDAY, "fi")
    assert state.open_now is False and state.open_today is False
    assert state.text == "Seuraavan kerran ti 1.12. klo 8.00"


def test_open_past_midnight_counts_from_the_day_before():
    night = (rule(0, "22:00", "02:00"),)  # Monday night into Tuesday
    state = status(night, at(2026, 11, 24, 1, 0), "fi")
    assert state.open_now is True
    assert state.text == "Avoinna nyt · 22.00–2.00"
    after = status(night, at(2026, 11, 24, 3, 0), "fi")
    assert after.open_now is False
    assert after.text == "Seuraavan kerran ma 30.11. klo 22.00"


def test_sunday_night_opening_reaches_into_monday_across_the_week_boundary():
    rules = (rule(6, "22:00", "01:00"), rule(0, "09:00", "12:00"))
    monday_night = at(2026, 11, 30, 0, 30)
    assert status(rules, monday_night, "en").text == "Open now · 22:00–1:00"
    sunday_late = at(2026, 11, 29, 21, 0)
    assert status(rules, sunday_late, "fi").text == "Avautuu tänään klo 22.00"
    after = at(2026, 11, 30, 1, 30)
    assert status(rules, after, "fi").text == "Avautuu tänään klo 9.00"


def test_midnight_closing_is_written_24():
    state = status((rule(1, "20:00", "24:00"),), at(2026, 11, 24, 23, 0), "fi")
    assert state.text == "Avoinna nyt · 20.00–24.00"
    assert hours.format_hm("24:00", "en") == "24:00"


def test_valid_from_and_valid_to_are_honoured():
    ended = rule(1, "09:00", "11:00", valid_to=date(2026, 11, 23))
    starts = rule(1, "09:00", "11:00", valid_from=date(2026, 12, 1))
    assert status((ended,), TUESDAY, "fi").open_now is False
    assert status((ended, starts), TUESDAY, "fi").text == "Seuraavan kerran ti 1.12. klo 9.00"
    far = rule(1, "09:00", "11:00", valid_from=date(2027, 1, 5))
    state = status((far,), TUESDAY, "fi")
    assert state.text == "Ei aukioloaikoja kahden viikon sisällä"
    assert state.open_now is False and state.open_today is False


def test_a_closed_rule_cuts_its_day():
    rules = (
        rule(1, "09:00", "16:00"),
        rule(1, "00:00", "24:00", kind="closed", valid_from=date(2026, 11, 24), valid_to=date(2026, 11, 24)),
    )
    state = status(rules, TUESDAY, "fi")
    assert state.open_now is False and state.open_today is False
    assert state.text == "Seuraavan kerran ti 1.12. klo 9.00"
    lunch = (rule(1, "09:00", "16:00"), rule(1, "10:00", "11:00", kind="closed"))
    assert status(lunch, TUESDAY, "fi").text == "Avautuu tänään klo 11.00"


def test_by_appointment_is_never_open_now():
    now_booked = status((rule(1, "09:00", "11:00", kind="reservation"),), TUESDAY, "fi")
    assert now_booked.open_now is False and now_booked.open_today is False
    assert now_booked.text == "Ajanvarauksella tänään 9.00–11.00"
    later = status((rule(3, "10:00", "12:00", kind="reservation"),), TUESDAY, "sv")
    assert later.text == "Med tidsbokning tors 26.11. 10.00–12.00"
    assert status((rule(2, "10:00", "12:00", kind="reservation"),), TUESDAY, "en").text == (
        "By appointment tomorrow 10:00–12:00"
    )


def test_unknown_hours_are_unknown_not_closed():
    assert status((), TUESDAY, "fi") == UNKNOWN
    assert UNKNOWN.open_now is None and UNKNOWN.text is None
    assert open_today((), TUESDAY) is None


def test_events_use_their_start_and_end():
    start = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("UTC"))  # 17.00 in Helsinki
    end = datetime(2026, 11, 24, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert status((), TUESDAY, "fi", starts_at=start, ends_at=end).text == "Tänään klo 17.00"
    assert open_today((), TUESDAY, start, end) is True
    during = status((), at(2026, 11, 24, 18), "en", starts_at=start, ends_at=end)
    assert during.open_now is True and during.text == "On now · 17:00–19:00"
    later = status((), at(2026, 11, 20, 9), "fi", starts_at=start, ends_at=end)
    assert later.text == "ti 24.11. klo 17.00"
    past = status((), at(2026, 11, 25, 9), "sv", starts_at=start, ends_at=end)
    assert past.open_now is False and past.text == "Slutade 24.11."
    assert open_today((), at(2026, 11, 25, 9), start, end) is False


def test_weekly_lines_group_by_day_in_week_order():
    rules = (
        rule(2, "13:00", "15:00", kind="reservation"),
        rule(0, "13:00", "15:00"),
        rule(0, "09:00", "11:00"),
        rule(4, "10:00", "12:00", valid_to=date(2026, 11, 1)),  # ended: left out
        rule(5, "10:00", "14:00", valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 31)),
    )
    today = TUESDAY.date()
    assert weekly_lines(rules, "fi", today) == (
        "ma 9.00–11.00, 13.00–15.00",
        "ke 13.00–15.00 ajanvarauksella",
        "la 10.00–14.00 (1.12.–31.12.)",
    )
    assert weekly_lines(rules, "sv", today)[0] == "mån 9.00–11.00, 13.00–15.00"
    assert weekly_lines(rules, "en", today)[1] == "Wed 13:00–15:00 by appointment"
    assert weekly_lines((rule(6, "00:00", "24:00", kind="closed"),), "fi") == ("su suljettu",)
    assert weekly_lines((rule(3, "10:00", "12:00", valid_from=date(2026, 12, 1)),), "fi") == ("to 10.00–12.00 (1.12. alkaen)",)


def test_babel_formats_dates_and_days_per_language():
    day = date(2026, 10, 2)
    assert long_date(day, "fi") == "2.10.2026"
    assert long_date(day, "sv") == "2.10.2026"
    assert long_date(day, "en") == "2 Oct 2026"
    assert short_date(day, "en") == "2 Oct"
    assert [day_name(i, "fi") for i in range(7)] == ["ma", "ti", "ke", "to", "pe", "la", "su"]
    assert day_name(day, "sv") == "fre"
    assert hours.format_hm("09:05", "fi") == "9.05"
    assert hours.format_hm("09:05", "en") == "9:05"


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(i18n._catalogues, "fi", {"Open now · {hours}": "Avoinna nyt · {tunnit}"})
    assert status((rule(1, "09:00", "11:00"),), TUESDAY, "fi").text == "Open now · 9.00–11.00"
