"""The HTTP floor: the service's own app plus ``POST /echo``, which parses the request exactly
as ``POST /normalize`` does (same model, same dependencies, same middleware, same JSON
response class) and returns the text unchanged in the same JSON shape, without normalizing.
Like /normalize for an article-sized body, it answers on the event loop (no thread hop).

    uvicorn bench.echo_app:create --factory --workers 2
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute

from translit_api.api.app import create_app
from translit_api.api.responses import JSONResponse
from translit_api.api.routes import normalize as normalize_routes
from translit_api.api.schemas import NormalizeRequest
from translit_api.errors import InputTooLarge

__all__ = ["create"]


def _echo_document(body: NormalizeRequest, version: str) -> dict[str, Any]:
    """What /normalize returns for a text with nothing to change."""
    try:
        from translit_api.engine.pipeline import Mode, NormalizeResult
        from translit_api.render import result_dict

        result = NormalizeResult(
            text=body.text, annotations=(), glossary_version=version, mode=Mode(body.mode),
            script="latin",
        )  # fmt: skip
        return result_dict(result)
    except TypeError:  # the result type has grown: the fields every version has
        return {"text": body.text, "annotations": [], "glossary_version": version,
                "mode": body.mode, "script": "latin"}  # fmt: skip


def create() -> FastAPI:
    app = create_app()
    # FastAPI includes routers lazily: take the route from the router the app includes.
    normalize_route = next(
        r
        for r in normalize_routes.router.routes
        if isinstance(r, APIRoute) and r.path == "/normalize" and "POST" in r.methods
    )

    async def echo(body: NormalizeRequest, request: Request) -> JSONResponse:
        settings = request.app.state.settings
        if len(body.text) > settings.max_chars:
            raise InputTooLarge(len(body.text), settings.max_chars)
        lexicon = request.app.state.store.current()
        return JSONResponse(_echo_document(body, lexicon.version))

    app.add_api_route(
        "/echo",
        echo,
        methods=["POST"],
        dependencies=list(normalize_route.dependencies),
        summary="Benchmark floor: parse like /normalize, return the text unchanged",
        include_in_schema=False,
    )
    return app
