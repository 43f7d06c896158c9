"""Mapping tests from fixtures in the shapes real PTV v11 records have (issue 9, "Faithful to real PTV records").

Each fixture is a small dict copied in shape (not in content) from public v11 captures.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.hours import status, weekly_lines
from kiosk.sources.ptv11_map import Notes, channel_parts, map_service, opening_rules, phones
from tests.ptv11_fake import guid, service

HELSINKI = ZoneInfo("Europe/Helsinki")


def _svc(**changes: Any) -> dict[str, Any]:
    svc = service(guid("svc", 1), "Kuntosali", codes=("905",), name_sv="Gym")
    svc.update(changes)
    return svc


def test_organisation_name_as_plain_string_is_finnish_not_the_services_first_language():
    # real v11: "organization": {"id": …, "name": "Vaasan kaupunki"} — one string, the Finnish name
    svc = _svc(languages=["sv", "fi"])
    svc["organizations"] = [
        {"organization": {"id": guid("org", "vaasa"), "name": "Vaasan kaupunki"}, "roleType": "Responsible"}
    ]
    item = map_service(svc, {}, source="ptv11", notes=Notes())
    assert item.organisation is not None
    assert item.organisation.names == {"fi": "Vaasan kaupunki"}


def test_organisation_name_as_localized_list_keeps_its_languages():
    svc = _svc()
    svc["organizations"] = [
        {
            "organization": {
                "id": guid("org", "vaasa"),
                "name": [{"language": "fi", "value": "Vaasan kaupunki"}, {"language": "sv", "value": "Vasa stad"}],
            },
            "roleType": "Responsible",
        }
    ]
    item = map_service(svc, {}, source="ptv11", notes=Notes())
    assert item.organisation is not None
    assert item.organisation.names == {"fi": "Vaasan kaupunki", "sv": "Vasa stad"}


# --- opening hours of every kind -------------------------------------------------------------------------

_WEEKLY = {
    "serviceHourType": "DaysOfTheWeek",
    "validFrom": None,
    "validTo": None,
    "isClosed": False,
    "validForNow": True,
    "isAlwaysOpen": False,
    "isReservation": False,
    "additionalInformation": [],
    # real v11: a one-day entry has "dayTo": "" (an empty string, not null)
    "openingHour": [{"dayFrom": "Monday", "dayTo": "", "from": "09:00:00", "to": "16:00:00", "isExtra": False}],
}
_CHRISTMAS = {
    "serviceHourType": "Exceptional",
    "validFrom": "2026-12-24T00:00:00",
    "validTo": "2026-12-26T00:00:00",
    "isClosed": True,
    "validForNow": False,
    "isAlwaysOpen": False,
    "isReservation": False,
    "additionalInformation": [{"value": "Joulu", "language": "fi"}],
    "openingHour": [],
}
_ONE_SUNDAY = {  # a one-off open date: Exceptional with validFrom only
    "serviceHourType": "Exceptional",
    "validFrom": "2026-12-13T00:00:00",
    "validTo": None,
    "isClosed": False,
    "validForNow": False,
    "isAlwaysOpen": False,
    "isReservation": False,
    "additionalInformation": [{"value": "Joulumyyjäiset", "language": "fi"}],
    "openingHour": [{"dayFrom": "Sunday", "dayTo": "", "from": "10:00:00", "to": "14:00:00", "isExtra": False}],
}
_NIGHT = {
    "serviceHourType": "OverMidnight",
    "validFrom": None,
    "validTo": None,
    "isClosed": False,
    "validForNow": True,
    "isAlwaysOpen": False,
    "isReservation": False,
    "additionalInformation": [],
    "openingHour": [{"dayFrom": "Friday", "dayTo": "Saturday", "from": "22:00:00", "to": "04:00:00", "isExtra": False}],
}
_CLOSED_SUNDAYS = {
    "serviceHourType": "DaysOfTheWeek",
    "validFrom": None,
    "validTo": None,
    "isClosed": True,
    "validForNow": True,
    "isAlwaysOpen": False,
    "isReservation": False,
    "additionalInformation": [],
    "openingHour": [{"dayFrom": "Sunday", "dayTo": "", "from": "00:00:00", "to": "00:00:00", "isExtra": False}],
}


def _rules(*entries: dict[str, Any]):
    notes = Notes()
    rules = opening_rules(list(entries), "serviceHours", notes, "x")
    return rules, notes


def test_day_to_as_empty_string_is_read_as_none():
    rules, notes = _rules(_WEEKLY)
    assert [(r.weekday, r.opens, r.closes, r.kind) for r in rules] == [(0, "09:00", "16:00", "open")]
    assert not notes.warnings


def test_exceptional_holiday_closure_is_kept_as_closure_for_its_dates():
    rules, _ = _rules(_WEEKLY, _CHRISTMAS)
    closed = [r for r in rules if r.kind == "closed"]
    # 24.–26.12.2026 is Thursday–Saturday
    assert sorted(r.weekday for r in closed) == [3, 4, 5]
    assert all((r.valid_from, r.valid_to) == (date(2026, 12, 24), date(2026, 12, 26)) for r in closed)
    assert all(r.notes == {"fi": "Joulu"} for r in closed)
    lines = weekly_lines(rules, "fi")
    assert any("suljettu (24.12.–26.12.)" in line.lower() for line in lines), lines
    # on Christmas Eve the place says it is not open; the weekly Monday hours are untouched
    eve = datetime(2026, 12, 24, 12, 0, tzinfo=HELSINKI)
    assert status(rules, eve, "fi").open_now is False
    monday = datetime(2026, 12, 21, 12, 0, tzinfo=HELSINKI)
    assert status(rules, monday, "fi").open_now is True


def test_exceptional_one_off_date_opens_that_day_only():
    rules, _ = _rules(_WEEKLY, _ONE_SUNDAY)
    sunday = [r for r in rules if r.weekday == 6]
    assert [(r.opens, r.closes, r.valid_from, r.valid_to) for r in sunday] == [
        ("10:00", "14:00", date(2026, 12, 13), date(2026, 12, 13))
    ]
    assert status(rules, datetime(2026, 12, 13, 11, 0, tzinfo=HELSINKI), "fi").open_now is True
    assert status(rules, datetime(2026, 12, 20, 11, 0, tzinfo=HELSINKI), "fi").open_now is False


def test_over_midnight_is_one_opening_from_friday_evening():
    rules, _ = _rules(_NIGHT)
    assert [(r.weekday, r.opens, r.closes) for r in rules] == [(4, "22:00", "04:00")]
    saturday_night = datetime(2026, 12, 12, 2, 0, tzinfo=HELSINKI)  # Saturday 02:00
    shown = status(rules, saturday_night, "fi")
    assert shown.open_now is True
    assert shown.text is not None and "22.00–4.00" in shown.text.replace("04.00", "4.00")
    assert status(rules, datetime(2026, 12, 12, 23, 0, tzinfo=HELSINKI), "fi").open_now is False


def test_closed_weekly_entry_is_a_closure_not_dropped():
    always = dict(_WEEKLY, isAlwaysOpen=True, openingHour=[])
    rules, _ = _rules(always, _CLOSED_SUNDAYS)
    assert [(r.weekday, r.kind) for r in rules if r.kind == "closed"] == [(6, "closed")]
    assert status(rules, datetime(2026, 12, 13, 12, 0, tzinfo=HELSINKI), "fi").open_now is False
    assert status(rules, datetime(2026, 12, 12, 12, 0, tzinfo=HELSINKI), "fi").open_now is True


# --- phones ------------------------------------------------------------------------------------------------


def _phone(number: str | None, lang: str, info: str | None, type_: str | None = "Phone") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "additionalInformation": info,
        "serviceChargeType": "Chargeable",
        "chargeDescription": None,
        "prefixNumber": "+358",
        "isFinnishServiceNumber": False,
        "number": number,
        "language": lang,
    }
    if type_ is not None:
        entry["type"] = type_
    return entry


def test_same_number_per_language_is_one_phone_with_notes_per_language():
    channel = {
        "phoneNumbers": [
            _phone("401234567", "fi", "Ajanvaraus"),
            _phone("401234567", "sv", "Tidsbokning"),
            _phone("401234567", "en", None),
            # real v11: a fax listed among the numbers, with no number at all
            _phone(None, "fi", None, "Fax"),
        ]
    }
    (one,) = phones(channel)
    assert one.number == "+358 401234567"
    assert one.info == {"fi": "Ajanvaraus", "sv": "Tidsbokning"}


def test_support_phones_without_a_type_are_read():
    channel = {"supportPhones": [{k: v for k, v in _phone("0295000", "fi", "Tuki", None).items() if k != "type"}]}
    (one,) = phones(channel)
    assert one.number == "+358 0295000" and one.info == {"fi": "Tuki"}


def test_an_sms_number_is_kept_apart_from_the_same_number_to_call():
    channel = {
        "phoneNumbers": [
            _phone("401234567", "fi", "Tekstiviestit", "Sms"),
            _phone("401234567", "fi", "Puhelut"),
            _phone("401234567", "sv", "Textmeddelanden", "Sms"),
        ]
    }
    call, sms = phones(channel)  # numbers to call first
    assert (call.number, call.kind, call.info) == ("+358 401234567", None, {"fi": "Puhelut"})
    assert (sms.number, sms.kind) == ("+358 401234567", "sms")
    assert sms.info == {"fi": "Tekstiviestit", "sv": "Textmeddelanden"}


# --- addresses ---------------------------------------------------------------------------------------------


def _street(street_fi: str, number: str, code: str) -> dict[str, Any]:
    return {
        "street": [{"value": street_fi, "language": "fi"}],
        "streetNumber": number,
        "postalCode": code,
        "postOffice": [{"value": "VAASA", "language": "fi"}, {"value": "VASA", "language": "sv"}],
        "municipality": {"code": "905", "name": [{"value": "Vaasa", "language": "fi"}]},
        "latitude": None,
        "longitude": None,
        "coordinateState": "NotReceived",
    }


def test_every_visiting_address_and_never_the_po_box():
    channel = {
        "id": guid("ch", "addresses"),
        "serviceChannelType": "ServiceLocation",
        "serviceChannelNames": [{"value": "Uimahalli", "language": "fi", "type": "Name"}],
        "addresses": [
            {
                "type": "Postal",
                "subType": "PostOfficeBox",
                "postOfficeBoxAddress": {"postOfficeBox": [{"value": "PL 3", "language": "fi"}], "postalCode": "65101"},
                "streetAddress": None,
            },
            {"type": "Location", "subType": "Single", "streetAddress": _street("Kirkkopuistikko", "24", "65100")},
            {"type": "Location", "subType": "Single", "streetAddress": _street("Hietasaarentie", "2", "65170")},
            {"type": "Postal", "subType": "Street", "streetAddress": _street("Postikatu", "1", "65100")},
        ],
        "serviceHours": [],
        "phoneNumbers": [],
        "emails": [],
        "webPages": [],
        "services": [],
    }
    parts = channel_parts(channel, Notes())
    assert [(p.street, p.postal_code) for p in parts.locations] == [
        ({"fi": "Kirkkopuistikko 24"}, "65100"),
        ({"fi": "Hietasaarentie 2"}, "65170"),
    ]
    svc = _svc(serviceChannels=[{"serviceChannel": {"id": channel["id"]}}])
    item = map_service(svc, {channel["id"].lower(): parts}, source="ptv11", notes=Notes())
    assert [p.street.get("fi") for p in item.locations] == ["Kirkkopuistikko 24", "Hietasaarentie 2"]


def _said(**per_lang: str) -> list[dict[str, str]]:
    return [{"value": text, "language": lang} for lang, text in per_lang.items()]


def test_accessibility_sentences_of_the_entrances_are_kept_per_language():
    side_door = {
        "name": _said(fi="Sivuovi"),
        "isMainEntrance": False,
        "coordinates": {"latitude": None, "longitude": None},
        "contactInfo": None,
        "accessibilitySentences": [
            {"sentenceGroup": _said(fi="Sivuovi"), "sentences": [{"sentence": _said(fi="Ovessa on kynnys.")}]}
        ],
    }
    main_door = {
        "name": _said(fi="Pääovi", sv="Huvudingång"),
        "isMainEntrance": True,
        "coordinates": {"latitude": "7004000", "longitude": "230000"},
        "contactInfo": {"phone": None, "email": None, "url": None},
        "accessibilitySentences": [
            {
                "sentenceGroup": _said(fi="Sisäänkäynti", sv="Ingång"),
                "sentences": [
                    {"sentence": _said(fi="Ovi aukeaa automaattisesti.", sv="Dörren öppnas automatiskt.")},
                    {"sentence": _said(fi="<b>Luiskan</b> kaltevuus on 5 %.", sv="Rampens lutning är 5 %.")},
                ],
            },
            {"sentenceGroup": _said(fi="Pysäköinti"), "sentences": [{"sentence": _said(fi="Invapaikkoja on 2.")}]},
            {"sentenceGroup": None, "sentences": "not a list"},  # malformed: passed over
        ],
    }
    address = {"type": "Location", "subType": "Single", "streetAddress": _street("Kirkkopuistikko", "24", "65100"),
               "entrances": [side_door, main_door]}  # fmt: skip
    channel = {"id": guid("ch", "access"), "serviceChannelType": "ServiceLocation",
               "serviceChannelNames": [{"value": "Uimahalli", "language": "fi", "type": "Name"}],
               "addresses": [address], "serviceHours": []}  # fmt: skip
    (place,) = channel_parts(channel, Notes()).locations
    assert place.accessibility_details == {
        "fi": "Sisäänkäynti: Ovi aukeaa automaattisesti. Luiskan kaltevuus on 5 %.\n"
        "Pysäköinti: Invapaikkoja on 2.\nSivuovi: Ovessa on kynnys.",
        "sv": "Ingång: Dörren öppnas automatiskt. Rampens lutning är 5 %.",
    }
    address["entrances"] = "garbage"
    (place,) = channel_parts(channel, Notes()).locations
    assert place.accessibility_details == {} and place.street == {"fi": "Kirkkopuistikko 24"}


# --- connection-level data -----------------------------------------------------------------------------------


def test_connection_hours_and_contact_details_override_and_extend_the_channels():
    cid = guid("ch", "conn")
    channel = {
        "id": cid,
        "serviceChannelType": "ServiceLocation",
        "serviceChannelNames": [{"value": "Kirjasto", "language": "fi", "type": "Name"}],
        "addresses": [
            {"type": "Location", "subType": "Single", "streetAddress": _street("Kirjastokatu", "1", "65100")}
        ],
        "serviceHours": [_WEEKLY],
        "phoneNumbers": [_phone("61234567", "fi", "Neuvonta")],
        "emails": [{"value": "kirjasto@example.fi", "language": "fi"}],
        "webPages": [],
        "services": [],
    }
    connection_hours = dict(
        _WEEKLY,
        openingHour=[{"dayFrom": "Tuesday", "dayTo": "", "from": "12:00:00", "to": "14:00:00", "isExtra": False}],
    )
    svc = _svc(
        serviceChannels=[
            {
                "serviceChannel": {"id": cid, "name": "Kirjasto"},
                "description": [],
                "serviceChargeType": None,
                "serviceHours": [connection_hours],
                "contactDetails": {
                    "emails": [{"value": "lukupiiri@example.fi", "language": "fi"}],
                    "phoneNumbers": [_phone("61234567", "sv", "Rådgivning"), _phone("407654321", "fi", "Vetäjä")],
                    "webPages": [{"url": "https://example.fi/lukupiiri", "value": "Lukupiiri", "language": "fi"}],
                    "postalAddresses": [],
                },
            }
        ]
    )
    item = map_service(svc, {cid.lower(): channel_parts(channel, Notes())}, source="ptv11", notes=Notes())
    (place,) = item.locations
    assert [(r.weekday, r.opens, r.closes) for r in place.hours] == [(1, "12:00", "14:00")]
    assert [(p.number, p.info) for p in item.phones] == [
        ("+358 61234567", {"sv": "Rådgivning", "fi": "Neuvonta"}),
        ("+358 407654321", {"fi": "Vetäjä"}),
    ]
    assert item.emails == ("lukupiiri@example.fi", "kirjasto@example.fi")
    assert [w.url for w in item.web] == ["https://example.fi/lukupiiri"]


def test_a_connection_without_its_own_data_keeps_the_channels():
    cid = guid("ch", "plain")
    channel = {
        "id": cid,
        "serviceChannelType": "ServiceLocation",
        "serviceChannelNames": [{"value": "Kirjasto", "language": "fi", "type": "Name"}],
        "addresses": [],
        "serviceHours": [_WEEKLY],
        "phoneNumbers": [],
        "emails": [],
        "webPages": [],
        "services": [],
    }
    svc = _svc(serviceChannels=[{"serviceChannel": {"id": cid}, "serviceHours": [], "contactDetails": None}])
    item = map_service(svc, {cid.lower(): channel_parts(channel, Notes())}, source="ptv11", notes=Notes())
    assert [(r.weekday, r.opens) for r in item.locations[0].hours] == [(0, "09:00")]


# --- texts ---------------------------------------------------------------------------------------------------


def test_user_instruction_is_kept_as_a_section_and_alternative_name_is_a_keyword():
    svc = _svc(alternative=None)
    svc["serviceNames"].append({"value": "Kuntosalivuoro", "language": "fi", "type": "AlternativeName"})
    svc["serviceDescriptions"] += [
        {"value": "Varaa vuoro kirjastosta.", "language": "fi", "type": "UserInstruction"},
        {"value": "Boka tid på biblioteket.", "language": "sv", "type": "UserInstruction"},
    ]
    item = map_service(svc, {}, source="ptv11", notes=Notes())
    assert item.descriptions["fi"].endswith("\n\nNäin pääset mukaan:\nVaraa vuoro kirjastosta.")
    assert item.descriptions["fi"].startswith("Kuvaus.")
    assert item.descriptions["sv"] == "Så här kommer du med:\nBoka tid på biblioteket."
    assert "Kuntosalivuoro" in item.keywords.get("fi", ())
