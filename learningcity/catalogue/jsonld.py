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


# OpenActive (modelling opportunity data 2.0): the same records as feed items for harvesters. The RPDE feeds
# in `exchange.exporters.rpde` publish these; `@openactive/data-model-validator` checks them in the tests.
OPENACTIVE_CONTEXT = "https://openactive.io/"
TOPIC_SCHEME = "/feeds/topics"


def _local_iso(day, time=None) -> str:
    import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.datetime.combine(day, time or datetime.time(0, 0), ZoneInfo(settings.TIME_ZONE))
    return moment.isoformat()


def _feed_text(text: str) -> str:
    """Korean titles quote with angle brackets ("<서울대 연계 과정>"); OpenActive consumers treat "<" as HTML, so
    feed items use the typographic brackets 〈 〉 that mean the same in Korean."""
    return text.replace("<", "\u3008").replace(">", "\u3009")


def _duration(run: OpportunityRun) -> str:
    """ISO 8601 duration of one session (its times), or of the whole run in days when no times are given."""
    minutes = round(run.session_hours() * 60)
    if minutes:
        hours, rest = divmod(minutes, 60)
        return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")
    return f"P{(run.end_date - run.start_date).days + 1}D"


def _concepts(opportunity: Opportunity) -> list[dict[str, Any]]:
    """The city's topics as SKOS concepts of its own scheme (the OpenActive activity list is about sport)."""
    return [{"@type": "Concept", "@id": absolute(f"{TOPIC_SCHEME}#{t.code}"), "prefLabel": t.name_en,
             "inScheme": absolute(TOPIC_SCHEME)} for t in opportunity.topics.all()]


def _organizer(opportunity: Opportunity) -> dict[str, Any]:
    provider = opportunity.provider
    out = {"@type": "Organization", "@id": absolute(reverse("catalogue:provider", args=[provider.slug])),
           "name": provider.name, "url": provider.website or absolute(reverse("catalogue:provider",
                                                                                args=[provider.slug]))}
    if provider.phone:
        out["telephone"] = provider.phone
    return out


def _age_range(opportunity: Opportunity) -> dict[str, Any] | None:
    if opportunity.age_min is None and opportunity.age_max is None:
        return None
    out: dict[str, Any] = {"@type": "QuantitativeValue"}
    if opportunity.age_min is not None:
        out["minValue"] = opportunity.age_min
    if opportunity.age_max is not None:
        out["maxValue"] = opportunity.age_max
    return out


def opportunity_openactive(opportunity: Opportunity) -> dict[str, Any]:
    """An opportunity as an OpenActive `Course` (the specification its runs are instances of)."""
    url = absolute(reverse("catalogue:opportunity", args=[opportunity.pk]))
    doc: dict[str, Any] = {
        "@context": OPENACTIVE_CONTEXT,
        "@type": "Course",
        "@id": url,
        "identifier": opportunity.source_id or str(opportunity.pk),
        "name": _feed_text(opportunity.title),
        "description": _feed_text(opportunity.description or opportunity.title),
        "url": url,
        "author": _organizer(opportunity),
    }
    concepts = _concepts(opportunity)
    if concepts:
        doc["activity"] = concepts
    age = _age_range(opportunity)
    if age:
        doc["ageRange"] = age
    if opportunity.accessibility:
        doc["accessibilitySupport"] = [{"@type": "Concept", "@id": absolute(f"/feeds/accessibility#{code}"),
                                        "prefLabel": code, "inScheme": absolute("/feeds/accessibility")}
                                       for code in opportunity.accessibility]
    return doc


def run_openactive(run: OpportunityRun) -> dict[str, Any]:
    """A run as an OpenActive `CourseInstance`, with its course, place, schedule and offer."""
    opportunity = run.opportunity
    url = absolute(reverse("catalogue:run", args=[run.pk]))
    doc: dict[str, Any] = {
        "@context": OPENACTIVE_CONTEXT,
        "@type": "CourseInstance",
        "@id": url,
        "identifier": run.source_id or str(run.pk),
        "url": url,
        "name": _feed_text(opportunity.title),
        "description": _feed_text(opportunity.description or opportunity.title),
        "startDate": run.start_date.isoformat(),
        "endDate": run.end_date.isoformat(),
        "duration": _duration(run),
        "eventStatus": "https://schema.org/EventCancelled" if run.is_cancelled else "https://schema.org/EventScheduled",
        "organizer": _organizer(opportunity),
        "activity": _concepts(opportunity) or [{
            "@type": "Concept", "@id": absolute(f"{TOPIC_SCHEME}#other"), "prefLabel": "Other",
            "inScheme": absolute(TOPIC_SCHEME)}],
        "offers": [{
            "@type": "Offer",
            "@id": url + "#offer",
            "identifier": "standard",
            "name": "Free" if opportunity.is_free else "Standard",
            "price": float(opportunity.cost or 0),
            "priceCurrency": opportunity.currency,
            "url": url,
        }],
        "instanceOfCourse": opportunity_openactive(opportunity) | {"@context": None},
        "eventAttendanceMode": {"in_person": "https://schema.org/OfflineEventAttendanceMode",
                                "online": "https://schema.org/OnlineEventAttendanceMode",
                                "blended": "https://schema.org/MixedEventAttendanceMode"}[opportunity.delivery_mode],
        "isAccessibleForFree": opportunity.is_free,
    }
    doc["instanceOfCourse"].pop("@context")
    schedule: dict[str, Any] = {
        "@type": "PartialSchedule",
        "startDate": run.start_date.isoformat(),
        "endDate": run.end_date.isoformat(),
        "scheduleTimezone": settings.TIME_ZONE,
    }
    if run.start_time and run.end_time:
        schedule["startTime"] = run.start_time.strftime("%H:%M")
        schedule["endTime"] = run.end_time.strftime("%H:%M")
    if run.weekdays:
        schedule["byDay"] = [DAY_URIS[d] for d in run.weekdays if d in DAY_URIS]
        schedule["repeatFrequency"] = "P1W"
    elif run.end_date > run.start_date:
        schedule["repeatFrequency"] = "P1D"
    doc["eventSchedule"] = [schedule]
    if run.venue_id:
        venue = run.venue
        doc["location"] = {
            "@type": "Place",
            "@id": absolute(reverse("catalogue:venue", args=[venue.pk])),
            "name": venue.name,
            "url": absolute(reverse("catalogue:venue", args=[venue.pk])),
            # A text address: the city's sources give no postal codes, which a PostalAddress must have.
            "address": ", ".join(part for part in (venue.address, venue.district.name_en if venue.district_id
                                                   else "", settings.CITY_NAME) if part),
            "geo": {"@type": "GeoCoordinates", "latitude": round(venue.latitude, 6),
                    "longitude": round(venue.longitude, 6)},
        }
    if run.online_url:
        doc["virtualLocation"] = {"@type": "VirtualLocation", "url": run.online_url}
        if not run.venue_id:
            doc["location"] = {"@type": "VirtualLocation", "url": run.online_url}
    age = _age_range(opportunity)
    if age:
        doc["ageRange"] = age
    if run.capacity:
        doc["maximumAttendeeCapacity"] = run.capacity
    if run.instructor:
        doc["leader"] = [{"@type": "Person", "name": run.instructor}]
    return doc
