"""The library API: romanize, transliterate (case, pass-through, the glossary hook), the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from translit_api.translit import (
    DEFAULT_SCHEME,
    LANGUAGES,
    UnknownScheme,
    list_schemes,
    romanize,
    transliterate,
)

# --- romanize and the registry ------------------------------------------------------------


def test_default_scheme_per_language() -> None:
    assert DEFAULT_SCHEME["ru"] == "wikipedia"
    assert DEFAULT_SCHEME["uk"] == "national_2010"
    assert set(DEFAULT_SCHEME) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert list_schemes(lang)[0].name == DEFAULT_SCHEME[lang]


@pytest.mark.parametrize(
    ("text", "lang", "scheme", "expected"),
    [
        ("Харьков", "ru", None, "Kharkov"),
        ("Харків", "uk", None, "Kharkiv"),
        ("Харків", "uk", "bgn_pcgn", "Kharkiv"),
        ("Ельцин", "ru", "wikipedia", "Yeltsin"),
        ("Ельцин", "ru", "icao_doc_9303", "Eltsin"),
        ("Ельцин", "ru", "gost_52535", "Eltcin"),
        ("Щёлково", "ru", "gost_779", "Ŝëlkovo"),
        ("Дзяржынск", "be", None, "Dziaržynsk"),
        ("Дзяржынск", "be", "bgn_pcgn", "Dzyarzhynsk"),
        ("მიხეილ სააკაშვილი", "ka", None, "mikheil saak’ashvili"),
        ("ᲗᲑᲘᲚᲘᲡᲘ", "ka", None, "TBILISI"),  # Mtavruli, the Georgian all-caps style
        ("Улсын", "mn", None, "Ulsïn"),
    ],
)
def test_romanize(text: str, lang: str, scheme: str | None, expected: str) -> None:
    assert romanize(text, lang, scheme) == expected


def test_latin_output_carries_no_cyrillic_from_iuliias_data() -> None:
    # iuliia's files write Cyrillic ё in some Latin tables; the standards have Latin ë.
    for info in list_schemes("ru"):
        out = romanize("Ёлка, ёж и Озёрный", "ru", info.name)
        assert not re.search("[\u0400-\u04ff]", out), (info.name, out)


# Letters a transliterate pack has no working rule for (said in its /schemes description).
_PACK_GAPS = {("hy", "transliterate"): {"ւ", "Ւ"}, ("mn", "transliterate"): set("щыЩЫ")}


def test_every_language_and_scheme_romanizes_its_own_alphabet_away() -> None:
    alphabets = {
        "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        "be": "абвгґдеёжзійклмнопрстуўфхцчшыьэюя",
        "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
        "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
        "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
        "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
        "el": "αβγδεζηθικλμνξοπρστυφχψω",
        "ka": "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
        "hy": "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    }
    native = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u10a0-\u10ff]")
    for lang, letters in alphabets.items():
        for info in list_schemes(lang):
            text = f"{letters} {letters.upper()}"
            if info.name == "uz":  # Uzbek: Russian ь and ъ have no Uzbek letter
                text = text.replace("ь", "").replace("Ь", "")
            leftover = native.findall(romanize(text, lang, info.name))
            allowed = _PACK_GAPS.get((lang, info.name), set())
            assert set(leftover) <= allowed, (lang, info.name, leftover)


def test_unknown_language_scheme_and_direction_are_unknown_scheme_errors() -> None:
    with pytest.raises(UnknownScheme) as err:
        romanize("x", "ru", "no_such")
    assert err.value.field == "scheme"
    assert "wikipedia" in err.value.choices
    with pytest.raises(UnknownScheme) as err:
        transliterate("x", "de")
    assert err.value.field == "lang"
    with pytest.raises(UnknownScheme) as err:
        transliterate("Kyiv", "uk", direction="to_native")
    assert (err.value.field, err.value.choices) == ("direction", ["to_latin"])


# --- case and pass-through -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "scheme", "expected"),
    [
        ("ШЕБЕКИНО", "ru", None, "SHEBEKINO"),
        ("Шебекино", "ru", None, "Shebekino"),
        ("ЩУКИН и Щукин", "ru", None, "SHCHUKIN i Shchukin"),
        ("Щ. ИВАНОВ, Щ. Иванов", "ru", None, "SHCH. IVANOV, Shch. Ivanov"),
        ("ЮЛИЯ", "ru", "mosmetro", "YULIYA"),
        ("ЗГУРІВКА", "uk", None, "ZGHURIVKA"),
        ("ЖОВКВА", "uk", "bgn_pcgn", "ZHOVKVA"),
        ("ЉУБЉАНА и Љубљана", "sr", None, "LJUBLJANA i Ljubljana"),
        ("ХӨВСГӨЛ и Хөвсгөл", "mn", "transliterate", "KHOWSGOL i Khowsgol"),
        ("ХӨВСГӨЛ и Хөвсгөл", "mn", None, "HÖVSGÖL i Hövsgöl"),
        ("ЩАСТИЕ", "bg", None, "SHTASTIE"),
    ],
)
def test_case_is_kept(text: str, lang: str, scheme: str | None, expected: str) -> None:
    assert transliterate(text, lang, scheme).text == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_outside_the_source_script_passes_through(lang: str) -> None:
    text = "NATO's 2024 budget: €1.5bn (+3%) — «ok»\t🙂\r\n  done."
    for info in list_schemes(lang):
        assert transliterate(text, lang, info.name).text == text, info.name


def test_punctuation_digits_and_whitespace_between_words_are_untouched() -> None:
    text = "«Москва—Харьков»: 1 200 км,\n\tрейс №7…"
    assert transliterate(text, "ru").text == "«Moskva—Kharkov»: 1 200 km,\n\treys №7…"


def test_to_native_leaves_native_text_alone() -> None:
    text = "Beograd и Београд 2024"
    assert transliterate(text, "sr", direction="to_native").text == "Београд и Београд 2024"


# --- the glossary hook ------------------------------------------------------------------------

HOUSE = {"Харьков": "Kharkiv", "Москва": "Moscow", "Шебекинский район": "Shebekino district"}


def house_names(text: str) -> list[tuple[int, int, str]]:
    """A real finder over a three-entry glossary: case-insensitive, whole words."""
    spans = []
    for cyrillic, house in HOUSE.items():
        pattern = rf"(?<!\w){re.escape(cyrillic)}(?!\w)"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            spans.append((match.start(), match.end(), house))
    return sorted(spans)


def test_known_names_take_their_house_form_and_the_rest_follows_the_scheme() -> None:
    text = "Из Харькова? Нет: Харьков, Москва и Шебекинский район."
    result = transliterate(text, "ru", names=house_names)
    assert result.text == "Iz Kharkova? Net: Kharkiv, Moscow i Shebekino district."
    assert result.names == 3


def test_all_caps_names_stay_all_caps() -> None:
    result = transliterate("ХАРЬКОВ И МОСКВА", "ru", names=house_names)
    assert result.text == "KHARKIV I MOSCOW"


def test_names_work_with_any_scheme_and_with_auto() -> None:
    result = transliterate("Москва, Щёлково", names=house_names, scheme="gost_779")
    assert (result.text, result.lang) == ("Moscow, Ŝëlkovo", "ru")


def test_overlapping_and_out_of_range_spans_are_dropped() -> None:
    def sloppy(text: str) -> list[tuple[int, int, str]]:
        return [(0, 6, "Moscow"), (3, 8, "X"), (40, 50, "Y"), (5, 5, "Z")]

    assert transliterate("Москва и", "ru", names=sloppy).text == "Moscow i"


def test_names_are_not_asked_for_to_native() -> None:
    def boom(text: str) -> list[tuple[int, int, str]]:
        raise AssertionError("called")

    assert transliterate("Beograd", "sr", direction="to_native", names=boom).text == "Београд"


# --- CLI -----------------------------------------------------------------------------------


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "translit-api"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "translit_api.cli"]
    return subprocess.run(
        [*command, "transliterate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_reads_stdin_with_lang_and_scheme() -> None:
    done = _cli("--lang", "uk", "--scheme", "national_2010", stdin="Згурівка, ЄНАКІЄВЕ\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Zghurivka, YENAKIIEVE\n"


def test_cli_reads_a_file_and_auto_detects(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Магілёў\n", encoding="utf-8")
    done = _cli(str(source), "-v")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Mahilioŭ\n"
    assert "be" in done.stderr


def test_cli_to_native_and_unknown_scheme() -> None:
    done = _cli("--lang", "sr", "--direction", "to_native", stdin="Njegoš")
    assert done.stdout == "Његош"
    done = _cli("--lang", "uk", "--scheme", "wikipedia", stdin="Київ")
    assert done.returncode == 2
    assert "national_2010" in done.stderr


def test_cli_lists_schemes() -> None:
    done = _cli("--lang", "uk", "--list-schemes")
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[1] for line in done.stdout.splitlines()] == [
        "national_2010",
        "bgn_pcgn",
        "de_duden",
    ]
