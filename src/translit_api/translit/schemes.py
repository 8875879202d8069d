"""Registry of transliteration schemes: what exists, for which language, following what.

Three sources, all data-driven:

* every scheme iuliia ships (Russian), applied by iuliia's engine, described in ``_IULIIA``;
* our own iuliia-format JSON files in ``schemes/*.json`` (extra keys: ``lang``, ``standard``,
  ``reversible``, ``apostrophes``, ``cased``), also applied by iuliia's engine;
* the ``transliterate`` library's language packs, described in ``_PACKS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import iuliia
from iuliia.schema import TranslitSchema
from iuliia.validator import Validator

from ..errors import UnknownOption
from .engine import (
    ReverseMapping,
    WordTransliterator,
    iuliia_word_function,
    pack_source_letters,
    pack_word_function,
)

__all__ = [
    "DEFAULT_SCHEME",
    "DIRECTIONS",
    "LANGUAGES",
    "SCHEMES_DIR",
    "Scheme",
    "SchemeInfo",
    "UnknownScheme",
    "get_scheme",
    "list_schemes",
    "scheme_names",
]

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"

LANGUAGES: tuple[str, ...] = ("ru", "uk", "be", "bg", "sr", "mk", "mn", "ka", "hy", "el")
DIRECTIONS: tuple[str, ...] = ("to_latin", "to_native")

DEFAULT_SCHEME: dict[str, str] = {
    "ru": "wikipedia",
    "uk": "national_2010",
    "be": "national_2007",
    "bg": "streamlined",
    "sr": "gajica",
    "mk": "transliterate",
    "mn": "bgn_pcgn",
    "ka": "national_2002",
    "hy": "transliterate",
    "el": "transliterate",
}


@dataclass(frozen=True)
class SchemeInfo:
    """What a scheme is: its name, language, the standard it follows, and what it can do."""

    name: str
    lang: str
    standard: str
    description: str
    reversible: bool
    directions: tuple[str, ...]
    source: str  # "iuliia", "json" (ours, iuliia format) or "transliterate"
    url: str | None = None
    samples: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    # The readers' language the scheme writes for: "en" for the international schemes; "de"
    # or "fr" for a transcription into German or French, used by those house styles only.
    audience: str = "en"


class UnknownScheme(UnknownOption, ValueError):
    """The scheme (or language, or direction) is not available; ``choices`` lists what is."""

    def __init__(self, field_name: str, value: str, choices: list[str], message: str) -> None:
        super().__init__(field_name, value, choices)
        self.args = (message,)


@dataclass(frozen=True)
class Scheme:
    """A loaded scheme: its info plus the functions that apply it to text."""

    info: SchemeInfo
    to_latin: WordTransliterator
    to_native: WordTransliterator | None = None

    def apply(self, text: str, direction: str = "to_latin") -> str:
        if direction == "to_latin":
            return self.to_latin(text)
        if self.to_native is None:
            raise UnknownScheme(
                "direction",
                direction,
                list(self.info.directions),
                f"scheme {self.info.name!r} ({self.info.lang}) only goes to_latin",
            )
        return self.to_native(text)


# --- iuliia's schemes (Russian) -----------------------------------------------------------

# name: (standard, description, reversible)
_IULIIA: dict[str, tuple[str, str, bool]] = {
    "ala_lc": (
        "ALA-LC Romanization Tables (American Library Association / Library of Congress)",
        "Library catalogues, with diacritics and tie bars: й→ĭ, ц→t͡s, ю→i͡u, я→i͡a, ь→ʹ",
        False,
    ),
    "ala_lc_alt": (
        "ALA-LC Romanization Tables, ASCII variant",
        "ALA-LC without diacritics: й→i, ц→ts, ю→iu, я→ia, ь→'",
        False,
    ),
    "bgn_pcgn": (
        "BGN/PCGN 1947 romanization of Russian",
        "US/UK geographic names: ye after vowels and initially, ё→ë, ь→’, ъ→”",
        False,
    ),
    "bgn_pcgn_alt": (
        "BGN/PCGN 1947 romanization of Russian, simplified",
        "BGN/PCGN with fewer context rules",
        False,
    ),
    "bs_2979": (
        "British Standard 2979:1958",
        "Oxford University Press variant: й→ĭ, ы→ȳ, э→é, -ий/-ый→y",
        False,
    ),
    "bs_2979_alt": (
        "British Standard 2979:1958, ASCII variant",
        "BS 2979 without diacritics, -ий/-ый→y",
        False,
    ),
    "gost_16876": (
        "GOST 16876-71 (1983 edition), table 1",
        "Soviet standard with diacritics, one Latin letter per Cyrillic letter: ж→ž, щ→ŝ, я→â",
        True,
    ),
    "gost_16876_alt": (
        "GOST 16876-71 (1983 edition), table 2",
        "Soviet standard in ASCII digraphs: ж→zh, й→jj, щ→shh, э→eh, я→ja",
        False,
    ),
    "gost_52290": (
        "GOST R 52290-2004 (road signs)",
        "Russian road signs: ye after vowels and ь/ъ, ё→yo",
        False,
    ),
    "gost_52535": (
        "GOST R 52535.1-2006 (ID cards, ICAO Doc 9303 based)",
        "Machine-readable travel documents before 2013: ц→tc, й→i, ю→iu",
        False,
    ),
    "gost_7034": (
        "GOST R 7.0.34-2014 (simplified for library records)",
        "ASCII: х→x, ц→c, й→j, щ→shh; the first of the standard's alternatives",
        False,
    ),
    "gost_779": (
        "GOST 7.79-2000 system A = ISO 9:1995",
        "One Latin letter per Cyrillic letter with diacritics: ж→ž, щ→ŝ, ю→û, я→â; reversible",
        True,
    ),
    "gost_779_alt": (
        "GOST 7.79-2000 system B",
        "ASCII transliteration: ц→cz/c, щ→shh, ы→y`, э→e`, ъ→``",
        False,
    ),
    "icao_doc_9303": (
        "ICAO Doc 9303 (machine-readable travel documents), as in Russian passports since 2013",
        "Russian foreign passports: й→i, ц→ts, ъ→ie, ю→iu, я→ia",
        False,
    ),
    "iso_9_1954": (
        "ISO/R 9:1954",
        "Early ISO recommendation: ж→ž, щ→šč, ю→ju, я→ja",
        False,
    ),
    "iso_9_1968": (
        "ISO/R 9:1968",
        "ISO recommendation: ж→ž, щ→šč, ю→ju, я→ja, э→ė",
        False,
    ),
    "iso_9_1968_alt": (
        "ISO/R 9:1968, variant with digraphs",
        "ISO/R 9:1968 alternative: ж→zh, х→kh, ц→ts, й→ĭ",
        False,
    ),
    "mosmetro": (
        "Moscow Metro signage (2016)",
        "Moscow Metro maps: щ→sch, -ий/-ый→y, тц→ts",
        False,
    ),
    "mvd_310": (
        "MVD Order 310 (1997), English",
        "Russian foreign passports 1997-2010",
        False,
    ),
    "mvd_310_fr": (
        "MVD Order 310 (1997), French",
        "French-style passport spelling: ж→j, ш→ch, щ→chtch, у→ou "
        "(the с-between-vowels→ss rule is not applied)",
        False,
    ),
    "mvd_782": (
        "MVD Order 782 (2000)",
        "Russian foreign passports 2010-2013: ye after vowels, ё→yo",
        False,
    ),
    "scientific": (
        "Scientific transliteration (linguistics)",
        "Scholarly system: х→x, щ→šč, ю→ju, я→ja",
        False,
    ),
    "telegram": (
        "Telegram (ASCII telegraph convention)",
        "Informal ASCII: ж→j, х→h, щ→sc, ю→iu, я→ia",
        False,
    ),
    "ungegn_1987": (
        "UNGEGN 1987 V/18 (UN system for Russian geographic names, = GOST 1983)",
        "UN geographic names: ж→ž, щ→šč, ю→ju, я→ja, ь→ʹ",
        False,
    ),
    "uz": (
        "Uzbek Cyrillic-to-Latin (Uzbekistan 1995 alphabet); shipped with iuliia",
        "Uzbek alphabet (ў ғ қ ҳ); Russian letters follow it: ж→j, х→x, ц→s, ы→i",
        False,
    ),
    "wikipedia": (
        "English Wikipedia romanization of Russian (modified BGN/PCGN)",
        "News-style spelling: ye initially and after vowels, ё→yo, -ий/-ый→y, ь and ъ dropped",
        False,
    ),
    "yandex_maps": (
        "Yandex.Maps (2019)",
        "Yandex maps: щ→sch, -ый→iy, ye initially and after vowels",
        False,
    ),
    "yandex_money": (
        "Yandex.Money (bank cards)",
        "Bank cards: й→i, щ→sch, ь and ъ dropped",
        False,
    ),
}


# --- transliterate's packs ------------------------------------------------------------------

# lang: (name, standard, description, reversible)
_PACKS: dict[str, tuple[str, str, str, bool]] = {
    "bg": (
        "streamlined",
        "transliterate 'bg' pack: Bulgarian Streamlined System (Transliteration Act 2009)",
        "ж→zh, ц→ts, щ→sht, ъ→a, ь→y, ю→yu, я→ya; the law's final -ия→-ia rule is not applied "
        "(България → Balgariya, not Balgaria)",
        False,
    ),
    "sr": (
        "gajica",
        "transliterate 'sr' pack: Serbian Latin alphabet (gajica)",
        "Letter for letter: ђ→đ, ћ→ć, џ→dž, љ→lj, њ→nj, ж→ž, ч→č, ш→š; reversible except for "
        "the rare letter pairs н+ј, л+ј, д+ж, which read back as њ, љ, џ",
        False,
    ),
    "mk": (
        "transliterate",
        "transliterate 'mk' pack: ASCII digraph romanization of Macedonian "
        "(not BGN/PCGN 2013, which writes ǵ ḱ ž č š dž)",
        "ѓ→gj, ќ→kj, ѕ→dz, џ→dzh, љ→lj, њ→nj, ж→zh, ч→ch, ш→sh, ц→c; lossy "
        "(Latin to Macedonian reads kj as к+ј and dzh as д+ж)",
        False,
    ),
    "mn": (
        "transliterate",
        "transliterate 'mn' pack: simplified ASCII romanization of Mongolian Cyrillic "
        "(not MNS 5217:2012, which writes ө→ö, ү→ü, в→v)",
        "в→w, е→ye, ё→yo, ж→j, х→kh, ө→o, ү→u, й/ь/ъ→i; lossy, and it leaves ы and щ "
        "untouched (its ы rule is shadowed), so it is not the default",
        False,
    ),
    "ka": (
        "transliterate",
        "transliterate 'ka' pack: the library's own case-sensitive ASCII scheme for Georgian "
        "(not the 2002 national system)",
        "ქ→q, ყ→y, ტ→T (a capital marks the ejective), წ→ts, ჭ→ch', ღ→gh, ხ→kh, ც→c, ჟ→zh; lossy",
        False,
    ),
    "hy": (
        "transliterate",
        "transliterate 'hy' pack: the library's own ASCII scheme for Armenian "
        "(not BGN/PCGN 1981 or ISO 9985)",
        "խ→x, և→&, է→e', ը→y, թ→th, ժ→jh, ծ→ts, ղ→gh, ճ→tch, ո→vo, ու→u, ջ→dj, ք→q, ց→c; "
        "ւ outside ու is left as is; lossy",
        False,
    ),
    "el": (
        "transliterate",
        "transliterate 'el' pack: simplified phonetic romanization of Modern Greek "
        "(close to ELOT 743 in spirit, without its diphthong rules)",
        "θ→th, χ→ch, ψ→ps, ξ→x, η→i, ω→o, υ→u (ύ→y), accents dropped; lossy",
        False,
    ),
}


# Scripts without letter case: no caps or title-case handling (Georgian Mtavruli are not capitals).
_UNCASED = frozenset({"ka"})
# Packs whose Latin side uses an apostrophe inside words (Georgian ch' → ჭ, Armenian e' → է).
_PACK_LATIN_APOSTROPHES: dict[str, tuple[str, ...]] = {"ka": ("'",), "hy": ("'",)}


def _read_json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


# iuliia's data writes Cyrillic ё where the standards (ISO 9, GOST 16876, ALA-LC, BGN/PCGN,
# BS 2979, UNGEGN, scientific) have Latin ë; Latin output must not carry Cyrillic letters.
_LATIN_FIXES = str.maketrans({"ё": "ë", "Ё": "Ë"})


def latin_fixed(text: str) -> str:
    """``text`` with iuliia's Cyrillic ё in Latin output written as Latin ë."""
    return text.translate(_LATIN_FIXES)


def _fixed_definition(definition: dict) -> dict:
    fixed = dict(definition)
    for key in ("mapping", "prev_mapping", "next_mapping", "ending_mapping"):
        table = definition.get(key)
        if table:
            fixed[key] = {src: latin_fixed(dst) for src, dst in table.items()}
    fixed["samples"] = [[src, latin_fixed(dst)] for src, dst in definition.get("samples") or []]
    return fixed


def _load_iuliia(definition: dict) -> TranslitSchema:
    """An iuliia schema (iuliia's own engine) from an iuliia-format definition."""
    Validator(definition).run()
    return TranslitSchema(
        name=definition["name"],
        description=definition.get("description"),
        mapping=definition["mapping"],
        prev_mapping=definition.get("prev_mapping"),
        next_mapping=definition.get("next_mapping"),
        ending_mapping=definition.get("ending_mapping"),
        samples=definition.get("samples"),
    )


def _iuliia_scheme(
    *,
    name: str,
    lang: str,
    definition: dict,
    standard: str,
    description: str,
    reversible: bool,
    source: str,
) -> Scheme:
    definition = _fixed_definition(definition)
    schema = _load_iuliia(definition)
    mapping: dict[str, str] = definition["mapping"]
    letters = {c for key in mapping for c in key if c.isalpha()}
    letters |= {c.upper() for c in letters}
    apostrophes = tuple(definition.get("apostrophes", ()))
    word_fn = iuliia_word_function(schema)
    cased = definition.get("cased", True)
    if not cased:
        # A unicameral script (Georgian Mkhedruli): iuliia would capitalise every letter, as a
        # letter's capitalize() is itself, so the Latin is lower case. A word in Mtavruli (the
        # Georgian all-caps style) reads as its Mkhedruli letters and comes out in capitals.
        def word_fn(word: str, _translate: Callable[[str], str] = word_fn) -> str:
            return _translate(word.lower()).lower()

    to_latin = WordTransliterator(word_fn, letters, apostrophes)
    to_native = None
    if reversible:
        reverse = ReverseMapping({k: v for k, v in mapping.items() if k.isalpha()})
        to_native = WordTransliterator(reverse, reverse.source_letters)
    info = SchemeInfo(
        name=name,
        lang=lang,
        standard=standard,
        description=description,
        reversible=reversible,
        directions=DIRECTIONS if reversible else ("to_latin",),
        source=source,
        url=definition.get("url"),
        samples=tuple((src, dst) for src, dst in schema.samples),
        audience=definition.get("audience", "en"),
    )
    return Scheme(info, to_latin, to_native)


def _pack_scheme(lang: str) -> Scheme:
    name, standard, description, reversible = _PACKS[lang]
    info = SchemeInfo(
        name=name,
        lang=lang,
        standard=standard,
        description=description,
        reversible=reversible,
        directions=DIRECTIONS,
        source="transliterate",
        url="https://github.com/barseghyanartur/transliterate",
    )
    cased = lang not in _UNCASED
    to_latin = WordTransliterator(
        pack_word_function(lang, reversed_=True),
        pack_source_letters(lang, reversed_=True),
        title_case=cased,
        keep_caps=cased,
    )
    to_native = WordTransliterator(
        pack_word_function(lang, reversed_=False),
        pack_source_letters(lang, reversed_=False),
        _PACK_LATIN_APOSTROPHES.get(lang, ()),
        title_case=cased,
        keep_caps=cased,
        apostrophe_as=None,
    )
    return Scheme(info, to_latin, to_native)


@cache
def _registry() -> dict[str, dict[str, Scheme]]:
    registry: dict[str, dict[str, Scheme]] = {lang: {} for lang in LANGUAGES}

    for name, schema in iuliia.schemas.items():
        standard, description, reversible = _IULIIA.get(
            name, (schema.description or name, schema.description or name, False)
        )
        definition = _read_json(Path(schema.path))
        registry["ru"][name] = _iuliia_scheme(
            name=name,
            lang="ru",
            definition=definition,
            standard=standard,
            description=description,
            reversible=reversible,
            source="iuliia",
        )

    for path in sorted(SCHEMES_DIR.glob("*.json")):
        definition = _read_json(path)
        lang, name = definition["lang"], definition["name"]
        registry[lang][name] = _iuliia_scheme(
            name=name,
            lang=lang,
            definition=definition,
            standard=definition["standard"],
            description=definition.get("description", ""),
            reversible=bool(definition.get("reversible", False)),
            source="json",
        )

    for lang in _PACKS:
        scheme = _pack_scheme(lang)
        registry[lang][scheme.info.name] = scheme

    return registry


def scheme_names(lang: str) -> list[str]:
    """Names of the schemes for ``lang``, default first, then alphabetical."""
    names = sorted(_registry().get(lang, {}))
    default = DEFAULT_SCHEME.get(lang)
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


def get_scheme(lang: str, name: str | None = None) -> Scheme:
    """The scheme ``name`` for ``lang`` (its default when ``name`` is None)."""
    if lang not in LANGUAGES:
        raise UnknownScheme(
            "lang",
            lang,
            list(LANGUAGES),
            f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}",
        )
    name = name or DEFAULT_SCHEME[lang]
    schemes = _registry()[lang]
    if name not in schemes:
        choices = scheme_names(lang)
        raise UnknownScheme(
            "scheme",
            name,
            choices,
            f"no scheme {name!r} for {lang!r}; choose one of: {', '.join(choices)}",
        )
    return schemes[name]


def list_schemes(lang: str | None = None) -> list[SchemeInfo]:
    """Every scheme (of ``lang``, or of every language), default scheme of each language first."""
    langs = LANGUAGES if lang is None else (lang,)
    if lang is not None and lang not in LANGUAGES:
        raise UnknownScheme(
            "lang",
            lang,
            list(LANGUAGES),
            f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}",
        )
    return [_registry()[code][name].info for code in langs for name in scheme_names(code)]
