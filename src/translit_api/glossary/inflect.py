"""Inflected forms of Cyrillic names and terms, so Russian and Ukrainian text is recognised
across cases and numbers: Шебекинский район → в Шебекинском районе, Валуйки → в Валуйках."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["inflections"]

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_INFLECTABLE = {"NOUN", "ADJF", "PRTF"}


@lru_cache(maxsize=2)
def _analyzer(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _nominative_parse(analyzer: Any, word: str) -> Any | None:
    for parse in analyzer.parse(word):
        if parse.tag.POS in _INFLECTABLE and parse.tag.case == "nomn":
            return parse
    return None


def _inflect(parse: Any, case: str, plural: bool) -> str | None:
    grammemes = {case}
    if plural:
        grammemes.add("plur")
    if case == "accs" and parse.tag.POS != "NOUN" and (plural or parse.tag.gender == "masc"):
        grammemes.add("inan")  # Шебекинский район → Шебекинский район, not Шебекинского
    inflected = parse.inflect(grammemes) or parse.inflect(grammemes - {"inan"})
    return inflected.word if inflected else None


@lru_cache(maxsize=65536)
def inflections(phrase: str, lang: str, countable: bool = False) -> tuple[tuple[str, bool], ...]:
    """Case forms of a nominative phrase, each with whether it is plural; the phrase itself is
    not included. Plurals are made for countable terms only (беспилотник → беспилотников);
    a name keeps its own number (Валуйки → в Валуйках). Words pymorphy3 cannot place (a
    genitive complement, a preposition) stay as they are."""
    if lang not in ("ru", "uk"):
        return ()
    analyzer = _analyzer(lang)
    words = phrase.split(" ")
    parses = [_nominative_parse(analyzer, w) for w in words]
    if not any(parses):
        return ()
    out: dict[str, bool] = {}
    for plural in (False, True) if countable else (False,):
        for case in _CASES:
            forms = []
            for word, parse in zip(words, parses, strict=True):
                inflected = _inflect(parse, case, plural) if parse is not None else None
                forms.append(_match_case(word, inflected) if inflected else word)
            text = " ".join(forms)
            if text.lower() != phrase.lower() and text not in out:
                out[text] = plural
    return tuple(out.items())


def _match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
