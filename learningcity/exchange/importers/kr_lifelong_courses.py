"""The Korean national lifelong-learning course standard data (전국평생학습강좌표준데이터, data.go.kr #15013110).

One row is one course with one dated run. The file has no ids, so a row's source id is built from what stays
fixed for a course: operator, title, start date and venue name (`kr-lll:<hash>`). A changed capacity, fee or
time updates that record; a renamed course is a new record (the old one stays until archived).

Interpretation (reported as notes where it changes what the row says):
- 교육대상구분 성인 → adults, 19 and over (Korean age of majority). Courses whose category is 초등 or whose title
  names children (어린이, 초1…) are for primary-school children (7–12), whatever the target field says.
- "(미사용)" ("not in use") at the start of a title: the course is imported archived.
- 강좌내용 (category) and title keywords map to the city's topics.
- Venues are matched by the first word of 교육장소 and the road address; with no coordinates in the file they
  sit at the district centre, marked approximate.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

from django.conf import settings

from learningcity.catalogue import services
from learningcity.catalogue.models import Provider, Venue
from learningcity.catalogue.vocab import Sector, Status
from learningcity.core.models import District
from learningcity.exchange.context import ImportContext, RowRejected
from learningcity.exchange.importers import register
from learningcity.exchange.importers._rows import csv_rows, parse_amount, parse_date, parse_time
from learningcity.exchange.sources import Fetched, decode_text, read_bytes
from learningcity.exchange.text import clean_field

REQUIRED = ("강좌명", "교육시작일자", "교육종료일자", "교육장소", "운영기관명")
WEEKDAYS = {"월": "MO", "화": "TU", "수": "WE", "목": "TH", "금": "FR", "토": "SA", "일": "SU"}
CATEGORY_TOPICS = {
    "미술/서예": "arts-crafts", "악기": "music", "노래/민요": "music", "디지털": "digital", "AI": "digital",
    "영어": "languages", "일본어": "languages", "중국어": "languages", "기타외국어": "languages",
    "요리": "cooking", "인문/독서": "humanities-reading", "취미": "hobbies-leisure",
    "도자기/공예": "arts-crafts", "시민참여": "civic-participation", "건강": "health-wellbeing",
    "자격증": "work-careers",
}
TITLE_TOPICS = (
    (r"서예|캘리", "calligraphy"), (r"피아노|합창|노래|성악|기타|우쿨렐레|바이올린|첼로|클래식|가곡", "music"),
    (r"스마트폰|디지털|컴퓨터|AI|인공지능|유튜브|엑셀", "digital"),
    (r"부동산|세금|경제|증시|투자|경매|재테크|금융", "business-finance"),
    (r"역사|미술관|건축|문화|여행|기행", "history-culture"),
    (r"마음|심리|건강|치아|요가|명상|소통", "health-wellbeing"),
    (r"수어|장애|인권|시민", "civic-participation"), (r"강사", "education-teaching"),
    (r"와인|커피|차 |꽃|퍼스널컬러", "hobbies-leisure"), (r"그림|미술|드로잉|수채화|공예|도자", "arts-crafts"),
)
CHILD_GRADE = re.compile(r"초\s*(\d)\s*[,~·-]\s*(\d)")


def read_rows(fetched: Fetched) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs (UTF-8 with or without BOM, or CP949); missing cells are "", extra cells dropped."""
    text = decode_text(fetched)
    return csv_rows(text, fetched.name, REQUIRED, hint="is this the course standard file (전국평생학습강좌표준데이터)?")


def _date(row: dict[str, str], column: str) -> datetime.date | None:
    return parse_date(row.get(column, ""), column)


def _time(row: dict[str, str], column: str) -> datetime.time | None:
    return parse_time(row.get(column, ""), column)


def _topics(category: str, title: str) -> list[str]:
    topics = []
    if category in CATEGORY_TOPICS:
        topics.append(CATEGORY_TOPICS[category])
    for pattern, code in TITLE_TOPICS:
        if re.search(pattern, title) and code not in topics:
            topics.append(code)
    return topics or ["other"]


def _audience(row: dict[str, str], title: str) -> tuple[int | None, int | None, list[str], bool, str]:
    """(age_min, age_max, target groups, family-friendly, note)."""
    grades = CHILD_GRADE.search(title)
    if grades:
        low, high = sorted(int(g) for g in grades.groups())
        family = "자녀" in title
        return low + 6, high + 6, ["children"] + (["parents", "families"] if family else []), family, (
            f"title names primary grades {low}–{high}: ages {low + 6}–{high + 6}"
        )
    if row.get("강좌내용") == "초등" or "어린이" in title:
        return 7, 12, ["children"], False, "a children's course (category or title), though 교육대상구분 says 성인"
    if row.get("교육대상구분", "").strip() == "성인":
        return 19, None, ["adults"], False, ""
    return None, None, [], False, ""


class KoreanLifelongCourses:
    name = "kr-lifelong-courses"
    description = "Korean national lifelong-learning course standard data (CSV, UTF-8 or CP949)"
    scope = "file"

    def run(self, location: str, ctx: ImportContext) -> None:
        fetched = read_bytes(location, max_bytes=ctx.max_bytes)
        rows = read_rows(fetched)
        tz = ZoneInfo(settings.TIME_ZONE)
        districts = {d.name_ko: d for d in District.objects.all()}
        providers: dict[str, Provider] = {}
        venues: dict[tuple[str, str], Venue] = {}
        ctx.on_rollback.extend([providers, venues])  # rows made inside a rolled-back savepoint are gone
        for done, (line, row) in enumerate(rows, start=1):
            with ctx.row(fetched.name, line):
                self._row(fetched.name, line, row, ctx, providers, venues, districts, tz)
            ctx.progress(fetched.name, done, len(rows))

    def _row(self, name, line, row, ctx, providers, venues, districts, tz) -> None:
        report, provider = ctx.report, ctx.provider

        def note(field: str, message: str) -> None:
            report.note(name, line, field, message)

        title = clean_field(row["강좌명"], field="강좌명", note=note, max_length=300)
        if not title:
            raise RowRejected("강좌명", "no course title")
        start, end = _date(row, "교육시작일자"), _date(row, "교육종료일자")
        if start is None or end is None:
            raise RowRejected("교육시작일자" if start is None else "교육종료일자", "start and end dates are required")
        address = row.get("교육장도로명주소", "").strip()
        district = next((districts[t] for t in address.split() if t in districts), None)
        operator = row["운영기관명"].strip()
        if provider is None:
            if operator not in providers:
                providers[operator] = services.provider_upsert(
                    source_id=f"kr-operator:{operator}", name=operator, sector=Sector.PUBLIC_SERVICE,
                    kind="지방자치단체", phone=row.get("운영기관전화번호", "").strip()[:40], district=district,
                ).obj
            owner = providers[operator]
            ctx.providers_seen[owner.pk] = owner
        else:
            owner = provider
        place = clean_field(row["교육장소"], field="교육장소", note=note, max_length=200)
        if not place:
            raise RowRejected("교육장소", "no venue (교육장소)")
        venue_name = place.split(" ")[0]
        room = place[len(venue_name):].strip()
        key = (venue_name, address)
        if key not in venues:
            if district is None:
                raise RowRejected("교육장도로명주소", f"no district of the city in the address {address!r}")
            result = services.venue_upsert(
                source_id=f"kr-venue:{district.name_ko}/{venue_name}", name=venue_name, kind="평생학습센터"
                if "평생학습" in venue_name else "", provider=owner, address=address, district=district,
                latitude=None, longitude=None,
            )
            if result.outcome == "created":
                report.note(name, line, "교육장소", f"venue {venue_name}: the file has no coordinates; placed "
                                                      f"at the centre of {district.name_ko} (approximate)")
            venues[key] = result.obj
        venue = venues[key]
        age_min, age_max, groups, family, audience_note = _audience(row, title)
        if audience_note:
            report.note(name, line, "교육대상구분", f"{title}: {audience_note}")
        archived = title.startswith("(미사용)")
        if archived:
            report.note(name, line, "강좌명", f"{title}: marked (미사용), not in use; imported archived")
        fee = parse_amount(row.get("수강료", ""), "수강료")
        credit = "학점은행제 학점 인정" if row.get("학점은행제평가(학점)인정여부", "").strip() == "Y" else ""
        url = row.get("홈페이지주소", "").strip()
        key_text = "|".join((operator, title, start.isoformat(), venue_name))
        source_id = "kr-lll:" + hashlib.sha1(key_text.encode()).hexdigest()[:16]
        opportunity = services.opportunity_upsert(
            source_id=source_id, provider=owner, status=Status.ARCHIVED if archived else Status.PUBLISHED,
            topics=_topics(row.get("강좌내용", "").strip(), title),
            kind="course", title=title,
            description=clean_field(f"{row.get('강좌내용', '').strip()} · {place}", field="강좌내용", note=note),
            setting="non_formal", age_min=age_min, age_max=age_max, target_groups=groups, family_friendly=family,
            languages=["ko"], cost=fee, is_free=fee == 0, delivery_mode="in_person",
            workplace=row.get("직업능력개발훈련비지원강좌여부", "").strip() == "Y", credential_awarded=credit,
            url=(url if url.startswith("http") else f"https://{url}") if url else "",
            enrolment_method=" · ".join(v for v in (row.get("접수방법구분", "").strip(),
                                                     row.get("선정방법구분", "").strip()) if v),
        )
        if archived and opportunity.obj.status != Status.ARCHIVED:
            services.opportunity_archive(opportunity=opportunity.obj, by=None)
        opens, closes = _date(row, "접수시작일자"), _date(row, "접수종료일자")
        days = [WEEKDAYS[d[0]] for d in row.get("운영요일", "").split("+") if d.strip() and d[0] in WEEKDAYS]
        capacity = row.get("강좌정원수", "").strip()
        run = services.run_upsert(
            source_id=source_id + ":run", opportunity=opportunity.obj, status=Status.PUBLISHED,
            venue=venue, room=room, start_date=start, end_date=end, start_time=_time(row, "교육시작시각"),
            end_time=_time(row, "교육종료시각"), weekdays=days,
            capacity=int(capacity) if capacity.isdigit() and int(capacity) > 0 else None,
            enrolment_opens=datetime.datetime.combine(opens, datetime.time(0, 0), tz) if opens else None,
            enrolment_closes=datetime.datetime.combine(closes, datetime.time(23, 59, 59), tz) if closes else None,
            instructor=clean_field(row.get("강사명", ""), field="강사명", note=note, max_length=200),
        )
        report.count(f"opportunities {opportunity.outcome}")
        report.count(f"runs {run.outcome}")
        for field in opportunity.kept_local_edits + run.kept_local_edits:
            report.note(name, line, field, f"{title}: kept the provider's own edit of {field!r}")


register(KoreanLifelongCourses())
