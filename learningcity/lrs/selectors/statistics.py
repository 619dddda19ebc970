"""The narrow read of statements that city statistics need (monitoring follows it by stored id).

Each row is `(id, learner_key, verb, timestamp, duration_s, voids_id)`:
- `id`: the stored order (append-only, so a watermark is enough to follow new statements);
- `learner_key`: the platform account behind the actor, when there is one: the platform's own form
  `{"account": {"homePage": BASE_URL, "name": "<user id>"}}`, or an `mbox` that is a user's email (an external
  tool reporting by email). None for anyone else. Whether that person consented to statistics is decided by
  the reader (monitoring joins consenting learners only);
- `verb`: the verb IRI; `timestamp`: when the experience happened (aware, UTC); `duration_s`: the result's
  ISO 8601 duration in whole seconds (0 when absent or calendar-relative: years and months have no fixed length);
- `voids_id`: for a voiding statement, the stored id of the statement it voids.

Rows are built in Python from the stored payload (one batch at a time): the statement JSON is the source of
truth, and parsing it stays the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Any

import orjson
from django.conf import settings
from django.db.models.functions import Lower

from learningcity.core.models import User
from learningcity.lrs.identifiers import uuid_key
from learningcity.lrs.models import Agent, Statement, Verb
from learningcity.lrs.validation.values import parse_timestamp

DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                      r"(?:(\d+(?:\.\d+)?)S)?)?$")


def duration_seconds(value: Any) -> int:
    """Whole seconds of an ISO 8601 duration in weeks, days, hours, minutes and seconds; 0 otherwise."""
    match = DURATION.match(value) if isinstance(value, str) else None
    if not match:
        return 0
    weeks, days, hours, minutes, seconds = (float(g or 0) for g in match.groups())
    return int(weeks * 604800 + days * 86400 + hours * 3600 + minutes * 60 + seconds)


IN_CHUNK = 5000  # values per `IN (...)`: SQLite caps the variables of one statement


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i:i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def _learner_keys(agent_refs: set[int]) -> dict[int, int]:
    """Agent id → user id, for the platform's accounts and for mailboxes that are users' emails."""
    account_prefix = f"A|account:{settings.BASE_URL}\x1f"
    keys: dict[int, int] = {}
    emails: dict[str, list[int]] = {}  # lower-cased address → its agents (Mina@ and mina@ are two agents)
    agents = (row for chunk in _chunks(agent_refs)
              for row in Agent.objects.filter(pk__in=chunk).values_list("pk", "ifi"))
    for agent_id, ifi in agents:
        if ifi.startswith(account_prefix):
            name = ifi[len(account_prefix):]
            if name.isdigit():
                keys[agent_id] = int(name)
        elif ifi.startswith("A|mbox:mailto:"):
            emails.setdefault(ifi[len("A|mbox:mailto:"):].lower(), []).append(agent_id)
    # Emails compare case-insensitively (people type their address in any case): one query per chunk.
    for chunk in _chunks(emails):
        for user_id, email in (User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk)
                               .values_list("pk", "email_lower")):
            keys.update((agent_id, user_id) for agent_id in emails[email])
    return keys


def statements_for_statistics(*, after_id: int, limit: int) -> list[tuple]:
    """Up to `limit` statements with stored id > `after_id`, in stored order, as narrow rows (see above)."""
    rows = list(Statement.objects.filter(id__gt=after_id).order_by("id")
                .values_list("id", "actor_ref", "verb_ref", "voiding", "payload")[:limit])
    if not rows:
        return []
    learner_keys = _learner_keys({r[1] for r in rows})
    verbs = dict(Verb.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "iri"))
    parsed = [orjson.loads(r[4]) for r in rows]
    targets: dict[uuid.UUID, int | None] = {}
    for (_, _, _, voiding, _), statement in zip(rows, parsed):
        if voiding:
            targets[uuid.UUID(statement["object"]["id"])] = None
    for chunk in _chunks(uuid_key(t) for t in targets):
        for stored_id, statement_id in Statement.objects.filter(sid_key__in=chunk).values_list("id", "statement_id"):
            if statement_id in targets:
                targets[statement_id] = stored_id
    out = []
    for (stored_id, actor_ref, verb_ref, voiding, _), statement in zip(rows, parsed):
        moment = statement.get("timestamp") or statement.get("stored")
        timestamp = parse_timestamp(moment).astimezone(timezone.utc) if moment else datetime.now(timezone.utc)
        result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
        out.append((
            stored_id,
            learner_keys.get(actor_ref),
            verbs.get(verb_ref, ""),
            timestamp,
            duration_seconds(result.get("duration")),
            targets.get(uuid.UUID(statement["object"]["id"])) if voiding else None,
        ))
    return out
