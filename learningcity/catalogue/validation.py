"""Domain validation shared by forms, the API and importers. Raises Django ValidationError with a message per
field, so every interface explains the same mistake in the same words.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.catalogue import vocab

MAX_AGE = 120


def _unknown(values: Any, allowed: dict | tuple, field: str, errors: dict) -> None:
    if values in (None, ""):
        return
    if not isinstance(values, (list, tuple)):
        errors.setdefault(field, []).append(_("Expected a list of codes."))
        return
    bad = [v for v in values if v not in allowed]
    if bad:
        errors.setdefault(field, []).append(
            _("Unknown code(s): %(bad)s. Allowed: %(allowed)s.")
            % {"bad": ", ".join(map(str, bad)), "allowed": ", ".join(map(str, allowed))}
        )


def _int_or_none(value: Any, field: str, errors: dict) -> int | None:
    """An integer, or None when empty; a non-number becomes a field error instead of a crash."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None


def city_aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A naive date-time (e.g. from an API client that sent no offset) is read as the city's local time.

    Comparing naive with aware values raises, and storing a naive one would depend on the server's time zone;
    so every date-time a service stores passes through here.
    """
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def validate_opportunity(data: dict[str, Any]) -> None:
    """Check a full set of opportunity fields (after merging an update onto the current values)."""
    errors: dict[str, list[str]] = {}
    if not str(data.get("title") or "").strip():
        errors["title"] = [_("A title is required.")]
    age_min = _int_or_none(data.get("age_min"), "age_min", errors)
    age_max = _int_or_none(data.get("age_max"), "age_max", errors)
    for field, value in (("age_min", age_min), ("age_max", age_max)):
        if value is not None and not (0 <= value <= MAX_AGE):
            errors.setdefault(field, []).append(_("Ages run from 0 to %(max)s.") % {"max": MAX_AGE})
    if age_min is not None and age_max is not None and age_min > age_max:
        errors.setdefault("age_max", []).append(
            _("The maximum age (%(max)s) is below the minimum age (%(min)s): swap them?")
            % {"max": age_max, "min": age_min}
        )
    try:
        cost = Decimal(str(data.get("cost") if data.get("cost") is not None else 0))
    except (InvalidOperation, ValueError):
        errors.setdefault("cost", []).append(_("The cost must be a number."))
        cost = Decimal(0)
    if cost < 0:
        errors.setdefault("cost", []).append(_("The cost cannot be negative."))
    if data.get("is_free") and cost > 0:
        errors.setdefault("is_free", []).append(_("An opportunity marked free cannot have a cost."))
    if data.get("kind") not in vocab.Kind.values:
        errors.setdefault("kind", []).append(_("Unknown kind."))
    if data.get("setting") not in vocab.Setting.values:
        errors.setdefault("setting", []).append(_("Choose formal, non-formal or informal."))
    if data.get("delivery_mode") not in vocab.DeliveryMode.values:
        errors.setdefault("delivery_mode", []).append(_("Choose in person, online or blended."))
    level = _int_or_none(data.get("isced_level"), "isced_level", errors)
    if level is not None:
        if level not in vocab.ISCED_LEVELS:
            errors.setdefault("isced_level", []).append(_("ISCED levels run from 0 to 8."))
        elif data.get("setting") != vocab.Setting.FORMAL:
            errors.setdefault("isced_level", []).append(_("Only formal education has an ISCED level."))
    field = data.get("isced_field") or ""
    if field and field[:2] not in vocab.ISCED_FIELDS:
        errors.setdefault("isced_field", []).append(_("Unknown ISCED-F field code."))
    _unknown(data.get("languages"), vocab.LANGUAGES, "languages", errors)
    _unknown(data.get("accessibility"), vocab.ACCESSIBILITY, "accessibility", errors)
    _unknown(data.get("target_groups"), vocab.TARGET_GROUPS, "target_groups", errors)
    _unknown(data.get("sustainability_tags"), vocab.SUSTAINABILITY, "sustainability_tags", errors)
    skills = data.get("skills") or []
    if any(not str(s).startswith("http://data.europa.eu/esco/skill/") for s in skills):
        errors.setdefault("skills", []).append(_("Skills are ESCO skill URIs (http://data.europa.eu/esco/skill/…)."))
    if errors:
        raise ValidationError(errors)


def validate_run(data: dict[str, Any], *, delivery_mode: str) -> None:
    errors: dict[str, list[str]] = {}
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, datetime.date):
        errors["start_date"] = [_("A start date is required.")]
    if not isinstance(end, datetime.date):
        errors["end_date"] = [_("An end date is required.")]
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors.setdefault("end_date", []).append(_("The run ends (%(end)s) before it starts (%(start)s).")
                                                 % {"end": end, "start": start})
    st, et = data.get("start_time"), data.get("end_time")
    for name, value in (("start_time", st), ("end_time", et)):
        if isinstance(value, datetime.time) and value.tzinfo is not None:
            errors.setdefault(name, []).append(_("Give the local time without a time zone, e.g. 10:00."))
            st = et = None
    if st and et and et <= st:
        errors.setdefault("end_time", []).append(_("The end time must be after the start time."))
    if bool(st) != bool(et):
        errors.setdefault("end_time" if st else "start_time", []).append(_("Give both a start and an end time."))
    opens, closes = city_aware(data.get("enrolment_opens")), city_aware(data.get("enrolment_closes"))
    if opens and closes and closes < opens:
        errors.setdefault("enrolment_closes", []).append(_("Enrolment closes before it opens."))
    capacity = _int_or_none(data.get("capacity"), "capacity", errors)
    if capacity is not None and capacity < 1:
        errors.setdefault("capacity", []).append(_("Give at least one place, or leave empty for no limit."))
    _unknown(data.get("weekdays"), vocab.WEEKDAYS, "weekdays", errors)
    if delivery_mode in ("in_person", "blended") and not data.get("venue"):
        errors.setdefault("venue", []).append(_("An in-person run needs a venue."))
    if delivery_mode == "online" and not data.get("online_url"):
        errors.setdefault("online_url", []).append(_("An online run needs its web address."))
    if errors:
        raise ValidationError(errors)
