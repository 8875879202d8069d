"""Operations: POST /admin/reload (needs an admin key) and GET /metrics."""

from __future__ import annotations

import time

import anyio
from fastapi import APIRouter, Request
from fastapi.exceptions import HTTPException
from starlette.responses import Response

from ...errors import GlossaryInvalid
from ..auth import bearer_key_matches
from ..observability import metrics_body, record_reload
from ..responses import JSONResponse
from ..schemas import ErrorBody, ReloadResponse

router = APIRouter(tags=["operations"])


def _require_admin(request: Request) -> None:
    keys = request.app.state.settings.admin_keys
    if not keys:
        raise HTTPException(403, "the admin API is off: set TRANSLIT_ADMIN_KEYS to enable it")
    header = request.headers.get("authorization", "").encode("latin-1")
    if not bearer_key_matches(header, [key.encode() for key in keys]):
        raise HTTPException(401, "an admin key is needed (Authorization: Bearer …)")


@router.post(
    "/admin/reload",
    response_model=ReloadResponse,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="Re-read the glossary; a broken one is rejected and the old one keeps serving",
)
async def reload_glossary(request: Request) -> JSONResponse:
    _require_admin(request)
    store = request.app.state.store
    previous = store.current().version
    started = time.perf_counter()
    try:
        lexicon = await anyio.to_thread.run_sync(store.reload)
    except GlossaryInvalid:
        record_reload(False)
        raise
    record_reload(True)
    return JSONResponse(
        {
            "glossary_version": lexicon.version,
            "previous_version": previous,
            "entries": len(lexicon.glossary),
            "seconds": round(time.perf_counter() - started, 3),
        }
    )


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics() -> Response:
    body, content_type = metrics_body()
    return Response(body, media_type=content_type)
