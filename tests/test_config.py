"""Settings come from TRANSLIT_* variables, read in one place, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from translit_api.config import Settings, load_settings


def test_defaults() -> None:
    settings = load_settings({"HOME": "/home/editor"})
    assert settings.max_chars == 1_000_000 and settings.style == "en-US"
    assert settings.api_keys == () and settings.reload_interval == 0
    assert settings.cache_dir == Path("/home/editor/.cache/translit-api")
    assert settings.glossary_dir == Settings().glossary_dir


def test_values_and_lists() -> None:
    settings = load_settings(
        {
            "TRANSLIT_API_KEYS": " a, b ,,c ",
            "TRANSLIT_MAX_CHARS": "500",
            "TRANSLIT_CACHE_DIR": "off",
            "TRANSLIT_STYLE": "de",
            "TRANSLIT_REQUEST_TIMEOUT": "2.5",
            "TRANSLIT_FUZZY": "false",
            "TRANSLIT_LOG_LEVEL": "debug",
        }
    )
    assert settings.api_keys == ("a", "b", "c")
    assert (settings.max_chars, settings.cache_dir, settings.style) == (500, None, "de")
    assert settings.request_timeout == 2.5 and settings.fuzzy is False
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize("value", ["lots", "-1", "0"])
def test_bad_numbers_name_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="TRANSLIT_MAX_CHARS"):
        load_settings({"TRANSLIT_MAX_CHARS": value})
