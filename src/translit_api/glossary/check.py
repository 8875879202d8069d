"""Whole-glossary checks beyond the schema: dangling references, two entries claiming one
surface form with different outputs and no priority, and Latin forms that are English words
without a declared case or context rule."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..engine.fold import fold_phrase
from ..engine.words import english_words
from ..errors import Problem
from .load import read_glossary
from .model import Entry, Glossary
from .styles import canonical_forms
from .variants import Method, surface_forms

__all__ = ["check_folder", "check_glossary"]


def check_folder(root: Path) -> tuple[Glossary | None, list[Problem]]:
    glossary, problems = read_glossary(root)
    if glossary is not None:
        problems.extend(check_glossary(glossary))
    return glossary, problems


def check_glossary(glossary: Glossary) -> list[Problem]:
    problems: list[Problem] = []
    for entry in glossary.entries:
        for field in ("centre", "parent"):
            target = getattr(entry, field)
            if target and target not in glossary.by_id:
                problems.append(
                    Problem(entry.file, entry.line, f"{entry.id}: {field} {target!r} is no entry")
                )
    claims = _claims(glossary, problems)
    problems.extend(_style_collisions(glossary, claims))
    return problems


def _declared(entry: Entry, form_text: str) -> bool:
    if entry.match is not None:
        return True
    return any(v.form == form_text and v.rule is not None for v in entry.variants)


Claims = dict[str, dict[str, tuple[Entry, bool]]]


def _claims(glossary: Glossary, problems: list[Problem]) -> Claims:
    """Collisions between entries and with English words, from the generated forms; returns
    which entries claim each folded form."""
    words = english_words()
    claims: Claims = defaultdict(dict)
    for entry in glossary.entries:
        canonical_keys = {fold_phrase(entry.en), fold_phrase(entry.en_plural)}
        flagged: set[str] = set()
        for form in surface_forms(entry, glossary, inflect=False):
            key = fold_phrase(form.text)
            if not key:
                continue
            known = claims[key].get(entry.id)
            claims[key][entry.id] = (entry, form.canonical or bool(known and known[1]))
            if (
                not form.cyrillic
                and form.method is not Method.EXACT
                and key in words
                and key not in canonical_keys
                and not form.rule.has_context
                and not _declared(entry, form.text)
                and key not in flagged
            ):
                flagged.add(key)
                problems.append(
                    Problem(
                        entry.file,
                        entry.line,
                        f"{entry.id}: the form {form.text!r} is an English word; declare a "
                        "case or context rule (match: or a variant mapping) to keep it",
                    )
                )
    for key, claimants in claims.items():
        if len(claimants) < 2:
            continue
        entries = [e for e, _ in claimants.values()]
        if len({e.en for e in entries}) == 1:
            continue  # same output either way (two villages of one name)
        top = max(e.priority for e in entries)
        tied = sorted((e for e in entries if e.priority == top), key=lambda e: e.id)
        if any(claimants[e.id][1] for e in tied):
            continue  # the house form of one entry is never rewritten into another
        if len({e.en for e in tied}) > 1:
            first = tied[0]
            others = ", ".join(f"{e.id} ({e.file}:{e.line}) → {e.en!r}" for e in tied[1:])
            problems.append(
                Problem(
                    first.file,
                    first.line,
                    f"{first.id} → {first.en!r} and {others} claim the form {key!r}; "
                    "set a priority or a context rule",
                )
            )
    return claims


def _style_collisions(glossary: Glossary, claims: Claims) -> list[Problem]:
    """A form a style profile writes for one entry that is another entry's form, and not
    settled by priority: in that style the name could be rewritten into the other entry."""
    problems = []
    for style in glossary.styles.values():
        table = canonical_forms(style, glossary)
        for entry in glossary.entries:
            singular = table[entry.id][0]
            if singular == entry.en:
                continue
            others = [
                other
                for other, _ in claims.get(fold_phrase(singular), {}).values()
                if other.id != entry.id
                and other.en != entry.en
                and other.priority >= entry.priority  # a lower priority loses anyway
            ]
            if others:
                names = ", ".join(f"{o.id} ({o.file}:{o.line})" for o in others[:3])
                problems.append(
                    Problem(
                        style.file,
                        1,
                        f"style {style.id}: {entry.id} is written {singular!r}, which is also a "
                        f"form of {names}; add an override",
                    )
                )
    return problems
