"""POST /transliterate and GET /schemes: standard transliteration schemes, ten languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from ...errors import InputTooLarge
from ...translit import (
    DEFAULT_SCHEME,
    LANGUAGES,
    UnknownScheme,
    detect_language,
    list_schemes,
    transliterate,
)
from ..errors import error_response
from ..responses import JSONResponse
from ..schemas import ErrorBody

__all__ = [
    "DetectionOut",
    "SchemeOut",
    "SchemesResponse",
    "TransliterateRequest",
    "TransliterateResponse",
    "router",
]

router = APIRouter(tags=["transliterate"])

LangOrAuto = Literal["ru", "uk", "be", "bg", "sr", "mk", "mn", "ka", "hy", "el", "auto"]
Direction = Literal["to_latin", "to_native"]
_DEFAULT_MAX_CHARS = 1_000_000


class TransliterateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(description="The text to transliterate.")
    lang: LangOrAuto = Field(
        "auto",
        description="Source language; auto tells ru/uk/be/bg/sr/mk/mn apart on letter evidence "
        "and el/ka/hy by script (to_latin only).",
    )
    scheme: StrictStr | None = Field(
        None,
        description="Scheme name from GET /schemes; default per language "
        f"({', '.join(f'{k}: {v}' for k, v in DEFAULT_SCHEME.items())}).",
    )
    direction: Direction = Field(
        "to_latin", description="to_native needs a reversible-direction scheme."
    )
    use_glossary: StrictBool = Field(
        False,
        description="Known names take their house-style form (Харьков → Kharkiv); to_latin only.",
    )
    style: StrictStr | None = Field(
        None,
        description="House style (GET /styles): names take that style's form (Харьков → "
        "Charkiw in de), and without a scheme the style's scheme for the language is used.",
    )


class DetectionOut(BaseModel):
    lang: str
    evidence: list[str] = Field(description="Letters of the text that decided the language.")
    ambiguous: bool = Field(description="True when the letters fit several languages.")
    candidates: list[str]
    reason: str


class TransliterateResponse(BaseModel):
    text: str
    lang: str = Field(description="The language used (the detected one for lang=auto).")
    scheme: str
    direction: Direction
    detection: DetectionOut | None = Field(None, description="Set when lang was auto.")
    names: int = Field(0, description="Spans written from the glossary.")


class SchemeOut(BaseModel):
    name: str
    standard: str = Field(description="The standard the scheme implements.")
    description: str
    directions: list[Direction]
    reversible: bool = Field(description="to_latin then to_native gives the input back.")
    default: bool
    source: Literal["iuliia", "json", "transliterate"]
    url: str | None = None


class SchemesResponse(BaseModel):
    languages: dict[str, list[SchemeOut]]


def _max_chars(request: Request) -> int:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        from ...config import get_settings

        settings = get_settings()
    return int(getattr(settings, "max_chars", _DEFAULT_MAX_CHARS))


def _unknown(exc: UnknownScheme) -> JSONResponse:
    detail = {"field": exc.field, "message": str(exc), "value": exc.value, "choices": exc.choices}
    return error_response(422, str(exc), [detail])


@router.post(
    "/transliterate",
    response_model=TransliterateResponse,
    responses={
        401: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
        503: {"model": ErrorBody},
    },
    summary="Transliterate text under a standard scheme, optionally glossary-aware",
)
def post_transliterate(body: TransliterateRequest, request: Request) -> JSONResponse:
    limit = _max_chars(request)
    if len(body.text) > limit:
        raise InputTooLarge(len(body.text), limit)
    scheme = body.scheme
    if body.style is not None:
        style = request.app.state.store.current().style(body.style).style  # 422 if unknown
        if scheme is None and body.direction == "to_latin":
            lang = detect_language(body.text).lang if body.lang == "auto" else body.lang
            scheme = style.schemes.get(lang)
    finder: Callable[[str], list[tuple[int, int, str]]] | None = None
    if body.use_glossary and body.direction == "to_latin":
        names = getattr(request.app.state, "name_finder", None)
        finder = (lambda text: names(text, body.style)) if names is not None else None
        if finder is None:
            return error_response(503, "the glossary is not available for use_glossary")
    try:
        result = transliterate(body.text, body.lang, scheme, direction=body.direction, names=finder)
    except UnknownScheme as exc:
        return _unknown(exc)
    detection = None
    if result.detection is not None:
        d = result.detection
        detection = {
            "lang": d.lang,
            "evidence": list(d.evidence),
            "ambiguous": d.ambiguous,
            "candidates": list(d.candidates),
            "reason": d.reason,
        }
    return JSONResponse(
        {
            "text": result.text,
            "lang": result.lang,
            "scheme": result.scheme,
            "direction": result.direction,
            "detection": detection,
            "names": result.names,
        }
    )


@router.get(
    "/schemes",
    response_model=SchemesResponse,
    summary="Every scheme per language: name, standard, description, directions",
)
def get_schemes() -> JSONResponse:
    languages: dict[str, list[dict]] = {lang: [] for lang in LANGUAGES}
    for info in list_schemes():
        languages[info.lang].append(
            {
                "name": info.name,
                "standard": info.standard,
                "description": info.description,
                "directions": list(info.directions),
                "reversible": info.reversible,
                "default": DEFAULT_SCHEME[info.lang] == info.name,
                "source": info.source,
                "url": info.url,
            }
        )
    return JSONResponse({"languages": languages})
