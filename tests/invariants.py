"""Checks every normalize result must pass, shared by the example and property tests."""

from __future__ import annotations

from typing import Any


def rebuild(text: str, annotations: list[dict[str, Any]]) -> str:
    """Apply the applied annotations to the input; the result must equal the output."""
    out, pos = [], 0
    for a in sorted(annotations, key=lambda a: a["start"]):
        assert a["start"] >= pos, "annotations overlap"
        out.append(text[pos : a["start"]])
        out.append(a["replacement"] if a["applied"] else a["original"])
        pos = a["end"]
    out.append(text[pos:])
    return "".join(out)


def assert_consistent(text: str, result: dict[str, Any]) -> None:
    output = result["text"]
    annotations = result["annotations"]
    assert rebuild(text, annotations) == output
    for a in annotations:
        assert text[a["start"] : a["end"]] == a["original"]
        held = a["replacement"] if a["applied"] else a["original"]
        assert output[a["out_start"] : a["out_end"]] == held
        assert 0 <= a["confidence"] <= 1
    # Outside the annotated spans, every character is the input's.
    pos = out_pos = 0
    for a in sorted(annotations, key=lambda a: a["start"]):
        gap = a["start"] - pos
        assert output[out_pos : out_pos + gap] == text[pos : a["start"]]
        out_pos = a["out_end"]
        pos = a["end"]
    assert output[out_pos:] == text[pos:]
