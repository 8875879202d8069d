"""Tell the language of a text from the letters it uses.

Cyrillic languages are told apart by elimination: a language is out when the text uses a letter
its alphabet lacks (і ї є ґ are not Russian, ў is only Belarusian, ђ ћ only Serbian, ѓ ќ ѕ only
Macedonian, ө ү only Mongolian …; Mongolian, whose alphabet contains Russian's, is a candidate
only with ө or ү). Bulgarian has no letter of its own, so a ъ that is not before
е ё ю я (Russian uses ъ only there) counts as Bulgarian evidence. When several languages remain,
the text gives no evidence between them, and the first in ``_PRIORITY`` is chosen and the result
says so. Greek, Georgian and Armenian are told by script.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Detection", "detect_language"]

_RU = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_BG_HARD_SIGN = "ъ̆"  # pseudo-letter: ъ used as a vowel (not before е ё ю я)

_ALPHABETS: dict[str, set[str]] = {
    "ru": _RU,
    "uk": set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": set("абвгґдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": set("абвгдежзийклмнопрстуфхцчшщъьюя") | {_BG_HARD_SIGN},
    "sr": set("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": set("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "mn": _RU | set("өү"),
}
_MN_OWN = frozenset("өү")
# Who wins when the letters leave several candidates.
_PRIORITY: tuple[str, ...] = ("ru", "uk", "be", "bg", "sr", "mk", "mn")

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("el", re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")),
    ("ka", re.compile(r"[\u10a0-\u10ff\u2d00-\u2d2f\u1c90-\u1cbf]")),
    ("hy", re.compile(r"[\u0530-\u058f\ufb13-\ufb17]")),
)
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_BG_VOWEL_HARD_SIGN = re.compile(r"ъ(?![еёюя])")


@dataclass(frozen=True)
class Detection:
    """The chosen language, the letters that decided it, and whether the choice was a default."""

    lang: str
    evidence: tuple[str, ...]
    ambiguous: bool
    candidates: tuple[str, ...]
    reason: str


def _cyrillic_letters(text: str) -> Counter[str]:
    lower = text.lower()
    letters = Counter(c for c in lower if _CYRILLIC.match(c) and c.isalpha())
    bg_hard = len(_BG_VOWEL_HARD_SIGN.findall(lower))
    if bg_hard:
        letters[_BG_HARD_SIGN] = bg_hard
    return letters


def detect_language(text: str) -> Detection:
    """Detect the source language of ``text`` on letter evidence (default "ru")."""
    for lang, pattern in _SCRIPTS:
        found = pattern.findall(text)
        if len(found) and len(found) >= len(_CYRILLIC.findall(text)):
            sample = tuple(sorted(set(found))[:5])
            return Detection(
                lang, sample, False, (lang,), f"{lang} script letters {''.join(sample)}"
            )

    letters = _cyrillic_letters(text)
    if not letters:
        return Detection("ru", (), True, _PRIORITY, "no Cyrillic letters; defaulted to ru")

    foreign = {
        lang: sum(n for c, n in letters.items() if c not in alphabet)
        for lang, alphabet in _ALPHABETS.items()
    }
    best = min(foreign.values())
    candidates = tuple(lang for lang in _PRIORITY if foreign[lang] == best)
    if len(candidates) > 1 and "mn" in candidates and not letters.keys() & _MN_OWN:
        # Mongolian's alphabet contains Russian's: without ө or ү it is no candidate.
        candidates = tuple(lang for lang in candidates if lang != "mn")
    chosen = candidates[0]

    # Evidence: letters of the text that some other language lacks, and the chosen one has.
    alphabet = _ALPHABETS[chosen]
    others = [_ALPHABETS[lang] for lang in _PRIORITY if lang not in candidates]
    evidence = tuple(
        sorted(
            {
                ("ъ" if c == _BG_HARD_SIGN else c)
                for c in letters
                if c in alphabet and any(c not in other for other in others)
            }
        )
    )
    ambiguous = len(candidates) > 1
    if ambiguous:
        reason = f"letters fit {', '.join(candidates)} equally; chose {chosen} by default" + (
            f" (evidence {' '.join(evidence)})" if evidence else ""
        )
    else:
        reason = f"letters {' '.join(evidence)} point to {chosen}"
    if best:
        reason += f"; {best} letter(s) fit no candidate"
    return Detection(chosen, evidence, ambiguous, candidates, reason)
