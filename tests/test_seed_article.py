"""The seed article through the real server: every mangled term fixed, nothing else touched."""

from __future__ import annotations

import httpx

from invariants import assert_consistent


def test_seed_article_over_http(client: httpx.Client, seed_text: str) -> None:
    response = client.post("/normalize", json={"text": seed_text})
    assert response.status_code == 200
    body = response.json()
    assert_consistent(seed_text, body)
    out = body["text"]

    assert "Shbekinskij" not in out
    assert out.count("the Shebekino district") == 2
    assert "three UAVs (Unmanned Aerial Vehicles)" in out
    assert "BPLA" not in out
    # Names already in house style and ordinary words are untouched.
    for kept in ("Belgorod region of Russia", "Valuyki districts", "town of Valuyki",
                 "Vyacheslav Gladkov", "FPV (First-Person View)", "‘BARS-Belgorod’",
                 "‘Orlan’ unit", "resident of Valuyki"):  # fmt: skip
        assert kept in out, kept

    applied = [a for a in body["annotations"] if a["applied"]]
    assert sorted(a["original"] for a in applied) == [
        "BPLAs",
        "Shbekinskij district",
        "Shbekinskij district",
    ]
    for a in applied:
        assert a["entry_id"] and a["category"] and a["method"] in {"fuzzy", "variant", "exact"}
    # The only other difference between input and output is those spans.
    assert len(out) == len(seed_text) + sum(
        len(a["replacement"]) - len(a["original"]) for a in applied
    )


def test_seed_article_suggest_mode(client: httpx.Client, seed_text: str) -> None:
    body = client.post("/normalize", json={"text": seed_text, "mode": "suggest"}).json()
    assert body["text"] == seed_text
    assert body["mode"] == "suggest"
    assert_consistent(seed_text, body)
    proposals = {a["original"]: a["replacement"] for a in body["annotations"]}
    assert proposals["Shbekinskij district"] == "Shebekino district"
    assert proposals["BPLAs"] == "UAVs"
    assert not any(a["applied"] for a in body["annotations"])
