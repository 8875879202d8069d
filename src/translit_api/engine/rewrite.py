"""Adapt a canonical form to the place it goes: keep the original's capitals, and its number."""

from __future__ import annotations

import re

from ..glossary.model import Category, Entry

__all__ = ["adapt_case", "is_plural_context", "keep_separators"]

_PREVIOUS_WORD = re.compile(r"([\w.,]+)\W*$")
_SEPARATOR = re.compile(r"\s+")


def adapt_case(canonical: str, original: str, entry: Entry) -> str:
    """SHBEKINSKIJ DISTRICT → SHEBEKINO DISTRICT; Shbekinskij Rayon → Shebekino District."""
    letters = [c for c in original if c.isalpha()]
    if entry.category is Category.ACRONYM:
        return canonical  # acronyms are written in capitals anyway; keep the English form
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return canonical.upper()
    words = original.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in canonical.split(" "))
    return canonical


def is_plural_context(text: str, start: int, number_words: frozenset[str]) -> bool:
    """Whether the word before ``start`` asks for a plural: "12 BPLA", "three BPLA",
    "drei BPLA" (``number_words`` are the style's language's)."""
    window = text[max(0, start - 40) : start]
    found = _PREVIOUS_WORD.search(window)
    if not found:
        return False
    word = found.group(1).rstrip(".,").lower()
    if word.replace(",", "").replace(".", "").isdigit():
        return word not in {"1", "01"}
    return word in number_words


def keep_separators(replacement: str, original: str) -> str:
    """Reuse the original's white space between words (a no-break space stays one):
    "Shebekinskij\u00a0district" → "Shebekino\u00a0district"."""
    separators = _SEPARATOR.findall(original)
    words = replacement.split(" ")
    if not separators or len(words) != len(separators) + 1:
        return replacement
    out = [words[0]]
    for separator, word in zip(separators, words[1:], strict=True):
        out.append(separator)
        out.append(word)
    return "".join(out)
