"""Relevance on the real Gangnam-gu courses: judged queries (relevance_judgments.py), precision at 5.

P@5 is the share of the first five results a person judged relevant. Where fewer than five courses are
relevant at all, the best possible P@5 is below 1, so each query is also held to its own best possible
score minus at most two misses (사진 cannot know that 인생샷 is photography: no synonyms), and the mean
P@5 over all queries to a floor. `pytest -s` prints the table.
"""

import csv
import re

import pytest

from learningcity.platform.demo_city import COURSES_FILE
from learningcity.search.tests.relevance_judgments import JUDGMENTS

MEAN_P5_FLOOR = 0.80


@pytest.fixture(scope="module")
def categories() -> dict[str, str]:
    with open(COURSES_FILE, encoding="utf-8-sig") as handle:
        return {re.sub(r"\s+", " ", row["강좌명"]).strip(): row["강좌내용"] for row in csv.DictReader(handle)}


def test_precision_at_5(search, categories, capsys):
    rows = []
    for query, why, relevant in JUDGMENTS:
        result = search(q=query, facets=0, per_page=5)
        top = [item["title"] for item in result.items[:5]]
        hits = sum(1 for title in top if relevant(title, categories.get(title, "")))
        available = sum(1 for title, category in categories.items() if relevant(title, category))
        best = min(5, available) / 5
        rows.append((query, hits / 5, best, why))
        assert hits / 5 >= best - 0.4, f"{query!r} ({why}): {hits}/5 relevant in {top}"
    mean = sum(p for _, p, _, _ in rows) / len(rows)
    mean_best = sum(b for _, _, b, _ in rows) / len(rows)
    with capsys.disabled():
        print(f"\nprecision@5 over {len(rows)} judged queries: mean {mean:.3f} (best possible {mean_best:.3f})")
        for query, p5, best, why in rows:
            print(f"  {p5:.1f} / {best:.1f}  {query:<12} {why}")
    assert mean >= MEAN_P5_FLOOR
