"""Read glossary YAML files into :class:`Glossary`, validating each entry against the format.

Every problem carries its file and line so that ``translit-api glossary check`` can point at it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..errors import GlossaryInvalid, Problem
from .model import Action, CaseRule, Category, Entry, Glossary, MatchRule, Sample, Variant
from .styles import load_styles

__all__ = ["glossary_files", "load_glossary", "read_glossary"]

try:  # the C loader is several times faster on a large glossary
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_FIELDS = {
    "id", "category", "en", "plural", "ru", "uk", "variants", "centre", "parent", "action",
    "note", "expansion", "country", "disputed", "geonames", "wikidata", "source", "priority",
    "match", "names",
}  # fmt: skip
_RULE_FIELDS = {"case", "before", "after"}
_FILE_KEYS = {"defaults", "entries", "samples"}
_EXCLUDED_DIRS = {"styles"}  # style profiles: see styles.py


def glossary_files(root: Path) -> list[Path]:
    """The data files of a glossary folder, in a stable order."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if not any(part in _EXCLUDED_DIRS for part in p.relative_to(root).parts[:-1])
    )


def _version(root: Path, files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def read_glossary(root: Path) -> tuple[Glossary | None, list[Problem]]:
    """Load every file under ``root``; return the glossary (None if any error) and all problems."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(str(root), 0, "glossary folder does not exist")]
    files = glossary_files(root)
    if not files:
        return None, [Problem(str(root), 0, "glossary folder holds no .yaml files")]
    entries: list[Entry] = []
    samples: list[Sample] = []
    seen: dict[str, Entry] = {}
    for path in files:
        name = str(path.relative_to(root))
        file_entries, file_samples = _read_file(path, name, problems)
        for entry in file_entries:
            if entry.id in seen:
                first = seen[entry.id]
                problems.append(
                    Problem(name, entry.line, f"duplicate id {entry.id!r} "
                            f"(first at {first.file}:{first.line})")
                )  # fmt: skip
                continue
            seen[entry.id] = entry
            entries.append(entry)
        samples.extend(file_samples)
    styles, style_problems = load_styles(root)
    problems.extend(style_problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    everything = sorted(root.rglob("*.yaml"))  # entries and style profiles
    glossary = Glossary(tuple(entries), tuple(samples), _version(root, everything))
    glossary.styles.update(styles)
    return glossary, problems


def load_glossary(root: Path | str) -> Glossary:
    """Load and validate a glossary folder; raise :class:`GlossaryInvalid` on any error."""
    glossary, problems = read_glossary(Path(root))
    if glossary is None:
        raise GlossaryInvalid(problems)
    return glossary


def _read_file(path: Path, name: str, problems: list[Problem]) -> tuple[list[Entry], list[Sample]]:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        problems.append(Problem(name, line, f"not valid YAML: {exc}"))
        return [], []
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(name, node.start_mark.line + 1, "a glossary file is a mapping"))
        return [], []
    constructor = yaml.constructor.SafeConstructor()
    top: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = constructor.construct_object(key_node, deep=True)
        if key not in _FILE_KEYS:
            problems.append(Problem(name, key_node.start_mark.line + 1, f"unknown key {key!r}"))
        top[str(key)] = value_node

    defaults: dict[str, Any] = {}
    if "defaults" in top:
        raw = constructor.construct_object(top["defaults"], deep=True)
        if isinstance(raw, dict):
            defaults = raw
        else:
            problems.append(Problem(name, top["defaults"].start_mark.line + 1,
                                    "'defaults' must be a mapping"))  # fmt: skip

    entries: list[Entry] = []
    entries_node = top.get("entries")
    if entries_node is not None:
        if not isinstance(entries_node, yaml.SequenceNode):
            problems.append(Problem(name, entries_node.start_mark.line + 1,
                                    "'entries' must be a list"))  # fmt: skip
        else:
            for item in entries_node.value:
                line = item.start_mark.line + 1
                raw = constructor.construct_object(item, deep=True)
                if not isinstance(raw, dict):
                    problems.append(Problem(name, line, "an entry must be a mapping"))
                    continue
                entry = _entry({**defaults, **raw}, name, line, problems)
                if entry is not None:
                    entries.append(entry)

    samples: list[Sample] = []
    samples_node = top.get("samples")
    if samples_node is not None:
        items = samples_node.value if isinstance(samples_node, yaml.SequenceNode) else None
        for item in items or []:
            raw = constructor.construct_object(item, deep=True)
            line = item.start_mark.line + 1
            if (
                isinstance(raw, list)
                and len(raw) == 2
                and all(isinstance(s, str) and s for s in raw)
            ):
                samples.append(Sample(raw[0], raw[1], name, line))
            else:
                problems.append(Problem(name, line, "a sample is a pair [input, expected output]"))
        if items is None:
            problems.append(Problem(name, samples_node.start_mark.line + 1,
                                    "'samples' must be a list"))  # fmt: skip
    return entries, samples


def _strings(
    value: Any, field: str, name: str, line: int, problems: list[Problem]
) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        problems.append(Problem(name, line, f"{field!r} must be a string or a list of strings"))
        return ()
    out = []
    for v in items:
        if v != v.strip() or not v or "  " in v:
            problems.append(
                Problem(name, line, f"{field!r} has an empty or badly spaced form {v!r}")
            )
            continue
        out.append(v)
    return tuple(out)


def _words(value: Any, field: str, name: str, line: int, problems: list[Problem]) -> frozenset[str]:
    return frozenset(w.lower() for w in _strings(value, field, name, line, problems))


def _rule(raw: Any, name: str, line: int, problems: list[Problem]) -> MatchRule | None:
    if not isinstance(raw, dict):
        problems.append(Problem(name, line, "'match' must be a mapping of case/before/after"))
        return None
    unknown = set(raw) - _RULE_FIELDS - {"form"}
    if unknown:
        problems.append(Problem(name, line, f"unknown match field(s): {sorted(unknown)}"))
    try:
        case = CaseRule(raw.get("case", CaseRule.PROPER.value))
    except ValueError:
        choices = ", ".join(c.value for c in CaseRule)
        problems.append(Problem(name, line, f"case must be one of {choices}"))
        return None
    return MatchRule(
        case=case,
        before=_words(raw.get("before"), "before", name, line, problems),
        after=_words(raw.get("after"), "after", name, line, problems),
    )


def _entry(raw: dict[str, Any], name: str, line: int, problems: list[Problem]) -> Entry | None:
    before = len(problems)
    unknown = set(raw) - _FIELDS
    if unknown:
        problems.append(Problem(name, line, f"unknown field(s): {', '.join(sorted(unknown))}"))
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.append(Problem(name, line, f"id must be lowercase [a-z0-9-], got {entry_id!r}"))
        entry_id = "?"
    try:
        category = Category(raw.get("category"))
    except ValueError:
        choices = ", ".join(c.value for c in Category)
        problems.append(Problem(name, line, f"{entry_id}: category must be one of {choices}"))
        category = Category.TERM
    en = raw.get("en")
    if not isinstance(en, str) or not en.strip() or en != en.strip():
        problems.append(Problem(name, line, f"{entry_id}: 'en' must be a non-empty trimmed string"))
        en = "?"
    elif _CYRILLIC.search(en):
        problems.append(Problem(name, line, f"{entry_id}: 'en' must not contain Cyrillic"))
    ru = _strings(raw.get("ru"), "ru", name, line, problems)
    uk = _strings(raw.get("uk"), "uk", name, line, problems)
    for form in ru + uk:
        if not _CYRILLIC.search(form):
            problems.append(Problem(name, line, f"{entry_id}: {form!r} in ru/uk is not Cyrillic"))
    variants: list[Variant] = []
    raw_variants = raw.get("variants") or []
    if not isinstance(raw_variants, list):
        problems.append(Problem(name, line, f"{entry_id}: 'variants' must be a list"))
        raw_variants = []
    for item in raw_variants:
        if isinstance(item, str):
            variants.extend(Variant(f) for f in _strings(item, "variants", name, line, problems))
        elif isinstance(item, dict) and isinstance(item.get("form"), str):
            rule = _rule(item, name, line, problems)
            variants.append(Variant(item["form"], rule))
        else:
            message = f"{entry_id}: a variant is a string or a mapping with 'form'"
            problems.append(Problem(name, line, message))
    match = _rule(raw["match"], name, line, problems) if "match" in raw else None
    try:
        action = Action(raw.get("action", Action.REPLACE.value))
    except ValueError:
        problems.append(Problem(name, line, f"{entry_id}: action must be replace or annotate"))
        action = Action.REPLACE
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(
            Problem(name, line, f"{entry_id}: 'source' is required (here or in defaults)")
        )
        source = ""
    wikidata = raw.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.match(wikidata)):
        problems.append(Problem(name, line, f"{entry_id}: wikidata must look like Q123"))
        wikidata = None
    geonames = raw.get("geonames")
    if geonames is not None and not (isinstance(geonames, int) and geonames > 0):
        problems.append(Problem(name, line, f"{entry_id}: geonames must be a positive integer"))
        geonames = None
    priority = raw.get("priority", 0)
    if not isinstance(priority, int):
        problems.append(Problem(name, line, f"{entry_id}: priority must be an integer"))
        priority = 0
    country = raw.get("country")
    if country is not None and country not in ("RU", "UA"):
        problems.append(Problem(name, line, f"{entry_id}: country must be RU or UA"))
    optional_text = {}
    for key in ("plural", "centre", "parent", "note", "expansion"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(name, line, f"{entry_id}: {key!r} must be a non-empty string"))
            value = None
        optional_text[key] = value
    names = raw.get("names") or {}
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
    ):
        problems.append(Problem(name, line, f"{entry_id}: 'names' maps a language to a form"))
        names = {}
    if not ru and not uk and not variants and category.is_place:
        problems.append(Problem(name, line, f"{entry_id}: a place needs its ru or uk form"))
    if len(problems) > before:
        return None
    return Entry(
        id=entry_id,
        category=category,
        en=en,
        file=name,
        line=line,
        source=source,
        ru=ru,
        uk=uk,
        variants=tuple(variants),
        action=action,
        country=country,
        disputed=bool(raw.get("disputed", False)),
        geonames=geonames,
        wikidata=wikidata,
        priority=priority,
        match=match,
        names=dict(names),
        **optional_text,
    )
