"""translit-api: repair mangled Russian and Ukrainian names in English news copy, and
transliterate Cyrillic, against a curated glossary.

    >>> import translit_api
    >>> translit_api.normalize("three BPLAs over the Shbekinskij district").text
    'three UAVs over the Shebekino district'
"""

from __future__ import annotations

from functools import lru_cache

from .config import Settings, get_settings
from .engine.lexicon import Lexicon, compile_lexicon
from .engine.pipeline import Annotation, Format, Mode, NormalizeResult
from .engine.pipeline import normalize as _normalize
from .errors import GlossaryInvalid, InputTooLarge, TranslitError, UnknownOption
from .glossary.load import load_glossary
from .glossary.model import Entry, Glossary
from .store import LexiconStore
from .translit import Transliteration, transliterate

__all__ = [
    "Annotation",
    "Entry",
    "Format",
    "Glossary",
    "GlossaryInvalid",
    "InputTooLarge",
    "Lexicon",
    "LexiconStore",
    "Mode",
    "NormalizeResult",
    "Settings",
    "TranslitError",
    "Transliteration",
    "UnknownOption",
    "compile_lexicon",
    "default_store",
    "load_glossary",
    "normalize",
    "transliterate",
]


@lru_cache(maxsize=1)
def default_store() -> LexiconStore:
    """The store for the glossary named by ``TRANSLIT_GLOSSARY_DIR`` (the bundled one)."""
    settings = get_settings()
    return LexiconStore(settings.glossary_dir, settings.cache_dir)


def normalize(
    text: str,
    *,
    mode: Mode | str = Mode.REPLACE,
    format: Format | str = Format.TEXT,
    style: str | None = None,
    lexicon: Lexicon | None = None,
    fuzzy: bool | None = None,
) -> NormalizeResult:
    """Repair ``text`` (plain text or raw HTML) against ``lexicon`` (default: the configured
    glossary) in house ``style`` (default: ``TRANSLIT_STYLE``, else en-US).
    Raises :class:`InputTooLarge` above ``TRANSLIT_MAX_CHARS`` code points."""
    settings = get_settings()
    if len(text) > settings.max_chars:
        raise InputTooLarge(len(text), settings.max_chars)
    lexicon = lexicon or default_store().current()
    return _normalize(
        text,
        lexicon,
        mode=mode,
        fuzzy=settings.fuzzy if fuzzy is None else fuzzy,
        format=format,
        max_html_depth=settings.max_html_depth,
        style=settings.style if style is None else style,
    )
