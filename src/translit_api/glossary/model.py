"""What a glossary is made of: entries, their match rules, file-level samples, and the
house style profiles that write them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Action",
    "CaseRule",
    "Category",
    "Entry",
    "Glossary",
    "MatchRule",
    "Sample",
    "Style",
    "Variant",
]


class Category(StrEnum):
    FEDERAL_SUBJECT = "federal_subject"
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    SETTLEMENT = "settlement"
    ACRONYM = "acronym"
    TERM = "term"
    FORMATION = "formation"
    ORGANIZATION = "organization"

    @property
    def is_place(self) -> bool:
        return self in _PLACES

    @property
    def is_countable(self) -> bool:
        """Terms whose English form takes a plural (BPLA → UAV, BPLAs → UAVs)."""
        return self in (Category.ACRONYM, Category.TERM)


_PLACES = frozenset(
    {
        Category.FEDERAL_SUBJECT,
        Category.REGION,
        Category.DISTRICT,
        Category.CITY,
        Category.SETTLEMENT,
    }
)


class Action(StrEnum):
    REPLACE = "replace"
    ANNOTATE = "annotate"


class CaseRule(StrEnum):
    PROPER = "proper"  # starts with a capital, or all capitals
    EXACT = "exact"  # the form's own spelling, or all capitals
    ANY = "any"


@dataclass(frozen=True, slots=True)
class MatchRule:
    """When a surface form may match: its case, and words that must stand beside it."""

    case: CaseRule = CaseRule.PROPER
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()

    @property
    def has_context(self) -> bool:
        return bool(self.before or self.after)


@dataclass(frozen=True, slots=True)
class Variant:
    form: str
    rule: MatchRule | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    id: str
    category: Category
    en: str
    file: str
    line: int
    source: str
    plural: str | None = None
    ru: tuple[str, ...] = ()
    uk: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    centre: str | None = None
    parent: str | None = None
    action: Action = Action.REPLACE
    note: str | None = None
    expansion: str | None = None
    country: str | None = None
    disputed: bool = False
    geonames: int | None = None
    wikidata: str | None = None
    priority: int = 0
    match: MatchRule | None = None
    names: dict[str, str] = field(default_factory=dict)  # per-language forms: {de: Moskau}

    @property
    def en_plural(self) -> str:
        if self.plural:
            return self.plural
        return english_plural(self.en) if self.category.is_countable else self.en

    @property
    def cyrillic(self) -> tuple[tuple[str, str], ...]:
        """Every Cyrillic form with its language: (("ru", "Харьков"), ("uk", "Харків"), ...)."""
        return tuple(("ru", f) for f in self.ru) + tuple(("uk", f) for f in self.uk)


def english_plural(phrase: str) -> str:
    """The regular plural of a phrase's last word: refinery → refineries, UAV → UAVs."""
    head, _, last = phrase.rpartition(" ")
    lower = last.lower()
    if last.isupper():
        plural = last + "s"
    elif lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        plural = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@dataclass(frozen=True, slots=True)
class Sample:
    """An input and the output the engine must give for it, carried by a glossary file."""

    text: str
    expected: str
    file: str
    line: int


@dataclass(frozen=True)
class Style:
    """A house style profile, as ``glossary/styles/<id>.yaml`` declares it (see styles.py)."""

    id: str
    language: str
    name: str
    description: str
    extends: str | None
    schemes: dict[str, str]
    patterns: dict[str, str]
    overrides: dict[str, str]
    terms: dict[str, tuple[str, str]]
    spelling: dict[str, str]
    number_words: frozenset[str]
    # Grammar for translated terms: a term's gender (Drohne: f), and what the article before
    # it becomes for that gender ({f: {ein: eine, der: die, …}}).
    genders: dict[str, str] = field(default_factory=dict)
    articles: dict[str, dict[str, str]] = field(default_factory=dict)
    samples: tuple[Sample, ...] = ()
    file: str = ""
    _spelling_re: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def spell(self, text: str) -> str:
        """Apply the profile's spelling variants word by word (defense → defence)."""
        if not self.spelling:
            return text
        pattern = self._spelling_re or re.compile(
            r"\b(" + "|".join(map(re.escape, sorted(self.spelling, key=len, reverse=True))) + r")\b"
        )
        object.__setattr__(self, "_spelling_re", pattern)
        return pattern.sub(lambda m: self.spelling[m.group(1)], text)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    samples: tuple[Sample, ...]
    version: str
    by_id: dict[str, Entry] = field(repr=False, compare=False, default_factory=dict)
    styles: dict[str, Style] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id.update((e.id, e) for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)
