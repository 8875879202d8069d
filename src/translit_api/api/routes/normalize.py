"""POST /normalize: repair names in copy and annotate every change."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...engine.pipeline import normalize
from ...errors import InputTooLarge
from ...render import result_dict
from ..responses import JSONResponse
from ..schemas import ErrorBody, NormalizeRequest, NormalizeResponse

router = APIRouter(tags=["normalize"])


@router.post(
    "/normalize",
    response_model=NormalizeResponse,
    responses={413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="Repair mangled names against the glossary",
)
def post_normalize(body: NormalizeRequest, request: Request) -> JSONResponse:
    settings = request.app.state.settings
    if len(body.text) > settings.max_chars:
        raise InputTooLarge(len(body.text), settings.max_chars)
    lexicon = request.app.state.store.current()  # one glossary for the whole request
    result = normalize(
        body.text,
        lexicon,
        mode=body.mode,
        fuzzy=settings.fuzzy,
        format=body.format,
        max_html_depth=settings.max_html_depth,
    )
    return JSONResponse(
        result_dict(result, source=body.text, offsets=body.offsets, render_as=body.render)
    )
