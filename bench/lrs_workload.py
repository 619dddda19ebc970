"""Realistic xAPI statements for the LRS benchmark: many learners, a city's worth of courses and sessions,
ADL verbs, results with scores and durations, contexts with registrations, parent/grouping/category
activities, instructors, platforms and extensions. Deterministic for a seed.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

import orjson

VERBS = [
    ("http://adlnet.gov/expapi/verbs/registered", "registered"),
    ("http://adlnet.gov/expapi/verbs/attended", "attended"),
    ("http://adlnet.gov/expapi/verbs/completed", "completed"),
    ("http://adlnet.gov/expapi/verbs/passed", "passed"),
    ("http://adlnet.gov/expapi/verbs/failed", "failed"),
    ("http://adlnet.gov/expapi/verbs/experienced", "experienced"),
    ("http://adlnet.gov/expapi/verbs/answered", "answered"),
    ("http://adlnet.gov/expapi/verbs/launched", "launched"),
    ("http://adlnet.gov/expapi/verbs/initialized", "initialized"),
    ("http://adlnet.gov/expapi/verbs/terminated", "terminated"),
    ("http://adlnet.gov/expapi/verbs/progressed", "progressed"),
    ("http://specification.openbadges.org/xapi/verbs/earned", "earned"),
]
TYPES = [
    "http://adlnet.gov/expapi/activities/course",
    "http://adlnet.gov/expapi/activities/module",
    "http://adlnet.gov/expapi/activities/meeting",
    "http://adlnet.gov/expapi/activities/assessment",
    "http://activitystrea.ms/schema/1.0/event",
]
HOME = "https://learning.seoul.example"


class Workload:
    """Pools of actors, activities and courses; `statement()` draws one statement from them."""

    def __init__(
        self, seed: int = 7, actors: int = 20_000, activities: int = 5_000, courses: int = 300
    ) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.actors = []
        for n in range(actors):
            if n % 3 == 0:
                self.actors.append(
                    {
                        "objectType": "Agent",
                        "name": f"Learner {n}",
                        "account": {"homePage": HOME, "name": f"u{n:06d}"},
                    }
                )
            else:
                self.actors.append(
                    {"objectType": "Agent", "name": f"Learner {n}", "mbox": f"mailto:learner{n}@example.org"}
                )
        self.instructors = [
            {"objectType": "Agent", "name": f"Teacher {n}", "mbox": f"mailto:teacher{n}@example.org"}
            for n in range(400)
        ]
        self.courses = [
            {
                "objectType": "Activity",
                "id": f"{HOME}/courses/{n}",
                "definition": {"type": TYPES[0], "name": {"en": f"Course {n}", "ko": f"강좌 {n}"}},
            }
            for n in range(courses)
        ]
        self.activities = []
        for n in range(activities):
            self.activities.append(
                {
                    "objectType": "Activity",
                    "id": f"{HOME}/activities/{n}",
                    "definition": {
                        "type": rng.choice(TYPES),
                        "name": {"en": f"Activity {n}", "ko": f"활동 {n}"},
                        "description": {"en": f"Session {n} of a community learning programme in the city."},
                    },
                }
            )
        self.categories = [
            {"id": "https://w3id.org/xapi/learningcity/categories/non-formal"},
            {"id": "https://w3id.org/xapi/learningcity/categories/informal"},
            {"id": "https://w3id.org/xapi/learningcity/categories/formal"},
        ]
        self.registrations = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(50_000)]
        self.start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def statement(self) -> dict:
        rng = self.rng
        verb_id, verb_name = rng.choice(VERBS)
        activity = rng.choice(self.activities)
        course = self.courses[hash(activity["id"]) % len(self.courses)]
        obj = activity if rng.random() < 0.3 else {"objectType": "Activity", "id": activity["id"]}
        statement = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "actor": rng.choice(self.actors),
            "verb": {"id": verb_id, "display": {"en-US": verb_name}},
            "object": obj,
            "timestamp": (self.start + timedelta(seconds=rng.randrange(20_000_000)))
            .isoformat()
            .replace("+00:00", "Z"),
            "context": {
                "registration": rng.choice(self.registrations),
                "contextActivities": {
                    "parent": [{"id": course["id"]}],
                    "grouping": [{"id": f"{HOME}/programmes/{rng.randrange(40)}"}],
                    "category": [rng.choice(self.categories)],
                },
                "platform": rng.choice(["Learning City web", "Library kiosk", "Museum app", "LMS"]),
                "language": rng.choice(["ko-KR", "en-US"]),
                "extensions": {f"{HOME}/xapi/extensions/district": f"11{rng.randrange(110, 740):03d}00000"},
            },
        }
        if rng.random() < 0.2:
            statement["context"]["instructor"] = rng.choice(self.instructors)
        if verb_name in ("completed", "passed", "failed", "answered", "progressed") or rng.random() < 0.3:
            raw = rng.randrange(0, 101)
            statement["result"] = {
                "score": {"raw": raw, "min": 0, "max": 100, "scaled": raw / 100},
                "success": raw >= 60,
                "completion": verb_name != "progressed",
                "duration": f"PT{rng.randrange(1, 5)}H{rng.randrange(60)}M{rng.randrange(60)}S",
            }
        return statement

    def encoded(self, count: int) -> list[bytes]:
        """`count` statements, each serialised on its own (bodies are joined from these)."""
        return [orjson.dumps(self.statement()) for _ in range(count)]


def batch_body(encoded: list[bytes]) -> bytes:
    return b"[" + b",".join(encoded) + b"]"
