"""What issue 9's faithful PTV records look like on the detail page, in fi, sv and en: holiday hours, odd and
even weeks, SMS numbers, a street only in Finnish (marked) — and that they survive the snapshot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from PySide6.QtWidgets import QLabel, QScrollArea, QScroller

from kiosk.cache import get_item, open_cache, write_items
from kiosk.cards import build_card, build_detail
from kiosk.holidays import holiday_date
from kiosk.hours import holiday_lines, weekly_lines
from kiosk.i18n import set_language
from kiosk.model import Location, OpeningRule, Organisation, Phone, TrayItem
from kiosk.programmes import load_programmes
from kiosk.serialize import from_dict, to_dict
from kiosk.session import Session
from kiosk.sources.base import FetchRequest, Region
from kiosk.sources.http import RetryPolicy
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.takehome.document import build_entry, item_link
from tests.fakeserver import FakeServer
from tests.ptv12_fake import BASE, TRAY_CLASSES, install_v12, location, make_dataset, uid, weekly
from tests.sync_helpers import catalogue_of
from tests.ui_support import demo_config
from ui.context import UiContext
from ui.pages.detail import ZWSP, DetailPage
from ui.widgets.card import ResultCard

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Helsinki"))  # a Tuesday, ISO week 49 (odd)


def _closed(day: date, name: str) -> OpeningRule:
    return OpeningRule(day.weekday(), "00:00", "24:00", "closed", day, day, holiday=name)


def _item() -> TrayItem:
    hours = (
        OpeningRule(1, "09:00", "12:00", weeks="odd"),
        OpeningRule(1, "13:00", "16:00", weeks="even"),
        OpeningRule(3, "09:00", "16:00"),
        OpeningRule(0, "10:00", "14:00", "open", date(2026, 12, 31), date(2026, 12, 31), holiday="NewYearEve"),
        _closed(date(2026, 12, 24), "ChristmasEve"),
        _closed(date(2026, 12, 25), "ChristmasDay"),
        _closed(date(2026, 12, 26), "SecondDayOfChristmas"),
    )
    place = Location(
        names={"fi": "Olohuone", "sv": "Vardagsrummet"},
        street={"fi": "Kauppakatu 1"},  # PTV has the street only in Finnish
        postal_code="87100",
        post_office={"fi": "KAJAANI", "sv": "KAJANA"},
        municipality="205",
        hours=hours,
        accessibility_details={"fi": "Sisäänkäynti: Ovi aukeaa automaattisesti.\nPysäköinti: Invapaikkoja on 2.",
                               "sv": "Ingång: Dörren öppnas automatiskt."},  # fmt: skip
    )
    phones = (
        Phone("+358 401234567", {"fi": "Kysy tekstiviestillä"}, kind="sms"),
        Phone("0800 12345", charge="free"),
    )
    org = Organisation({"fi": "Kajaanin kaupunki", "sv": "Kajana stad"}, "ptv:kajaani", "municipality")
    return TrayItem(id="ptv:olohuone", kind="service", names={"fi": "Olohuone", "sv": "Vardagsrum"}, source="ptv",
                    locations=(place,), phones=phones, organisation=org)  # fmt: skip


def test_the_new_fields_survive_the_snapshot(tmp_path: Path) -> None:
    item = _item()
    assert from_dict(to_dict(item)) == item
    db = open_cache(tmp_path / "cache.db")
    write_items(db, [item])
    assert get_item(db, item.id) == item
    # optional fields stay out of the JSON when not set: no cost for the usual rule and phone
    assert "weeks" not in to_dict(OpeningRule(0, "09:00", "10:00")) and "kind" not in to_dict(Phone("0800 12345"))


def test_detail_view_holds_holiday_lines_the_street_language_and_sms() -> None:
    sv = build_detail(_item(), "sv", NOW)
    (place,) = sv.locations
    assert place.address == "Kauppakatu 1, 87100 KAJANA" and place.address_lang == "fi"
    assert place.holidays == ("Stängt 24.–26.12.", "På nyårsafton 10.00–14.00")
    assert place.hours == ("tis 9.00–12.00 (udda veckor), 13.00–16.00 (jämna veckor)", "tors 9.00–16.00")
    assert [p.sms for p in sv.phones] == [True, False]
    assert build_card(_item(), "sv", NOW, None).phone == "0800 12345"  # a card offers a number to call
    assert build_detail(_item(), "fi", NOW).locations[0].address_lang is None
    assert build_detail(_item(), "en", NOW).locations[0].address_lang is None  # no street has an English name


@pytest.fixture
def page(qtbot, tmp_path, tmp_path_factory):
    ctx = UiContext(config=demo_config(tmp_path, tmp_path_factory), session=Session())
    p = DetailPage(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 1600)
    p.show()
    for area in p.findChildren(QScrollArea):
        QScroller.ungrabGesture(area.viewport())
    yield p
    set_language("fi")


@pytest.mark.parametrize(
    ("lang", "address", "holidays", "sms"),
    [
        ("fi", "Kauppakatu 1, 87100 KAJAANI", ("Suljettu 24.–26.12.", "Uudenvuodenaattona 10.00–14.00"), "Vain tekstiviestit"),
        ("sv", "Kauppakatu 1, 87100 KAJANA (på finska)", ("Stängt 24.–26.12.", "På nyårsafton 10.00–14.00"),
         "Endast textmeddelanden"),
        ("en", "Kauppakatu 1, 87100 KAJAANI", ("Closed 24–26 Dec", "New Year's Eve 10:00–14:00"),
         "Text messages only"),
    ],
)  # fmt: skip
def test_detail_page_shows_them_in_each_language(page, lang, address, holidays, sms) -> None:
    set_language(lang)
    page.ctx.session.language = lang
    page.show_detail(build_detail(_item(), lang, NOW), False)
    shown = {label.objectName(): label.text().replace(ZWSP, "") for label in page.findChildren(QLabel)}
    assert shown["address-0"] == address
    assert (shown["holiday-0-0"], shown["holiday-0-1"]) == holidays
    assert shown["phone-0"] == "+358 401234567" and shown["phone-0-0"] == sms
    access = {"fi": ("Esteettömyys", "Sisäänkäynti: Ovi aukeaa automaattisesti."),
              "sv": ("Tillgänglighet", "Ingång: Dörren öppnas automatiskt."),
              "en": ("Accessibility (in Finnish)", "Sisäänkäynti: Ovi aukeaa automaattisesti.")}[lang]  # fmt: skip
    assert (shown["access-title-0"], shown["access-0-0"]) == access
    organiser = {"fi": "Kajaanin kaupunki · kunta", "sv": "Kajana stad · kommun", "en": "Kajaanin kaupunki · municipality"}
    assert shown["detail-organiser"] == organiser[lang]
    assert "phone-1-0" not in shown or shown["phone-1-0"] != sms  # only the SMS number says so


def test_a_detailed_card_marks_a_street_only_in_finnish(qtbot) -> None:
    set_language("sv")
    try:
        card = ResultCard(build_card(_item(), "sv", NOW, None), in_list=True, detailed=True)
        qtbot.addWidget(card)
        shown = [label.text() for label in card.findChildren(QLabel)]
        assert "Kauppakatu 1, 87100 KAJANA (på finska)" in shown
    finally:
        set_language("fi")
    card = ResultCard(build_card(_item(), "fi", NOW, None), in_list=True, detailed=True)
    qtbot.addWidget(card)
    assert "Kauppakatu 1, 87100 KAJAANI" in [label.text() for label in card.findChildren(QLabel)]


def test_v12_holiday_hours_odd_weeks_and_sms_through_a_sync_and_the_snapshot(tmp_path: Path) -> None:
    """From the v12 fake server (real shapes) through a real snapshot file to the detail page's lines."""
    ds = make_dataset(3)
    sid, chid = uid(1, 0), uid(2, 0)
    odd = {**weekly("09:00", "12:00", ("tuesday",)), "weeklyHours": {"tuesday": {"hours": [
        {"start": "09:00", "end": "12:00", "openingStatus": "Open", "repetition": "OddWeeks", "additionalInformation": {}}]}}}  # fmt: skip
    ds.channels[chid] = location(
        chid, ds.services[sid]["organizationContentId"], "205", names={"fi": "Olohuone"}, street={"fi": "Katu"},
        detail="5", postal="87100", published=ds.channels[chid]["publishedAt"], hours=[odd],
    )  # fmt: skip
    ds.channels[chid]["serviceHours"]["holidayServiceHours"] = {
        "repetition": {"type": "RepetitionEveryYear"},
        "holidays": [
            {"holidayName": "ChristmasEve", "hours": []},
            {"holidayName": "MidsummerEve", "hours": [
                {"start": "10:00", "end": "14:00", "openingStatus": "Open", "additionalInformation": {}}]},
        ],
    }  # fmt: skip
    phone_channels = [c for (s, c) in ds.connections if s == sid and ds.channels[c]["serviceChannelType"] == "TelephoneService"]
    for version in ds.channels[phone_channels[0]]["languageVersions"].values():
        version["phoneNumbers"].append({"type": "Sms", "dialCode": "+358", "number": "401234567", "chargeType": "Charged",
                                        "chargeDescription": None, "additionalInformation": None})  # fmt: skip
    with FakeServer() as server:
        install_v12(server, ds)
        with httpx.Client(timeout=5) as client:
            source = Ptv12Source(server.url + BASE, "KEY", retry=RetryPolicy(attempts=2, backoff_s=0.0, sleep=lambda s: None))
            result = source.fetch(client, FetchRequest(Region("Kainuu", ("205", "765", "290"), "205"),
                                                       areas=catalogue_of(TRAY_CLASSES)))  # fmt: skip
    db = open_cache(tmp_path / "tray.db")
    write_items(db, list(result.items))
    item = get_item(db, f"ptv:{sid}")
    assert item is not None
    today = date.today()
    christmas = holiday_date("ChristmasEve", today.year)
    christmas = christmas if christmas and christmas >= today else holiday_date("ChristmasEve", today.year + 1)
    midsummer = holiday_date("MidsummerEve", today.year)
    midsummer = midsummer if midsummer and midsummer >= today else holiday_date("MidsummerEve", today.year + 1)
    assert christmas and midsummer
    (place,) = item.locations
    assert holiday_lines(place.hours, "fi", christmas - timedelta(days=5)) == (
        f"Suljettu {christmas.day}.{christmas.month}.",
    )
    assert holiday_lines(place.hours, "sv", midsummer - timedelta(days=5)) == ("På midsommarafton 10.00–14.00",)
    assert weekly_lines(place.hours, "en") == ("Tue 9:00–12:00 (odd weeks)",)
    assert [(p.number, p.kind) for p in item.phones if p.kind == "sms"] == [("+358 401234567", "sms")]
    assert item.phones[0].kind is None


def test_the_take_home_list_says_which_number_is_for_text_messages_and_never_links_it_as_a_call() -> None:
    entry = build_entry(_item(), 1, lang="sv", now=NOW, template=None, discreet=False, programmes=load_programmes())
    assert entry.phones == ("+358 401234567 (Endast textmeddelanden, Kysy tekstiviestillä)", "0800 12345")
    assert item_link(_item(), None, False) == "tel:080012345"
    only_sms = replace(_item(), phones=(Phone("+358 401234567", kind="sms"),))
    assert item_link(only_sms, None, False) is None
