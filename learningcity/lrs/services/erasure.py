"""Erasing a person from the LRS (the right to erasure): every statement about them and every document stored
for them, and the interned agent identifiers that name them (an email address is personal data).

Voiding is not erasure: a voided statement stays readable through `voidedStatementId`. So the statements are
deleted, with their filter references, the voiding records that point at them, and the statements that
only refer to them (StatementRef objects whose target was the person's).

The platform's account is the caller (`by`), checked by the caller: the learners app erases its own
user's identifiers inside the account erasure's transaction, so a failure there leaves the LRS as it was.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from learningcity.core import events
from learningcity.core.services import audit_record
from learningcity.lrs.identifiers import agent_key
from learningcity.lrs.models import BUCKET_BITS, Agent, Document, Statement, Voiding
from learningcity.lrs.storage import engine
from learningcity.lrs.storage.statements import (
    CHUNK,
    REF_AGENT,
    REF_TARGET_AGENT,
    cache_clear,
    ref,
)

_BUCKETS_PER_QUERY = 256


def _buckets(cursor) -> list[int]:
    cursor.execute("SELECT max(id) FROM lrs_statement")
    newest = cursor.fetchone()[0] or 0
    return list(range(0, (newest >> BUCKET_BITS) + 1))


def _statement_rows(cursor, agent_ids: list[int]) -> set[int]:
    """Row ids of statements whose actor or object is one of `agent_ids`, or that mention them anywhere
    (context agents, instructor, team, sub-statements, targets of StatementRefs): one index probe per bucket."""
    found: set[int] = set()
    buckets = _buckets(cursor)
    refs = [ref(kind, agent_id) for agent_id in agent_ids for kind in (REF_AGENT, REF_TARGET_AGENT)]
    agents_in = ",".join(["%s"] * len(agent_ids))
    refs_in = ",".join(["%s"] * len(refs))
    for start in range(0, len(buckets), _BUCKETS_PER_QUERY):
        chunk = buckets[start : start + _BUCKETS_PER_QUERY]
        marks = ",".join(["%s"] * len(chunk))
        cursor.execute(
            f"SELECT id FROM lrs_statement WHERE bucket IN ({marks}) AND actor_ref IN ({agents_in})",
            [*chunk, *agent_ids],
        )
        found.update(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT id FROM lrs_statement WHERE bucket IN ({marks}) AND object_ref IN ({agents_in})"
            " AND object_kind = %s",
            [*chunk, *agent_ids, int(Statement.ObjectKind.AGENT)],
        )
        found.update(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT statement FROM lrs_statementref WHERE bucket IN ({marks}) AND ref IN ({refs_in})",
            [*chunk, *refs],
        )
        found.update(row[0] for row in cursor.fetchall())
    return found


@transaction.atomic
def agent_erase(*, agents: list[dict[str, Any]], by: Any = None) -> dict[str, int]:
    """Delete every statement and document about the given xAPI Agents (e.g. the platform account and the
    person's `mailto:` address) and forget the agents themselves. Returns counts (no identifiers)."""
    keys = sorted({key for key in (agent_key(agent) for agent in agents) if key})
    agent_ids = list(Agent.objects.filter(ifi__in=keys).values_list("id", flat=True))
    counts = {"statements": 0, "documents": 0, "agents": len(agent_ids)}
    eng = engine()
    cursor = transaction.get_connection().cursor()
    with eng.write_lock(cursor):
        if agent_ids:
            row_ids = sorted(_statement_rows(cursor, agent_ids))
            counts["statements"] = len(row_ids)
            for start in range(0, len(row_ids), CHUNK):
                chunk = row_ids[start : start + CHUNK]
                uids = list(Statement.objects.filter(id__in=chunk).values_list("statement_id", flat=True))
                Voiding.objects.filter(target__in=uids).delete()
                Voiding.objects.filter(voiding_statement__in=uids).delete()
                marks = ",".join(["%s"] * len(chunk))
                buckets = sorted({row_id >> BUCKET_BITS for row_id in chunk})
                bucket_marks = ",".join(["%s"] * len(buckets))
                cursor.execute(
                    f"DELETE FROM lrs_statementref WHERE bucket IN ({bucket_marks}) AND statement IN ({marks})",
                    [*buckets, *chunk],
                )
                Statement.objects.filter(id__in=chunk).delete()
            Agent.objects.filter(id__in=agent_ids).delete()
        counts["documents"] = Document.objects.filter(agent_ifi__in=keys).delete()[0]
    # Interned ids of the deleted agents must not be reused from this process's cache (now, for the rest of
    # this transaction, and after commit, for anything cached meanwhile).
    cache_clear()
    transaction.on_commit(cache_clear)
    audit_record(actor=by, action="lrs.agent.erase", object_type="lrs.agent", object_id="", **counts)
    events.emit("lrs.agent.erased", **counts)
    return counts
