"""Repair unseen misspellings (Shbekinskij, Shebikino) by edit distance to known Latin forms.

Only proper-noun-looking tokens are tried, candidates are bucketed by first letter and length,
and a repair is applied only when it is close, unambiguous and in a place-like context;
anything weaker becomes an unapplied suggestion, and most tokens get nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..glossary.model import Action, Glossary
from ..glossary.variants import HEAD_NOUNS, SurfaceForm

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["HEAD_WORDS", "FuzzyHit", "FuzzyIndex"]

# Latin words that close a place phrase: "Shbekinskij district", "Belgorodskaja oblast".
HEAD_WORDS = frozenset(
    word for nouns in HEAD_NOUNS.values() for noun in nouns for word in noun.split() if noun
) - {"of", "city", "urban", "municipal", "autonomous"}
MIN_LENGTH = 5
_MEMO_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    key: str
    distance: int
    form_ids: tuple[int, ...]
    rivals: frozenset[str]  # every entry as close as the best one (the best one's included)

    def confidence(self, length: int) -> float:
        return round(max(0.0, 1.0 - self.distance / max(length, 1)) * 0.95, 3)


@dataclass
class FuzzyIndex:
    """Latin keys of replaceable entries, bucketed by (first letter, length)."""

    buckets: dict[tuple[str, int], list[str]]
    forms_by_key: dict[str, tuple[int, ...]]
    entries_by_key: dict[str, frozenset[str]]
    longest: int = 0  # the longest key: a longer token cannot be within reach
    # Names recur across copy: remember answers (bounded; cleared when full).
    _memo: dict[tuple[str, int], FuzzyHit | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        glossary: Glossary,
        forms: list[SurfaceForm],
        by_key: Mapping[str, Mapping[object, int]],
    ) -> FuzzyIndex:
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        forms_by_key: dict[str, tuple[int, ...]] = {}
        entries_by_key: dict[str, frozenset[str]] = {}
        for key, slots in by_key.items():
            if not key.isascii() or len(key) < MIN_LENGTH:
                continue
            ids = tuple(
                i
                for i in slots.values()
                if forms[i].primary
                and not forms[i].cyrillic
                and glossary.by_id[forms[i].entry_id].action is Action.REPLACE
                and glossary.by_id[forms[i].entry_id].category.is_place
            )
            if not ids:
                continue
            words = key.split(" ")
            if len(words) > 2 or (len(words) == 2 and words[1] not in HEAD_WORDS):
                continue
            buckets[(key[0], len(key))].append(key)
            forms_by_key[key] = ids
            entries_by_key[key] = frozenset(forms[i].entry_id for i in ids)
        return cls(
            dict(buckets), forms_by_key, entries_by_key, max(map(len, forms_by_key), default=0)
        )

    def nearest(self, key: str, max_distance: int) -> FuzzyHit | None:
        """The closest known key within ``max_distance`` edits, or None."""
        if len(key) < MIN_LENGTH or key in self.forms_by_key:
            return None
        if len(key) > self.longest + max_distance:
            return None  # no known name is that long: nothing to search, nothing to remember
        memo_key = (key, max_distance)
        if memo_key in self._memo:
            return self._memo[memo_key]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        hit = self._search(key, max_distance)
        self._memo[memo_key] = hit
        return hit

    def _search(self, key: str, max_distance: int) -> FuzzyHit | None:
        choices: list[str] = []
        for length in range(len(key) - max_distance, len(key) + max_distance + 1):
            choices.extend(self.buckets.get((key[0], length), ()))
        if not choices:
            return None
        found = process.extract(
            key, choices, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=8
        )
        if not found:
            return None
        best_key, best, _ = min(found, key=lambda item: (item[1], item[0]))
        rivals = frozenset(
            entry
            for other, distance, _ in found
            if distance <= best
            for entry in self.entries_by_key[other]
        )
        return FuzzyHit(best_key, int(best), self.forms_by_key[best_key], rivals)
