"""The console script: normalize a file or stdin, plain or as the full JSON response."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import CACHE, SEED, console_script

ENV_CACHE = {"TRANSLIT_CACHE_DIR": str(CACHE)}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [console_script(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV_CACHE},
        timeout=300,
    )


def test_normalize_stdin(lexicon: object) -> None:
    done = run("normalize", stdin="three BPLAs over Kharkov\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "three UAVs over Kharkiv\n"


def test_normalize_file_json(lexicon: object) -> None:
    done = run("normalize", "--json", str(SEED))
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["text"] != SEED.read_text(encoding="utf-8")
    assert {a["original"] for a in body["annotations"] if a["applied"]} >= {"BPLAs"}


def test_normalize_suggest(lexicon: object, tmp_path: Path) -> None:
    path = tmp_path / "copy.txt"
    path.write_text("Kharkov", encoding="utf-8")
    done = run("normalize", "--mode", "suggest", str(path))
    assert done.stdout == "Kharkov"


def test_missing_file_is_a_clear_error() -> None:
    done = run("normalize", "/nonexistent/file.txt")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
