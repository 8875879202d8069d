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


# Fast path: English copy is mostly ASCII with a few typographic quotes, dashes or Cyrillic
# words. encode("ascii", "replace") gives one byte per code point ("?" for the rest), which
# bytes.translate folds at memory speed; then only the "?" runs are folded from the original.
_ASCII_TABLE = str.maketrans({chr(code): fold_char(chr(code)) for code in range(128)})
_BYTES_TABLE = bytes(ord(fold_char(chr(code))) for code in range(128)) + b" " * 128
_MARK = ord("?")
_RUNS: dict[str, str] = {}


def fold(text: str) -> str:
    """Fold ``text`` character by character; ``len(fold(t)) == len(t)``."""
    if text.isascii():
        return text.translate(_ASCII_TABLE)
    raw = text.encode("ascii", "replace")
    if (raw.count(b"?") - text.count("?")) * 8 > len(text):
        return text.translate(_TABLE)  # mostly non-ASCII (Russian copy): one pass
    base = raw.translate(_BYTES_TABLE).decode("ascii")
    pieces = []
    size = len(raw)
    last = 0
    pos = raw.find(b"?")
    while pos != -1:
        end = pos + 1
        while end < size and raw[end] == _MARK:
            end += 1
        run = text[pos:end]
        folded = _RUNS.get(run)
        if folded is None:
            folded = run.translate(_TABLE)
            if len(run) <= 4 and len(_RUNS) < 4096:  # quotes and dashes recur endlessly
                _RUNS[run] = folded
        pieces.append(base[last:pos])
        pieces.append(folded)
        last = end
        pos = raw.find(b"?", end)
    pieces.append(base[last:])
    return "".join(pieces)


def fold_phrase(text: str) -> str:
    """The key of a glossary form: folded, with boundary runs collapsed to one space."""
    return " ".join(fold(text).split())
