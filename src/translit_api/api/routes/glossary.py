"""GET /glossary (search the loaded glossary), GET /glossary/{id} (one entry and every
surface form the engine generated for it), GET /styles (the house style profiles)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import HTTPException

from ...glossary.model import Category, Entry
from ..responses import JSONResponse
from ..schemas import ErrorBody, GlossaryEntryOut, GlossaryPage, StylesResponse

router = APIRouter(tags=["glossary"])


def entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "category": entry.category.value,
        "en": entry.en,
        "plural": entry.en_plural if entry.category.is_countable else None,
        "ru": list(entry.ru),
        "uk": list(entry.uk),
        "variants": [v.form for v in entry.variants],
        "centre": entry.centre,
        "parent": entry.parent,
        "action": entry.action.value,
        "note": entry.note,
        "expansion": entry.expansion,
        "country": entry.country,
        "disputed": entry.disputed,
        "geonames": entry.geonames,
        "wikidata": entry.wikidata,
        "source": entry.source,
        "priority": entry.priority,
        "file": entry.file,
        "line": entry.line,
    }


@router.get("/glossary", response_model=GlossaryPage, summary="Search the loaded glossary")
def list_entries(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="text in any form")] = None,
    category: Category | None = None,
    country: Annotated[str | None, Query(pattern="^(RU|UA)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    lexicon = request.app.state.store.current()
    pool = lexicon.search(q) if q else lexicon.glossary.entries
    found = [
        e
        for e in pool
        if (category is None or e.category is category)
        and (country is None or e.country == country)
    ]
    return JSONResponse(
        {
            "total": len(found),
            "limit": limit,
            "offset": offset,
            "glossary_version": lexicon.version,
            "entries": [entry_dict(e) for e in found[offset : offset + limit]],
        }
    )


@router.get(
    "/glossary/{entry_id}",
    response_model=GlossaryEntryOut,
    responses={404: {"model": ErrorBody}},
    summary="One entry with every surface form generated for it",
)
def get_entry(entry_id: str, request: Request) -> JSONResponse:
    lexicon = request.app.state.store.current()
    entry = lexicon.glossary.by_id.get(entry_id)
    if entry is None:
        raise HTTPException(404, f"no glossary entry {entry_id!r}")
    forms: dict[str, list[str]] = {}
    for form in lexicon.forms_of(entry_id):
        forms.setdefault(form.method.value, []).append(form.text)
    return JSONResponse(
        {
            **entry_dict(entry),
            "forms": {method: sorted(set(texts)) for method, texts in forms.items()},
            "glossary_version": lexicon.version,
        }
    )


@router.get("/styles", response_model=StylesResponse, summary="The house style profiles")
def list_styles(request: Request) -> JSONResponse:
    lexicon = request.app.state.store.current()
    return JSONResponse(
        {
            "default": request.app.state.settings.style,
            "styles": [
                {
                    "id": sf.style.id,
                    "name": sf.style.name,
                    "language": sf.style.language,
                    "description": sf.style.description,
                    "extends": sf.style.extends,
                    "schemes": sf.style.schemes,
                }
                for sf in sorted(lexicon.styles.values(), key=lambda sf: sf.style.id)
            ],
        }
    )
