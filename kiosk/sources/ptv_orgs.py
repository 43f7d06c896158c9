"""Organisations for the PTV sources: real names per language and the organisation's type, once per sync run.

A service record names its responsible organisation only in passing: v11 gives ``organizations[].organization``
with one plain-string ``name`` (the Finnish one), v12 only ``organizationContentId``. The organisation records
say more: v11 ``Organization/list?guids=`` (≤100 a call) answers ``organizationNames[]{language, value, type}``
and ``organizationType``; v12 ``organization/search`` (by area; it has no content-id filter) and
``organization/{contentId}`` answer ``languageVersions.{lang}.name`` and ``organizationType``.

Fetching them must never cost the sync its items: an organisation request that fails (an HTTP error, a body
that is not the shape, anything but the sync's own deadline) is written to the warnings once, no further
organisation request is made in that run, and the services keep what they had without it (v11: the Finnish
name tagged ``fi``; v12: no organisation). A run asks for each organisation at most once (:class:`Organisations`
remembers the answers, found or not) and for at most :data:`MAX_ORGANISATIONS` of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kiosk.model import Organisation, OrgType, ValidationError
from kiosk.sources.base import SourceError
from kiosk.sources.http import DeadlineExceeded
from kiosk.textclean import name_texts

MAX_ORGANISATIONS = 2_000  # far more than the organisations behind one region's services
V11_BATCH = 100  # ``Organization/list?guids=`` takes at most 100 GUIDs
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_LANG = re.compile(r"^[a-z]{2,3}$")

# v11 OrganizationType (doc comment of VmOpenApiOrganizationVersionBase in the PTV server source):
# State, Municipality, RegionalOrganization, Organization, Company, SotePublic, SotePrivate, Region.
V11_TYPES: dict[str, OrgType] = {
    "State": "state",
    "Municipality": "municipality",
    "RegionalOrganization": "county",
    "Region": "county",
    "Organization": "ngo",
    "Company": "company",
    "SotePrivate": "company",
}

Warn = Callable[[str], None]
# get(path, params, allow_404=True) → the parsed JSON body, or None for a 404
Get = Callable[..., Any]


class OrganisationError(ValueError):
    """An organisation record that cannot be used."""


def parse_v11(record: object) -> Organisation:
    """A v11 ``Organization`` record: names of type ``Name`` per language (``AlternativeName`` only where a
    language has no ``Name``), the type, and the id as ``ptv:<guid>`` (as the v11 mapping names it)."""
    if not isinstance(record, dict):
        raise OrganisationError("an organisation record that is not an object")
    ident = record.get("id")
    if not isinstance(ident, str) or not _GUID.match(ident):
        raise OrganisationError("an organisation without a usable id")
    raw = record.get("organizationNames")
    names: dict[str, object] = {}
    alternative: dict[str, object] = {}
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("language"), str):
            continue
        lang = item["language"].strip().lower()
        if not _LANG.match(lang):
            continue
        into = names if item.get("type") in (None, "Name") else alternative
        into.setdefault(lang, item.get("value"))
    texts = name_texts({**alternative, **names})
    if not texts:
        raise OrganisationError(f"organisation {ident}: no name in any language")
    kind = V11_TYPES.get(str(record.get("organizationType")), "other")
    try:
        return Organisation(texts, f"ptv:{ident.lower()}", kind)
    except ValidationError as exc:
        raise OrganisationError(f"organisation {ident}: {exc}") from exc


def v11_responsible_ids(services: Iterable[Any]) -> list[str]:
    """The GUIDs (lower case) of the ``Responsible`` organisations of v11 service records; malformed parts are
    passed over here (the mapping reports them)."""
    out: dict[str, None] = {}
    for svc in services:
        orgs = svc.get("organizations") if isinstance(svc, dict) else None
        for org in orgs if isinstance(orgs, list) else ():
            body = org.get("organization") if isinstance(org, dict) and org.get("roleType") == "Responsible" else None
            ident = body.get("id") if isinstance(body, dict) else None
            if isinstance(ident, str) and _GUID.match(ident):
                out[ident.lower()] = None
    return list(out)


class Organisations:
    """Organisations of one sync run by id, each asked for once; :meth:`names_for` is called per batch of
    services with their organisation ids and answers the ones known (never raises, except at the deadline)."""

    def __init__(self, fetch: Callable[[list[str]], Iterable[Any]], parse: Callable[[Any], Organisation],
                 key: Callable[[Organisation], str], *, batch: int, warn: Warn, what: str) -> None:  # fmt: skip
        self._fetch = fetch
        self._parse = parse
        self._key = key
        self._batch = max(1, batch)
        self._warn = warn
        self._what = what
        self.known: dict[str, Organisation | None] = {}
        self.failed = False  # a request failed: no more requests this run
        self.limited = False  # MAX_ORGANISATIONS reached (said once)

    def names_for(self, ids: Iterable[str]) -> dict[str, Organisation]:
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self.known]
        room = MAX_ORGANISATIONS - len(self.known)
        if len(missing) > room:
            if not self.limited:
                self.limited = True
                self._warn(f"{self._what}: more than {MAX_ORGANISATIONS} organisations; the rest keep the names the services give")
            missing = missing[: max(room, 0)]
        if missing and not self.failed:
            self._read(missing)
        return {i: org for i in wanted if (org := self.known.get(i)) is not None}

    def _read(self, missing: list[str]) -> None:
        for start in range(0, len(missing), self._batch):
            chunk = missing[start : start + self._batch]
            try:
                records = list(self._fetch(chunk))
            except DeadlineExceeded:
                raise
            except (SourceError, ValueError, TypeError, RecursionError) as exc:
                self.failed = True
                self._warn(f"{self._what}: organisations not read, the services keep the names they give ({exc})")
                return
            asked, bad = set(chunk), []
            for record in records:
                try:
                    org = self._parse(record)
                except (OrganisationError, ValidationError, ValueError) as exc:
                    bad.append(str(exc))
                    continue
                if self._key(org) in asked:  # nothing that was not asked for
                    self.known[self._key(org)] = org
            if bad:
                self._warn(f"{self._what}: {len(bad)} organisation record(s) left out, such as: {bad[0][:200]}")
            for ident in chunk:
                self.known.setdefault(ident, None)


def v11_organisations(get: Get, warn: Warn, what: str = "ptv11") -> Organisations:
    """v11: ``Organization/list?guids=`` in batches of 100 (a 404 means none of that batch exists)."""

    def fetch(chunk: list[str]) -> list[Any]:
        data = get("Organization/list", {"guids": ",".join(chunk)}, allow_404=True)
        if data is None:
            return []
        if not isinstance(data, list):
            raise OrganisationError("Organization/list did not answer with a list")
        return data

    def key(org: Organisation) -> str:
        return (org.id or "").removeprefix("ptv:")

    return Organisations(fetch, parse_v11, key, batch=V11_BATCH, warn=warn, what=what)


def v12_organisations(
    get: Get,
    pages: Callable[[str, Mapping[str, Any]], Iterable[Any]],
    parse: Callable[[Any], Organisation],
    region_queries: Iterable[Mapping[str, Any]],
    wanted: Iterable[str],
    warn: Warn,
    what: str = "PTV organisations",
    failed: Callable[[], None] | None = None,
) -> dict[str, Organisation | None]:
    """v12: the region's organisations by ``organization/search`` (one query per chunk of municipalities), then
    the other wanted ones one by one with ``organization/{contentId}``. Answers the organisations read (``None``
    for an id the server does not know); after a failure, what was read before it, and a warning (and
    ``failed`` is called, so that a streamed run does not ask a failing server again for each batch)."""
    todo = list(dict.fromkeys(wanted))
    found: dict[str, Organisation | None] = {}

    bad: list[str] = []

    def keep(record: Any, cid: str | None = None) -> None:
        try:
            org = parse(record)
        except ValueError as exc:  # RecordError, ValidationError
            bad.append(str(exc))
            if cid is not None:
                found[cid] = None
            return
        found[org.id or cid or ""] = org

    try:
        for query in region_queries:
            for record in pages("organization/search", query):
                keep(record)
        rest = [cid for cid in todo if cid not in found]
        if len(rest) > MAX_ORGANISATIONS:
            warn(f"{what}: more than {MAX_ORGANISATIONS} organisations to read one by one; the rest are left out")
        for cid in rest[:MAX_ORGANISATIONS]:
            record = get(f"organization/{cid}", {}, allow_404=True)
            if record is None:
                found[cid] = None
            else:
                keep(record, cid)
    except DeadlineExceeded:
        raise
    except (SourceError, ValueError, TypeError, RecursionError) as exc:
        warn(f"{what}: organisations not read, the services are shown without them ({exc})")
        if failed is not None:
            failed()
    if bad:
        warn(f"{what}: {len(bad)} organisation record(s) left out, such as: {bad[0][:200]}")
    found.pop("", None)
    return found
