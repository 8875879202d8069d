"""Apply a transliteration scheme to running text, word by word.

Letter rules live elsewhere: iuliia-format JSON files (iuliia's own and ours in ``schemes/``)
are applied by iuliia's engine, and the ``transliterate`` library's language packs by that
library. This module only adds what both lack for news copy:

* words that contain no letter of the source script pass through untouched;
* ALL-CAPS words stay all caps (``ШЕБЕКИНО`` → ``SHEBEKINO``, not iuliia's ``ShEBEKINO``),
  and a one-letter capital next to an all-caps word counts as all caps; for the
  ``transliterate`` packs, title-case words also come out title case;
* for schemes that declare ``apostrophes``, an apostrophe between two letters belongs to the
  word (Ukrainian ``Мар'їне`` is one word, so ``ї`` is not word-initial);
* the reverse direction (Latin → native) of an iuliia-format scheme whose plain mapping is
  one-to-one, by greedy longest match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import transliterate as _transliterate
from iuliia import Schema as IuliiaSchema

__all__ = [
    "LATIN_LETTERS",
    "ReverseMapping",
    "WordTransliterator",
    "is_caps",
    "iuliia_word_function",
    "pack_source_letters",
    "pack_word_function",
]

WordFunction = Callable[[str], str]

# Apostrophe-like characters that may sit inside a word (ASCII, right quote, modifier letter).
_APOSTROPHE_TO_LETTER = "ʼ"  # U+02BC is a letter (\w), so iuliia keeps the word in one piece

LATIN_LETTERS = frozenset(
    chr(code)
    for code in [
        *range(0x41, 0x5B),
        *range(0x61, 0x7B),
        *range(0xC0, 0x250),
        *range(0x1E00, 0x1F00),
    ]
    if chr(code).isalpha()
)


def _word_pattern(apostrophes: Iterable[str]) -> re.Pattern[str]:
    # A letter, then letters or combining marks (g̀); apostrophes only strictly between letters.
    run = r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*"
    marks = "".join(re.escape(a) for a in apostrophes)
    if marks:
        return re.compile(rf"{run}(?:[{marks}]{run})*")
    return re.compile(run)


def is_caps(word: str) -> bool:
    """True for a word with two or more cased letters, all upper case (uncased letters such
    as ʹ ʺ or Georgian do not count)."""
    # str.isupper: every cased character is upper case, and there is one.
    return word.isupper() and sum(map(str.isupper, word)) > 1


class WordTransliterator:
    """Run ``word_fn`` over every word of a text that has a letter from ``source_letters``."""

    def __init__(
        self,
        word_fn: WordFunction,
        source_letters: Iterable[str],
        apostrophes: Iterable[str] = (),
        *,
        title_case: bool = False,
        keep_caps: bool = True,
        apostrophe_as: str | None = _APOSTROPHE_TO_LETTER,
    ) -> None:
        self._word_fn = word_fn
        self._title_case = title_case
        self._keep_caps = keep_caps
        self._source = self.source_letters = frozenset(source_letters)
        self._apostrophes = tuple(apostrophes)
        self._pattern = _word_pattern(self._apostrophes)
        # Pure per word, and names repeat words ("район", "область"): remember recent words.
        self._word = lru_cache(maxsize=1 << 16)(self._word_uncached)
        # iuliia splits words at non-letters, so word-internal apostrophes become a letter (ʼ)
        # that the scheme maps; ``apostrophe_as=None`` hands them to ``word_fn`` unchanged.
        self._apostrophe_table = str.maketrans(
            {a: apostrophe_as for a in self._apostrophes} if apostrophe_as else {}
        )

    def __call__(self, text: str) -> str:
        if not text or self._source.isdisjoint(text):
            return text
        matches = list(self._pattern.finditer(text))
        caps = [self._keep_caps and is_caps(m.group()) for m in matches]
        out: list[str] = []
        pos = 0
        for i, match in enumerate(matches):
            word = match.group()
            out.append(text[pos : match.start()])
            pos = match.end()
            if self._source.isdisjoint(word):
                out.append(word)
                continue
            # A one-letter capital (an initial) follows the next word, or the previous one
            # at the end: "Щ. ИВАНОВ" → "SHCH. IVANOV", "Щ. Иванов" → "Shch. Ivanov".
            upper = caps[i] or (
                self._keep_caps
                and len(word) == 1
                and word.isupper()
                and (caps[i + 1] if i + 1 < len(caps) else i > 0 and caps[i - 1])
            )
            out.append(self._word(word, upper))
        out.append(text[pos:])
        return "".join(out)

    def _word_uncached(self, word: str, upper: bool) -> str:
        if self._apostrophes:
            word = word.translate(self._apostrophe_table)
        if upper:
            return self._word_fn(word.lower()).upper()
        if self._title_case and word[:1].isupper() and word[1:] == word[1:].lower():
            # Packs are unreliable with capitals (Х → KH, Kh → Кх): convert the lower-case
            # word and capitalise its first letter.
            out = self._word_fn(word.lower())
            return out[:1].upper() + out[1:]
        return self._word_fn(word)


def iuliia_word_function(schema: IuliiaSchema) -> WordFunction:
    """iuliia's own engine: ``schema.translate`` handles prev/next/ending context and title case."""
    return schema.translate


class ReverseMapping:
    """Latin → native for a one-to-one letter mapping, by greedy longest match."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        reverse: dict[str, str] = {}
        for native, latin in mapping.items():
            if not latin:
                raise ValueError(f"cannot reverse: {native!r} maps to nothing")
            if latin in reverse and reverse[latin] != native:
                raise ValueError(
                    f"cannot reverse: {reverse[latin]!r} and {native!r} both map to {latin!r}"
                )
            reverse[latin] = native
        table = dict(reverse)
        for latin, native in reverse.items():
            table.setdefault(latin[:1].upper() + latin[1:], native.capitalize())
        self._table = table
        self._longest = max(len(k) for k in table)
        self.source_letters = frozenset(c for k in table for c in k if c.isalpha())

    def __call__(self, word: str) -> str:
        out: list[str] = []
        i, n = 0, len(word)
        while i < n:
            for size in range(min(self._longest, n - i), 0, -1):
                native = self._table.get(word[i : i + size])
                if native is not None:
                    out.append(native)
                    i += size
                    break
            else:
                out.append(word[i])
                i += 1
        return "".join(out)


def pack_source_letters(lang: str, reversed_: bool) -> frozenset[str]:
    """Letters a ``transliterate`` pack rewrites: native letters (to Latin) or Latin ones."""
    pack = _transliterate.get_available_language_packs()
    cls = next(p for p in pack if p.language_code == lang)
    native = set(cls.mapping[1])
    latin = set(cls.mapping[0])
    for key, value in (cls.pre_processor_mapping or {}).items():
        latin.update(key)
        native.update(value)
    specific = cls.reversed_specific_mapping
    if specific and specific[0]:
        native.update(specific[0])
    native.update("".join((cls.reversed_specific_pre_processor_mapping or {}).keys()))
    letters = native if reversed_ else latin
    if reversed_:
        return frozenset(c for c in letters if c.isalpha() and c not in LATIN_LETTERS)
    return frozenset(c for c in letters if c in LATIN_LETTERS)


def pack_word_function(lang: str, reversed_: bool) -> WordFunction:
    """One word through a ``transliterate`` pack (``reversed_`` = native → Latin)."""

    def word_fn(word: str) -> str:
        return _transliterate.translit(word, lang, reversed=reversed_)

    return word_fn
