"""Model → plain dict shapes shared by the API and feeds (the schemas in `schemas.py` document them)."""

from __future__ import annotations

from django.urls import reverse

from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Venue


def provider_out(p: Provider) -> dict:
    return {"id": p.pk, "slug": p.slug, "name": p.name, "sector": p.sector, "kind": p.kind, "website": p.website,
            "district": p.district.slug if p.district_id else None, "source_id": p.source_id}


def venue_out(v: Venue) -> dict:
    return {
        "id": v.pk, "name": v.name, "kind": v.kind, "address": v.address, "district": v.district.slug,
        "neighbourhood": v.neighbourhood.code if v.neighbourhood_id else None,
        "latitude": v.latitude, "longitude": v.longitude, "location_approximate": v.location_approximate,
        "accessibility": v.accessibility, "provider_id": v.provider_id, "source_id": v.source_id,
    }


def run_out(r: OpportunityRun) -> dict:
    return {
        "id": r.pk, "opportunity_id": r.opportunity_id, "status": r.status, "is_cancelled": r.is_cancelled,
        "venue": venue_out(r.venue) if r.venue_id else None, "room": r.room, "online_url": r.online_url,
        "start_date": r.start_date, "end_date": r.end_date, "start_time": r.start_time, "end_time": r.end_time,
        "weekdays": r.weekdays, "capacity": r.capacity, "enrolment_opens": r.enrolment_opens,
        "enrolment_closes": r.enrolment_closes, "instructor": r.instructor, "total_hours": r.total_hours(),
        "source_id": r.source_id,
    }


OPPORTUNITY_PLAIN = (
    "id", "kind", "title", "description", "skills", "setting", "isced_level", "isced_field", "age_min", "age_max",
    "target_groups", "languages", "cost", "currency", "is_free", "delivery_mode", "accessibility", "family_friendly",
    "workplace", "sustainability_tags", "credential_awarded", "url", "enrolment_method", "status", "source_id",
)


def opportunity_out(o: Opportunity, runs: list[OpportunityRun] | None = None) -> dict:
    if runs is None:
        runs = getattr(o, "public_runs", None)
        if runs is None:
            runs = list(o.runs.select_related("venue", "venue__district", "venue__neighbourhood"))
    out = {name: getattr(o, name) for name in OPPORTUNITY_PLAIN}
    out["topics"] = [t.code for t in o.topics.all()]
    out["provider"] = provider_out(o.provider)
    out["url_page"] = reverse("catalogue:opportunity", args=[o.pk])
    out["runs"] = [run_out(r) for r in runs]
    return out


def opportunity_summary(o: Opportunity) -> dict:
    runs = getattr(o, "public_runs", [])
    return {
        "id": o.pk, "title": o.title, "kind": o.kind, "provider": o.provider.name,
        "topics": [t.code for t in o.topics.all()], "age_min": o.age_min, "age_max": o.age_max,
        "is_free": o.is_free, "cost": o.cost, "delivery_mode": o.delivery_mode,
        "next_start": getattr(o, "next_start", None),
        "districts": sorted({r.venue.district.slug for r in runs if r.venue_id}),
        "url_page": reverse("catalogue:opportunity", args=[o.pk]),
    }
