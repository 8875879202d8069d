"""Turn overlapping candidates into the matches the text really holds.

A candidate survives when one of its forms passes its case and context rule; then the
leftmost-longest survivors win; then, where several entries claim one span, the text that is
already one entry's canonical form stays as it is, a higher priority wins, and a true tie is
reported as ambiguous instead of guessed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from ..glossary.model import CaseRule, Entry, MatchRule
from ..glossary.variants import SurfaceForm
from .fold import BOUNDARY
from .scan import Candidate

__all__ = ["PARAGRAPH_BREAK", "Match", "ResolveMemo", "passes", "resolve"]

PARAGRAPH_BREAK = "\u2029"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    form: SurfaceForm
    entry: Entry
    rivals: tuple[Entry, ...] = ()  # other entries that claim this span with another form

    @property
    def ambiguous(self) -> bool:
        return bool(self.rivals)


def _word_before(folded: str, start: int) -> str:
    end = start
    while end > 0 and folded[end - 1] == BOUNDARY:
        end -= 1
    begin = end
    while begin > 0 and folded[begin - 1] != BOUNDARY:
        begin -= 1
    return folded[begin:end]


def _word_after(folded: str, end: int) -> str:
    begin = end
    size = len(folded)
    while begin < size and folded[begin] == BOUNDARY:
        begin += 1
    stop = begin
    while stop < size and folded[stop] != BOUNDARY:
        stop += 1
    return folded[begin:stop]


def passes(rule: MatchRule, form: SurfaceForm, original: str, folded: str, start: int,
           end: int) -> bool:  # fmt: skip
    """Whether ``original`` (the text of [start, end)) may be ``form`` under ``rule``."""
    if rule.case is CaseRule.PROPER:
        first = original[:1]
        if not (first.isupper() or first.isdigit()):
            return False
    elif rule.case is CaseRule.EXACT and original != form.text:
        # The folded keys are equal already; what is left is case: all capitals pass
        # (MCHS for MChS), with a lowercase plural s allowed (BPLAs).
        body = original[:-1] if form.plural and original.endswith("s") else original
        letters = [c for c in body if c.isalpha()]
        if not letters or not all(c.isupper() for c in letters):
            return False
    if not rule.has_context:
        return True
    # Context: at least one listed neighbour stands beside the form.
    return (bool(rule.before) and _word_before(folded, start) in rule.before) or (
        bool(rule.after) and _word_after(folded, end) in rule.after
    )


class ResolveMemo:
    """What resolve remembers: the forms that pass for (forms, text) when no form has a
    context rule, and the pick among passing forms. Bounded (cleared when full); never
    pickled with a lexicon (it unpickles empty)."""

    __slots__ = ("chosen", "passed")
    LIMIT = 50_000

    def __init__(self) -> None:
        self.passed: dict[tuple[tuple[int, ...], str], tuple[int, ...]] = {}
        self.chosen: dict[tuple[int, ...], tuple[SurfaceForm, Entry, tuple[Entry, ...]]] = {}

    def __reduce__(self) -> tuple[type[ResolveMemo], tuple[()]]:
        return (ResolveMemo, ())

    def trim(self) -> None:
        if len(self.passed) > self.LIMIT:
            self.passed.clear()
        if len(self.chosen) > self.LIMIT:
            self.chosen.clear()


def resolve(
    text: str,
    folded: str,
    candidates: list[Candidate],
    forms: list[SurfaceForm],
    entry_of: Callable[[str], Entry],
    replacement_of: Callable[[Entry, SurfaceForm], str],
    memo: ResolveMemo | None = None,
    style: str | None = None,
) -> list[Match]:
    """Leftmost-longest, rule-checked, conflict-resolved matches, in text order.

    Forms that belong to one style (a translated term) count only in that ``style``.
    ``memo`` may be shared by calls with the same ``forms``, ``entry_of``, ``replacement_of``
    and ``style`` (the lexicon keeps one per style); without it, answers are remembered for
    the length of the call."""
    # Names recur: a candidate's rule checks depend only on its forms and its text unless a
    # form has a context rule, and the choice among the forms that pass depends only on them.
    if memo is None:
        memo = ResolveMemo()
    else:
        memo.trim()
    passed = memo.passed
    survivors: list[tuple[int, int, Candidate, tuple[int, ...]]] = []
    for cand in candidates:
        start, end = cand.start, cand.end
        original = text[start:end]
        if PARAGRAPH_BREAK in original:
            continue  # no phrase runs from one paragraph (or HTML block) into the next
        key = (cand.form_ids, original)
        allowed = passed.get(key)
        if allowed is None:
            allowed = tuple(
                i
                for i in cand.form_ids
                if forms[i].style in (None, style)
                and passes(forms[i].rule, forms[i], original, folded, start, end)
            )
            if not any(forms[i].rule.has_context for i in cand.form_ids):
                passed[key] = allowed
        if allowed:
            survivors.append((start, start - end, cand, allowed))
    survivors.sort(key=_ORDER)

    chosen = memo.chosen
    matches: list[Match] = []
    last_end = -1
    for start, _, cand, allowed in survivors:
        if start < last_end:
            continue
        pick = chosen.get(allowed)
        if pick is None:
            pick = chosen[allowed] = _pick([forms[i] for i in allowed], entry_of, replacement_of)
        matches.append(Match(start, cand.end, *pick))
        last_end = cand.end
    return matches


_ORDER = itemgetter(0, 1)  # (start, -length): leftmost, then longest; the sort is stable


def _pick(
    allowed: list[SurfaceForm],
    entry_of: Callable[[str], Entry],
    replacement_of: Callable[[Entry, SurfaceForm], str],
) -> tuple[SurfaceForm, Entry, tuple[Entry, ...]]:
    """The form, entry and rivals of a span that ``allowed`` all claim."""
    # The highest priority decides first: a generated village's name does not shield the text
    # from a curated city's variant. Among those, text that already is one entry's house form
    # is never changed into another entry's.
    entries = {f.entry_id: entry_of(f.entry_id) for f in allowed}
    top = max(e.priority for e in entries.values())
    pool = [f for f in allowed if entries[f.entry_id].priority == top]
    pool = [f for f in pool if f.canonical] or pool
    by_entry: dict[str, SurfaceForm] = {}
    for form in sorted(pool, key=lambda f: (f.method != "exact", f.plural)):
        by_entry.setdefault(form.entry_id, form)
    best = sorted((entries[eid] for eid in by_entry), key=lambda e: e.id)
    winner = best[0]
    outputs = {replacement_of(e, by_entry[e.id]) for e in best}
    rivals = () if len(outputs) == 1 else tuple(best[1:])
    return by_entry[winner.id], winner, rivals
