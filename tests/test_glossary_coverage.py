"""What the glossary must cover (issue: curated glossary v1). Each count fails below it."""

from __future__ import annotations

from collections import Counter

import pytest

from translit_api import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.glossary.load import load_glossary
from translit_api.glossary.model import Action, Category, Glossary

from conftest import GLOSSARY


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


def by_category(glossary: Glossary, category: Category) -> list:
    return [e for e in glossary.entries if e.category is category]


def test_every_federal_subject(glossary: Glossary) -> None:
    subjects = by_category(glossary, Category.FEDERAL_SUBJECT)
    assert len(subjects) == 89  # as Russia lists them, the annexed regions included
    disputed = {e.en for e in subjects if e.disputed}
    assert disputed == {"Crimea", "Sevastopol", "Donetsk region", "Luhansk region",
                        "Zaporizhzhia region", "Kherson region"}  # fmt: skip
    for entry in subjects:
        if entry.disputed:
            assert entry.note and entry.uk, entry.id  # named neutrally, Ukrainian forms too


@pytest.mark.parametrize(
    ("oblast", "at_least"),
    [("belgorod", 21), ("kursk", 32), ("bryansk", 30), ("voronezh", 33), ("rostov", 54)],
)
def test_every_district_with_its_centre(glossary: Glossary, oblast: str, at_least: int) -> None:
    districts = [
        e for e in by_category(glossary, Category.DISTRICT) if e.parent == f"ru-{oblast}-oblast"
    ]
    assert len(districts) >= at_least
    for district in districts:
        centre = glossary.by_id[district.centre]
        assert centre.category in (Category.CITY, Category.SETTLEMENT), district.id
        assert district.ru, district.id


def test_every_ukrainian_oblast_with_its_centre(glossary: Glossary) -> None:
    oblasts = [e for e in glossary.entries if e.uk and any(f.endswith("область") for f in e.uk)]
    assert len(oblasts) == 24
    for oblast in oblasts:
        centre = glossary.by_id[oblast.centre]
        assert centre.country == "UA" and centre.category is Category.CITY, oblast.id


def test_ukrainian_cities_with_former_names(glossary: Glossary, lexicon: Lexicon) -> None:
    cities = [e for e in by_category(glossary, Category.CITY) if e.country == "UA"]
    assert len(cities) >= 380  # every city of 10,000+ (2001 census)
    for old, new in [("Kharkov", "Kharkiv"), ("Artemovsk", "Bakhmut"),
                     ("Dnepropetrovsk", "Dnipro"), ("Krasnoarmeysk", "Pokrovsk"),
                     ("Kirovograd", "Kropyvnytskyi"), ("Nikolaev", "Mykolaiv"),
                     ("Zaporozhye", "Zaporizhzhia"), ("Kiev", "Kyiv")]:  # fmt: skip
        assert normalize(f"Fighting near {old} continued.", lexicon).text == (
            f"Fighting near {new} continued."
        )


def test_border_and_frontline_settlements(glossary: Glossary) -> None:
    settlements = by_category(glossary, Category.SETTLEMENT)
    assert len(settlements) >= 1500
    names = {e.en for e in settlements} | {e.en for e in by_category(glossary, Category.CITY)}
    in_the_news = ["Novaya Tavolzhanka", "Tetkino", "Kozinka", "Glotovo", "Zhuravlevka",
                   "Nekhoteevka", "Krasnaya Yaruga", "Vovchansk", "Lyptsi", "Robotyne"]  # fmt: skip
    assert set(in_the_news) <= names
    generated = [e for e in settlements if e.id.startswith("gn-")]
    assert generated and all(e.priority < 0 and e.geonames for e in generated)


def test_terms_and_formations(glossary: Glossary) -> None:
    terms = by_category(glossary, Category.ACRONYM) + by_category(glossary, Category.TERM)
    assert len(terms) >= 60
    cyrillic = {form for e in terms for form in e.ru + e.uk}
    for acronym in ("БПЛА", "ВСУ", "ПВО", "РЭБ", "ДРГ", "РСЗО", "ЗРК", "ПЗРК", "БЭК", "КАБ",
                    "ФАБ", "СВО", "МЧС", "ВКС", "ВДВ", "ФСБ", "Росгвардия", "ТЦК", "ЛЭП",
                    "ТЭЦ", "АЭС", "Минобороны"):  # fmt: skip
        assert acronym in cyrillic, acronym
    assert all(e.expansion or e.note for e in terms)
    formations = by_category(glossary, Category.FORMATION)
    assert len(formations) >= 10
    assert all(e.action is Action.ANNOTATE and e.note for e in formations)


def test_provenance(glossary: Glossary) -> None:
    counts = Counter(bool(e.source) for e in glossary.entries)
    assert counts[False] == 0
