"""The visible text of raw HTML, and where each of its characters lives in the raw bytes.

No parser re-serialises anything: the raw HTML is only read. Text runs become visible text
with their entities decoded (one visible character per entity); inline tags (em, b, a, span…)
add nothing, so a name split by them is still one phrase; block tags, comments, and opaque
regions (script, style, pre, code, textarea, WordPress html/code/shortcode blocks) add a
paragraph separator and none of their content. Attribute values are inside tags, so they are
never text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from ..errors import TranslitError

__all__ = ["HtmlDocument", "HtmlTooDeep", "segment_html"]

# What a block element stands for in the visible text: a paragraph separator, which no
# phrase may span (the resolver drops candidates that do).
BLOCK_BREAK = "\u2029"

_INLINE = frozenset(
    "a abbr b bdi bdo cite data dfn em font i ins del kbd mark q rp rt ruby s samp small span "
    "strike strong sub sup time tt u var wbr".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_OPAQUE = frozenset("script style pre code textarea template svg math".split())
_OPAQUE_BLOCKS = ("html", "code", "shortcode", "preformatted")

# As the HTML5 tokenizer reads a tag: "<" and a letter open it, the name runs to white space,
# "/" or ">", quoted attribute values may hold ">", and it ends at the next ">" (or, unclosed,
# at the end of the input: still markup, never text).
# The name is possessive (*+): it runs to white space, "/" or ">" and never gives a character
# back. Backtracking into it made "<abbb…" with no ">" cost O(n²) per "<": 50 000 characters
# took two minutes.
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*+)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_UNCLOSED_TAG = re.compile(r"</?[A-Za-z]")
# Comments, CDATA, declarations and bogus comments ("<!x", "<?x", and "</" before anything but
# an ASCII letter: "</Шебекино>", "</>") run to their end or, unclosed, to the end of the
# input, as the HTML5 tokenizer reads them; never back to text (which made every "<!" of
# "<!<!<!…" scan the rest of the input again: quadratic).
_SPECIAL = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*(?:>|\Z)|<\?[^>]*(?:>|\Z)"
    r"|</(?![A-Za-z])[^>]*(?:>|\Z)",
    re.S,
)
_WP_OPEN = re.compile(r"<!--\s+wp:(?:core/)?(" + "|".join(_OPAQUE_BLOCKS) + r")\b[^>]*?-->")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")


class HtmlTooDeep(TranslitError):
    def __init__(self, depth: int, limit: int) -> None:
        super().__init__(f"HTML nests deeper than {limit} elements (at least {depth})")
        self.depth = depth
        self.limit = limit


@dataclass(frozen=True, slots=True)
class _Run:
    start: int  # offset in the visible text
    raw_start: int  # offset in the raw HTML; -1 for a break that markup stands for
    raw_length: int
    one_to_one: bool  # plain text (each character is itself) or one decoded entity

    @property
    def length(self) -> int:
        return self.raw_length if self.one_to_one else 1


@dataclass
class HtmlDocument:
    """``text`` is what a reader sees; ``raw_pieces`` says where any part of it is in ``raw``."""

    raw: str
    text: str
    runs: list[_Run] = field(repr=False)
    starts: list[int] = field(repr=False)

    def raw_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The raw spans holding visible characters [start, end), in order, touching spans
        merged. Tags between them are not included; breaks that markup stands for are not."""
        pieces: list[tuple[int, int]] = []
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while i < len(self.runs) and self.runs[i].start < end:
            run = self.runs[i]
            lo, hi = max(start, run.start), min(end, run.start + run.length)
            if lo < hi and run.raw_start >= 0:
                if run.one_to_one:
                    span = (run.raw_start + lo - run.start, run.raw_start + hi - run.start)
                else:
                    span = (run.raw_start, run.raw_start + run.raw_length)
                if pieces and pieces[-1][1] == span[0]:
                    pieces[-1] = (pieces[-1][0], span[1])
                else:
                    pieces.append(span)
            i += 1
        return pieces


def segment_html(raw: str, max_depth: int = 256) -> HtmlDocument:
    doc = _Builder(raw, max_depth)
    doc.run()
    return doc.document


class _Builder:
    def __init__(self, raw: str, max_depth: int) -> None:
        self.raw = raw
        self.max_depth = max_depth
        self.pieces: list[str] = []
        self.runs: list[_Run] = []
        self.visible_length = 0
        self.stack: list[str] = []
        self.document: HtmlDocument

    def run(self) -> None:
        raw = self.raw
        pos = 0
        size = len(raw)
        while pos < size:
            lt = raw.find("<", pos)
            if lt == -1:
                self.text(pos, size)
                break
            if lt > pos:
                self.text(pos, lt)
            pos = self.markup(lt)
        self.finish()

    def finish(self) -> None:
        self.document = HtmlDocument(
            self.raw, "".join(self.pieces), self.runs, [run.start for run in self.runs]
        )

    def emit(self, raw_start: int, text: str, one_to_one: bool, raw_length: int) -> None:
        self.runs.append(_Run(self.visible_length, raw_start, raw_length, one_to_one))
        self.pieces.append(text)
        self.visible_length += len(text)

    def block_break(self) -> None:
        if not self.pieces or self.pieces[-1].endswith(BLOCK_BREAK):
            return
        self.runs.append(_Run(self.visible_length, -1, 1, True))
        self.pieces.append(BLOCK_BREAK)
        self.visible_length += 1

    def text(self, start: int, end: int) -> None:
        raw = self.raw
        pos = start
        for entity in _ENTITY.finditer(raw, start, end):
            if entity.start() > pos:
                self.emit(pos, raw[pos : entity.start()], True, entity.start() - pos)
            decoded = html.unescape(entity.group())
            if decoded == entity.group() or len(decoded) != 1:
                # Unknown entity, or one that decodes to several characters: keep it literal.
                self.emit(entity.start(), entity.group(), True, len(entity.group()))
            else:
                self.emit(entity.start(), decoded, False, len(entity.group()))
            pos = entity.end()
        if pos < end:
            self.emit(pos, raw[pos:end], True, end - pos)

    def markup(self, lt: int) -> int:
        raw = self.raw
        if raw.startswith(("<!", "<?", "</"), lt):
            wp = _WP_OPEN.match(raw, lt)
            if wp is not None:  # an opaque WordPress block: skip to its closing comment
                closing = re.compile(r"<!--\s+/wp:(?:core/)?" + wp.group(1) + r"\s+-->")
                found = closing.search(raw, wp.end())
                self.block_break()
                return found.end() if found else len(raw)
            special = _SPECIAL.match(raw, lt)
            if special is not None:
                self.block_break()
                return special.end()
        tag = _TAG.match(raw, lt)
        if tag is None:
            if _UNCLOSED_TAG.match(raw, lt):  # a tag the input never closes: markup to the end
                self.block_break()
                return len(raw)
            self.text(lt, lt + 1)  # a lone "<" ("a < b", "<3") is text
            return lt + 1
        closing, name, _, self_closing = tag.groups()
        name = name.lower()
        if closing:
            if name in self.stack:
                while self.stack and self.stack.pop() != name:
                    pass
        elif name in _OPAQUE and not self_closing:
            end_tag = re.compile(rf"</{name}\s*>", re.I)
            found = end_tag.search(raw, tag.end())
            self.block_break()
            return found.end() if found else len(raw)
        elif name not in _VOID and not self_closing:
            self.stack.append(name)
            if len(self.stack) > self.max_depth:
                raise HtmlTooDeep(len(self.stack), self.max_depth)
        if name not in _INLINE:
            self.block_break()
        return tag.end()
