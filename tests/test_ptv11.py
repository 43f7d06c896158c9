"""PTV v11 source against a real local server speaking the v11 shape (tests/ptv11_fake.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from kiosk.sources.base import FetchRequest, Region, SourceError
from kiosk.sources.http import FetchError, RetryPolicy
from kiosk.sources.ptv11 import Ptv11Source
from tests.fakeserver import FakeServer, Fault, Reply
from tests.ptv11_fake import (
    KAINUU,
    PREFIX,
    V11Dataset,
    guid,
    install_v11,
    location_channel,
    make_dataset,
    service,
    weekly_hours,
)
from tests.sync_helpers import catalogue_of

T0 = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
REGION = Region("Kainuu", KAINUU, "205")
CLASSES = ("P27.1", "P25.1", "P5.7")


def _source(server: FakeServer, now: datetime = T0, **kw: object) -> Ptv11Source:
    return Ptv11Source(
        server.url + PREFIX,
        retry=RetryPolicy(attempts=3, backoff_s=0.0, sleep=lambda s: None),
        clock=lambda: now,
        **kw,  # type: ignore[arg-type]
    )


def _full(server: FakeServer, now: datetime = T0, classes: tuple[str, ...] = CLASSES, **kw: object):
    with httpx.Client(timeout=5) as client:
        return _source(server, now, **kw).fetch(client, FetchRequest(REGION, areas=catalogue_of(classes)))


def _incremental(server: FakeServer, cursor: str, now: datetime = T1):
    with httpx.Client(timeout=5) as client:
        return _source(server, now).fetch(
            client, FetchRequest(REGION, cursor=cursor, full=False, areas=catalogue_of(CLASSES))
        )


@pytest.fixture
def ds() -> V11Dataset:
    return make_dataset(per_municipality=3, page_size=2)


@pytest.fixture(scope="module")
def _shared_server():
    with FakeServer() as srv:  # one server for the module: stopping one takes half a second
        yield srv


@pytest.fixture
def server(_shared_server: FakeServer, ds: V11Dataset):
    _shared_server.routes.clear()
    _shared_server.faults.clear()
    _shared_server.log.clear()
    install_v11(_shared_server, ds)
    return _shared_server


def _by_id(result, sid: str):
    return {item.id: item for item in result.items}[f"ptv:{sid}"]


def _add(ds: V11Dataset, server: FakeServer, svc: dict, *channels: dict) -> str:
    sid = ds.add_service(svc)
    for ch in channels:
        ds.add_channel(ch)
        ds.connect(sid, ch["id"])
    install_v11(server, ds)
    return sid


# --- full sync ----------------------------------------------------------------------------------------


def test_full_sync_reads_every_page_and_keeps_the_region(server, ds):
    result = _full(server)
    ids = {item.id for item in result.items}
    region_services = {f"ptv:{guid('svc', c, i)}" for c in KAINUU for i in range(3)}
    assert region_services <= ids
    assert f"ptv:{guid('svc', 'nation', 'sport')}" in ids  # nationwide, class P27.1.2 under P27.1
    assert f"ptv:{guid('svc', 'nation', 'tax')}" not in ids  # nationwide, unclassified
    assert not any(f"ptv:{guid('svc', '091', i)}" in ids for i in range(3))
    assert ids == region_services | {f"ptv:{guid('svc', 'nation', 'sport')}"}
    assert result.full and result.deleted == frozenset()
    assert result.cursor == "2025-06-01T12:00:00"
    assert result.warnings == ()
    # page size 2: Kajaani has 3 services + 2 nationwide = 5 → pages 1, 2, 3
    pages = [q["page"][0] for q in server.requests_to(f"{PREFIX}Service/list/area/Municipality/code/205")]
    assert pages == ["1", "2", "3"]
    assert all(
        q["includeWholeCountry"] == ["true"] for q in server.requests_to(f"{PREFIX}Service/list/area/Municipality")
    )
    assert result.requests == len(server.log)


def test_mapping_of_a_regional_service(server, ds):
    item = _by_id(_full(server), guid("svc", "205", 0))
    assert item.kind == "service" and item.source == "ptv11"
    assert item.names == {"fi": "Kuntosali Kajaani 1", "sv": "Kuntosali sv Kajaani 1"}
    assert item.summaries == {"fi": "Lyhyt kuvaus."}
    assert item.descriptions == {"fi": "Kuvaus.\n* kohta 1\n* kohta 2"}
    assert item.service_classes == ("P27.1",) and item.target_groups == ("KR1",)
    # keywords, then the alternative name, then the ontology term's labels
    assert item.keywords == {
        "fi": ("hyvinvointi", "Kuntosalivuoro", "kuntosaliharjoittelu"), "sv": ("välbefinnande", "gymträning"),
        "en": ("gym training",),
    }
    assert item.names == {"fi": "Kuntosali Kajaani 1", "sv": "Kuntosali sv Kajaani 1"}  # not a name
    assert _by_id(_full(server), guid("svc", "205", 1)).keywords == {"fi": ("hyvinvointi",), "sv": ("välbefinnande",)}
    assert item.cost == "free" and item.funding == "PubliclyFunded"
    assert item.languages == ("fi", "sv") and item.areas == ("205",) and not item.nationwide
    # the organisation's own record (Organization/list), not the service's one-string "Kunta"
    assert item.organisation is not None
    assert item.organisation.names == {"fi": "Kajaanin kaupunki", "sv": "Kajana stad"}
    assert item.organisation.type == "municipality" and item.organisation.id == f"ptv:{guid('org', '205')}"
    assert item.online  # connected to the phone line and the web page
    assert item.modified == datetime(2025, 5, 1, 8, 0, tzinfo=UTC)
    assert item.fetched_at == T0
    (place,) = item.locations
    assert place.names == {"fi": "Kuntosalipiste Kajaani"}
    assert place.street == {"fi": "Kauppakatu 1", "sv": "Kauppakatun 1"}
    assert place.postal_code == "87100" and place.post_office == {"fi": "KAJAANI", "sv": "KAJANA"}
    assert place.municipality == "205"
    numbers = [p.number for p in item.phones]
    assert "0800 12345" in numbers and any(n.startswith("+358 8 6155") for n in numbers)
    line = next(p for p in item.phones if p.number == "0800 12345")
    assert line.charge == "charged" and line.charge_info == {"fi": "Puhelun hinta pvm/mpm"}
    assert [(h.weekday, h.opens, h.closes) for h in line.hours] == [(d, "00:00", "24:00") for d in range(7)]
    assert item.emails == ("info.205@example.fi", "tuki@example.fi")  # `emails` and `supportEmails`
    assert [w.url for w in item.web] == ["https://example.fi/palvelu"]


def test_coordinates_arrive_as_strings_and_become_floats(server, ds):
    (place,) = _by_id(_full(server), guid("svc", "765", 1)).locations
    assert place.northing == 7114000.0 and place.easting == 575000.0  # latitude = northing, longitude = easting


def test_bad_coordinates_are_skipped_not_the_item(server, ds):
    bad = {
        "Failed": ("7124000.0", "541000.0"),
        "Ok": ("0", "0"),
        "EnteredByUser": ("abc", "541000"),
    }
    sids = {}
    for n, (state, coords) in enumerate(bad.items()):
        ch = location_channel(guid("ch", "bad", n), "205", f"Piste {n}", coords=coords, state=state)
        sids[state] = _add(ds, server, service(guid("svc", "bad", n), f"Palvelu {n}", codes=("205",)), ch)
    good = location_channel(guid("ch", "good"), "205", "Hyvä", coords=("7124500,5", "541500.25"), state="EnteredByAR")
    good_sid = _add(ds, server, service(guid("svc", "good"), "Hyvä palvelu", codes=("205",)), good)
    result = _full(server)
    for state, sid in sids.items():
        (place,) = _by_id(result, sid).locations
        assert place.easting is None and place.northing is None, state
        assert place.street == {"fi": "Kauppakatu 1", "sv": "Kauppakatun 1"}
    assert any(guid("ch", "bad", 0) in w and "coordinateState" in w for w in result.warnings)
    (place,) = _by_id(result, good_sid).locations
    assert (place.easting, place.northing) == (541500.25, 7124500.5)


def test_opening_hours_from_hh_mm_ss(server, ds):
    hours = [
        weekly_hours(("Monday", "Wednesday", "09:00:00", "15:30:00"), ("Friday", None, "18:00:00", "00:00:00")),
        weekly_hours(("Sunday", None, "10:00:00", "12:00:00"), closed=True),
        weekly_hours(("Thursday", "Thursday", "12:00:00", "13:00:00"), reservation=True),
        weekly_hours(("Caturday", None, "10:00", "11:00")),
    ]
    ch = location_channel(guid("ch", "hours"), "290", "Aukioloajat", hours=hours)
    sid = _add(ds, server, service(guid("svc", "hours"), "Aukioloajat", codes=("290",)), ch)
    result = _full(server)
    (place,) = _by_id(result, sid).locations
    got = [(r.weekday, r.opens, r.closes, r.kind) for r in place.hours]
    assert got == [
        (0, "09:00", "15:30", "open"),
        (1, "09:00", "15:30", "open"),
        (2, "09:00", "15:30", "open"),
        (4, "18:00", "24:00", "open"),
        (6, "10:00", "12:00", "closed"),  # a closed entry is kept as a closure (issue 9)
        (3, "12:00", "13:00", "reservation"),
    ]
    assert any(guid("ch", "hours") in w and "openingHour" in w for w in result.warnings)
    default = _by_id(result, guid("svc", "205", 0)).locations[0].hours
    assert [(r.weekday, r.opens, r.closes) for r in default][-1] == (5, "10:00", "14:00")
    assert len(default) == 6


def test_exceptional_and_over_midnight_hours_as_real_records_have_them(server, ds):
    """Real v11 shapes: a Christmas closure and a one-off opening (`Exceptional`, holiday name in
    additionalInformation), a Friday night café (`OverMidnight`, Fri 22:00 → Sat 04:00) and `"dayTo": ""`."""
    from kiosk import hours as hoursmod

    weekly = weekly_hours(("Monday", "", "09:00:00", "16:00:00"))
    night = weekly_hours(("Friday", "Saturday", "22:00:00", "04:00:00"))
    night["serviceHourType"] = "OverMidnight"
    christmas = {
        "serviceHourType": "Exceptional", "validFrom": "2026-12-24T00:00:00", "validTo": "2026-12-26T00:00:00",
        "isClosed": True, "validForNow": False, "isAlwaysOpen": False, "isReservation": False,
        "additionalInformation": [{"language": "fi", "value": "Joulu"}], "openingHour": [],
    }
    sunday_open = {
        "serviceHourType": "Exceptional", "validFrom": "2026-12-06T00:00:00", "validTo": None,
        "isClosed": False, "validForNow": False, "isAlwaysOpen": False, "isReservation": False,
        "additionalInformation": [{"language": "fi", "value": "Itsenäisyyspäivä"}],
        "openingHour": [{"dayFrom": "Sunday", "dayTo": "", "from": "12:00:00", "to": "15:00:00"}],
    }
    ch = location_channel(guid("ch", "exc"), "290", "Poikkeukset", hours=[weekly, night, christmas, sunday_open])
    sid = _add(ds, server, service(guid("svc", "exc"), "Poikkeusajat", codes=("290",)), ch)
    (place,) = _by_id(_full(server), sid).locations
    got = [(r.weekday, r.opens, r.closes, r.kind, r.valid_from and r.valid_from.isoformat()) for r in place.hours]
    assert got[:2] == [(0, "09:00", "16:00", "open", None), (4, "22:00", "04:00", "open", None)]
    closed = [r for r in place.hours if r.kind == "closed"]
    assert sorted(r.weekday for r in closed) == [3, 4, 5]  # Thu 24 – Sat 26 December
    assert all(r.notes == {"fi": "Joulu"} for r in closed)
    assert (6, "12:00", "15:00", "open", "2026-12-06") in got
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Helsinki")
    # the Friday on Christmas is closed all day; the Friday before is open until 04 on Saturday
    assert hoursmod.open_today(place.hours, datetime(2026, 12, 25, 23, 0, tzinfo=tz)) is not True
    assert hoursmod.open_today(place.hours, datetime(2026, 12, 19, 2, 0, tzinfo=tz)) is True
    lines = hoursmod.weekly_lines(place.hours, "fi", datetime(2026, 12, 1).date())
    assert any(line.startswith("pe") and "suljettu" in line for line in lines)


def test_one_number_per_language_becomes_one_phone_and_a_fax_without_number_is_skipped(server, ds):
    ch = location_channel(guid("ch", "ph"), "290", "Puhelimet")
    base = ch["phoneNumbers"][0]
    ch["phoneNumbers"] = [
        {**base, "number": "44 555 1234", "additionalInformation": "Neuvonta", "language": "fi"},
        {**base, "number": "44 555 1234", "additionalInformation": "Rådgivning", "language": "sv"},
        {**base, "type": "Fax", "number": None, "language": "fi"},
    ]
    ch["supportPhones"] = [{**base, "type": None, "number": "800 123 456", "additionalInformation": "Tuki"}]
    sid = _add(ds, server, service(guid("svc", "ph"), "Puhelimet", codes=("290",)), ch)
    item = _by_id(_full(server), sid)
    assert [p.number for p in item.phones] == ["+358 44 555 1234", "+358 800 123 456"]
    assert item.phones[0].info == {"fi": "Neuvonta", "sv": "Rådgivning"}


# --- faults -----------------------------------------------------------------------------------------------


def test_503_then_success(server, ds):
    server.add_fault(f"{PREFIX}Service/list/area", Fault("status", 503), times=2)
    result = _full(server)
    assert len(result.items) == 10


def test_truncated_json_then_success(server, ds):
    server.add_fault(f"{PREFIX}ServiceChannel/list/area", Fault("truncate"))
    server.add_fault(f"{PREFIX}Service/list/area", Fault("truncate"))
    assert len(_full(server).items) == 10


def test_a_page_that_keeps_failing_fails_the_run(server, ds):
    server.add_fault(f"{PREFIX}Service/list/area", Fault("status", 503), times=3)
    with pytest.raises(FetchError):
        _full(server)


def test_a_page_that_is_not_an_envelope_fails_the_run(server, ds):
    server.route(f"{PREFIX}Service/list/area/Municipality/code/205", lambda q: Reply.json({"oops": []}))
    with pytest.raises(SourceError, match="not a v11 page"):
        _full(server)


# --- untrusted records ------------------------------------------------------------------------------------


def test_wrong_types_skip_the_record_with_a_warning(server, ds):
    number_name = service(guid("svc", "w", 1), "x", codes=("205",))
    number_name["serviceNames"] = [{"language": "fi", "value": 42, "type": "Name"}]
    object_list = service(guid("svc", "w", 2), "Alueet objektina", codes=("205",))
    object_list["keywords"] = {"language": "fi", "value": "x"}
    no_name = service(guid("svc", "w", 3), "x", codes=("205",))
    del no_name["serviceNames"]
    bad_id = service("not-a-guid", "Ei tunnistetta", codes=("205",))
    bad_channel = location_channel(guid("ch", "w"), "205", "Rikki")
    bad_channel["addresses"] = {"type": "Location"}
    wrapped = service(guid("svc", "w", 4), "Ehjä palvelu rikkinäisellä kanavalla", codes=("205",))
    for svc in (number_name, object_list, no_name, bad_id):
        _add(ds, server, svc)
    ok_sid = _add(ds, server, wrapped, bad_channel)
    result = _full(server)
    ids = {item.id for item in result.items}
    assert len(ids) == 11
    assert f"ptv:{ok_sid}" in ids and _by_id(result, ok_sid).locations == ()
    text = "\n".join(result.warnings)
    assert f"{guid('svc', 'w', 1)}: service skipped: serviceNames[0].value" in text
    assert f"{guid('svc', 'w', 2)}: service skipped: keywords" in text
    assert f"{guid('svc', 'w', 3)}: service skipped: serviceNames" in text
    assert "'not-a-guid' is not a GUID" in text
    assert f"{guid('ch', 'w')}: channel skipped: addresses" in text


def test_charge_info_and_charged_service(server, ds):
    svc = service(guid("svc", "c"), "Maksullinen kurssi", codes=("290",), charge="Chargeable")
    svc["serviceDescriptions"].append({"language": "fi", "value": "10 € / kerta", "type": "ChargeTypeAdditionalInfo"})
    svc["fundingType"] = "MarketFunded"
    svc["serviceChargeType"] = "Other"
    sid = _add(ds, server, svc)
    other = _by_id(_full(server), sid)
    assert other.cost == "unknown" and other.cost_info == {"fi": "10 € / kerta"} and other.funding == "MarketFunded"
    svc["serviceChargeType"] = "Chargeable"
    assert _by_id(_full(server), sid).cost == "charged"


def test_missing_and_empty_translations_are_absent(server, ds):
    svc = service(guid("svc", "t"), "Vain suomeksi", codes=("765",), summary="  ", description=None)
    svc["serviceNames"] += [
        {"language": "sv", "value": "", "type": "Name"},
        {"language": "en", "value": None, "type": "Name"},
        {"language": "se", "value": " \n ", "type": "Name"},
    ]
    svc["serviceDescriptions"].append({"language": "sv", "value": "<p></p>", "type": "Description"})
    sid = _add(ds, server, svc)
    item = _by_id(_full(server), sid)
    assert item.names == {"fi": "Vain suomeksi"}
    assert item.summaries == {} and item.descriptions == {}


def test_html_script_and_javascript_links_are_cleaned(server, ds):
    svc = service(
        guid("svc", "h"),
        "<b>Kerho</b><script>alert(1)</script>",
        codes=("205",),
        description="### Otsikko\n<p>Tule <i>mukaan</i>!</p><script>steal()</script>\n* &lt;img src=x onerror=y&gt;kohta",
    )
    ch = location_channel(guid("ch", "h"), "205", "Kerhotila")
    ch["webPages"] = [
        {"url": "javascript:alert(1)", "value": "klikkaa", "language": "fi"},
        {"url": "https://example.fi/kerho", "value": "<b>Kerho</b>", "language": "fi"},
        {"url": "data:text/html,x", "value": "x", "language": "fi"},
    ]
    ch["emails"] = [{"value": "<script>@x.fi", "language": "fi"}, {"value": "kerho@example.fi", "language": "fi"}]
    sid = _add(ds, server, svc, ch)
    item = _by_id(_full(server), sid)
    assert item.names == {"fi": "Kerho"}
    assert item.descriptions == {"fi": "### Otsikko\n\nTule mukaan!\n\n* kohta"}  # <p> became line breaks
    assert [(w.url, w.title) for w in item.web] == [("https://example.fi/kerho", "Kerho")]
    assert "kerho@example.fi" in item.emails and not any("script" in e for e in item.emails)


def test_items_of_other_municipalities_sent_anyway_are_dropped(server, ds):
    path = f"{PREFIX}Service/list/area/Municipality/code/205"
    original = server.routes[path]
    stray = service(guid("svc", "stray"), "Helsingin palvelu", codes=("091",))
    larger = service(guid("svc", "larger"), "Maakunnan palvelu", codes=())
    larger["areas"] = [{"type": "Region", "code": "18", "municipalities": [{"code": "765"}, {"code": "290"}]}]

    def leaky(q: dict[str, list[str]]) -> Reply:
        reply = original(q)
        data = json.loads(reply.body)
        data["itemList"] += [stray, larger]
        return Reply.json(data)

    server.route(path, leaky)
    result = _full(server)
    ids = {item.id for item in result.items}
    assert f"ptv:{guid('svc', 'stray')}" not in ids
    assert _by_id(result, guid("svc", "larger")).areas == ("765", "290")


def test_nationwide_services_need_a_wanted_class(server, ds):
    assert f"ptv:{guid('svc', 'nation', 'sport')}" not in {i.id for i in _full(server, classes=()).items}
    item = _by_id(_full(server, classes=("P27",)), guid("svc", "nation", "sport"))
    assert item.nationwide and item.areas == () and item.online
    assert f"ptv:{guid('svc', 'nation', 'sport')}" not in {i.id for i in _full(server, classes=("P27.12",)).items}


def test_channels_outside_the_area_lists_come_by_guid_in_batches(server, ds):
    missing = guid("ch", "does-not-exist")
    ds.connect(guid("svc", "205", 1), missing)
    result = _full(server, guid_batch=1)
    asked = [q["guids"][0] for q in server.requests_to(f"{PREFIX}ServiceChannel/list") if "guids" in q]
    assert sorted(asked) == sorted([guid("ch", "phone"), guid("ch", "web"), missing])
    assert _by_id(result, guid("svc", "205", 1)).locations  # the missing channel (404) is just absent
    assert result.warnings == ()


def test_no_authorization_header_is_sent(server, ds):
    _full(server)
    assert server.log and all("authorization" not in headers for _p, _q, headers in server.log)
    with httpx.Client(headers={"Authorization": "Bearer x"}) as client, pytest.raises(SourceError, match="anonym"):
        _source(server).fetch(client, FetchRequest(REGION, areas=catalogue_of(CLASSES)))


def test_bad_municipality_code_or_cursor_is_refused(server):
    with httpx.Client() as client:
        with pytest.raises(SourceError, match="municipality code"):
            _source(server).fetch(client, FetchRequest(Region("x", ("../etc",))))
        with pytest.raises(SourceError, match="no municipalities"):
            _source(server).fetch(client, FetchRequest(Region("x", ())))
        with pytest.raises(SourceError, match="cursor"):
            _source(server).fetch(client, FetchRequest(REGION, cursor="yesterday", full=False))


# --- incremental ------------------------------------------------------------------------------------------


def test_incremental_returns_changes_and_deletions(server, ds):
    first = _full(server)
    assert first.cursor == "2025-06-01T12:00:00"
    server.log.clear()
    changed = guid("svc", "205", 1)
    ds.touch(changed, T0 + timedelta(minutes=5))["serviceNames"][0]["value"] = "Uusi nimi"
    ds.touch(guid("ch", "765", 0), T0 + timedelta(minutes=1))  # its service is re-emitted
    ds.remove(guid("svc", "290", 0), T0 + timedelta(minutes=2), "Archived")
    ds.remove(guid("svc", "290", 1), T0 + timedelta(minutes=3), "Withdrawn")
    ds.remove(guid("ch", "205", 2), T0 + timedelta(minutes=4), "Archived")  # its service loses a place
    ds.touch(guid("svc", "091", 0), T0 + timedelta(minutes=5))  # outside the region: never asked for
    result = _incremental(server, first.cursor)
    assert not result.full
    assert {i.id for i in result.items} == {
        f"ptv:{changed}",
        f"ptv:{guid('svc', '765', 0)}",
        f"ptv:{guid('svc', '205', 2)}",
    }
    assert _by_id(result, changed).names["fi"] == "Uusi nimi"
    assert _by_id(result, guid("svc", "205", 2)).locations == ()
    assert result.deleted == {f"ptv:{guid('svc', '290', 0)}", f"ptv:{guid('svc', '290', 1)}"}
    assert result.cursor == "2025-06-01T13:00:00"
    dates = {q["date"][0] for _p, q, _h in server.log if "date" in q}
    assert dates == {"2025-06-01T11:50:00"}  # cursor minus ten minutes
    assert not server.requests_to(f"{PREFIX}Service/list/area")  # no full-data pages
    assert all("authorization" not in h for _p, _q, h in server.log)


def test_incremental_with_nothing_changed_is_empty_and_cheap(server, ds):
    first = _full(server)
    server.log.clear()
    result = _incremental(server, first.cursor)
    assert result.items == () and result.deleted == frozenset() and result.warnings == ()
    assert result.requests == len(server.log) == 2 * len(KAINUU) + 4


def test_incremental_drops_a_service_that_left_the_region(server, ds):
    first = _full(server)
    moved = guid("svc", "765", 2)
    ds.touch(guid("ch", "765", 2), T0 + timedelta(minutes=1))
    ds.services[moved]["areas"] = [{"type": "Municipality", "code": "091"}]
    result = _incremental(server, first.cursor)
    assert result.items == ()
    assert result.deleted == {f"ptv:{moved}"}


def test_full_flag_ignores_the_cursor(server, ds):
    with httpx.Client() as client:
        result = _source(server).fetch(
            client, FetchRequest(REGION, cursor="2025-01-01T00:00:00", full=True, areas=catalogue_of(CLASSES))
        )
    assert result.full and len(result.items) == 10


def test_fake_by_id_answers_404_for_archived(server, ds):
    sid = guid("svc", "205", 0)
    with httpx.Client(base_url=server.url) as client:
        assert client.get(f"{PREFIX}Service/{sid}").status_code == 200
        ds.remove(sid, T0)
        assert client.get(f"{PREFIX}Service/{sid}").status_code == 404
        assert client.get(f"{PREFIX}Service/list", params={"guids": sid}).json() == {"message": "Services not found."}


def test_a_plain_organisation_name_is_finnish_even_for_a_swedish_first_service(server, ds):
    """Real v11 records: `organization.name` is a plain string, the Finnish name ("Vaasan kaupunki"); a
    Swedish screen must not show it labelled as Swedish. (Its organisation record is not on the server, so
    the service's own string is all there is.)"""
    svc = service(guid("svc", "vaasa"), "Simhall", codes=("205",))
    svc["languages"] = ["sv", "fi"]
    svc["organizations"][0]["organization"].update(id=guid("org", "vaasa"), name="Vaasan kaupunki")
    sid = _add(ds, server, svc)
    org = _by_id(_full(server), sid).organisation
    assert org is not None and org.names == {"fi": "Vaasan kaupunki"}
def test_pages_listing_the_same_item_twice_and_a_bom_body_give_each_item_once(server, ds):
    """Real paging can repeat an item on the next page (records shift while paging); a UTF-8 BOM before the
    JSON (seen from proxies) is read as JSON."""
    before = sorted(item.id for item in _full(server).items)
    path = f"{PREFIX}Service/list/area/Municipality/code/205"
    inner = server.routes[path]
    first_seen: list[object] = []

    def repeating(q: dict[str, list[str]]) -> Reply:
        reply = inner(q)
        page = json.loads(reply.body)
        if not first_seen and page["itemList"]:
            first_seen.append(page["itemList"][0])
        page["itemList"] = page["itemList"] + first_seen  # every page repeats the first item seen
        return Reply(200, b"\xef\xbb\xbf" + json.dumps(page).encode(), {"Content-Type": "application/json"})

    server.route(path, repeating)
    result = _full(server)
    ids = [item.id for item in result.items]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == before
