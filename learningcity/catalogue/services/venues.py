"""Venue writes. Coordinates decide the district and neighbourhood (point in polygon); a venue without
coordinates sits at its district's centre and is marked approximate everywhere it is shown.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _, gettext_lazy

from learningcity.catalogue.models import Provider, Venue
from learningcity.catalogue.permissions import can_edit_provider_records, is_system
from learningcity.catalogue.services._common import UpsertResult, apply_changes, differing, note_hand_edits
from learningcity.catalogue.vocab import ACCESSIBILITY
from learningcity.core import events
from learningcity.core.models import District
from learningcity.core.permissions import Actor, is_city_office, require
from learningcity.core.selectors import Locator
from learningcity.core.services import audit_record

NOT_YOURS = gettext_lazy("You can only add or change venues of a provider you work for.")
VENUE_FIELDS = (
    "name", "kind", "provider", "address", "district", "neighbourhood", "latitude", "longitude",
    "location_approximate", "accessibility", "opening_hours", "capacity", "phone", "website",
)


def _place(data: dict[str, Any], locator: Locator | None) -> dict[str, Any]:
    """Resolve district, neighbourhood and approximate flag from coordinates or the named district.

    `trust_district` (loaders only) accepts a point just outside the simplified boundaries when the source
    names the district itself, e.g. a school on the edge of a generalised polygon.
    """
    errors: dict[str, list[str]] = {}
    trust_district = data.pop("trust_district", False)
    lat, lon = data.get("latitude"), data.get("longitude")
    district = data.get("district")
    out = dict(data)
    if district is not None and not isinstance(district, District):
        errors["district"] = [_("Unknown district. Choose one of the city's districts.")]
        district = None
    if lat is not None and lon is not None:
        locator = locator or Locator()
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors["latitude"] = [_("Latitude runs from -90 to 90 and longitude from -180 to 180.")]
        else:
            found = locator.district_at(lat, lon)
            if found is None and trust_district and district is not None:
                found = district
            if found is None:
                errors["latitude"] = [
                    _("The point (%(lat).5f, %(lon).5f) lies outside the city's districts. Check that latitude "
                      "and longitude are not swapped.") % {"lat": lat, "lon": lon}
                ]
            elif district is not None and found.pk != district.pk:
                errors["district"] = [
                    _("The coordinates lie in %(found)s, not %(named)s. Fix one of them.")
                    % {"found": found.name(), "named": district.name()}
                ]
            else:
                out["district"] = found
                out["neighbourhood"] = locator.neighbourhood_at(lat, lon)
                out["location_approximate"] = bool(data.get("location_approximate", False))
    elif lat is None and lon is None:
        if district is None:
            errors.setdefault("district", []).append(_("Give coordinates, or at least the district."))
        else:
            out["latitude"], out["longitude"] = district.centroid_lat, district.centroid_lon
            out["neighbourhood"] = None
            out["location_approximate"] = True
    else:
        errors["longitude" if lon is None else "latitude"] = [_("Give both latitude and longitude, or neither.")]
    errors.update(_detail_errors(data))
    if errors:
        raise ValidationError(errors)
    return out


def _detail_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with everything but the place."""
    errors: dict[str, list[str]] = {}
    bad = [a for a in data.get("accessibility") or [] if a not in ACCESSIBILITY]
    if bad:
        errors["accessibility"] = [_("Unknown accessibility code(s): %(codes)s.") % {"codes": ", ".join(bad)}]
    if not str(data.get("name") or "").strip():
        errors["name"] = [_("A name is required.")]
    capacity = data.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        errors["capacity"] = [_("Give the number of seats, or leave it empty.")]
    return errors


def _may_edit(by: Actor, provider: Provider | None) -> bool:
    if is_system(by) or is_city_office(by):
        return True
    return provider is not None and can_edit_provider_records(by, provider)


@transaction.atomic
def venue_create(*, by: Actor, source_id: str | None = None, locator: Locator | None = None,
                 **data: Any) -> Venue:
    require(_may_edit(by, data.get("provider")), NOT_YOURS)
    data = _place(data, locator)
    venue = Venue(source_id=source_id)
    apply_changes(venue, data, VENUE_FIELDS)
    venue.save()
    audit_record(actor=by, action="venue.create", obj=venue)
    events.emit("catalogue.venue.created", venue_id=venue.pk)
    return venue


def _merged_for_update(venue: Venue, data: dict[str, Any]) -> dict[str, Any]:
    """The venue's values with the change applied, ready for `_place`.

    New coordinates decide the district again (unless the change names one, which must then agree); removing
    the coordinates, or naming another district without coordinates, places the venue at that district's
    centre, marked approximate.
    """
    merged = {f: getattr(venue, f) for f in VENUE_FIELDS} | data
    if "latitude" in data or "longitude" in data:
        merged["location_approximate"] = data.get("location_approximate", False)  # real coordinates now
        if "district" not in data and merged.get("latitude") is not None:
            merged["district"] = None
    elif "district" in data and data["district"] != venue.district:
        merged["latitude"] = merged["longitude"] = None
    return merged


@transaction.atomic
def venue_update(*, venue: Venue, by: Actor, locator: Locator | None = None, **data: Any) -> Venue:
    require(_may_edit(by, venue.provider), NOT_YOURS)
    if "provider" in data and data["provider"] != venue.provider:
        require(_may_edit(by, data["provider"]), _("You can only hand a venue to a provider you work for."))
    if {"latitude", "longitude", "district"} & set(data):
        data = {k: v for k, v in _place(_merged_for_update(venue, data), locator).items() if k in VENUE_FIELDS}
    else:
        errors = _detail_errors({f: getattr(venue, f) for f in VENUE_FIELDS} | data)
        if errors:
            raise ValidationError(errors)
    changed = apply_changes(venue, data, VENUE_FIELDS)
    if changed:
        note_hand_edits(venue, changed, by)
        venue.save()
        audit_record(actor=by, action="venue.update", obj=venue, fields=changed)
        events.emit("catalogue.venue.updated", venue_id=venue.pk)
    return venue


@transaction.atomic
def venue_upsert(*, source_id: str, by: Actor = None, locator: Locator | None = None, **data: Any) -> UpsertResult:
    existing = Venue.objects.select_for_update().filter(source_id=source_id).first()
    if existing is None:
        return UpsertResult(venue_create(by=by, source_id=source_id, locator=locator, **data), "created")
    kept = [f for f in data if f in existing.edited_fields]
    incoming = _place({k: v for k, v in data.items() if k not in kept} | {"name": data.get("name", existing.name)},
                      locator)
    changed = differing(existing, incoming, VENUE_FIELDS)
    if not changed:
        return UpsertResult(existing, "unchanged", kept)
    require(_may_edit(by, existing.provider))
    apply_changes(existing, incoming, VENUE_FIELDS)
    existing.save()
    audit_record(actor=by, action="venue.import_update", obj=existing, fields=changed)
    events.emit("catalogue.venue.updated", venue_id=existing.pk)
    return UpsertResult(existing, "updated", kept)
