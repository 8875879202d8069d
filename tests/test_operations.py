"""Operations on a real server: metrics after traffic, request ids and JSON logs, hot reload
(admin API, SIGHUP, under load, with a broken glossary), the admin key, the request timeout."""

from __future__ import annotations

import json
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import GLOSSARY, Server

ADMIN = {"authorization": "Bearer admin-key"}
EXTRA = """\
defaults: {country: RU, source: reload test}
entries:
  - {id: test-zzyzx, category: settlement, en: Zzyzx, ru: [Ззыкс]}
"""


@pytest.fixture()
def glossary_copy(tmp_path: Path) -> Path:
    target = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, target)
    return target


@pytest.fixture()
def server(glossary_copy: Path, lexicon: object) -> Iterator[Server]:
    env = {"TRANSLIT_GLOSSARY_DIR": str(glossary_copy), "TRANSLIT_ADMIN_KEYS": "admin-key"}
    with Server(env={**env, "TRANSLIT_LOG_FORMAT": "json"}) as srv:
        yield srv


def zzyzx(url: str) -> tuple[str, str]:
    body = httpx.post(f"{url}/normalize", json={"text": "the village of Ззыкс"}).json()
    return body["text"], body["glossary_version"]


def test_reload_under_load(server: Server, glossary_copy: Path) -> None:
    """Requests keep flowing while the glossary is reloaded several times, once broken: none
    fails, and each answer matches the glossary version it names."""
    seen: dict[str, set[str]] = {}
    failures: list[str] = []
    stop = threading.Event()

    def traffic() -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            while not stop.is_set():
                response = client.post("/normalize", json={"text": "the village of Ззыкс"})
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text}")
                    continue
                body = response.json()
                seen.setdefault(body["glossary_version"], set()).add(body["text"])

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        original = zzyzx(server.url)[1]
        extra = glossary_copy / "test-extra.yaml"
        versions = [original]
        for round_ in range(3):
            extra.write_text(EXTRA if round_ % 2 == 0 else "entries: []\n", encoding="utf-8")
            response = httpx.post(f"{server.url}/admin/reload", headers=ADMIN, timeout=120)
            assert response.status_code == 200, response.text
            versions.append(response.json()["glossary_version"])
            time.sleep(0.3)
        extra.write_text("entries: [{id: Broken Id}]\n", encoding="utf-8")
        broken = httpx.post(f"{server.url}/admin/reload", headers=ADMIN, timeout=120)
        assert broken.status_code == 422
        assert any("test-extra.yaml" in d["field"] for d in broken.json()["details"])
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    assert len(set(versions)) == 3  # with, without, with again (= the first "with")
    for version, texts in seen.items():
        assert len(texts) == 1, (version, texts)  # one glossary, one answer
    with_extra = {t for texts in seen.values() for t in texts}
    assert with_extra == {"the village of Zzyzx", "the village of Zzyks"}
    # the broken glossary was refused: the last good one still serves
    assert zzyzx(server.url)[1] == versions[-1]


def test_admin_key_required(server: Server) -> None:
    assert httpx.post(f"{server.url}/admin/reload").status_code == 401
    bad = httpx.post(f"{server.url}/admin/reload", headers={"authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "unauthorized"


def test_admin_api_off_without_keys(client: httpx.Client) -> None:
    response = client.post("/admin/reload")
    assert response.status_code == 403 and "TRANSLIT_ADMIN_KEYS" in response.json()["message"]


def test_sighup_reloads(server: Server, glossary_copy: Path) -> None:
    before = zzyzx(server.url)
    (glossary_copy / "test-extra.yaml").write_text(EXTRA, encoding="utf-8")
    server.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 120
    while zzyzx(server.url)[1] == before[1]:
        assert time.monotonic() < deadline, "SIGHUP did not reload"
        time.sleep(0.2)
    assert zzyzx(server.url)[0] == "the village of Zzyzx"


def test_metrics_after_traffic(client: httpx.Client) -> None:
    client.post("/normalize", json={"text": "three BPLAs over Kharkov"})
    client.post("/normalize", json={"text": 5})
    text = client.get("/metrics").text
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    assert samples['translit_requests_total{method="POST",route="/normalize",status="200"}'] >= 1
    assert samples['translit_requests_total{method="POST",route="/normalize",status="422"}'] >= 1
    assert (
        samples['translit_changes_total{applied="true",category="acronym",method="variant"}'] >= 1
    )
    assert samples['translit_characters_total{format="text"}'] >= 24
    assert samples["translit_glossary_entries"] > 2000
    assert any(k.startswith("translit_glossary_info{version=") for k in samples)
    assert any(k.startswith("translit_request_duration_seconds_bucket") for k in samples)


def test_request_id_and_json_log(server: Server) -> None:
    response = httpx.post(f"{server.url}/normalize", json={"text": "Kharkov"},
                          headers={"x-request-id": "req-42"})  # fmt: skip
    assert response.headers["x-request-id"] == "req-42"
    generated = httpx.get(f"{server.url}/healthz").headers["x-request-id"]
    assert len(generated) == 32
    server.stop()
    lines = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "req-42"]
    assert mine and mine[0]["route"] == "/normalize" and mine[0]["status"] == 200
    assert mine[0]["characters"] == 7 and mine[0]["changes"] == 1
    assert "Kharkov" not in json.dumps(mine[0])  # never the article text


def test_request_timeout_is_504(lexicon: object) -> None:
    with Server(env={"TRANSLIT_REQUEST_TIMEOUT": "0.001"}) as srv:
        big = "Kharkov and three BPLAs near Shbekinskij district. " * 2000
        response = httpx.post(f"{srv.url}/normalize", json={"text": big}, timeout=60)
        assert response.status_code == 504 and response.json()["error"] == "timeout"
        assert httpx.post(f"{srv.url}/normalize", json={"text": "Kharkov"}).status_code == 200
