"""Core pages: sign-in and out, the account page with API tokens, and "About the data"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.core import services
from learningcity.core.forms import SignInForm, TokenForm
from learningcity.core.models import ApiToken


class SignInView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def account(request: HttpRequest) -> HttpResponse:
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                     by=request.user)
        messages.success(request, _("Token created. Copy it now: it is shown only once."))
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "core/account.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("core:account")


def about_data(request: HttpRequest) -> HttpResponse:
    from learningcity.core.sources import SOURCES

    return render(request, "core/about_data.html", {"sources": SOURCES})
