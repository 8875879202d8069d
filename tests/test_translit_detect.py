"""lang=auto: the language is told from letter evidence, and the result says what decided it."""

from __future__ import annotations

import pytest

from translit_api.translit import detect_language, transliterate


@pytest.mark.parametrize(
    ("text", "lang", "evidence"),
    [
        ("Ґалаґан приїхав до Києва", "uk", {"ґ", "ї", "є"}),
        ("Заўтра ў Мінску", "be", {"ў"}),
        ("Ђорђе и Ћирило", "sr", {"ђ", "ћ"}),
        ("Ѓорѓе, ќе и ѕвезда", "mk", {"ѓ", "ќ", "ѕ"}),
        ("Пътят към България", "bg", {"ъ"}),
        ("Өнөөдөр Улаанбаатарт", "mn", {"ө"}),
        ("Выпей же чаю, это объект", "ru", {"ы", "э"}),
    ],
)
def test_each_cyrillic_language_on_its_letters(text: str, lang: str, evidence: set[str]) -> None:
    detection = detect_language(text)
    assert detection.lang == lang
    assert not detection.ambiguous
    assert detection.candidates == (lang,)
    assert evidence <= set(detection.evidence), detection.evidence
    assert lang in detection.reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Αθήνα και Πειραιάς", "el"), ("თბილისი", "ka"), ("Երևան", "hy")],
)
def test_other_scripts(text: str, lang: str) -> None:
    assert detect_language(text).lang == lang


def test_shared_letters_only_default_to_russian_and_say_so() -> None:
    detection = detect_language("Москва и Липецк")
    assert detection.lang == "ru"
    assert detection.ambiguous
    assert set(detection.candidates) >= {"ru", "uk", "bg"}
    assert "chose ru by default" in detection.reason


def test_ukrainian_or_belarusian_i_alone_prefers_ukrainian_and_says_so() -> None:
    detection = detect_language("Мінск")
    assert detection.lang == "uk"
    assert detection.ambiguous
    assert detection.candidates[:2] == ("uk", "be")
    assert detection.evidence == ("і",)


def test_serbian_macedonian_shared_letters_prefer_serbian() -> None:
    detection = detect_language("Љубљана и Његош")
    assert detection.lang == "sr"
    assert detection.candidates == ("sr", "mk")


def test_bulgarian_needs_a_vowel_hard_sign() -> None:
    # Russian writes ъ only before е ё ю я; Bulgarian ъ before a consonant is evidence.
    assert detect_language("объект").lang == "ru"
    assert detect_language("България").lang == "bg"


def test_a_stray_letter_is_outvoted() -> None:
    # One Ukrainian і in Russian text with ы and э: the fewest letters that do not fit win.
    detection = detect_language("Это был Київ... нет, Киев: ы ы э э")
    assert detection.lang == "ru"
    assert "fit no candidate" in detection.reason


def test_no_cyrillic_defaults_to_russian_and_passes_through() -> None:
    result = transliterate("NATO, 2024 🙂")
    assert result.text == "NATO, 2024 🙂"
    assert result.lang == "ru"
    assert result.detection is not None
    assert result.detection.ambiguous
    assert "no Cyrillic" in result.detection.reason


def test_auto_uses_the_detected_languages_default_scheme() -> None:
    result = transliterate("Згурівка")
    assert (result.text, result.lang, result.scheme) == ("Zghurivka", "uk", "national_2010")
