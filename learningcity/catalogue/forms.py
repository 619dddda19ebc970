"""Provider staff forms. They collect input; the services validate and save, and their per-field errors are
put back on the form so a person sees each problem next to the field."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learningcity.catalogue import vocab
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Topic, Venue
from learningcity.core.forms import apply_service_errors  # noqa: F401  (re-exported for catalogue views)
from learningcity.core.models import District



class OpportunityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=vocab.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False, max_length=20_000)
    topics = forms.ModelMultipleChoiceField(label=_("Topics"), queryset=Topic.objects.order_by("code"),
                                            to_field_name="code",
                                            widget=forms.CheckboxSelectMultiple, required=False)
    setting = forms.ChoiceField(label=_("Setting"), choices=vocab.Setting.choices,
                                help_text=_("Formal leads to a recognised qualification; non-formal is organised "
                                            "learning without one; informal is learning in daily life."))
    isced_level = forms.TypedChoiceField(label=_("ISCED level (formal education only)"), required=False,
                                         coerce=int, empty_value=None,
                                         choices=[("", "—")] + [(k, f"{k}: {v}") for k, v in vocab.ISCED_LEVELS.items()])
    isced_field = forms.ChoiceField(label=_("Field of education (ISCED-F)"), required=False,
                                    choices=[("", "—")] + [(k, f"{k}: {v}") for k, v in vocab.ISCED_FIELDS.items()])
    age_min = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120,
                                 help_text=_("Leave empty for no upper limit."))
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), choices=list(vocab.TARGET_GROUPS.items()),
                                              widget=forms.CheckboxSelectMultiple, required=False)
    languages = forms.MultipleChoiceField(label=_("Languages of instruction"), choices=list(vocab.LANGUAGES.items()),
                                          widget=forms.CheckboxSelectMultiple, required=False)
    is_free = forms.BooleanField(label=_("Free of charge"), required=False)
    cost = forms.DecimalField(label=_("Cost (KRW)"), required=False, min_value=0, max_digits=12, decimal_places=0)
    delivery_mode = forms.ChoiceField(label=_("Delivery"), choices=vocab.DeliveryMode.choices)
    accessibility = forms.MultipleChoiceField(label=_("Accessibility support"),
                                              choices=list(vocab.ACCESSIBILITY.items()),
                                              widget=forms.CheckboxSelectMultiple, required=False)
    family_friendly = forms.BooleanField(label=_("Family and intergenerational"), required=False)
    workplace = forms.BooleanField(label=_("For or in the workplace"), required=False)
    sustainability_tags = forms.MultipleChoiceField(label=_("Sustainability"),
                                                    choices=list(vocab.SUSTAINABILITY.items()),
                                                    widget=forms.CheckboxSelectMultiple, required=False)
    credential_awarded = forms.CharField(label=_("Credential awarded"), required=False, max_length=200)
    url = forms.URLField(label=_("Web page"), required=False, max_length=500, assume_scheme="https")
    enrolment_method = forms.CharField(label=_("How to enrol"), required=False, max_length=200)

    SERVICE_FIELDS = ("title", "kind", "description", "setting", "isced_level", "isced_field", "age_min", "age_max",
                      "target_groups", "languages", "is_free", "cost", "delivery_mode", "accessibility",
                      "family_friendly", "workplace", "sustainability_tags", "credential_awarded", "url",
                      "enrolment_method")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].label_from_instance = lambda topic: topic.name()  # in the visitor's language

    @classmethod
    def initial_from(cls, o: Opportunity) -> dict:
        initial = {name: getattr(o, name) for name in cls.SERVICE_FIELDS}
        initial["topics"] = list(o.topics.all())
        return initial

    def service_data(self) -> tuple[dict, list[Topic]]:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        data["cost"] = data["cost"] or 0
        data["isced_field"] = data["isced_field"] or ""
        return data, list(self.cleaned_data.get("topics") or [])


class RunForm(forms.Form):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    other_venue = forms.IntegerField(label=_("Or another venue's number"), required=False, min_value=1,
                                     help_text=_("The number at the end of the venue page's address, e.g. 42 in /venues/42/."))
    room = forms.CharField(label=_("Room"), required=False, max_length=200)
    online_url = forms.URLField(label=_("Online address"), required=False, max_length=500, assume_scheme="https")
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    weekdays = forms.MultipleChoiceField(label=_("Meets on"), choices=list(vocab.WEEKDAY_LABELS.items()),
                                         widget=forms.CheckboxSelectMultiple, required=False)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=100_000,
                                  help_text=_("Leave empty for no limit."))
    enrolment_opens = forms.DateTimeField(label=_("Enrolment opens"), required=False,
                                          widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    enrolment_closes = forms.DateTimeField(label=_("Enrolment closes"), required=False,
                                           widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    instructor = forms.CharField(label=_("Instructor"), required=False, max_length=200)

    SERVICE_FIELDS = ("room", "online_url", "start_date", "end_date", "start_time", "end_time", "weekdays",
                      "capacity", "enrolment_opens", "enrolment_closes", "instructor")

    def __init__(self, *args, provider: Provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(
            Q(provider=provider) | Q(runs__opportunity__provider=provider)
        ).distinct().order_by("name")

    @classmethod
    def initial_from(cls, run: OpportunityRun) -> dict:
        initial = {name: getattr(run, name) for name in cls.SERVICE_FIELDS}
        initial["venue"] = run.venue
        return initial

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("other_venue")
        if other:
            venue = Venue.objects.filter(pk=other).first()
            if venue is None:
                self.add_error("other_venue", _("There is no venue with that number."))
            else:
                cleaned["venue"] = venue
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        data["venue"] = self.cleaned_data.get("venue")
        data["weekdays"] = list(data["weekdays"] or [])
        data["room"] = data["room"] or ""
        data["online_url"] = data["online_url"] or ""
        data["instructor"] = data["instructor"] or ""
        return data


class VenueForm(forms.Form):
    """A provider's own venue. Coordinates place it; without them it sits at its district's centre."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.CharField(label=_("Type of venue"), max_length=100, required=False,
                           help_text=_("e.g. community centre, library, classroom"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("name_ko"),
                                      to_field_name="slug", required=False,
                                      help_text=_("Needed when you give no coordinates."),
                                      error_messages={"invalid_choice": _("Unknown district. Choose one of the "
                                                                          "city's districts.")})
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90,
                                help_text=_("e.g. 37.4966. Leave both coordinates empty to place the venue at "
                                            "its district's centre (shown as approximate)."))
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                                 help_text=_("e.g. 127.0630"))
    accessibility = forms.MultipleChoiceField(label=_("Accessibility"), choices=list(vocab.ACCESSIBILITY.items()),
                                              widget=forms.CheckboxSelectMultiple, required=False)
    capacity = forms.IntegerField(label=_("Seats"), required=False, min_value=0, max_value=100_000)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    website = forms.URLField(label=_("Website"), max_length=500, required=False, assume_scheme="https")

    SERVICE_FIELDS = ("name", "kind", "address", "district", "latitude", "longitude", "accessibility", "capacity",
                      "phone", "website")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda d: d.name()

    @classmethod
    def initial_from(cls, venue: Venue) -> dict:
        initial = {name: getattr(venue, name) for name in cls.SERVICE_FIELDS}
        if venue.location_approximate:
            # The stored point is the district centre, not the venue's: show no coordinates.
            initial["latitude"] = initial["longitude"] = None
        return initial

    def service_data(self, *, venue: Venue | None = None) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        for name in ("kind", "address", "phone", "website"):
            data[name] = data[name] or ""
        data["accessibility"] = list(data["accessibility"] or [])
        if venue is not None:
            if venue.location_approximate and data["latitude"] is None and data["longitude"] is None:
                data.pop("latitude")
                data.pop("longitude")
            if data["district"] is None:
                data.pop("district")  # the coordinates decide, or the venue keeps its district
        return data
