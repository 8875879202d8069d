"""Engine throughput: full normalize against the floors it is built on, in one process.

Every figure is a median over several runs of the same text; MB/s counts UTF-8 bytes of the
input (Russian text is two bytes a letter)."""

from __future__ import annotations

import collections
import gc
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from translit_api.engine.fold import fold
from translit_api.engine.lexicon import Lexicon
from translit_api.engine.pipeline import normalize
from translit_api.engine.scan import scan

__all__ = ["automaton_keys", "engine_suite", "measure", "regex_rate", "text_size_suite"]


def measure(fn: Callable[[], Any], nbytes: int, runs: int, budget: float = 60.0) -> dict:
    """Median MB/s of ``fn`` over ``runs`` runs (fewer once ``budget`` seconds have gone).

    ``mb_s`` is by the process's CPU time: the engine is single-threaded, so on an idle
    machine CPU time is wall time, and on a shared one (other test runs) it is the steadier
    figure. ``wall_mb_s`` is by the clock."""
    cpu: list[float] = []
    wall: list[float] = []
    started = time.perf_counter()
    for _ in range(runs):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        if time.perf_counter() - started > budget:
            break
    median = max(statistics.median(cpu), 1e-9)
    return {"mb_s": nbytes / median / 1e6, "wall_mb_s": nbytes / statistics.median(wall) / 1e6,
            "seconds": median, "runs": len(cpu), "min_s": min(cpu), "max_s": max(cpu)}  # fmt: skip


def automaton_keys(lexicon: Lexicon) -> list[str]:
    """The folded keys of the lexicon (its automaton stores them between boundary spaces)."""
    return [key.strip() for key in lexicon.automaton.keys()]  # noqa: SIM118 (not a dict)


def _drain(iterator: Any) -> None:
    collections.deque(iterator, maxlen=0)


def _flashtext(keys: list[str]) -> tuple[Any, float]:
    from flashtext import KeywordProcessor

    t0 = time.perf_counter()
    processor = KeywordProcessor(case_sensitive=False)
    # flashtext's word characters are ASCII only, so a Cyrillic letter would end a word and
    # Russian keys would match inside words: Cyrillic letters are word characters here.
    processor.set_non_word_boundaries(
        processor.non_word_boundaries | {chr(c) for c in range(0x400, 0x530)}
    )
    for key in keys:
        processor.add_keyword(key)
    return processor, time.perf_counter() - t0


def engine_suite(
    lexicon: Lexicon, texts: dict[str, str], runs: int, flashtext: bool = True
) -> dict[str, Any]:
    """normalize, the engine's scan stage, the raw automaton, and flashtext, per text."""
    keys = automaton_keys(lexicon)
    out: dict[str, Any] = {"keys": len(keys)}
    automaton = lexicon.automaton
    processor, build = _flashtext(keys) if flashtext else (None, 0.0)
    out["flashtext_build_s"] = build
    for name, text in texts.items():
        nbytes = len(text.encode("utf-8"))
        folded = fold(text)
        padded = f" {folded} "
        normalize(text[:20_000], lexicon)  # warm: word list, fuzzy memo of the article's names
        result = normalize(text, lexicon)
        row: dict[str, Any] = {
            "bytes": nbytes,
            "chars": len(text),
            "annotations": len(result.annotations),
            "candidates": len(scan(automaton, folded)),
        }
        row["normalize"] = measure(lambda t=text: normalize(t, lexicon), nbytes, runs)
        row["fold_scan"] = measure(lambda t=text: scan(automaton, fold(t)), nbytes, runs)
        row["ac_raw"] = measure(lambda p=padded: _drain(automaton.iter(p)), nbytes, runs)
        row["fold"] = measure(lambda t=text: fold(t), nbytes, runs)
        if processor is not None:
            row["flashtext"] = measure(
                lambda t=text, p=processor: p.extract_keywords(t), nbytes, max(1, runs - 2)
            )
            row["flashtext"]["build_s"] = build
            row["flashtext"]["hits"] = len(processor.extract_keywords(text))
        out[name] = row
    return out


def regex_rate(keys: list[str], texts: dict[str, str], runs: int = 3) -> dict[str, Any]:
    """A Python ``re`` alternation of every key (longest first, whole words, any case) over
    each text: compile time and MB/s. Run it in a subprocess with a timeout; it may not
    finish."""
    escaped = (re.escape(k).replace(r"\ ", r"\W+") for k in sorted(keys, key=len, reverse=True))
    t0 = time.perf_counter()
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(escaped)})(?!\w)", re.IGNORECASE)
    out: dict[str, Any] = {"compile_s": time.perf_counter() - t0}
    for name, text in texts.items():
        nbytes = len(text.encode("utf-8"))
        rate = measure(lambda t=text: _drain(pattern.finditer(t)), nbytes, runs, budget=10.0)
        rate["sample_bytes"] = nbytes
        out[name] = rate
    return out


def text_size_suite(lexicon: Lexicon, text: str, sizes: list[int], runs: int) -> list[dict]:
    """normalize and the raw automaton on growing prefixes of ``text``: cost per byte should
    stay flat (linear time)."""
    rows = []
    for size in sizes:
        part = text[:size]
        nbytes = len(part.encode("utf-8"))
        padded = f" {fold(part)} "
        reps = max(1, min(200, 300_000 // max(size, 1)))  # small texts: time a batch

        def run_normalize(p: str = part, n: int = reps) -> None:
            for _ in range(n):
                normalize(p, lexicon)

        def run_ac(p: str = padded, n: int = reps) -> None:
            for _ in range(n):
                _drain(lexicon.automaton.iter(p))

        rows.append(
            {
                "chars": len(part),
                "bytes": nbytes,
                "normalize": measure(run_normalize, nbytes * reps, runs),
                "ac_raw": measure(run_ac, nbytes * reps, runs),
            }
        )
    return rows
