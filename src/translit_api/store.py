"""The compiled glossary a process serves, swapped whole on reload.

Readers take one reference to a Lexicon and use it for the whole request, so a request that
overlaps a reload sees one consistent glossary. A reload validates and compiles first; a broken
glossary is rejected with its problems and the old lexicon keeps serving."""

from __future__ import annotations

import threading
from pathlib import Path

from .engine.lexicon import Lexicon, load_or_compile
from .glossary.load import load_glossary

__all__ = ["LexiconStore"]


class LexiconStore:
    def __init__(self, glossary_dir: Path, cache_dir: Path | None = None) -> None:
        self.glossary_dir = Path(glossary_dir)
        self.cache_dir = cache_dir
        self._lexicon: Lexicon | None = None
        self._lock = threading.Lock()
        self.reloads = 0
        self.reload_failures = 0

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
            return lexicon

    def _build(self) -> Lexicon:
        return load_or_compile(load_glossary(self.glossary_dir), self.cache_dir)
