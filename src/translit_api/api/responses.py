"""A JSON response rendered by orjson, falling back to the standard library for the rare
string orjson refuses (a lone surrogate, which JSON input can carry as an escape)."""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.responses import JSONResponse as _StarletteJSON

__all__ = ["JSONResponse", "dumps"]


def dumps(content: Any) -> bytes:
    try:
        return orjson.dumps(content)
    except TypeError:  # orjson.JSONEncodeError: str with a lone surrogate
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


class JSONResponse(_StarletteJSON):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)
