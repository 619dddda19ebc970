"""Forms of the people pages. They only shape input: the services hold every rule, and their errors are put
back on these fields (`core.forms.apply_service_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learningcity.catalogue.models import Topic
from learningcity.catalogue.vocab import ACCESSIBILITY, LANGUAGES, Setting
from learningcity.core.models import District
from learningcity.learners.models import Sex


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name()


class TopicMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name()


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name()


class SignUpForm(forms.Form):
    email = forms.CharField(label=_("Email address"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"), strip=False,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    display_name = forms.CharField(label=_("Name to show"), max_length=120, required=False,
                                   help_text=_("Optional. How the site greets you."),
                                   widget=forms.TextInput(attrs={"autocomplete": "nickname"}))


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name to show"), max_length=120, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False,
                                    help_text=_("Optional. Shown only as an age band, like 40–44."),
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect)
    district = DistrictChoiceField(label=_("District where I live"), queryset=District.objects.order_by("code"),
                                   required=False, empty_label=_("Not said"))
    languages = forms.MultipleChoiceField(label=_("Languages I learn in"), required=False,
                                          choices=list(LANGUAGES.items()), widget=forms.CheckboxSelectMultiple)
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Accessibility needs"), required=False, choices=list(ACCESSIBILITY.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Used to suggest places that suit you; never shown to others."))
    interests = TopicMultipleChoiceField(label=_("Interests"), queryset=Topic.objects.all(), required=False,
                                         widget=forms.CheckboxSelectMultiple)


class ConsentForm(forms.Form):
    statistics_consent = forms.BooleanField(
        label=_("Count my learning in city statistics"), required=False,
        help_text=_("Anonymous counts by district, age band and sex only. You can withdraw at any time."))


class SelfReportForm(forms.Form):
    title = forms.CharField(label=_("What I learned"), max_length=300)
    # Contexts: "When", "Field" and "Notes" mean something else in the catalogue's and importers' screens.
    learned_on = forms.DateField(label=pgettext_lazy("day learned", "When"),
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The day, or the last day if it took longer."))
    hours = forms.CharField(label=_("How many hours"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                            help_text=_("For example 1.5 for an hour and a half."))
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices, initial=Setting.INFORMAL,
                                widget=forms.RadioSelect,
                                help_text=_("Formal: a school or degree. Non-formal: an organised course. "
                                            "Informal: on your own, at work, with family or friends."))
    topic = TopicChoiceField(label=pgettext_lazy("field of learning", "Field"), queryset=Topic.objects.all(),
                             required=False, empty_label=_("Not said"))
    description = forms.CharField(label=pgettext_lazy("a learner's own notes", "Notes"), required=False,
                                  max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.CharField(label=_("Evidence link"), required=False, max_length=500,
                                   widget=forms.URLInput(attrs={"inputmode": "url"}),
                                   help_text=_("Optional. A certificate, a portfolio, a finished piece."))


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type your email address or your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("This cannot be undone."))
