"""Credentials reads, with the joins done. Permission-aware reads take `actor`.

Other apps use: `credentials_of(user=)` and `imported_of(user=)` (the passport), `achievements_for_opportunity`
(catalogue panels), `issuer_for_provider`.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q, QuerySet

from learningcity.core.permissions import Actor, is_signed_in
from learningcity.credentials.models import (
    Achievement,
    AwardRule,
    ImportedCredential,
    IssuedCredential,
    Issuer,
    SigningKey,
    StatusList,
)
from learningcity.credentials.permissions import issuer_ids_for


def issuer_list() -> QuerySet[Issuer]:
    return Issuer.objects.select_related("provider").annotate(achievement_count=Count("achievements"))


def issuer_get(*, slug: str) -> Issuer:
    return Issuer.objects.select_related("provider").get(slug=slug)


def issuer_for_provider(*, provider_id: int) -> Issuer | None:
    return Issuer.objects.filter(provider_id=provider_id).first()


def issuer_keys(*, issuer: Issuer) -> QuerySet[SigningKey]:
    return issuer.keys.all().order_by("-created_at", "-id")


def issuers_for_staff(*, actor: Actor) -> QuerySet[Issuer]:
    return Issuer.objects.select_related("provider").filter(id__in=issuer_ids_for(actor)).order_by("name")


def statement_rules() -> list[tuple[str, str]]:
    """The (verb, activity) pairs of active statement-triggered award rules.

    Asked after every stored xAPI statement, so it is one plain query (the ORM's query building cost more
    than the rest of the check; measured), and usually answers an empty list."""
    table, quote = AwardRule._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT verb, activity FROM {quote(table)} WHERE is_active AND {quote('trigger')} = %s",
            [AwardRule.Trigger.STATEMENT.value],
        )
        return [(verb, activity) for verb, activity in cursor.fetchall()]


def achievement_list(*, issuer: Issuer | None = None, active_only: bool = False) -> QuerySet[Achievement]:
    qs = Achievement.objects.select_related("issuer").annotate(awarded=Count("credentials"))
    if issuer is not None:
        qs = qs.filter(issuer=issuer)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def achievement_get(*, uuid) -> Achievement:
    return (Achievement.objects.select_related("issuer", "issuer__provider")
            .prefetch_related("opportunities", "rules").get(uuid=uuid))


def achievements_for_opportunity(*, opportunity_id: int) -> QuerySet[Achievement]:
    return Achievement.objects.select_related("issuer").filter(opportunities__id=opportunity_id, is_active=True)


def credentials_of(*, user) -> QuerySet[IssuedCredential]:
    """A learner's credentials, newest first (the passport's "recognised achievements")."""
    if not is_signed_in(user):
        return IssuedCredential.objects.none()
    return IssuedCredential.objects.select_related("achievement", "issuer").filter(recipient=user)


def imported_of(*, user) -> QuerySet[ImportedCredential]:
    if not is_signed_in(user):
        return ImportedCredential.objects.none()
    return ImportedCredential.objects.filter(owner=user)


def credentials_issued_by(*, issuer: Issuer, query: str = "") -> QuerySet[IssuedCredential]:
    qs = IssuedCredential.objects.select_related("achievement", "recipient", "issued_by").filter(issuer=issuer)
    if query:
        qs = qs.filter(Q(recipient__email__icontains=query) | Q(recipient__display_name__icontains=query)
                       | Q(achievement__name__icontains=query))
    return qs


def credential_visible(*, uuid, actor: Actor) -> IssuedCredential | None:
    """The recipient and the issuer's staff see a credential; nobody else (use the share link)."""
    credential = (IssuedCredential.objects.select_related("achievement", "issuer", "recipient")
                  .filter(uuid=uuid).first())
    if credential is None or not is_signed_in(actor):
        return None
    if credential.recipient_id == actor.pk or credential.issuer_id in issuer_ids_for(actor):
        return credential
    return None


def credential_shared(*, token: str) -> IssuedCredential | None:
    if not token:
        return None
    return (IssuedCredential.objects.select_related("achievement", "issuer", "recipient")
            .filter(share_token=token).first())


def status_list_get(*, slug: str, number: int) -> StatusList:
    return StatusList.objects.select_related("issuer").get(issuer__slug=slug, number=number)
