"""Writing state, activity profile and agent profile documents, with ETag concurrency control.

Rules (xAPI 1.0.3 Part 3 §3.1; IEEE 9274.1.1 §4.1.4): a failed If-Match / If-None-Match precondition is 412;
a PUT without either header over an existing document is 409 (for profiles always, for state documents from
2.0 on); POST merges JSON objects at the top level and refuses to merge anything that is not a JSON object.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone

from learningcity.core import events
from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.errors import BadRequest, Conflict, Forbidden, NotFound, PreconditionFailed
from learningcity.lrs.models import Client, Document

Kind = Document.Kind


@dataclass(frozen=True)
class DocumentAddress:
    """Where a document lives: its kind and the parameters that identify it (empty strings when unused)."""

    kind: int
    activity_iri: str = ""
    agent_ifi: str = ""
    registration: str = ""

    @property
    def scope(self) -> str:
        return "state" if self.kind == Kind.STATE else "profile"

    @property
    def place_hash(self) -> str:
        parts = (str(self.kind), self.activity_iri, self.agent_ifi, self.registration)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def hash_for(self, document_id: str) -> str:
        return hashlib.sha256(f"{self.place_hash}\x1f{document_id}".encode()).hexdigest()

    def filter(self) -> dict[str, object]:
        """Lookup arguments for every document at this address (indexed through the hash)."""
        return {"place_hash": self.place_hash}

    def fields(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "activity_iri": self.activity_iri,
            "agent_ifi": self.agent_ifi,
            "registration": self.registration,
            "place_hash": self.place_hash,
        }


def etag_of(content: bytes) -> str:
    """The SHA-1 of the content in hex: the form the conformance suite and most clients expect."""
    return hashlib.sha1(content).hexdigest()


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")]
    return "*" in tags or etag in tags


def check_preconditions(
    existing: Document | None, *, if_match: str | None, if_none_match: str | None
) -> None:
    if if_match is not None and (existing is None or not _matches(if_match, existing.etag)):
        raise PreconditionFailed("If-Match does not match the current document.")
    if if_none_match is not None and existing is not None and _matches(if_none_match, existing.etag):
        raise PreconditionFailed("If-None-Match: the document already exists.")


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


def _require_scope(client: Client, address: DocumentAddress, *, write: bool) -> None:
    if not scope_rules.can_use_documents(client.scopes, kind=address.scope, write=write):
        raise Forbidden(
            f"These credentials may not {'change' if write else 'read'} {address.scope} documents."
        )


def document_write(
    *,
    client: Client,
    address: DocumentAddress,
    document_id: str,
    content: bytes,
    content_type: str,
    merge: bool,
    if_match: str | None = None,
    if_none_match: str | None = None,
    version: str = "1.0.3",
) -> Document:
    """PUT (merge=False) or POST (merge=True) one document."""
    _require_scope(client, address, write=True)
    content_type = content_type or "application/octet-stream"
    if merge:
        incoming = _json_object(content, content_type)
    try:
        with transaction.atomic():
            documents = Document.objects.select_for_update()
            existing = documents.filter(address_hash=address.hash_for(document_id)).first()
            check_preconditions(existing, if_match=if_match, if_none_match=if_none_match)
            if not merge and if_match is None and if_none_match is None:
                # Profiles always need a precondition on PUT (the 1.0.3 suite checks 400 for a new one);
                # state documents need one from 2.0 on, and only to overwrite.
                if existing is not None and (address.kind != Kind.STATE or version.startswith("2")):
                    raise Conflict("The document exists: send If-Match (or If-None-Match) to overwrite it.")
                if existing is None and address.kind != Kind.STATE:
                    raise BadRequest("PUT of a profile document needs If-Match or If-None-Match.")
            if merge and existing is not None:
                current = _json_object(bytes(existing.content), existing.content_type)
                content = orjson.dumps({**current, **incoming})
                content_type = "application/json"
            now = timezone.now()
            if existing is None:
                existing = Document.objects.create(
                    address_hash=address.hash_for(document_id),
                    document_id=document_id,
                    content=content,
                    content_type=content_type[:255],
                    etag=etag_of(content),
                    updated=now,
                    **address.fields(),
                )
            else:
                existing.content = content
                existing.content_type = content_type[:255]
                existing.etag = etag_of(content)
                existing.updated = now
                existing.save(update_fields=["content", "content_type", "etag", "updated"])
            events.emit("lrs.document.written", kind=address.kind, document_id=document_id)
            return existing
    except IntegrityError:
        # Another writer created the same document between our read and our insert.
        raise PreconditionFailed("The document was created concurrently; fetch it and retry.") from None


def _json_object(content: bytes, content_type: str) -> dict:
    if not _is_json(content_type):
        raise BadRequest("Only application/json documents can be merged by POST.")
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        raise BadRequest("The document is not valid JSON.") from None
    if not isinstance(value, dict):
        raise BadRequest("Only JSON objects can be merged by POST.")
    return value


@transaction.atomic
def document_delete(
    *,
    client: Client,
    address: DocumentAddress,
    document_id: str | None,
    if_match: str | None = None,
    if_none_match: str | None = None,
) -> int:
    """Delete one document, or (document_id=None, state only) every document at the address."""
    _require_scope(client, address, write=True)
    documents = Document.objects.select_for_update().filter(**address.filter())
    if document_id is None:
        if address.kind != Kind.STATE:
            raise BadRequest("Profiles are deleted one at a time: give profileId.")
        count = documents.delete()[0]
    else:
        existing = documents.filter(address_hash=address.hash_for(document_id)).first()
        check_preconditions(existing, if_match=if_match, if_none_match=if_none_match)
        if existing is None:
            if if_match is not None:
                raise NotFound("No such document.")
            return 0
        existing.delete()
        count = 1
    if count:
        events.emit("lrs.document.deleted", kind=address.kind, document_id=document_id or "*")
    return count
