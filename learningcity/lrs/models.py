"""LRS models, named after the xAPI nouns: `Statement`, `Agent`, `Verb`, `Activity`, the three document
resources (`Document`), `Attachment` and the `Client` credentials that post to the LRS.

Learners are referred to by their xAPI actor identifiers (mbox, mbox_sha1sum, openid, account), never by a
foreign key into another app, so the LRS stays a standalone component.

Storage design (measured; see docs/lrs.md): the statement JSON is stored once, as received after validation
and with the LRS's own properties filled in. The row's integer primary key is the stored order and is
assigned by the writer while it holds the statement write lock, so ids and `stored` grow together and paging
by id is stable. Agents, verbs and activities are interned to small integers. Lookups by actor and object use
indexes keyed (bucket, id), where bucket = row id >> BUCKET_BITS: an insert then only touches the pages of the
current bucket instead of random pages across the whole index, which is what kept SQLite's ingest rate from
collapsing as the table grew. The statement UUID is found through a narrow 64-bit key index (`sid_key`, the
UUID's first 8 bytes) and confirmed against the full UUID column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

BUCKET_BITS = 14


class Client(models.Model):
    """Credentials an application uses (HTTP Basic: key as user name, secret as password)."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=64, unique=True)
    secret_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the secret. Secrets are 256-bit random, so a fast hash is enough.",
    )
    scopes = models.JSONField(default=list, help_text="xAPI scopes, e.g. statements/write, all/read.")
    authority = models.JSONField(
        help_text="The Agent recorded as authority on statements this client stores."
    )
    xapi_version = models.CharField(
        max_length=8,
        default="2.0.0",
        choices=[("1.0.3", "1.0.3"), ("2.0.0", "2.0.0")],
        help_text="The version the LRS declares in responses to this client's requests that name none.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Agent(models.Model):
    """An Agent or identified Group, interned by its inverse functional identifier.

    `ifi` is `<A|G>|<kind>:<value>` (see identifiers.agent_key): agents and groups with the same identifier
    are
    different objects in xAPI, so the object type is part of the key.
    """

    ifi = models.TextField(unique=True)
    name = models.CharField(max_length=400, blank=True, default="")

    def __str__(self) -> str:
        return self.ifi


class Verb(models.Model):
    iri = models.TextField(unique=True)
    display = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.iri


class Activity(models.Model):
    """An activity and the LRS's canonical definition of it (updated by clients holding the define scope)."""

    iri = models.TextField(unique=True)
    definition = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.iri


class Statement(models.Model):
    """One stored statement. `payload` is the statement JSON exactly as the LRS returns it (format=exact).

    Immutable once written, except `voided`, which a voiding statement sets on its target.
    """

    class ObjectKind(models.IntegerChoices):
        ACTIVITY = 1
        AGENT = 2
        STATEMENT_REF = 3
        SUBSTATEMENT = 4

    # Assigned by the writer under the write lock (see storage); AutoField so SQLite makes it the rowid.
    id = models.BigAutoField(primary_key=True)
    bucket = models.IntegerField()
    statement_id = models.UUIDField()
    sid_key = models.BigIntegerField(db_index=True)
    stored_us = models.BigIntegerField(db_index=True, help_text="Stored time, microseconds since the epoch.")
    actor_ref = models.BigIntegerField()
    authority_ref = models.BigIntegerField(
        default=0, help_text="Agent id of the authority (statements/read/mine)."
    )
    verb_ref = models.BigIntegerField(db_index=True)
    object_kind = models.SmallIntegerField(choices=ObjectKind.choices)
    object_ref = models.BigIntegerField(null=True)
    registration = models.UUIDField(null=True)
    voiding = models.BooleanField(default=False)
    voided = models.BooleanField(default=False)
    payload = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["bucket", "actor_ref"], name="lrs_stmt_bucket_actor"),
            models.Index(fields=["bucket", "object_ref"], name="lrs_stmt_bucket_object"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementRef(models.Model):
    """What else a statement mentions, for the `registration`, `related_agents` and `related_activities`
    filters: context activities, instructor, team, authority, sub-statement parts; and, for a statement whose
    object is a StatementRef, what its target matches (xAPI 1.0.3 "Filter Conditions for StatementRefs").
    `ref` packs the kind in its top bits (storage.statements.ref); rows never change once written.
    """

    pk = models.CompositePrimaryKey("bucket", "ref", "statement")
    bucket = models.IntegerField()
    ref = models.BigIntegerField()
    statement = models.BigIntegerField()

    class Meta:
        # The table is created by migration 0002 through storage.<engine>.create_ref_table: on SQLite it is a
        # WITHOUT ROWID table, one b-tree keyed (bucket, ref, statement) instead of a table plus an index.
        managed = False


class Voiding(models.Model):
    """Targets of voiding statements, so a target that arrives after its voiding statement is voided too."""

    target_key = models.BigIntegerField(db_index=True)
    target = models.UUIDField()
    voiding_statement = models.UUIDField()


class Attachment(models.Model):
    """Attachment content, stored once per SHA-2 hash however many statements refer to it."""

    sha2 = models.CharField(max_length=128, unique=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()


class Document(models.Model):
    """A state, activity profile or agent profile document (the three xAPI document resources)."""

    class Kind(models.IntegerChoices):
        STATE = 1
        ACTIVITY_PROFILE = 2
        AGENT_PROFILE = 3

    kind = models.SmallIntegerField(choices=Kind.choices)
    activity_iri = models.TextField(blank=True, default="")
    agent_ifi = models.TextField(blank=True, default="")
    registration = models.CharField(max_length=36, blank=True, default="")
    document_id = models.TextField()
    # Unique per (kind, activity, agent, registration, document id): a hash, because the parts together can
    # exceed what a PostgreSQL index entry holds.
    address_hash = models.CharField(max_length=64, unique=True)
    place_hash = models.CharField(
        max_length=64, db_index=True, help_text="The address without the document id."
    )
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    def __str__(self) -> str:
        return self.document_id
