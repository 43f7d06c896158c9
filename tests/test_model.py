"""The tray model's checked copy: only the changed fields are checked, with the rules of construction."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from kiosk.model import Location, TrayItem, ValidationError, with_checked_changes

WHEN = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def item(**kw: object) -> TrayItem:
    return TrayItem(id="local:a", kind="service", names={"fi": "Kerho"}, source="local:x", **kw)  # type: ignore[arg-type]


def test_changes_are_applied_and_the_original_is_untouched() -> None:
    original = item(categories=("sports",))
    changed = with_checked_changes(original, categories=("sports", "culture"), fetched_at=WHEN)
    assert changed.categories == ("sports", "culture") and changed.fetched_at == WHEN
    assert original.categories == ("sports",) and original.fetched_at is None
    assert changed == dataclasses.replace(original, categories=("sports", "culture"), fetched_at=WHEN)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"categories": ("sports", "Not A Key")}, "categories: 'Not A Key' is not a lowercase key"),
        ({"programmes": ("kaikukortti", "")}, "programmes: '' is not a lowercase key"),
        ({"fetched_at": "2025-06-01"}, "fetched_at: '2025-06-01' is not a date and time"),
        ({"locations": [Location()]}, "locations: expected a tuple of Location"),
    ],
)
def test_a_bad_value_for_a_changed_field_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        with_checked_changes(item(), **changes)
    assert str(info.value) == message


def test_a_location_point_outside_finland_is_refused() -> None:
    inside = Location(easting=541_000.0, northing=7_125_000.0)
    outside = object.__new__(Location)  # as if built past validation
    outside.__dict__.update({**inside.__dict__, "northing": 100.0})
    assert with_checked_changes(item(), locations=(inside,)).locations == (inside,)
    with pytest.raises(ValidationError, match="outside Finland"):
        with_checked_changes(item(), locations=(inside, outside))


def test_other_fields_fall_back_to_a_full_validation() -> None:
    with pytest.raises(ValidationError, match="names: at least one language"):
        with_checked_changes(item(), names={})
    assert with_checked_changes(item(), cost="free").cost == "free"
    with pytest.raises(TypeError):
        with_checked_changes(item(), no_such_field=1)
