"""Mapping tests from fixtures in the shapes real PTV v11 records have (issue 9, "Faithful to real PTV records").

Each fixture is a small dict copied in shape (not in content) from public v11 captures.
"""

from __future__ import annotations

from typing import Any

from kiosk.sources.ptv11_map import Notes, map_service
from tests.ptv11_fake import guid, service


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
