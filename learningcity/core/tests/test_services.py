"""Core writes: audit entries, API tokens, accounts, the city office role, domain events."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from learningcity.core import events, services
from learningcity.core.models import ApiToken, AuditEntry, DomainEvent, User
from learningcity.testing import factories


def test_user_create_audits_and_emits(db):
    user = services.user_create(email="Mi-Rae@Example.org", password="a-long-password-1")
    assert user.email == "mi-rae@example.org"
    assert user.check_password("a-long-password-1")
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk), actor=user).exists()
    assert DomainEvent.objects.filter(name="core.user.created", payload__user_id=user.pk).exists()


def test_audit_labels_system_and_anonymous(db):
    system = services.audit_record(actor=None, action="test.system", object_type="x", object_id="1")
    anonymous = services.audit_record(actor=AnonymousUser(), action="test.anon", object_type="x", object_id="1")
    assert (system.actor, system.actor_label) == (None, "system")
    assert (anonymous.actor, anonymous.actor_label) == (None, "anonymous")


def test_token_is_stored_hashed_and_shown_once(learner):
    token, raw = services.api_token_create(user=learner, name="script", by=learner)
    assert raw.startswith("lc_") and raw not in token.key_hash and token.prefix == raw[:11]
    assert services.api_token_authenticate(raw) == learner
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert services.api_token_authenticate(raw + "x") is None
    assert services.api_token_authenticate("not-a-token") is None


def test_revoked_token_and_inactive_user_do_not_authenticate(learner):
    token, raw = services.api_token_create(user=learner, name="script", by=learner)
    services.api_token_revoke(token=token, by=learner)
    assert services.api_token_authenticate(raw) is None
    _, raw2 = services.api_token_create(user=learner, name="again", by=learner)
    User.objects.filter(pk=learner.pk).update(is_active=False)
    assert services.api_token_authenticate(raw2) is None


def test_nobody_makes_tokens_for_someone_else(learner, city_office):
    other = factories.user()
    with pytest.raises(PermissionDenied):
        services.api_token_create(user=other, name="x", by=learner)
    with pytest.raises(PermissionDenied):
        services.api_token_create(user=other, name="x", by=AnonymousUser())
    token, _ = services.api_token_create(user=other, name="by the office", by=city_office)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=learner)
    assert ApiToken.objects.filter(user=other).count() == 1


def test_only_the_city_office_changes_its_members(learner, city_office):
    other = factories.user()
    with pytest.raises(PermissionDenied):
        services.user_set_city_office(user=other, value=True, by=learner)
    services.user_set_city_office(user=other, value=True, by=city_office)
    other.refresh_from_db()
    assert other.is_city_office


@pytest.mark.parametrize("send, in_outbox", [(events.emit, True), (events.announce, False)])
def test_events_run_subscribers_after_commit_only(transactional_db, send, in_outbox):
    """`emit` also stores the event in the outbox; `announce` (for changes logged in their own table) does not."""
    name = f"test.thing.{send.__name__}"
    seen = []
    handler = lambda event: seen.append((event.name, event.payload))  # noqa: E731
    events.subscribe(name, handler)
    try:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                send(name, thing_id=1)
                raise RuntimeError("roll back")
        assert seen == [] and not DomainEvent.objects.filter(name=name).exists()
        with transaction.atomic():
            event = send(name, thing_id=2)
            assert seen == []
        assert seen == [(name, {"thing_id": 2})]
        stored = list(DomainEvent.objects.filter(name=name).values_list("pk", flat=True))
        assert stored == ([event.pk] if in_outbox else []) and (event.pk is not None) == in_outbox
        if in_outbox:
            assert [e.pk for e in events.events_after(event.pk - 1, names=(name,))] == [event.pk]
    finally:
        events._subscribers[name].remove(handler)


def test_a_failing_subscriber_does_not_undo_the_change(transactional_db):
    def broken(event):
        raise ValueError("boom")

    events.subscribe("test.broken", broken)
    try:
        with transaction.atomic():
            events.emit("test.broken")
        assert DomainEvent.objects.filter(name="test.broken").exists()
    finally:
        events._subscribers["test.broken"].remove(broken)
