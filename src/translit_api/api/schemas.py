"""Request and response models: the API's contract, as the OpenAPI document shows it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

__all__ = [
    "AnnotationOut",
    "ErrorBody",
    "GlossaryEntry",
    "GlossaryEntryOut",
    "GlossaryPage",
    "NormalizeRequest",
    "NormalizeResponse",
    "ReloadResponse",
    "StyleOut",
    "StylesResponse",
]


class NormalizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(description="The copy to repair: plain text, or raw HTML.")
    mode: Literal["replace", "suggest"] = Field(
        "replace",
        description="replace: apply confident changes. suggest: return the text unchanged "
        "and every change as an annotation with applied=false.",
    )
    format: Literal["text", "html"] = Field(
        "text",
        description="html: only text runs change; every byte of markup (tags, attributes, "
        "comments, entities, script/style/pre/code, wp:html/code/shortcode blocks) is kept.",
    )
    offsets: Literal["codepoint", "utf16"] = Field(
        "codepoint", description="How offsets count: code points, or UTF-16 units (JavaScript)."
    )
    style: StrictStr | None = Field(
        None,
        description="House style profile (GET /styles); default: TRANSLIT_STYLE, else en-US.",
    )
    render: Literal["none", "html", "inline"] = Field(
        "none",
        description="Also return `rendered`: html wraps each change in <mark> with everything "
        "else escaped; inline is plain text with the original in brackets after each change.",
    )


class AnnotationOut(BaseModel):
    start: int = Field(description="Start offset of the change in the input (code points).")
    end: int
    original: str = Field(description="What the input holds at [start, end) (raw, for HTML).")
    matched: str = Field(description="The visible text that matched, to re-anchor the change.")
    canonical: str = Field(description="The glossary's house-style form.")
    replacement: str = Field(description="The house form adapted to case and number.")
    out_start: int = Field(description="Where the span stands in the output text.")
    out_end: int
    entry_id: str | None
    category: str | None
    method: Literal["exact", "variant", "inflected", "fuzzy", "transliterated"]
    confidence: float = Field(ge=0, le=1)
    applied: bool = Field(description="False for suggestions, annotate-only entries, ties.")
    note: str | None = None
    alternatives: list[str] = Field(default_factory=list)
    style: str = Field(description="The house style that produced the replacement.")


class NormalizeResponse(BaseModel):
    text: str
    annotations: list[AnnotationOut]
    glossary_version: str
    mode: Literal["replace", "suggest"]
    script: Literal["latin", "cyrillic"] = Field(
        description="cyrillic: the input is Russian/Ukrainian copy, annotated and not rewritten."
    )
    format: Literal["text", "html"]
    offsets: Literal["codepoint", "utf16"]
    style: str
    rendered: str | None = Field(None, description="Present when `render` was asked for.")


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str


class ErrorBody(BaseModel):
    error: str = Field(description="A stable machine-readable code.")
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class GlossaryEntry(BaseModel):
    id: str
    category: str
    en: str
    plural: str | None
    ru: list[str]
    uk: list[str]
    variants: list[str]
    centre: str | None
    parent: str | None
    action: Literal["replace", "annotate"]
    note: str | None
    expansion: str | None
    country: str | None
    disputed: bool
    geonames: int | None
    wikidata: str | None
    source: str
    priority: int
    file: str = Field(description="The glossary file that holds the entry.")
    line: int


class GlossaryPage(BaseModel):
    total: int
    limit: int
    offset: int
    glossary_version: str
    entries: list[GlossaryEntry]


class GlossaryEntryOut(GlossaryEntry):
    forms: dict[str, list[str]] = Field(
        description="Every surface form the engine recognises, by how it was made."
    )
    glossary_version: str


class ReloadResponse(BaseModel):
    glossary_version: str
    previous_version: str
    entries: int
    seconds: float


class StyleOut(BaseModel):
    id: str
    name: str
    language: str
    description: str
    extends: str | None
    schemes: dict[str, str]


class StylesResponse(BaseModel):
    default: str
    styles: list[StyleOut]
