"""Statement reads. The filtered query walks the (bucket, id) indexes from the newest bucket down (or the
oldest up, for `ascending`), so a page costs a few index probes per bucket and stops as soon as it is full.

Filter semantics (xAPI 1.0.3 Part 3 §2.1.3): `agent` matches the actor or an Agent/Group object (plus
authority, instructor, team, context agents and sub-statement parts with `related_agents`); `activity`
matches the object (plus context activities and sub-statement parts with `related_activities`); voided
statements are never returned by a filtered query, only by `voidedStatementId`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson
from django.db import connection

from learningcity.lrs.errors import NotFound
from learningcity.lrs.identifiers import agent_key, uuid_key
from learningcity.lrs.models import BUCKET_BITS, Statement
from learningcity.lrs.storage import engine
from learningcity.lrs.storage.statements import (
    REF_ACTIVITY,
    REF_AGENT,
    REF_REGISTRATION,
    REF_TARGET_ACTIVITY,
    REF_TARGET_AGENT,
    REF_TARGET_VERB,
    ref,
)
from learningcity.lrs.validation.values import format_timestamp

PAGE_MAX = 1000
PAGE_DEFAULT = 100  # statements per page when the client gives no limit (or 0)
AGENT = int(Statement.ObjectKind.AGENT)
ACTIVITY = int(Statement.ObjectKind.ACTIVITY)


@dataclass
class StatementQuery:
    """A parsed GET /statements query plus the paging cursor. Serialisable into the `more` token."""

    agent: dict | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_agents: bool = False
    related_activities: bool = False
    since_us: int | None = None
    until_us: int | None = None
    limit: int = 0
    ascending: bool = False
    cursor: int | None = None  # last row id returned by the previous page
    ceiling: int | None = None  # newest row id when the first page was read: pages stay stable
    mine: dict | None = field(default=None)  # authority restriction for statements/read/mine clients

    def token(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, False, 0) and k != "mine"}


def _lookup(cursor, table: str, column: str, value: str) -> int | None:
    cursor.execute(f"SELECT id FROM {table} WHERE {column} = %s", [value])
    row = cursor.fetchone()
    return row[0] if row else None


def _id_at_or_before(cursor, stored_us: int) -> int:
    """The newest row stored at or before `stored_us` (0 if none): one seek down the stored index.
    Rows of one batch share a stored time, hence the id tie-break."""
    cursor.execute(
        "SELECT id FROM lrs_statement WHERE stored_us <= %s ORDER BY stored_us DESC, id DESC LIMIT 1",
        [stored_us],
    )
    row = cursor.fetchone()
    return row[0] if row else 0


def _newest_id(cursor) -> int:
    cursor.execute("SELECT max(id) FROM lrs_statement")
    return cursor.fetchone()[0] or 0


# Driver sources: "{in}" becomes the bucket numbers of one step; range sources take an id range instead.
_REF_SOURCE = "SELECT statement FROM lrs_statementref WHERE bucket IN ({in}) AND ref = %s"
_REF_EXISTS = (
    "EXISTS (SELECT 1 FROM lrs_statementref r WHERE r.bucket = s.bucket AND r.ref = %s"
    " AND r.statement = s.id)"
)
_BY_BUCKET, _BY_RANGE = "in", "range"
_BY_OBJECT = "SELECT id FROM lrs_statement WHERE bucket IN ({in}) AND object_ref = %s AND object_kind = %s"


class _Plan:
    """The WHERE clause as SQL pieces, and at most one 'driver': a union of index lookups over buckets.

    Each filter is a set of alternatives (a column match, or a row in lrs_statementref). The first filter
    becomes the driver; the others become per-row conditions on the driver's candidates.
    """

    def __init__(self) -> None:
        self.conditions: list[str] = ["s.voided = %s"]
        self.params: list[Any] = [False]
        self.driver: list[tuple[str, str, list[Any]]] = []  # (SQL template, _BY_BUCKET|_BY_RANGE, params)

    def condition(self, sql: str, *params: Any) -> None:
        self.conditions.append(sql)
        self.params.extend(params)

    def filter(self, columns: list[tuple[str, str, str, list[Any]]], refs: list[int]) -> None:
        """`columns`: (driver SQL template, kind, the same test on `s`, params); `refs`: ref values."""
        if not self.driver:
            self.driver = [(source, kind, params) for source, kind, _, params in columns]
            self.driver += [(_REF_SOURCE, _BY_BUCKET, [value]) for value in refs]
            return
        tests = [test for _, _, test, _ in columns] + [_REF_EXISTS] * len(refs)
        params = [param for _, _, _, ps in columns for param in ps] + list(refs)
        self.condition("(" + " OR ".join(tests) + ")", *params)

    def agent(self, agent_id: int, related: bool) -> None:
        refs = [ref(REF_TARGET_AGENT, agent_id)] + ([ref(REF_AGENT, agent_id)] if related else [])
        self.filter(
            [
                (
                    "SELECT id FROM lrs_statement WHERE bucket IN ({in}) AND actor_ref = %s",
                    _BY_BUCKET,
                    "s.actor_ref = %s",
                    [agent_id],
                ),
                (
                    _BY_OBJECT,
                    _BY_BUCKET,
                    "(s.object_ref = %s AND s.object_kind = %s)",
                    [agent_id, AGENT],
                ),
            ],
            refs,
        )

    def activity(self, activity_id: int, related: bool) -> None:
        refs = [ref(REF_TARGET_ACTIVITY, activity_id)]
        refs += [ref(REF_ACTIVITY, activity_id)] if related else []
        self.filter(
            [
                (
                    _BY_OBJECT,
                    _BY_BUCKET,
                    "(s.object_ref = %s AND s.object_kind = %s)",
                    [activity_id, ACTIVITY],
                ),
            ],
            refs,
        )

    def verb(self, verb_id: int) -> None:
        # The verb index is (verb_ref, id): a run of buckets is an id range on it.
        self.filter(
            [
                (
                    "SELECT id FROM lrs_statement WHERE id >= %s AND id < %s AND verb_ref = %s",
                    _BY_RANGE,
                    "s.verb_ref = %s",
                    [verb_id],
                ),
            ],
            [ref(REF_TARGET_VERB, verb_id)],
        )

    def registration(self, key: int) -> None:
        self.filter([], [ref(REF_REGISTRATION, key)])


def statements_query(query: StatementQuery) -> tuple[list[str], StatementQuery | None]:
    """One page of statement payloads (JSON text) and the query for the next page, if there is one."""
    limit = min(query.limit or PAGE_DEFAULT, PAGE_MAX)
    with connection.cursor() as cursor:
        plan = _Plan()
        ceiling = query.ceiling or _newest_id(cursor)
        low, high = 0, ceiling
        # Stored times grow with row ids (both are assigned under the write lock), so since/until are
        # exactly id bounds; leaving stored_us out of the WHERE keeps the planner on the id range.
        if query.since_us is not None:
            low = _id_at_or_before(cursor, query.since_us)
        if query.until_us is not None:
            high = min(high, _id_at_or_before(cursor, query.until_us))
        if query.cursor is not None:
            if query.ascending:
                low = max(low, query.cursor)
            else:
                high = min(high, query.cursor - 1)
        if high <= low:
            return [], None
        plan.condition("s.id > %s", low)
        plan.condition("s.id <= %s", high)
        if query.mine is not None:
            authority_id = _lookup(cursor, "lrs_agent", "ifi", agent_key(query.mine) or "")
            if authority_id is None:
                return [], None
            plan.condition("s.authority_ref = %s", authority_id)
        # Most selective first: it drives, the rest are checked on its candidates.
        if query.registration is not None:
            plan.registration(uuid_key(uuid.UUID(query.registration)))
        if query.agent is not None:
            agent_id = _lookup(cursor, "lrs_agent", "ifi", agent_key(query.agent) or "")
            if agent_id is None:
                return [], None
            plan.agent(agent_id, query.related_agents)
        if query.activity is not None:
            activity_id = _lookup(cursor, "lrs_activity", "iri", query.activity)
            if activity_id is None:
                return [], None
            plan.activity(activity_id, query.related_activities)
        if query.verb is not None:
            verb_id = _lookup(cursor, "lrs_verb", "iri", query.verb)
            if verb_id is None:
                return [], None
            plan.verb(verb_id)
        found = _run(cursor, plan, low=low, high=high, want=limit + 1, ascending=query.ascending)
    if len(found) <= limit:
        return [payload for _, payload in found], None
    found = found[:limit]
    following = StatementQuery(**{**query.__dict__, "cursor": found[-1][0], "ceiling": ceiling})
    return [payload for _, payload in found], following


def _steps(first: int, last: int, ascending: bool) -> list[list[int]]:
    """Buckets in the order a page needs them, grouped 1, 1, 2, 4, 8...: a dense filter fills its page from
    the first bucket, a sparse one (an agent's few statements) needs a handful of queries, not one per
    bucket."""
    order = list(range(first, last + 1)) if ascending else list(range(last, first - 1, -1))
    steps, size, start = [], 1, 0
    while start < len(order):
        steps.append(order[start : start + size])
        start += size
        size = size * 2 if len(steps) > 1 else 1
    return steps


def _run(cursor, plan: _Plan, *, low: int, high: int, want: int, ascending: bool) -> list[tuple[int, str]]:
    order = "ASC" if ascending else "DESC"
    where = " AND ".join(plan.conditions)
    if not plan.driver:
        cursor.execute(
            f"SELECT s.id, s.payload FROM lrs_statement s WHERE {where} ORDER BY s.id {order} LIMIT %s",
            [*plan.params, want],
        )
        return cursor.fetchall()
    found: list[tuple[int, str]] = []
    for buckets in _steps(low >> BUCKET_BITS, high >> BUCKET_BITS, ascending):
        marks = ",".join(["%s"] * len(buckets))
        sources, params = [], []
        for template, kind, source_params in plan.driver:
            sources.append(template.replace("{in}", marks))
            if kind == _BY_BUCKET:
                params += [*buckets, *source_params]
            else:
                span = (min(buckets) << BUCKET_BITS, (max(buckets) + 1) << BUCKET_BITS)
                params += [*span, *source_params]
        sql = (
            f"SELECT s.id, s.payload FROM lrs_statement s WHERE s.id IN ({' UNION ALL '.join(sources)}) "
            f"AND {where} ORDER BY s.id {order} LIMIT %s"
        )
        cursor.execute(sql, [*params, *plan.params, want - len(found)])
        found.extend(cursor.fetchall())
        if len(found) >= want:
            break
    return found


def statement_get(*, statement_id: str, voided: bool) -> str:
    """The payload of one statement. `voided=True` finds it only if voided, `False` only if not."""
    eng = engine()
    uid = uuid.UUID(statement_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT payload, voided FROM lrs_statement WHERE sid_key = %s AND statement_id = %s",
            [uuid_key(uid), eng.uuid_param(uid)],
        )
        row = cursor.fetchone()
    if row is None or bool(row[1]) != voided:
        raise NotFound(f"No {'voided ' if voided else ''}statement {statement_id}.")
    return row[0]


def consistent_through() -> str:
    """A time up to which every statement is visible. Writers take strictly increasing stored times under
    the write lock, so when no writer holds it that is now (read before probing the lock); while one does,
    it is the stored time of the newest visible statement."""
    now = datetime.now(tz=timezone.utc)
    if not engine().writer_active():
        return format_timestamp(now)
    with connection.cursor() as cursor:
        cursor.execute("SELECT stored_us FROM lrs_statement ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return format_timestamp(now - timedelta(seconds=1))
    return format_timestamp(
        datetime.fromtimestamp(row[0] // 1_000_000, tz=timezone.utc).replace(microsecond=row[0] % 1_000_000)
    )


def attachments_get(sha2s: list[str]) -> dict[str, tuple[str, bytes]]:
    if not sha2s:
        return {}
    with connection.cursor() as cursor:
        placeholders = ",".join(["%s"] * len(sha2s))
        cursor.execute(
            f"SELECT sha2, content_type, content FROM lrs_attachment WHERE sha2 IN ({placeholders})", sha2s
        )
        return {sha2: (content_type, bytes(content)) for sha2, content_type, content in cursor.fetchall()}


def statements_for_agent(
    agent: dict,
    *,
    verb: str | None = None,
    activity: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    related: bool = False,
) -> list[dict[str, Any]]:
    """Statements about one person (actor or object; with `related`, anywhere), newest first, parsed.

    For the learning passport and other apps. `agent` is an xAPI Agent such as
    `{"account": {"homePage": ..., "name": ...}}`; `verb` a verb IRI; `since` an aware datetime.
    """
    query = StatementQuery(
        agent=agent,
        verb=verb,
        activity=activity,
        related_agents=related,
        limit=max(1, min(limit, PAGE_MAX)),
        since_us=int(since.timestamp() * 1_000_000) if since else None,
    )
    payloads, _ = statements_query(query)
    return [orjson.loads(payload) for payload in payloads]
