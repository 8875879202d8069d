"""House styles: each shipped profile's sentences, a custom profile that extends en-US, the
German and French schemes, and the style on the API."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import httpx
import pytest

from translit_api import Lexicon
from translit_api.engine.lexicon import compile_lexicon
from translit_api.engine.pipeline import normalize
from translit_api.glossary.check import check_folder
from translit_api.glossary.interchange import export_pairs
from translit_api.glossary.load import load_glossary
from translit_api.translit import list_schemes, romanize

from conftest import GLOSSARY

SHIPPED = ("en-US", "en-GB", "wikipedia-en", "de", "fr")


def test_shipped_profiles(lexicon: Lexicon) -> None:
    assert set(SHIPPED) <= set(lexicon.styles)
    for style_id in SHIPPED:
        style = lexicon.style(style_id).style
        assert style.samples, style_id
        for sample in style.samples:
            got = normalize(sample.text, lexicon, style=style_id).text
            assert got == sample.expected, (style_id, sample.text)


@pytest.mark.parametrize(
    ("style", "text", "expected"),
    [
        ("en-US", "PVO units over Belgorodskaja oblast and Moskau",
         "air defense units over Belgorod region and Moscow"),
        ("en-GB", "the Minoborony and PVO", "the Defence Ministry and air defence"),
        ("wikipedia-en", "the Shebekinsky rayon and Krasnodarskij kraj",
         "the Shebekinsky District and Krasnodar Krai"),
        ("de", "zwölf BPLA über Kharkov und Moscow", "zwölf Drohnen über Charkiw und Moskau"),
        ("de", "eine BPLA über Kiev", "eine Drohne über Kyjiw"),
        ("de", "Ein BPLA und mit einem BPLA", "Eine Drohne und mit einer Drohne"),
        ("de", "im Valujskij rayon", "im Bezirk Waluiki"),
        ("fr", "plusieurs BPLA près de Kursk", "plusieurs drones près de Koursk"),
        ("fr", "la Uljanovskaja oblast", "la région d'Oulianovsk"),
        ("fr", "à Moscow et Kharkov", "à Moscou et Kharkiv"),
    ],
)  # fmt: skip
def test_sentences(lexicon: Lexicon, style: str, text: str, expected: str) -> None:
    result = normalize(text, lexicon, style=style)
    assert result.text == expected
    assert all(a.style == style for a in result.annotations)
    assert normalize(result.text, lexicon, style=style).text == expected  # idempotent


def test_translated_terms_stay_in_their_style(lexicon: Lexicon) -> None:
    # "drone" is French for BPLA, and an English word: English copy keeps it.
    assert normalize("two drones and a Drohne", lexicon).text == "two drones and a Drohne"
    # A name in another style's spelling is still that place.
    assert normalize("Charkiw and Valouïki", lexicon).text == "Kharkiv and Valuyki"


def test_german_and_french_scheme_samples() -> None:
    ours = [s for s in list_schemes() if s.audience in ("de", "fr")]
    assert {(s.lang, s.name) for s in ours} == {
        ("ru", "de_duden"), ("uk", "de_duden"), ("ru", "fr_transcription")}  # fmt: skip
    for scheme in ours:
        assert len(scheme.samples) >= 8
        for source, expected in scheme.samples:
            assert romanize(source, scheme.lang, scheme.name) == expected


CUSTOM = """\
id: archive
extends: en-US
name: Archive desk
language: en
description: keeps the pre-2019 exonyms and British defence
overrides:
  ua-kyiv: Kiev
  ua-odesa: Odessa
spelling:
  defense: defence
"""


def test_custom_profile_changes_exactly_three_things(tmp_path: Path) -> None:
    root = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, root)
    (root / "styles" / "archive.yaml").write_text(CUSTOM, encoding="utf-8")
    glossary = load_glossary(root)
    lexicon = compile_lexicon(glossary, inflect=False)
    base, archive = lexicon.style("en-US"), lexicon.style("archive")
    differ = {e.id for e in glossary.entries if base.forms[e.id] != archive.forms[e.id]}
    defence = {e.id for e in glossary.entries if "defense" in e.en or "defense" in e.en_plural}
    assert differ == {"ua-kyiv", "ua-odesa"} | defence
    text = "PVO said drones hit Kyiv, Kiev and Odesa; the Shbekinskij district too."
    assert normalize(text, lexicon, style="en-US").text == (
        "air defense said drones hit Kyiv, Kyiv and Odesa; the Shebekino district too."
    )
    assert normalize(text, lexicon, style="archive").text == (
        "air defence said drones hit Kiev, Kiev and Odessa; the Shebekino district too."
    )


def test_profile_problems_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, root)
    bad = root / "styles" / "broken.yaml"
    for body, message in [
        ("id: x\nextends: nowhere\nlanguage: en\n", "extends 'nowhere': no such style"),
        ("id: x\nlanguage: en\nschemes: {ru: klingon}\n", "klingon"),
        ("id: x\nlanguage: en\npatterns: {district: District}\n", "names no field"),
        ("id: x\nlanguage: english\n", "'language' must be like"),
    ]:
        bad.write_text(textwrap.dedent(body), encoding="utf-8")
        _, problems = check_folder(root)
        assert any(message in str(p) for p in problems), (body, [str(p) for p in problems])


def test_export_in_a_style() -> None:
    glossary = load_glossary(GLOSSARY)
    de = {p.source: p.target for p in export_pairs(glossary, "uk", style="de")}
    assert de["Харків"] == "Charkiw" and de["Харкові"] == "Charkiw"
    fr = {p.source: p.target for p in export_pairs(glossary, "ru", style="fr")}
    assert fr["Курск"] == "Koursk" and fr["БПЛА"] == "drone" and fr["Москва"] == "Moscou"


def test_styles_over_http(client: httpx.Client) -> None:
    listing = client.get("/styles").json()
    assert listing["default"] == "en-US"
    assert {s["id"] for s in listing["styles"]} >= set(SHIPPED)
    de = next(s for s in listing["styles"] if s["id"] == "de")
    assert de["language"] == "de" and de["schemes"]["ru"] == "de_duden"
    body = client.post("/normalize", json={"text": "drei BPLA über Kharkov", "style": "de"}).json()
    assert body["text"] == "drei Drohnen über Charkiw"
    assert body["style"] == "de" and {a["style"] for a in body["annotations"]} == {"de"}
    unknown = client.post("/normalize", json={"text": "x", "style": "klingon"})
    assert unknown.status_code == 422
    assert unknown.json()["details"][0]["field"] == "style"


def test_transliterate_in_a_style(client: httpx.Client) -> None:
    body = client.post(
        "/transliterate",
        json={"text": "Харьков и Шебекино", "lang": "ru", "style": "de", "use_glossary": True},
    ).json()
    assert body["text"] == "Charkiw i Schebekino" and body["scheme"] == "de_duden"
    plain = client.post("/transliterate", json={"text": "Шебекино", "style": "fr"}).json()
    assert plain["text"] == "Chebekino"
