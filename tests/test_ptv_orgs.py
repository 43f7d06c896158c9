"""Organisation names per language and type (kiosk.sources.ptv_orgs), against the local v11 and v12 fakes.

The organisation records are in the shapes of v11 ``V10VmOpenApiOrganization`` (``organizationNames[]``,
``organizationType``) and v12 ``OrganizationResponse`` (``languageVersions.{lang}.name``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from kiosk.sources.base import FetchRequest, Region
from kiosk.sources.http import RetryPolicy
from kiosk.sources.ptv11 import Ptv11Source
from kiosk.sources.ptv12 import Ptv12Source
from kiosk.sources.ptv_orgs import OrganisationError, parse_v11, v11_organisations, v11_responsible_ids
from tests.fakeserver import FakeServer, Fault
from tests.ptv11_fake import KAINUU, PREFIX, guid, install_v11, make_dataset, organisation, service
from tests.ptv12_fake import BASE, TRAY_CLASSES, install_v12
from tests.ptv12_fake import make_dataset as make_v12_dataset
from tests.sync_helpers import catalogue_of

T0 = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
REGION = Region("Kainuu", KAINUU, "205")
NO_WAIT = RetryPolicy(attempts=2, backoff_s=0.0, sleep=lambda s: None)


@pytest.fixture(scope="module")
def server():
    with FakeServer() as srv:
        yield srv


def _reset(server: FakeServer) -> None:
    server.routes = {}
    server.faults.clear()
    server.log.clear()


def _v11(server: FakeServer):
    with httpx.Client(timeout=5) as client:
        source = Ptv11Source(server.url + PREFIX, retry=NO_WAIT, clock=lambda: T0)
        return source.fetch(client, FetchRequest(REGION, areas=catalogue_of(("P27.1", "P25.1", "P5.7"))))


def _v12(server: FakeServer):
    with httpx.Client(timeout=5) as client:
        source = Ptv12Source(server.url + BASE, "KEY", retry=NO_WAIT)
        return source.fetch(client, FetchRequest(REGION, areas=catalogue_of(TRAY_CLASSES)))


# --- v11 ---------------------------------------------------------------------------------------------------


def test_v11_names_per_language_and_type_come_from_the_organisation_record(server):
    _reset(server)
    install_v11(server, make_dataset(per_municipality=2))
    result = _v11(server)
    by_id = {item.id: item for item in result.items}
    kajaani = by_id[f"ptv:{guid('svc', '205', 0)}"].organisation
    assert kajaani is not None
    assert kajaani.names == {"fi": "Kajaanin kaupunki", "sv": "Kajana stad"} and kajaani.type == "municipality"
    national = by_id[f"ptv:{guid('svc', 'nation', 'sport')}"].organisation
    assert national is not None and national.type == "state"
    assert national.names["en"] == "Digital and Population Data Services Agency"
    # one request for all the run's organisations (≤100 GUIDs a call), each organisation asked for once
    asked = [q["guids"][0].split(",") for q in server.requests_to(f"{PREFIX}Organization/list")]
    assert len(asked) == 1 and len(asked[0]) == len(set(asked[0])) == 4  # three Kainuu towns and the state
    assert result.requests == len(server.log)


def test_v11_a_failing_organisation_fetch_keeps_todays_names_and_never_fails_the_sync(server):
    _reset(server)
    install_v11(server, make_dataset(per_municipality=2))
    server.add_fault(f"{PREFIX}Organization/list", Fault("status", 500), times=10)
    result = _v11(server)
    item = {i.id: i for i in result.items}[f"ptv:{guid('svc', '205', 0)}"]
    assert item.organisation is not None and item.organisation.names == {"fi": "Kunta"}  # the one string, as fi
    assert any("organisations not read" in w for w in result.warnings)
    assert len(server.requests_to(f"{PREFIX}Organization/list")) == NO_WAIT.attempts  # no second batch after it


def test_v11_an_organisation_body_of_the_wrong_shape_is_a_warning(server):
    _reset(server)
    install_v11(server, make_dataset(per_municipality=1))
    server.add_fault(f"{PREFIX}Organization/list", Fault("garbage", body=b'{"itemList": []}'))
    result = _v11(server)
    assert result.items and all(i.organisation is None or "fi" in i.organisation.names for i in result.items)
    assert any("did not answer with a list" in w for w in result.warnings)


def test_v11_names_are_remembered_for_the_run():
    calls: list[list[str]] = []
    records = {guid("org", n): organisation(guid("org", n), "Organization", f"Yhdistys {n}", f"Förening {n}") for n in range(3)}

    def get(path: str, params: dict[str, Any], allow_404: bool = False) -> Any:
        calls.append(params["guids"].split(","))
        return [records[g] for g in params["guids"].split(",") if g in records] or None

    orgs = v11_organisations(get, lambda m: None)
    first = orgs.names_for([guid("org", 0), guid("org", 1), guid("org", "nobody")])
    second = orgs.names_for([guid("org", 1), guid("org", 2), guid("org", "nobody")])
    assert set(first) == {guid("org", 0), guid("org", 1)} and set(second) == {guid("org", 1), guid("org", 2)}
    assert calls == [[guid("org", 0), guid("org", 1), guid("org", "nobody")], [guid("org", 2)]]
    assert second[guid("org", 2)].type == "ngo" and second[guid("org", 2)].names["sv"] == "Förening 2"


def test_parse_v11_prefers_names_over_alternative_names_and_rejects_nameless_records():
    record = organisation(guid("org", "x"), "RegionalOrganization", "Kainuun hyvinvointialue")
    record["organizationNames"] += [
        {"language": "fi", "value": "Kainuun hva", "type": "AlternativeName"},
        {"language": "sv", "value": "Kajanalands välfärdsområde", "type": "AlternativeName"},
        {"language": "en", "value": "<b>Kainuu</b> wellbeing services county", "type": "Name"},
    ]
    org = parse_v11(record)
    assert org.names == {
        "fi": "Kainuun hyvinvointialue", "sv": "Kajanalands välfärdsområde", "en": "Kainuu wellbeing services county",
    }  # fmt: skip
    assert org.type == "county"
    assert parse_v11({**record, "organizationType": "SomethingNew"}).type == "other"
    with pytest.raises(OrganisationError):
        parse_v11({**record, "organizationNames": []})
    with pytest.raises(OrganisationError):
        parse_v11({**record, "id": "not-a-guid"})


def test_responsible_ids_pass_over_malformed_parts():
    good = service(guid("svc", 1), "Kerho", codes=("205",))
    other = service(guid("svc", 2), "Kerho", codes=("205",))
    other["organizations"][0]["roleType"] = "Producer"
    bad: list[Any] = [None, {"organizations": "x"}, {"organizations": [{"roleType": "Responsible", "organization": ["x"]}]}]
    assert v11_responsible_ids([good, other, *bad]) == [guid("org", "205")]


# --- v12 ---------------------------------------------------------------------------------------------------


def test_v12_organisation_search_failing_is_a_warning_not_a_failed_sync(server):
    _reset(server)
    install_v12(server, make_v12_dataset(20))
    good = _v12(server)
    assert any(i.organisation is not None for i in good.items)
    _reset(server)
    install_v12(server, make_v12_dataset(20))
    server.add_fault(BASE + "organization/search", Fault("status", 500), times=10)
    result = _v12(server)
    assert {i.id for i in result.items} == {i.id for i in good.items}
    assert all(i.organisation is None for i in result.items)
    assert any("organisations not read" in w for w in result.warnings)
    by_id = [p for p, _q, _h in server.log if p.startswith(BASE + "organization/") and not p.endswith("/search")]
    assert by_id == []  # no one-by-one reading after the failure


def test_v11_takes_only_what_it_asked_for_and_sums_up_bad_records():
    warnings: list[str] = []
    asked = guid("org", "asked")
    unasked = organisation(guid("org", "unasked"), "Company", "Yritys Oy")

    def get(path: str, params: dict[str, Any], allow_404: bool = False) -> Any:
        return [None, {"id": "x"}, {"id": asked}, unasked, organisation(asked, "Company", "Pyydetty Oy")]

    orgs = v11_organisations(get, warnings.append)
    assert set(orgs.names_for([asked])) == {asked}
    assert guid("org", "unasked") not in orgs.known
    assert len(warnings) == 1 and warnings[0].startswith("ptv11: 3 organisation record(s) left out")
