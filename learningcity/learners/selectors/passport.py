"""The learning passport: everything a person learned across the city, read from their enrolments, their
self-reported learning, other apps' sections (`hooks.passport_sections`: credentials) and the LRS.

From the LRS it reads the statements whose actor is the person (their platform account or their `mailto:`
address). The platform's own statements (authority = the platform) repeat enrolments, completions,
self-reports and credentials that the passport already shows from their source, so they are skipped; what
remains is what external learning tools reported.

Export shape (`passport_export`, "learningcity-passport/1"):

    {"format": "learningcity-passport/1", "generated_at": "<ISO 8601>",
     "learner": {"display_name": "..."},
     "totals": {"hours": 12.5, "by_setting": {"informal": 2.5, ...}, "by_field": {"06": 10.0, "": 2.5}},
     "sections": [{"key": "enrolments"|"self-reported"|"credentials"|"statements"|..., "title": "...",
                   "counts_hours": true,
                   "items": [{"title", "date" (YYYY-MM-DD or null), "kind", "detail", "url", "hours",
                              "setting", "isced_field", "data": {...}}]}]}
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from learningcity.catalogue.vocab import ISCED_FIELDS, Setting
from learningcity.core.models import User
from learningcity.learners import hooks
from learningcity.learners.hooks import PassportItem, PassportSection
from learningcity.learners.models import Enrolment, SelfReportedLearning

EXPORT_FORMAT = "learningcity-passport/1"
STATEMENT_READ_LIMIT = 1000
PASSPORT_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)
_DURATION = re.compile(r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
                       r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$")


@dataclass
class Passport:
    sections: list[PassportSection]
    hours: float = 0.0
    by_setting: list[tuple[str, str, float]] = field(default_factory=list)  # (code, label, hours)
    by_field: list[tuple[str, str, float]] = field(default_factory=list)
    timeline: list[tuple[datetime.date, list[PassportItem]]] = field(default_factory=list)  # month, items

    @property
    def is_empty(self) -> bool:
        return not any(section.items for section in self.sections)


def duration_hours(value: Any) -> float:
    """Hours of an ISO 8601 duration as xAPI results carry it ("PT1H30M" → 1.5); 0 for anything else."""
    match = _DURATION.match(str(value or ""))
    if not match:
        return 0.0
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    return round(parts["d"] * 24 + parts["h"] + parts["m"] / 60 + parts["s"] / 3600, 2)


def language_value(language_map: Any) -> str:
    """The best text of an xAPI language map for the reader: their language, then English, then any."""
    if not isinstance(language_map, dict) or not language_map:
        return ""
    language = (get_language() or "ko").lower()
    for key, value in language_map.items():
        if key.lower().split("-")[0] == language.split("-")[0]:
            return str(value)
    for key, value in language_map.items():
        if key.lower().startswith("en"):
            return str(value)
    return str(next(iter(language_map.values())))


def agents_of(user: User) -> list[dict[str, Any]]:
    return [{"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(user.pk)}},
            {"objectType": "Agent", "mbox": f"mailto:{user.email}"}]


def _is_platform(statement: dict[str, Any]) -> bool:
    account = (statement.get("authority") or {}).get("account") or {}
    return account.get("homePage") == settings.BASE_URL and account.get("name") == "platform"


def lrs_statements_of(user: User, *, external_only: bool = True) -> list[dict[str, Any]]:
    """Statements whose actor is the person, newest first, without duplicates (and, by default, without
    the platform's own)."""
    from learningcity.lrs.selectors import statements_for_agent

    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for agent in agents_of(user):
        for statement in statements_for_agent(agent, limit=STATEMENT_READ_LIMIT):
            if statement.get("id") in seen or (external_only and _is_platform(statement)):
                continue
            seen.add(statement.get("id"))
            out.append(statement)
    out.sort(key=lambda s: s.get("timestamp") or s.get("stored") or "", reverse=True)
    return out


def _statement_item(statement: dict[str, Any]) -> PassportItem:
    target = statement.get("object") or {}
    definition = target.get("definition") or {}
    verb = statement.get("verb") or {}
    when = None
    stamp = statement.get("timestamp") or statement.get("stored") or ""
    try:
        when = timezone.localtime(datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))).date()
    except (ValueError, TypeError):
        pass
    extensions = (statement.get("context") or {}).get("extensions") or {}
    setting = next((v for k, v in extensions.items() if k.endswith("/extensions/setting")), "")
    authority = statement.get("authority") or {}
    tool = authority.get("name") or (authority.get("account") or {}).get("name") or ""
    verb_display = language_value(verb.get("display")) or str(verb.get("id", "")).rsplit("/", 1)[-1]
    return PassportItem(
        title=language_value(definition.get("name")) or str(target.get("id", "")), date=when, kind="statement",
        detail=" · ".join(part for part in (verb_display, tool) if part),
        hours=duration_hours((statement.get("result") or {}).get("duration")),
        setting=setting if setting in Setting.values else "",
        data={"statement_id": statement.get("id"), "verb": verb.get("id"), "activity": target.get("id"),
              "tool": tool})


def _enrolment_section(user: User) -> PassportSection:
    enrolments = (Enrolment.objects.select_related("run", "run__opportunity", "run__opportunity__provider")
                  .prefetch_related("run__opportunity__topics")
                  .filter(user=user, status__in=PASSPORT_STATUSES).order_by("-run__start_date", "-id"))
    items = []
    for e in enrolments:
        opportunity = e.run.opportunity
        topics = list(opportunity.topics.all())
        isced = opportunity.isced_field[:2] or next((t.isced_field[:2] for t in topics if t.isced_field), "")
        completed = e.status == Enrolment.Status.COMPLETED
        when = (timezone.localtime(e.completed_at).date() if completed and e.completed_at
                else e.run.start_date)
        items.append(PassportItem(
            title=opportunity.title, date=when, kind="completion" if completed else "enrolment",
            detail=f"{opportunity.provider.name} · {e.get_status_display()}",
            url=reverse("catalogue:run", args=[e.run_id]),
            hours=float(e.attended_hours), setting=opportunity.setting, isced_field=isced,
            data={"enrolment_id": e.pk, "run_id": e.run_id, "status": e.status,
                  "start_date": e.run.start_date.isoformat(), "end_date": e.run.end_date.isoformat()}))
    return PassportSection(key="enrolments", title=_("Courses and activities in the city"), items=items)


def _self_report_section(user: User) -> PassportSection:
    reports = SelfReportedLearning.objects.select_related("topic").filter(user=user)
    items = [PassportItem(
        title=r.title, date=r.learned_on, kind="self-reported", detail=r.get_setting_display(),
        url=reverse("learners:self-report-edit", args=[r.pk]), hours=float(r.hours), setting=r.setting,
        isced_field=(r.topic.isced_field[:2] if r.topic else ""),
        data={"self_report_id": r.pk, "description": r.description, "evidence_url": r.evidence_url,
              "field": r.topic.code if r.topic else None}) for r in reports]
    return PassportSection(key="self-reported", title=_("Learning I reported myself"), items=items)


def _statement_section(user: User) -> PassportSection:
    items = [_statement_item(s) for s in lrs_statements_of(user)]
    return PassportSection(key="statements", title=_("From learning apps and tools"), items=items)


def passport_of(user: User) -> Passport:
    sections = [_enrolment_section(user), _self_report_section(user), *hooks.passport_sections(user),
                _statement_section(user)]
    by_setting: dict[str, float] = defaultdict(float)
    by_field: dict[str, float] = defaultdict(float)
    total = 0.0
    dated: list[PassportItem] = []
    for section in sections:
        for item in section.items:
            if item.date is not None:
                dated.append(item)
            if section.counts_hours and item.hours:
                total += item.hours
                by_setting[item.setting] += item.hours
                by_field[item.isced_field] += item.hours
    setting_labels = dict(Setting.choices)
    passport = Passport(sections=sections, hours=round(total, 2))
    passport.by_setting = [(code, str(setting_labels.get(code, _("Setting not known"))), round(hours, 2))
                           for code, hours in sorted(by_setting.items(), key=lambda kv: -kv[1])]
    passport.by_field = [(code, str(ISCED_FIELDS.get(code, _("Field not known"))), round(hours, 2))
                         for code, hours in sorted(by_field.items(), key=lambda kv: -kv[1])]
    months: dict[datetime.date, list[PassportItem]] = defaultdict(list)
    for item in sorted(dated, key=lambda i: i.date, reverse=True):
        months[item.date.replace(day=1)].append(item)
    passport.timeline = sorted(months.items(), key=lambda kv: kv[0], reverse=True)
    return passport


def passport_export(user: User, passport: Passport | None = None) -> dict[str, Any]:
    """The passport as JSON (shape in the module docstring)."""
    passport = passport or passport_of(user)

    def item(i: PassportItem) -> dict[str, Any]:
        data = dataclasses.asdict(i)
        data["date"] = i.date.isoformat() if i.date else None
        return data

    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "learner": {"display_name": user.display_name},
        "totals": {"hours": passport.hours,
                   "by_setting": {code: hours for code, _label, hours in passport.by_setting},
                   "by_field": {code: hours for code, _label, hours in passport.by_field}},
        "sections": [{"key": s.key, "title": str(s.title), "counts_hours": s.counts_hours,
                      "items": [item(i) for i in s.items]} for s in passport.sections],
    }
