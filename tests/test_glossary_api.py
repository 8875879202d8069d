"""GET /glossary and GET /glossary/{id} on the real server."""

from __future__ import annotations

import httpx


def test_search_by_any_form(client: httpx.Client) -> None:
    for query in ("Kharkov", "Харьков", "kharkiv", "Харків"):
        page = client.get("/glossary", params={"q": query}).json()
        assert "ua-kharkiv" in {e["id"] for e in page["entries"]}, query


def test_filters_and_paging(client: httpx.Client) -> None:
    page = client.get("/glossary", params={"category": "federal_subject", "limit": 10}).json()
    assert page["total"] >= 89 and len(page["entries"]) == 10
    assert {e["category"] for e in page["entries"]} == {"federal_subject"}
    second = client.get(
        "/glossary", params={"category": "federal_subject", "limit": 10, "offset": 10}
    ).json()
    assert not {e["id"] for e in page["entries"]} & {e["id"] for e in second["entries"]}
    ua = client.get("/glossary", params={"country": "UA", "category": "city"}).json()
    assert ua["total"] > 100 and all(e["country"] == "UA" for e in ua["entries"])


def test_bad_filters_are_422(client: httpx.Client) -> None:
    for params in ({"category": "planet"}, {"limit": 0}, {"limit": 501}, {"country": "US"},
                   {"offset": -1}):  # fmt: skip
        response = client.get("/glossary", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"] == "invalid_request"


def test_one_entry_with_generated_forms(client: httpx.Client) -> None:
    entry = client.get("/glossary/ru-belgorod-shebekino-district").json()
    assert entry["en"] == "Shebekino district"
    assert entry["centre"] and entry["parent"] and entry["file"].endswith(".yaml")
    assert "Shebekinskij rayon" in entry["forms"]["variant"]
    assert "Шебекинском районе" in entry["forms"]["inflected"]
    assert entry["glossary_version"] == client.get("/readyz").json()["glossary_version"]


def test_unknown_entry_is_404(client: httpx.Client) -> None:
    response = client.get("/glossary/no-such-entry")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
