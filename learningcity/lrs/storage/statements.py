"""Writing and reading statement rows in portable SQL. Callers prepare statements in Python first
(`services.statements`), then hand this module plain rows; every engine difference goes through `engine()`.

Interned ids (agents, verbs, activities) are cached per process after commit: the mapping from identifier
to id never changes once written, so a cache can only be incomplete, never wrong, and a miss falls back to
the database. That is the one piece of in-memory state, and no other server depends on it.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable

import orjson
from django.db import transaction

from learningcity.lrs.identifiers import uuid_key
from learningcity.lrs.models import BUCKET_BITS
from learningcity.lrs.storage import engine

# StatementRef.ref packs a kind into the top bits so one index serves three filters.
REF_SHIFT = 56
REF_MASK = (1 << REF_SHIFT) - 1
REF_AGENT = 1
REF_ACTIVITY = 2
REF_REGISTRATION = 3
# Inherited from the target of a StatementRef object: the target's actor/object agent, object activity, verb.
REF_TARGET_AGENT = 4
REF_TARGET_ACTIVITY = 5
REF_TARGET_VERB = 6
CHUNK = 500  # keep IN (...) lists well below every engine's bound-parameter limit
_CACHE_LIMIT = 200_000


def ref(kind: int, value: int) -> int:
    return (kind << REF_SHIFT) | (value & REF_MASK)


@dataclass
class Prepared:
    """One validated statement, reduced to what the write needs. Built outside the write lock."""

    uid: uuid.UUID
    statement: dict[str, Any]  # without `stored`; `timestamp` only if the client sent one
    actor: tuple[str, str] | None  # (agent key, name); None for an anonymous group
    verb: tuple[str, dict]
    object_kind: int
    object_key: str | None  # activity IRI or agent key
    agents: dict[str, str] = field(default_factory=dict)  # every identified agent mentioned: key -> name
    activities: dict[str, dict | None] = field(default_factory=dict)  # IRI -> definition (or None)
    related_agents: set[str] = field(default_factory=set)
    related_activities: set[str] = field(default_factory=set)
    registration: uuid.UUID | None = None
    voiding_target: uuid.UUID | None = None
    ref_target: uuid.UUID | None = None  # the statement a StatementRef object points at
    authority_key: str | None = None
    resolved: tuple | None = None  # (actor_ref, authority_ref, verb_ref, object_ref, refs) when known early
    body: bytes = b""  # the statement serialised without `stored` (and `timestamp`, if the LRS sets it)

    def payload(self, stored_text: str) -> str:
        """The stored JSON: `body` with the LRS's times spliced in, so serialising stays outside the lock."""
        extra = f'"stored":"{stored_text}"'
        if "timestamp" not in self.statement:
            extra += f',"timestamp":"{stored_text}"'
        return f"{self.body[:-1].decode()},{extra}}}"

    @property
    def key(self) -> int:
        return uuid_key(self.uid)

    @property
    def registration_key(self) -> int | None:
        return uuid_key(self.registration) if self.registration else None


class _Interned:
    """identifier -> id caches for agents, verbs and activities (plus a definition fingerprint)."""

    def __init__(self) -> None:
        self.agents: dict[str, int] = {}
        self.verbs: dict[str, int] = {}
        self.activities: dict[str, tuple[int, bytes]] = {}

    def clear(self) -> None:
        self.agents.clear()
        self.verbs.clear()
        self.activities.clear()


_cache = _Interned()


def cache_clear() -> None:
    """Forget interned ids (tests that flush the database call this)."""
    _cache.clear()


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _placeholders(count: int) -> str:
    return ",".join(["%s"] * count)


def _remember(target: dict, new: dict) -> None:
    def apply() -> None:
        if len(target) > _CACHE_LIMIT:
            target.clear()
        target.update(new)

    transaction.on_commit(apply)


def cached_ids(p: Prepared, *, define: bool) -> tuple[dict, dict, dict] | None:
    """Agent, verb and activity ids for `p` from the process cache alone, or None on any miss (or, with
    `define`, on a definition the canonical one may not hold yet). Lets most statements be resolved before
    the write lock is taken."""
    agents, verbs, activities = _cache.agents, _cache.verbs, _cache.activities
    try:
        agent_ids = {key: agents[key] for key in p.agents}
        verb_ids = {p.verb[0]: verbs[p.verb[0]]}
        activity_ids = {}
        for iri, definition in p.activities.items():
            pk, fingerprint = activities[iri]
            if define and definition and fingerprint != orjson.dumps(definition, option=orjson.OPT_SORT_KEYS):
                return None
            activity_ids[iri] = pk
    except KeyError:
        return None
    return agent_ids, verb_ids, activity_ids


def _intern(
    cursor, table: str, column: str, extra: str, values: dict[str, str], cache: dict
) -> dict[str, int]:
    """Ids for `values` (identifier -> the extra column's value), inserting the unknown ones."""
    ids = {key: cache[key] for key in values if key in cache}
    missing = [key for key in values if key not in ids]
    if missing:
        cursor.executemany(
            f"INSERT INTO {table} ({column}, {extra}) VALUES (%s, %s) ON CONFLICT ({column}) DO NOTHING",
            [(key, values[key]) for key in missing],
        )
        found = {}
        for chunk in _chunks(missing):
            placeholders = _placeholders(len(chunk))
            cursor.execute(f"SELECT {column}, id FROM {table} WHERE {column} IN ({placeholders})", chunk)
            found.update(cursor.fetchall())
        ids.update(found)
        _remember(cache, found)
    return ids


def intern_agents(cursor, agents: dict[str, str]) -> dict[str, int]:
    """Agent ids by key (identifier); `agents` maps key -> a name to keep for the Agents resource."""
    names = {key: (name or "")[:400] for key, name in agents.items()}
    return _intern(cursor, "lrs_agent", "ifi", "name", names, _cache.agents)


def intern_verbs(cursor, verbs: dict[str, dict]) -> dict[str, int]:
    """Verb ids by IRI; `verbs` maps IRI -> the display language map first seen."""
    displays = {iri: orjson.dumps(display or {}).decode() for iri, display in verbs.items()}
    return _intern(cursor, "lrs_verb", "iri", "display", displays, _cache.verbs)


def merge_definition(old: dict, new: dict) -> dict:
    """The canonical definition after a trusted client sent `new`: language maps merge, the rest replaces."""
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(value, dict) and isinstance(old.get(key), dict):
            merged[key] = {**old[key], **value}
        elif key == "extensions" and isinstance(value, dict) and isinstance(old.get(key), dict):
            merged[key] = {**old[key], **value}
        else:
            merged[key] = value
    return merged


def intern_activities(cursor, activities: dict[str, dict | None], *, define: bool) -> dict[str, int]:
    """Activity ids, creating unknown activities; with `define`, fold new definitions into the canonical
    one."""
    ids: dict[str, int] = {}
    pending: list[str] = []
    for iri, definition in activities.items():
        cached = _cache.activities.get(iri)
        if cached is None:
            pending.append(iri)
            continue
        ids[iri] = cached[0]
        if define and definition and cached[1] != orjson.dumps(definition, option=orjson.OPT_SORT_KEYS):
            pending.append(iri)
    if not pending:
        return ids
    cursor.executemany(
        "INSERT INTO lrs_activity (iri, definition) VALUES (%s, %s) ON CONFLICT (iri) DO NOTHING",
        [(iri, orjson.dumps((activities[iri] if define else None) or {}).decode()) for iri in pending],
    )
    remembered: dict[str, tuple[int, bytes]] = {}
    for chunk in _chunks(pending):
        cursor.execute(
            f"SELECT iri, id, definition FROM lrs_activity WHERE iri IN ({_placeholders(len(chunk))})", chunk
        )
        for iri, pk, stored in cursor.fetchall():
            ids[iri] = pk
            incoming = activities[iri]
            current = orjson.loads(stored) if isinstance(stored, (str, bytes)) else (stored or {})
            if define and incoming:
                merged = merge_definition(current, incoming)
                if merged != current:
                    cursor.execute(
                        "UPDATE lrs_activity SET definition = %s WHERE id = %s",
                        [orjson.dumps(merged).decode(), pk],
                    )
            # The fingerprint is of the last definition folded in; a bare reference must not erase it, or
            # every later statement carrying the definition would miss the cache and re-merge.
            if incoming:
                remembered[iri] = (pk, orjson.dumps(incoming, option=orjson.OPT_SORT_KEYS))
            else:
                remembered[iri] = (pk, _cache.activities.get(iri, (pk, b""))[1])
    _remember(_cache.activities, remembered)
    return ids


def existing_by_key(cursor, keys: list[int]) -> dict[uuid.UUID, tuple[str, bool]]:
    """Stored statements whose sid_key is among `keys`: uuid -> (payload, is_voiding). The caller compares
    full UUIDs (two ids may share a key)."""
    eng = engine()
    found: dict[uuid.UUID, tuple[str, bool]] = {}
    for chunk in _chunks(sorted(set(keys))):
        cursor.execute(
            "SELECT statement_id, payload, voiding FROM lrs_statement "
            f"WHERE sid_key IN ({_placeholders(len(chunk))})",
            chunk,
        )
        for sid, payload, voiding in cursor.fetchall():
            found[eng.uuid_from_db(sid)] = (payload, bool(voiding))
    return found


def inherited_refs(row: tuple[int, int, int, int | None], refs: set[int]) -> set[int]:
    """What a statement targeting another inherits: the target's own matches and everything it inherited.

    `row` is the target's (actor_ref, verb_ref, object_kind, object_ref); `refs` its StatementRef values.
    """
    actor_ref, verb_ref, object_kind, object_ref = row
    inherited = set(refs)
    if actor_ref:
        inherited.add(ref(REF_TARGET_AGENT, actor_ref))
    inherited.add(ref(REF_TARGET_VERB, verb_ref))
    if object_ref is not None and object_kind == 1:
        inherited.add(ref(REF_TARGET_ACTIVITY, object_ref))
    elif object_ref is not None and object_kind == 2:
        inherited.add(ref(REF_TARGET_AGENT, object_ref))
    return inherited


def stored_target(cursor, uid: uuid.UUID) -> tuple[tuple[int, int, int, int | None], str] | None:
    """(actor_ref, verb_ref, object_kind, object_ref) and payload of a stored statement, or None."""
    eng = engine()
    cursor.execute(
        "SELECT actor_ref, verb_ref, object_kind, object_ref, payload FROM lrs_statement "
        "WHERE sid_key = %s AND statement_id = %s",
        [uuid_key(uid), eng.uuid_param(uid)],
    )
    row = cursor.fetchone()
    return (tuple(row[:4]), row[4]) if row else None


def last_row(cursor) -> tuple[int, int]:
    """(id, stored_us) of the newest statement, (0, 0) when there is none."""
    cursor.execute("SELECT id, stored_us FROM lrs_statement ORDER BY id DESC LIMIT 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, 0)


def next_stored_us(last_stored_us: int) -> int:
    # Strictly after the newest stored statement, so "consistent through" the newest is always exact.
    return max(time.time_ns() // 1000, last_stored_us + 1)


def insert_rows(cursor, rows: list[tuple], refs: list[tuple]) -> None:
    cursor.executemany(
        "INSERT INTO lrs_statement (id, bucket, statement_id, sid_key, stored_us, actor_ref, authority_ref, "
        "verb_ref, object_kind, object_ref, registration, voiding, voided, payload) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        rows,
    )
    if refs:
        cursor.executemany("INSERT INTO lrs_statementref (statement, bucket, ref) VALUES (%s, %s, %s)", refs)


def voided_targets(cursor, keys: list[int]) -> set[uuid.UUID]:
    """Targets of stored voiding statements whose key is among `keys` (compare full UUIDs after)."""
    eng = engine()
    targets: set[uuid.UUID] = set()
    for chunk in _chunks(sorted(set(keys))):
        cursor.execute(
            f"SELECT target FROM lrs_voiding WHERE target_key IN ({_placeholders(len(chunk))})", chunk
        )
        targets.update(eng.uuid_from_db(row[0]) for row in cursor.fetchall())
    return targets


def void(cursor, voidings: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """Record (voiding statement, target) pairs; void the targets that are stored and not voiding
    statements themselves."""
    eng = engine()
    cursor.executemany(
        "INSERT INTO lrs_voiding (target_key, target, voiding_statement) VALUES (%s, %s, %s)",
        [(uuid_key(target), eng.uuid_param(target), eng.uuid_param(voiding)) for voiding, target in voidings],
    )
    cursor.executemany(
        "UPDATE lrs_statement SET voided = %s WHERE sid_key = %s AND statement_id = %s AND voiding = %s",
        [(True, uuid_key(target), eng.uuid_param(target), False) for _, target in voidings],
    )


def attachments_insert(cursor, attachments: dict[str, tuple[str, bytes]]) -> None:
    if attachments:
        cursor.executemany(
            "INSERT INTO lrs_attachment (sha2, content_type, content) VALUES (%s, %s, %s) "
            "ON CONFLICT (sha2) DO NOTHING",
            [(sha2, content_type[:255], content) for sha2, (content_type, content) in attachments.items()],
        )


def bucket_of(row_id: int) -> int:
    return row_id >> BUCKET_BITS
