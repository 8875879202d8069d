"""The HTTP layer: parse the request, call the library, serialise the answer."""

from .app import create_app

__all__ = ["create_app"]
