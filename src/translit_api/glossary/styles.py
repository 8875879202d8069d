"""House styles as data: how one newsroom writes the glossary's names and terms.

A profile (``glossary/styles/<id>.yaml``) names its language and sets the romanization scheme
for names with no entry-specific form, the patterns for districts, oblasts and krais, per-entry
overrides (exonyms, historic names), translations of terms, spelling variants, the words that
ask for a plural, and samples the tests run. ``extends: en-US`` takes a shipped profile and
changes a few lines. ``canonical_forms`` turns a profile and a glossary into the form of every
entry, once, at compile time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem
from ..translit import romanize
from ..translit.schemes import UnknownScheme, get_scheme
from .model import Category, Entry, Glossary, Sample, Style

__all__ = [
    "BASE_STYLE",
    "DEFAULT_STYLE",
    "Style",
    "canonical_forms",
    "load_styles",
    "romanize_in",
]

DEFAULT_STYLE = "en-US"
STYLES_DIR = "styles"
_KEYS = {
    "id", "extends", "name", "language", "description", "schemes", "patterns", "overrides",
    "terms", "spelling", "number_words", "samples", "articles",
}  # fmt: skip
_PATTERN_KINDS = {"district", "oblast", "krai"}
_FIELD = re.compile(r"\{(centre|name|adjective)(?::(de))?\}")
_EN_NAME = {"oblast": re.compile(r"^(.*) region$"), "krai": re.compile(r"^(.*) Krai$")}


# The style of a glossary that ships no profiles: the entries' own forms, en-US plurals.
BASE_STYLE = Style(
    id=DEFAULT_STYLE,
    language="en",
    name="English (US)",
    description="the glossary's own forms",
    extends=None,
    schemes={"ru": "wikipedia", "uk": "national_2010"},
    patterns={},
    overrides={},
    terms={},
    spelling={},
    number_words=frozenset(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
        "ninety hundred hundreds thousand thousands dozen dozens several many multiple "
        "numerous few some these those various".split()
    ),
)


def romanize_in(style: Style, cyrillic: str, lang: str) -> str:
    """``cyrillic`` in the style's scheme for ``lang`` (the language's default if none)."""
    return romanize(cyrillic, lang, style.schemes.get(lang))


def _kind(entry: Entry) -> str | None:
    if entry.category is Category.DISTRICT:
        return "district"
    if entry.category in (Category.FEDERAL_SUBJECT, Category.REGION):
        forms = " ".join(entry.ru + entry.uk).lower()
        if "область" in forms:
            return "oblast"
        if "край" in forms:
            return "krai"
    return None


def _elide(word: str, value: str) -> str:
    """French "de" before a name: "de Koursk", "d'Oulianovsk"."""
    return f"d'{value}" if value[:1].lower() in "aeiouyhâéèêîïôû" else f"{word} {value}"


class _Forms:
    """The forms of every entry under one style, computed on demand and remembered."""

    def __init__(self, style: Style, glossary: Glossary) -> None:
        self.style = style
        self.glossary = glossary
        self.memo: dict[str, tuple[str, str]] = {}

    def of(self, entry: Entry) -> tuple[str, str]:
        found = self.memo.get(entry.id)
        if found is None:
            self.memo[entry.id] = (entry.en, entry.en_plural)  # guards a centre cycle
            singular, plural = self._compute(entry)
            found = (self.style.spell(singular), self.style.spell(plural))
            self.memo[entry.id] = found
        return found

    def _compute(self, entry: Entry) -> tuple[str, str]:
        style = self.style
        if entry.id in style.overrides:
            return style.overrides[entry.id], style.overrides[entry.id]
        if entry.id in style.terms:
            return style.terms[entry.id]
        if style.language in entry.names:
            return entry.names[style.language], entry.names[style.language]
        if not entry.category.is_place:
            return entry.en, entry.en_plural
        kind = _kind(entry)
        pattern = style.patterns.get(kind) if kind else None
        if pattern is not None:
            value = self._pattern(pattern, entry, kind)
            if value is not None:
                return value, value
        name = self._name(entry)
        return name, name

    def _name(self, entry: Entry) -> str:
        """A place's own name in this style: the curated English for English styles, else the
        current Cyrillic name (Ukrainian for places in Ukraine) in the style's scheme."""
        if self.style.language == "en":
            return entry.en
        if entry.country == "UA" and entry.uk:
            return romanize_in(self.style, entry.uk[0], "uk")
        if entry.ru:
            return romanize_in(self.style, entry.ru[0], "ru")
        return entry.en

    def _pattern(self, pattern: str, entry: Entry, kind: str | None) -> str | None:
        centre = self.glossary.by_id.get(entry.centre) if entry.centre else None
        values: dict[str, str | None] = {
            "centre": self.of(centre)[0] if centre else None,
            "adjective": self._adjective(entry),
            "name": self._region_name(entry, kind, centre),
        }
        missing = False

        def fill(match: re.Match[str]) -> str:
            nonlocal missing
            value = values[match.group(1)]
            if value is None:
                missing = True
                return ""
            return _elide(match.group(2), value) if match.group(2) else value

        text = _FIELD.sub(fill, pattern)
        return None if missing else text

    def _adjective(self, entry: Entry) -> str | None:
        """Шебекинский район → Shebekinsky (the modifier, in the style's scheme)."""
        for lang, form in entry.cyrillic:
            words = form.split(" ")
            if len(words) >= 2 and words[-1].lower() in ("район", "округ", "область", "край"):
                modifier = " ".join(w for w in words[:-1] if w.lower() not in _OKRUG_WORDS)
                if modifier:
                    return romanize_in(self.style, modifier, lang)
        return None

    def _region_name(self, entry: Entry, kind: str | None, centre: Entry | None) -> str | None:
        matched = _EN_NAME[kind].match(entry.en) if kind in _EN_NAME else None
        if matched is None:
            return None
        english = matched.group(1)
        if centre is not None and centre.en == english:
            return self.of(centre)[0]  # Kharkiv region → Gebiet Charkiw
        return english


_OKRUG_WORDS = {"городской", "муниципальный"}


def canonical_forms(style: Style, glossary: Glossary) -> dict[str, tuple[str, str]]:
    """Every entry's (singular, plural) form under ``style``."""
    forms = _Forms(style, glossary)
    return {entry.id: forms.of(entry) for entry in glossary.entries}


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def load_styles(root: Path) -> tuple[dict[str, Style], list[Problem]]:
    """Every profile under ``root/styles``, with ``extends`` resolved."""
    problems: list[Problem] = []
    raw: dict[str, tuple[str, dict[str, Any]]] = {}
    folder = Path(root) / STYLES_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = str(path.relative_to(root))
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            problems.append(Problem(name, 0, f"not valid YAML: {exc}"))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            problems.append(Problem(name, 1, "a style profile is a mapping with an 'id'"))
            continue
        unknown = set(data) - _KEYS
        if unknown:
            problems.append(Problem(name, 1, f"unknown key(s): {', '.join(sorted(unknown))}"))
        if data["id"] in raw:
            problems.append(Problem(name, 1, f"style {data['id']!r} is defined twice"))
        raw[data["id"]] = (name, data)

    resolved: dict[str, dict[str, Any]] = {}

    def resolve(style_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any] | None:
        if style_id in resolved:
            return resolved[style_id]
        name, data = raw[style_id]
        parent_id = data.get("extends")
        merged = dict(data)
        if parent_id is not None:
            if parent_id not in raw or parent_id in seen:
                why = "a cycle" if parent_id in seen else "no such style"
                problems.append(Problem(name, 1, f"extends {parent_id!r}: {why}"))
                return None
            parent = resolve(parent_id, (*seen, style_id))
            if parent is None:
                return None
            merged = _merge({k: v for k, v in parent.items() if k != "samples"}, data)
        resolved[style_id] = merged
        return merged

    styles: dict[str, Style] = {}
    for style_id, (name, _) in raw.items():
        data = resolve(style_id)
        if data is None:
            continue
        style = _build(style_id, name, data, problems)
        if style is not None:
            styles[style_id] = style
    if raw and DEFAULT_STYLE not in styles:
        problems.append(Problem(STYLES_DIR, 0, f"the default style {DEFAULT_STYLE!r} is missing"))
    return styles, problems


def _build(style_id: str, name: str, data: dict[str, Any], problems: list[Problem]) -> Style | None:
    before = len(problems)
    language = data.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", language):
        problems.append(Problem(name, 1, f"{style_id}: 'language' must be like en, de or fr"))
    schemes = data.get("schemes") or {}
    for lang, scheme in schemes.items():
        try:
            get_scheme(lang, scheme)
        except UnknownScheme as exc:
            problems.append(Problem(name, 1, f"{style_id}: {exc}"))
    patterns = data.get("patterns") or {}
    for kind, pattern in patterns.items():
        if kind not in _PATTERN_KINDS:
            problems.append(Problem(name, 1, f"{style_id}: unknown pattern kind {kind!r}"))
        elif not isinstance(pattern, str) or not _FIELD.search(pattern):
            problems.append(Problem(name, 1, f"{style_id}: pattern {kind!r} names no field"))
    terms: dict[str, tuple[str, str]] = {}
    genders: dict[str, str] = {}
    for entry_id, value in (data.get("terms") or {}).items():
        if isinstance(value, str):
            terms[entry_id] = (value, value)
        elif isinstance(value, dict) and isinstance(value.get("one"), str):
            terms[entry_id] = (value["one"], value.get("other", value["one"]))
            if isinstance(value.get("gender"), str):
                genders[entry_id] = value["gender"]
        else:
            problems.append(Problem(name, 1, f"{style_id}: term {entry_id!r} is a string or "
                                              "{one: …, other: …}"))  # fmt: skip
    samples = tuple(
        Sample(pair[0], pair[1], name, 1)
        for pair in data.get("samples") or []
        if isinstance(pair, list) and len(pair) == 2
    )
    if len(problems) > before:
        return None
    return Style(
        id=style_id,
        language=language,
        name=str(data.get("name") or style_id),
        description=str(data.get("description") or ""),
        extends=data.get("extends"),
        schemes=dict(schemes),
        patterns=dict(patterns),
        overrides={str(k): str(v) for k, v in (data.get("overrides") or {}).items()},
        terms=terms,
        spelling={str(k): str(v) for k, v in (data.get("spelling") or {}).items()},
        number_words=frozenset(str(w).lower() for w in data.get("number_words") or ()),
        genders=genders,
        articles={
            str(gender): {str(k).lower(): str(v) for k, v in table.items()}
            for gender, table in (data.get("articles") or {}).items()
            if isinstance(table, dict)
        },
        samples=samples,
        file=name,
    )
