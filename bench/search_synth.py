"""SYNTHETIC catalogue for the search benchmark (never the demo city's data, never shown as real).

`generate(n)` writes n opportunities, each with one published run, into the configured database with
bulk inserts (not the services: a million service calls with audit entries would measure the services, not
search). What makes it realistic:
- titles and descriptions in Korean (about 70 %) and English, from a vocabulary of course words drawn with
  Zipf-like frequencies (a few words very common, a long tail of rare ones), with Korean particles glued on
  as Koreans write them (서예를, 요리교실);
- venues at random points inside the real 25 district boundaries (data/seoul/gu_boundaries_juso_2015.geojson),
  weighted by each district's real population;
- audience ages, costs (about a third free), dates over 18 months, weekdays, times of day, languages,
  accessibility, modes and settings in plausible proportions.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Callable

KO_SUBJECTS = """서예 캘리그라피 피아노 통기타 우쿨렐레 바이올린 첼로 플루트 오카리나 하모니카 합창 노래 민요 판소리 가야금
해금 대금 장구 드럼 영어 일본어 중국어 스페인어 프랑스어 독일어 베트남어 한국어 회화 문법 독서 글쓰기 시창작 수필 에세이
인문학 철학 역사 한국사 세계사 미술 수채화 유화 드로잉 민화 한국화 소묘 사진 영상 유튜브 스마트폰 컴퓨터 엑셀 코딩 파이썬
인공지능 디지털 키오스크 요리 제빵 베이킹 한식 양식 일식 디저트 커피 바리스타 와인 전통주 막걸리 다도 꽃꽂이 플라워
원예 텃밭 도자기 공예 목공 가죽공예 뜨개질 자수 퀼트 매듭 자개 천연비누 향초 요가 필라테스 명상 댄스 라인댄스 탁구
배드민턴 수영 걷기 건강 치매예방 웃음치료 심리 상담 미술치료 부모교육 자녀교육 독서지도 진로 취업 창업 부동산 경매 재테크
세금 금융 경제 주식 자격증 한자 수어 인권 환경 기후 마을 공동체 자원봉사 안전 응급처치 법률 노후설계 퍼스널컬러 메이크업
패션 숲해설 천문 과학 로봇 드론 메이커 보드게임 바둑 체스 마술 연극 뮤지컬 영화 웹툰 만화 일러스트 손글씨 붓글씨 전각
사주 타로 스피치 낭독 시낭송 성악 발성 지휘 작곡 클래식 국악 탈춤 한지공예 칠보 금속공예 유리공예 캔들 석고 방송댄스
태극권 기공 스트레칭 근력운동 등산 자전거 캠핑 여행 역사탐방 문화해설 건축 미술관 박물관 그림책 동화 구연동화 보드게임지도
생태 곤충 반려동물 반려식물 정리수납 재봉 리폼 업사이클링 제로웨이스트 에너지 태양광 도시농업 양봉 한방 약선 발효 김치
장아찌 떡 한과 전통차 소믈리에 노션 캔바 포토샵 일러스트레이터 프리미어 블로그 인스타그램 쇼핑몰 마케팅 회계 엑셀실무""".split()
KO_FORMS = "교실 강좌 과정 특강 워크숍 클래스 동아리 모임 반 체험 여행 입문 기초 초급 중급 고급 심화 실전 완성 첫걸음".split()
KO_AUDIENCE = "어린이 청소년 시니어 어르신 직장인 주부 부모 가족 다문화 외국인 장애인 신중년 대학생 엄마 아빠".split()
KO_FILLER = """배우 함께 누구나 기초부터 차근차근 즐겁게 실습 이론 작품 생활 활용 방법 익히고 경험 나눔 소통 참여 주민
평생학습 강사 수업 매주 준비물 재료비 별도 개인 교재 제공 신청 선착순 모집 정원 수강 과정 내용 소개 목표 일상 취미
건강한 새로운 다양한 전문 강사진 현장 체험 이해 기본 응용 발표 전시 수료 마을 이웃 도서관 센터 온라인 실시간 녹화
자유롭게 꾸준히 천천히 쉽게 재미있게 깊이 있게 실생활 자신감 성장 치유 힐링 감성 창의 협력 토론 질문 답변 안내""".split()
PARTICLES = ["", "", "", "을", "를", "의", "에서", "으로", "과", "와", "은", "는", "이", "가", "도"]
EN_SUBJECTS = """calligraphy piano guitar ukulele violin cello flute choir singing english japanese chinese spanish french
german korean conversation grammar reading writing poetry essay philosophy history art watercolour painting drawing
sketching photography video youtube smartphone computer spreadsheet coding python programming ai digital cooking baking
bread dessert coffee barista wine tea flowers gardening pottery ceramics crafts woodwork leather knitting embroidery
quilting soap candles yoga pilates meditation dance swimming walking health wellbeing psychology counselling parenting
careers jobs startup property investment taxes finance economics stocks certificate sign language rights environment
climate community volunteering safety first aid law retirement colour makeup fashion astronomy science robotics drones
making boardgames chess magic theatre musicals film comics illustration storytelling public speaking vocals composing
classical hiking cycling camping travel architecture museums picture books ecology insects pets houseplants sewing
upcycling zero waste energy solar urban farming beekeeping fermentation kimchi marketing accounting blogging""".split()
# Rare subjects: each appears in about one title in 10,000 (the "rare word" queries).
KO_RARE = """아쟁 피리 단소 양금 비파 거문고 태평소 생황 나각 해먹 칠현금 모자이크 스테인드글라스 탁본 금박 나전칠기 옻칠
한지등 소목장 두석장 매사냥 궁술 씨름 택견 검무 승무 살풀이 사물놀이 줄타기 연날리기 팽이 제기 투호 윷놀이""".split()
EN_RARE = """theremin harpsichord bassoon oboe sitar didgeridoo bagpipes mandolin banjo marimba calligrams origami
ikebana bonsai kintsugi macrame taxidermy bookbinding letterpress glassblowing blacksmithing falconry archery
fencing""".split()
EN_FORMS = "class course workshop lessons club circle session beginners intermediate advanced basics masterclass introduction".split()
EN_AUDIENCE = "children teens seniors adults parents families newcomers workers students women men".split()
EN_FILLER = """learn together everyone welcome step by practice theory create projects everyday skills methods experience share
discuss neighbours library centre online live weekly materials included fee separate booking required first come places
limited beginners friendly instructor expert hands on understanding basic applied showcase exhibition certificate
community confidence growth healing creative teamwork questions answers guidance relaxed fun deep practical tips""".split()
SECTORS = ["public_service"] * 30 + ["library"] * 20 + ["civil_society"] * 15 + ["community_group"] * 12 + \
    ["higher_education"] * 8 + ["museum_culture"] * 6 + ["public_education"] * 4 + ["employer"] * 3 + ["individual"] * 2
ACCESS = ["wheelchair", "step_free", "accessible_toilet", "hearing_loop", "sign_language", "easy_read", "large_print",
          "captions", "screen_reader", "quiet_space"]
LANGS = [("ko",), ("ko",), ("ko",), ("ko",), ("ko",), ("ko",), ("ko", "en"), ("en",), ("zh",), ("vi",), ("ja",)]
FEES = [10000, 20000, 24000, 30000, 36000, 40000, 50000, 60000, 72000, 78000, 90000, 120000, 150000, 180000, 300000]
AUDIENCES = [  # (weight, age_min, age_max, target groups)
    (40, 19, None, ["adults"]), (15, 60, None, ["older_adults"]), (12, 7, 12, ["children"]), (8, 13, 18, ["youth"]),
    (8, None, None, []), (5, 5, None, ["families", "parents"]), (4, 19, 64, ["jobseekers", "workers"]),
    (3, 19, None, ["migrants"]), (3, 19, None, ["people_with_disabilities"]), (2, 19, None, ["low_income"]),
]


class Zipf:
    """Draw words with probability ∝ 1 / rank^s (rank 1 the most common)."""

    def __init__(self, words: list[str], rng: random.Random, s: float = 1.05) -> None:
        self.words = list(words)
        rng.shuffle(self.words)
        weights = [1 / (rank ** s) for rank in range(1, len(self.words) + 1)]
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    def draw(self) -> str:
        return self.words[bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])]

    def by_rank(self, rank: int) -> str:
        return self.words[rank - 1]


def _in_polygon_points(features: list[dict], weights: list[float], count: int, rng: random.Random):
    from learningcity.core.geo import bbox, contains

    boxes = [bbox(f["geometry"]) for f in features]
    cum = list(itertools.accumulate(weights))
    for _ in range(count):
        k = bisect.bisect_left(cum, rng.random() * cum[-1])
        min_lon, min_lat, max_lon, max_lat = boxes[k]
        while True:
            lat, lon = rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)
            if contains(features[k]["geometry"], lat, lon):
                yield k, lat, lon
                break


class Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ko_subject = Zipf(KO_SUBJECTS, rng)
        self.en_subject = Zipf(EN_SUBJECTS, rng)
        self.ko_filler = Zipf(KO_FILLER + KO_SUBJECTS, rng, s=0.9)
        self.en_filler = Zipf(EN_FILLER + EN_SUBJECTS, rng, s=0.9)

    def korean(self) -> tuple[str, str]:
        r = self.rng
        subject = r.choice(KO_RARE) if r.random() < 0.003 else self.ko_subject.draw()
        parts = []
        if r.random() < 0.3:
            parts.append(r.choice(KO_AUDIENCE))
        if r.random() < 0.3:
            parts.append(self.ko_subject.draw())
        # Koreans often write the subject and its form as one word: 서예교실, 요리반.
        form = r.choice(KO_FORMS)
        parts.append(subject + form if r.random() < 0.4 else f"{subject} {form}")
        if r.random() < 0.3:
            parts.append(r.choice(KO_FORMS))
        title = " ".join(parts)
        words = [self.ko_filler.draw() + r.choice(PARTICLES) for _ in range(r.randint(12, 30))]
        words.insert(r.randint(0, len(words)), subject + r.choice(PARTICLES))
        return title, " ".join(words)

    def english(self) -> tuple[str, str]:
        r = self.rng
        subject = r.choice(EN_RARE) if r.random() < 0.003 else self.en_subject.draw()
        parts = []
        if r.random() < 0.3:
            parts.append(r.choice(EN_FORMS).capitalize())
        parts.append(subject.capitalize())
        if r.random() < 0.3:
            parts.append("and " + self.en_subject.draw())
        parts.append(r.choice(EN_FORMS))
        if r.random() < 0.3:
            parts.append("for " + r.choice(EN_AUDIENCE))
        words = [self.en_filler.draw() for _ in range(r.randint(12, 30))]
        words.insert(r.randint(0, len(words)), subject)
        return " ".join(parts), " ".join(words)


def generate(n: int, *, seed: int = 20260427, progress: Callable[[str, int, int], None] = lambda *a: None,
             batch: int = 5000) -> dict:
    """Write n synthetic opportunities (one run each), their providers and venues. Returns what was made."""
    from django.db import transaction

    from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Topic, Venue
    from learningcity.core.models import District, PopulationCount

    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    geojson = json.loads((Path(__file__).resolve().parents[1] / "data/seoul/gu_boundaries_juso_2015.geojson")
                         .read_text())
    features = geojson["features"]
    districts = {d.short_code: d for d in District.objects.all()}
    population = {}
    for row in PopulationCount.objects.filter(level=PopulationCount.Level.DISTRICT).values("area_code", "population"):
        population[row["area_code"][:5]] = population.get(row["area_code"][:5], 0) + row["population"]
    weights = [population.get(f["properties"]["SIG_CD"], 1) for f in features]
    topics = list(Topic.objects.all())
    n_providers = max(n // 100, 5)
    n_venues = max(n // 20, 10)
    tag = f"synthetic-{seed}"
    with transaction.atomic():
        providers = Provider.objects.bulk_create([
            Provider(name=f"합성 기관 {i} (synthetic)", slug=f"{tag}-provider-{i}", sector=rng.choice(SECTORS),
                     source_id=f"{tag}:provider:{i}")
            for i in range(n_providers)
        ], batch_size=batch)
    venues = []
    points = _in_polygon_points(features, weights, n_venues, rng)
    with transaction.atomic():
        for i, (k, lat, lon) in enumerate(points):
            district = districts[features[k]["properties"]["SIG_CD"]]
            venues.append(Venue(
                name=f"{district.name_ko} 학습장 {i} (synthetic)", district=district, latitude=lat, longitude=lon,
                provider=providers[i % n_providers], source_id=f"{tag}:venue:{i}",
                accessibility=[a for a in ACCESS[:3] if rng.random() < 0.4],
            ))
            if len(venues) % batch == 0:
                progress("venues", len(venues), n_venues)
        venues = Venue.objects.bulk_create(venues, batch_size=batch)
    progress("venues", n_venues, n_venues)
    audience_cum = list(itertools.accumulate(a[0] for a in AUDIENCES))
    start_base = datetime.date(2026, 1, 1)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    made = 0
    Through = Opportunity.topics.through
    while made < n:
        size = min(batch, n - made)
        opportunities, runs_spec = [], []
        for j in range(size):
            i = made + j
            korean = rng.random() < 0.7
            title, description = vocab.korean() if korean else vocab.english()
            _, age_min, age_max, groups = AUDIENCES[bisect.bisect_left(audience_cum, rng.random() * audience_cum[-1])]
            free = rng.random() < 0.35
            fee = 0 if free else rng.choice(FEES)
            mode = rng.choices(["in_person", "online", "blended"], weights=[75, 15, 10])[0]
            opportunities.append(Opportunity(
                provider=providers[rng.randrange(n_providers)], title=title, description=description,
                setting=rng.choices(["non_formal", "formal", "informal"], weights=[70, 15, 15])[0],
                age_min=age_min, age_max=age_max, target_groups=groups,
                languages=list(rng.choice(LANGS)) if korean else ["en"], cost=Decimal(fee), is_free=free,
                delivery_mode=mode, accessibility=[a for a in ACCESS[3:] if rng.random() < 0.08],
                family_friendly="families" in groups or rng.random() < 0.05, status="published",
                published_at=now, source_id=f"{tag}:opportunity:{i}",
            ))
            start = start_base + datetime.timedelta(days=rng.randrange(540))
            weeks = rng.choice([0, 0, 1, 4, 6, 8, 10, 12, 16])
            hour = rng.choice([9, 10, 10, 11, 13, 14, 15, 16, 19, 19, 20])
            opens = datetime.datetime.combine(start - datetime.timedelta(days=rng.randint(14, 60)),
                                              datetime.time(9), tzinfo=datetime.timezone.utc)
            runs_spec.append(dict(
                venue=None if mode == "online" else venues[rng.randrange(n_venues)],
                online_url="https://example.org/synthetic" if mode != "in_person" else "",
                start_date=start, end_date=start + datetime.timedelta(weeks=weeks),
                start_time=datetime.time(hour), end_time=datetime.time(hour + 2),
                weekdays=[] if weeks == 0 else rng.sample(["MO", "TU", "WE", "TH", "FR", "SA"], rng.choice([1, 1, 2])),
                capacity=rng.choice([10, 15, 20, 25, 30, None]), enrolment_opens=opens,
                enrolment_closes=opens + datetime.timedelta(days=rng.randint(7, 40)), status="published",
                source_id=f"{tag}:run:{i}",
            ))
        with transaction.atomic():
            saved = Opportunity.objects.bulk_create(opportunities, batch_size=batch)
            OpportunityRun.objects.bulk_create(
                [OpportunityRun(opportunity=o, **spec) for o, spec in zip(saved, runs_spec)], batch_size=batch)
            Through.objects.bulk_create([
                Through(opportunity_id=o.pk, topic_id=t.pk)
                for o in saved for t in rng.sample(topics, rng.choice([1, 1, 2]))
            ], batch_size=batch)
        made += size
        progress("opportunities", made, n)
    return {"opportunities": n, "runs": n, "providers": n_providers, "venues": n_venues,
            "vocabulary": vocab}
