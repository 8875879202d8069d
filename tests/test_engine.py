"""Each rule of the engine, on the real glossary, including the traps."""

from __future__ import annotations

import pytest

from translit_api import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.render import result_dict

from invariants import assert_consistent


def fix(lexicon: Lexicon, text: str, **kwargs: object) -> str:
    result = normalize(text, lexicon, **kwargs)
    assert_consistent(text, result_dict(result))
    return result.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # phrases are units, with every romanization and head noun
        ("in the Shebekinskij district", "in the Shebekino district"),
        ("in the Shebekinsky rayon", "in the Shebekino district"),
        ("the Shebekinskiy raion", "the Shebekino district"),
        ("the Sudzhanskiy rayon", "the Sudzha district"),
        ("in Belgorodskaja oblast", "in Belgorod region"),
        ("the Belgorodskaya oblast'", "the Belgorod region"),
        ("the ‘Belgorodskaya oblast’ said", "the ‘Belgorod region’ said"),
        ("Krasnodarskij kraj", "Krasnodar Krai"),
        # single names through other schemes
        ("drones over Valujki", "drones over Valuyki"),
        ("Grajvoron was shelled", "Grayvoron was shelled"),
        ("Krasnaja Jaruga", "Krasnaya Yaruga"),
        # Russian-based names of Ukrainian places
        ("Kharkov and Nikolaev", "Kharkiv and Mykolaiv"),
        ("Zaporozhye", "Zaporizhzhia"),
        ("fighting near Artemovsk", "fighting near Bakhmut"),
        ("Dnepropetrovsk", "Dnipro"),
        ("Krasnoarmeysk", "Pokrovsk"),
        # acronyms with number
        ("three BPLAs", "three UAVs"),
        ("12 BPLA were destroyed", "12 UAVs were destroyed"),
        ("three BPLA", "three UAVs"),
        ("one BPLA", "one UAV"),
        ("a BPLA", "a UAV"),
        # Cyrillic left in English copy
        ("the village of Новая Таволжанка", "the village of Novaya Tavolzhanka"),
        ("the city of Харків", "the city of Kharkiv"),
        # case follows the original
        ("SHEBEKINSKIJ RAYON", "SHEBEKINO DISTRICT"),
        ("KHARKOV", "KHARKIV"),
        # misspellings by edit distance, in place context
        ("near Shebikino", "near Shebekino"),
        ("the Shbekinskij district", "the Shebekino district"),
    ],
)
def test_repairs(lexicon: Lexicon, text: str, expected: str) -> None:
    assert fix(lexicon, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # names already in house style
        "Kharkiv, Shebekino, Valuyki, Belgorod region, Shebekino district, Zaporizhzhia, Kyiv",
        "Grayvoron and Krasnaya Yaruga, Novaya Tavolzhanka",
        # ordinary English words and names that look like forms
        "Drinks at the bars, Don Johnson and the Mir station, a major change in Jakarta.",
        "The bars were closed. Lena said the Orel is a bird? No.",
        "Governor Vyacheslav Gladkov wrote on Telegram.",
        "Tetkino is spelled right; so is Glotovo.",
        "",
        "   \n\t",
    ],
)
def test_leaves_alone(lexicon: Lexicon, text: str) -> None:
    result = normalize(text, lexicon)
    assert result.text == text
    assert not [a for a in result.annotations if a.applied]


def test_unknown_cyrillic_is_romanized_in_house_scheme(lexicon: Lexicon) -> None:
    result = normalize("the hamlet of Пупкино-Загорье was hit", lexicon)
    assert result.text == "the hamlet of Pupkino-Zagorye was hit"
    (annotation,) = result.annotations
    assert annotation.method == "transliterated" and annotation.entry_id is None


def test_ukrainian_stray_cyrillic_uses_national_system(lexicon: Lexicon) -> None:
    result = normalize("a road to Згурівка", lexicon)
    assert result.text == "a road to Zghurivka"


def test_cyrillic_copy_is_annotated_not_rewritten(lexicon: Lexicon) -> None:
    text = "В Шебекинском районе и в Валуйках сбили три БПЛА, сообщил Гладков. Белгородской области"
    result = normalize(text, lexicon)
    assert result.text == text
    assert result.script == "cyrillic"
    found = {a.original: a.canonical for a in result.annotations}
    assert found["Шебекинском районе"] == "Shebekino district"
    assert found["Валуйках"] == "Valuyki"
    assert found["БПЛА"] in ("UAV", "UAVs")
    assert found["Белгородской области"] == "Belgorod region"
    assert not any(a.applied for a in result.annotations)
    assert {a.method for a in result.annotations} <= {"exact", "inflected"}


def test_annotate_only_entries_are_explained_not_changed(lexicon: Lexicon) -> None:
    text = "The ‘BARS-Belgorod’ volunteer unit"
    result = normalize(text, lexicon)
    assert result.text == text
    bars = [a for a in result.annotations if a.original.startswith("BARS")]
    assert bars and not bars[0].applied and bars[0].note


def test_suggest_mode_changes_nothing(lexicon: Lexicon) -> None:
    text = "three BPLAs hit Kharkov"
    result = normalize(text, lexicon, mode="suggest")
    assert result.text == text
    assert [(a.original, a.replacement, a.applied) for a in result.annotations] == [
        ("BPLAs", "UAVs", False),
        ("Kharkov", "Kharkiv", False),
    ]


def test_idempotent_on_seed(lexicon: Lexicon, seed_text: str) -> None:
    once = normalize(seed_text, lexicon).text
    assert once != seed_text
    again = normalize(once, lexicon)
    assert again.text == once
    assert not [a for a in again.annotations if a.applied]


def test_everything_around_a_change_is_byte_identical(lexicon: Lexicon) -> None:
    text = "«Kharkov»\u00a0— 12\u202fBPLA… (Shebekinskij\u00a0district)\r\n"
    result = normalize(text, lexicon)
    assert result.text == "«Kharkiv»\u00a0— 12\u202fUAVs… (Shebekino\u00a0district)\r\n"
    assert_consistent(text, result_dict(result))
