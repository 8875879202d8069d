"""The English word list that guards the fuzzy matcher: an English word is never "repaired"."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["english_words", "is_english_word"]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    data = resources.files("translit_api").joinpath("data/english-words.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")
    )


def is_english_word(folded_word: str) -> bool:
    return folded_word in english_words()
