"""Facet values as bits (`search.bits`): the index's numbering of (facet, value) pairs, a run's numbers, and
counting runs from them."""

from learningcity.search import bits as bits_module
from learningcity.search.bits import FacetBits
from learningcity.search.schema import BIT_FIELDS


def _numbers(bits: FacetBits, runs: list[dict]) -> list[int]:
    """What the index stores for each run and a search reads back, as one number per run."""
    return [FacetBits.join(bits.words(run)) for run in runs]


def test_known_values_are_numbered_in_order_and_new_ones_take_the_next_bit():
    bits = FacetBits.numbering({"mode": ["in_person", "online"], "topic": ["music"]})
    assert bits.pairs == [("mode", "in_person"), ("mode", "online"), ("topic", "music")]
    words = bits.words({"mode": "online", "topic": ["music", "beekeeping"], "district": None})
    assert bits.pairs[-1] == ("topic", "beekeeping")  # met for the first time: numbered now
    assert words == [0b1110]  # online, music, beekeeping: one field holds every bit numbered so far


def test_counts_per_value_of_one_facet():
    bits = FacetBits.numbering({"mode": ["in_person", "online"], "language": ["ko", "en"]})
    runs = [{"mode": "in_person", "language": ["ko"]}, {"mode": "in_person", "language": ["ko", "en"]},
            {"mode": "online", "language": ["en"]}, {"mode": None, "language": []}]
    numbers = _numbers(bits, runs)
    assert bits.count("mode", numbers) == {"in_person": 2, "online": 1}
    assert bits.count("language", numbers) == {"ko": 2, "en": 2}
    assert bits.count("topic", numbers) == {}


def test_a_chosen_value_matches_the_runs_that_have_it_and_an_unknown_one_matches_none():
    bits = FacetBits.numbering({"language": ["ko", "en", "ja"]})
    ko_en, ja = _numbers(bits, [{"language": ["ko", "en"]}, {"language": ["ja"]}])
    wanted = bits.selected("language", ["en", "xx"])
    assert ko_en & wanted and not ja & wanted
    assert bits.selected("language", ["xx"]) == 0
    assert ("language", "xx") not in bits.pairs  # choosing does not number


def test_numbers_beyond_the_first_word_are_read_back_whole():
    bits = FacetBits.numbering({"topic": [f"t{i}" for i in range(150)]})
    assert bits.fields_used == BIT_FIELDS[:3]
    words = bits.words({"topic": ["t0", "t70", "t149"]})
    assert [w != 0 for w in words] == [True, True, True]
    assert bits.count("topic", [FacetBits.join(words)]) == {"t0": 1, "t70": 1, "t149": 1}


def test_when_the_bits_run_out_the_numbering_is_full_and_says_so(monkeypatch):
    monkeypatch.setattr(bits_module, "CAPACITY", 3)
    bits = FacetBits.numbering({"mode": ["in_person", "online", "blended"]})
    assert not bits.full
    assert bits.position("mode", "hybrid") is None and bits.full
    assert bits.position("mode", "online") == 1  # numbered values keep their bits


def test_the_numbering_survives_the_index_state():
    bits = FacetBits.numbering({"district": ["gangnam-gu", "jongno-gu"], "price": ["free", "paid"]})
    again = FacetBits.from_state(bits.to_state())
    assert again.pairs == bits.pairs and again.full == bits.full
    assert again.words({"district": "jongno-gu", "price": "free"}) == bits.words(
        {"district": "jongno-gu", "price": "free"})
    assert FacetBits.from_state(None) is None
