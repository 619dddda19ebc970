"""Writes: storing statements (duplicates, conflicts, voiding, scopes, attachments), documents, clients and
the platform's own statements."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import orjson
import pytest
from django.core.exceptions import PermissionDenied

from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.core.services import user_create
from learningcity.lrs import profile
from learningcity.lrs.errors import BadRequest, Conflict, Forbidden, PreconditionFailed, StatementInvalid
from learningcity.lrs.models import Activity, Document, Statement
from learningcity.lrs.selectors import statement_get, statements_for_agent
from learningcity.lrs.services import (
    client_authenticate,
    client_create,
    client_revoke,
    document_write,
    platform_statement_record,
    statements_store,
)
from learningcity.lrs.services.documents import DocumentAddress
from learningcity.lrs.errors import NotFound, Unauthorized
from learningcity.lrs.tests.conftest import make_statement, new_id

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def store(client, *statements, version="1.0.3"):
    return statements_store(statements=list(statements), client=client, version=version)


def test_store_assigns_id_stored_authority_and_version(lrs_client):
    [sid] = store(lrs_client, make_statement())
    stored = orjson.loads(statement_get(statement_id=sid, voided=False))
    assert stored["id"] == sid
    assert stored["authority"] == lrs_client.authority
    assert stored["version"] == "1.0.0"
    assert stored["stored"].endswith("Z") and stored["timestamp"] == stored["stored"]
    # The statement table is the LRS's own ordered log: the stored event is announced, not put in the outbox.
    assert not DomainEvent.objects.filter(name="lrs.statements.stored").exists()


def test_batch_keeps_order_and_rows_grow_with_stored(lrs_client):
    ids = store(lrs_client, *[make_statement() for _ in range(5)])
    rows = list(
        Statement.objects.filter(statement_id__in=ids).order_by("id").values_list("statement_id", "stored_us")
    )
    assert [str(sid) for sid, _ in rows] == ids
    assert len({stored for _, stored in rows}) == 1  # one batch, one stored time
    [later] = store(lrs_client, make_statement())
    assert Statement.objects.get(statement_id=later).stored_us > rows[0][1]


def test_same_id_same_content_is_accepted_once(lrs_client):
    statement = make_statement(id=new_id())
    store(lrs_client, statement)
    store(lrs_client, statement)
    assert Statement.objects.filter(statement_id=statement["id"]).count() == 1


def test_same_id_different_content_conflicts_and_changes_nothing(lrs_client):
    statement = make_statement(id=new_id())
    store(lrs_client, statement)
    changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    before = Statement.objects.count()
    with pytest.raises(Conflict):
        store(lrs_client, make_statement(), changed)
    assert Statement.objects.count() == before  # the whole batch was refused


def test_duplicate_ids_in_one_batch_are_refused(lrs_client):
    statement = make_statement(id=new_id())
    with pytest.raises(BadRequest):
        store(lrs_client, statement, statement)


def test_invalid_statement_in_batch_stores_nothing(lrs_client):
    before = Statement.objects.count()
    with pytest.raises(StatementInvalid):
        store(lrs_client, make_statement(), make_statement(verb={"id": "not an iri"}))
    assert Statement.objects.count() == before


def test_voiding_hides_target_and_keeps_it_by_voided_id(lrs_client):
    [target] = store(lrs_client, make_statement())
    store(
        lrs_client, make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})
    )
    with pytest.raises(NotFound):
        statement_get(statement_id=target, voided=False)
    assert orjson.loads(statement_get(statement_id=target, voided=True))["id"] == target


def test_voiding_statement_cannot_be_voided(lrs_client):
    [target] = store(lrs_client, make_statement())
    [voiding] = store(
        lrs_client, make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})
    )
    store(
        lrs_client, make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": voiding})
    )
    assert orjson.loads(statement_get(statement_id=voiding, voided=False))["id"] == voiding


def test_target_arriving_after_its_voiding_statement_is_voided(lrs_client):
    target_id = new_id()
    store(
        lrs_client,
        make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target_id}),
    )
    store(lrs_client, make_statement(id=target_id))
    assert Statement.objects.get(statement_id=target_id).voided


def test_scopes_are_enforced(db):
    reader, _ = client_create(name="reader", scopes=["statements/read"], by=None)
    with pytest.raises(Forbidden):
        store(reader, make_statement())


def test_define_scope_merges_activity_definitions(db):
    definer, _ = client_create(name="definer", scopes=["statements/write", "define"], by=None)
    writer, _ = client_create(name="writer", scopes=["statements/write"], by=None)
    iri = "https://learning.example/activities/merge"
    store(
        definer,
        make_statement(object={"id": iri, "definition": {"name": {"en": "Pottery"}}}),
        make_statement(object={"id": iri, "definition": {"name": {"ko": "도자기"}}}),
    )
    store(writer, make_statement(object={"id": iri, "definition": {"name": {"en": "Ignored"}}}))
    assert Activity.objects.get(iri=iri).definition == {"name": {"en": "Pottery", "ko": "도자기"}}


def test_attachment_without_content_is_refused(lrs_client):
    attachment = {
        "usageType": "https://learning.example/usage",
        "display": {"en": "x"},
        "contentType": "text/plain",
        "length": 2,
        "sha2": "a" * 64,
    }
    with pytest.raises(BadRequest):
        store(lrs_client, make_statement(attachments=[attachment]))


def test_v2_converts_timestamps_to_utc(lrs_client):
    [sid] = store(lrs_client, make_statement(timestamp="2023-05-04T12:00:00-05:00"), version="2.0.0")
    assert (
        orjson.loads(statement_get(statement_id=sid, voided=False))["timestamp"]
        == "2023-05-04T17:00:00.000000Z"
    )


def test_client_secret_is_hashed_and_revocation_is_audited(db):
    office = user_create(email="office@example.org", password=None, is_city_office=True)
    client, secret = client_create(name="Library kiosk", scopes=["statements/write"], by=office)
    assert secret not in client.secret_hash and len(client.secret_hash) == 64
    assert client_authenticate(key=client.key, secret=secret).pk == client.pk
    with pytest.raises(Unauthorized):
        client_authenticate(key=client.key, secret="wrong")
    client_revoke(client=client, by=office)
    with pytest.raises(Unauthorized):
        client_authenticate(key=client.key, secret=secret)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"lrs.client.create", "lrs.client.revoke"} <= actions


def test_only_the_city_office_creates_clients(db):
    someone = user_create(email="someone@example.org", password=None)
    with pytest.raises(PermissionDenied):
        client_create(name="x", scopes=["all"], by=someone)
    with pytest.raises(ValueError):
        client_create(name="x", scopes=["everything"], by=None)


def test_documents_etag_merge_and_preconditions(lrs_client):
    address = DocumentAddress(Document.Kind.ACTIVITY_PROFILE, activity_iri="https://learning.example/a")

    def write(content: bytes, content_type: str = "application/json", merge: bool = False, **headers):
        return document_write(
            client=lrs_client,
            address=address,
            document_id="p",
            content=content,
            content_type=content_type,
            merge=merge,
            **headers,
        )

    first = write(b'{"a": 1}', if_none_match="*")
    with pytest.raises(PreconditionFailed):
        write(b"{}", if_match='"nope"')
    with pytest.raises(Conflict):
        write(b"{}")
    merged = write(b'{"b": 2}', merge=True, if_match=f'"{first.etag}"')
    assert orjson.loads(bytes(merged.content)) == {"a": 1, "b": 2} and merged.etag != first.etag
    with pytest.raises(BadRequest):
        write(b"plain", content_type="text/plain", merge=True)


def test_platform_statement_record_uses_the_profile(db):
    learner = {"account": {"homePage": "https://learning.example", "name": "42"}}
    when = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
    sid = platform_statement_record(
        actor=learner, verb="self-reported", object={"id": "https://learning.example/self/1"}, timestamp=when
    )
    [statement] = statements_for_agent(learner)
    assert statement["id"] == str(sid)
    assert statement["verb"]["id"] == profile.VERBS["self-reported"].iri
    assert {"id": profile.SELF_REPORTED_CATEGORY} in statement["context"]["contextActivities"]["category"]
    assert statement["authority"]["account"]["name"] == "platform"
    with pytest.raises(StatementInvalid):
        platform_statement_record(
            actor=learner, verb="completed", object={"id": "x"}, timestamp=datetime(2026, 4, 1)
        )


def test_platform_statement_record_is_idempotent_with_an_id(db):
    learner = {"mbox": "mailto:someone@example.org"}
    sid = uuid.uuid4()
    for _ in range(2):
        platform_statement_record(
            actor=learner, verb="enrolled", object={"id": "https://learning.example/c/1"}, statement_id=sid
        )
    assert Statement.objects.filter(statement_id=sid).count() == 1
