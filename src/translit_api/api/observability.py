"""What the service tells its operators: Prometheus metrics (safe under several workers when
``PROMETHEUS_MULTIPROC_DIR`` is set) and one JSON log line per request."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..engine.lexicon import Lexicon
from ..engine.pipeline import NormalizeResult

__all__ = [
    "JsonFormatter",
    "RequestLog",
    "configure_logging",
    "metrics_body",
    "record_glossary",
    "record_normalize",
    "record_reload",
]

REQUESTS = Counter(
    "translit_requests_total", "HTTP requests by route and status", ["route", "method", "status"]
)
LATENCY = Histogram(
    "translit_request_duration_seconds",
    "HTTP request latency by route",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CHARACTERS = Counter("translit_characters_total", "Characters normalized", ["format"])
CHANGES = Counter(
    "translit_changes_total",
    "Annotations by category, method and whether they were applied",
    ["category", "method", "applied"],
)
GLOSSARY_ENTRIES = Gauge(
    "translit_glossary_entries", "Entries in the glossary in service", multiprocess_mode="livemax"
)
GLOSSARY_FORMS = Gauge(
    "translit_glossary_forms", "Surface forms compiled", multiprocess_mode="livemax"
)
GLOSSARY_INFO = Gauge(
    "translit_glossary_info",
    "1 for the glossary version in service (per worker)",
    ["version"],
    multiprocess_mode="liveall",
)
RELOADS = Counter("translit_glossary_reloads_total", "Glossary reloads", ["result"])

log = logging.getLogger("translit_api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_current_version: list[str] = []


def metrics_body() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def record_glossary(lexicon: Lexicon) -> None:
    GLOSSARY_ENTRIES.set(len(lexicon.glossary))
    GLOSSARY_FORMS.set(lexicon.stats.get("forms", 0))
    for old in _current_version:
        GLOSSARY_INFO.remove(old)
    _current_version[:] = [lexicon.version]
    GLOSSARY_INFO.labels(lexicon.version).set(1)


def record_reload(ok: bool) -> None:
    RELOADS.labels("ok" if ok else "failed").inc()


def record_normalize(result: NormalizeResult, characters: int, state: dict[str, Any]) -> None:
    CHARACTERS.labels(result.format.value).inc(characters)
    for a in result.annotations:
        CHANGES.labels(a.category or "none", a.method, "true" if a.applied else "false").inc()
    state["characters"] = characters
    state["changes"] = sum(1 for a in result.annotations if a.applied)
    state["glossary_version"] = result.glossary_version


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("translit_api")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class RequestLog:
    """Time each request, count it, echo its ``X-Request-ID`` and write one JSON line.

    The article text is never logged; at DEBUG level the request's characters are counted,
    not shown."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or ())
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            REQUESTS.labels(path, scope["method"], str(status)).inc()
            LATENCY.labels(path).observe(elapsed)
            state = scope.get("state", {})
            fields = {
                "request_id": request_id,
                "method": scope["method"],
                "route": path,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            }
            for key in ("characters", "changes", "glossary_version"):
                if key in state:
                    fields[key] = state[key]
            log.info("request", extra={"fields": fields})
