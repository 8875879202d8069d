"""The ``TRANSLIT_API`` Django setting, read on every use (so ``override_settings`` works)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks

__all__ = ["DEFAULTS", "Config", "check_settings", "get_config"]

DEFAULTS: dict[str, Any] = {
    "URL": None,  # e.g. "http://translit-api:8000"; unset: the integration does nothing
    "API_KEY": None,  # sent as "Authorization: Bearer <key>"
    "WEBHOOK_SECRET": None,  # "whsec_<base64>": sign each request (Standard Webhooks)
    "TIMEOUT": 3.0,  # seconds, per attempt
    "RETRIES": 2,  # extra attempts after a timeout, connection error, 429, 502, 503, 504
    "BACKOFF": 0.25,  # seconds before the first retry, doubling after
    "TRIGGER": "publish",  # "publish" or "save" (every saved revision, drafts too)
    "MODE": "replace",  # "replace": write repairs back; "suggest": only report them
    "FIELDS": None,  # None: every RichTextField and StreamField; or a list of field names
    "ENABLED": True,
}

TRIGGERS = ("publish", "save")
MODES = ("replace", "suggest")


@dataclass(frozen=True)
class Config:
    url: str | None
    api_key: str | None
    webhook_secret: str | None
    timeout: float
    retries: int
    backoff: float
    trigger: str
    mode: str
    fields: tuple[str, ...] | None
    enabled: bool

    @property
    def active(self) -> bool:
        return bool(self.enabled and self.url)


def get_config() -> Config:
    raw = {**DEFAULTS, **(getattr(settings, "TRANSLIT_API", None) or {})}
    fields = raw["FIELDS"]
    if isinstance(fields, str):
        fields = (fields,)
    return Config(
        url=raw["URL"] or None,
        api_key=raw["API_KEY"] or None,
        webhook_secret=raw["WEBHOOK_SECRET"] or None,
        timeout=float(raw["TIMEOUT"]),
        retries=int(raw["RETRIES"]),
        backoff=float(raw["BACKOFF"]),
        trigger=str(raw["TRIGGER"]),
        mode=str(raw["MODE"]),
        fields=tuple(fields) if isinstance(fields, Sequence) else None,
        enabled=bool(raw["ENABLED"]),
    )


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``manage.py check``: say so when the integration is installed but cannot work."""
    messages: list[checks.CheckMessage] = []
    try:
        config = get_config()
    except (TypeError, ValueError) as exc:
        return [checks.Error(f"TRANSLIT_API is malformed: {exc}", id="translit_api.E001")]
    if config.enabled and not config.url:
        messages.append(
            checks.Warning(
                "TRANSLIT_API['URL'] is not set: pages are published without name repairs.",
                id="translit_api.W001",
            )
        )
    if config.trigger not in TRIGGERS:
        messages.append(
            checks.Error(
                f"TRANSLIT_API['TRIGGER'] must be one of {TRIGGERS}, not {config.trigger!r}",
                id="translit_api.E002",
            )
        )
    if config.mode not in MODES:
        messages.append(
            checks.Error(
                f"TRANSLIT_API['MODE'] must be one of {MODES}, not {config.mode!r}",
                id="translit_api.E003",
            )
        )
    if config.webhook_secret:
        from .client import sign

        try:
            sign(config.webhook_secret, "msg_check", 0, b"")
        except ValueError as exc:
            messages.append(checks.Error(str(exc), id="translit_api.E004"))
    return messages
