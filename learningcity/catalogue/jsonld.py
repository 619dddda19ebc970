"""schema.org JSON-LD for opportunities: `Course` (or `EducationEvent` for one-off events) with its runs as
`CourseInstance`. Used on every public opportunity page, in the API and by the exchange feeds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from learningcity.catalogue.models import Opportunity, OpportunityRun, Venue
from learningcity.catalogue.vocab import Kind

COURSE_MODE = {"in_person": "onsite", "online": "online", "blended": "blended"}
DAY_URIS = {
    "MO": "https://schema.org/Monday", "TU": "https://schema.org/Tuesday", "WE": "https://schema.org/Wednesday",
    "TH": "https://schema.org/Thursday", "FR": "https://schema.org/Friday", "SA": "https://schema.org/Saturday",
    "SU": "https://schema.org/Sunday",
}


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def place(venue: Venue) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "Place",
        "@id": absolute(reverse("catalogue:venue", args=[venue.pk])),
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "addressLocality": venue.district.name_en if venue.district_id else "",
            "addressRegion": settings.CITY_NAME,
            "addressCountry": "KR",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": round(venue.latitude, 6),
                "longitude": round(venue.longitude, 6)},
    }
    if venue.location_approximate:
        out["description"] = "Approximate location: the district's centre (the source gave no coordinates)."
    if "wheelchair" in venue.accessibility:
        # (isAccessibleForFree means "free of charge" in schema.org, so it does not belong here.)
        out["amenityFeature"] = [{"@type": "LocationFeatureSpecification", "name": "Wheelchair accessible",
                                  "value": True}]
    return out


def run_instance(run: OpportunityRun, opportunity: Opportunity) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "CourseInstance" if opportunity.kind != Kind.EVENT else "EducationEvent",
        "@id": absolute(reverse("catalogue:run", args=[run.pk])),
        "identifier": run.source_id or str(run.pk),
        "courseMode": COURSE_MODE[opportunity.delivery_mode],
        "startDate": run.start_date.isoformat(),
        "endDate": run.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if run.is_cancelled else "https://schema.org/EventScheduled",
    }
    if opportunity.kind == Kind.EVENT:
        out.pop("courseMode")
        out["name"] = opportunity.title
    if run.start_time and run.end_time:
        out["courseSchedule"] = {
            "@type": "Schedule",
            "startDate": run.start_date.isoformat(),
            "endDate": run.end_date.isoformat(),
            "startTime": run.start_time.strftime("%H:%M"),
            "endTime": run.end_time.strftime("%H:%M"),
            "scheduleTimezone": settings.TIME_ZONE,
        }
        if run.weekdays:
            out["courseSchedule"]["byDay"] = [DAY_URIS[d] for d in run.weekdays if d in DAY_URIS]
            out["courseSchedule"]["repeatFrequency"] = "P1W"
    if run.venue_id:
        out["location"] = place(run.venue)
    elif run.online_url:
        out["location"] = {"@type": "VirtualLocation", "url": run.online_url}
    if run.capacity:
        out["maximumAttendeeCapacity"] = run.capacity
    if run.instructor:
        out["instructor"] = {"@type": "Person", "name": run.instructor}
    return out


def opportunity_jsonld(opportunity: Opportunity, runs: list[OpportunityRun] | None = None) -> dict[str, Any]:
    if runs is None:
        runs = list(getattr(opportunity, "public_runs", None) or opportunity.runs.select_related("venue",
                                                                                                 "venue__district"))
    url = absolute(reverse("catalogue:opportunity", args=[opportunity.pk]))
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "identifier": opportunity.source_id or str(opportunity.pk),
        "name": opportunity.title,
        "description": opportunity.description or opportunity.title,
        "provider": {
            "@type": "Organization",
            "@id": absolute(reverse("catalogue:provider", args=[opportunity.provider.slug])),
            "name": opportunity.provider.name,
        },
        "isAccessibleForFree": opportunity.is_free,
        "offers": [{
            "@type": "Offer",
            "price": str(opportunity.cost.normalize() if opportunity.cost else 0),
            "priceCurrency": opportunity.currency,
            "category": "Free" if opportunity.is_free else "Paid",
        }],
    }
    if opportunity.provider.website:
        doc["provider"]["url"] = opportunity.provider.website
    if opportunity.languages:
        doc["inLanguage"] = opportunity.languages
    topics = list(opportunity.topics.all())
    if topics:
        doc["about"] = [{"@type": "Thing", "name": t.name_en, "alternateName": t.name_ko} for t in topics]
    if opportunity.age_min is not None or opportunity.age_max is not None:
        audience: dict[str, Any] = {"@type": "PeopleAudience"}
        if opportunity.age_min is not None:
            audience["suggestedMinAge"] = opportunity.age_min
        if opportunity.age_max is not None:
            audience["suggestedMaxAge"] = opportunity.age_max
        doc["audience"] = audience
    if opportunity.skills:
        doc["teaches"] = [{"@type": "DefinedTerm", "@id": s, "inDefinedTermSet": "http://data.europa.eu/esco/skill"}
                          for s in opportunity.skills]
    if opportunity.isced_level is not None:
        doc["educationalLevel"] = f"ISCED 2011 level {opportunity.isced_level}"
    if opportunity.credential_awarded:
        doc["educationalCredentialAwarded"] = opportunity.credential_awarded
    if opportunity.url:
        doc["sameAs"] = opportunity.url
    instances = [run_instance(r, opportunity) for r in runs]
    if opportunity.kind == Kind.EVENT:
        doc["@type"] = "EducationEvent"
        doc.pop("offers", None)
        if instances:
            first = instances[0]
            doc.update({k: v for k, v in first.items() if k in ("startDate", "endDate", "location", "eventStatus")})
        doc["offers"] = [{"@type": "Offer", "price": str(opportunity.cost.normalize() if opportunity.cost else 0),
                          "priceCurrency": opportunity.currency}]
    else:
        doc["hasCourseInstance"] = instances
    return doc
