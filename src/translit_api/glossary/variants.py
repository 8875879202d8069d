"""Generate the surface forms of an entry: every spelling that should be recognised as it.

Nothing here is hand-listed per entry: Latin forms come from the entry's Cyrillic forms through
every romanization scheme, then through the adjective-ending families and the head nouns.
Inflected Cyrillic forms come from pymorphy3. ``variants`` in the data adds what generation
cannot produce.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from ..translit import list_schemes, romanize
from .model import CaseRule, Category, Entry, Glossary, MatchRule

__all__ = ["HEAD_NOUNS", "Method", "SurfaceForm", "default_rule", "surface_forms"]


class Method(StrEnum):
    EXACT = "exact"  # the entry's canonical or Cyrillic form as written
    VARIANT = "variant"  # a listed or generated spelling (romanization, ending, head noun)
    INFLECTED = "inflected"  # an inflected Cyrillic form (Шебекинском районе)
    FUZZY = "fuzzy"  # an unseen misspelling close to a known form
    TRANSLITERATED = "transliterated"  # unknown Cyrillic romanized in the house scheme


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    text: str
    entry_id: str
    method: Method
    rule: MatchRule
    plural: bool = False
    cyrillic: bool = False
    canonical: bool = False
    primary: bool = False  # from the current name (canonical, first ru/uk form): fuzzy target
    style: str | None = None  # a translated term of one style (Drohne): matched only there

    @property
    def confidence(self) -> float:
        return _CONFIDENCE[self.method]


_CONFIDENCE = {
    Method.EXACT: 1.0,
    Method.VARIANT: 0.97,
    Method.INFLECTED: 0.95,
    Method.FUZZY: 0.85,
    Method.TRANSLITERATED: 0.6,
}

_ANY = MatchRule(CaseRule.ANY)
_PROPER = MatchRule(CaseRule.PROPER)
_EXACT = MatchRule(CaseRule.EXACT)

# Cyrillic head nouns and the Latin words that stand for them in English copy.
HEAD_NOUNS: dict[str, tuple[str, ...]] = {
    "район": ("district", "rayon", "raion", "rajon", "raiyon"),
    "область": ("region", "oblast", "oblast'", "oblasti", "province"),
    "край": ("krai", "kray", "kraj", "territory", "region"),
    "городской округ": ("urban okrug", "city okrug", "urban district", "gorodskoy okrug", "okrug",
                        "district"),
    "муниципальный округ": ("municipal okrug", "municipal district", "munitsipalny okrug",
                            "okrug", "district"),
    "муниципальный район": ("municipal district", "district", "rayon"),
    "автономный округ": ("autonomous okrug", "autonomous district", "okrug"),
    "автономная область": ("autonomous oblast", "autonomous region"),
    "республика": ("republic", "respublika"),
    "громада": ("hromada", "community"),
}  # fmt: skip

# Romanized adjective endings that different schemes and careless writers produce for one
# Cyrillic ending: -ский → -sky/-skiy/-skij/-skii/-skyi, -ская → -skaya/-skaja/-skaia.
_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("skiy", "skij", "skii", "skyi", "skyy", "skyj", "sky", "ski"),
    ("skaya", "skaja", "skaia", "ska"),
    ("skoye", "skoe", "skoje"),
    ("nyy", "nyj", "nyi", "ny", "niy", "nij", "nii"),
    ("naya", "naja", "naia"),
)
_NUMBER_PLURAL = "s"


def default_rule(entry: Entry) -> MatchRule:
    """The rule for generated Latin forms when the entry declares none."""
    if entry.match is not None:
        return entry.match
    if entry.category is Category.ACRONYM:
        return _EXACT
    return _PROPER


def _family_spellings(word: str) -> set[str]:
    low = word.lower()
    for family in _FAMILIES:
        for ending in family:
            if low.endswith(ending) and len(low) > len(ending) + 1:
                stem = word[: len(word) - len(ending)]
                upper = word[-len(ending) :].isupper() and len(word) > 1
                return {stem + (e.upper() if upper else e) for e in family}
    return {word}


def _with_families(phrase: str) -> set[str]:
    words = phrase.split(" ")
    options = [_family_spellings(w) for w in words]
    return {" ".join(combo) for combo in itertools.product(*options)}


@lru_cache(maxsize=8)
def _scheme_names(lang: str) -> tuple[str, ...]:
    # Transcriptions for German or French readers (з → s, у → ou) would turn Зелене into
    # "Selene" in English copy; those names are recognised through their styles instead.
    return tuple(s.name for s in list_schemes(lang) if s.audience == "en")


def romanizations(cyrillic: str, lang: str) -> set[str]:
    """``cyrillic`` under every romanization scheme of ``lang`` written for English readers."""
    out = set()
    for scheme in _scheme_names(lang):
        latin = romanize(cyrillic, lang, scheme)
        if latin and latin != cyrillic:
            out.add(latin)
    return out


def _split_head(form: str) -> tuple[str, str | None, bool]:
    """Split 'Шебекинский район' into ('Шебекинский', 'район', head_last=True)."""
    low = form.lower()
    for head in sorted(HEAD_NOUNS, key=len, reverse=True):
        if low.endswith(" " + head):
            return form[: -len(head) - 1], head, True
        if low.startswith(head + " "):
            return form[len(head) + 1 :], head, False
    return form, None, True


def _latin_forms(lang: str, cyrillic: str) -> set[str]:
    modifier, head, head_last = _split_head(cyrillic)
    names: set[str] = set()
    for latin in romanizations(modifier, lang):
        names |= _with_families(latin)
    if head is None:
        return names
    out: set[str] = set()
    for name, noun in itertools.product(names, HEAD_NOUNS[head]):
        out.add(f"{name} {noun}" if head_last else f"{noun} {name}")
        if not head_last:
            out.add(f"{noun} of {name}")
            out.add(f"{name} {noun}")
    return out


# Acronyms are short, so every odd scheme turns one into some other English abbreviation
# (ЦВО → SVO under the Uzbek scheme, ВКС → VX under the French one, ЧФ → ČF → "CF").
# English copy writes them in the plain English schemes only.
_ACRONYM_SCHEMES = {"ru": ("wikipedia", "icao_doc_9303"), "uk": ("national_2010", "bgn_pcgn")}


def _acronym_forms(cyrillic: str, lang: str) -> set[str]:
    """МЧС → MCHS and MChS; ЦВО → TSVO and TsVO (letter by letter, each in title case)."""
    out = set()
    for scheme in _ACRONYM_SCHEMES.get(lang, (None,)):
        whole = romanize(cyrillic, lang, scheme)
        out.add(whole.upper())
        if cyrillic.isupper():
            out.add("".join(romanize(ch, lang, scheme).capitalize() for ch in cyrillic))
        else:  # Минобороны, Росгвардия: a word, romanized as one
            out.add(whole)
    return {form for form in out if form.isascii()}


def surface_forms(entry: Entry, glossary: Glossary, inflect: bool = True) -> Iterator[SurfaceForm]:
    """Every surface form of ``entry``. The caller folds and de-duplicates them."""
    rule = default_rule(entry)
    is_term = entry.category in (Category.TERM, Category.ACRONYM)
    canonical_rule = _ANY if entry.category is Category.TERM else rule
    # A name in Cyrillic is capitalised too: "Счастье" is a town, "счастье" is happiness.
    cyrillic_rule = _ANY if is_term else _PROPER
    yield SurfaceForm(entry.en, entry.id, Method.EXACT, canonical_rule, canonical=True,
                      primary=True)  # fmt: skip
    if entry.en_plural != entry.en:
        yield SurfaceForm(entry.en_plural, entry.id, Method.EXACT, canonical_rule, plural=True,
                          canonical=True, primary=True)  # fmt: skip

    countable = entry.category.is_countable
    for variant in entry.variants:
        vrule = variant.rule or rule
        yield SurfaceForm(variant.form, entry.id, Method.VARIANT, vrule)
        if countable and not variant.form.endswith(_NUMBER_PLURAL):
            yield SurfaceForm(variant.form + _NUMBER_PLURAL, entry.id, Method.VARIANT, vrule,
                              plural=True)  # fmt: skip

    current = {entry.ru[:1], entry.uk[:1]}
    for lang, cyrillic in entry.cyrillic:
        # Former names (Артёмовск) are matched exactly but are no target for fuzzy repair.
        primary = (cyrillic,) in current
        yield SurfaceForm(cyrillic, entry.id, Method.EXACT, cyrillic_rule, cyrillic=True)
        is_acronym = entry.category is Category.ACRONYM or (
            cyrillic.isupper() and len(cyrillic) > 1
        )
        if is_acronym:
            for latin in sorted(_acronym_forms(cyrillic, lang)):
                yield SurfaceForm(latin, entry.id, Method.VARIANT, rule)
                yield SurfaceForm(latin + _NUMBER_PLURAL, entry.id, Method.VARIANT, rule,
                                  plural=True)  # fmt: skip
            continue
        for latin in sorted(_latin_forms(lang, cyrillic)):
            yield SurfaceForm(latin, entry.id, Method.VARIANT, rule, primary=primary)
        if inflect:
            from .inflect import inflections  # pymorphy3 is loaded only when needed

            for form, plural in inflections(cyrillic, lang, countable):
                yield SurfaceForm(form, entry.id, Method.INFLECTED, cyrillic_rule, plural=plural,
                                  cyrillic=True)  # fmt: skip

    # Districts are also written after their centre: "Shebekino rayon", "Shebekino raion".
    centre = glossary.by_id.get(entry.centre) if entry.centre else None
    if entry.category is Category.DISTRICT and centre is not None:
        for noun in HEAD_NOUNS["район"]:
            yield SurfaceForm(f"{centre.en} {noun}", entry.id, Method.VARIANT, rule, primary=True)
