"""Benchmark copy: English news text and Russian text with glossary names at a news density.

English: sentences in the style of the seed article (seeds/belgorod-drones-article.txt, which
is itself part of the mix), with as many glossary hits per KB as the seed article has (about 9
with the real glossary: names, and terms such as "drone"). Of the names, about 55% are already
the house form (the engine still matches and checks them), 30% a generated variant spelling
(Shebekinskij district, Valujki), 6% a typo that only the fuzzy matcher repairs, 4% left in
Cyrillic, 5% in capitals. Russian: news sentences with names in the nominative and inflected
(Шебекинском районе), annotated but not rewritten by the engine.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from translit_api.engine.lexicon import Lexicon
from translit_api.glossary.model import Category
from translit_api.glossary.variants import Method

__all__ = ["english_text", "russian_text", "seed_text"]

SEED = Path(__file__).resolve().parent.parent / "seeds" / "belgorod-drones-article.txt"

_EN_TEMPLATES = (
    "Drones struck an energy facility in {P} overnight, the regional governor said on Telegram.",
    "Two civilians were wounded when shells hit a house on the outskirts of {P}.",
    "According to the governor, air defences shot down {N} {T} over {P} and {P}.",
    "Residents of {P} reported explosions shortly after midnight.",
    "The {T} was launched from the direction of {P}, officials said.",
    "Power was cut in parts of {P} after the strike, and repair crews were sent from {P}.",
    "Volunteers in {P} said they had trained for months to repel such attacks.",
    "A school in {P} moved lessons online for the rest of the week.",
    "The attack on {P} followed a week of shelling along the border.",
    "Officials in {P} urged residents to stay in shelters until the all-clear.",
    "A convoy carrying humanitarian aid reached {P} on Tuesday.",
    "Evacuation buses left {P} for {P} early in the morning.",
    "The governor visited {P}, where a drone had damaged a truck and a canopy.",
    "Local media in {P} published footage of the wreckage.",
    "Firefighters spent four hours putting out a blaze at a warehouse near {P}.",
    "The {T} said it had repelled an incursion near {P}.",
    "In {P}, a commercial facility was hit, wounding two workers.",
    "Train services between {P} and {P} were suspended after the strike.",
)
_EN_FILLER = (
    "The claims could not be independently verified.",
    "Neither side commented on the reports.",
    "It was the third such attack this month.",
    "Officials said the damage was being assessed.",
    "Emergency services were working at the scene throughout the night.",
    "Schools and kindergartens remained closed on Monday.",
    "The ministry gave no details about the weapons used.",
    "Residents said they heard at least five explosions.",
    "Analysts say the attacks are becoming more frequent and more sophisticated.",
    "Electricity was restored by the afternoon, the utility company said.",
    "Mobile internet was limited in the area for several hours.",
    "Several windows were blown out and a car was damaged.",
)
_RU_TEMPLATES = (
    "Беспилотник атаковал предприятие в {P}, сообщил губернатор в своём телеграм-канале.",
    "По словам главы администрации, в результате обстрела {P} пострадали два человека.",
    "Силы ПВО сбили над {P} три беспилотных летательных аппарата.",
    "Жители {P} сообщили о взрывах после полуночи.",
    "В {P} повреждены линии электропередачи, без света остались несколько улиц.",
    "Автобусы с эвакуированными жителями выехали из {P} рано утром.",
    "Губернатор посетил {P}, где дрон повредил грузовик и навес.",
    "Занятия в школах {P} переведены на дистанционный формат.",
    "Пожарные четыре часа тушили склад вблизи {P}.",
    "Движение поездов между {P} и {P} приостановлено.",
    "{P} снова подвергся обстрелу со стороны границы.",
)
_RU_FILLER = (
    "Информация уточняется.",
    "Сведения о пострадавших не поступали.",
    "На месте работают экстренные службы.",
    "Это уже третья атака за месяц.",
    "Ущерб оценивается специалистами.",
    "Жителей призвали оставаться в укрытиях до отбоя тревоги.",
)
_NUMBERS = ("two", "three", "five", "six", "12", "17")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


class _Names:
    """Surface forms of a lexicon's entries, sorted into the ways copy writes them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        variants: dict[str, list[str]] = defaultdict(list)
        cyrillic: dict[str, list[str]] = defaultdict(list)
        for form in lexicon.forms:
            if form.cyrillic:
                cyrillic[form.entry_id].append(form.text)
            elif form.method is Method.VARIANT and not form.plural and not form.rule.has_context:
                variants[form.entry_id].append(form.text)
        entries = [e for e in lexicon.glossary.entries if e.action.value == "replace"]
        self.places = [e for e in entries if e.category.is_place and e.match is None]
        self.terms = [e for e in entries if e.category is Category.ACRONYM and variants[e.id]]
        self.variants = variants
        self.cyrillic = cyrillic

    def place(self, rng: random.Random) -> str:
        entry = rng.choice(self.places)
        roll = rng.random()
        if roll < 0.30 and self.variants[entry.id]:
            return rng.choice(self.variants[entry.id])
        if roll < 0.36 and len(entry.en) >= 7 and " " not in entry.en:
            i = rng.randrange(2, len(entry.en) - 2)  # a typo: one letter dropped
            return entry.en[:i] + entry.en[i + 1 :]
        if roll < 0.40 and self.cyrillic[entry.id]:
            return self.cyrillic[entry.id][0]
        if roll < 0.45:
            return entry.en.upper()
        return entry.en

    def term(self, rng: random.Random) -> str:
        if not self.terms:
            return "drones"
        entry = rng.choice(self.terms)
        return rng.choice(self.variants[entry.id] + [entry.en])

    def cyrillic_place(self, rng: random.Random) -> str:
        for _ in range(20):
            entry = rng.choice(self.places)
            if self.cyrillic[entry.id]:
                return rng.choice(self.cyrillic[entry.id])
        return "Белгород"


def _fill(template: str, names: _Names, rng: random.Random, cyrillic: bool) -> str:
    out = template
    while "{P}" in out:
        out = out.replace("{P}", names.cyrillic_place(rng) if cyrillic else names.place(rng), 1)
    out = out.replace("{T}", names.term(rng)).replace("{N}", rng.choice(_NUMBERS))
    return out


def english_text(lexicon: Lexicon, size: int, seed: int = 1) -> str:
    """About ``size`` characters of English news copy naming ``lexicon``'s entries."""
    rng = random.Random(seed)
    names = _Names(lexicon)
    seed_article = seed_text()
    parts: list[str] = []
    total = 0
    while total < size:
        if rng.random() < 0.05:
            paragraph = seed_article
        else:
            sentences = []
            for _ in range(rng.randint(3, 6)):
                sentences.append(_fill(rng.choice(_EN_TEMPLATES), names, rng, False))
                sentences.append(rng.choice(_EN_FILLER))
                if rng.random() < 0.3:
                    sentences.append(rng.choice(_EN_FILLER))
            paragraph = " ".join(sentences)
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts)[:size]


def russian_text(lexicon: Lexicon, size: int, seed: int = 2) -> str:
    """About ``size`` characters of Russian news copy naming ``lexicon``'s entries."""
    rng = random.Random(seed)
    names = _Names(lexicon)
    parts: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentences.append(_fill(rng.choice(_RU_TEMPLATES), names, rng, True))
            if rng.random() < 0.6:
                sentences.append(rng.choice(_RU_FILLER))
        paragraph = " ".join(sentences)
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts)[:size]


def article(lexicon: Lexicon, size: int = 3000, seed: int = 3) -> str:
    """One article of about ``size`` characters (the HTTP benchmark's request body)."""
    text = english_text(lexicon, size + 400, seed)
    cut = text.rfind(". ", 0, size)
    return text[: cut + 1] if cut > 0 else text[:size]
