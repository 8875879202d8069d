"""Transliteration under standard schemes, ten languages, both directions, glossary-aware.

Public API::

    romanize(text, lang, scheme=None) -> str
    transliterate(text, lang="auto", scheme=None, direction="to_latin", names=None)
        -> Transliteration
    detect_language(text) -> Detection
    list_schemes(lang=None) -> list[SchemeInfo]
    DEFAULT_SCHEME: dict[lang, scheme name]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .detect import Detection, detect_language
from .engine import is_caps
from .schemes import (
    DEFAULT_SCHEME,
    DIRECTIONS,
    LANGUAGES,
    SchemeInfo,
    UnknownScheme,
    get_scheme,
    list_schemes,
    scheme_names,
)

__all__ = [
    "DEFAULT_SCHEME",
    "DIRECTIONS",
    "LANGUAGES",
    "Detection",
    "NameFinder",
    "SchemeInfo",
    "Transliteration",
    "UnknownScheme",
    "detect_language",
    "list_schemes",
    "romanize",
    "scheme_names",
    "transliterate",
]

NameFinder = Callable[[str], list[tuple[int, int, str]]]
"""Glossary hook: non-overlapping (start, end, replacement) spans of known names in a text."""


@dataclass(frozen=True)
class Transliteration:
    """Result of :func:`transliterate`; ``detection`` is set when ``lang`` was "auto"."""

    text: str
    lang: str
    scheme: str
    direction: str = "to_latin"
    detection: Detection | None = None
    names: int = 0  # spans written from the glossary


def romanize(text: str, lang: str, scheme: str | None = None) -> str:
    """Native script → Latin under ``scheme`` (the language's default when None). Pure."""
    if lang == "auto":
        lang = detect_language(text).lang
    return get_scheme(lang, scheme).to_latin(text)


def _valid_spans(spans: list[tuple[int, int, str]], size: int) -> list[tuple[int, int, str]]:
    """Spans in order, inside the text, not overlapping (later overlapping ones are dropped)."""
    kept: list[tuple[int, int, str]] = []
    end_of_last = 0
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], -s[1])):
        if 0 <= start < end <= size and start >= end_of_last:
            kept.append((start, end, replacement))
            end_of_last = end
    return kept


def transliterate(
    text: str,
    lang: str = "auto",
    scheme: str | None = None,
    direction: str = "to_latin",
    names: NameFinder | None = None,
) -> Transliteration:
    """Transliterate ``text``; with ``names``, known names take their house-style form.

    ``lang="auto"`` detects the language from the letters (to_latin only). ``names`` is called
    on the source text and only in the to_latin direction; its replacements are written as
    given, upper-cased when the source span is all caps, and everything else follows the scheme.
    Raises :class:`UnknownScheme` for an unknown language, scheme or direction.
    """
    if direction not in DIRECTIONS:
        raise UnknownScheme(
            "direction", direction, list(DIRECTIONS), f"unknown direction {direction!r}"
        )
    detection = None
    if lang == "auto":
        if direction != "to_latin":
            raise UnknownScheme(
                "lang",
                lang,
                list(LANGUAGES),
                "lang 'auto' reads the native script; name the language for to_native",
            )
        detection = detect_language(text)
        lang = detection.lang
    chosen = get_scheme(lang, scheme)
    convert = chosen.to_latin if direction == "to_latin" else None
    if convert is None:
        chosen.apply("", direction)  # raises when the scheme has no to_native
        assert chosen.to_native is not None
        convert = chosen.to_native

    spans = _valid_spans(names(text), len(text)) if names and direction == "to_latin" else []
    if not spans:
        result = convert(text)
    else:
        parts: list[str] = []
        pos = 0
        for start, end, replacement in spans:
            parts.append(convert(text[pos:start]))
            parts.append(replacement.upper() if is_caps(text[start:end]) else replacement)
            pos = end
        parts.append(convert(text[pos:]))
        result = "".join(parts)
    return Transliteration(result, lang, chosen.info.name, direction, detection, len(spans))
