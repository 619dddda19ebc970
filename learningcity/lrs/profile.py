"""The platform's own xAPI vocabulary (documented in docs/xapi-profile.md).

Verbs and activity types come from ADL, Activity Streams and the Open Badges xAPI recipe wherever one
fits; only what none of them says (waitlisted, self-reported, the platform's context extensions) lives under
our own namespace `PROFILE_IRI`. Other apps name verbs by the short keys of `VERBS`.
"""

from __future__ import annotations

from dataclasses import dataclass

PROFILE_IRI = "https://w3id.org/xapi/learningcity"


@dataclass(frozen=True)
class VerbEntry:
    iri: str
    display: dict[str, str]
    source: str


VERBS: dict[str, VerbEntry] = {
    "enrolled": VerbEntry(
        "http://adlnet.gov/expapi/verbs/registered", {"en": "registered", "ko": "등록함"}, "ADL"
    ),
    "waitlisted": VerbEntry(
        f"{PROFILE_IRI}/verbs/waitlisted", {"en": "waitlisted", "ko": "대기 등록함"}, "Learning City"
    ),
    "attended": VerbEntry(
        "http://adlnet.gov/expapi/verbs/attended", {"en": "attended", "ko": "참석함"}, "ADL"
    ),
    "completed": VerbEntry(
        "http://adlnet.gov/expapi/verbs/completed", {"en": "completed", "ko": "수료함"}, "ADL"
    ),
    "self-reported": VerbEntry(
        "http://adlnet.gov/expapi/verbs/experienced", {"en": "experienced", "ko": "경험함"}, "ADL"
    ),
    "credential-awarded": VerbEntry(
        "http://specification.openbadges.org/xapi/verbs/earned",
        {"en": "earned", "ko": "획득함"},
        "Open Badges xAPI recipe",
    ),
    "withdrew": VerbEntry(
        "http://activitystrea.ms/schema/1.0/leave", {"en": "left", "ko": "취소함"}, "Activity Streams 1.0"
    ),
}

ACTIVITY_TYPES: dict[str, str] = {
    "opportunity": "http://adlnet.gov/expapi/activities/course",
    "run": "http://activitystrea.ms/schema/1.0/event",
    "session": "http://adlnet.gov/expapi/activities/meeting",
    "self-reported": f"{PROFILE_IRI}/activity-types/self-reported-learning",
    "credential": "http://activitystrea.ms/schema/1.0/badge",
}

# Category activity marking statements a learner reported about themselves (the passport shows them apart).
SELF_REPORTED_CATEGORY = f"{PROFILE_IRI}/categories/self-reported"

EXTENSIONS: dict[str, str] = {
    "setting": f"{PROFILE_IRI}/extensions/setting",  # formal | non_formal | informal
    "district": f"{PROFILE_IRI}/extensions/district",  # MOIS district code
    "delivery-mode": f"{PROFILE_IRI}/extensions/delivery-mode",  # in_person | online | blended
}


def verb_object(verb: str) -> dict:
    """A statement's verb from a profile key ("completed") or any absolute IRI."""
    entry = VERBS.get(verb)
    if entry is not None:
        return {"id": entry.iri, "display": dict(entry.display)}
    return {"id": verb}
