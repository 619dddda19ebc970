"""Document reads for the state, activity profile and agent profile resources."""

from __future__ import annotations

from datetime import datetime

from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.errors import Forbidden
from learningcity.lrs.models import Client, Document
from learningcity.lrs.services.documents import DocumentAddress


def _require_read(client: Client, address: DocumentAddress) -> None:
    if not scope_rules.can_use_documents(client.scopes, kind=address.scope, write=False):
        raise Forbidden(f"These credentials may not read {address.scope} documents.")


def document_get(*, client: Client, address: DocumentAddress, document_id: str) -> Document | None:
    _require_read(client, address)
    return Document.objects.filter(address_hash=address.hash_for(document_id)).first()


def document_ids(
    *, client: Client, address: DocumentAddress, since: datetime | None = None
) -> tuple[list[str], datetime | None]:
    """The ids of the documents at an address (updated after `since`), and the newest update time."""
    _require_read(client, address)
    documents = Document.objects.filter(**address.filter())
    if since is not None:
        documents = documents.filter(updated__gt=since)
    rows = list(documents.order_by("updated", "id").values_list("document_id", "updated"))
    return [document_id for document_id, _ in rows], (rows[-1][1] if rows else None)
