"""Public pages and documents: issuer profiles (HTML or controller document), achievements and their badge
images, status lists, the verification page and shared credentials."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from learningcity.credentials import baking, documents, selectors
from learningcity.credentials.forms import VerifyForm
from learningcity.credentials.models import Achievement, Issuer, StatusList
from learningcity.credentials.verification import credential_verify

JSON_TYPES = ("application/json", "application/ld+json", "application/did+json", "application/did+ld+json")


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return any(t in accept for t in JSON_TYPES) and "text/html" not in accept


def _json(data, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # public documents verifiers elsewhere may read
    return response


def _issuer(slug: str) -> Issuer:
    try:
        return selectors.issuer_get(slug=slug)
    except Issuer.DoesNotExist:
        raise Http404(_("No such issuer."))


def issuer_list(request: HttpRequest) -> HttpResponse:
    return render(request, "credentials/issuer_list.html", {"issuers": selectors.issuer_list()})


def issuer(request: HttpRequest, slug: str) -> HttpResponse:
    """The issuer's id: a controller document for JSON clients, a page for people."""
    obj = _issuer(slug)
    keys = list(selectors.issuer_keys(issuer=obj))
    if _wants_json(request):
        return _json(documents.controller_document(obj, keys))
    return render(request, "credentials/issuer.html", {
        "issuer": obj, "keys": keys, "issuer_uri": documents.issuer_uri(obj),
        "achievements": selectors.achievement_list(issuer=obj, active_only=True),
    })


def issuer_document(request: HttpRequest, slug: str) -> JsonResponse:
    obj = _issuer(slug)
    return _json(documents.controller_document(obj, selectors.issuer_keys(issuer=obj)))


def status_list(request: HttpRequest, slug: str, number: int) -> JsonResponse:
    try:
        obj = selectors.status_list_get(slug=slug, number=number)
    except StatusList.DoesNotExist:
        raise Http404(_("No such status list."))
    response = _json(obj.document)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _achievement(uuid) -> Achievement:
    try:
        return selectors.achievement_get(uuid=uuid)
    except (Achievement.DoesNotExist, ValueError):
        raise Http404(_("No such achievement."))


def achievement(request: HttpRequest, uuid) -> HttpResponse:
    obj = _achievement(uuid)
    if _wants_json(request):
        return _json({"@context": documents.OB_CONTEXT, **documents.achievement_json(obj)})
    return render(request, "credentials/achievement.html", {
        "achievement": obj, "alignment": documents.achievement_json(obj).get("alignment", []),
        "opportunities": obj.opportunities.filter(status="published").select_related("provider")[:50],
    })


def achievement_image(request: HttpRequest, uuid, fmt: str) -> HttpResponse:
    obj = _achievement(uuid)
    if fmt == "png":
        response = HttpResponse(baking.badge_png(obj.colour), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(baking.badge_svg(colour=obj.colour, title=obj.image_alt or obj.name),
                                content_type="image/svg+xml")
    else:
        raise Http404
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        payload = form.payload()
        if payload is None:
            form.add_error(None, _("Paste a credential or choose a file."))
        else:
            if isinstance(payload, bytes):
                payload = baking.unbake(payload) or payload
            report = credential_verify(payload)
    return render(request, "credentials/verify.html", {"form": form, "report": report})


def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The public link a learner shares: the credential, verified now, in words."""
    credential = selectors.credential_shared(token=token)
    if credential is None:
        raise Http404(_("This link is not shared (any more)."))
    report = credential_verify(credential.document)
    return render(request, "credentials/shared.html", {
        "credential": credential, "report": report, "token": token,
        "document_json": json.dumps(credential.document, ensure_ascii=False, indent=2),
    })
