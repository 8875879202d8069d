"""Shared fixtures: the real glossary compiled once, and the real server on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from translit_api import Lexicon, load_glossary
from translit_api.engine.lexicon import load_or_compile

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary"
SEED = ROOT / "seeds" / "belgorod-drones-article.txt"
# Compiled lexicons are cached by glossary content hash; tests and servers share the cache.
CACHE = ROOT / ".cache" / "lexicon"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def console_script(name: str = "translit-api") -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else shutil.which(name) or name


class Server:
    """A translit-api process started through its console script."""

    def __init__(self, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "TRANSLIT_CACHE_DIR": str(CACHE), **(env or {})}
        # A file, not a pipe: a pipe nobody reads fills up with request logs and blocks the
        # server.
        self.log = tempfile.NamedTemporaryFile(prefix="translit-server-", suffix=".log")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [console_script(), "serve", "--host", "127.0.0.1", "--port", str(self.port), *args],
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        with open(self.log.name, encoding="utf-8", errors="replace") as fh:
            return fh.read()

    def wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"server on {self.url} not ready after {timeout}s")

    def __enter__(self) -> Server:
        self.wait_ready()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_or_compile(load_glossary(GLOSSARY), CACHE)


@pytest.fixture(scope="session")
def server_url(lexicon: Lexicon) -> Iterator[str]:
    # The lexicon fixture has filled the cache, so the server starts from it.
    with Server() as server:
        yield server.url


@pytest.fixture(scope="session")
def client(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=60) as c:
        yield c


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
