"""Render a NormalizeResult for its reader: the JSON document (offsets in code points or in
UTF-16 units, as JavaScript editors count them), and a review rendering as escaped HTML with
``<mark>`` around each change, or as plain text with the original in brackets."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from .engine.pipeline import Annotation, NormalizeResult

__all__ = ["Offsets", "Render", "render", "result_dict"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Offsets(StrEnum):
    CODEPOINT = "codepoint"
    UTF16 = "utf16"


class Render(StrEnum):
    NONE = "none"
    HTML = "html"
    INLINE = "inline"


def utf16_offsets(text: str) -> Callable[[int], int]:
    """A function from a code-point offset in ``text`` to its UTF-16 offset."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda offset: offset
    return lambda offset: offset + bisect.bisect_left(astral, offset)


def annotation_dict(
    a: Annotation, source: Callable[[int], int], output: Callable[[int], int]
) -> dict[str, Any]:
    return {
        "start": source(a.start),
        "end": source(a.end),
        "original": a.original,
        "matched": a.matched,
        "canonical": a.canonical,
        "replacement": a.replacement,
        "out_start": output(a.out_start),
        "out_end": output(a.out_end),
        "entry_id": a.entry_id,
        "category": a.category,
        "method": a.method,
        "confidence": a.confidence,
        "applied": a.applied,
        "note": a.note,
        "alternatives": list(a.alternatives),
        "style": a.style,
    }


def result_dict(
    result: NormalizeResult,
    *,
    source: str | None = None,
    offsets: Offsets | str = Offsets.CODEPOINT,
    render_as: Render | str = Render.NONE,
) -> dict[str, Any]:
    """The API's JSON document. ``source`` (the input) is needed for UTF-16 offsets."""
    offsets, render_as = Offsets(offsets), Render(render_as)
    if offsets is Offsets.UTF16:
        if source is None:
            raise ValueError("UTF-16 offsets need the source text")
        in_map, out_map = utf16_offsets(source), utf16_offsets(result.text)
    else:
        in_map = out_map = _identity
    body: dict[str, Any] = {
        "text": result.text,
        "annotations": [annotation_dict(a, in_map, out_map) for a in result.annotations],
        "glossary_version": result.glossary_version,
        "mode": result.mode.value,
        "script": result.script,
        "format": result.format.value,
        "offsets": offsets.value,
        "style": result.style,
    }
    if render_as is not Render.NONE:
        body["rendered"] = render(result, render_as)
    return body


def _identity(offset: int) -> int:
    return offset


def render(result: NormalizeResult, how: Render | str) -> str:
    """``html``: the output escaped, each change in a <mark> (a proposal in suggest mode)
    whose title tells what was there; nothing of the input can become live markup.
    ``inline``: the output as plain text, the original in brackets after each change."""
    how = Render(how)
    text = result.text
    out: list[str] = []
    pos = 0
    for a in result.annotations:
        held = text[a.out_start : a.out_end]
        before = text[pos : a.out_start]
        if how is Render.HTML:
            title = f"was: {a.original}" if a.applied else f"suggestion: {a.replacement}"
            kind = "translit" if a.applied else "translit translit-suggestion"
            out.append(html.escape(before))
            out.append(
                f'<mark class="{kind}" data-entry="{html.escape(a.entry_id or "")}" '
                f'data-method="{html.escape(a.method)}" title="{html.escape(title)}">'
                f"{html.escape(held)}</mark>"
            )
        else:
            note = f"[{a.original}]" if a.applied else f"[suggestion: {a.replacement}]"
            out.append(before)
            out.append(f"{held} {note}")
        pos = a.out_end
    tail = text[pos:]
    out.append(html.escape(tail) if how is Render.HTML else tail)
    return "".join(out)
