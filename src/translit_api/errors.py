"""The library's exceptions. The HTTP layer maps each to one status in ``api/errors.py``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GlossaryInvalid",
    "InputTooLarge",
    "Problem",
    "RequestTimedOut",
    "TooManyAnnotations",
    "TranslitError",
    "UnknownOption",
]


class TranslitError(Exception):
    """Base class of every error this library raises on purpose."""


class InputTooLarge(TranslitError):
    def __init__(self, size: int, limit: int, unit: str = "characters") -> None:
        super().__init__(f"input has {size} {unit}; the limit is {limit}")
        self.size = size
        self.limit = limit
        self.unit = unit


class TooManyAnnotations(TranslitError):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            f"the text needs {count} annotations; the limit is {limit} "
            "(send it in smaller parts, or raise TRANSLIT_MAX_ANNOTATIONS)"
        )
        self.count = count
        self.limit = limit


class RequestTimedOut(TranslitError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"normalizing took longer than {seconds:g} s (TRANSLIT_REQUEST_TIMEOUT)")
        self.seconds = seconds


class UnknownOption(TranslitError):
    """A request named a style, scheme or language that does not exist."""

    def __init__(self, field: str, value: str, choices: list[str]) -> None:
        super().__init__(f"unknown {field} {value!r}; choose one of: {', '.join(choices)}")
        self.field = field
        self.value = value
        self.choices = choices


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about the glossary data, located by file and line."""

    file: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


class GlossaryInvalid(TranslitError):
    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        head = "; ".join(str(p) for p in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"glossary has {len(errors)} error(s): {head}{more}")
        self.problems = problems
