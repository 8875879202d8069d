"""Who may call the service: API keys (``Authorization: Bearer …``) and Standard Webhooks
signatures (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``: HMAC-SHA256 over
``{id}.{timestamp}.{body}``, ±5 minutes, each id accepted once).

When keys or a webhook secret are configured, every route but the public ones needs one of
them; a bad or missing credential is answered 401 before the body reaches any handler."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections import OrderedDict
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response
from .responses import JSONResponse

__all__ = [
    "PUBLIC_PATHS",
    "Authenticate",
    "WebhookVerifier",
    "bearer_key_matches",
    "sign_webhook",
]

PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json",
                          "/docs/oauth2-redirect"})  # fmt: skip
ADMIN_PREFIX = "/admin/"
TOLERANCE_SECONDS = 5 * 60


def _secret_bytes(secret: str) -> bytes:
    """A Standard Webhooks secret is ``whsec_`` + base64; anything else is used as is."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error as exc:
            raise ValueError("TRANSLIT_WEBHOOK_SECRET: whsec_ must be followed by base64") from exc
    return secret.encode()


def sign_webhook(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for a body (for clients and tests)."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class WebhookVerifier:
    def __init__(self, secret: str, tolerance: int = TOLERANCE_SECONDS) -> None:
        self.key = _secret_bytes(secret)
        self.tolerance = tolerance
        self._seen: OrderedDict[str, float] = OrderedDict()  # replay guard, per process

    def verify(self, msg_id: str, timestamp: str, signatures: str, body: bytes) -> str | None:
        """None when the signature is good, else why not."""
        if not msg_id or not timestamp or not signatures:
            return "webhook-id, webhook-timestamp and webhook-signature are all required"
        try:
            sent = int(timestamp)
        except ValueError:
            return "webhook-timestamp is not a number"
        now = time.time()
        if abs(now - sent) > self.tolerance:
            return "webhook-timestamp is outside the 5-minute window"
        content = f"{msg_id}.{sent}.".encode() + body
        expected = base64.b64encode(hmac.new(self.key, content, hashlib.sha256).digest())
        if not any(
            version == "v1" and hmac.compare_digest(sig.encode(), expected)
            for version, _, sig in (part.partition(",") for part in signatures.split())
        ):
            return "webhook-signature does not match"
        self._forget(now)
        if msg_id in self._seen:
            return "webhook-id was already used (replay)"
        self._seen[msg_id] = now
        return None

    def _forget(self, now: float) -> None:
        while self._seen and next(iter(self._seen.values())) < now - 2 * self.tolerance:
            self._seen.popitem(last=False)
        while len(self._seen) > 100_000:
            self._seen.popitem(last=False)


class Authenticate:
    """ASGI middleware: let a request through only with a known key or a good signature."""

    def __init__(
        self,
        app: ASGIApp,
        keys: Iterable[str],
        webhook_secret: str | None = None,
        admin_keys: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.keys = [k.encode() for k in keys]
        self.verifier = WebhookVerifier(webhook_secret) if webhook_secret else None
        # Admin keys open every route when authentication is on, but do not turn it on.
        self.enabled = bool(self.keys or self.verifier)
        self.keys += [k.encode() for k in admin_keys]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not self.enabled
            or path in PUBLIC_PATHS
            or path.startswith(ADMIN_PREFIX)  # the admin routes check the admin key themselves
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        signature = headers.get(b"webhook-signature")
        if signature is not None and self.verifier is not None:
            body, messages = await _read_body(receive)
            problem = self.verifier.verify(
                headers.get(b"webhook-id", b"").decode("latin-1"),
                headers.get(b"webhook-timestamp", b"").decode("latin-1"),
                signature.decode("latin-1"),
                body,
            )
            if problem is not None:
                await _unauthorized(problem)(scope, receive, send)
                return
            await self.app(scope, _replay(messages), send)
            return
        if self._key_ok(headers.get(b"authorization", b"")):
            await self.app(scope, receive, send)
            return
        why = "a valid API key (Authorization: Bearer …)"
        if self.verifier is not None:
            why += " or a Standard Webhooks signature"
        await _unauthorized(f"this service needs {why}")(scope, receive, send)

    def _key_ok(self, header: bytes) -> bool:
        return bearer_key_matches(header, self.keys)


def bearer_key_matches(header: bytes, keys: list[bytes]) -> bool:
    """Whether an ``Authorization`` header is ``Bearer <one of keys>``."""
    scheme, _, token = header.partition(b" ")
    if scheme.lower() != b"bearer" or not token.strip():
        return False
    # compare with every key, always, so timing says nothing about which matched
    return any([hmac.compare_digest(token.strip(), key) for key in keys])


def _unauthorized(message: str) -> JSONResponse:
    return error_response(401, message, **{"WWW-Authenticate": 'Bearer realm="translit-api"'})


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Message]) -> Receive:
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        return {"type": "http.disconnect"}

    return receive
