"""VC-API endpoints (W3C CCG VC-API): issue, verify and update status, under /api/v1/credentials/.

- `POST /credentials/issue`: an issuer's staff (API token) signs a credential as that issuer.
- `POST /credentials/verify`: anyone checks a credential; 200 when verified, 400 with the report and the
  reasons when not (both carry `verified`, `checks`, `errors`, `warnings`).
- `POST /credentials/status`: an issuer's staff revoke a credential they issued.
- `POST /presentations/verify`: anyone checks a presentation (holder's proof, challenge, domain, and each
  credential in it).
Errors other than a failed verification are RFC 9457 problem details like the rest of the API.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema

from learningcity.core.api_auth import API_AUTH
from learningcity.core.api_types import InputSchema
from learningcity.core.problems import CONTENT_TYPE, PROBLEM_BASE, problem
from learningcity.credentials import services
from learningcity.credentials.models import IssuedCredential
from learningcity.credentials.presentations import presentation_verify
from learningcity.credentials.verification import Report, credential_verify

router = Router(tags=["credentials"])


class IssueRequest(InputSchema):
    credential: dict[str, Any]
    options: dict[str, Any] | None = None


class IssueResponse(Schema):
    verifiableCredential: dict[str, Any]


class VerifyRequest(InputSchema):
    verifiableCredential: dict[str, Any] | str
    options: dict[str, Any] | None = None


class VerifyResponse(Schema):
    verified: bool
    checks: list[str]
    results: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class StatusItem(Schema):
    type: str = "BitstringStatusListEntry"
    status: bool


class StatusRequest(InputSchema):
    credentialId: str
    credentialStatus: list[StatusItem]


class StatusResponse(Schema):
    credentialId: str
    revoked: bool


@router.post("/credentials/issue", auth=API_AUTH, response={201: IssueResponse, 400: dict, 401: dict, 403: dict},
             summary="Issue a credential (VC-API)")
def issue(request: HttpRequest, body: IssueRequest):
    issued = services.credential_issue_vc_api(credential=body.credential, options=body.options, by=request.user)
    return 201, {"verifiableCredential": issued.document}


class VerifyPresentationRequest(InputSchema):
    verifiablePresentation: dict[str, Any]
    options: dict[str, Any] | None = None


def _report_response(report: Report, what: str):
    data = report.as_dict()
    if report.verified:
        return 200, data
    data.update({"type": PROBLEM_BASE + f"{what}-not-verified", "title": f"The {what} did not verify.",
                 "status": 400, "detail": report.reason})
    return JsonResponse(data, status=400, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


@router.post("/credentials/verify", response={200: VerifyResponse, 400: dict},
             summary="Verify a credential (VC-API)")
def verify(request: HttpRequest, body: VerifyRequest):
    return _report_response(credential_verify(body.verifiableCredential), "credential")


@router.post("/presentations/verify", response={200: VerifyResponse, 400: dict},
             summary="Verify a presentation (VC-API)")
def verify_presentation(request: HttpRequest, body: VerifyPresentationRequest):
    options = body.options or {}
    challenge, domain = options.get("challenge"), options.get("domain")
    report = presentation_verify(body.verifiablePresentation,
                                 challenge=challenge if isinstance(challenge, str) else None,
                                 domain=domain if isinstance(domain, str) else None)
    return _report_response(report, "presentation")


@router.post("/credentials/status", auth=API_AUTH, response={200: StatusResponse, 400: dict, 401: dict, 403: dict,
                                                              404: dict},
             summary="Revoke a credential (VC-API update status)")
def update_status(request: HttpRequest, body: StatusRequest):
    uuid = body.credentialId.removeprefix("urn:uuid:")
    credential = IssuedCredential.objects.select_related("issuer").filter(uuid=uuid).first() if _is_uuid(uuid) else None
    if credential is None:
        credential = IssuedCredential.objects.select_related("issuer").filter(document__id=body.credentialId).first()
    if credential is None:
        return problem(404, "Not found.", "No credential with that id was issued here.", kind="not-found")
    if not any(item.status for item in body.credentialStatus):
        return problem(400, "Not supported.", "Revocation cannot be undone; send status true to revoke.",
                       kind="validation")
    services.credential_revoke(credential=credential, by=request.user, reason="VC-API status update")
    return 200, {"credentialId": body.credentialId, "revoked": True}


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
