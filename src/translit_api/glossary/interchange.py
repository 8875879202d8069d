"""Carry the glossary into the tools newsrooms already use, and bring their glossaries in.

Export writes source→target pairs (ru→en, uk→en), nominative and inflected forms, following
the rules of DeepL, Google and AWS glossaries: one target per source, no empty or padded
terms, no duplicates (compared case-insensitively, since some services do). TBX follows
ISO 30042: TBX v3 (``conceptEntry/langSec/termSec``) is written; both v3 and the 2008
``martif/termEntry/langSet/tig`` shape are read.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .inflect import inflections
from .model import Category, Glossary
from .styles import canonical_forms

__all__ = ["FORMATS", "Pair", "export_pairs", "import_pairs", "pairs_to_entries", "write_pairs"]

FORMATS = ("csv", "tsv", "tbx")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TBX3 = "urn:iso:std:iso:30042:ed-2"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class Pair:
    source: str
    target: str
    entry_id: str | None = None
    note: str | None = None


def export_pairs(
    glossary: Glossary, lang: str, *, inflected: bool = True, style: str | None = None
) -> list[Pair]:
    """Every ``lang`` form of every entry with its target in house ``style`` (default: the
    entries' own English), one target per source.

    Where two entries give one source different targets, the higher priority wins and the
    tie goes to the nominative (a form that is some entry's own name beats an inflection)."""
    chosen: dict[str, tuple[tuple[int, int], Pair]] = {}
    table = canonical_forms(glossary.styles[style], glossary) if style else {}
    for entry in glossary.entries:
        singular, plural_form = table.get(entry.id) or (entry.en, entry.en_plural)
        forms = entry.ru if lang == "ru" else entry.uk
        for form in forms:
            candidates = [(form, False)]
            if inflected and entry.category is not Category.ACRONYM:
                candidates.extend(inflections(form, lang, entry.category.is_countable))
            for source, plural in candidates:
                target = plural_form if plural else singular
                pair = Pair(source.strip(), target.strip(), entry.id, entry.note)
                rank = (entry.priority, 1 if source == form else 0)
                key = pair.source.casefold()
                if not pair.source or not pair.target:
                    continue
                if key not in chosen or rank > chosen[key][0]:
                    chosen[key] = (rank, pair)
    return sorted((p for _, p in chosen.values()), key=lambda p: (p.source.casefold(), p.source))


def write_pairs(
    pairs: Iterable[Pair],
    fmt: str,
    source_lang: str,
    *,
    header: bool = True,
    target_lang: str = "en",
) -> str:
    """Render ``pairs`` as CSV (with an ``ru,en`` header row, as AWS and Google expect, unless
    ``header`` is False), TSV (DeepL's: no header) or TBX v3."""
    pairs = list(pairs)
    if fmt == "tbx":
        return _write_tbx(pairs, source_lang, target_lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    if fmt == "csv" and header:
        writer.writerow([source_lang, target_lang])
    for pair in pairs:
        if fmt == "tsv" and any(c in pair.source + pair.target for c in "\t\n"):
            continue  # TSV cannot quote; such terms never occur in a clean glossary
        writer.writerow([pair.source, pair.target])
    return out.getvalue()


def _write_tbx(pairs: list[Pair], source_lang: str, target_lang: str) -> str:
    ET.register_namespace("", _TBX3)
    root = ET.Element(f"{{{_TBX3}}}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"})
    header = ET.SubElement(root, f"{{{_TBX3}}}tbxHeader")
    desc = ET.SubElement(ET.SubElement(header, f"{{{_TBX3}}}fileDesc"), f"{{{_TBX3}}}sourceDesc")
    ET.SubElement(desc, f"{{{_TBX3}}}p").text = "translit-api glossary export"
    body = ET.SubElement(ET.SubElement(root, f"{{{_TBX3}}}text"), f"{{{_TBX3}}}body")
    by_target: dict[tuple[str | None, str], list[Pair]] = {}
    for pair in pairs:
        by_target.setdefault((pair.entry_id, pair.target), []).append(pair)
    for n, ((entry_id, target), group) in enumerate(sorted(by_target.items(), key=str), 1):
        concept = ET.SubElement(body, f"{{{_TBX3}}}conceptEntry", {"id": f"c{n}-{entry_id}"})
        if group[0].note:
            ET.SubElement(concept, f"{{{_TBX3}}}descrip", {"type": "definition"}).text = group[
                0
            ].note
        for lang, terms in ((source_lang, [p.source for p in group]), (target_lang, [target])):
            lang_sec = ET.SubElement(concept, f"{{{_TBX3}}}langSec", {_XML_LANG: lang})
            for term in terms:
                term_sec = ET.SubElement(lang_sec, f"{{{_TBX3}}}termSec")
                ET.SubElement(term_sec, f"{{{_TBX3}}}term").text = term
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def import_pairs(data: str, fmt: str, source_lang: str) -> list[Pair]:
    """Read source→English pairs from CSV, TSV or TBX (v3 or 2008). A CSV or TSV header row
    naming languages is recognised and skipped."""
    if fmt == "tbx":
        return list(_read_tbx(data, source_lang))
    rows = list(csv.reader(io.StringIO(data), delimiter="\t" if fmt == "tsv" else ","))
    if rows and [c.strip().lower() for c in rows[0][:2]] == [source_lang, "en"]:
        rows = rows[1:]
    out = []
    for number, row in enumerate(rows, 1):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"row {number}: a pair needs a source and a target: {row!r}")
        out.append(Pair(row[0].strip(), row[1].strip()))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_tbx(data: str, source_lang: str) -> Iterator[Pair]:
    root = ET.fromstring(data)
    for concept in root.iter():
        if _local(concept.tag) not in ("conceptEntry", "termEntry"):
            continue
        terms: dict[str, list[str]] = {}
        note = None
        for child in concept.iter():
            name = _local(child.tag)
            if name in ("langSec", "langSet"):
                lang = (child.get(_XML_LANG) or child.get("lang") or "").split("-")[0].lower()
                for term in child.iter():
                    if _local(term.tag) == "term" and (term.text or "").strip():
                        terms.setdefault(lang, []).append(term.text.strip())
            elif name in ("descrip", "note") and child.text and note is None:
                note = child.text.strip()
        targets = terms.get("en", [])
        if not targets:
            continue
        for source in terms.get(source_lang, []):
            yield Pair(source, targets[0], concept.get("id"), note)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


def pairs_to_entries(
    pairs: Iterable[Pair], source_lang: str, category: str, source: str
) -> list[dict[str, Any]]:
    """Group imported pairs by target into glossary entries (as YAML-ready mappings)."""
    grouped: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        entry = grouped.setdefault(
            pair.target,
            {"id": f"imp-{_slug(pair.target)}", "category": category, "en": pair.target},
        )
        if _CYRILLIC.search(pair.source):
            forms = entry.setdefault(source_lang, [])
            if pair.source not in forms:
                forms.append(pair.source)
        elif pair.source != pair.target:
            variants = entry.setdefault("variants", [])
            if pair.source not in variants:
                variants.append(pair.source)
        if pair.note:
            entry.setdefault("note", pair.note)
    for entry in grouped.values():
        entry["source"] = source
    return list(grouped.values())
