"""API keys and Standard Webhooks signatures, on a real server: 401 and nothing processed."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator

import httpx
import orjson
import pytest

from translit_api.api.auth import sign_webhook

from conftest import Server

SECRET = "whsec_" + base64.b64encode(b"a test secret of enough length!!").decode()
BODY = orjson.dumps({"text": "three BPLAs over Kharkov"})


@pytest.fixture(scope="module")
def secured(lexicon: object) -> Iterator[str]:
    with Server(
        env={"TRANSLIT_API_KEYS": "alpha,beta", "TRANSLIT_WEBHOOK_SECRET": SECRET}
    ) as server:
        yield server.url


def post(url: str, headers: dict[str, str], body: bytes = BODY) -> httpx.Response:
    return httpx.post(
        f"{url}/normalize",
        content=body,
        headers={"content-type": "application/json", **headers},
        timeout=30,
    )


def signed(msg_id: str, body: bytes = BODY, when: int | None = None) -> dict[str, str]:
    ts = int(time.time()) if when is None else when
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": sign_webhook(SECRET, msg_id, ts, body),
    }


def test_keys(secured: str) -> None:
    for key in ("alpha", "beta"):
        ok = post(secured, {"authorization": f"Bearer {key}"})
        assert ok.status_code == 200 and ok.json()["text"] == "three UAVs over Kharkiv"
    for headers in ({}, {"authorization": "Bearer gamma"}, {"authorization": "alpha"},
                    {"authorization": "Basic YWxwaGE6"}, {"authorization": "Bearer"}):  # fmt: skip
        response = post(secured, headers)
        assert response.status_code == 401, headers
        assert response.json()["error"] == "unauthorized"
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_public_routes_need_nothing(secured: str) -> None:
    assert httpx.get(f"{secured}/healthz").status_code == 200
    assert httpx.get(f"{secured}/readyz").status_code == 200
    assert httpx.get(f"{secured}/glossary").status_code == 401


def test_good_signature(secured: str) -> None:
    response = post(secured, signed("msg_good"))
    assert response.status_code == 200
    assert response.json()["text"] == "three UAVs over Kharkiv"


def test_bad_signatures_are_401(secured: str) -> None:
    tampered = orjson.dumps({"text": "three BPLAs over Kharkov!"})
    cases = {
        "other body": (signed("msg_a"), tampered),
        "old": (signed("msg_b", when=int(time.time()) - 330), BODY),
        "future": (signed("msg_c", when=int(time.time()) + 330), BODY),
        "missing id": ({k: v for k, v in signed("msg_d").items() if k != "webhook-id"}, BODY),
        "garbage": ({**signed("msg_e"), "webhook-signature": "v1,AAAA"}, BODY),
        "bad timestamp": ({**signed("msg_f"), "webhook-timestamp": "soon"}, BODY),
    }
    for name, (headers, body) in cases.items():
        response = post(secured, headers, body)
        assert response.status_code == 401, name
        assert response.json()["error"] == "unauthorized"


def test_replayed_id_is_refused(secured: str) -> None:
    headers = signed("msg_once")
    assert post(secured, headers).status_code == 200
    again = post(secured, headers)
    assert again.status_code == 401 and "replay" in again.json()["message"]


def test_a_bad_signature_is_not_rescued_by_a_key(secured: str) -> None:
    headers = {**signed("msg_mix"), "webhook-signature": "v1,AAAA", "authorization": "Bearer alpha"}
    assert post(secured, headers).status_code == 401
