"""How text becomes terms, the same way when indexing and when searching.

Analyzers, registered on every index under these names:
- `lc_word`: words as typed (Unicode word boundaries, lower case, accents folded): how a query is split.
- `lc_stem`: the same words through the English Snowball stemmer, so "painting", "paints" and "painted"
  meet. Hangul passes through unchanged (the stemmer touches only Latin letters). Titles, descriptions
  and tags are indexed with it; one-typo (fuzzy) matching compares stems.
- `lc_bigram`: overlapping pairs of Hangul syllables. Korean glues particles and compounds to the word
  (서예를, 서예교실), so a word-level index cannot find 서예 inside them; every two-syllable piece can.
  Only Hangul goes in (`hangul_only`), words separated by a space: the pairs that straddle a space
  ("예 ", " 교") are never asked for, so they cost a little space and nothing else. tantivy's n-gram
  tokenizer gives every pair position 0, so a longer word is matched as "all of its pairs" (not as a
  phrase); the word-level fields, boosted, put exact words first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

MAX_WORD = 40  # longer "words" are noise (URLs, glued strings)
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
# Anything that is not a letter or digit separates words in a query: query syntax (+ - " : ( ) * ~ ^ [ ])
# is treated as plain punctuation, never interpreted.
QUERY_SPLIT = re.compile(r"[^\w]+", re.UNICODE)

# Particles (josa) that attach to the end of a Korean noun. A query word ending in one of them is also
# searched without it (서예를 → 서예). Longest first, so 에서 wins over 서.
PARTICLES = tuple(sorted((
    "이", "가", "을", "를", "은", "는", "의", "에", "에서", "에게", "께", "한테", "으로", "로", "와", "과",
    "도", "만", "부터", "까지", "하고", "이나", "나", "랑", "이랑", "처럼", "보다", "으로서", "로서",
), key=len, reverse=True))


def _word_analyzer(*, stem: bool) -> TextAnalyzer:
    builder = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(MAX_WORD))
               .filter(Filter.lowercase()).filter(Filter.ascii_fold()))
    if stem:
        builder = builder.filter(Filter.stemmer("english"))
    return builder.build()


ANALYZERS: dict[str, TextAnalyzer] = {
    "lc_word": _word_analyzer(stem=False),
    "lc_stem": _word_analyzer(stem=True),
    "lc_bigram": TextAnalyzerBuilder(Tokenizer.ngram(2, 2)).build(),
}


def register_analyzers(index) -> None:
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)


def hangul_only(text: str) -> str:
    """The Hangul words of `text`, one space between them: what the bigram fields index."""
    return " ".join(HANGUL_RUN.findall(text))


def bigrams(word: str) -> list[str]:
    return [word[i:i + 2] for i in range(len(word) - 1)]


def covering_bigrams(word: str) -> list[str]:
    """Pairs that cover every syllable of `word` with as few pairs as possible: 캘리그라피 → 캘리 그라 라피.

    What a query asks for: the fields match "all of these pairs", and each pair left out of a long word is
    one posting list fewer to intersect in each of three fields (a 5-syllable word went from 5.6 to 4.7 ms
    p95 at a million runs). The pairs skipped lie between two asked-for pairs, so a field still needs every
    syllable of the word, in pairs; it may also find the word split by a space (캘리 그라피), which is wanted.
    """
    pairs = bigrams(word)
    if len(pairs) <= 2:
        return pairs
    chosen = pairs[::2]
    if len(pairs) % 2 == 0:  # an odd number of syllables: the last one is in no chosen pair yet
        chosen.append(pairs[-1])
    return chosen


def strip_particle(word: str) -> str | None:
    """The noun without a trailing particle, if what remains is still at least two syllables."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return None


@dataclass
class QueryWord:
    """One word of what a person typed, with the forms each field is searched with."""

    text: str  # as typed, lower case (lc_word form)
    stem: str  # lc_stem form
    hangul: bool
    variants: list[str] = field(default_factory=list)  # Hangul: the word and its particle-less form

    @property
    def fuzzy_distance(self) -> int:
        """One typo allowed in longer words: 5+ letters, or 3+ Hangul syllables (each a whole letter block)."""
        if self.hangul:
            return 1 if len(self.text) >= 3 else 0
        return 1 if len(self.text) >= 5 else 0


def query_words(text: str, *, limit: int) -> list[QueryWord]:
    """Split what a person typed into words, ignoring query syntax; at most `limit` distinct words."""
    text = unicodedata.normalize("NFC", text)
    seen: set[str] = set()
    out: list[QueryWord] = []
    for raw in QUERY_SPLIT.split(text.replace("_", " ")):
        if not raw:
            continue
        analysed = ANALYZERS["lc_word"].analyze(raw)
        for word in analysed:
            if word in seen:
                continue
            seen.add(word)
            stems = ANALYZERS["lc_stem"].analyze(word)
            is_hangul = bool(HANGUL.match(word))
            variants = [word]
            if is_hangul:
                stripped = strip_particle(word)
                if stripped:
                    variants.append(stripped)
            out.append(QueryWord(text=word, stem=stems[0] if stems else word, hangul=is_hangul,
                                 variants=variants))
            if len(out) >= limit:
                return out
    return out
