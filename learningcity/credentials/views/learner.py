"""A learner's own credentials: list, detail, downloads (JSON, JWT, baked PNG/SVG), sharing and imports."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.credentials import baking, selectors, services
from learningcity.credentials.forms import ImportForm
from learningcity.credentials.models import ImportedCredential, IssuedCredential
from learningcity.credentials.verification import credential_verify


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        payload = form.payload()
        if payload is None:
            form.add_error(None, _("Paste a credential or choose a file."))
        else:
            try:
                imported = services.credential_import(owner=request.user, data=payload, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc.message_dict.get("credential", exc.messages)[0]
                               if hasattr(exc, "message_dict") else exc.messages[0])
            else:
                if imported.verified:
                    messages.success(request, _("Added to your passport and verified."))
                else:
                    messages.warning(request, _("Added to your passport, but it did not verify: %(reason)s")
                                     % {"reason": imported.verification.get("errors", [{}])[0].get("message", "")})
                return redirect("credentials:imported", imported.uuid)
    return render(request, "credentials/mine.html", {
        "issued": selectors.credentials_of(user=request.user),
        "imported": selectors.imported_of(user=request.user),
        "form": form,
    })


def _visible(request: HttpRequest, uuid) -> IssuedCredential:
    credential = selectors.credential_visible(uuid=uuid, actor=request.user)
    if credential is None:
        raise Http404(_("No such credential among yours."))
    return credential


@login_required
def credential(request: HttpRequest, uuid) -> HttpResponse:
    obj = _visible(request, uuid)
    report = credential_verify(obj.document)
    share_url = request.build_absolute_uri(f"/credentials/shared/{obj.share_token}/") if obj.share_token else ""
    return render(request, "credentials/credential.html", {
        "credential": obj, "report": report, "share_url": share_url,
        "is_recipient": obj.recipient_id == request.user.pk,
        "document_json": json.dumps(obj.document, ensure_ascii=False, indent=2),
    })


def download_response(obj: IssuedCredential, fmt: str) -> HttpResponse:
    name = slugify(obj.achievement.name if obj.achievement else "credential") or "credential"
    if fmt == "json":
        response = HttpResponse(json.dumps(obj.document, ensure_ascii=False, indent=2),
                                content_type="application/vc+ld+json; charset=utf-8")
        ext = "json"
    elif fmt == "jwt":
        response = HttpResponse(obj.jwt, content_type="application/vc+jwt")
        ext = "jwt"
    elif fmt == "png":
        colour = obj.achievement.colour if obj.achievement else "#1f5fa8"
        response = HttpResponse(baking.bake_png(baking.badge_png(colour), obj.document), content_type="image/png")
        ext = "png"
    elif fmt == "svg":
        colour = obj.achievement.colour if obj.achievement else "#1f5fa8"
        title = obj.achievement.name if obj.achievement else "credential"
        response = HttpResponse(baking.bake_svg(baking.badge_svg(colour=colour, title=title), obj.document),
                                content_type="image/svg+xml")
        ext = "svg"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}-{str(obj.uuid)[:8]}.{ext}"'
    return response


@login_required
def credential_download(request: HttpRequest, uuid, fmt: str) -> HttpResponse:
    return download_response(_visible(request, uuid), fmt)


def shared_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    obj = selectors.credential_shared(token=token)
    if obj is None:
        raise Http404(_("This link is not shared (any more)."))
    return download_response(obj, fmt)


@login_required
@require_POST
def credential_share(request: HttpRequest, uuid) -> HttpResponse:
    obj = _visible(request, uuid)
    share = request.POST.get("share") == "1"
    try:
        services.credential_share(credential=obj, by=request.user, share=share)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Anyone with the link can now see and check this credential.") if share
                         else _("The public link no longer works."))
    return redirect("credentials:credential", obj.uuid)


@login_required
def imported(request: HttpRequest, uuid) -> HttpResponse:
    obj = get_object_or_404(ImportedCredential, uuid=uuid, owner=request.user)
    content = obj.jwt or json.dumps(obj.document, ensure_ascii=False, indent=2)
    return render(request, "credentials/imported.html", {"imported": obj, "content": content})


@login_required
@require_POST
def imported_delete(request: HttpRequest, uuid) -> HttpResponse:
    obj = get_object_or_404(ImportedCredential, uuid=uuid, owner=request.user)
    services.imported_credential_delete(imported=obj, by=request.user)
    messages.success(request, _("Removed from your passport."))
    return redirect("credentials:mine")
