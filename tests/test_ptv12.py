"""The PTV v12 source against a real local server speaking the v12 shape (tests/ptv12_fake.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kiosk.sources.base import FetchRequest, Region, SourceError, SourceResult
from kiosk.sources.http import RetryPolicy
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.sources.ptv12_map import clean
from kiosk.textclean import plain
from tests.fakeserver import FakeServer, Fault, Reply
from tests.ptv12_fake import (
    BASE,
    ONTOLOGY_TERMS,
    TRAY_CLASSES,
    Dataset,
    install_v12,
    limited,
    location,
    make_dataset,
    make_region,
    phone,
    service,
    uid,
    weekly,
)
from tests.sync_helpers import catalogue_of

REGION = Region("Kainuu", ("205", "765", "290"), "205")
KEY = "SECRET-KEY-123"


def _source(server: FakeServer, **kw: Any) -> Ptv12Source:
    kw.setdefault("retry", RetryPolicy(attempts=4, backoff_s=0.001, sleep=lambda s: None))
    return Ptv12Source(server.url + BASE, KEY, **kw)


def _full(src: Ptv12Source, client: httpx.Client) -> SourceResult:
    return src.fetch(client, FetchRequest(REGION, areas=catalogue_of(TRAY_CLASSES)))


def _incremental(src: Ptv12Source, client: httpx.Client, cursor: str | None) -> SourceResult:
    return src.fetch(client, FetchRequest(REGION, cursor=cursor, full=False, areas=catalogue_of(TRAY_CLASSES)))


@pytest.fixture(scope="module")
def _shared_server():
    with FakeServer() as srv:  # one server for the module: stopping one costs half a second
        yield srv


@pytest.fixture
def server(_shared_server):
    _shared_server.routes = {}
    _shared_server.faults.clear()
    _shared_server.log.clear()
    return _shared_server


@pytest.fixture
def client():
    with httpx.Client(timeout=5) as c:
        yield c


def _serve(server: FakeServer, ds: Dataset, **kw: Any) -> Dataset:
    install_v12(server, ds, **kw)
    return ds


def _by_id(result: SourceResult) -> dict[str, Any]:
    return {item.id: item for item in result.items}


def test_multi_page_sync_returns_every_region_item(server, client):
    ds = _serve(server, make_dataset(250))
    result = _full(_source(server), client)
    ids = _by_id(result)
    region_ids = {f"ptv:{uid(1, i)}" for i in range(250)}
    assert region_ids <= ids.keys()
    assert {f"ptv:{uid(8, 0)}", f"ptv:{uid(8, 1)}"} <= ids.keys()  # nationwide, tray service classes
    assert f"ptv:{uid(8, 2)}" not in ids  # nationwide, P14.1 not asked for
    assert len(ids) == 252 and result.full and not result.warnings
    pages = [q["page"] for q in server.requests_to(BASE + "service/search") if q.get("areaType") == ["LimitedArea"]]
    assert pages == [["1"], ["2"], ["3"]]
    assert result.cursor == max(
        s["publishedAt"] for s in ds.services.values() if s["area"].get("municipalities") != ["091"]
    )


def test_page_size_smaller_than_a_page_still_reads_everything(server, client):
    _serve(server, make_dataset(25))
    result = _full(_source(server, page_size=7), client)
    assert len(result.items) == 27


def test_503_twice_then_success(server, client):
    _serve(server, make_dataset(5))
    server.add_fault(BASE + "service/search", Fault("status", 503), times=2)
    waits: list[float] = []
    src = _source(server, retry=RetryPolicy(attempts=4, backoff_s=0.01, sleep=waits.append))
    assert len(_full(src, client).items) == 7
    assert waits == [0.01, 0.02]


def test_timeout_then_success(server):
    _serve(server, make_dataset(5))
    server.add_fault(BASE + "service-channel/search", Fault("delay", seconds=0.4))
    with httpx.Client(timeout=0.15) as slow_client:
        assert len(_full(_source(server), slow_client).items) == 7


def test_truncated_json_then_success_and_persistent_truncation_names_the_endpoint(server, client):
    _serve(server, make_dataset(5))
    server.add_fault(BASE + "connection/search", Fault("truncate"))
    assert len(_full(_source(server), client).items) == 7
    server.add_fault(BASE + "connection/search", Fault("truncate"), times=4)
    with pytest.raises(SourceError) as err:
        _full(_source(server), client)
    assert "connection/search" in str(err.value) and "after 4 attempts" in str(err.value)


def test_garbage_list_answer_is_a_source_error(server, client):
    _serve(server, make_dataset(3))
    server.add_fault(BASE + "service/search", Fault("garbage", body=b'{"items": "nope"}'))
    with pytest.raises(SourceError, match="service/search"):
        _full(_source(server), client)


def test_api_key_goes_in_the_header_and_never_into_errors(server, client):
    _serve(server, make_dataset(3))
    _full(_source(server), client)
    assert server.log and all(headers.get("x-api-key") == KEY for _p, _q, headers in server.log)
    assert all(KEY not in str(q) for _p, q, _h in server.log)
    server.route(BASE + "service/search", lambda q: Reply.json({"detail": f"key {KEY} refused"}, status=400))
    with pytest.raises(SourceError) as err:
        _full(_source(server), client)
    assert KEY not in str(err.value) and KEY not in repr(_source(server))
    assert "service/search" in str(err.value) and err.value.__cause__ is None


def test_no_key_no_header(server, client):
    _serve(server, make_dataset(2))
    Ptv12Source(server.url + BASE, None).fetch(client, FetchRequest(REGION, areas=catalogue_of(TRAY_CLASSES)))
    assert all("x-api-key" not in headers for _p, _q, headers in server.log)


def _sid(ds: Dataset, n: int = 0) -> str:
    return uid(1, n)


BAD_RECORDS = [
    ("languageVersions", lambda s: s.pop("languageVersions")),
    ("languageVersions.fi.name", lambda s: s["languageVersions"]["fi"].update(name=12345)),
    ("languageVersions.sv", lambda s: s["languageVersions"].update(sv=["Tjänst"])),
    ("serviceClasses", lambda s: s.update(serviceClasses={"code": "P27.1"})),
    ("area", lambda s: s.update(area=["205"])),
    ("freelyAssignedKeywords", lambda s: s["languageVersions"]["fi"].update(freelyAssignedKeywords=[1, 2])),
]


@pytest.mark.parametrize(("field", "spoil"), BAD_RECORDS, ids=[f for f, _ in BAD_RECORDS])
def test_a_record_with_wrong_types_is_skipped_with_a_warning(server, client, field, spoil):
    ds = make_dataset(6)
    spoil(ds.services[_sid(ds, 2)])
    _serve(server, ds)
    result = _full(_source(server), client)
    assert f"ptv:{_sid(ds, 2)}" not in _by_id(result)
    assert len(result.items) == 7
    assert any(_sid(ds, 2) in w and field in w for w in result.warnings), result.warnings


def test_a_broken_channel_is_skipped_but_its_service_kept(server, client):
    ds = make_dataset(4)
    ds.channels[uid(2, 1)]["location"] = ["not", "an", "object"]
    _serve(server, ds)
    result = _full(_source(server), client)
    item = _by_id(result)[f"ptv:{_sid(ds, 1)}"]
    assert item.locations == ()
    assert any(uid(2, 1) in w and "location" in w for w in result.warnings)


def test_missing_and_empty_translations_are_absent(server, client):
    ds = make_dataset(2)
    versions = ds.services[_sid(ds)]["languageVersions"]
    versions["sv"].update(name="", summary="   ", description=None)
    versions["en"] = None
    versions["fi"]["summary"] = ""
    _serve(server, ds)
    item = _by_id(_full(_source(server), client))[f"ptv:{_sid(ds)}"]
    assert item.names == {"fi": "Palvelu 0"}
    assert "sv" not in item.summaries and "fi" not in item.summaries and "sv" not in item.descriptions


def test_hostile_text_becomes_plain_and_unsafe_links_are_dropped(server, client):
    ds = make_dataset(2)
    fi = ds.services[_sid(ds)]["languageVersions"]["fi"]
    fi["name"] = "<b>Kuntosali</b><script>alert(1)</script>"
    fi["description"] = "Avoinna &amp; <a href='javascript:alert(1)'>tästä</a>\n### Otsikko\n* kohta\u202e"
    channel = ds.channels[uid(2, 0)]["languageVersions"]["fi"]
    channel["contactWebPages"] = [
        {"name": "<i>x</i>", "url": "javascript:alert(1)"},
        {"name": "Ok", "url": "https://ok.example.fi/"},
    ]
    channel["contactEmails"] = [{"email": "evil@example.fi<script>"}, {"email": "hyvä@example.fi"}]
    _serve(server, ds)
    item = _by_id(_full(_source(server), client))[f"ptv:{_sid(ds)}"]
    assert item.names["fi"] == "Kuntosali"
    assert item.descriptions["fi"] == "Avoinna & tästä\n### Otsikko\n* kohta"
    assert [w.url for w in item.web] == ["https://ok.example.fi/"]
    assert item.emails == ("hyvä@example.fi",)


@pytest.mark.parametrize("sloppy", [False, True])
def test_items_of_other_regions_are_not_returned(server, client, sloppy):
    ds = _serve(server, make_dataset(5), sloppy=sloppy)
    ids = _by_id(_full(_source(server), client))
    assert f"ptv:{uid(5, 0)}" not in ids and f"ptv:{uid(5, 1)}" not in ids
    assert len(ids) == 7 + (1 if sloppy else 0)  # a sloppy server also leaks the P14.1 nationwide service
    assert ds


def test_mapping_of_a_full_record(server, client):
    ds = make_dataset(3)
    sid, chid = uid(1, 0), uid(2, 0)
    hours = [weekly("08:00", "24:00", ("monday",)), weekly("10:00", "12:00", ("saturday",), "OpenOnReservation")]
    hours.append(
        {
            **weekly("07:00", "09:00", ("sunday",)),
            "type": "WeeklyDateRangeServiceHour",
            "fromDate": "2026-06-01",
            "toDate": "2026-08-31",
        }
    )
    ds.channels[chid] = location(
        chid, ds.services[sid]["organizationContentId"], "765", names={"fi": "Halli", "en": ""},
        street={"fi": "Katu", "sv": "Gatan"}, detail="5 B", postal="88900", published=ds.channels[chid]["publishedAt"],
        point=(9.0, 1.0), hours=hours, phones=[phone("401234567", "ExtraCharge", dial="+358"), {"type": "Fax", "number": "0123456", "chargeType": "Free"}],
    )  # fmt: skip
    _serve(server, ds)
    result = _full(_source(server), client)
    items = _by_id(result)
    item = items[f"ptv:{sid}"]
    (loc,) = item.locations
    assert (
        loc.names == {"fi": "Halli"}
        and loc.street == {"fi": "Katu 5 B", "sv": "Gatan 5 B"}
        and loc.postal_code == "88900"
    )
    assert loc.municipality == "765" and loc.easting is None  # (9, 1) is not in Finland: point dropped, item kept
    assert [(r.weekday, r.opens, r.closes, r.kind) for r in loc.hours] == [
        (0, "08:00", "24:00", "open"), (5, "10:00", "12:00", "reservation"), (6, "07:00", "09:00", "open"),
    ]  # fmt: skip
    assert str(loc.hours[2].valid_from) == "2026-06-01"
    assert [(p.number, p.charge) for p in item.phones][0] == ("+358 401234567", "charged")
    assert item.cost == "free" and item.cost_info == {"fi": "Ilmainen"} and item.funding == "PubliclyFunded"
    assert (
        item.organisation
        and item.organisation.type == "municipality"
        and item.organisation.names["fi"] == "Organisaatio 0"
    )
    assert item.online and item.areas == ("205",) and not item.nationwide and item.categories == ()
    # keywords, and the labels of the service's ontology term (read from /ontology-terms)
    assert item.keywords == {"fi": ("liikunta", "sana0", "kuntosaliharjoittelu"), "sv": ("gymträning",),
                             "en": ("gym training",)}
    assert item.target_groups == ("KR1", "KR1.1")
    assert items[f"ptv:{uid(1, 1)}"].cost == "charged" and items[f"ptv:{uid(1, 2)}"].cost == "unknown"
    national = items[f"ptv:{uid(8, 0)}"]
    assert national.nationwide and national.areas == () and national.online and national.organisation.type == "state"
    assert [w.url for w in national.web] == ["https://www.example.fi/neuvonta"]
    types = {i.organisation.type for i in items.values() if i.organisation}
    assert {"municipality", "state"} <= types
    assert all(i.modified is not None and i.source == "ptv" and i.source_url is None for i in items.values())


def test_municipality_of_a_location_falls_back_to_the_items_area_or_none(server, client):
    ds = make_dataset(2)
    ds.channels[uid(2, 0)]["area"] = limited("205", "765")
    ds.services[uid(1, 1)]["area"] = limited("765", "290")
    ds.channels[uid(2, 1)]["area"] = None
    _serve(server, ds)
    ds.channels[uid(2, 0)]["area"] = limited("205", "765")
    items = _by_id(_full(_source(server), client))
    assert items[f"ptv:{uid(1, 0)}"].locations[0].municipality == "205"  # the item's single area
    assert items[f"ptv:{uid(1, 1)}"].locations[0].municipality is None  # neither is single


def _synced(server: FakeServer, client: httpx.Client, n: int = 40) -> tuple[Dataset, Ptv12Source, SourceResult]:
    ds = _serve(server, make_dataset(n))
    src = _source(server)
    return ds, src, _full(src, client)


def test_incremental_with_nothing_changed_returns_nothing_with_few_requests(server, client):
    _ds, src, full = _synced(server, client, 1000)
    again = _incremental(src, client, full.cursor)
    assert again.items == () and again.deleted == frozenset() and not again.full
    assert again.cursor == full.cursor
    assert again.requests <= 10 and again.requests * 5 < full.requests


def test_incremental_returns_only_what_changed_and_archived_ids(server, client):
    ds, src, full = _synced(server, client)
    ds.update("service", uid(1, 3), lambda s: s["languageVersions"]["fi"].update(name="Uusi nimi"))
    ds.archive("service", uid(1, 4))
    result = _incremental(src, client, full.cursor)
    assert set(_by_id(result)) == {f"ptv:{uid(1, 3)}"}
    item = result.items[0]
    assert item.names["fi"] == "Uusi nimi" and item.locations  # re-emitted whole, with its channel
    assert result.deleted == {f"ptv:{uid(1, 4)}"}
    assert result.cursor > full.cursor


def test_a_changed_channel_re_emits_its_services(server, client):
    ds, src, full = _synced(server, client)
    ds.update("service-channel", uid(2, 6), lambda c: c["languageVersions"]["fi"].update(name="Uusi paikka"))
    result = _incremental(src, client, full.cursor)
    assert set(_by_id(result)) == {f"ptv:{uid(1, 6)}"}
    assert result.items[0].locations[0].names["fi"] == "Uusi paikka"


def test_a_changed_connection_and_an_archived_channel_re_emit_their_services(server, client):
    ds, src, full = _synced(server, client)
    ds.update(
        "connection",
        (uid(1, 7), uid(2, 7)),
        lambda c: c["serviceHours"].update(hours=[weekly("12:00", "13:00", ("friday",))]),
    )
    ds.archive("service-channel", uid(2, 8))
    result = _incremental(src, client, full.cursor)
    items = _by_id(result)
    assert set(items) == {f"ptv:{uid(1, 7)}", f"ptv:{uid(1, 8)}"}
    assert [(h.weekday, h.opens) for h in items[f"ptv:{uid(1, 7)}"].locations[0].hours] == [(4, "12:00")]
    assert items[f"ptv:{uid(1, 8)}"].locations == ()


def test_a_service_that_left_the_region_is_deleted_and_a_new_one_added(server, client):
    ds, src, full = _synced(server, client)
    ds.update("service", uid(1, 9), lambda s: s.update(area=limited("091")))
    new = service(
        uid(1, 999),
        ds.services[uid(1, 0)]["organizationContentId"],
        names={"fi": "Uusi"},
        area=limited("290"),
        classes=["P27.1"],
        published="",
    )
    ds.add("service", new)
    result = _incremental(src, client, full.cursor)
    assert set(_by_id(result)) == {f"ptv:{uid(1, 999)}"}
    assert f"ptv:{uid(1, 9)}" not in result.deleted  # moved out: not found by the region search …
    ds.update("service-channel", uid(2, 9))  # … until something re-fetches it
    result = _incremental(src, client, result.cursor)
    assert result.deleted == {f"ptv:{uid(1, 9)}"} and result.items == ()


def test_incremental_works_on_a_fresh_instance(server, client):
    ds, _src, full = _synced(server, client)
    ds.update("service-channel", uid(2, 6))
    result = _incremental(_source(server), client, full.cursor)
    assert f"ptv:{uid(1, 6)}" in _by_id(result)
    assert len(result.items) <= 3  # plus at most what sits inside the ten-minute margin


@pytest.mark.parametrize(
    ("server_style", "start", "switches"),
    [("comma", None, True), ("repeat", "comma", True), ("both", None, False), ("comma", "comma", False)],
)
def test_array_parameter_styles(server, client, server_style, start, switches):
    _serve(server, make_dataset(12), array_style=server_style)
    src = _source(server, array_style=start)
    first = _full(src, client)
    assert len(first.items) == 14
    expected = ({"repeat": "comma", "comma": "repeat"}[start or "repeat"]) if switches else (start or "repeat")
    assert src.array_style == expected == first.extra["array_style"]
    server.log.clear()
    second = _full(src, client)
    assert len(second.items) == 14
    multi = [
        q
        for _p, q, _h in server.log
        if len(q.get("municipalities", [])) > 1 or "," in "".join(q.get("municipalities", []))
    ]
    assert multi and second.requests == first.requests - (1 if switches else 0)


def test_a_real_400_is_not_hidden_by_the_style_switch(server, client):
    _serve(server, make_dataset(3))
    server.route(BASE + "service/search", lambda q: Reply.json({"title": "Bad Request", "detail": "nope"}, status=400))
    with pytest.raises(SourceError, match="400"):
        _full(_source(server), client)


def test_empty_region_is_refused(server, client):
    _serve(server, make_dataset(1))
    with pytest.raises(SourceError, match="municipality"):
        Ptv12Source(server.url + BASE, KEY).fetch(client, FetchRequest(Region("x", ())))


def test_by_id_404_has_a_problem_body_with_reason(server, client):
    ds = _serve(server, make_dataset(2))
    ds.archive("service", uid(1, 0))
    gone = client.get(server.url + BASE + f"service/{uid(1, 0)}").json()
    unknown = client.get(server.url + BASE + "service/00000000-0000-4000-8000-000000000000").json()
    assert (gone["status"], gone["reason"], unknown["reason"]) == (404, "NotPublished", "Unknown")


def test_region_generator_scales():
    ds = make_region(5000)
    assert len(ds.services) == 5000 and len(ds.channels) >= 5000 and len(ds.connections) >= 5000


@pytest.mark.parametrize(
    "text",
    [
        "Palvelu 1",
        "Kauppakatu 5 B",
        "a  b",
        " lead",
        "x&amp;y",
        "<b>x</b>",
        "tab\there",
        "nbsp\u00a0x",
        "rtl\u202ex",
        "l1\nl2",
        "ä" * 400,
        "",
        "Ok.",
    ],
)
def test_fast_clean_text_equals_textclean_plain(text):
    for single in (False, True):
        assert clean(text, 300, single_line=single) == plain(text, 300, single_line=single)


def test_alternative_names_and_ontology_terms_become_keywords(server, client):
    ds = make_dataset(4)
    sid = uid(1, 0)
    ds.services[sid]["languageVersions"]["fi"]["alternativeName"] = "Punttisali"
    ds.services[sid]["languageVersions"]["sv"]["alternativeName"] = 7  # not text: ignored, the record is kept
    ds.services[sid]["ontologyTerms"] = [*ONTOLOGY_TERMS][:2] + ["http://www.yso.fi/onto/koko/p0", 3]
    _serve(server, ds)
    result = _full(_source(server), client)
    item = _by_id(result)[f"ptv:{sid}"]
    assert item.keywords["fi"] == ("liikunta", "sana0", "Punttisali", "kuntosaliharjoittelu", "ikääntyneet")
    assert item.keywords["sv"] == ("gymträning", "äldre") and item.keywords["en"] == ("gym training", "older people")
    asked = [q for path, q, _h in server.log if path.endswith("/ontology-terms")]
    assert len(asked) == 1 and not result.warnings  # one request for every URI of the run (≤ 20 a request)


def test_a_failing_ontology_lookup_leaves_the_keywords_and_warns(server, client):
    _serve(server, make_dataset(4))
    server.route(BASE + "ontology-terms", lambda q: Reply.json({"title": "Bad Gateway"}, status=502))
    result = _full(_source(server, retry=RetryPolicy(attempts=1)), client)
    assert len(result.items) == 6
    assert _by_id(result)[f"ptv:{uid(1, 0)}"].keywords == {"fi": ("liikunta", "sana0")}
    assert any("ontology-terms" in w for w in result.warnings)
