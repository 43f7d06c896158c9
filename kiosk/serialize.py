"""TrayItem ⇄ plain JSON-able dicts, for the demo tray file, the cache's item blobs and ``--json`` output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from kiosk.model import Location, OpeningRule, Organisation, Phone, TrayItem, WebLink


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value)
    return value


def to_dict(obj: Any) -> dict[str, Any]:
    """A dataclass as a dict of JSON types; empty optional parts are left out to keep files small."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if value is None or value == () or value == {}:
            continue
        out[f.name] = _plain(value)
    return out


# The fast path: the same output as to_dict, several times quicker (the cache writes 50 000 items per
# sync). One converter per dataclass is generated on first use, with a branch per field; values of the
# exact built-in types the model uses are converted inline, anything else goes through _plain's logic.
_CONVERTERS: dict[tuple[type, frozenset[str]], Callable[[Any], dict[str, Any]]] = {}
_ATOMS = frozenset((str, int, float, bool))


def _fast_plain(value: Any) -> Any:
    t = type(value)
    if t in _ATOMS or value is None:
        return value
    if t is dict:
        return {k: v if type(v) is str else _fast_plain(v) for k, v in value.items()}
    if t is tuple:
        return [v if type(v) is str else _fast_plain(v) for v in value]
    if t is datetime or t is date:
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return fast_to_dict(value)
    return _plain(value)


_FIELD_CODE = """
    v = obj.{name}
    t = type(v)
    if t in _ATOMS:
        out[{key}] = v
    elif t is dict or t is tuple:
        if v:
            out[{key}] = _fast_plain(v)
    elif not (v is None or v == () or v == {{}}):
        out[{key}] = _fast_plain(v)"""


def _converter(cls: type, skip: frozenset[str]) -> Callable[[Any], dict[str, Any]]:
    names = [f.name for f in fields(cls) if f.name not in skip]
    body = "".join(_FIELD_CODE.format(name=name, key=repr(name)) for name in names if name.isidentifier())
    namespace: dict[str, Any] = {"_ATOMS": _ATOMS, "_fast_plain": _fast_plain}
    exec(f"def convert(obj):\n    out = {{}}{body}\n    return out\n", namespace)  # noqa: S102 - field names only
    convert: Callable[[Any], dict[str, Any]] = namespace["convert"]
    return convert


def fast_to_dict(obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Exactly :func:`to_dict` (a test compares them), only faster; fields named in ``skip`` are left out."""
    key = (type(obj), skip)
    convert = _CONVERTERS.get(key)
    if convert is None:
        convert = _CONVERTERS[key] = _converter(type(obj), skip)
    return convert(obj)


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _rule(data: dict[str, Any]) -> OpeningRule:
    return OpeningRule(
        weekday=data["weekday"],
        opens=data["opens"],
        closes=data["closes"],
        kind=data.get("kind", "open"),
        valid_from=_d(data.get("valid_from")),
        valid_to=_d(data.get("valid_to")),
        notes=dict(data.get("notes", {})),
        weeks=data.get("weeks"),
        holiday=data.get("holiday"),
    )


def _location(data: dict[str, Any]) -> Location:
    return Location(
        names=dict(data.get("names", {})),
        street=dict(data.get("street", {})),
        postal_code=data.get("postal_code"),
        post_office=dict(data.get("post_office", {})),
        municipality=data.get("municipality"),
        easting=data.get("easting"),
        northing=data.get("northing"),
        lat=data.get("lat"),
        lon=data.get("lon"),
        hours=tuple(_rule(r) for r in data.get("hours", [])),
        hours_notes=dict(data.get("hours_notes", {})),
        accessibility=dict(data.get("accessibility", {})),
        id=data.get("id"),
        accessibility_details=dict(data.get("accessibility_details", {})),
    )


def _phone(data: dict[str, Any]) -> Phone:
    return Phone(
        number=data["number"],
        info=dict(data.get("info", {})),
        charge=data.get("charge", "unknown"),
        charge_info=dict(data.get("charge_info", {})),
        hours=tuple(_rule(r) for r in data.get("hours", [])),
        kind=data.get("kind"),
    )


def from_dict(data: dict[str, Any]) -> TrayItem:
    """Rebuild a TrayItem from :func:`to_dict` output; raises ``ValidationError``/``KeyError`` on bad data."""
    org = data.get("organisation")
    return TrayItem(
        id=data["id"],
        kind=data["kind"],
        names=dict(data["names"]),
        source=data["source"],
        summaries=dict(data.get("summaries", {})),
        descriptions=dict(data.get("descriptions", {})),
        categories=tuple(data.get("categories", ())),
        service_classes=tuple(data.get("service_classes", ())),
        target_groups=tuple(data.get("target_groups", ())),
        keywords={k: tuple(v) for k, v in data.get("keywords", {}).items()},
        organisation=Organisation(names=dict(org["names"]), id=org.get("id"), type=org.get("type", "other"))
        if org
        else None,
        locations=tuple(_location(loc) for loc in data.get("locations", [])),
        phones=tuple(_phone(p) for p in data.get("phones", [])),
        web=tuple(WebLink(url=w["url"], title=w.get("title"), language=w.get("language")) for w in data.get("web", [])),
        emails=tuple(data.get("emails", ())),
        cost=data.get("cost", "unknown"),
        cost_info=dict(data.get("cost_info", {})),
        funding=data.get("funding"),
        languages=tuple(data.get("languages", ())),
        areas=tuple(data.get("areas", ())),
        nationwide=bool(data.get("nationwide", False)),
        online=bool(data.get("online", False)),
        starts_at=_dt(data.get("starts_at")),
        ends_at=_dt(data.get("ends_at")),
        programmes=tuple(data.get("programmes", ())),
        source_url=data.get("source_url"),
        modified=_dt(data.get("modified")),
        fetched_at=_dt(data.get("fetched_at")),
        demo=bool(data.get("demo", False)),
    )
