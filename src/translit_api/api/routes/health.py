"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/readyz", summary="The glossary is loaded and requests will be served")
def readyz(request: Request) -> JSONResponse:
    store = request.app.state.store
    if not store.ready:
        return JSONResponse({"status": "loading"}, status_code=503, headers={"Retry-After": "1"})
    lexicon = store.current()
    return JSONResponse(
        {"status": "ready", "glossary_version": lexicon.version, "entries": len(lexicon.glossary)}
    )
