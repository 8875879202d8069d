"""``python -m bench`` (``make bench``; ``make bench QUICK=1`` for the two-minute variant).

Runs every measurement in its own process, prints the tables, and writes them with the raw
figures to ``bench/results/`` (git-ignored): ``bench-<time>.json``, ``latest.json``,
``latest.md``, ``scaling.png`` and the hot-path profile ``profile.txt``/``profile.html``."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .report import markdown, plot

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
REAL = ROOT / "glossary"
# Synthetic glossaries: entries written so that the real generator makes ~this many forms
# (about 19 forms an entry; the table reports the count compile_lexicon gives).
SYNTHETIC = {"syn-10k": 530, "syn-100k": 5_300, "syn-1m": 53_000}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_task(task: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """A worker process; its JSON answer, or {"error": ...} (timeouts included)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.worker", task, json.dumps(args)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"error": f"failed: {' | '.join(tail)[-300:]}"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["task_s"] = time.perf_counter() - started
    return result


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        git = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    except OSError:
        git = "?"
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "git": f"git {git}", "load_avg": os.getloadavg()}  # fmt: skip


def synthetic_glossary(name: str, entries: int) -> Path:
    """The synthetic glossary folder, written again only when the generator changed."""
    folder = RESULTS / "glossaries" / name
    digest = hashlib.sha256((ROOT / "bench" / "synth.py").read_bytes()).hexdigest()[:12]
    marker = folder / ".made"
    want = f"{entries} {digest}"
    if marker.exists() and marker.read_text() == want:
        return folder
    log(f"writing synthetic glossary {name} ({entries:,} entries)")
    result = run_task("synth", {"real": str(REAL), "folder": str(folder), "entries": entries},
                      timeout=600)  # fmt: skip
    if "error" in result:
        raise RuntimeError(f"{name}: {result['error']}")
    marker.write_text(want)
    return folder


def prune_cache(folder: Path) -> None:
    """Keep the newest compiled lexicon of a glossary (older ones are for older code)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stray in folder.parent.glob("*.pickle"):  # the flat layout of earlier runs
        stray.unlink()
    files = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in files[:-1]:
        old.unlink()
    for tmp in folder.glob("*.tmp"):
        tmp.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        default=os.environ.get("QUICK") == "1",
        help="the two-minute variant (smaller texts, no 1M glossary, short HTTP)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["engine", "startup", "http", "regex", "profile", "1m"],
    )
    parser.add_argument("--http-seconds", type=float, default=None)
    parser.add_argument(
        "--report", action="store_true", help="only print results/latest.json as tables again"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the sections of results/latest.json that this run skips "
        "(e.g. re-run only the HTTP figures on a quieter machine)",
    )
    args = parser.parse_args(argv)
    if args.report:
        doc = json.loads((RESULTS / "latest.json").read_text("utf-8"))
        (RESULTS / "latest.md").write_text(markdown(doc) + "\n", "utf-8")
        plot(doc, RESULTS / "scaling.png")
        print(markdown(doc))
        return 0
    quick = args.quick
    skip = set(args.skip)
    RESULTS.mkdir(parents=True, exist_ok=True)
    cache = RESULTS / "cache"
    started = time.perf_counter()
    doc: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M"), "quick": quick,
                           "machine": machine(), "engine": {}, "startup": {}}  # fmt: skip
    if args.merge and (RESULTS / "latest.json").exists():
        previous = json.loads((RESULTS / "latest.json").read_text("utf-8"))
        kept = {"startup": "startup", "engine": "engine", "http": "http", "profile": "profile"}
        doc["merged_from"] = {}
        for section, flag in kept.items():
            if flag in skip and section in previous:
                doc[section] = previous[section]
                doc["merged_from"][section] = previous["started"]
    log(f"{doc['machine']['cores']} cores; {'quick' if quick else 'full'} run")

    glossaries: dict[str, Path] = {"real": REAL}
    for name, entries in SYNTHETIC.items():
        if name == "syn-1m" and (quick or "1m" in skip):
            continue
        glossaries[name] = synthetic_glossary(name, entries)

    for name in glossaries:
        prune_cache(cache / name)

    # Start-up: a cold compile (which also writes the cache), then a worker's start from it.
    if "startup" not in skip:
        for name, folder in glossaries.items():
            big = name == "syn-1m"
            where = {"glossary": str(folder), "cache": str(cache / name)}
            if quick:  # the cold compile only when there is no cache yet (the first run)
                warm = run_task("worker", where, timeout=600)
                cold = {"skipped": "quick run: the cache was there"}
                if warm.get("cached") is False:
                    cold = {"compile_s": warm["cache_load_s"], "stats": warm["stats"]}
                    warm = run_task("worker", where, timeout=600)
            else:
                log(f"start-up {name}: cold compile")
                cold = run_task("compile", where, timeout=1500 if big else 600)
                log(f"start-up {name}: worker from cache")
                warm = run_task("worker", where, timeout=900 if big else 300)
            for _ in range(2):  # the engine's code changed meanwhile (other work in the tree)
                if warm.get("cached") is not False:
                    break
                log(f"start-up {name}: the cache went stale (the code changed); again")
                warm = run_task("worker", where, timeout=900 if big else 600)
            doc["startup"][name] = {"compile": cold, "worker": warm}
            figures = {k: round(v, 2) for k, v in {**cold, **warm}.items()
                       if isinstance(v, float)}  # fmt: skip
            log(f"  start-up {name}: {figures}")

    # Engine: normalize against the floors, per glossary; the regex in its own process.
    if "engine" not in skip:
        for name, folder in glossaries.items():
            big = name == "syn-1m"
            en_size = 300_000 if quick else 3_000_000
            ru_size = 100_000 if quick else 1_000_000
            regex_file = RESULTS / f"regex-{name}.json"
            sizes = [3_000, 30_000, 300_000] + ([] if quick else [3_000_000])
            task_args = {"glossary": str(folder), "cache": str(cache / name), "en_size": en_size,
                         "ru_size": ru_size, "runs": 3 if quick else 5,
                         "sizes": sizes if name == "real" else None,
                         "regex_file": str(regex_file), "regex_sample": 5_000 if quick else 10_000,
                         "flashtext": True}  # fmt: skip
            log(f"engine {name}")
            result = run_task("engine", task_args, timeout=1800 if big else 900)
            if "regex" not in skip and regex_file.exists():
                limit = 15 if quick else 60
                log(f"engine {name}: re alternation (at most {limit} s)")
                result["regex"] = run_task("regex", {"file": str(regex_file), "runs": 3},
                                           timeout=limit)  # fmt: skip
                regex_file.unlink()
            doc["engine"][name] = result
            if "error" not in result:
                en = result["en"]
                rates = {k: round(en[k]["mb_s"], 2) for k in ("normalize", "ac_raw", "flashtext")}
                log(f"  {name} English MB/s: {rates}")
            else:
                log(f"  {name}: {result['error']}")

    doc["load_avg"] = {"start": doc["machine"]["load_avg"], "after_engine": os.getloadavg()}
    if "http" not in skip:
        log("HTTP: /echo and /normalize, 1 and 2 workers")
        before = os.getloadavg()[0]
        doc["http"] = run_http(cache / "real", quick, args.http_seconds)
        doc["http"]["load_avg"] = [before, os.getloadavg()[0]]

    if "profile" not in skip:
        log("profile of normalize (pyinstrument)")
        doc["profile"] = run_task(
            "profile",
            {"glossary": str(REAL), "cache": str(cache / "real"),
             "size": 300_000 if quick else 1_000_000,
             "out": str(RESULTS / "profile.txt"), "repeat": 2 if quick else 3},
            timeout=300,
        )  # fmt: skip

    doc["load_avg"]["end"] = os.getloadavg()
    doc["elapsed_s"] = time.perf_counter() - started
    table = markdown(doc)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(doc, indent=1, default=str), "utf-8")
    (RESULTS / "latest.md").write_text(table + "\n", "utf-8")
    image = plot(doc, RESULTS / "scaling.png")
    print(table)
    print(f"results: {RESULTS / 'latest.json'}" + (f", plot: {image}" if image else ""))
    return 0


def run_http(cache: Path, quick: bool, seconds: float | None) -> dict[str, Any]:
    from translit_api import load_glossary
    from translit_api.engine.lexicon import load_or_compile

    from .corpus import article
    from .http import http_suite

    lexicon = load_or_compile(load_glossary(REAL), cache)
    articles = [article(lexicon, 3000, seed=100 + i) for i in range(20)]
    env = {"TRANSLIT_CACHE_DIR": str(cache), "TRANSLIT_GLOSSARY_DIR": str(REAL)}
    try:
        return http_suite(articles, [1, 2], seconds or (3 if quick else 6), 32, env,
                          rounds=1 if quick else 3)  # fmt: skip
    except Exception as exc:  # a server that does not start is a result, not a crash
        return {"error": f"{type(exc).__name__}: {exc}"[:500]}


if __name__ == "__main__":
    raise SystemExit(main())
