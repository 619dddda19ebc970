"""How text becomes terms: Korean particles and compounds, English stems, query syntax as plain text."""

import pytest

from learningcity.search.analysis import (ANALYZERS, bigrams, covering_bigrams, hangul_only, query_words,
                                          strip_particle)


def test_bigram_analyzer_pairs_hangul_syllables_without_straddling_words():
    terms = ANALYZERS["lc_bigram"].analyze(hangul_only("서예교실 (초급) 서예를 English"))
    assert "서예" in terms and "예교" in terms and "교실" in terms and "예를" in terms
    assert "초급" in terms
    assert not any("english" in t.lower() for t in terms)


def test_hangul_only_keeps_only_hangul_words():
    assert hangul_only("[수서1] 어린이 피아노 (A)") == "수서 어린이 피아노"


def test_stem_analyzer_meets_english_inflections_and_leaves_korean_alone():
    stem = ANALYZERS["lc_stem"]
    assert stem.analyze("painting")[0] == stem.analyze("paints")[0] == stem.analyze("painted")[0]
    assert stem.analyze("서예교실") == ["서예교실"]


def test_particles_are_stripped_from_query_words_only_when_a_noun_remains():
    assert strip_particle("서예를") == "서예"
    assert strip_particle("요리에서") == "요리"
    assert strip_particle("나를") is None  # one syllable left: not a particle here
    assert strip_particle("피아노") is None


def test_query_words_treat_syntax_as_spaces_and_cap_the_count():
    words = query_words('title:"서예를" AND (painting*) -yoga ~2 ^3 [a TO b]', limit=20)
    texts = [w.text for w in words]
    assert texts[:3] == ["title", "서예를", "and"]
    assert "painting" in texts and "yoga" in texts
    korean = next(w for w in words if w.text == "서예를")
    assert korean.hangul and korean.variants == ["서예를", "서예"]
    assert len(query_words(" ".join(f"w{i}" for i in range(50)), limit=12)) == 12


def test_fuzzy_only_for_longer_words():
    by_text = {w.text: w for w in query_words("yoga drawing 요가 바이올린", limit=10)}
    assert by_text["yoga"].fuzzy_distance == 0
    assert by_text["drawing"].fuzzy_distance == 1
    assert by_text["요가"].fuzzy_distance == 0
    assert by_text["바이올린"].fuzzy_distance == 1


def test_bigrams_of_a_word():
    assert bigrams("바이올린") == ["바이", "이올", "올린"]
    assert bigrams("책") == []


@pytest.mark.parametrize("word, pairs", [
    ("책", []), ("서예", ["서예"]), ("유튜브", ["유튜", "튜브"]), ("금속공예", ["금속", "공예"]),
    ("캘리그라피", ["캘리", "그라", "라피"]), ("제로웨이스트", ["제로", "웨이", "스트"]),
])
def test_covering_pairs_hold_every_syllable(word, pairs):
    assert covering_bigrams(word) == pairs
    covered = {i + k for i in range(len(word) - 1) if word[i:i + 2] in pairs for k in (0, 1)}
    assert covered == (set(range(len(word))) if len(word) > 1 else set())
