"""Render a NormalizeResult for its reader: the JSON document of the API and the CLI."""

from __future__ import annotations

from typing import Any

from .engine.pipeline import Annotation, NormalizeResult

__all__ = ["annotation_dict", "result_dict"]


def annotation_dict(a: Annotation) -> dict[str, Any]:
    return {
        "start": a.start,
        "end": a.end,
        "original": a.original,
        "canonical": a.canonical,
        "replacement": a.replacement,
        "out_start": a.out_start,
        "out_end": a.out_end,
        "entry_id": a.entry_id,
        "category": a.category,
        "method": a.method,
        "confidence": a.confidence,
        "applied": a.applied,
        "note": a.note,
        "alternatives": list(a.alternatives),
    }


def result_dict(result: NormalizeResult) -> dict[str, Any]:
    return {
        "text": result.text,
        "annotations": [annotation_dict(a) for a in result.annotations],
        "glossary_version": result.glossary_version,
        "mode": result.mode.value,
        "script": result.script,
    }
