"""The city's own CSV template (`exchange.template.COLUMNS`): any provider can fill it in.

`learningcity import csv-template courses.csv --provider <slug>`. One row is one dated run; rows with the
same `course_id` are runs of one course, and the course's fields are read from its first row (a later row
that disagrees gets a note, so a re-import cannot flip a field back and forth). Source ids are
`tpl:<provider id>/<course_id>` for the course, `…/<run_id>` for the run and `tpl-venue:<provider id>/<venue>`
for venues, so a changed row updates the same records and running the same file twice changes nothing.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from learningcity.catalogue import services
from learningcity.catalogue.models import OpportunityRun, Topic, Venue
from learningcity.catalogue.services._common import UpsertResult, differing
from learningcity.catalogue.services.runs import RUN_FIELDS
from learningcity.catalogue.vocab import WEEKDAYS, Status
from learningcity.exchange.context import ImportContext, RowRejected
from learningcity.exchange.importers import register
from learningcity.exchange.importers._places import DistrictNames
from learningcity.exchange.importers._rows import (
    csv_rows, parse_amount, parse_bool, parse_date, parse_int, parse_list, parse_time,
)
from learningcity.exchange.sources import SourceError, decode_text, read_bytes
from learningcity.exchange.template import REQUIRED
from learningcity.exchange.text import clean_field

KOREAN_DAYS = {"월": "MO", "화": "TU", "수": "WE", "목": "TH", "금": "FR", "토": "SA", "일": "SU"}
ENGLISH_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
COURSE_FIELDS = ("title", "description", "topics", "kind", "setting", "age_min", "age_max", "target_groups",
                 "languages", "cost", "delivery_mode", "accessibility", "family_friendly", "workplace",
                 "credential_awarded", "url", "enrolment_method")


def parse_weekdays(value: str) -> list[str]:
    days = []
    for part in parse_list(value.replace(" ", ";")):
        code = part.upper()[:2] if part.upper()[:2] in WEEKDAYS else KOREAN_DAYS.get(part[0]) or \
            ENGLISH_DAYS.get(part[:3].lower())
        if code is None:
            raise RowRejected("weekdays", f"unknown day {part!r}: use MO TU WE TH FR SA SU or 월 화 수 목 금 토 일")
        if code not in days:
            days.append(code)
    return days


def _float(value: str, column: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise RowRejected(column, f"not a number: {value!r}")


class CsvTemplate:
    name = "csv-template"
    description = "The city's CSV template for any provider (see /feeds/template/); needs --provider"
    scope = "file"

    def run(self, location: str, ctx: ImportContext) -> None:
        if ctx.provider is None:
            raise SourceError("Say whose courses these are: --provider <provider slug> (see /providers/).")
        fetched = read_bytes(location, max_bytes=ctx.max_bytes)
        rows = csv_rows(decode_text(fetched), fetched.name, REQUIRED,
                        hint="download the template from /feeds/template.csv.")
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.districts = DistrictNames()
        courses: dict[str, tuple[int, dict, object]] = {}  # course_id → (first line, fields as read, record)
        self.topics = {t.code: t for t in Topic.objects.all()}
        # One read of this provider's runs from earlier imports, so an unchanged row costs no write path.
        self.existing_runs = {r.source_id: r for r in OpportunityRun.objects.filter(
            source_id__startswith=f"tpl:{ctx.provider.pk}/").select_related("opportunity")}
        venues: dict[str, Venue] = {}
        seen_runs: dict[str, int] = {}
        ctx.on_rollback.extend([venues, courses])
        for done, (line, row) in enumerate(rows, start=1):
            with ctx.row(fetched.name, line):
                self._row(fetched.name, line, row, ctx, courses, venues, seen_runs)
            ctx.progress(fetched.name, done, len(rows))

    def _course(self, row: dict[str, str], note) -> dict:
        age_min, age_max = parse_int(row.get("age_min"), "age_min", high=120), \
            parse_int(row.get("age_max"), "age_max", high=120)
        cost = parse_amount(row.get("cost"), "cost")
        url = (row.get("url") or "").strip()
        if url and not url.startswith(("http://", "https://")):
            url = "https://" + url
        return {
            "title": clean_field(row["title"], field="title", note=note, max_length=300),
            "description": clean_field(row.get("description"), field="description", note=note, multiline=True),
            "topics": parse_list(row.get("topics")) or ["other"],
            "kind": row.get("kind") or "course", "setting": row.get("setting") or "non_formal",
            "age_min": age_min, "age_max": age_max,
            "target_groups": parse_list(row.get("target_groups")), "languages": parse_list(row.get("languages")) or ["ko"],
            "cost": cost, "is_free": cost == 0, "delivery_mode": row.get("delivery_mode") or "in_person",
            "accessibility": parse_list(row.get("accessibility")),
            "family_friendly": parse_bool(row.get("family_friendly"), "family_friendly"),
            "workplace": parse_bool(row.get("workplace"), "workplace"),
            "credential_awarded": clean_field(row.get("credential_awarded"), field="credential_awarded", note=note,
                                              max_length=200),
            "url": url[:500],
            "enrolment_method": clean_field(row.get("enrolment_method"), field="enrolment_method", note=note,
                                            max_length=200),
        }

    def _venue(self, row, ctx, venues, note) -> Venue | None:
        name = clean_field(row.get("venue_name"), field="venue_name", note=note, max_length=200)
        if not name:
            return None
        address = clean_field(row.get("venue_address"), field="venue_address", note=note, max_length=300)
        key = f"tpl-venue:{ctx.provider.pk}/{name}"
        if key in venues:
            return venues[key]
        lat, lon = _float(row.get("latitude", ""), "latitude"), _float(row.get("longitude", ""), "longitude")
        district = None
        if row.get("district"):
            district = self.districts.find(row["district"])
            if district is None:
                raise RowRejected("district", f"{row['district']!r} is not a district of {settings.CITY_NAME}")
        elif lat is None:
            district = self.districts.in_address(address)
        # With coordinates the venue service places the venue and reports a disagreement with the district.
        result = services.venue_upsert(source_id=key, by=ctx.by, name=name, address=address, district=district,
                                       latitude=lat, longitude=lon, provider=ctx.provider)
        venues[key] = result.obj
        if result.outcome != "unchanged":
            ctx.report.count(f"venues {result.outcome}")
        return result.obj

    def _row(self, name, line, row, ctx, courses, venues, seen_runs) -> None:
        def note(field: str, message: str) -> None:
            ctx.note(name, line, field, message)

        course_id = row["course_id"].strip()
        if not course_id:
            raise RowRejected("course_id", "no course_id: give each course a stable id of your own")
        first_of_course = course_id not in courses
        if not row.get("title"):
            raise RowRejected("title", "no title")
        course = self._course(row, note)
        if course_id in courses:
            first_line, first, _record = courses[course_id]
            for field in COURSE_FIELDS:
                if course[field] != first[field]:
                    note(field, f"differs from line {first_line} of course {course_id!r}; line {first_line}'s "
                                "value is used (one course, one value)")
            course = first
        start = parse_date(row.get("start_date"), "start_date")
        if start is None:
            raise RowRejected("start_date", "a start date is required (YYYY-MM-DD)")
        end = parse_date(row.get("end_date"), "end_date") or start
        run_id = (row.get("run_id") or "").strip() or start.isoformat()
        run_key = f"{course_id}/{run_id}"
        if run_key in seen_runs:
            raise RowRejected("run_id", f"run {run_key!r} already appears on line {seen_runs[run_key]}; "
                                        "give each run its own run_id")
        venue = self._venue(row, ctx, venues, note)
        if first_of_course:
            # Topic rows rather than codes: one lookup per file instead of one per row.
            topics = [self.topics.get(code, code) for code in course["topics"]]
            data = {k: v for k, v in course.items() if k != "topics"}
            opportunity = services.opportunity_upsert(
                source_id=f"tpl:{ctx.provider.pk}/{course_id}", provider=ctx.provider, by=ctx.by, topics=topics,
                status=Status.PUBLISHED, **data,
            )
        else:
            opportunity = courses[course_id][2]  # upserted by this course's first row, in this same file
        opens, closes = parse_date(row.get("enrolment_opens"), "enrolment_opens"), \
            parse_date(row.get("enrolment_closes"), "enrolment_closes")
        run_data = dict(
            venue=venue, room=clean_field(row.get("room"), field="room", max_length=200),
            online_url=(row.get("online_url") or "").strip()[:500], start_date=start, end_date=end,
            start_time=parse_time(row.get("start_time"), "start_time"),
            end_time=parse_time(row.get("end_time"), "end_time"),
            weekdays=parse_weekdays(row.get("weekdays") or ""),
            capacity=parse_int(row.get("capacity"), "capacity", low=1),
            enrolment_opens=datetime.datetime.combine(opens, datetime.time(0, 0), self.tz) if opens else None,
            enrolment_closes=datetime.datetime.combine(closes, datetime.time(23, 59, 59), self.tz) if closes else None,
            instructor=clean_field(row.get("instructor"), field="instructor", note=note, max_length=200),
        )
        run_source_id = f"tpl:{ctx.provider.pk}/{run_key}"
        known = self.existing_runs.get(run_source_id)
        if (known is not None and known.opportunity_id == opportunity.obj.pk and known.status == Status.PUBLISHED
                and not set(known.edited_fields) & set(run_data) and not differing(known, run_data, RUN_FIELDS)):
            run = UpsertResult(known, "unchanged")  # exactly what run_upsert would answer, without the writes
        else:
            run = services.run_upsert(source_id=run_source_id, opportunity=opportunity.obj, by=ctx.by,
                                      status=Status.PUBLISHED, **run_data)
        courses.setdefault(course_id, (line, course, opportunity))
        seen_runs[run_key] = line
        if first_of_course:
            ctx.report.count(f"opportunities {opportunity.outcome}")
        ctx.report.count(f"runs {run.outcome}")
        for field in opportunity.kept_local_edits + run.kept_local_edits:
            note(field, f"kept the provider's own edit of {field!r} (edited by hand after the last import)")


register(CsvTemplate())
