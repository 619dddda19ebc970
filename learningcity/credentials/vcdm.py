"""The VC Data Model 2.0 rules a credential must meet before we sign it or call it verified.

JSON-LD well-formedness (every term defined, every type an IRI) is `jsonld.expand`'s job; this module checks
the data model's own MUSTs that JSON-LD cannot see: required properties, URLs where URLs are required,
`type` on the objects that need one, dates in XSD dateTimeStamp form, a non-empty subject.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from learningcity.credentials.jsonld import VC_V2

# XSD dateTimeStamp: a time zone is required.
_DATETIME = re.compile(
    r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
TYPED_PROPERTIES = ("credentialStatus", "credentialSchema", "refreshService", "termsOfUse", "evidence")


class ModelError(ValueError):
    """A data-model violation; `str()` says which rule, for a person."""


def parse_datetime(value: Any, field: str) -> datetime:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise ModelError(_("%(field)s must be a date-time with a time zone (XSD dateTimeStamp), e.g. "
                           "2026-01-31T09:00:00Z.") % {"field": field})
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ModelError(_("%(field)s is not a real date-time.") % {"field": field}) from exc


def is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def check_credential(credential: Any) -> None:
    """Raise ModelError for the first data-model rule `credential` breaks."""
    if not isinstance(credential, dict):
        raise ModelError(_("A credential must be a JSON object."))
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_V2:
        raise ModelError(_("The first @context must be %(url)s.") % {"url": VC_V2})
    types = credential.get("type")
    if not isinstance(types, (list, str)) or "VerifiableCredential" not in _as_list(types):
        raise ModelError(_("type must include VerifiableCredential."))
    if "id" in credential and not is_url(credential["id"]):
        raise ModelError(_("id must be a single URL."))
    if "issuer" not in credential:
        raise ModelError(_("A credential must name its issuer."))
    issuer = credential["issuer"]
    if isinstance(issuer, dict):
        if not is_url(issuer.get("id")):
            raise ModelError(_("issuer.id must be a URL."))
    elif not is_url(issuer):
        raise ModelError(_("issuer must be a URL or an object with a URL id."))
    subjects = credential.get("credentialSubject")
    if subjects is None or subjects == [] or subjects == {}:
        raise ModelError(_("A credential must have a credentialSubject."))
    for subject in _as_list(subjects):
        if not isinstance(subject, dict) or not subject:
            raise ModelError(_("Each credentialSubject must be an object with at least one claim."))
        if "id" in subject and not is_url(subject["id"]):
            raise ModelError(_("credentialSubject.id must be a URL."))
    start = end = None
    if "validFrom" in credential:
        start = parse_datetime(credential["validFrom"], "validFrom")
    if "validUntil" in credential:
        end = parse_datetime(credential["validUntil"], "validUntil")
    if start and end and end < start:
        raise ModelError(_("validUntil is before validFrom."))
    for prop in TYPED_PROPERTIES:
        if prop not in credential:
            continue
        for item in _as_list(credential[prop]):
            if not isinstance(item, dict) or "type" not in item:
                raise ModelError(_("Each %(prop)s must be an object with a type.") % {"prop": prop})
            if "id" in item and not is_url(item["id"]):
                raise ModelError(_("%(prop)s.id must be a URL.") % {"prop": prop})
            if prop == "credentialSchema" and not is_url(item.get("id")):
                raise ModelError(_("credentialSchema must have a URL id."))
    _check_no_nulls(credential, "")
    if "relatedResource" in credential:
        _check_related(credential["relatedResource"])
    for key in ("name", "description"):
        if key in credential:
            for value in _as_list(credential[key]):
                if not isinstance(value, str) and not (isinstance(value, dict) and "@value" in value):
                    raise ModelError(_("%(key)s must be a string or language-tagged values.") % {"key": key})


_SRI = re.compile(r"^(sha256|sha384|sha512)-[A-Za-z0-9+/_-]+={0,2}$")


def _check_related(value: Any) -> None:
    """relatedResource (§5.3): objects with a URL id, unique ids, and a well-formed digest each.

    Whether a digest matches the resource cannot be checked here without fetching it (this site does not
    reach the network), so only the form is enforced.
    """
    ids = []
    for item in _as_list(value):
        if not isinstance(item, dict):
            raise ModelError(_("Each relatedResource must be an object."))
        if not is_url(item.get("id")):
            raise ModelError(_("Each relatedResource must have a URL id."))
        sri, multibase = item.get("digestSRI"), item.get("digestMultibase")
        if not sri and not multibase:
            raise ModelError(_("Each relatedResource needs a digestSRI or a digestMultibase."))
        if sri is not None and not (isinstance(sri, str) and _SRI.match(sri)):
            raise ModelError(_("digestSRI is not a Subresource Integrity value."))
        if multibase is not None and not (isinstance(multibase, str) and multibase[:1] in ("u", "z")):
            raise ModelError(_("digestMultibase is not a multibase value."))
        ids.append(item["id"])
    if len(ids) != len(set(ids)):
        raise ModelError(_("relatedResource ids must be unique."))


def _check_no_nulls(node: Any, path: str) -> None:
    """JSON-LD reads a null value or an empty array as "absent", so a signature cannot tell `"name": null` or
    `"name": []` from a missing name. A credential holding them could show a reader something the issuer never
    signed: refuse them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            where = f"{path}.{key}" if path else key
            if value is None:
                raise ModelError(_("%(field)s is null; leave a property out instead of setting it to null.")
                                 % {"field": where})
            _check_no_nulls(value, where)
    elif isinstance(node, list):
        if not node:
            raise ModelError(_("%(field)s is an empty list; leave it out instead.") % {"field": path})
        # JSON-LD reads [x, x] as the one value x: the signature cannot see a repeated plain value either.
        plain = [(type(v), v) for v in node if isinstance(v, (str, int, float, bool))]
        if len(plain) != len(set(plain)):
            raise ModelError(_("%(field)s repeats a value; list each value once.") % {"field": path})
        for i, value in enumerate(node):
            if isinstance(value, list):  # JSON-LD flattens [[x]] to [x]: the signature cannot see the nesting
                raise ModelError(_("%(field)s holds a list inside a list; flatten it.") % {"field": f"{path}[{i}]"})
            if value is None:
                raise ModelError(_("%(field)s holds a null; leave it out instead.") % {"field": f"{path}[{i}]"})
            _check_no_nulls(value, f"{path}[{i}]")
