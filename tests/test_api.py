"""The HTTP contract: health, readiness, OpenAPI, and a clear JSON error for bad input."""

from __future__ import annotations

import socket

import httpx
import pytest

from conftest import Server


def test_health_and_ready(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["entries"] > 0
    assert len(ready["glossary_version"]) == 16


def test_openapi_and_docs(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert "/normalize" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_glossary_version_in_response(client: httpx.Client) -> None:
    version = client.get("/readyz").json()["glossary_version"]
    body = client.post("/normalize", json={"text": "nothing to change"}).json()
    assert body == {
        "text": "nothing to change",
        "annotations": [],
        "glossary_version": version,
        "mode": "replace",
        "script": "latin",
        "format": "text",
        "offsets": "codepoint",
        "style": "en-US",
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": 5}, "text"),
        ({"text": None}, "text"),
        ({}, "text"),
        ({"text": "x", "mode": "rewrite"}, "mode"),
        ({"text": "x", "colour": "red"}, "colour"),
        ([1, 2], "body"),
    ],
)
def test_wrong_types_are_422_naming_the_field(
    client: httpx.Client, payload: object, field: str
) -> None:
    response = client.post("/normalize", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert field in {d["field"] for d in body["details"]}


@pytest.mark.parametrize("raw", [b"{", b'{"text": "a"', b"not json", b'{"text": "\\x"}', b""])
def test_malformed_json_is_422(client: httpx.Client, raw: bytes) -> None:
    response = client.post("/normalize", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_unknown_route_and_method_are_json(client: httpx.Client) -> None:
    assert client.get("/nowhere").json()["error"] == "not_found"
    response = client.get("/normalize")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_lone_surrogate_is_answered(client: httpx.Client) -> None:
    raw = b'{"text": "Kharkov \\ud800 BPLA"}'
    response = client.post("/normalize", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json()["text"] == "Kharkiv \ud800 UAV"


def test_text_over_max_chars_is_413() -> None:
    with Server(env={"TRANSLIT_MAX_CHARS": "100"}) as server:
        ok = httpx.post(f"{server.url}/normalize", json={"text": "я" * 100})
        assert ok.status_code == 200
        response = httpx.post(f"{server.url}/normalize", json={"text": "я" * 101})
        assert response.status_code == 413
        body = response.json()
        assert body["error"] == "payload_too_large" and "101" in body["message"]


def test_body_over_limit_is_413_before_reading(server_url: str) -> None:
    """The server answers from the headers alone: no body byte is ever sent."""
    host, port = server_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /normalize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 999999999\r\n\r\n"
        )
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413")
    assert b'"error":"payload_too_large"' in answer


def test_html_utf16_and_render_over_http(client: httpx.Client) -> None:
    raw = "<p>🙂 three <em>BPLAs</em> over <b>Kharkov</b></p>"
    body = client.post(
        "/normalize", json={"text": raw, "format": "html", "offsets": "utf16", "render": "html"}
    ).json()
    assert body["text"] == "<p>🙂 three <em>UAVs</em> over <b>Kharkiv</b></p>"
    assert (body["format"], body["offsets"]) == ("html", "utf16")
    first = body["annotations"][0]
    assert (
        raw.encode("utf-16-le")[2 * first["start"] : 2 * first["end"]].decode("utf-16-le")
        == "BPLAs"
    )
    assert '<mark class="translit"' in body["rendered"] and "<p>" not in body["rendered"]


def test_too_deep_html_is_422(client: httpx.Client) -> None:
    response = client.post("/normalize", json={"text": "<div>" * 300, "format": "html"})
    assert response.status_code == 422
    assert "deeper" in response.json()["message"]
