"""Judged queries over the real Gangnam-gu courses (data/seoul/lifelong_learning_courses_gangnam-gu_2026.csv).

Each query is what a person might type; `relevant(title, category)` says which courses that person wants
at the top, judged by reading the file's titles (강좌명) and categories (강좌내용), not by what the engine
returns. Used by test_relevance.py, which computes precision@5.
"""

import re


def _title(pattern: str):
    rx = re.compile(pattern)
    return lambda title, category: bool(rx.search(title))


def _category(*names: str):
    return lambda title, category: category in names


CALLIGRAPHY = _title(r"캘리그라피|손글씨|필사")
COOKING = _category("요리")

JUDGMENTS: list[tuple[str, str, object]] = [
    # (query, why, relevant)
    ("피아노", "piano lessons", _title(r"피아노")),
    ("피아노를", "a particle glued on", _title(r"피아노")),
    ("서예", "calligraphy: the file files it under 미술/서예; courses are 캘리그라피 and lettering", CALLIGRAPHY),
    ("캘리그라피", "calligraphy courses", CALLIGRAPHY),
    ("calligraphy", "English word for the same", CALLIGRAPHY),
    ("요리", "cooking courses", COOKING),
    ("요리교실", "a compound as typed", COOKING),
    ("cooking", "English word for cooking", COOKING),
    ("가족 요리", "family cooking classes", lambda t, c: c == "요리" and "가족" in t),
    ("일본어", "Japanese", _title(r"일본어|니홍고")),
    ("영어 회화", "speaking English", _title(r"영어|영어회화|톡톡영어") ),
    ("스페인어", "the Spanish language (not the culture and travel talks)", _title(r"스페인어")),
    ("독일어", "German", _title(r"독일어")),
    ("스마트폰", "smartphone skills", _title(r"스마트폰")),
    ("유튜브", "making YouTube videos", _title(r"유튜브")),
    ("AI 영상", "making videos with AI", lambda t, c: "AI" in t and "영상" in t),
    ("부동산 경매", "property auctions", _title(r"경매")),
    ("수채화", "watercolour", _title(r"수채화")),
    ("드로잉", "drawing", _title(r"드로잉|소묘|스케치")),
    ("민화", "Korean folk painting", _title(r"민화")),
    ("통기타", "acoustic guitar", _title(r"통기타")),
    ("플루트", "flute", _title(r"플루트")),
    ("하모니까", "harmonica, mistyped (하모니카)", _title(r"하모니카")),
    ("어린이 피아노", "piano for children", _title(r"어린이 피아노")),
    ("에세이", "essay writing", _title(r"에세이")),
    ("공예", "crafts", lambda t, c: c == "도자기/공예" or "공예" in t),
    ("와인", "wine", _title(r"와인")),
    ("미술관", "art museums", _title(r"미술관")),
    ("사진", "photography", _title(r"사진|인생샷")),
    ("수어", "Korean sign language", _title(r"수어")),
]
