"""The open data the demo city is built from, with the attribution each licence asks for.

Shown on the "About the data" page and kept in step with data/SOURCES.md (a test checks every file listed
here exists in data/).
"""

from django.utils.translation import gettext_lazy as _

SOURCES = [
    {
        "title": _("District boundaries (25 gu)"),
        "file": "seoul/gu_boundaries_juso_2015.geojson",
        "publisher": "Seoul Metropolitan Government / JUSO (2015), via southkorea/seoul-maps",
        "licence": "Apache-2.0 (repository); Seoul Open Data, free reuse with attribution",
        "attribution": "Seoul Metropolitan Government / JUSO, via southkorea/seoul-maps (Lucy Park), Apache-2.0",
    },
    {
        "title": _("Neighbourhood boundaries (haengjeong-dong, 2013)"),
        "file": "seoul/dong_boundaries_kostat_2013.geojson",
        "publisher": "Statistics Korea (KOSTAT) SGIS 2013, via southkorea/seoul-maps",
        "licence": "Apache-2.0 (repository); KOSTAT public data",
        "attribution": "Statistics Korea (KOSTAT), via southkorea/seoul-maps (Lucy Park), Apache-2.0",
    },
    {
        "title": _("Neighbourhood crosswalk 2013 → 2025 (derived)"),
        "file": "seoul/dong_crosswalk_kostat2013_to_mois2025.csv",
        "publisher": "Derived by matching district and neighbourhood names",
        "licence": "as its sources",
        "attribution": "Derived from KOSTAT 2013 boundaries and MOIS 2025 codes",
    },
    {
        "title": _("Population by 5-year age band and sex, April 2025"),
        "file": "seoul/population_2025-04_seoul_by_5yr_age_sex_long.csv",
        "publisher": "Ministry of the Interior and Safety (행정안전부), resident registration statistics",
        "licence": "Korean public-sector work, free use (Copyright Act art. 24-2)",
        "attribution": "행정안전부 주민등록 인구통계 (2025-04)",
    },
    {
        "title": _("Libraries (national library standard data)"),
        "file": "seoul/libraries_seoul_national_standard_data.csv",
        "publisher": "data.go.kr 전국도서관표준데이터, each providing agency",
        "licence": "이용허락범위 제한 없음 (no usage restriction)",
        "attribution": "공공데이터포털 전국도서관표준데이터, 각 제공기관",
    },
    {
        "title": _("Schools (national school location standard data, March 2026)"),
        "file": "seoul/schools_seoul_national_standard_data_2026-03.csv",
        "publisher": "data.go.kr 전국초중등학교위치표준데이터, 한국교육시설안전원",
        "licence": "이용허락범위 제한 없음 (no usage restriction)",
        "attribution": "공공데이터포털 전국초중등학교위치표준데이터, 한국교육시설안전원",
    },
    {
        "title": _("Lifelong-learning courses of Gangnam-gu, 2026"),
        "file": "seoul/lifelong_learning_courses_gangnam-gu_2026.csv",
        "publisher": "data.go.kr 전국평생학습강좌표준데이터 (#15013110), 서울특별시 강남구청",
        "licence": "이용허락범위 제한 없음 (no usage restriction)",
        "attribution": "공공데이터포털 전국평생학습강좌표준데이터, 서울특별시 강남구청",
    },
]
