"""Bounded load from 127.0.0.1: a fixed duration at a fixed concurrency against a real server,
mixing valid, oversized and malformed requests as a save hook in a busy newsroom would.

Every valid request must be answered 200 with exactly the answer it got alone; every other
one with its clear error, never a 500 or a hang; and the server's memory must stay flat (RSS
at the end within 1.5 x + 50 MB of RSS after the warm-up). Run with -s to see the numbers.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from test_html import GUTENBERG

from translit_api import Lexicon

from conftest import SEED, Server

DURATION = 20.0  # seconds of load after the warm-up
WARMUP = 4.0
CONCURRENCY = 16
REQUEST_TIMEOUT = 30.0  # the client's; a request that takes longer is a failure (a hang)
MAX_BODY = 256_000
MAX_CHARS = 50_000


@dataclass(frozen=True)
class Call:
    kind: str  # "valid", "oversized" or "malformed"
    name: str
    method: str
    path: str
    content: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
    status: int = 200
    error: str | None = None


def _json(payload: object, ascii_only: bool = False) -> bytes:
    return json.dumps(payload, ensure_ascii=ascii_only).encode()


def calls(seed_text: str) -> list[tuple[Call, int]]:
    """Each call with its weight in the mix."""
    long_text = (seed_text + "\n") * (40_000 // len(seed_text))  # over 20 000: a worker thread
    html = "".join(f"<p>{line}</p>\n" for line in seed_text.splitlines())
    post = "POST"
    return [
        (Call("valid", "seed article", post, "/normalize", _json({"text": seed_text})), 8),
        (Call("valid", "seed article, HTML, UTF-16, rendered", post, "/normalize",
              _json({"text": html, "format": "html", "offsets": "utf16", "render": "html"})), 6),
        (Call("valid", "Gutenberg blocks", post, "/normalize",
              _json({"text": GUTENBERG, "format": "html"})), 6),
        (Call("valid", "suggest", post, "/normalize",
              _json({"text": seed_text, "mode": "suggest", "render": "inline"})), 3),
        (Call("valid", "Russian copy", post, "/normalize",
              _json({"text": "Над Шебекинским районом сбиты три БПЛА. " * 40})), 3),
        (Call("valid", "hostile Unicode", post, "/normalize",
              _json({"text": "\u202eKharkov\u200d \ud800 👩‍👩‍👧 \x00 BPLA\r\n Ше\u0301бекино <!",
                     "offsets": "utf16"}, ascii_only=True)), 4),
        (Call("valid", "40 000 characters", post, "/normalize", _json({"text": long_text})), 2),
        (Call("valid", "transliterate", post, "/transliterate",
              _json({"text": "Харьков и Москва", "use_glossary": True})), 3),
        (Call("valid", "glossary search", "GET", "/glossary?q=Kharkiv", headers=()), 2),
        (Call("valid", "readiness", "GET", "/readyz", headers=()), 1),
        # oversized: declared over TRANSLIT_MAX_BODY_BYTES, and over TRANSLIT_MAX_CHARS
        (Call("oversized", "body over the byte limit", post, "/normalize",
              _json({"text": "x" * (MAX_BODY + 10)}), status=413, error="payload_too_large"), 3),
        (Call("oversized", "text over the character limit", post, "/normalize",
              _json({"text": "Kharkov " * (MAX_CHARS // 8 + 1)}), status=413,
              error="payload_too_large"), 3),
        # malformed, as a half-configured plugin sends them
        (Call("malformed", "truncated JSON", post, "/normalize", b'{"text": "Khark', status=422,
              error="invalid_request"), 2),
        (Call("malformed", "not UTF-8", post, "/normalize", b'{"text": "\xff\xfe"}', status=422,
              error="invalid_request"), 2),
        (Call("malformed", "JSON nested 50 000 deep", post, "/normalize",
              b"[" * 50_000 + b"]" * 50_000, status=422, error="invalid_request"), 1),
        (Call("malformed", "wrong type", post, "/normalize", b'{"text": ["Kharkov"]}', status=422,
              error="invalid_request"), 2),
        (Call("malformed", "form post", post, "/normalize", b"text=Kharkov",
              (("content-type", "application/x-www-form-urlencoded"),), status=422,
              error="invalid_request"), 1),
        (Call("malformed", "HTML nested too deep", post, "/normalize",
              _json({"text": "<div>" * 300 + "Kharkov", "format": "html"}), status=422,
              error="invalid_request"), 2),
        (Call("malformed", "unknown route", "GET", "/normalise", headers=(), status=404,
              error="not_found"), 1),
    ]  # fmt: skip


@dataclass
class Tally:
    requests: Counter = field(default_factory=Counter)  # by kind
    failures: list[str] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)  # valid requests, seconds


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def send(client: httpx.AsyncClient, call: Call) -> httpx.Response:
    return await client.request(
        call.method, call.path, content=call.content or None, headers=dict(call.headers)
    )


async def expected_answers(client: httpx.AsyncClient, mix: list[Call]) -> dict[str, bytes]:
    """Each valid call's answer when it is alone on the server."""
    answers = {}
    for call in mix:
        if call.kind == "valid":
            response = await send(client, call)
            assert response.status_code == 200, (call.name, response.text[:300])
            answers[call.name] = response.content
    return answers


async def run_load(
    url: str, mix: list[tuple[Call, int]], seconds: float, answers: dict[str, bytes] | None
) -> Tally:
    tally = Tally()
    calls_, weights = zip(*mix, strict=True)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT, limits=limits) as client:

        async def worker(n: int) -> None:
            rng = random.Random(n)  # a fixed sequence per worker
            while time.monotonic() < deadline:
                call = rng.choices(calls_, weights)[0]
                tally.requests[call.kind] += 1
                started = time.monotonic()
                try:
                    response = await send(client, call)
                except httpx.TransportError as exc:
                    if call.kind == "oversized" and call.name == "body over the byte limit":
                        # answered 413 from the headers, the connection closed under the rest
                        # of the upload: the client may see that as a broken write
                        tally.requests["oversized, connection closed early"] += 1
                        continue
                    tally.failures.append(f"{call.name}: {type(exc).__name__}: {exc}")
                    continue
                if call.kind == "valid":
                    tally.latency.append(time.monotonic() - started)
                problem = check(call, response, answers)
                if problem:
                    tally.failures.append(f"{call.name}: {problem}")

        await asyncio.gather(*(worker(n) for n in range(CONCURRENCY)))
    return tally


def check(call: Call, response: httpx.Response, answers: dict[str, bytes] | None) -> str | None:
    if response.status_code != call.status:
        return f"status {response.status_code}, expected {call.status}: {response.text[:200]}"
    if call.kind == "valid":
        if answers is not None and response.content != answers[call.name]:
            return "a different answer under load than alone"
        return None
    body = response.json()
    if body.get("error") != call.error or not body.get("message"):
        return f"unclear error body {body}"
    return None


@pytest.fixture(scope="module")
def loaded_server(lexicon: Lexicon) -> Iterator[Server]:
    server = Server(
        env={
            "TRANSLIT_MAX_BODY_BYTES": str(MAX_BODY),
            "TRANSLIT_MAX_CHARS": str(MAX_CHARS),
            "TRANSLIT_LOG_LEVEL": "WARNING",  # one log line per request would fill the disk
        }
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_bounded_load_mixing_valid_oversized_and_malformed(loaded_server: Server) -> None:
    mix = calls(SEED.read_text(encoding="utf-8"))
    pid = loaded_server.proc.pid

    async def scenario() -> tuple[Tally, Tally, dict[str, float]]:
        async with httpx.AsyncClient(base_url=loaded_server.url, timeout=60) as client:
            answers = await expected_answers(client, [call for call, _ in mix])
        warm = await run_load(loaded_server.url, mix, WARMUP, answers)
        rss = {"after warm-up": rss_mb(pid)}
        peak = [rss["after warm-up"]]

        async def sample() -> None:
            while True:
                await asyncio.sleep(0.5)
                peak.append(rss_mb(pid))

        sampler = asyncio.ensure_future(sample())
        try:
            tally = await run_load(loaded_server.url, mix, DURATION, answers)
        finally:
            sampler.cancel()
        rss["end"], rss["peak"] = rss_mb(pid), max(peak)
        return warm, tally, rss

    warm, tally, rss = asyncio.run(scenario())
    total = sum(v for k, v in tally.requests.items() if "," not in k)
    latency = sorted(tally.latency)
    p50 = statistics.median(latency) if latency else 0.0
    p99 = latency[int(0.99 * (len(latency) - 1))] if latency else 0.0
    print(
        f"\nload: {DURATION:.0f} s at concurrency {CONCURRENCY} from 127.0.0.1: {total} requests "
        f"({total / DURATION:.0f}/s) {dict(tally.requests)}; failures {len(tally.failures)}; "
        f"valid latency p50 {p50 * 1000:.1f} ms p99 {p99 * 1000:.1f} ms\n"
        f"server RSS: {rss['after warm-up']:.1f} MB after warm-up ({sum(warm.requests.values())} "
        f"requests), {rss['end']:.1f} MB at the end, {rss['peak']:.1f} MB peak"
    )
    assert not warm.failures, warm.failures[:10]
    assert not tally.failures, tally.failures[:10]
    assert tally.requests["valid"] > 100 and tally.requests["malformed"] > 10
    assert tally.requests["oversized"] > 10
    assert loaded_server.proc.poll() is None, "the server died under load"
    assert rss["end"] <= 1.5 * rss["after warm-up"] + 50, rss
