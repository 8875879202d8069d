"""HTTP: POST /normalize against POST /echo (the same app, request parsing and response, no
normalization) under a fixed concurrency for a fixed time, with 1 and 2 uvicorn workers.

Load comes from ``wrk`` when it is installed (a C load generator: it takes less of the two
cores than any Python one), else from a bounded async httpx loop. Loopback only."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

__all__ = ["http_suite"]

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class _Server:
    def __init__(self, workers: int, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.workers = workers
        # The service logs every request (JSON access log): to a file, as in production; a
        # pipe nobody reads would fill and stall the server.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-server-", suffix=".log")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.echo_app:create",
                "--factory",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 300.0) -> float:
        """Seconds until every worker answers /readyz (several 200s in a row)."""
        started = time.monotonic()
        streak = 0
        with httpx.Client(timeout=2) as client:
            while time.monotonic() - started < timeout:
                if self.proc.poll() is not None:
                    err = Path(self.log.name).read_text(errors="replace")
                    raise RuntimeError(f"server exited: {err[-2000:]}")
                try:
                    ok = client.get(f"{self.url}/readyz").status_code == 200
                except httpx.TransportError:
                    ok = False
                streak = streak + 1 if ok else 0
                if streak >= 8 * self.workers:
                    return time.monotonic() - started
                time.sleep(0.02 if ok else 0.1)
        raise TimeoutError(f"{self.url} not ready in {timeout}s")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (the children of the uvicorn master)."""
        pids = [self.proc.pid]
        if self.workers > 1:
            pids = [p for p in _children(self.proc.pid) if _is_worker(p)] or pids
        out = []
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out.append(int(line.split()[1]) / 1024)
            except OSError:
                pass
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def _children(parent: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            out.append(int(stat.parent.name))
    return out


def _is_worker(pid: int) -> bool:
    """A uvicorn worker, not multiprocessing's resource tracker."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"resource_tracker" not in cmdline


def _wrk(url: str, bodies: list[bytes], seconds: float, connections: int,
         threads: int) -> dict[str, Any]:  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        table = ",\n".join(_lua_string(b) for b in bodies)
        script.write_text(
            f"local bodies = {{\n{table}\n}}\n"
            "local i = 0\n"
            'local headers = {["Content-Type"] = "application/json"}\n'
            "request = function()\n"
            "  i = i % #bodies + 1\n"
            '  return wrk.format("POST", nil, headers, bodies[i])\n'
            "end\n"
        )
        run = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    return _parse_wrk(run.stdout + run.stderr)


def _lua_string(body: bytes) -> str:
    # A long bracket string holds any bytes but its closing bracket; pick a level not in it.
    level = 0
    while f"]{'=' * level}]".encode() in body:
        level += 1
    eq = "=" * level
    return f"[{eq}[{body.decode('utf-8')}]{eq}]"


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not found:
        raise ValueError(value)
    return float(found.group(1)) * _UNITS[found.group(2)]


def _parse_wrk(output: str) -> dict[str, Any]:
    out: dict[str, Any] = {"tool": "wrk"}
    for pct in ("50", "75", "90", "99"):
        found = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
        if found:
            out[f"p{pct}_ms"] = _ms(found.group(1))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    out["rps"] = float(rps.group(1)) if rps else 0.0
    total = re.search(r"(\d+) requests in", output)
    out["requests"] = int(total.group(1)) if total else 0
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    out["errors"] = int(errors.group(1)) if errors else 0
    if socket_errors:
        out["socket_errors"] = socket_errors.group(1).strip()
    if not rps:
        out["raw"] = output[-2000:]
    return out


async def _httpx_load(url: str, bodies: list[bytes], seconds: float,
                      connections: int) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def user() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline:
                body = bodies[sent % len(bodies)]
                sent += 1
                t0 = time.perf_counter()
                try:
                    response = await client.post(url, content=body, headers=headers)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1e3)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0.0

    return {"tool": "httpx", "rps": len(latencies) / elapsed, "requests": len(latencies),
            "errors": errors, "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
            "mean_ms": statistics.fmean(latencies) if latencies else 0.0}  # fmt: skip


def _load(url: str, bodies: list[bytes], seconds: float, connections: int) -> dict[str, Any]:
    if shutil.which("wrk"):
        return _wrk(url, bodies, seconds, connections, threads=2)
    return asyncio.run(_httpx_load(url, bodies, seconds, connections))


def http_suite(articles: list[str], workers: list[int], seconds: float, connections: int,
               env: dict[str, str], rounds: int = 1) -> dict[str, Any]:  # fmt: skip
    """req/s and latency of /echo and /normalize for each worker count, the requests cycling
    through ``articles``. With ``rounds`` > 1 the endpoints alternate and each figure is the
    median round."""
    bodies = [json.dumps({"text": a}).encode() for a in articles]
    out: dict[str, Any] = {
        "article_bytes": round(statistics.fmean(len(a.encode()) for a in articles)),
        "articles": len(articles), "connections": connections, "seconds": seconds,
        "rounds": rounds, "tool": "wrk" if shutil.which("wrk") else "httpx (async, bounded)",
    }  # fmt: skip
    headers = {"Content-Type": "application/json"}
    for n in workers:
        server = _Server(n, env)
        try:
            ready_s = server.wait_ready()
            annotations = 0
            with httpx.Client(base_url=server.url, timeout=30) as client:
                for body in bodies:
                    checked = client.post("/normalize", content=body, headers=headers)
                    checked.raise_for_status()
                    annotations += len(checked.json().get("annotations", []))
                    client.post("/echo", content=body, headers=headers).raise_for_status()
                for i in range(60 * n):  # warm every worker
                    client.post("/normalize", content=bodies[i % len(bodies)], headers=headers)
            runs: dict[str, list[dict]] = {"echo": [], "normalize": []}
            for _ in range(rounds):
                for endpoint in ("echo", "normalize"):
                    runs[endpoint].append(
                        _load(f"{server.url}/{endpoint}", bodies, seconds, connections)
                    )
            row: dict[str, Any] = {
                "ready_s": ready_s,
                "annotations_per_article": annotations / len(bodies),
                "worker_rss_mb": server.worker_rss_mb(),
            }
            for endpoint, results in runs.items():
                results.sort(key=lambda r: r["rps"])
                row[endpoint] = results[len(results) // 2]
                row[endpoint]["all_rps"] = [r["rps"] for r in results]
            out[str(n)] = row
        finally:
            server.stop()
    return out
