"""The platform's own learning events as statements: what the learners and credentials apps call.

They record enrolments, attendance, completion, self-reported learning and awarded credentials through
`platform_statement_record`, which goes through the same validation and write path as any xAPI client, with
the platform itself as authority.
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings

from learningcity.lrs import profile
from learningcity.lrs.errors import StatementInvalid
from learningcity.lrs.services import statements as statement_services
from learningcity.lrs.validation.values import format_timestamp

PLATFORM_VERSION = "1.0.3"  # statements any 1.0.3 or 2.0 reader understands


def platform_authority() -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": settings.CITY_NAME + " Learning City",
        "account": {"homePage": settings.BASE_URL, "name": "platform"},
    }


def platform_statement_record(
    *,
    actor: dict,
    verb: str,
    object: dict,
    result: dict | None = None,
    context: dict | None = None,
    timestamp: datetime | None = None,
    statement_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Store one statement about a platform event; returns its id.

    `actor` is an xAPI Agent (e.g. `{"account": {"homePage": ..., "name": "<user id>"}}`), `verb` a key of
    `profile.VERBS` ("enrolled", "completed", ...) or a verb IRI, `object` an Activity. `timestamp` must be
    aware. Pass `statement_id` to make a retried call idempotent. Raises StatementInvalid (a ValueError
    subclass would hide the xAPI message) for input that is not valid xAPI.
    """
    statement: dict[str, Any] = {
        "actor": copy.deepcopy(actor),
        "verb": profile.verb_object(verb),
        "object": copy.deepcopy(object),
    }
    if result:
        statement["result"] = copy.deepcopy(result)
    context = copy.deepcopy(context) if context else {}
    if verb == "self-reported":
        category = context.setdefault("contextActivities", {}).setdefault("category", [])
        if isinstance(category, dict):
            category = context["contextActivities"]["category"] = [category]
        category.append({"id": profile.SELF_REPORTED_CATEGORY})
    if context:
        statement["context"] = context
    if timestamp is not None:
        if timestamp.tzinfo is None:
            raise StatementInvalid("timestamp: must be an aware datetime")
        statement["timestamp"] = format_timestamp(timestamp)
    if statement_id is not None:
        statement["id"] = str(statement_id)
    prepared = statement_services.statement_prepare(
        statement, version=PLATFORM_VERSION, authority=platform_authority()
    )
    statement_services.resolve_early([prepared], define=True)
    statement_services.write_prepared([prepared], define=True)
    return prepared.uid
