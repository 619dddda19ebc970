"""What a search asks for, checked once for the page and the API alike.

`parse_params` takes the query string (a mapping of name → list of values) and returns `SearchParams` or
raises Django's `ValidationError` with a clear message per field; the API turns that into a 400 problem
document, the page shows the messages next to the form.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, fields
from typing import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, gettext_lazy

from learningcity.core.demography import LIFE_STAGES
from learningcity.catalogue.vocab import (
    ACCESSIBILITY, LANGUAGES, TARGET_GROUPS, WEEKDAY_LABELS, DeliveryMode, Sector, Setting,
)

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
MAX_RADIUS_KM = 100.0
MAX_PAGE = 500
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
SORTS = ("relevance", "distance", "start")
DAYPARTS = {"morning": gettext_lazy("Morning (before noon)"), "afternoon": gettext_lazy("Afternoon (12–17)"),
            "evening": gettext_lazy("Evening (from 17)")}


@dataclass(frozen=True)
class Facet:
    """A filter with a closed list of values, counted per value."""

    param: str
    field: str
    label: object


FACETS: tuple[Facet, ...] = (
    Facet("district", "district", gettext_lazy("District")),
    Facet("topic", "topic", gettext_lazy("Topic")),
    Facet("mode", "mode", gettext_lazy("How it is taught")),
    Facet("language", "language", gettext_lazy("Language")),
    Facet("access", "access", gettext_lazy("Accessibility")),
    Facet("group", "group", gettext_lazy("For whom")),
    Facet("weekday", "weekday", gettext_lazy("Day of the week")),
    Facet("daypart", "daypart", gettext_lazy("Time of day")),
    Facet("setting", "setting", gettext_lazy("Setting")),
    Facet("sector", "sector", gettext_lazy("Provider sector")),
)
FACETS_BY_PARAM = {f.param: f for f in FACETS}


def static_choices() -> dict[str, dict[str, object]]:
    """Values and labels of the facets whose vocabulary is fixed in code."""
    return {
        "mode": dict(DeliveryMode.choices),
        "language": dict(LANGUAGES),
        "access": dict(ACCESSIBILITY),
        "group": dict(TARGET_GROUPS),
        "weekday": dict(WEEKDAY_LABELS),
        "daypart": dict(DAYPARTS),
        "setting": dict(Setting.choices),
        "sector": dict(Sector.choices),
    }


@dataclass
class SearchParams:
    q: str = ""
    lat: float | None = None
    lon: float | None = None
    near: str | None = None  # a district slug: its centre is the point
    radius_km: float | None = None
    age: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    free: bool = False
    max_cost: int | None = None
    family: bool = False
    open_now: bool = False
    upcoming: bool = False
    district: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    mode: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    weekday: list[str] = field(default_factory=list)
    daypart: list[str] = field(default_factory=list)
    setting: list[str] = field(default_factory=list)
    sector: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facets: bool = True

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    def active_filters(self) -> list[str]:
        """Names of the filters in use (what a no-results answer may suggest dropping)."""
        out = [f.param for f in FACETS if getattr(self, f.param)]
        for name in ("age", "max_cost"):
            if getattr(self, name) is not None:
                out.append(name)
        for name in ("free", "family", "open_now", "upcoming"):
            if getattr(self, name):
                out.append(name)
        if self.date_from or self.date_to:
            out.append("dates")
        if self.has_point and self.radius_km:
            out.append("distance")
        return out

    def to_query(self) -> list[tuple[str, str]]:
        """Back to query-string pairs (links that keep the search, minus what the caller drops)."""
        pairs: list[tuple[str, str]] = []
        defaults = SearchParams()
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("lat", "lon") and self.near:
                continue
            if value == getattr(defaults, f.name) or value is None:
                continue
            if isinstance(value, list):
                pairs.extend((f.name, str(v)) for v in value)
            elif isinstance(value, bool):
                pairs.append((f.name, "1" if value else "0"))
            elif isinstance(value, float):
                pairs.append((f.name, f"{value:g}"))
            else:
                pairs.append((f.name, str(value)))
        return pairs


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def _one(data: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = data.get(name) or []
    if isinstance(values, str):
        values = [values]
    values = [v for v in values if v is not None]
    return str(values[-1]).strip() if values else None


def _many(data: Mapping[str, Sequence[str]], name: str) -> list[str]:
    values = data.get(name) or []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        for part in str(v).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def parse_params(data: Mapping[str, Sequence[str]], *, choices: dict[str, dict[str, object]],
                 district_centres: dict[str, tuple[float, float]]) -> SearchParams:
    """Validate a search. `choices` maps facet param → {value: label}; unknown values are errors."""
    errors: dict[str, list[str]] = {}
    p = SearchParams()

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    q = _one(data, "q") or ""
    if len(q) > MAX_QUERY_CHARS:
        err("q", _("Search text can be at most %(n)d characters; shorten it.") % {"n": MAX_QUERY_CHARS})
    p.q = q[:MAX_QUERY_CHARS]

    def number(name: str, kind, low: float, high: float, message: str):
        raw = _one(data, name)
        if raw in (None, ""):
            return None
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            err(name, _("%(value)s is not a number.") % {"value": raw[:20]})
            return None
        if isinstance(value, float) and not math.isfinite(value) or not (low <= value <= high):
            err(name, message)
            return None
        return value

    p.lat = number("lat", float, -90, 90, _("Latitude runs from -90 to 90."))
    p.lon = number("lon", float, -180, 180, _("Longitude runs from -180 to 180."))
    if (p.lat is None) != (p.lon is None) and "lat" not in errors and "lon" not in errors:
        err("lat", _("Give both latitude and longitude, or neither."))
    p.radius_km = number("radius_km", float, 0.1, MAX_RADIUS_KM,
                         _("The distance must be between 0.1 and %(max)d km.") % {"max": MAX_RADIUS_KM})
    near = _one(data, "near") or None
    if near:
        if near not in district_centres:
            err("near", _("Unknown district: %(value)s.") % {"value": near[:40]})
        else:
            p.near = near
            p.lat, p.lon = district_centres[near]
    if p.radius_km is not None and not p.has_point and "lat" not in errors and "near" not in errors:
        err("radius_km", _("A distance needs a place: use “near me” or choose a district to search around."))
    p.age = number("age", int, 0, 120, _("Age must be a whole number from 0 to 120."))
    stage = _one(data, "age_group")
    if stage and p.age is None:
        # The home page asks for a stage of life: a representative age of it must be admitted.
        ages = {key: (low + (high if high is not None else low + 10)) // 2 for key, low, high in LIFE_STAGES}
        if stage in ages:
            p.age = ages[stage]
        else:
            err("age_group", _("Unknown age group: choose children, youth, adults or older."))
    p.max_cost = number("max_cost", int, 0, 100_000_000, _("The maximum cost must be 0 or more (in won)."))
    for name in ("date_from", "date_to"):
        raw = _one(data, name)
        if raw:
            try:
                setattr(p, name, datetime.date.fromisoformat(raw))
            except ValueError:
                err(name, _("Give the date as YYYY-MM-DD."))
    if p.date_from and p.date_to and p.date_from > p.date_to:
        err("date_to", _("The end of the date range is before its start."))
    for name in ("free", "family", "open_now", "upcoming", "facets"):
        raw = _one(data, name)
        if raw is None:
            continue
        if raw.lower() in TRUE:
            setattr(p, name, True)
        elif raw.lower() in FALSE:
            setattr(p, name, False)
        else:
            err(name, _("Use 1 (yes) or 0 (no)."))
    for facet in FACETS:
        values = _many(data, facet.param)
        known = choices.get(facet.param, {})
        bad = [v for v in values if v not in known]
        if bad:
            err(facet.param, _("Unknown value(s): %(values)s. Choose from: %(known)s.") % {
                "values": ", ".join(v[:40] for v in bad[:5]), "known": ", ".join(list(known)[:30])})
        setattr(p, facet.param, [v for v in values if v in known])
    sort = _one(data, "sort") or "relevance"
    if sort not in SORTS:
        err("sort", _("Sort by relevance, distance or start."))
    elif sort == "distance" and not p.has_point and "lat" not in errors and "near" not in errors:
        err("sort", _("Sorting by distance needs a place: use “near me” or choose a district."))
    else:
        p.sort = sort
    page = number("page", int, 1, MAX_PAGE, _("Page must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE})
    p.page = page or 1
    per_page = number("per_page", int, 1, MAX_PER_PAGE,
                      _("Results per page: a whole number from 1 to %(max)d.") % {"max": MAX_PER_PAGE})
    p.per_page = per_page or DEFAULT_PER_PAGE
    if errors:
        raise ValidationError(errors)
    return p
