from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learningcity.core import ratelimit


class SignInForm(AuthenticationForm):
    """Email and password, with failed attempts limited per account and per address."""

    username = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                         "autofocus": True}))
    error_messages = {
        "invalid_login": _("That email address and password do not match. Check both, or reset your password."),
        "inactive": _("This account is not active."),
        "blocked": _("Too many failed attempts. Wait a few minutes, then try again."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        address = ratelimit.client_address(self.request)
        if ratelimit.is_blocked(email, address):
            raise forms.ValidationError(self.error_messages["blocked"], code="blocked")
        if email and password:
            self.user_cache = authenticate(self.request, username=email.lower(), password=password)
            if self.user_cache is None:
                ratelimit.record_failure(email, address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            ratelimit.clear(email, address)
        return self.cleaned_data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What the token is for, e.g. 'course import script'."))

def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the matching fields (or to the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
