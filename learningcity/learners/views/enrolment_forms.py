"""Forms of the enrolment pages: a review and the provider's answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learningcity.learners.models import REVIEW_TEXT_MAX

RATINGS = [(n, str(n)) for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Your rating (5 is best)"), choices=RATINGS, coerce=int,
                                    widget=forms.RadioSelect)
    text = forms.CharField(label=_("Your review (optional)"), required=False, max_length=REVIEW_TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Other learners read it on the run's page. Do not name other people."))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Your answer"), max_length=REVIEW_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
