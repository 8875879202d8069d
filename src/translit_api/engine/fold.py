"""The folded key that matching compares: one character in, one character out.

Folding never changes length, so an offset into the folded text is an offset into the input.
Letters and digits are lowered and stripped of Latin diacritics (ž → z, ĭ → i), ё → е; every
other character (space, punctuation, apostrophes, hyphens) becomes a space, the word boundary.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BOUNDARY", "fold", "fold_char", "fold_phrase"]

BOUNDARY = " "


def fold_char(ch: str) -> str:
    """The folded form of one character (always exactly one character)."""
    if not ch.isalnum():
        return BOUNDARY
    low = ch.lower()
    if len(low) != 1:  # İ lowers to two code points; fold its base letter instead
        low = unicodedata.normalize("NFKD", ch)[0].lower()
    if low == "ё":
        return "е"
    if low.isascii() or "LATIN" not in unicodedata.name(low, ""):
        return low
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isascii() and base.isalnum() else low


class _FoldTable(dict[int, str]):
    """A translate table that computes and remembers each code point on first sight."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()
for _code in list(range(0x250)) + list(range(0x400, 0x530)) + list(range(0x1E00, 0x1F00)):
    _TABLE[_code] = fold_char(chr(_code))


def fold(text: str) -> str:
    """Fold ``text`` character by character; ``len(fold(t)) == len(t)``."""
    return text.translate(_TABLE)


def fold_phrase(text: str) -> str:
    """The key of a glossary form: folded, with boundary runs collapsed to one space."""
    return " ".join(fold(text).split())
