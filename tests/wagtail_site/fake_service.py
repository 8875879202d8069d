"""A stand-in for translit-api that records requests and answers from a script.

For what the real service cannot be made to do on demand: answer 503 twice, change markup,
show exactly which headers and bytes a client sent. Used by tests/test_wagtail.py,
tests/test_wordpress.py and run_checks.py; everything else there talks to the real service.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, Any]]


@contextmanager
def fake_service(answer: Callable[[dict[str, Any]], Reply]) -> Iterator[tuple[str, list]]:
    """Serve on a free loopback port; yields (url, requests). Each request is recorded as
    ``{"path", "headers", "body" (bytes), "json"}`` and answered with ``answer(request)``."""
    requests: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            request = {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
                "json": payload,
            }
            requests.append(request)
            status, reply = answer(request)
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def echo(text: str, annotations: list | None = None) -> dict[str, Any]:
    """A /normalize response body."""
    return {
        "text": text,
        "annotations": annotations or [],
        "glossary_version": "fake",
        "mode": "replace",
        "script": "latin",
    }
