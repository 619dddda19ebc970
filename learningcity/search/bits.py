"""Facet values as bits, so a search that holds its runs in hand can count them.

tantivy reads numbers, not words, of a list of documents (`Searcher.fast_field_values`), so besides its facet
terms (what filters and aggregations use) every run carries its facet values as bits of a few 64-bit
numbers (`schema.BIT_FIELDS`): one bit per (facet, value) pair, such as ("mode", "in_person") or
("language", "ko"), set when the run has that value. A distance search fetches every run in its circle
anyway; with these numbers its facet counts come from those runs (`facets.counts_in_hand`) instead of from
more index queries.

Which bit stands for which pair is decided by the index, not by code: a rebuild numbers the vocabularies it
knows (the fixed ones in code, the database's districts and topics), and a value met later (a new topic)
takes the next free bit when the follower indexes it. The numbering is part of the index's state (its meta
document), committed together with the documents that use it, so a reader never sees a bit it cannot name.
When the bits run out (`CAPACITY` pairs) the numbering is marked `full`, and searches count with
aggregations, as they do when an index has no numbering at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from learningcity.search.schema import BIT_FACETS, BIT_FIELDS

CAPACITY = 64 * len(BIT_FIELDS)
WORD = (1 << 64) - 1
LIST_MEMO_LIMIT = 100_000  # distinct lists remembered by `words`; more start the memo afresh


@dataclass
class FacetBits:
    """The numbering of (facet, value) pairs, as stored in the index state."""

    pairs: list[tuple[str, str]] = field(default_factory=list)  # in bit order
    full: bool = False  # some value met has no bit

    def __post_init__(self) -> None:
        self.pairs = [(name, value) for name, value in self.pairs]  # tuples, also when read from JSON
        self._bit: dict[str, dict[str, int]] = {name: {} for name in BIT_FACETS}  # facet → value → its bit
        self._facet_masks: dict[str, int] = {}
        self._lists: dict[tuple, int] = {}  # (facet, *values) → their bits
        for i, (name, value) in enumerate(self.pairs):
            self._bit.setdefault(name, {})[value] = 1 << i
            self._facet_masks[name] = self._facet_masks.get(name, 0) | 1 << i

    @classmethod
    def numbering(cls, vocabularies: dict[str, Iterable[str]]) -> FacetBits:
        """A fresh numbering of the values known up front (a rebuild)."""
        bits = cls()
        for name, known in vocabularies.items():
            for value in known:
                bits.position(name, value)
        return bits

    def position(self, name: str, value: str) -> int | None:
        """The bit number of a pair, given one now if it has none; None when no bit is left."""
        bit = self._bit_of(name, value)
        return bit.bit_length() - 1 if bit else None

    def _bit_of(self, name: str, value: str) -> int:
        """The pair's bit as a number (1 << position), numbering it now if new; 0 when no bit is left."""
        known = self._bit.setdefault(name, {})
        found = known.get(value)
        if found is not None:
            return found
        if self.full or len(self.pairs) >= CAPACITY:
            self.full = True
            return 0
        found = known[value] = 1 << len(self.pairs)
        self.pairs.append((name, value))
        self._facet_masks[name] = self._facet_masks.get(name, 0) | found
        return found

    def words(self, run: Mapping[str, Any]) -> list[int]:
        """A run's numbers, one per field in use, from its values per facet (`BIT_FACETS` keys of `run`: a
        value, a list of values, or nothing). A rebuild calls this once per run, hence the plain loops."""
        bits = 0
        for name, known in self._bit.items():
            given = run.get(name)
            if not given:
                continue
            if isinstance(given, str):
                bits |= known.get(given) or self._bit_of(name, given)
                continue
            key = (name, *given)  # lists repeat (the same languages, weekdays...): each is worked out once
            found = self._lists.get(key)
            if found is None:
                found = 0
                for value in given:
                    found |= self._bit_of(name, value)
                if not self.full:
                    if len(self._lists) > LIST_MEMO_LIMIT:
                        self._lists.clear()
                    self._lists[key] = found
            bits |= found
        return [(bits >> shift) & WORD for shift in range(0, 64 * len(self.fields_used), 64)]

    @property
    def fields_used(self) -> tuple[str, ...]:
        """The fields holding any numbered bit (the rest are zero in every run)."""
        return BIT_FIELDS[:max(1, -(-len(self.pairs) // 64))]

    @staticmethod
    def join(words: Sequence[int | None]) -> int:
        """A run's numbers as read from the index, back as one number."""
        out = 0
        for i, word in enumerate(words):
            if word:
                out |= word << (64 * i)
        return out

    def selected(self, name: str, values: Iterable[str]) -> int:
        """The bits of values a search chose, without numbering new ones (a value no run has has no bit)."""
        known = self._bit.get(name, {})
        out = 0
        for value in values:
            out |= known.get(value, 0)
        return out

    def count(self, name: str, runs: Iterable[int]) -> dict[str, int]:
        """How many of these runs (each as one number, see `join`) have each value of the facet. Bits this
        numbering does not know are not read: a reader may hold the numbering of the commit before the one
        its searcher sees, and numbering only ever adds bits."""
        facet = self._facet_masks.get(name, 0)
        counts: dict[str, int] = {}
        pairs = self.pairs
        for bits, n in Counter(run & facet for run in runs).items():  # runs share values: each set read once
            while bits:
                low = bits & -bits
                value = pairs[low.bit_length() - 1][1]
                counts[value] = counts.get(value, 0) + n
                bits ^= low
        return counts

    def to_state(self) -> dict:
        return {"pairs": [list(pair) for pair in self.pairs], "full": self.full}

    @classmethod
    def from_state(cls, state: dict | None) -> FacetBits | None:
        if not state:
            return None
        return cls(pairs=state.get("pairs", []), full=bool(state.get("full")))
