"""normalize(): fold → scan → resolve → repair the rest (fuzzy, stray Cyrillic) → rewrite →
annotations. Offsets are computed here and nowhere else."""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from enum import StrEnum

from ..glossary.model import Action, Entry
from ..glossary.styles import DEFAULT_STYLE, romanize_in
from ..glossary.variants import Method, SurfaceForm
from ..markup.rewrite import raw_edit
from ..markup.segments import segment_html
from .fold import fold
from .fuzzy import HEAD_WORDS, FuzzyHit
from .lexicon import SOFT_SIGNS, Lexicon, StyleForms
from .resolve import Match, resolve
from .rewrite import adapt_case, is_plural_context, keep_separators
from .scan import scan
from .words import is_english_word

__all__ = [
    "Annotation",
    "Change",
    "Format",
    "Mode",
    "NormalizeResult",
    "find_changes",
    "name_spans",
    "normalize",
]


class Mode(StrEnum):
    REPLACE = "replace"
    SUGGEST = "suggest"


class Format(StrEnum):
    TEXT = "text"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Change:
    """A decision about one span of the input, before it is written."""

    start: int
    end: int
    original: str
    canonical: str
    replacement: str
    entry: Entry | None
    method: Method
    confidence: float
    apply: bool
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Annotation:
    """One change, located in the input (start, end) and in the output (out_start, out_end).

    ``original`` and ``replacement`` are what input and output hold there (raw HTML included,
    for HTML); ``matched`` is the visible text that matched (equal to ``original`` for text)."""

    start: int
    end: int
    original: str
    matched: str
    canonical: str
    replacement: str
    out_start: int
    out_end: int
    entry_id: str | None
    category: str | None
    method: str
    confidence: float
    applied: bool
    note: str | None = None
    alternatives: tuple[str, ...] = ()
    style: str = DEFAULT_STYLE  # the house style that produced the replacement


@dataclass(frozen=True, slots=True)
class NormalizeResult:
    text: str
    annotations: tuple[Annotation, ...]
    glossary_version: str
    mode: Mode
    script: str  # "latin" (repaired) or "cyrillic" (annotated only)
    format: Format = Format.TEXT
    style: str = DEFAULT_STYLE


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Every byte but A-Z and a-z: what bytes.translate deletes to leave the Latin letters.
_NOT_LATIN = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
# A combining mark continues a word: "Belgoro\u0301d" (NFD) is not the token "Belgoro".
_NAME_TOKEN = re.compile(r"\b[A-Z][A-Za-z]{4,}\b(?![\u0300-\u036f])")
# Words after which a capitalised token is probably a place: "near Shebikino".
_PLACE_CUES = frozenset(
    "in near of from to at outside around toward towards into across village town city "
    "settlement hamlet district region struck hit shelled".split()
)
# "oblast Shebikino" is "region Shebikino" in another spelling, and a repair may write either.
_PLACE_CUES |= HEAD_WORDS


def _cyrillic_dominant(text: str) -> bool:
    """Russian or Ukrainian copy, as opposed to English copy with a few Cyrillic words left in:
    Cyrillic letters outnumber Latin ones more than two to one. (Only asked of a text that
    has Cyrillic in it.)"""
    # Counted by runs and by a bytes filter, not one match object per letter.
    cyrillic = sum(map(len, _CYRILLIC_WORD.findall(text)))
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    return cyrillic > 2 * latin


def _replacement(
    entry: Entry, form: SurfaceForm, original: str, plural: bool, sf: StyleForms
) -> str:
    canonical = sf.canonical(entry, plural)
    if form.cyrillic:
        return canonical
    return keep_separators(adapt_case(canonical, original, entry), original)


def _matches(text: str, folded: str, lexicon: Lexicon, sf: StyleForms) -> list[Match]:
    return resolve(
        text,
        folded,
        scan(lexicon.automaton, folded),
        lexicon.forms,
        lexicon.entry,
        lambda entry, form: sf.canonical(entry, form.plural),
        sf.memo,
        sf.style.id,
    )


def find_changes(
    text: str,
    lexicon: Lexicon,
    *,
    fuzzy: bool = True,
    style: str | None = None,
    stray: bool = True,
) -> tuple[list[Change], bool]:
    """Every change the glossary asks for in ``text`` under house ``style``, in order, and
    whether the text is Cyrillic-dominant (then nothing is applied: Russian copy is
    annotated, not rewritten)."""
    sf = lexicon.style(style)
    folded = fold(text)
    has_cyrillic = _CYRILLIC.search(text) is not None
    cyrillic_text = has_cyrillic and _cyrillic_dominant(text)
    matches = _matches(text, folded, lexicon, sf)
    if lexicon.soft_sign_keys:
        matches = [_with_soft_sign(text, folded, m, lexicon.soft_sign_keys) for m in matches]
    changes = [c for m in matches if (c := _change_for(text, m, cyrillic_text, sf)) is not None]
    if not cyrillic_text:
        covered = _Coverage([(m.start, m.end) for m in matches])
        if fuzzy:
            changes.extend(_fuzzy_changes(text, folded, lexicon, covered, sf))
        if stray and has_cyrillic:
            changes.extend(_stray_cyrillic(text, lexicon, covered, sf, fuzzy))
        changes.sort(key=lambda c: c.start)
    return changes, cyrillic_text


def _with_soft_sign(text: str, folded: str, match: Match, soft_keys: frozenset[str]) -> Match:
    """Take in the apostrophe that romanizes a final soft sign: "Belgorodskaya oblast'"."""
    end = match.end
    if (
        end < len(text)
        and text[end] in SOFT_SIGNS
        and (end + 1 == len(text) or not text[end + 1].isalnum())
        and not match.form.cyrillic
        and " ".join(folded[match.start : end].split()) in soft_keys
    ):
        return dataclasses.replace(match, end=end + 1)
    return match


def _change_for(text: str, match: Match, cyrillic_text: bool, sf: StyleForms) -> Change | None:
    entry, form = match.entry, match.form
    annotate_only = cyrillic_text or entry.action is Action.ANNOTATE or match.ambiguous
    if form.canonical and not annotate_only and sf.keeps(entry):
        # Already the house form (in whatever capitals: "SHEBEKINO District" is only case).
        return None
    original = text[match.start : match.end]
    plural = form.plural or (
        entry.category.is_countable and is_plural_context(text, match.start, sf.style.number_words)
    )
    replacement = _replacement(entry, form, original, plural, sf)
    start = match.start
    if not plural and not form.cyrillic:
        start, original, replacement = _with_article(text, start, original, replacement, entry, sf)
    if replacement == original and not annotate_only:
        return None
    return Change(
        start=start,
        end=match.end,
        original=original,
        canonical=sf.canonical(entry, plural),
        replacement=replacement,
        entry=entry,
        method=form.method,
        confidence=form.confidence if not match.ambiguous else 0.5,
        apply=not annotate_only,
        alternatives=tuple(r.en for r in match.rivals),
    )


_ARTICLE_BEFORE = re.compile(r"(\w+)(\s+)$")


def _with_article(
    text: str, start: int, original: str, replacement: str, entry: Entry, sf: StyleForms
) -> tuple[int, str, str]:
    """A translated term's gender may ask for another article before it: "ein BPLA" →
    "eine Drohne". The change then takes the article in."""
    gender = sf.style.genders.get(entry.id)
    table = sf.style.articles.get(gender) if gender else None
    if not table:
        return start, original, replacement
    found = _ARTICLE_BEFORE.search(text, max(0, start - 24), start)
    if found is None or found.group(1).lower() not in table:
        return start, original, replacement
    article = table[found.group(1).lower()]
    if found.group(1)[:1].isupper():
        article = article[:1].upper() + article[1:]
    return (
        found.start(),
        text[found.start() : start] + original,
        (article + found.group(2) + replacement),
    )


class _Coverage:
    """Spans already claimed: the matches (sorted, disjoint) and the repairs added after them
    in text order, each searched by bisection; adding never shifts a list."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.added_starts: list[int] = []
        self.added_ends: list[int] = []

    @staticmethod
    def _hits(starts: list[int], ends: list[int], start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)  # spans starting before `end`
        return i > 0 and ends[i - 1] > start

    def overlaps(self, start: int, end: int) -> bool:
        return self._hits(self.starts, self.ends, start, end) or self._hits(
            self.added_starts, self.added_ends, start, end
        )

    def add(self, start: int, end: int) -> None:
        """Claim [start, end); calls come in text order (fuzzy repairs are found so)."""
        self.added_starts.append(start)
        self.added_ends.append(end)


_NEXT_WORD = re.compile(r"[ \u00a0]([A-Za-z]+)\b")


def _next_word(text: str, end: int) -> tuple[int, int] | None:
    found = _NEXT_WORD.match(text, end)
    return (found.start(1), found.end(1)) if found else None


def _fuzzy_changes(
    text: str, folded: str, lexicon: Lexicon, covered: _Coverage, sf: StyleForms
) -> list[Change]:
    out: list[Change] = []
    for token in _NAME_TOKEN.finditer(text):
        start, end = token.span()
        key = folded[start:end]
        if covered.overlaps(start, end) or is_english_word(key):
            continue
        max_distance = 1 if len(key) < 8 else 2
        head = _next_word(text, end)
        hit: FuzzyHit | None = None
        if head is not None and folded[head[0] : head[1]] in HEAD_WORDS:
            phrase = f"{key} {folded[head[0] : head[1]]}"
            hit = lexicon.fuzzy.nearest(phrase, max_distance)
            if hit is not None:
                end = head[1]
        if hit is None:
            hit = lexicon.fuzzy.nearest(key, max_distance)
            if hit is None or hit.key.count(" "):
                continue
            if _previous_word(folded, start) not in _PLACE_CUES:
                continue
        if covered.overlaps(start, end):
            continue
        length = len(" ".join(folded[start:end].split()))  # the folded key's length
        change = _fuzzy_change(text, start, end, length, hit, lexicon, sf)
        if change is not None:
            out.append(change)
            covered.add(start, end)
    return out


def _previous_word(folded: str, start: int) -> str:
    """``folded[:start].rstrip().rsplit(" ", 1)[-1]`` without copying the text before
    ``start`` (that copy, once per capitalised token, made long texts quadratic)."""
    end = start
    while end > 0 and folded[end - 1].isspace():
        end -= 1
    return folded[folded.rfind(" ", 0, end) + 1 : end]


def _fuzzy_change(
    text: str,
    start: int,
    end: int,
    length: int,
    hit: FuzzyHit,
    lexicon: Lexicon,
    sf: StyleForms,
) -> Change | None:
    form = lexicon.forms[hit.form_ids[0]]
    entry = lexicon.entry(form.entry_id)
    original = text[start:end]
    canonical = sf.canonical(entry, form.plural)
    outputs = {sf.canonical(lexicon.entry(e), form.plural) for e in hit.rivals}
    replacement = _replacement(entry, form, original, form.plural, sf)
    if replacement == original:
        return None
    # Two edits apart are two real names as often as a typo (Zghurivka, Zhuravka): only one
    # edit is repaired; two are proposed, never applied.
    confident = len(outputs) == 1 and hit.distance == 1
    return Change(
        start=start,
        end=end,
        original=original,
        canonical=canonical,
        replacement=replacement,
        entry=entry,
        method=Method.FUZZY,
        confidence=hit.confidence(length) if confident else 0.5,
        apply=confident,
        alternatives=tuple(sorted(outputs - {canonical})),
    )


def _stray_words(text: str, covered: _Coverage) -> list[tuple[int, int]]:
    """Spans of Cyrillic words no match covers, neighbours (one space or hyphen apart) merged.
    A Cyrillic run glued to Latin letters or digits is a mixed-script word: left alone."""
    spans: list[tuple[int, int]] = []
    for word in _CYRILLIC_WORD.finditer(text):
        start, end = word.span()
        if covered.overlaps(start, end):
            continue
        if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue
        if spans and start - spans[-1][1] == 1 and text[start - 1] in " -":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _stray_cyrillic(
    text: str, lexicon: Lexicon, covered: _Coverage, sf: StyleForms, fuzzy: bool
) -> list[Change]:
    """Cyrillic words left in the copy that the glossary does not know: romanize them in the
    style's scheme, then repair the romanization like any text ("ТаволжанкаЪ" romanizes to a
    known spelling), so that the output is final in one pass."""
    out: list[Change] = []
    for start, end in _stray_words(text, covered):
        original = text[start:end]
        lang = "uk" if _UKRAINIAN_LETTERS.search(original) else "ru"
        latin = romanize_in(sf.style, original, lang)
        if not any(c.isalpha() for c in latin):
            continue  # ъ or ь alone romanizes to nothing
        repaired = _repair_romanized(text, start, end, latin, lexicon, covered, sf, fuzzy)
        replacement, end, inner = repaired
        entry = inner[0].entry if len(inner) == 1 and inner[0].original == latin else None
        out.append(
            Change(
                start=start,
                end=end,
                original=text[start:end],
                canonical=inner[0].canonical if entry is not None else replacement,
                replacement=replacement,
                entry=entry,
                method=Method.TRANSLITERATED,
                confidence=0.8 if inner else 0.6,
                apply=True,
            )
        )
    return out


_CONTEXT = 40  # characters of the text around a romanized run that its repair may look at


def _repair_romanized(
    text: str,
    start: int,
    end: int,
    latin: str,
    lexicon: Lexicon,
    covered: _Coverage,
    sf: StyleForms,
    fuzzy: bool,
) -> tuple[str, int, list[Change]]:
    """Repair the romanization of text[start:end] as a second pass would see it, in place
    among its neighbours ("near Шебикино" → "near Shebikino" → "near Shebekino"). A repair
    that runs on into the text after it ("Шбекинский district") takes that text in, unless
    something else claims it. Returns the replacement, the new end, the repairs used."""
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    probe = before + latin + after
    low, high = len(before), len(before) + len(latin)
    inner, _ = find_changes(probe, lexicon, fuzzy=fuzzy, style=sf.style.id, stray=False)
    used: list[Change] = []
    pieces: list[str] = []
    pos, stop = low, high
    for change in inner:
        if not change.apply or not low <= change.start < high or change.start < pos:
            continue
        if change.end > high and covered.overlaps(end, end + change.end - high):
            continue
        pieces.append(probe[pos : change.start])
        pieces.append(change.replacement)
        pos = change.end
        stop = max(stop, change.end)
        used.append(change)
    pieces.append(probe[pos:stop])
    return "".join(pieces), end + (stop - high), used


def _apply_changes(text: str, changes: list[Change]) -> str:
    pieces, pos = [], 0
    for change in changes:
        pieces.append(text[pos : change.start])
        pieces.append(change.replacement)
        pos = change.end
    pieces.append(text[pos:])
    return "".join(pieces)


def name_spans(text: str, lexicon: Lexicon, style: str | None = None) -> list[tuple[int, int, str]]:
    """Known names written in Cyrillic, in their nominative form, with their form in house
    ``style``: the glossary hook of transliteration (Харьков → Kharkiv, or Charkiw). An
    inflected form is left to the scheme, since the nominative would break the sentence."""
    sf = lexicon.style(style)
    matches = _matches(text, fold(text), lexicon, sf)
    return [
        (m.start, m.end, sf.canonical(m.entry, m.form.plural))
        for m in matches
        if m.form.cyrillic and m.form.method is Method.EXACT and not m.ambiguous
    ]


@dataclass(frozen=True, slots=True)
class _Edit:
    """A change as written into the document: a raw span and what replaces it."""

    start: int
    end: int
    original: str
    replacement: str
    change: Change


def _html_edits(
    raw: str, lexicon: Lexicon, fuzzy: bool, max_depth: int, style: str | None
) -> tuple[list[_Edit], bool]:
    doc = segment_html(raw, max_depth)
    changes, cyrillic_text = find_changes(doc.text, lexicon, fuzzy=fuzzy, style=style)
    edits = []
    for change in changes:
        found = raw_edit(doc, change.start, change.end, change.original, change.replacement)
        if found is not None:
            start, end, replacement = found
            edits.append(_Edit(start, end, raw[start:end], replacement, change))
    return edits, cyrillic_text


def normalize(
    text: str,
    lexicon: Lexicon,
    *,
    mode: Mode | str = Mode.REPLACE,
    fuzzy: bool = True,
    format: Format | str = Format.TEXT,
    max_html_depth: int = 256,
    style: str | None = None,
) -> NormalizeResult:
    """Repair ``text`` (plain text, or raw HTML whose markup stays byte for byte) against
    ``lexicon`` in house ``style`` (default en-US); every change comes back as an annotation
    with offsets into ``text``."""
    mode, fmt = Mode(mode), Format(format)
    style_id = lexicon.style(style).style.id
    if fmt is Format.HTML:
        edits, cyrillic_text = _html_edits(text, lexicon, fuzzy, max_html_depth, style_id)
    else:
        changes, cyrillic_text = find_changes(text, lexicon, fuzzy=fuzzy, style=style_id)
        edits = [_Edit(c.start, c.end, c.original, c.replacement, c) for c in changes]
    pieces: list[str] = []
    annotations: list[Annotation] = []
    pos = out_pos = 0
    for edit in edits:
        change = edit.change
        pieces.append(text[pos : edit.start])
        out_pos += edit.start - pos
        applied = change.apply and mode is Mode.REPLACE
        held = edit.replacement if applied else edit.original
        entry = change.entry
        annotations.append(
            Annotation(
                start=edit.start,
                end=edit.end,
                original=edit.original,
                matched=change.original,
                canonical=change.canonical,
                replacement=edit.replacement,
                out_start=out_pos,
                out_end=out_pos + len(held),
                entry_id=entry.id if entry else None,
                category=entry.category.value if entry else None,
                method=change.method.value,
                confidence=change.confidence,
                applied=applied,
                note=entry.note if entry else None,
                alternatives=change.alternatives,
                style=style_id,
            )
        )
        pieces.append(held)
        out_pos += len(held)
        pos = edit.end
    pieces.append(text[pos:])
    return NormalizeResult(
        text="".join(pieces),
        annotations=tuple(annotations),
        glossary_version=lexicon.version,
        mode=mode,
        script="cyrillic" if cyrillic_text else "latin",
        format=fmt,
        style=style_id,
    )
