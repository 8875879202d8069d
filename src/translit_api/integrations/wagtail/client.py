"""A small HTTP client for ``POST /normalize``: timeout, bounded retry, request signing.

It imports nothing from Django or Wagtail, so it can be used (and tested) on its own. Every
failure ends in :class:`TranslitError`; the callers in this package catch it and publish the
content unchanged (fail open).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = [
    "NormalizeResult",
    "TranslitClient",
    "TranslitError",
    "sign",
    "webhook_headers",
]

log = logging.getLogger(__name__)

# Statuses worth another try: rate limited, or the service (or a proxy before it) not ready.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A Retry-After longer than this is not waited for: the caller is holding up a publish.
MAX_RETRY_AFTER = 5.0


class TranslitError(Exception):
    """The service could not be used: unreachable, timed out, refused or answered nonsense."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class NormalizeResult:
    text: str
    annotations: list[dict[str, Any]]
    glossary_version: str
    mode: str
    script: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def changed(self) -> bool:
        return any(a.get("applied") for a in self.annotations)


def _secret_bytes(secret: str) -> bytes:
    """The key of a signing secret: ``whsec_`` + base64 (Standard Webhooks), else the bytes."""
    if not secret.startswith("whsec_"):
        return secret.encode("utf-8")
    try:
        return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except ValueError as exc:
        raise ValueError("the webhook secret: 'whsec_' must be followed by base64") from exc


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for ``body`` (Standard Webhooks, v1)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def webhook_headers(
    secret: str, body: bytes, msg_id: str | None = None, timestamp: int | None = None
) -> dict[str, str]:
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


class TranslitClient:
    """Calls one translit-api service. Thread-safe; use as a context manager or ``close()``.

    ``timeout`` bounds each phase of one attempt (connect, send, each read); ``retries`` extra
    attempts follow a failed one after ``backoff``, ``2*backoff``, … seconds (with a little
    jitter), so a dead service costs at most about ``(retries + 1) * timeout`` plus the backoff.
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        webhook_secret: str | None = None,
        timeout: float = 3.0,
        retries: int = 2,
        backoff: float = 0.25,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not url:
            raise ValueError("the translit-api URL is not set")
        if webhook_secret:
            _secret_bytes(webhook_secret)  # refuse a malformed secret now, not per request
        self.url = url.rstrip("/")
        self.api_key = api_key or None
        self.webhook_secret = webhook_secret or None
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self._http = httpx.Client(
            timeout=self.timeout,
            transport=transport,
            headers={"User-Agent": "translit-api-cms-client", "Accept": "application/json"},
        )

    def __enter__(self) -> TranslitClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    @property
    def budget(self) -> float:
        """The longest a call can take when the service does not answer at all (seconds)."""
        waits = sum(self.backoff * 2**n * 1.1 for n in range(self.retries))
        # Each attempt may spend the timeout connecting and again reading.
        return (self.retries + 1) * 2 * self.timeout + waits

    def normalize(
        self, text: str, *, mode: str = "replace", format: str = "html"
    ) -> NormalizeResult:
        payload: dict[str, Any] = {"text": text, "mode": mode}
        if format != "text":
            payload["format"] = format
        data = self._post("/normalize", payload)
        if not isinstance(data.get("text"), str) or not isinstance(data.get("annotations"), list):
            raise TranslitError("the response has no text and annotations", code="bad_response")
        return NormalizeResult(
            text=data["text"],
            annotations=data["annotations"],
            glossary_version=str(data.get("glossary_version", "")),
            mode=str(data.get("mode", mode)),
            script=data.get("script"),
            raw=data,
        )

    def _post(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        last: TranslitError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self._delay(attempt, last)
                log.debug("translit-api: retry %d in %.2fs after %s", attempt, delay, last)
                time.sleep(delay)
            headers = {"Content-Type": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            if self.webhook_secret:
                # A fresh id per attempt: the service accepts each id once (replay guard), and
                # an attempt that timed out may have been seen.
                headers.update(webhook_headers(self.webhook_secret, body))
            try:
                response = self._http.post(self.url + path, content=body, headers=headers)
            except httpx.TimeoutException as exc:
                last = TranslitError(f"timed out after {self.timeout}s: {exc!r}", code="timeout")
                continue
            except httpx.HTTPError as exc:
                last = TranslitError(f"cannot reach {self.url}: {exc!r}", code="unreachable")
                continue
            if response.status_code == 200:
                try:
                    data = response.json()
                except ValueError as exc:
                    raise TranslitError("the response is not JSON", code="bad_response") from exc
                if not isinstance(data, dict):
                    raise TranslitError("the response is not a JSON object", code="bad_response")
                return data
            last = _http_error(response)
            if response.status_code not in RETRY_STATUSES:
                raise last
            last.retry_after = _retry_after(response)
        assert last is not None
        raise last

    def _delay(self, attempt: int, last: TranslitError | None) -> float:
        if last is not None and last.retry_after is not None:
            return last.retry_after
        return self.backoff * 2 ** (attempt - 1) * random.uniform(1.0, 1.1)


def _http_error(response: httpx.Response) -> TranslitError:
    code, message = f"http_{response.status_code}", response.reason_phrase
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = str(body.get("error") or code)
        message = str(body.get("message") or message)
        details = body.get("details")
        if details:
            message = f"{message} {details}"
    return TranslitError(
        f"translit-api answered {response.status_code} {code}: {message}",
        code=code,
        status=response.status_code,
    )


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after", "")
    try:
        seconds = float(raw)
    except ValueError:
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
