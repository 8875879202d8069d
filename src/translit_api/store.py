"""The compiled glossary a process serves, swapped whole on reload.

Readers take one reference to a Lexicon and use it for the whole request, so a request that
overlaps a reload sees one consistent glossary. A reload validates and compiles first; a broken
glossary is rejected with its problems and the old lexicon keeps serving."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from .engine.lexicon import Lexicon, load_or_compile
from .glossary.load import glossary_files, load_glossary

log = logging.getLogger(__name__)

__all__ = ["LexiconStore"]


class LexiconStore:
    def __init__(self, glossary_dir: Path, cache_dir: Path | None = None) -> None:
        self.glossary_dir = Path(glossary_dir)
        self.cache_dir = cache_dir
        self._lexicon: Lexicon | None = None
        self._lock = threading.Lock()
        self._fingerprint: tuple = ()
        self.reloads = 0
        self.reload_failures = 0
        self.on_change: list[Callable[[Lexicon], None]] = []

    @property
    def ready(self) -> bool:
        return self._lexicon is not None

    def current(self) -> Lexicon:
        """The lexicon in service, loading it on first use."""
        lexicon = self._lexicon
        if lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    self._lexicon = self._build()
                    for callback in self.on_change:
                        callback(self._lexicon)
                lexicon = self._lexicon
        return lexicon

    def reload(self) -> Lexicon:
        """Re-read the glossary folder; on any error raise and keep serving the old one."""
        with self._lock:
            try:
                lexicon = self._build()
            except Exception:
                self.reload_failures += 1
                raise
            self._lexicon = lexicon
            self.reloads += 1
        for callback in self.on_change:
            callback(lexicon)
        return lexicon

    def fingerprint(self) -> tuple:
        """Names, sizes and modification times of the glossary files: cheap to compare."""
        try:
            return tuple(
                (str(p), p.stat().st_size, p.stat().st_mtime_ns)
                for p in glossary_files(self.glossary_dir)
            )
        except OSError:
            return ()

    def reload_if_changed(self) -> bool:
        """Reload when the files changed since the last load (for a mounted glossary)."""
        if not self.ready or self.fingerprint() == self._fingerprint:
            return False
        try:
            self.reload()
        except Exception as exc:
            log.error("glossary reload rejected, still serving the old one: %s", exc)
            self._fingerprint = self.fingerprint()  # do not retry the same broken files
            return False
        return True

    def watch(self, interval: float, stop: threading.Event) -> None:
        """Check for changed files every ``interval`` seconds until ``stop`` is set."""
        while not stop.wait(interval):
            self.reload_if_changed()

    def _build(self) -> Lexicon:
        fingerprint = self.fingerprint()
        lexicon = load_or_compile(load_glossary(self.glossary_dir), self.cache_dir)
        self._fingerprint = fingerprint
        return lexicon
