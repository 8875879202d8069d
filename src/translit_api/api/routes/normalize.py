"""POST /normalize: repair names in copy and annotate every change."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request

from ...engine.pipeline import normalize
from ...errors import InputTooLarge, RequestTimedOut, TooManyAnnotations
from ...render import result_dict
from ..observability import record_normalize
from ..responses import JSONResponse
from ..schemas import ErrorBody, NormalizeRequest, NormalizeResponse

router = APIRouter(tags=["normalize"])
# Below this many characters normalizing takes well under a millisecond: a thread hop would
# cost more than it saves, and no timeout can be reached.
_INLINE_CHARS = 20_000


@router.post(
    "/normalize",
    response_model=NormalizeResponse,
    responses={
        401: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
        504: {"model": ErrorBody},
    },
    summary="Repair mangled names against the glossary",
)
async def post_normalize(body: NormalizeRequest, request: Request) -> JSONResponse:
    settings = request.app.state.settings
    if len(body.text) > settings.max_chars:
        raise InputTooLarge(len(body.text), settings.max_chars)

    def work() -> dict[str, Any]:
        lexicon = request.app.state.store.current()  # one glossary for the whole request
        result = normalize(
            body.text,
            lexicon,
            mode=body.mode,
            fuzzy=settings.fuzzy,
            format=body.format,
            max_html_depth=settings.max_html_depth,
            style=settings.style if body.style is None else body.style,
        )
        if len(result.annotations) > settings.max_annotations:
            raise TooManyAnnotations(len(result.annotations), settings.max_annotations)
        record_normalize(result, len(body.text), request.scope.setdefault("state", {}))
        return result_dict(result, source=body.text, offsets=body.offsets, render_as=body.render)

    # Short texts are done on the event loop; long ones in a worker thread, under the timeout.
    # A thread cannot be stopped: past the timeout the client gets 504 and the thread's result
    # is dropped when it finishes (the work is bounded by TRANSLIT_MAX_CHARS).
    if len(body.text) <= _INLINE_CHARS:
        return JSONResponse(work())
    try:
        with anyio.fail_after(settings.request_timeout):
            return JSONResponse(await anyio.to_thread.run_sync(work, abandon_on_cancel=True))
    except TimeoutError as exc:
        raise RequestTimedOut(settings.request_timeout) from exc
