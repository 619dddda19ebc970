"""Forms for issuer staff and learners. They collect input; services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learningcity.catalogue.models import Opportunity
from learningcity.catalogue.vocab import ISCED_FIELDS
from learningcity.credentials.models import Achievement, AwardRule, Issuer


class IssuerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    url = forms.URLField(label=_("Web site"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Contact email"), required=False)


class AchievementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(label=_("Criteria"), widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What a person must do to earn it."))
    achievement_type = forms.ChoiceField(label=_("Type"), choices=Achievement.AchievementType.choices)
    colour = forms.RegexField(label=_("Badge colour"), regex=r"^#[0-9a-fA-F]{6}$", initial="#1f5fa8",
                              widget=forms.TextInput(attrs={"type": "color"}))
    image_alt = forms.CharField(label=_("Image description"), max_length=200, required=False,
                                help_text=_("Read aloud by screen readers; the name is used when empty."))
    skills = forms.CharField(label=_("ESCO skills"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One ESCO skill URI per line. Search for skills below the form."))
    isced_fields = forms.MultipleChoiceField(label=_("Fields of education (ISCED-F)"), required=False,
                                             choices=[(k, f"{k} {v}") for k, v in ISCED_FIELDS.items()],
                                             widget=forms.CheckboxSelectMultiple)
    opportunities = forms.ModelMultipleChoiceField(label=_("Opportunities that lead to it"), required=False,
                                                   queryset=Opportunity.objects.none(),
                                                   widget=forms.SelectMultiple(attrs={"size": 8}))
    is_active = forms.BooleanField(label=_("Can be awarded"), required=False, initial=True)

    def __init__(self, *args, issuer: Issuer, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Opportunity.objects.order_by("title")
        if issuer.provider_id is not None:
            qs = qs.filter(provider_id=issuer.provider_id)
        else:
            qs = qs.filter(status="published")
        self.fields["opportunities"].queryset = qs

    def service_data(self) -> tuple[dict, list]:
        data = dict(self.cleaned_data)
        opportunities = list(data.pop("opportunities"))
        data["skills"] = [line.strip() for line in data["skills"].splitlines() if line.strip()]
        return data, opportunities


class AwardForm(forms.Form):
    emails = forms.CharField(label=_("Recipients' email addresses"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("One per line. Each must have an account on this site."))
    valid_until = forms.DateTimeField(label=_("Valid until (optional)"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def emails_list(self) -> list[str]:
        return [e.strip().lower() for e in self.cleaned_data["emails"].replace(",", "\n").splitlines() if e.strip()]


class RuleForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Award it when"), choices=AwardRule.Trigger.choices)
    min_attendance = forms.IntegerField(label=_("Minimum attendance (%)"), min_value=1, max_value=100, initial=80)
    verb = forms.URLField(label=_("xAPI verb"), required=False, assume_scheme="https",
                          help_text=_("For statement rules, e.g. http://adlnet.gov/expapi/verbs/completed"))
    activity = forms.URLField(label=_("xAPI activity id"), required=False, assume_scheme="https")


class VerifyForm(forms.Form):
    text = forms.CharField(label=_("Paste a credential (JSON or JWT)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}))
    file = forms.FileField(label=_("Or upload a file (JSON, JWT, or a baked PNG/SVG badge)"), required=False)

    def payload(self) -> bytes | str | None:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(2 * 1024 * 1024 + 1)
        return self.cleaned_data.get("text") or None


class ImportForm(VerifyForm):
    pass
