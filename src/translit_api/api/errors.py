"""Every error the API returns, as one JSON shape: {"error", "message", "details"}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (
    GlossaryInvalid,
    InputTooLarge,
    RequestTimedOut,
    TooManyAnnotations,
    UnknownOption,
)
from ..markup.segments import HtmlTooDeep
from .responses import JSONResponse

__all__ = ["error_response", "install_error_handlers"]

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    503: "not_ready",
    504: "timeout",
}


def error_response(
    status: int, message: str, details: list[dict[str, Any]] | None = None, **headers: str
) -> JSONResponse:
    body = {"error": _CODES.get(status, "error"), "message": message, "details": details or []}
    return JSONResponse(body, status_code=status, headers=headers or None)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def _unparsable(cause: BaseException) -> str:
    if isinstance(cause, UnicodeDecodeError):
        return f"the body is not UTF-8 ({cause.reason} at byte {cause.start})"
    if isinstance(cause, RecursionError):
        return "arrays or objects nested too deeply"
    return f"the body could not be read ({type(cause).__name__})"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = []
        for err in exc.errors():
            kind = err.get("type", "")
            if kind == "json_invalid":
                message = f"malformed JSON: {err.get('ctx', {}).get('error', err.get('msg'))}"
                details.append({"field": "body", "message": message})
            else:
                details.append({"field": _field(tuple(err.get("loc", ()))), "message": err["msg"]})
        fields = ", ".join(sorted({d["field"] for d in details}))
        return error_response(422, f"invalid request: {fields}", details)

    @app.exception_handler(InputTooLarge)
    async def _too_large(request: Request, exc: InputTooLarge) -> JSONResponse:
        return error_response(413, str(exc), [{"field": "text", "message": str(exc)}])

    @app.exception_handler(TooManyAnnotations)
    async def _too_many(request: Request, exc: TooManyAnnotations) -> JSONResponse:
        return error_response(413, str(exc), [{"field": "text", "message": str(exc)}])

    @app.exception_handler(RequestTimedOut)
    async def _timeout(request: Request, exc: RequestTimedOut) -> JSONResponse:
        return error_response(504, str(exc))

    @app.exception_handler(HtmlTooDeep)
    async def _too_deep(request: Request, exc: HtmlTooDeep) -> JSONResponse:
        return error_response(422, str(exc), [{"field": "text", "message": str(exc)}])

    @app.exception_handler(UnknownOption)
    async def _unknown(request: Request, exc: UnknownOption) -> JSONResponse:
        return error_response(422, str(exc), [{"field": exc.field, "message": str(exc)}])

    @app.exception_handler(GlossaryInvalid)
    async def _glossary(request: Request, exc: GlossaryInvalid) -> JSONResponse:
        details = [{"field": f"{p.file}:{p.line}", "message": p.message} for p in exc.problems]
        return error_response(422, "glossary rejected; the previous one stays in service", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "There was an error parsing the body": JSON that json.loads could not
            # even tokenize. It is malformed JSON like any other, and answered the same way.
            message = f"malformed JSON: {_unparsable(exc.__cause__)}"
            return error_response(
                422, "invalid request: body", [{"field": "body", "message": message}]
            )
        return error_response(exc.status_code, str(exc.detail), **(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        body = {"error": "internal", "message": "internal error; it has been logged"}
        return JSONResponse({**body, "details": []}, status_code=500)
