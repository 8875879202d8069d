"""Write a change back into raw HTML without touching a byte of markup.

A change is made on the visible text; its characters live in raw text pieces between tags.
When the replacement has the original's words and spaces (Shbekinskij district → Shebekino
district), each changed word goes into the pieces of the word it replaces, so
``<em>Shbekinskij</em>&nbsp;district`` becomes ``<em>Shebekino</em>&nbsp;district``. Otherwise
the whole replacement goes into the first piece and the other pieces are emptied; the tags
between them stay where they were."""

from __future__ import annotations

import html
import re
import string

from .segments import HtmlDocument

__all__ = ["raw_edit"]

_TOKENS = re.compile(r"\s+|\S+")
# What may not follow a lone "<" (it opens a tag, an end tag, a comment or a bogus comment) or
# a lone "&" (it spells a character reference).
_OPENS = {"<": string.ascii_letters + "/!?", "&": string.ascii_letters + string.digits + "#"}


def _assignments(start: int, original: str, replacement: str) -> list[tuple[int, int, str]]:
    old = _TOKENS.findall(original)
    new = _TOKENS.findall(replacement)
    aligned = len(old) == len(new) and all(
        o == n for o, n in zip(old, new, strict=True) if o.isspace() or n.isspace()
    )
    if not aligned:
        return [(start, start + len(original), replacement)]
    out = []
    pos = start
    for o, n in zip(old, new, strict=True):
        if o != n:
            out.append((pos, pos + len(o), n))
        pos += len(o)
    return out


def _inert(raw: str, at: int, text: str) -> str:
    """``text`` escaped to go into ``raw`` at ``at``, where it can never join what stands
    before it into markup: after a lone "<" a letter would open a tag ("<" + "sh" + "<p>" is
    the tag "<sh<p>"), after a lone "&" it would spell an entity ("&" + "lt" is "<"). There
    the first character is written as a character reference: the same visible text."""
    if at > 0 and text and text[0] in _OPENS.get(raw[at - 1], ""):
        return f"&#{ord(text[0])};{html.escape(text[1:], quote=False)}"
    return html.escape(text, quote=False)


def raw_edit(
    doc: HtmlDocument, start: int, end: int, original: str, replacement: str
) -> tuple[int, int, str] | None:
    """The raw span [raw_start, raw_end) that holds visible [start, end), and what it becomes;
    None when the span has no raw text (it cannot happen for a match of words)."""
    pieces = doc.raw_pieces(start, end)
    if not pieces:
        return None
    raw_start, raw_end = pieces[0][0], pieces[-1][1]
    edits: list[tuple[int, int, str]] = []
    for v_start, v_end, text in _assignments(start, original, replacement):
        spans = doc.raw_pieces(v_start, v_end)
        if not spans:
            continue
        edits.append((spans[0][0], spans[0][1], _inert(doc.raw, spans[0][0], text)))
        edits.extend((a, b, "") for a, b in spans[1:])
    raw = doc.raw
    out = []
    pos = raw_start
    for a, b, text in sorted(edits):
        out.append(raw[pos:a])
        out.append(text)
        pos = b
    out.append(raw[pos:raw_end])
    return raw_start, raw_end, "".join(out)
