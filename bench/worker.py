"""One measurement in a fresh process (clean memory figures, nothing shared between runs):
``python -m bench.worker TASK '<json args>'`` prints its result as JSON on the last line."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["rss_mb"]


def rss_mb() -> dict[str, float]:
    """Resident memory of this process now and at its peak, in MB."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key = "rss_mb" if line.startswith("VmRSS") else "peak_rss_mb"
                out[key] = int(line.split()[1]) / 1024
    return out


def task_synth(args: dict[str, Any]) -> dict[str, Any]:
    from translit_api import load_glossary

    from .synth import cyrillic_names, write_glossary

    t0 = time.perf_counter()
    real = load_glossary(args["real"])
    names = cyrillic_names(real)
    write_glossary(Path(args["folder"]), args["entries"], names=names)
    return {"seconds": time.perf_counter() - t0}


def task_compile(args: dict[str, Any]) -> dict[str, Any]:
    """Cold start: read the YAML, generate and compile every form, write the cache."""
    import pickle

    from translit_api import compile_lexicon, load_glossary
    from translit_api.engine.lexicon import _cache_path

    base = rss_mb()["rss_mb"]
    t0 = time.perf_counter()
    glossary = load_glossary(args["glossary"])
    t1 = time.perf_counter()
    lexicon = compile_lexicon(glossary)
    t2 = time.perf_counter()
    out: dict[str, Any] = {"yaml_s": t1 - t0, "compile_s": t2 - t1, "stats": lexicon.stats}
    cache_dir = Path(args["cache"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = _cache_path(cache_dir, glossary, True)
    with path.open("wb") as fh:
        pickle.dump(lexicon, fh, protocol=pickle.HIGHEST_PROTOCOL)
    out["cache_write_s"] = time.perf_counter() - t2
    out["cache_mb"] = path.stat().st_size / 1e6
    gc.collect()
    out.update(rss_mb())
    out["python_base_rss_mb"] = base
    return out


def task_worker(args: dict[str, Any]) -> dict[str, Any]:
    """A service worker's start from the cache: the app imported, the glossary read, the
    compiled lexicon loaded; its resident memory then."""
    os.environ["TRANSLIT_GLOSSARY_DIR"] = args["glossary"]
    os.environ["TRANSLIT_CACHE_DIR"] = args["cache"]
    from translit_api import load_glossary
    from translit_api.api.app import create_app
    from translit_api.engine.lexicon import _cache_path, load_or_compile

    create_app()
    imported = rss_mb()["rss_mb"]
    t0 = time.perf_counter()
    glossary = load_glossary(args["glossary"])
    t1 = time.perf_counter()
    cached = _cache_path(Path(args["cache"]), glossary, True).exists()
    lexicon = load_or_compile(glossary, Path(args["cache"]))
    t2 = time.perf_counter()
    gc.collect()
    out = {"yaml_s": t1 - t0, "cache_load_s": t2 - t1, "start_s": t2 - t0, "cached": cached,
           "stats": lexicon.stats, "app_rss_mb": imported}  # fmt: skip
    out.update(rss_mb())
    return out


def _load(args: dict[str, Any]):
    from translit_api import load_glossary
    from translit_api.engine.lexicon import _cache_path, load_or_compile

    glossary = load_glossary(args["glossary"])
    args["cached"] = _cache_path(Path(args["cache"]), glossary, True).exists()
    return load_or_compile(glossary, Path(args["cache"]))


def task_engine(args: dict[str, Any]) -> dict[str, Any]:
    from .corpus import english_text, russian_text
    from .engine import automaton_keys, engine_suite, text_size_suite

    lexicon = _load(args)
    texts = {
        "en": english_text(lexicon, args["en_size"]),
        "ru": russian_text(lexicon, args["ru_size"]),
    }
    out: dict[str, Any] = {"stats": lexicon.stats, "cached": args["cached"]}
    out.update(engine_suite(lexicon, texts, args["runs"], flashtext=args.get("flashtext", True)))
    if args.get("sizes"):
        out["text_sizes"] = text_size_suite(lexicon, texts["en"], args["sizes"], args["runs"])
    if args.get("regex_file"):  # the inputs of the regex run, which may not finish
        payload = {"keys": automaton_keys(lexicon),
                   "texts": {k: v[: args["regex_sample"]] for k, v in texts.items()}}  # fmt: skip
        Path(args["regex_file"]).write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    out.update(rss_mb())
    return out


def task_regex(args: dict[str, Any]) -> dict[str, Any]:
    from .engine import regex_rate

    payload = json.loads(Path(args["file"]).read_text("utf-8"))
    return regex_rate(payload["keys"], payload["texts"], args.get("runs", 3))


def task_profile(args: dict[str, Any]) -> dict[str, Any]:
    from pyinstrument import Profiler

    from translit_api.engine.pipeline import normalize

    from .corpus import english_text

    lexicon = _load(args)
    text = english_text(lexicon, args["size"])
    normalize(text, lexicon)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.get("repeat", 3)):
        normalize(text, lexicon)
    profiler.stop()
    report = profiler.output_text(unicode=False, color=False)
    Path(args["out"]).write_text(report, "utf-8")
    Path(args["out"]).with_suffix(".html").write_text(profiler.output_html(), "utf-8")
    return {"seconds": profiler.last_session.duration if profiler.last_session else None}


TASKS = {
    "synth": task_synth,
    "compile": task_compile,
    "worker": task_worker,
    "engine": task_engine,
    "regex": task_regex,
    "profile": task_profile,
}


def main() -> None:
    task, raw = sys.argv[1], sys.argv[2]
    result = TASKS[task](json.loads(raw))
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
