"""The application factory: settings, the glossary store, routes, limits and error handlers."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __name__ as package_name
from ..config import Settings, get_settings
from ..engine.pipeline import name_spans
from ..store import LexiconStore
from .auth import Authenticate
from .errors import error_response, install_error_handlers
from .observability import RequestLog, configure_logging, record_glossary, record_reload
from .responses import JSONResponse
from .routes import admin, glossary, health, normalize, transliterate

__all__ = ["create_app"]

log = logging.getLogger(package_name)


class BodyLimit:
    """Refuse a body larger than the limit with 413 before reading it, when Content-Length
    says so, and stop reading one that grows past the limit without saying so."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            message = f"body of {int(declared)} bytes is over the limit of {self.limit}"
            await error_response(413, message)(scope, receive, send)
            return
        seen = 0

        async def limited() -> dict:
            nonlocal seen
            event = await receive()
            seen += len(event.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLarge(self.limit)
            return event

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge as exc:  # raised where no exception handler sees it (middleware)
            await error_response(413, exc.detail)(scope, receive, send)


class _BodyTooLarge(StarletteHTTPException):
    """An HTTP exception, so that FastAPI, reading the body inside a route, passes it on as
    413 instead of turning it into "400 There was an error parsing the body"."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"body is over the limit of {limit} bytes")


def create_app(settings: Settings | None = None, store: LexiconStore | None = None) -> FastAPI:
    settings = settings or get_settings()
    store = store or LexiconStore(settings.glossary_dir, settings.cache_dir)
    configure_logging(settings.log_level, settings.log_format)
    store.on_change.append(record_glossary)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Compile in the background: /healthz answers at once, /readyz says 503 until done.
        threading.Thread(target=_warm, args=(store,), name="glossary-load", daemon=True).start()
        stop = threading.Event()
        if settings.reload_interval > 0:
            threading.Thread(
                target=store.watch,
                args=(settings.reload_interval, stop),
                name="glossary-watch",
                daemon=True,
            ).start()
        _on_sighup(store)
        yield
        stop.set()

    app = FastAPI(
        title="translit-api",
        version=_version(),
        description="Repairs mangled Russian and Ukrainian names in English news copy against "
        "a curated glossary, annotating every change; transliterates Cyrillic.",
        default_response_class=JSONResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.name_finder = lambda text, style=None: name_spans(text, store.current(), style)
    _publish_style_choices(app, settings, store)
    install_error_handlers(app)
    for module in (health, normalize, transliterate, glossary, admin):
        app.include_router(module.router)
    # Middleware runs outermost-last: the request log sees every answer (401 and 413 too);
    # the body limit applies before authentication reads a signed body.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=[
                "authorization",
                "content-type",
                "x-request-id",
                "webhook-id",
                "webhook-timestamp",
                "webhook-signature",
            ],
            expose_headers=["x-request-id"],
        )
    app.add_middleware(
        Authenticate,
        keys=settings.api_keys,
        webhook_secret=settings.webhook_secret,
        admin_keys=settings.admin_keys,
    )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestLog)
    return app


def _publish_style_choices(app: FastAPI, settings: Settings, store: LexiconStore) -> None:
    """The OpenAPI document lists the house styles the glossary defines (an unknown style is
    refused with 422, so the schema must say which are known); refreshed on every reload."""
    from fastapi.openapi.utils import get_openapi

    from ..glossary.styles import load_styles

    def choices() -> list[str]:
        if store.ready:
            return sorted(store.current().styles)
        return sorted(load_styles(settings.glossary_dir)[0]) or ["en-US"]

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            styles = {"anyOf": [{"type": "string", "enum": choices()}, {"type": "null"}]}
            for model in ("NormalizeRequest", "TransliterateRequest"):
                properties = schema["components"]["schemas"][model]["properties"]
                properties["style"] = {**properties["style"], **styles}
                properties["style"].pop("type", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    store.on_change.append(lambda _lexicon: setattr(app, "openapi_schema", None))


def _on_sighup(store: LexiconStore) -> None:
    """SIGHUP re-reads the glossary (validated first; a broken one is logged and refused)."""
    if threading.current_thread() is not threading.main_thread():
        return  # signals can only be set from the main thread (tests run apps in threads)

    def reload() -> None:
        try:
            store.reload()
            record_reload(True)
            log.info("glossary reloaded on SIGHUP: %s", store.current().version)
        except Exception as exc:
            record_reload(False)
            log.error("glossary reload on SIGHUP rejected, still serving the old one: %s", exc)

    try:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(
            signal.SIGHUP, lambda: threading.Thread(target=reload, daemon=True).start()
        )
    except (NotImplementedError, RuntimeError, AttributeError):  # pragma: no cover - no SIGHUP
        log.warning("SIGHUP reload is not available on this platform")


def _warm(store: LexiconStore) -> None:
    try:
        store.current()
    except Exception:
        log.exception("the glossary could not be loaded")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("translit-api")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0"
