"""Every ``TRANSLIT_*`` setting, read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Settings", "get_settings", "load_settings"]

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (editable install) the curated glossary sits at the repository root.
_SOURCE_GLOSSARY = _PACKAGE_DIR.parent.parent / "glossary"


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Field names match the environment variables without the prefix."""

    glossary_dir: Path = _SOURCE_GLOSSARY
    max_chars: int = 1_000_000
    max_body_bytes: int = 8_000_000
    max_annotations: int = 10_000
    max_html_depth: int = 256
    api_keys: tuple[str, ...] = ()
    admin_keys: tuple[str, ...] = ()
    webhook_secret: str | None = None
    log_level: str = "INFO"
    log_format: str = "json"
    cors_origins: tuple[str, ...] = ()
    request_timeout: float = 30.0
    reload_interval: float = 0.0
    cache_dir: Path | None = field(default=None)
    style: str = "en-US"
    fuzzy: bool = True


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    defaults = Settings()

    def get(name: str) -> str | None:
        value = env.get(f"TRANSLIT_{name}")
        return value if value not in (None, "") else None

    def number(name: str, default: float, kind: type = int, zero: bool = False) -> float:
        raw = get(name)
        if raw is None:
            return default
        try:
            value = kind(raw)
        except ValueError as exc:
            raise ValueError(f"TRANSLIT_{name} must be a number, got {raw!r}") from exc
        if value < 0 or (value == 0 and not zero):
            raise ValueError(f"TRANSLIT_{name} must be positive, got {raw!r}")
        return value

    cache = get("CACHE_DIR")
    if cache is None:  # compiling takes seconds; the cache is keyed by content and code
        home = Path(env.get("HOME") or Path.home())
        cache = str(Path(env.get("XDG_CACHE_HOME") or home / ".cache") / "translit-api")
    return Settings(
        glossary_dir=Path(get("GLOSSARY_DIR") or defaults.glossary_dir),
        max_chars=int(number("MAX_CHARS", defaults.max_chars)),
        max_body_bytes=int(number("MAX_BODY_BYTES", defaults.max_body_bytes)),
        max_annotations=int(number("MAX_ANNOTATIONS", defaults.max_annotations)),
        max_html_depth=int(number("MAX_HTML_DEPTH", defaults.max_html_depth)),
        api_keys=_split(get("API_KEYS") or ""),
        admin_keys=_split(get("ADMIN_KEYS") or ""),
        webhook_secret=get("WEBHOOK_SECRET"),
        log_level=(get("LOG_LEVEL") or defaults.log_level).upper(),
        log_format=(get("LOG_FORMAT") or defaults.log_format).lower(),
        cors_origins=_split(get("CORS_ORIGINS") or ""),
        request_timeout=float(number("REQUEST_TIMEOUT", defaults.request_timeout, float)),
        reload_interval=float(number("RELOAD_INTERVAL", 0.0, float, zero=True)),  # 0: off
        cache_dir=None if cache.lower() == "off" else Path(cache),
        style=get("STYLE") or defaults.style,
        fuzzy=_bool(get("FUZZY") or "true"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
