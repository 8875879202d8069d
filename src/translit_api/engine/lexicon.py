"""Compile a glossary into a Lexicon: every surface form folded, keyed, and loaded into one
Aho-Corasick automaton, plus the index the fuzzy matcher searches. Built once per glossary
version; requests never rebuild it."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

import ahocorasick

from ..errors import UnknownOption
from ..glossary.model import CaseRule, Entry, Glossary, MatchRule
from ..glossary.styles import BASE_STYLE, DEFAULT_STYLE, Style, canonical_forms
from ..glossary.variants import Method, SurfaceForm, default_rule, surface_forms
from .fold import BOUNDARY, fold_phrase
from .fuzzy import FuzzyIndex
from .resolve import ResolveMemo

__all__ = ["SOFT_SIGNS", "Lexicon", "StyleForms", "compile_lexicon", "load_or_compile"]

# Apostrophes that romanize ь and are never quotation marks (’ often closes a quote: not here).
SOFT_SIGNS = "'ʹʼ"

log = logging.getLogger(__name__)

# Which form wins when one entry yields the same key twice.
_RANK = {Method.EXACT: 0, Method.VARIANT: 1, Method.INFLECTED: 2}


@dataclass
class StyleForms:
    """Every entry's form under one house style, and that style's resolve memo."""

    style: Style
    forms: dict[str, tuple[str, str]]
    memo: ResolveMemo = field(default_factory=ResolveMemo, repr=False)

    def canonical(self, entry: Entry, plural: bool) -> str:
        singular, plural_form = self.forms.get(entry.id) or (entry.en, entry.en_plural)
        return plural_form if plural else singular

    def keeps(self, entry: Entry) -> bool:
        """Whether this style writes the entry as its own ``en`` (the curated form)."""
        return self.forms.get(entry.id, (entry.en,))[0] == entry.en


@dataclass
class Lexicon:
    glossary: Glossary
    forms: list[SurfaceForm]
    automaton: ahocorasick.Automaton
    fuzzy: FuzzyIndex
    # Keys of forms written with a final soft-sign apostrophe ("oblast'"): in the text, such an
    # apostrophe belongs to the word and is replaced with it.
    soft_sign_keys: frozenset[str] = frozenset()
    compile_seconds: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)
    _haystacks: dict[str, str] | None = field(default=None, repr=False)
    styles: dict[str, StyleForms] = field(default_factory=dict, repr=False)

    def style(self, name: str | None = None) -> StyleForms:
        """The forms of house style ``name`` (default: en-US); UnknownOption if there is none."""
        found = self.styles.get(DEFAULT_STYLE if name is None else name)
        if found is None:
            raise UnknownOption("style", str(name), sorted(self.styles))
        return found

    @property
    def version(self) -> str:
        return self.glossary.version

    def __repr__(self) -> str:
        return f"<Lexicon {self.version} {self.stats}>"

    def entry(self, entry_id: str) -> Entry:
        return self.glossary.by_id[entry_id]

    def search(self, phrase: str) -> list[Entry]:
        """Entries any of whose forms (listed or generated) contains ``phrase``, folded."""
        needle = fold_phrase(phrase)
        if self._haystacks is None:
            keys: dict[str, set[str]] = {}
            for form in self.forms:
                keys.setdefault(form.entry_id, set()).add(fold_phrase(form.text))
            self._haystacks = {eid: "|".join(sorted(k)) + "|" + eid for eid, k in keys.items()}
        return [e for e in self.glossary.entries if needle in self._haystacks.get(e.id, e.id)]

    def forms_of(self, entry_id: str) -> list[SurfaceForm]:
        """Every surface form compiled for one entry (for review; not on the hot path)."""
        return [f for f in self.forms if f.entry_id == entry_id]

    def lookup(self, phrase: str) -> tuple[SurfaceForm, ...]:
        """The forms whose key equals ``phrase`` folded (no context rules applied)."""
        value = self.automaton.get(f"{BOUNDARY}{fold_phrase(phrase)}{BOUNDARY}", None)
        return tuple(self.forms[i] for i in value[1]) if value else ()


def compile_lexicon(glossary: Glossary, *, inflect: bool = True) -> Lexicon:
    started = time.perf_counter()
    forms: list[SurfaceForm] = []
    by_key: dict[str, dict[tuple[str, bool, object, str], int]] = {}
    soft_sign_keys: set[str] = set()

    def add(form: SurfaceForm) -> None:
        key = fold_phrase(form.text)
        if not key:
            return
        if form.text[-1] in SOFT_SIGNS:
            soft_sign_keys.add(key)
        slots = by_key.setdefault(key, {})
        # Under an exact rule the spelling is part of the rule (MChS and MCHS both stay).
        spelling = form.text if form.rule.case is CaseRule.EXACT else ""
        slot = (form.entry_id, form.plural, form.rule, spelling, form.style)
        known = slots.get(slot)
        if known is None:
            slots[slot] = len(forms)
            forms.append(form)
        elif _rank(form) < _rank(forms[known]):
            forms[known] = form  # a better method for the same key, entry and rule

    for entry in glossary.entries:
        for form in surface_forms(entry, glossary, inflect=inflect):
            add(form)
    styles = {}
    for style in (glossary.styles or {DEFAULT_STYLE: BASE_STYLE}).values():
        table = canonical_forms(style, glossary)
        styles[style.id] = StyleForms(style, table)
        for form in _style_forms(glossary, style, table):
            add(form)

    automaton = ahocorasick.Automaton()
    for key, slots in by_key.items():
        pattern = f"{BOUNDARY}{key}{BOUNDARY}"
        automaton.add_word(pattern, (len(pattern), tuple(slots.values())))
    automaton.make_automaton()
    fuzzy = FuzzyIndex.build(glossary, forms, by_key)
    elapsed = time.perf_counter() - started
    stats = {"entries": len(glossary.entries), "forms": len(forms), "keys": len(by_key)}
    log.info("compiled lexicon %s: %s in %.2fs", glossary.version, stats, elapsed)
    return Lexicon(
        glossary,
        forms,
        automaton,
        fuzzy,
        frozenset(soft_sign_keys),
        elapsed,
        stats,
        styles=styles,
    )


_ANY = MatchRule(CaseRule.ANY)


def _style_forms(
    glossary: Glossary, style: Style, table: dict[str, tuple[str, str]]
) -> list[SurfaceForm]:
    """What a style writes, recognised as its entry's: a German "Moskau" is Moscow in
    English copy, and in German copy stays as it is. A translated term ("Drohne", "drone")
    counts only in its own style; in another it may be an ordinary word."""
    out = []
    for entry in glossary.entries:
        singular, plural = table[entry.id]
        if (singular, plural) == (entry.en, entry.en_plural):
            continue
        place = entry.category.is_place
        rule = default_rule(entry) if place else _ANY
        only = None if place else style.id
        out.append(SurfaceForm(singular, entry.id, Method.VARIANT, rule, style=only))
        if plural != singular:
            out.append(SurfaceForm(plural, entry.id, Method.VARIANT, rule, plural=True, style=only))
    return out


def _rank(form: SurfaceForm) -> tuple[int, int]:
    return (0 if form.canonical else 1, _RANK.get(form.method, 3))


@lru_cache(maxsize=1)
def compiler_fingerprint() -> str:
    """What a compiled lexicon depends on besides the data: the code that generates forms
    and the libraries it calls. A cache entry from other code is never used."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for folder in ("engine", "glossary", "translit"):
        for path in sorted((package / folder).rglob("*")):
            if path.suffix in (".py", ".json") and path.is_file():
                digest.update(path.read_bytes())
    for dist in ("iuliia", "transliterate", "pymorphy3", "pymorphy3-dicts-ru",
                 "pymorphy3-dicts-uk", "pyahocorasick", "rapidfuzz"):  # fmt: skip
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(dist.encode())
    return digest.hexdigest()[:16]


def _cache_path(cache_dir: Path, glossary: Glossary, inflect: bool) -> Path:
    key = f"{glossary.version}:{compiler_fingerprint()}:{inflect}"
    return cache_dir / f"lexicon-{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"


def _unpickle(fh: BinaryIO) -> Lexicon:
    """``pickle.load`` with the cyclic collector paused. A lexicon is hundreds of thousands
    of small objects and no garbage; the collections that their allocation triggers walk the
    growing heap again and again, which doubled the load (100k forms: 1.5 s -> 0.7 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


def load_or_compile(glossary: Glossary, cache_dir: Path | None, *, inflect: bool = True) -> Lexicon:
    """Compile ``glossary``, or load the compiled form from ``cache_dir`` when it is there.

    The cache is keyed by the glossary's content hash and the compiler version; a stale or
    unreadable file is ignored and rewritten."""
    if cache_dir is None:
        return compile_lexicon(glossary, inflect=inflect)
    path = _cache_path(cache_dir, glossary, inflect)
    if path.exists():
        try:
            started = time.perf_counter()
            with path.open("rb") as fh:
                lexicon: Lexicon = _unpickle(fh)
            lexicon.glossary = glossary
            lexicon.compile_seconds = time.perf_counter() - started
            return lexicon
        except Exception as exc:  # a damaged cache must never stop the service
            log.warning("ignoring unreadable lexicon cache %s: %s", path, exc)
    lexicon = compile_lexicon(glossary, inflect=inflect)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # processes may compile side by side
        with tmp.open("wb") as fh:
            pickle.dump(lexicon, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("could not write lexicon cache %s: %s", path, exc)
    return lexicon
