"""One pass of the Aho-Corasick automaton over the folded text: every whole-word occurrence of
every surface form. Knows nothing of rules, styles or markup."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .fold import BOUNDARY

__all__ = ["Candidate", "scan"]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    form_ids: tuple[int, ...]


def scan(automaton: ahocorasick.Automaton, folded: str) -> list[Candidate]:
    """Candidates in ``folded`` (offsets into it, hence into the unfolded text).

    Patterns are stored between boundary spaces and the text is padded with one, so a hit is
    always a whole word or phrase; overlapping hits are all reported."""
    padded = f"{BOUNDARY}{folded}{BOUNDARY}"
    out = []
    for end, (length, form_ids) in automaton.iter(padded):
        start = end - length + 1  # padded start of the leading boundary = unpadded word start
        out.append(Candidate(start, start + length - 2, form_ids))
    return out
