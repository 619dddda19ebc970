"""Controlled vocabularies of the catalogue. Codes are stable (they appear in the API, feeds and indexes);
labels are translated. Where a standard exists we use its codes: ISCED 2011 levels, ISCED-F 2013 broad
fields, ISO 639-1 languages.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC_EDUCATION = "public_education", _("Public education (schools)")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    LIBRARY = "library", _("Library")
    MUSEUM_CULTURE = "museum_culture", _("Museum and culture")
    PUBLIC_SERVICE = "public_service", _("Local government and public services")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    EMPLOYER = "employer", _("Employer")
    COMMUNITY_GROUP = "community_group", _("Community group")
    INDIVIDUAL = "individual", _("Individual (peer teacher)")


class Kind(models.TextChoices):
    COURSE = "course", _("Course")
    EVENT = "event", _("Event")
    LIBRARY_PROGRAMME = "library_programme", _("Library programme")
    WORKPLACE_TRAINING = "workplace_training", _("Workplace training")
    ONLINE_COURSE = "online_course", _("Online course")
    PEER_LEARNING = "peer_learning", _("Peer learning")


class Setting(models.TextChoices):
    FORMAL = "formal", _("Formal")
    NON_FORMAL = "non_formal", _("Non-formal")
    INFORMAL = "informal", _("Informal")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


ACCESSIBILITY = {
    "wheelchair": _("Wheelchair accessible"),
    "step_free": _("Step-free access"),
    "accessible_toilet": _("Accessible toilet"),
    "hearing_loop": _("Hearing loop"),
    "sign_language": _("Sign language interpretation"),
    "easy_read": _("Easy-read materials"),
    "large_print": _("Large print"),
    "captions": _("Captions"),
    "screen_reader": _("Works with a screen reader"),
    "quiet_space": _("Quiet space"),
}

TARGET_GROUPS = {
    "children": _("Children"),
    "youth": _("Young people"),
    "adults": _("Adults"),
    "older_adults": _("Older adults"),
    "families": _("Families"),
    "parents": _("Parents"),
    "migrants": _("Migrants"),
    "people_with_disabilities": _("People with disabilities"),
    "jobseekers": _("Jobseekers"),
    "workers": _("Workers"),
    "low_income": _("People on low incomes"),
    "educators": _("Educators"),
}

LANGUAGES = {
    "ko": _("Korean"),
    "en": _("English"),
    "zh": _("Chinese"),
    "ja": _("Japanese"),
    "vi": _("Vietnamese"),
    "fr": _("French"),
    "de": _("German"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "fi": _("Finnish"),
    "sv": _("Swedish"),
    "ksl": _("Korean Sign Language"),
}

SUSTAINABILITY = {
    "climate": _("Climate"),
    "biodiversity": _("Biodiversity"),
    "circular_economy": _("Circular economy"),
    "energy": _("Energy"),
    "food": _("Sustainable food"),
    "mobility": _("Sustainable mobility"),
    "global_citizenship": _("Global citizenship"),
}

# ISCED 2011 levels (formal education only).
ISCED_LEVELS = {
    0: _("Early childhood education"),
    1: _("Primary education"),
    2: _("Lower secondary education"),
    3: _("Upper secondary education"),
    4: _("Post-secondary non-tertiary education"),
    5: _("Short-cycle tertiary education"),
    6: _("Bachelor's or equivalent"),
    7: _("Master's or equivalent"),
    8: _("Doctoral or equivalent"),
}

# ISCED-F 2013 broad fields of education and training.
ISCED_FIELDS = {
    "00": _("Generic programmes and qualifications"),
    "01": _("Education"),
    "02": _("Arts and humanities"),
    "03": _("Social sciences, journalism and information"),
    "04": _("Business, administration and law"),
    "05": _("Natural sciences, mathematics and statistics"),
    "06": _("Information and communication technologies"),
    "07": _("Engineering, manufacturing and construction"),
    "08": _("Agriculture, forestry, fisheries and veterinary"),
    "09": _("Health and welfare"),
    "10": _("Services"),
}

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_LABELS = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}
